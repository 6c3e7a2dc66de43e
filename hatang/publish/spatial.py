"""Spatial layers as GIS tools expect them: one geometry type per layer, names without
spaces, GeoPackage through GDAL (pyogrio).

GDAL reads a GeoJSON file that mixes Polygon and MultiPolygon (or points and polygons,
or overlapping maps) as a layer of "Unknown (any)" geometry, which most tools then
refuse to style or join. So every layer hatang writes is one of:

- a **MultiPolygon** layer — every polygon promoted (`multi`), rows without a shape
  left out (they are in the CSV);
- a **Point** layer — from lon/lat, rows without coordinates left out.

A dataset may split into several layers by columns (`Dataset.layers`: admin-units by
map and level, so the 2024 and 2025 communes, districts and village points never share
a layer; the register's cases by `shape`, points and polygons). A dataset's
`fixed_layers` are always written, empty where no row has one, so its files keep their
names. A layer's name is lower-case letters, digits and `_` (`layer_name`).

    layers = spatial_layers(frame, ds)                   # [Layer(...), ...]
    data = to_gpkg(layers)                               # one GeoPackage, every layer
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from hatang.publish.registry import Dataset

POINT = "Point"
MULTIPOLYGON = "MultiPolygon"


def layer_name(*parts: str) -> str:
    """'dead-spots', '2025', 'commune' → 'dead_spots_2025_commune'; 'Kịch bản Đông'
    → 'kich_ban_dong' (ASCII letters, digits and `_`: a name every GIS tool keeps)."""
    text = "_".join(str(p) for p in parts if str(p)).replace("đ", "d").replace("Đ", "D")
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_") or "layer"


def multi(geom: Any) -> Any:
    """A shapely geometry with polygons promoted to MultiPolygon (others unchanged)."""
    import shapely

    if geom is not None and geom.geom_type == "Polygon":
        return shapely.MultiPolygon([geom])
    return geom


@dataclass(frozen=True)
class Layer:
    name: str
    #: the key of the layer within its dataset ("2025-commune"), "" when not split
    key: str
    geometry_type: str
    #: the rows of the layer, without the WKT column
    frame: pd.DataFrame
    #: one shapely geometry per row (MultiPolygon or Point)
    geometries: tuple[Any, ...]


def _shapes(frame: pd.DataFrame) -> list[Any]:
    import shapely

    wkt = frame["geometry"] if "geometry" in frame.columns else pd.Series([None] * len(frame))
    out = []
    for w in wkt.tolist():
        g = shapely.from_wkt(w) if isinstance(w, str) and w else None
        out.append(None if g is None or g.is_empty else multi(g))
    return out


def _points(frame: pd.DataFrame) -> list[Any]:
    import shapely

    if "lon" not in frame.columns or "lat" not in frame.columns:
        return [None] * len(frame)
    lon = pd.to_numeric(frame["lon"], errors="coerce")
    lat = pd.to_numeric(frame["lat"], errors="coerce")
    return [
        None if pd.isna(x) or pd.isna(y) else shapely.Point(float(x), float(y))
        for x, y in zip(lon.tolist(), lat.tolist(), strict=True)
    ]


def one_layer(
    frame: pd.DataFrame, name: str, key: str = "", *, keep_empty: bool = False
) -> Layer | None:
    """The rows as one layer: MultiPolygons where any row has a polygon, else Points;
    rows without that geometry are left out. None when no row has a geometry, unless
    `keep_empty` (then an empty Point layer with the columns)."""
    shapes = _shapes(frame)
    polygonal = [g is not None and g.geom_type == MULTIPOLYGON for g in shapes]
    if any(polygonal):
        keep, kind, geoms = polygonal, MULTIPOLYGON, shapes
    else:
        geoms = _points(frame)
        keep, kind = [g is not None for g in geoms], POINT
    if not any(keep) and not keep_empty:
        return None
    rows = frame[keep].drop(columns=["geometry"], errors="ignore").reset_index(drop=True)
    kept = tuple(g for g, k in zip(geoms, keep, strict=True) if k)
    return Layer(name, key, kind, rows, kept)


def layer_keys(frame: pd.DataFrame, ds: Dataset) -> list[str]:
    """The keys of the layers a dataset's table splits into ("" when it does not)."""
    return [layer.key for layer in spatial_layers(frame, ds)]


def spatial_layers(frame: pd.DataFrame, ds: Dataset) -> list[Layer]:
    """The dataset's table as layers of one geometry type each (split by `ds.layers`)."""
    if not ds.spatial:
        return []
    if not ds.layers:
        found = one_layer(frame, layer_name(ds.name))
        return [found] if found is not None else []
    out = []
    for values, part in frame.groupby(list(ds.layers), sort=True, dropna=True):
        vals = [str(v) for v in (values if isinstance(values, tuple) else (values,))]
        found = one_layer(part, layer_name(ds.name, *vals), "-".join(vals))
        if found is not None:
            out.append(found)
    return _with_fixed(out, frame, ds)


def _with_fixed(found: list[Layer], frame: pd.DataFrame, ds: Dataset) -> list[Layer]:
    """The dataset's fixed layers in their order (an empty one of its type where no row
    has it), then any other layer found."""
    if not ds.fixed_layers:
        return found
    by_key = {x.key: x for x in found}
    empty = frame.iloc[0:0].drop(columns=["geometry"], errors="ignore")
    fixed = [
        by_key.get(key) or Layer(layer_name(ds.name, key), key, kind, empty, ())
        for key, kind in ds.fixed_layers
    ]
    keys = {key for key, _ in ds.fixed_layers}
    return fixed + [x for x in found if x.key not in keys]


def to_gpkg(layers: Sequence[Layer]) -> bytes:
    """One GeoPackage (WGS 84) holding every layer, written by GDAL through pyogrio."""
    import pyarrow as pa
    import pyogrio
    import shapely

    with tempfile.TemporaryDirectory(prefix="hatang-gpkg-") as tmp:
        path = Path(tmp) / "layers.gpkg"
        for i, layer in enumerate(layers):
            table = _arrow(layer.frame)
            wkb = shapely.to_wkb(list(layer.geometries))
            table = table.append_column("geometry", pa.array(list(wkb), type=pa.binary()))
            pyogrio.write_arrow(
                table,
                str(path),
                layer=layer.name,
                driver="GPKG",
                geometry_name="geometry",
                geometry_type=layer.geometry_type,
                crs="EPSG:4326",
                append=i > 0,
                # GeoPackage 1.3: read by GDAL >= 2.3 (QGIS LTR, Debian's gdal-bin) as well
                dataset_options={"VERSION": "1.3"} if i == 0 else None,
            )
        return path.read_bytes() if path.exists() else b""


def _arrow(frame: pd.DataFrame) -> Any:
    """The layer's attributes as an Arrow table GDAL can store: text columns as strings
    (an all-missing one too), dates as dates, nullable integers and booleans kept."""
    import pyarrow as pa

    columns = {}
    for col in frame.columns:
        s = frame[col]
        if s.dtype != object:
            columns[str(col)] = pa.Array.from_pandas(s)
            continue
        values = s.tolist()
        present = [v for v in values if v is not None and not pd.isna(v)]
        if present and all(hasattr(v, "isoformat") for v in present):
            columns[str(col)] = pa.array([None if pd.isna(v) else v for v in values])
        else:
            text = [None if v is None or pd.isna(v) else str(v) for v in values]
            columns[str(col)] = pa.array(text, type=pa.string())
    return pa.table(columns)
