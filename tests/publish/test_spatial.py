"""Spatial layers (hatang.publish.spatial): one geometry type per layer, names without
spaces, and a GeoPackage GDAL's ogrinfo opens."""

from __future__ import annotations

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from hatang.publish import spatial
from hatang.publish.registry import get
from tests.ogr import ogrinfo

SQUARE = "POLYGON((0 0,1 0,1 1,0 1,0 0))"
TWO = "MULTIPOLYGON(((2 2,3 2,3 3,2 2)),((4 4,5 4,5 5,4 4)))"


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "code": ["a", "b", "c"],
            "people": [10, 20, None],
            "geometry": [SQUARE, TWO, None],
            "lon": [0.5, 2.5, 9.0],
            "lat": [0.5, 2.5, 9.0],
        }
    )


def test_polygons_become_one_multipolygon_layer_rows_without_shape_left_out():
    layer = spatial.one_layer(_frame(), "x")
    assert layer is not None and layer.geometry_type == "MultiPolygon"
    assert [g.geom_type for g in layer.geometries] == ["MultiPolygon", "MultiPolygon"]
    assert list(layer.frame["code"]) == ["a", "b"] and "geometry" not in layer.frame
    assert len(layer.geometries[1].geoms) == 2  # a MultiPolygon stays whole


def test_rows_without_polygons_are_points_at_lon_lat():
    layer = spatial.one_layer(_frame().drop(columns=["geometry"]), "p")
    assert layer is not None and layer.geometry_type == "Point"
    assert [(g.x, g.y) for g in layer.geometries] == [(0.5, 0.5), (2.5, 2.5), (9.0, 9.0)]
    assert spatial.one_layer(_frame().iloc[:0], "none") is None


def test_admin_units_split_by_map_and_level():
    ds = get("admin-units")
    frame = pd.DataFrame(
        {
            "map": ["2024", "2024", "2025", "2025"],
            "level": ["commune", "village", "commune", "commune"],
            "code": ["A", "V", "B", "C"],
            "geometry": [SQUARE, None, SQUARE, TWO],
            "lon": [0.5, 0.2, 0.5, 2.5],
            "lat": [0.5, 0.2, 0.5, 2.5],
        }
    )
    layers = {x.key: x for x in spatial.spatial_layers(frame, ds)}
    assert set(layers) == {"2024-commune", "2024-village", "2025-commune"}
    assert layers["2024-village"].geometry_type == "Point"
    assert layers["2025-commune"].name == "admin_units_2025_commune"
    assert list(layers["2025-commune"].frame["code"]) == ["B", "C"]


@given(st.lists(st.text(min_size=0, max_size=12), min_size=1, max_size=4))
def test_layer_names_are_ascii_words(parts):
    name = spatial.layer_name(*parts)
    assert name and all(c.isascii() and (c.isalnum() or c == "_") for c in name)
    assert name == name.lower() and " " not in name


def test_layer_names_keep_vietnamese_readable():
    assert spatial.layer_name("scenario", "Kịch bản Đông 50%") == "scenario_kich_ban_dong_50"


def test_geopackage_opened_by_ogrinfo(tmp_path):
    polygons = spatial.one_layer(_frame(), "zones")
    points = spatial.one_layer(_frame().drop(columns=["geometry"]), "points")
    path = tmp_path / "x.gpkg"
    path.write_bytes(spatial.to_gpkg([polygons, points]))  # type: ignore[list-item]
    layers = ogrinfo(path)
    assert layers["zones"]["geometry"] == "Multi Polygon" and layers["zones"]["count"] == "2"
    assert layers["points"]["geometry"] == "Point" and layers["points"]["count"] == "3"
    assert layers["zones"]["fields"] == "code people lon lat"


def test_a_dataset_without_geometries_is_an_empty_layer_not_an_error(tmp_path):
    import json

    from hatang.publish.render import to_geojson, to_gpkg

    ds = get("dead-spots")
    empty = pd.DataFrame({name: [] for name in ds.field_names})
    doc = json.loads(to_geojson(empty, ds))
    assert doc["type"] == "FeatureCollection" and doc["features"] == []
    assert doc["name"] == "dead_spots"
    (tmp_path / "e.gpkg").write_bytes(to_gpkg(empty, ds))
    layer = ogrinfo(tmp_path / "e.gpkg")["dead_spots"]
    assert layer["geometry"] == "Point" and layer["count"] == "0"
    assert layer["fields"].split()[:3] == ["dead_spot_id", "lon", "lat"]
