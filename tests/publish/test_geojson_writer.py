"""The one GeoJSON writer: properties, geometry sources, missing values."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import shapely

from hatang.publish.geojson import dumps, feature_collection


def test_points_from_lonlat_and_clean_properties():
    frame = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "people": [np.int64(12), np.float64("nan"), np.float64(1.23456789)],
            "on": [pd.Timestamp("2025-10-01"), pd.NaT, None],
            "lon": [106.1, None, 106.3],
            "lat": [20.4, 20.5, 20.6],
        }
    )
    doc = feature_collection(frame, name="x", members={"synthetic": True}, id_column="id")
    assert doc["type"] == "FeatureCollection" and doc["name"] == "x" and doc["synthetic"] is True
    a, b, c = doc["features"]
    assert a["id"] == "a" and a["geometry"] == {"type": "Point", "coordinates": [106.1, 20.4]}
    assert a["properties"] == {"id": "a", "people": 12, "on": "2025-10-01T00:00:00"}
    assert b["geometry"] is None  # no lon: no point
    assert b["properties"]["people"] is None and b["properties"]["on"] is None
    assert c["properties"]["people"] == 1.234568
    json.loads(dumps(doc))  # strict JSON: no NaN


def test_geometry_column_wkt_and_shapely():
    poly = shapely.box(106.0, 20.0, 106.1, 20.1)
    frame = pd.DataFrame({"k": [1, 2, 3], "geometry": [poly.wkt, poly, None]})
    doc = feature_collection(frame, geometry="geometry")
    types = [f["geometry"] and f["geometry"]["type"] for f in doc["features"]]
    assert types == ["MultiPolygon", "MultiPolygon", None]  # one type per polygon layer
    assert all("geometry" not in f["properties"] for f in doc["features"])


def test_vietnamese_text_stays_text():
    doc = feature_collection(pd.DataFrame({"name": ["Xã Hải Hậu"]}))
    assert "Xã Hải Hậu".encode() in dumps(doc)
