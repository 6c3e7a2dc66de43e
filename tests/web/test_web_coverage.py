"""Layers from the coverage engine and the planner light up when their tables are filled."""

from __future__ import annotations

import json
import re
import struct
import zlib

import pandas as pd
import pytest

from hatang.model.schema import TABLES
from hatang.store import db


def _png_1x1() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00\x80\x00\x80"))
        + chunk(b"IEND", b"")
    )


def _frame(table: str, rows: list[dict]) -> pd.DataFrame:
    cols = TABLES[table].column_names
    return pd.DataFrame([{c: r.get(c) for c in cols} for r in rows], columns=cols)


@pytest.fixture
def covered_ws(fresh_ws):
    runs = _frame(
        "coverage_runs",
        [
            {
                "run_id": "old",
                "period": "2025Q4",
                "created_at": pd.Timestamp("2025-01-01"),
                "technology": "4G",
                "operator": "any",
                "synthetic": True,
            },
            {
                "run_id": "new",
                "period": "2025Q4",
                "created_at": pd.Timestamp("2025-06-01"),
                "technology": "4G",
                "operator": "any",
                "synthetic": True,
            },
            {  # newer, but for one operator only: it does not stand for the province
                "run_id": "newer-viettel",
                "period": "2025Q4",
                "created_at": pd.Timestamp("2025-07-01"),
                "technology": "4G",
                "operator": "viettel",
                "synthetic": True,
            },
        ],
    )
    square = "POLYGON ((106.26 20.02, 106.29 20.02, 106.29 20.04, 106.26 20.04, 106.26 20.02))"
    spots = _frame(
        "modelled_dead_spots",
        [
            {
                "run_id": "old",
                "dead_spot_id": "M0",
                "scope": "any",
                "geometry": square,
                "lon": 106.27,
                "lat": 20.03,
                "population": 999.0,
                "synthetic": True,
            },
            {
                "run_id": "new",
                "dead_spot_id": "M1",
                "scope": "any",
                "geometry": square,
                "lon": 106.27,
                "lat": 20.03,
                "population": 40.0,
                "synthetic": True,
            },
            {
                "run_id": "new",
                "dead_spot_id": "M2",
                "scope": "any",
                "geometry": square,
                "lon": 106.28,
                "lat": 20.03,
                "population": 25.0,
                "synthetic": True,
            },
            {  # where Viettel alone has no 4G: overlaps the 'any' spots, never summed
                "run_id": "new",
                "dead_spot_id": "V1",
                "scope": "viettel",
                "geometry": square,
                "lon": 106.27,
                "lat": 20.03,
                "population": 500.0,
                "synthetic": True,
            },
            {
                "run_id": "newer-viettel",
                "dead_spot_id": "M1",
                "scope": "any",
                "geometry": square,
                "lon": 106.27,
                "lat": 20.03,
                "population": 777.0,
                "synthetic": True,
            },
        ],
    )
    with fresh_ws.connect() as con, db.transaction(con):
        db.upsert_frame(con, TABLES["coverage_runs"], runs)
        db.upsert_frame(con, TABLES["modelled_dead_spots"], spots)
    out = fresh_ws.output_dir / "coverage"
    out.mkdir(parents=True, exist_ok=True)
    (out / "new.png").write_bytes(_png_1x1())
    (out / "new.png.json").write_text(
        json.dumps({"bounds": [[20.0, 106.0], [20.1, 106.3]]}), encoding="utf-8"
    )
    return fresh_ws


def test_modelled_dead_spots_are_published_from_the_newest_run(make_client, covered_ws):
    c = make_client(covered_ws)
    assert "dead-spots-modelled" in c.get("/api/3/action/package_list").json()["result"]
    gj = c.get("/dataset/dead-spots-modelled/dead-spots-modelled.geojson").json()
    assert sorted(f["properties"]["dead_spot_id"] for f in gj["features"]) == ["M1", "M2", "V1"]
    assert gj["features"][0]["geometry"]["type"] == "MultiPolygon"


def test_fixture_without_coverage_does_not_publish_modelled(client):
    assert "dead-spots-modelled" not in client.get("/api/3/action/package_list").json()["result"]
    assert client.get("/coverage.png").status_code == 404
    assert "chưa tính" in client.get("/map").text


def test_map_shows_coverage_image_and_modelled_polygons(make_client, covered_ws):
    c = make_client(covered_ws)
    html = c.get("/map").text
    fig = json.loads(
        re.search(r'<script id="figure" type="application/json">(.*?)</script>', html, re.S).group(
            1
        )
    )
    layers = fig["layout"]["map"]["layers"]
    image = next(layer for layer in layers if layer["sourcetype"] == "image")
    assert image["source"] == "/coverage.png"
    assert image["coordinates"] == [[106.0, 20.1], [106.3, 20.1], [106.3, 20.0], [106.0, 20.0]]
    fill = next(layer for layer in layers if layer["sourcetype"] == "geojson")
    assert len(fill["source"]["features"]) == 2  # newest all-operator run, scope 'any' only
    r = c.get("/coverage.png")
    assert r.status_code == 200 and r.content.startswith(b"\x89PNG")


def _image_layers(html: str) -> list[dict]:
    m = re.search(r'<script id="figure" type="application/json">(.*?)</script>', html, re.S)
    layers = json.loads(m.group(1))["layout"]["map"]["layers"] if m else []
    return [layer for layer in layers if layer["sourcetype"] == "image"]


def test_map_shows_the_current_runs_picture_not_the_newest_file(make_client, covered_ws):
    """A picture written later, by a run for one operator or by an older run, is not the
    current run's: the map shows the picture of the run the portal's dead spots come from."""
    out = covered_ws.output_dir / "coverage"
    others = {
        "newer-viettel": [[21.0, 105.0], [21.1, 105.3]],
        "old": [[19.0, 104.0], [19.1, 104.3]],
    }
    for run, bounds in others.items():
        (out / f"{run}.png").write_bytes(_png_1x1())
        (out / f"{run}.png.json").write_text(json.dumps({"bounds": bounds}), encoding="utf-8")
    (image,) = _image_layers(make_client(covered_ws).get("/map").text)
    assert image["coordinates"] == [[106.0, 20.1], [106.3, 20.1], [106.3, 20.0], [106.0, 20.0]]
    # the current run's picture gone: no picture rather than another run's
    (out / "new.png").unlink()
    assert _image_layers(make_client(covered_ws).get("/map").text) == []


def test_overview_counts_people_in_modelled_dead_spots(make_client, covered_ws):
    html = make_client(covered_ws).get("/?lang=en").text
    m = re.search(
        r'data-testid="fig-people"><span class="n">([^<]*)</span><span>([^<]*)</span>', html
    )
    assert m.group(1).strip() == "65"  # 40 + 25: newest all-operator run, scope 'any' only
    assert "modelled" in m.group(2)


def test_map_shows_proposed_sites(make_client, fresh_ws):
    acts = _frame(
        "scenario_actions",
        [
            {
                "scenario": "s1",
                "rank": 1,
                "candidate_id": "c1",
                "kind": "new-tower",
                "lon": 106.27,
                "lat": 20.05,
            },
        ],
    )
    with fresh_ws.connect() as con, db.transaction(con):
        db.upsert_frame(con, TABLES["scenario_actions"], acts)
    html = make_client(fresh_ws).get("/map").text
    fig = json.loads(
        re.search(r'<script id="figure" type="application/json">(.*?)</script>', html, re.S).group(
            1
        )
    )
    proposed = next(t for t in fig["data"] if t.get("meta") == "proposed-sites")
    assert proposed["lon"] == [106.27]
