"""The national datasets of a national workspace's portal, read with the clients a
user has: ckanapi against a running server (CKAN Action API), rdflib on the DCAT
catalogue, frictionless on a data package — each province's indicator values are the
rows of `indicator-values` whose unit is the province's."""

from __future__ import annotations

import io

import httpx
import pandas as pd
import pytest

from hatang.store import Workspace
from hatang.views.province import narrow, province_scope
from tests.web.conftest import LiveServer

ckanapi = pytest.importorskip("ckanapi")
rdflib = pytest.importorskip("rdflib")

NATIONAL = [
    "province-indicators",
    "indicator-values-11",
    "indicator-values-12",
    "indicator-values-51",
]


@pytest.fixture(scope="module")
def server(country: Workspace):
    with LiveServer(country) as s:
        yield s


def _csv(server, name: str) -> pd.DataFrame:
    r = httpx.get(f"{server.url}/dataset/{name}/{name}.csv", timeout=60)
    assert r.status_code == 200
    return pd.read_csv(io.StringIO(r.content.decode("utf-8-sig")), dtype=str, keep_default_na=False)


def test_ckanapi_lists_and_downloads_the_national_datasets(server) -> None:
    with ckanapi.RemoteCKAN(server.url) as ckan:
        names = ckan.action.package_list()
        assert set(NATIONAL) <= set(names)
        assert "indicator-values-01" not in names  # Hà Nội has no data in this country
        pkg = ckan.action.package_show(id="indicator-values-12")
        assert "Lai Châu" in pkg["title"]
        assert {t["name"] for t in pkg["tags"]} >= {"province", "12"}
        for res in pkg["resources"]:
            assert httpx.get(res["url"], timeout=60).status_code == 200


def test_each_province_s_rows_are_its_units_rows_of_the_indicator_values(server, country) -> None:
    every = _csv(server, "indicator-values")
    with country.connect(read_only=True) as con:
        units = con.execute("SELECT * FROM units").df()
        crosswalk = con.execute("SELECT * FROM crosswalk").df()
    for code in ("11", "12", "51"):
        scope = province_scope(code, units, crosswalk)
        mine = _csv(server, f"indicator-values-{code}")
        expected = narrow({"indicator_values": every}, scope)["indicator_values"]
        assert len(mine) == len(expected) > 0
        pd.testing.assert_frame_equal(mine.reset_index(drop=True), expected, check_dtype=False)
    national = _csv(server, "province-indicators")  # every province of the 2025 map
    assert set(national["unit_code"]) == set(
        units[(units["map"] == "2025") & (units["level"] == "province")]["code"]
    )
    at = every[(every["map"] == "2025") & (every["level"] == "province")].reset_index(drop=True)
    pd.testing.assert_frame_equal(national, at, check_dtype=False)


def test_the_dcat_catalogue_describes_them(server) -> None:
    g = rdflib.Graph().parse(data=httpx.get(f"{server.url}/catalog.ttl").text, format="turtle")
    dcat = rdflib.Namespace("http://www.w3.org/ns/dcat#")
    dct = rdflib.Namespace("http://purl.org/dc/terms/")
    ids = {
        str(o)
        for s in g.subjects(rdflib.RDF.type, dcat.Dataset)
        for o in g.objects(s, dct.identifier)
    }
    assert set(NATIONAL) <= ids


def test_a_province_s_data_package_validates_with_frictionless(server, tmp_path) -> None:
    frictionless = pytest.importorskip("frictionless")
    name = "indicator-values-51"
    pkg = httpx.get(f"{server.url}/dataset/{name}/datapackage.json").json()
    for res in pkg["resources"]:
        if res["path"].endswith(".csv"):
            (tmp_path / res["path"]).write_bytes(
                httpx.get(f"{server.url}/dataset/{name}/{res['path']}", timeout=60).content
            )
    import json

    (tmp_path / "datapackage.json").write_text(json.dumps(pkg), encoding="utf-8")
    pkg["resources"] = [r for r in pkg["resources"] if r["path"].endswith(".csv")]
    (tmp_path / "datapackage.json").write_text(json.dumps(pkg), encoding="utf-8")
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]
