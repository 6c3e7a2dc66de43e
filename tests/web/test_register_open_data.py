"""The dead-spot register as open data: its cases (public fields only) and its figures
in the CKAN API, the DCAT catalogue and Frictionless data packages; the figures are the
hand-computed ones of the fixture's register (hatang.testing)."""

from __future__ import annotations

import io
import json

import pandas as pd
import pytest

NAMES = ("dead-spot-register", "dead-spot-register-figures")


def _csv(client, name: str) -> pd.DataFrame:
    body = client.get(f"/dataset/{name}/{name}.csv").content.decode("utf-8-sig")
    return pd.read_csv(io.StringIO(body), dtype=str, keep_default_na=False)


def test_listed_in_ckan_and_dcat(client):
    names = client.get("/api/3/action/package_list").json()["result"]
    assert set(NAMES) <= set(names)
    pkg = client.get("/api/3/action/package_show", params={"id": "dead-spot-register"}).json()
    assert (
        pkg["success"]
        and pkg["result"]["title"] == "Sổ theo dõi điểm lõm sóng / Dead-spot register"
    )
    catalog = client.get("/catalog.jsonld").text
    assert all(n in catalog for n in NAMES)


def test_cases_carry_no_personal_data(client):
    cases = _csv(client, "dead-spot-register")
    assert list(cases["case_id"]) == ["C00001", "C00002", "C00003", "C00004", "C00005"]
    assert not set(cases.columns) & {
        "description",
        "contact",
        "actor",
        "note",
        "evidence",
        "source_ref",
    }
    c2 = cases.set_index("case_id").loc["C00002"]
    assert (c2["state"], c2["fixed_on"], c2["village_name"]) == ("closed", "2025-11-05", "Thôn Ba")
    assert (cases["synthetic"] == "true").all()


def test_figures_hand_computed(client):
    f = _csv(client, "dead-spot-register-figures")
    whole = f[
        (f["period"] == "2025Q4") & (f["map"] == "2025") & (f["commune_code"] == "*")
    ].set_index("operator")
    row = whole.loc["all"]
    assert (row["open_cases"], row["overdue_cases"], row["fixed_cases"], row["verified_cases"]) == (
        "3",
        "2",
        "1",
        "1",
    )
    assert (row["median_days_to_fix"], row["people_open"]) == ("127", "320")
    assert (
        whole.loc["viettel", "open_cases"] == "2" and whole.loc["viettel", "overdue_cases"] == "2"
    )
    assert whole.loc["vnpt", "open_cases"] == "0" and whole.loc["vnpt", "verified_cases"] == "1"
    q3 = f[(f["period"] == "2025Q3") & (f["map"] == "2024") & (f["operator"] == "all")].set_index(
        "commune_code"
    )
    assert q3.loc["C3", "open_cases"] == "1" and q3.loc["C2", "open_cases"] == "1"  # V5, V3
    assert set(f["period"]) == {"2025Q3", "2025Q4"}  # the quarters the register has run


@pytest.mark.parametrize("name", NAMES)
def test_datapackages_validate_with_frictionless(client, name, tmp_path):
    import frictionless

    desc = client.get(f"/dataset/{name}/datapackage.json").json()
    (tmp_path / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")
    for res in desc["resources"]:
        (tmp_path / res["path"]).write_bytes(client.get(f"/dataset/{name}/{res['path']}").content)
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_cases_as_geojson_one_file_per_layer(client):
    """The fixture's cases have no outline: all five in the point layer, none in the
    polygon one (tests/publish/test_register_layers.py has both)."""
    gj = client.get("/dataset/dead-spot-register/dead-spot-register-point.geojson").json()
    assert gj["type"] == "FeatureCollection" and len(gj["features"]) == 5
    assert {f["geometry"]["type"] for f in gj["features"]} == {"Point"}
    gj = client.get("/dataset/dead-spot-register/dead-spot-register-polygon.geojson").json()
    assert gj["type"] == "FeatureCollection" and gj["features"] == []
