"""Renderers: a derived table → CSV, XLSX, GeoJSON, Parquet; a dataset → Frictionless descriptor.

Pure functions over frames and the registry; no file, HTTP or database code.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pandas as pd

from hatang.publish import geojson, spatial, tabular
from hatang.publish.registry import LICENSE, Dataset

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {
    # format → (file suffix, media type, CKAN format label)
    "csv": ("csv", "text/csv", "CSV"),
    "xlsx": ("xlsx", XLSX_TYPE, "XLSX"),
    "geojson": ("geojson", "application/geo+json", "GeoJSON"),
    "gpkg": ("gpkg", "application/geopackage+sqlite3", "GeoPackage"),
    "parquet": ("parquet", "application/vnd.apache.parquet", "Parquet"),
}


def formats_of(ds: Dataset) -> list[str]:
    if ds.spatial:
        return ["csv", "xlsx", "geojson", "gpkg", "parquet"]
    return ["csv", "xlsx", "parquet"]


@dataclass(frozen=True)
class File:
    """One file a dataset offers: its format, file name and (GeoJSON of a split
    dataset) the layer it holds."""

    fmt: str
    name: str
    layer: str = ""

    @property
    def mediatype(self) -> str:
        return FORMATS[self.fmt][1]

    @property
    def label(self) -> str:
        return FORMATS[self.fmt][2] + (f" {self.layer}" if self.layer else "")


def files_of(ds: Dataset, layers: Sequence[str] = ()) -> list[File]:
    """Every file of the dataset: one per format; a dataset split into layers
    (`Dataset.layers`) has one GeoJSON per layer (`layers`: their keys) and one
    GeoPackage holding them all."""
    out = []
    for fmt in formats_of(ds):
        suffix = FORMATS[fmt][0]
        if fmt == "geojson" and ds.layers:
            out += [File(fmt, f"{ds.name}-{key}.{suffix}", key) for key in layers]
        else:
            out.append(File(fmt, f"{ds.name}.{suffix}"))
    return out


def conform(frame: pd.DataFrame, ds: Dataset, *, synthetic: bool | None = None) -> pd.DataFrame:
    """The frame with exactly the dataset's fields, each in its declared type; a
    `synthetic` field its table lacks says `synthetic` on every row."""
    out = pd.DataFrame(index=frame.index)
    for f in ds.fields:
        if f.name in frame.columns:
            s = frame[f.name]
        elif f.name == "synthetic" and synthetic is not None:
            s = pd.Series([synthetic] * len(frame), index=frame.index, dtype=object)
        else:
            s = pd.Series([None] * len(frame), index=frame.index, dtype=object)
        if f.type == "integer":
            s = pd.to_numeric(s, errors="coerce").round().astype("Int64")
        elif f.type == "number":
            s = pd.to_numeric(s, errors="coerce").astype("float64")
        elif f.type == "boolean":
            s = s.astype(object).where(s.notna(), None).astype("boolean")
        elif f.type == "date":
            s = pd.to_datetime(s, errors="coerce").dt.date.astype(object).where(s.notna(), None)
        elif f.type == "datetime":
            s = pd.to_datetime(s, errors="coerce")
        else:
            missing = s.isna().to_numpy()
            s = s.astype(str).astype(object)
            s[missing] = None
        out[f.name] = s
    return out.reset_index(drop=True)


def _cell(v: Any) -> Any:
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, pd.Timestamp | datetime):
        return v.isoformat(timespec="seconds")
    if isinstance(v, date):
        return v.isoformat()
    if hasattr(v, "item"):  # numpy scalar
        return v.item()
    return v


def to_csv(frame: pd.DataFrame, ds: Dataset) -> bytes:
    """The table as people open it (`tabular.to_csv`: UTF-8 with a BOM, rounded to each
    field's decimals, formulas neutralised, the `synthetic` column among the fields)."""
    return tabular.to_csv(frame, decimals=ds.decimals)


def to_xlsx(frame: pd.DataFrame, ds: Dataset, *, synthetic: bool) -> bytes:
    """The table as an XLSX workbook (`tabular.to_xlsx`), an `about` sheet naming the
    dataset, its licence and whether it is synthetic. A WKT geometry is left out (too
    long for a cell; the GeoJSON has it)."""
    about = [
        ds.title,
        ds.description_vi,
        ds.description_en,
        f"{LICENSE['title']} ({LICENSE['url']})",
    ]
    if synthetic:
        about.insert(0, "DỮ LIỆU MÔ PHỎNG / SYNTHETIC DATA — not real measurements")
    table = frame.drop(columns=["geometry"]) if ds.spatial == "wkt" else frame
    return tabular.to_xlsx(table, decimals=ds.decimals, sheet=ds.name, about=about)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    cols = list(frame.columns)
    return [
        {c: _cell(v) for c, v in zip(cols, row, strict=True)}
        for row in frame.itertuples(index=False, name=None)
    ]


def to_geojson(frame: pd.DataFrame, ds: Dataset, layer: str = "") -> bytes:
    """One layer of one geometry type (`spatial.spatial_layers`: MultiPolygons from the
    WKT, else Points at lon/lat, which stay among the properties); `layer`: its key for
    a split dataset. Rows without that geometry are left out (the CSV has them)."""
    found = [x for x in spatial.spatial_layers(frame, ds) if x.key == layer]
    if not found:  # no row has a geometry (e.g. no dead spot yet): an empty layer
        name = spatial.layer_name(ds.name, *layer.split("-"))
        empty = frame.iloc[:0].drop(columns=["geometry"], errors="ignore")
        return geojson.dumps(geojson.feature_collection(empty, name=name, geometry=[]))
    one = found[0]
    doc = geojson.feature_collection(
        one.frame, name=one.name, geometry=list(one.geometries), keep_lonlat=True
    )
    return geojson.dumps(doc)


def to_gpkg(frame: pd.DataFrame, ds: Dataset) -> bytes:
    """A GeoPackage with every layer of the dataset (`spatial.to_gpkg`)."""
    layers = spatial.spatial_layers(frame, ds)
    if not layers:  # no row has a geometry yet: one empty layer, still a valid file
        kind = spatial.MULTIPOLYGON if ds.spatial == "wkt" else spatial.POINT
        empty = frame.iloc[:0].drop(columns=["geometry"], errors="ignore")
        layers = [spatial.Layer(spatial.layer_name(ds.name), "", kind, empty, ())]
    return spatial.to_gpkg(layers)


def to_parquet(frame: pd.DataFrame, ds: Dataset, metadata: dict[str, str] | None = None) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    f = frame.copy()
    for field in ds.fields:
        if field.type == "date":
            f[field.name] = pd.to_datetime(f[field.name]).dt.date
    table = pa.Table.from_pandas(f, preserve_index=False)
    if metadata:
        table = table.replace_schema_metadata(
            {
                **(table.schema.metadata or {}),
                **{k.encode(): v.encode() for k, v in metadata.items()},
            }
        )
    buf = io.BytesIO()
    pq.write_table(table, buf)
    return buf.getvalue()


def render(
    fmt: str, frame: pd.DataFrame, ds: Dataset, *, synthetic: bool, layer: str = ""
) -> bytes:
    if fmt == "csv":
        return to_csv(frame, ds)
    if fmt == "xlsx":
        return to_xlsx(frame, ds, synthetic=synthetic)
    if fmt == "geojson":
        return to_geojson(frame, ds, layer)
    if fmt == "gpkg":
        return to_gpkg(frame, ds)
    if fmt == "parquet":
        return to_parquet(
            frame, ds, {"hatang:dataset": ds.name, "hatang:synthetic": str(synthetic).lower()}
        )
    raise ValueError(fmt)


def table_schema(ds: Dataset) -> dict[str, Any]:
    fields = []
    for f in ds.fields:
        d: dict[str, Any] = {"name": f.name, "type": f.type, "description": f.description}
        if f.unit:
            d["unit"] = f.unit
        fields.append(d)
    return {"fields": fields, "primaryKey": list(ds.primary_key), "missingValues": [""]}


def datapackage(
    ds: Dataset,
    *,
    synthetic: bool,
    publisher: str,
    modified: str,
    rows: int,
    layers: Sequence[str] = (),
) -> dict[str, Any]:
    """A Frictionless Data Package listing every file the dataset offers (`files_of`);
    paths are relative to the descriptor. The CSV is the tabular resource with the
    table schema; the others are files (`type: file`) with their media types."""
    keywords = list(ds.tags) + (["synthetic"] if synthetic else [])
    resources: list[dict[str, Any]] = []
    for f in files_of(ds, layers):
        res: dict[str, Any] = {
            "name": f.name.rsplit(".", 1)[0].lower() + ("" if f.fmt == "csv" else f"-{f.fmt}"),
            "path": f.name,
            "format": FORMATS[f.fmt][0],
            "mediatype": f.mediatype,
            "title": f"{ds.title} ({f.label})",
        }
        if f.fmt == "csv":
            res["name"] = ds.name
            res.update(
                profile="tabular-data-resource",
                encoding="utf-8-sig",
                description=f"{rows} rows",
                schema=table_schema(ds),
            )
        else:
            res.update(type="file", profile="data-resource")
            if f.layer:
                res["description"] = f"layer {f.layer}"
        resources.append(res)
    return {
        "name": ds.name,
        "title": ds.title,
        "description": ds.description_en
        + (" SYNTHETIC DATA (dữ liệu mô phỏng)." if synthetic else ""),
        "keywords": keywords,
        "licenses": [{"name": LICENSE["id"], "path": LICENSE["url"], "title": LICENSE["title"]}],
        "contributors": [{"title": publisher, "role": "publisher"}],
        "created": modified,
        "synthetic": synthetic,
        "resources": resources,
    }
