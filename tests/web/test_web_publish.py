"""The published datasets: derivations (golden values from the fixture), renderers,
Frictionless validation of every data package, DCAT parsed by rdflib, the privacy rule."""

from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hatang.publish import derive
from hatang.publish.registry import DATASETS, all_datasets
from hatang.publish.render import conform, formats_of


def _csv(client, name):
    return pd.read_csv(
        io.StringIO(client.get(f"/dataset/{name}/{name}.csv").content.decode("utf-8-sig")),
        dtype=str,
        keep_default_na=False,
    )


def _resources(client, name):
    return [r["path"] for r in client.get(f"/dataset/{name}/datapackage.json").json()["resources"]]


def test_sites_shared_per_period(client):
    s = _csv(client, "sites")
    by = s.groupby("period")["shared"].agg(lambda x: (x == "true").sum()).to_dict()
    n = s.groupby("period").size().to_dict()
    # hand-computed in hatang/testing.py: 2/5, 3/6, 3/6, 3/7
    assert n == {"2024Q4": 5, "2025Q2": 6, "2025Q3": 6, "2025Q4": 7}
    assert by == {"2024Q4": 2, "2025Q2": 3, "2025Q3": 3, "2025Q4": 3}
    s1 = s[(s["period"] == "2025Q4") & (s["site_id"] == "S1")].iloc[0]
    assert s1["operators"] == "viettel;vnpt" and s1["operator_count"] == "2"


def test_village_services_joined_with_names_and_communes(client):
    v = _csv(client, "village-services")
    v5 = v[(v["period"] == "2024Q4") & (v["village_code"] == "V5")].iloc[0]
    assert v5["mobile_broadband"] == "false" and v5["fixed_broadband"] == "false"
    assert v5["households"] == "35" and v5["population"] == "150"
    assert len(v) == 24  # 6 villages × 4 periods


def test_dead_spots_have_status_and_no_free_text(client):
    d = _csv(client, "dead-spots")
    assert "description" not in d.columns
    assert set(d["status"]) <= {"open", "resolved"}
    assert (d["status"] == "open").sum() == (d["resolved_on"] == "").sum()


def test_no_personal_data_is_published(web_ws, client):
    """Raw speed tests never appear: no dataset carries a test id, a time or a single test."""
    for ds in all_datasets():
        names = set(ds.field_names)
        assert not names & {"test_id", "time", "respondent_id", "rsrp_dbm", "description"}, ds.name
    s = _csv(client, "speed-aggregates")
    assert s.empty or (s["tests"].astype(int) >= derive.MIN_GROUP_TESTS).all()
    # the fixture's groups all hold fewer than 10 tests: all suppressed
    assert s.empty


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b"]),
            st.sampled_from(["viettel", "vnpt"]),
            st.floats(1000, 200000),
        ),
        min_size=0,
        max_size=60,
    )
)
def test_speed_aggregates_suppress_small_groups_and_keep_medians(tests):
    communes = pd.DataFrame(
        {
            "map": ["2025", "2025"],
            "code": ["a", "b"],
            "name": ["A", "B"],
            "level": ["commune"] * 2,
            "parent_code": ["P", "P"],
            "population": [1, 1],
            "lon": [106.0, 107.0],
            "lat": [20.0, 20.0],
            "geometry": [None, None],
        }
    )
    frame = pd.DataFrame(
        {
            "test_id": [str(i) for i in range(len(tests))],
            "time": pd.Timestamp("2025-08-01"),
            "period": "2025Q3",
            "lon": [106.0 if c == "a" else 107.0 for c, _, _ in tests],
            "lat": 20.0,
            "operator": [o for _, o, _ in tests],
            "kind": "mobile",
            "download_kbps": [d for _, _, d in tests],
            "upload_kbps": 1000.0,
            "latency_ms": 20.0,
            "rsrp_dbm": None,
            "import_id": 1,
        }
    )
    out = derive.speed_aggregates({"speed_tests": frame, "units": communes}, derive.Context("2025"))
    assert (out["tests"] >= derive.MIN_GROUP_TESTS).all()
    for _, row in out.iterrows():
        lon = 106.0 if row["commune_code"] == "a" else 107.0
        sub = frame[(frame["lon"] == lon) & (frame["operator"] == row["operator"])]
        assert row["tests"] == len(sub)
        assert row["download_median_mbps"] == pytest.approx(
            round(float(np.median(sub["download_kbps"])) / 1000, 2), abs=0.006
        )
    expected_groups = sum(
        1
        for _, g in frame.groupby([frame["lon"], frame["operator"]])
        if len(g) >= derive.MIN_GROUP_TESTS
    )
    assert len(out) == expected_groups


def test_assign_communes_uses_polygons_then_nearest_centroid():
    communes = pd.DataFrame(
        {
            "code": ["W", "E"],
            "lon": [0.5, 1.5],
            "lat": [0.5, 0.5],
            "geometry": ["POLYGON ((0 0, 1 0, 1 1, 0 1, 0 0))", None],
        }
    )
    got = derive.assign_communes(np.array([0.9, 1.05, 3.0]), np.array([0.5, 0.5, 0.5]), communes)
    # 0.9 inside W; 1.05 outside W's polygon, nearest centroid E; 3.0 nearest E
    assert got.tolist() == ["W", "E", "E"]


@pytest.mark.parametrize("ds", DATASETS, ids=lambda d: d.name)
def test_every_format_downloads_and_round_trips(client, ds):
    csv = _csv(client, ds.name)
    assert list(csv.columns) == ds.field_names
    if "parquet" in formats_of(ds):
        pq = pd.read_parquet(
            io.BytesIO(client.get(f"/dataset/{ds.name}/{ds.name}.parquet").content)
        )
        assert list(pq.columns) == ds.field_names
        assert len(pq) == len(csv)
    files = [
        r["path"] for r in client.get(f"/dataset/{ds.name}/datapackage.json").json()["resources"]
    ]
    for name in files:
        assert client.get(f"/dataset/{ds.name}/{name}").status_code == 200, name
    if ds.spatial:
        geojsons = [f for f in files if f.endswith(".geojson")]
        assert geojsons and f"{ds.name}.gpkg" in files
        for name in geojsons:  # one geometry type per file, every feature has one
            gj = client.get(f"/dataset/{ds.name}/{name}").json()
            assert gj["type"] == "FeatureCollection" and " " not in gj["name"]
            assert len({f["geometry"]["type"] for f in gj["features"]}) == 1, name
    assert client.get(f"/dataset/{ds.name}/{ds.name}.exe").status_code == 404


def test_admin_units_split_by_map_and_level(client):
    desc = client.get("/dataset/admin-units/datapackage.json").json()
    layers = sorted(r["path"] for r in desc["resources"] if r["path"].endswith(".geojson"))
    assert "admin-units-2025-commune.geojson" in layers
    assert "admin-units-2024-commune.geojson" in layers
    assert "admin-units.geojson" not in layers
    gj = client.get("/dataset/admin-units/admin-units-2025-commune.geojson").json()
    assert gj["name"] == "admin_units_2025_commune"
    n1 = next(f for f in gj["features"] if f["properties"]["code"] == "N1")
    assert n1["geometry"]["type"] == "MultiPolygon"
    assert "geometry" not in n1["properties"]
    assert {f["properties"]["map"] for f in gj["features"]} == {"2025"}
    assert {f["properties"]["level"] for f in gj["features"]} == {"commune"}
    villages = client.get("/dataset/admin-units/admin-units-2025-village.geojson").json()
    assert {f["geometry"]["type"] for f in villages["features"]} == {"Point"}


@pytest.mark.parametrize("ds", DATASETS, ids=lambda d: d.name)
def test_every_datapackage_validates_with_frictionless(client, ds, tmp_path):
    import frictionless

    desc = client.get(f"/dataset/{ds.name}/datapackage.json").json()
    assert desc["synthetic"] is True and "synthetic" in desc["keywords"]
    (tmp_path / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")
    for res in desc["resources"]:
        (tmp_path / res["path"]).write_bytes(
            client.get(f"/dataset/{ds.name}/{res['path']}").content
        )
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_frictionless_catches_a_broken_key(tmp_path):
    """The validation above can fail: a duplicate primary key is reported."""
    import frictionless

    from hatang.publish.registry import get
    from hatang.publish.render import datapackage, to_csv

    ds = get("public-services")
    frame = conform(
        pd.DataFrame(
            {
                "period": ["2025Q3", "2025Q3"],
                "code": ["x", "x"],
                "name": ["a", "b"],
                "agency": [None, None],
                "level": ["full", "full"],
                "on_national_portal": [True, False],
            }
        ),
        ds,
    )
    (tmp_path / "public-services.csv").write_bytes(to_csv(frame, ds))
    desc = datapackage(ds, synthetic=False, publisher="p", modified="2025-01-01T00:00:00", rows=2)
    (tmp_path / "datapackage.json").write_text(json.dumps(desc), encoding="utf-8")
    assert not frictionless.validate(str(tmp_path / "datapackage.json")).valid
