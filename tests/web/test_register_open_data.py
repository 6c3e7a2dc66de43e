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


#: published figure → catalogue indicator (docs/indicators.md, "Per operator")
SAME = {
    "open_cases": "register_open_cases",
    "overdue_cases": "register_overdue_cases",
    "fixed_cases": "register_fixed_cases",
    "verified_cases": "register_verified_cases",
    "median_days_to_fix": "register_days_to_fix",
    "people_open": "register_people_open",
}


def test_the_catalogue_per_operator_is_the_published_figures(client, web_ws):
    """Every per-operator figure of the published dataset (each quarter, map, commune
    and the province) is the catalogue's `<indicator>_<operator>` value there."""
    f = _csv(client, "dead-spot-register-figures")
    mine = f[f["operator"] != "all"]
    with web_ws.connect(read_only=True) as con:
        iv = con.execute(
            "SELECT indicator, map, unit_code, period, value FROM indicator_values "
            "WHERE indicator LIKE 'register_%'"
        ).df()
    got = iv.set_index(["indicator", "map", "unit_code", "period"])["value"]
    province = {"2025": "P2", "2024": "P1"}
    checked = 0
    for r in mine.to_dict("records"):
        unit = province[r["map"]] if r["commune_code"] == "*" else r["commune_code"]
        for column, base in SAME.items():
            key = (f"{base}_{r['operator']}", r["map"], unit, r["period"])
            expected = float(r[column]) if r[column] else float("nan")
            if key not in got:  # no case of the operator's counted anywhere: province rows only
                top = got[(key[0], r["map"], province[r["map"]], r["period"])]
                assert expected in (0.0,) or expected != expected, (r, column)
                assert top == 0 or top != top, (r, column)
                continue
            value = got[key]
            assert (value == expected) or (value != value and expected != expected), (r, column)
            checked += 1
    assert checked >= 6 * 2 * 2 * 2  # viettel and vnpt, two quarters, two maps, the province


def test_the_overview_shows_the_register_per_operator(client):
    """End of 2025Q4: Viettel 2 open, 2 overdue, none fixed, 320 people; VNPT's C00002
    fixed and verified in the quarter after 127 days (hatang.testing's register)."""
    import re

    page = client.get("/").text  # the default language: no ?lang=, whose cookie would stay
    table = page.split('data-testid="register-by-operator"')[1].split("</table>")[0]
    assert "2025Q4" in table
    rows = {
        op: re.findall(r'<td class="num">([^<]*)</td>', body)
        for op, body in re.findall(r'<tr data-operator="(\w+)">(.*?)</tr>', table)
    }
    assert list(rows) == ["viettel", "vnpt"]
    assert rows["viettel"][:4] + rows["viettel"][5:] == ["2", "2", "0", "0", "320"]
    assert rows["vnpt"] == ["0", "0", "1", "1", "127", "0"]
    assert 'href="/register?operator=viettel"' in table
