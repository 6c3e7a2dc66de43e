"""A 2024 commune placed only at the crosswalk's approximate centroid, shared with the
other communes merged into the same 2025 commune, gets no figure from located points:
the nearest centroid put all the group's points into one of them. District and
province values stay as they are; a commune with a place of its own keeps its value.

Hand-computed: 2024 communes A and B merged whole into N1 (both at N1's centroid), C
alone into N2. Three mobile tests near N1 (10, 20, 30 Mbit/s), two near N2 (40, 50);
two sites in N1 and one in N2 in 2025Q3, one in N2 only in 2025Q4."""

from __future__ import annotations

import pandas as pd
import pytest

from hatang.indicators.catalogue import load_catalogue
from hatang.indicators.compute import compute_frames
from hatang.indicators.engine import NOT_TOLD_APART
from hatang.model.admin import CROSSWALK_CENTROID
from hatang.model.schema import TABLES

N1, N2 = (106.0, 20.0), (106.2, 20.0)


def _units(source: str) -> pd.DataFrame:
    rows = [
        ("2025", "P5", "province", None, None, None, None),
        ("2025", "N1", "commune", "P5", *N1, None),
        ("2025", "N2", "commune", "P5", *N2, None),
        ("2024", "P4", "province", None, None, None, None),
        ("2024", "D4", "district", "P4", None, None, None),
        ("2024", "A", "commune", "D4", *N1, source),
        ("2024", "B", "commune", "D4", *N1, source),
        ("2024", "C", "commune", "D4", *N2, source),
    ]
    u = pd.DataFrame(rows, columns=["map", "code", "level", "parent_code", "lon", "lat", "gs"])
    u = u.assign(name=u["code"], population=1000, households=250, adults=700, source="test")
    u["geometry_source"] = u.pop("gs")
    return u.reindex(columns=TABLES["units"].column_names)


def _frames(source: str) -> dict[str, pd.DataFrame]:
    crosswalk = pd.DataFrame(
        {"old_code": ["A", "B", "C", "P4"], "new_code": ["N1", "N1", "N2", "P5"], "share": 1.0}
    ).reindex(columns=TABLES["crosswalk"].column_names)
    at = [N1, N1, N1, N2, N2]
    tests = pd.DataFrame(
        {
            "test_id": [f"t{i}" for i in range(5)],
            "period": "2025Q3",
            "lon": [p[0] + 0.001 * i for i, p in enumerate(at)],
            "lat": [p[1] for p in at],
            "operator": "viettel",
            "kind": "mobile",
            "download_kbps": [10_000.0, 20_000.0, 30_000.0, 40_000.0, 50_000.0],
            "import_id": 1,
        }
    ).reindex(columns=TABLES["speed_tests"].column_names)
    sites = pd.DataFrame(
        {
            "period": ["2025Q3", "2025Q3", "2025Q3", "2025Q4"],
            "site_id": ["s1", "s2", "s3", "s3"],
            "lon": [N1[0], N1[0] + 0.002, N2[0], N2[0]],
            "lat": [N1[1], N1[1], N2[1], N2[1]],
            "commune_code": ["N1", "N1", "N2", "N2"],
            "import_id": 2,
        }
    ).reindex(columns=TABLES["sites"].column_names)
    return {"units": _units(source), "crosswalk": crosswalk, "speed_tests": tests, "sites": sites}


def _values(source: str) -> pd.DataFrame:
    cat = load_catalogue()
    v = compute_frames(
        _frames(source), [cat["mobile_download_speed"], cat["sites_count"]], min_speed_tests=2
    )
    return v.set_index(["indicator", "map", "unit_code", "period"]).sort_index()


@pytest.fixture(scope="module")
def approximate() -> pd.DataFrame:
    return _values(CROSSWALK_CENTROID)


def test_a_shared_approximate_place_gives_no_commune_figure(approximate: pd.DataFrame) -> None:
    for ind in ("mobile_download_speed", "sites_count"):
        for code in ("A", "B"):
            row = approximate.loc[(ind, "2024", code, "2025Q3")]
            assert pd.isna(row["value"]) and pd.isna(row["numerator"]), (ind, code)
            assert pd.isna(row["sample_size"]) and not row["reliable"]
            assert row["no_data_reason"] == NOT_TOLD_APART
            assert row["method"] == "none"
    # C has a place of its own (the only commune merged into N2): its figure stands
    assert approximate.loc[("mobile_download_speed", "2024", "C", "2025Q3"), "value"] == 45.0
    assert approximate.loc[("sites_count", "2024", "C", "2025Q3"), "value"] == 1.0
    # no point was located into A or B in 2025Q4: the register's 0 is true for both
    for code in ("A", "B"):
        row = approximate.loc[("sites_count", "2024", code, "2025Q4")]
        assert row["value"] == 0.0 and pd.isna(row["no_data_reason"])


def test_district_and_province_values_stay(approximate: pd.DataFrame) -> None:
    speed = approximate.loc["mobile_download_speed"]
    sites = approximate.loc["sites_count"]
    for code in ("D4", "P4"):  # the median of all five tests; all three sites
        assert speed.loc[("2024", code, "2025Q3"), "value"] == 30.0
        assert speed.loc[("2024", code, "2025Q3"), "sample_size"] == 5
        assert sites.loc[("2024", code, "2025Q3"), "value"] == 3.0
        assert sites.loc[("2024", code, "2025Q4"), "value"] == 1.0
    assert speed.loc[("2025", "N1", "2025Q3"), "value"] == 20.0
    assert speed.loc[("2025", "N2", "2025Q3"), "value"] == 45.0
    assert sites.loc[("2025", "N1", "2025Q3"), "value"] == 2.0


def test_only_the_shared_places_commune_values_change(approximate: pd.DataFrame) -> None:
    """The same workspace with places of another kind (the national demo's synthetic
    villages' centroids are never withheld): every value is the same but A's and B's in
    the periods with points located into them."""
    other = _values("synthetic-villages")
    assert list(other.index) == list(approximate.index)
    cols = ["value", "numerator", "sample_size", "method", "reliable", "no_data_reason"]
    a, b = approximate[cols].astype(object), other[cols].astype(object)
    same = ((a == b) | (a.isna() & b.isna())).all(axis=1)
    changed = list(same.index[~same])
    assert sorted(changed) == sorted(
        (ind, "2024", code, "2025Q3")
        for ind in ("mobile_download_speed", "sites_count")
        for code in ("A", "B")
    )
    # there one of A and B held every point of the pair and the other none
    got = other.loc[("sites_count", "2024"), "value"]
    assert sorted([got[("A", "2025Q3")], got[("B", "2025Q3")]]) == [0.0, 2.0]


def test_a_workspace_withholds_them_too(tmp_path) -> None:
    """Through `hatang compute`'s path (the speed tests grouped and their medians taken
    in DuckDB): the same figures, A and B withheld, the district's median of all five."""
    from hatang.indicators import compute_workspace
    from hatang.store import Workspace
    from hatang.testing import fixture_settings, write_table

    ws = Workspace.create(tmp_path / "ws", fixture_settings(synthetic=False))
    for table, frame in _frames(CROSSWALK_CENTROID).items():
        write_table(ws, table, frame.drop(columns="import_id"), file_name=f"{table}.csv")
    compute_workspace(ws, only_changed=False, indicators=["mobile_download_speed", "sites_count"])
    with ws.connect(read_only=True) as con:
        v = con.execute("SELECT * FROM indicator_values WHERE map = '2024'").df()
    v = v.set_index(["indicator", "unit_code", "period"])
    for ind in ("mobile_download_speed", "sites_count"):
        for code in ("A", "B"):
            row = v.loc[(ind, code, "2025Q3")]
            assert pd.isna(row["value"]) and row["no_data_reason"] == NOT_TOLD_APART
    assert v.loc[("mobile_download_speed", "D4", "2025Q3"), "value"] == 30.0
    assert v.loc[("mobile_download_speed", "C", "2025Q3"), "value"] == 45.0
    assert v.loc[("sites_count", "D4", "2025Q3"), "value"] == 3.0
