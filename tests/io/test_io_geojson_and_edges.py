"""GeoJSON (units with polygons, bad geometry) and edge cases: empty files, header only,
every row bad in quarantine mode."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hatang.errors import ImportFailed
from hatang.io import import_file


def geojson(path: Path, features: list[dict]) -> Path:
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False),
        encoding="utf-8",
    )
    return path


def test_units_from_geojson_polygons(ws, tmp_path):
    square = {
        "type": "Polygon",
        "coordinates": [
            [[106.0, 20.0], [106.2, 20.0], [106.2, 20.2], [106.0, 20.2], [106.0, 20.0]]
        ],
    }
    path = geojson(
        tmp_path / "xa.geojson",
        [
            {
                "type": "Feature",
                "geometry": square,
                "properties": {
                    "Bản đồ": "2025",
                    "Mã": 1240,
                    "Tên": "Xã Mẫu",
                    "Cấp": "Xã",
                    "Mã cấp trên": "37",
                    "Dân số": "12.345",
                },
            },
        ],
    )
    report = import_file(ws, "units", path)
    assert (report.rows_loaded, report.rows_replaced) == (1, 1)
    with ws.connect(read_only=True) as con:
        row = con.execute(
            "SELECT code, level, population, lon, lat, geometry FROM units "
            "WHERE map = '2025' AND code = '01240'"
        ).fetchone()
    assert row[:3] == ("01240", "commune", 12345)
    assert row[3] == pytest.approx(106.1) and row[4] == pytest.approx(20.1)
    assert row[5].startswith("POLYGON ((106 20, 106.2 20")


def test_invalid_geometry_is_a_problem(ws, tmp_path):
    path = geojson(
        tmp_path / "ls.geojson",
        [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [106.45, 20.25]},
                "properties": {"id": "A", "reported_on": "01/02/2025"},
            },
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": []},
                "properties": {"id": "B", "reported_on": "01/02/2025"},
            },
            {
                "type": "Feature",
                "geometry": {"type": "Hexagon", "coordinates": [1, 2]},
                "properties": {"id": "C", "reported_on": "01/02/2025"},
            },
        ],
    )
    with pytest.raises(ImportFailed) as info:
        import_file(ws, "dead-spots", path)
    got = [str(p) for p in info.value.problems]
    assert got[0] == "ls.geojson:2:geometry: — empty geometry"
    assert "ls.geojson:2:lon: — missing value (required) / thiếu giá trị" in got
    assert any(p.startswith("ls.geojson:3:geometry: — invalid geometry") for p in got)


def test_not_geojson(ws, tmp_path):
    path = tmp_path / "x.geojson"
    path.write_text('{"type": "Feature"', encoding="utf-8")
    with pytest.raises(ImportFailed, match="not valid JSON"):
        import_file(ws, "dead-spots", path)
    path.write_text('{"type": "Topology"}', encoding="utf-8")
    with pytest.raises(ImportFailed, match="not a GeoJSON FeatureCollection"):
        import_file(ws, "dead-spots", path)


def test_empty_file_and_header_only(ws, tmp_path, snapshot):
    """Neither is a 0-row import: both are refused in either mode, nothing recorded."""
    before = snapshot(ws)
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(ImportFailed, match="the file is empty"):
        import_file(ws, "structures", empty)
    header = tmp_path / "header.csv"
    header.write_text("structure_id,kind,lon,lat,height_m\n", encoding="utf-8")
    for mode in ("fail", "quarantine"):
        with pytest.raises(ImportFailed, match="no data rows") as info:
            import_file(ws, "structures", header, on_error=mode)
        assert [p.type for p in info.value.problems] == ["empty-file"]
    assert snapshot(ws) == before


def test_every_row_bad_in_quarantine_mode(ws, tmp_path, snapshot):
    path = tmp_path / "s.csv"
    path.write_text(
        "structure_id,kind,lon,lat,height_m\nA,hầm,106.4,20.2,10\nB,other,106.4,20.2,-1\n",
        encoding="utf-8",
    )
    report = import_file(ws, "structures", path, on_error="quarantine")
    assert (report.rows_loaded, report.rows_rejected) == (0, 2)
    assert report.quarantine_file is not None and report.quarantine_file.is_file()
    with ws.connect(read_only=True) as con:
        assert con.execute("SELECT count(*) FROM structures").fetchone() == (0,)
        assert con.execute("SELECT rows_rejected FROM imports").fetchone() == (2,)


def test_missing_file_and_directory(ws, tmp_path):
    from hatang.errors import ConfigError

    with pytest.raises(ConfigError, match="no such file"):
        import_file(ws, "sites", tmp_path / "nope.csv")
    with pytest.raises(ConfigError, match="no such file"):
        import_file(ws, "sites", tmp_path)
