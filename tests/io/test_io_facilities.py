"""The `facilities` kind: schools, health stations and commune offices, placed by their
own coordinates or, when the file gives none, at their village; bad rows reported as
FILE:ROW:COLUMN: VALUE — reason, nothing written; quarantine and idempotence as for
every kind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hatang.errors import ImportFailed
from hatang.io import import_file

HEADER = "facility_id,kind,name,village_code,lon,lat\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def rows(ws) -> list[tuple]:
    with ws.connect(read_only=True) as con:
        return con.execute(
            "SELECT facility_id, kind, village_code, lon, lat, location_approx, source "
            "FROM facilities ORDER BY facility_id"
        ).fetchall()


def test_example_places_a_facility_without_coordinates_at_its_village(ws, examples):
    report = import_file(ws, "facilities", examples / "facilities.csv")
    assert report.rows_loaded == 4 and report.problems == []
    assert any("1 facilities without coordinates placed" in n for n in report.notes)
    got = {r[0]: r for r in rows(ws)}
    # Vietnamese kinds, decimal commas; the kindergarten lies at village 13654-02 (conftest)
    assert got["MN-GT-01"][1:6] == ("school", "13654-02", 106.461, 20.262, True)
    assert got["TH-GT-01"][1:6] == ("school", "13654-01", 106.453, 20.2515, False)
    assert got["TYT-GT"][1] == "health-station"
    assert got["UBND-GT"][1:3] == ("commune-office", None)
    assert got["UBND-GT"][6] == "UBND tỉnh"


def test_bad_rows_are_reported_and_nothing_is_written(ws, tmp_path, snapshot):
    before = snapshot(ws)
    path = write(
        tmp_path,
        "truong-hoc.csv",
        HEADER
        + "F1,school,Tốt,13654-01,106.45,20.25\n"  # good
        + "F2,bệnh viện,Sai loại,13654-01,106.45,20.25\n"  # kind
        + "F3,school,Không có thôn,99999-01,,\n"  # unknown village
        + "F4,school,Không vị trí,,,\n"  # neither coordinates nor village
        + "F5,school,Nửa toạ độ,13654-01,106.45,\n"  # lon without lat
        + "F6,health-station,Ngoài tỉnh,,108.2,16.05\n"  # outside the province
        + "F1,school,Trùng,13654-02,106.46,20.26\n",  # duplicate id
    )
    with pytest.raises(ImportFailed) as info:
        import_file(ws, "facilities", path)
    lines = [str(p) for p in info.value.problems]
    assert lines == [
        "truong-hoc.csv:2:facility_id: 'F1' — duplicate key (facility_id=F1): also on row 8",
        "truong-hoc.csv:3:kind: 'bệnh viện' — not an allowed value (allowed: school, "
        "health-station, commune-office, other)",
        "truong-hoc.csv:4:village_code: '99999-01' — unknown unit code on any map / mã đơn vị "
        "không tồn tại",
        "truong-hoc.csv:5:lon: — no position: give lon and lat, or a village_code / thiếu toạ "
        "độ và mã thôn",
        "truong-hoc.csv:6:lat: — missing value: give both lon and lat, or neither to place the "
        "facility at its village / thiếu toạ độ",
        "truong-hoc.csv:7:lon: '108.2, 16.05' — outside the province's extent "
        "(105.880,19.880,106.620,20.520) / nằm ngoài tỉnh",
        "truong-hoc.csv:8:facility_id: 'F1' — duplicate key (facility_id=F1): also on row 2",
    ]
    assert snapshot(ws) == before


def test_quarantine_loads_the_good_rows(ws, tmp_path):
    path = write(
        tmp_path,
        "co-so.csv",
        HEADER + "F1,Trạm y tế,Tốt,13654-02,,\nF2,school,Không vị trí,,,\n",
    )
    report = import_file(ws, "facilities", path, on_error="quarantine")
    assert (report.rows_loaded, report.rows_rejected) == (1, 1)
    assert rows(ws) == [("F1", "health-station", "13654-02", 106.461, 20.262, True, None)]
    assert report.quarantine_file is not None and report.quarantine_file.is_file()


def test_same_file_twice_changes_nothing(ws, examples, snapshot):
    first = import_file(ws, "facilities", examples / "facilities.csv")
    after_first = snapshot(ws)
    second = import_file(ws, "facilities", examples / "facilities.csv")
    assert second.already_imported and second.previous_import_id == first.import_id
    assert snapshot(ws) == after_first


def test_geojson_feature_without_geometry_is_placed_at_its_village(ws, tmp_path):
    doc = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [106.455, 20.255]},
                "properties": {"id": "G1", "loai": "THCS", "ma thon": "13654-01"},
            },
            {
                "type": "Feature",
                "geometry": None,
                "properties": {"id": "G2", "loai": "tram y te", "ma thon": "13654-01"},
            },
        ],
    }
    path = write(tmp_path, "co-so.geojson", json.dumps(doc))
    import_file(ws, "facilities", path)
    assert [r[:6] for r in rows(ws)] == [
        ("G1", "school", "13654-01", 106.455, 20.255, False),
        ("G2", "health-station", "13654-01", 106.452, 20.251, True),
    ]
