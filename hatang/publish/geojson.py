"""One GeoJSON writer for every layer hatang writes (RFC 7946: WGS 84 lon/lat).

Dead spots, sites, scenario actions, published datasets and the demo's files were each
built by hand; they differed in how missing values, numpy scalars, dates and geometry
were written. Every FeatureCollection now comes from `feature_collection`.

    doc = feature_collection(frame, name="dead-spots", geometry=wkts, members={"synthetic": True})
    data = dumps(doc)
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

import pandas as pd

#: decimals kept for floats: 6 decimals of a degree are about 0.1 m
FLOAT_DECIMALS = 6


def plain(v: Any, decimals: int | None = FLOAT_DECIMALS) -> Any:
    """A JSON-ready value: None for missing (None, NaN, NaT, NA), ISO text for dates,
    Python scalars for numpy ones, floats rounded to `decimals`."""
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if hasattr(v, "item") and not isinstance(v, list | tuple | dict | str):
        v = v.item()  # numpy scalar
    if isinstance(v, float):
        if math.isnan(v) or math.isinf(v):
            return None
        return round(v, decimals) if decimals is not None else v
    if isinstance(v, pd.Timestamp | datetime):
        return v.isoformat(timespec="seconds")
    if isinstance(v, date):
        return v.isoformat()
    return v


def geometry_of(value: Any) -> dict[str, Any] | None:
    """A GeoJSON geometry from a shapely geometry, a WKT string or a GeoJSON mapping;
    a Polygon is written as a MultiPolygon, so a polygon layer has one geometry type
    (GDAL reads Polygon + MultiPolygon as "Unknown (any)")."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if isinstance(value, Mapping):
        return _multi(dict(value))
    import shapely

    geom = shapely.from_wkt(value) if isinstance(value, str) else value
    if geom is None or geom.is_empty:
        return None
    out: dict[str, Any] = json.loads(shapely.to_geojson(geom))
    return _multi(out)


def _multi(geometry: dict[str, Any]) -> dict[str, Any]:
    if geometry.get("type") == "Polygon":
        return {"type": "MultiPolygon", "coordinates": [geometry["coordinates"]]}
    return geometry


def _point(lon: Any, lat: Any) -> dict[str, Any] | None:
    lon, lat = plain(lon, None), plain(lat, None)
    if lon is None or lat is None:
        return None
    return {"type": "Point", "coordinates": [float(lon), float(lat)]}


def feature_collection(
    frame: pd.DataFrame,
    *,
    name: str | None = None,
    geometry: Sequence[Any] | str | None = None,
    lon: str = "lon",
    lat: str = "lat",
    keep_lonlat: bool = False,
    id_column: str | None = None,
    members: Mapping[str, Any] | None = None,
    decimals: int | None = FLOAT_DECIMALS,
) -> dict[str, Any]:
    """A FeatureCollection, one Feature per row of `frame`, its other columns as properties.

    geometry: a column name or a sequence (shapely geometries, WKT, GeoJSON mappings);
    rows without one get a Point from the `lon`/`lat` columns when both are present, else
    a null geometry. lon/lat leave the properties unless `keep_lonlat`. `members` are
    extra top-level members (e.g. synthetic, scenario, coverage_run)."""
    geoms: Sequence[Any]
    drop: set[str] = set()
    if isinstance(geometry, str):
        geoms = frame[geometry].tolist() if geometry in frame.columns else [None] * len(frame)
        drop.add(geometry)
    elif geometry is None:
        geoms = [None] * len(frame)
    else:
        geoms = list(geometry)
        if len(geoms) != len(frame):
            raise ValueError(f"{len(geoms)} geometries for {len(frame)} rows")
    has_point = lon in frame.columns and lat in frame.columns
    if has_point and not keep_lonlat:
        drop |= {lon, lat}
    cols = [c for c in frame.columns if c not in drop]
    lons = frame[lon].tolist() if has_point else [None] * len(frame)
    lats = frame[lat].tolist() if has_point else [None] * len(frame)
    features: list[dict[str, Any]] = []
    rows = frame[cols].itertuples(index=False, name=None)
    for row, g, x, y in zip(rows, geoms, lons, lats, strict=True):
        props = {c: plain(v, decimals) for c, v in zip(cols, row, strict=True)}
        feature: dict[str, Any] = {"type": "Feature"}
        if id_column is not None:
            feature["id"] = props.get(id_column)
        feature["geometry"] = geometry_of(g) or _point(x, y)
        feature["properties"] = props
        features.append(feature)
    doc: dict[str, Any] = {"type": "FeatureCollection"}
    if name is not None:
        doc["name"] = name
    doc.update({k: plain(v, None) for k, v in (members or {}).items()})
    doc["features"] = features
    return doc


def dumps(doc: Mapping[str, Any], *, indent: int | None = None) -> bytes:
    """UTF-8 JSON (Vietnamese kept as text, compact unless `indent`)."""
    seps = (",", ":") if indent is None else (",", ": ")
    return json.dumps(doc, ensure_ascii=False, separators=seps, indent=indent).encode("utf-8")
