"""The register's cases as GIS files: two layers, `point` (cases without an outline, at
lon/lat) and `polygon` (cases with the modelled outline), every case in exactly one —
read back with pyogrio (GDAL) from the GeoPackage and from each GeoJSON."""

from __future__ import annotations

import json

import pytest

#: a triangle around C00004 (106.03, 20.05) and a square around C00001 (106.275, 20.05)
OUTLINES = {
    "C00004": "POLYGON ((106.02 20.04, 106.04 20.04, 106.03 20.06, 106.02 20.04))",
    "C00001": "MULTIPOLYGON (((106.27 20.045, 106.28 20.045, 106.28 20.055, 106.27 20.055, "
    "106.27 20.045)))",
}


@pytest.fixture
def published():
    """The published cases table of the fixture's register, two cases with outlines."""
    from hatang.publish import register, registry
    from hatang.publish.render import conform
    from hatang.register import cases as fold
    from hatang.testing import fixture_frames

    frames = fixture_frames()
    events = frames["register_events"].to_dict("records")
    cases = fold.frame(fold.replay(events).values())
    cases["geometry"] = cases["case_id"].map(OUTLINES)
    ds = registry.get("dead-spot-register")
    table = register.register_cases({"register_cases": cases, "units": frames["units"]}, None)
    return conform(table, ds, synthetic=True), ds


def _read(path, layer: str | None = None) -> tuple[list[dict], list[str]]:
    """The layer's rows (attributes) and each row's geometry type, read by GDAL."""
    import pyogrio
    import shapely

    meta, table = pyogrio.read_arrow(path, layer=layer)
    rows = table.drop_columns([meta["geometry_name"] or "wkb_geometry"]).to_pylist()
    wkb = table.column(meta["geometry_name"] or "wkb_geometry").to_pylist()
    return rows, [shapely.from_wkb(g).geom_type for g in wkb]


def _ids(path, layer: str | None = None) -> list[str]:
    return sorted(r["case_id"] for r in _read(path, layer)[0])


def test_the_geopackage_holds_every_case_in_exactly_one_of_two_layers(published, tmp_path):
    import pyogrio

    from hatang.publish import render

    table, ds = published
    path = tmp_path / "register.gpkg"
    path.write_bytes(render.to_gpkg(table, ds))
    layers = dict(pyogrio.list_layers(path).tolist())
    assert layers == {
        "dead_spot_register_point": "Point",
        "dead_spot_register_polygon": "MultiPolygon",
    }
    points = _ids(path, "dead_spot_register_point")
    polygons = _ids(path, "dead_spot_register_polygon")
    assert points == ["C00002", "C00003", "C00005"] and polygons == ["C00001", "C00004"]
    assert sorted(points + polygons) == sorted(table["case_id"])
    rows, kinds = _read(path, "dead_spot_register_polygon")
    assert kinds == ["MultiPolygon", "MultiPolygon"] and {r["shape"] for r in rows} == {"polygon"}
    rows, kinds = _read(path, "dead_spot_register_point")
    assert set(kinds) == {"Point"} and {r["shape"] for r in rows} == {"point"}


def test_one_geojson_per_layer_and_both_files_listed(published, tmp_path):
    from hatang.publish import render

    table, ds = published
    names = [f.name for f in render.files_of(ds, ["point", "polygon"]) if f.fmt == "geojson"]
    assert names == ["dead-spot-register-point.geojson", "dead-spot-register-polygon.geojson"]
    seen = []
    for key, kind in (("point", "Point"), ("polygon", "MultiPolygon")):
        path = tmp_path / f"{key}.geojson"
        path.write_bytes(render.to_geojson(table, ds, key))
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        assert {f["geometry"]["type"] for f in features} == {kind}
        seen += _ids(path)
    assert sorted(seen) == sorted(table["case_id"]) and len(seen) == len(set(seen))


def test_a_register_of_points_only_still_has_both_layers(published, tmp_path):
    import pyogrio

    from hatang.publish import render, spatial

    table, ds = published
    table = table.assign(geometry=None, shape="point")
    assert [x.key for x in spatial.spatial_layers(table, ds)] == ["point", "polygon"]
    path = tmp_path / "points.gpkg"
    path.write_bytes(render.to_gpkg(table, ds))
    points = _ids(path, "dead_spot_register_point")
    assert points == ["C00001", "C00002", "C00003", "C00004", "C00005"]
    empty = pyogrio.read_info(path, layer="dead_spot_register_polygon")
    assert (empty["features"], empty["geometry_type"]) == (0, "MultiPolygon")
