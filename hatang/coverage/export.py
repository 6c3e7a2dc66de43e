"""Files of a coverage run under output/coverage/ (always rebuildable from the store):

* ``<run>.tif`` — best received power of any operator (dBm, float32, the grid's CRS,
  no-data −250), tagged with the run, technology and the synthetic flag;
* ``<run>.png`` + ``<run>.png.json`` — the same as classes for the web, reprojected to
  WGS 84 (nearest neighbour) with its bounds in the sidecar: good (≥ good threshold,
  dark green), fair (≥ service threshold, light green), none (transparent);
* ``<run>-deadspots.geojson`` — the modelled dead spots (WGS 84) with their figures.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import shapely

from hatang.coverage import engine
from hatang.coverage.grid import Grid, to_lonlat
from hatang.coverage.link import threshold_dbm
from hatang.coverage.result import CoverageResult
from hatang.publish.geojson import dumps, feature_collection
from hatang.publish.spatial import layer_name

if TYPE_CHECKING:
    from hatang.store.workspace import Workspace

SYNTHETIC_LABEL = "dữ liệu mô phỏng / synthetic data"


@dataclass(frozen=True)
class Raster:
    """One grid's best power of a run's scope, with what the files are tagged with."""

    grid: Grid
    best: np.ndarray
    run_id: str
    technology: str
    operator: str
    synthetic: bool


def write_outputs(ws: Workspace, r: CoverageResult) -> dict[str, Path]:
    out = ws.output_dir / "coverage"
    out.mkdir(parents=True, exist_ok=True)
    gj = out / f"{r.run_id}-deadspots.geojson"
    if r.areas is not None:
        files = _write_blocks(ws, r, out / r.run_id)
        crs = None  # outlines are stored as WGS 84 WKT already
    else:
        raster = Raster(r.grid, r.best_power(), r.run_id, r.technology, r.operator, r.synthetic)
        files = _write_raster(ws, raster, out / r.run_id)
        crs = r.grid.crs
    gj.write_bytes(
        dumps(dead_spots_geojson(r.dead_spots, crs, synthetic=r.synthetic, run_id=r.run_id))
    )
    return {**files, "geojson": gj}


def _write_raster(ws: Workspace, raster: Raster, stem: Path) -> dict[str, Path]:
    tif, png = stem.with_name(stem.name + ".tif"), stem.with_name(stem.name + ".png")
    with warnings.catch_warnings():  # rasterio's own use of `Affine * tuple` (affine ≥ 3.1)
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        write_geotiff(tif, raster)
        write_png(png, raster, ws)
    return {"geotiff": tif, "png": png}


def _write_blocks(ws: Workspace, r: CoverageResult, folder: Path) -> dict[str, Path]:
    """An area-by-area run: a GeoTIFF and PNG per area (per block where an area has
    several) under output/coverage/<run>/, each in its area's CRS."""
    folder.mkdir(parents=True, exist_ok=True)
    assert r.areas is not None
    many = {b.area for b in r.areas.blocks if b.block > 0}
    for b in r.areas.blocks:
        name = f"{b.area}-{b.block + 1}" if b.area in many else b.area
        raster = Raster(b.grid, b.best, r.run_id, r.technology, r.operator, r.synthetic)
        _write_raster(ws, raster, folder / name)
    return {"folder": folder}


def write_geotiff(path: Path, r: Raster) -> None:
    import rasterio

    g, best = r.grid, r.best
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        height=g.ny,
        width=g.nx,
        count=1,
        dtype="float32",
        crs=g.crs,
        transform=g.transform(),
        nodata=float(engine.NO_SIGNAL),
        compress="deflate",
    ) as dst:
        dst.write(best.astype(np.float32), 1)
        dst.update_tags(
            run_id=r.run_id,
            technology=r.technology,
            operator=r.operator,
            unit="dBm",
            synthetic=str(r.synthetic).lower(),
            label=SYNTHETIC_LABEL if r.synthetic else "",
        )


def write_png(path: Path, r: Raster, ws: Workspace) -> None:
    import rasterio
    from rasterio.warp import Resampling, calculate_default_transform, reproject

    best = r.best
    cs = ws.settings.coverage
    fair = threshold_dbm(cs, r.technology) + cs.indoor_margin_db
    good = (
        threshold_dbm(cs, "4G", good=True) if r.technology == "4G" else fair + 10
    ) + cs.indoor_margin_db
    classes = np.where(best >= good, 2, np.where(best >= fair, 1, 0)).astype(np.uint8)
    g = r.grid
    left, bottom, right, top = g.bounds
    transform, width, height = calculate_default_transform(
        g.crs, "EPSG:4326", g.nx, g.ny, left, bottom, right, top
    )
    warped = np.zeros((height, width), dtype=np.uint8)
    reproject(
        classes,
        warped,
        src_transform=g.transform(),
        src_crs=g.crs,
        dst_transform=transform,
        dst_crs="EPSG:4326",
        resampling=Resampling.nearest,
        src_nodata=None,
        dst_nodata=0,
    )
    palette = np.array([[0, 0, 0, 0], [120, 200, 120, 160], [0, 120, 50, 190]], dtype=np.uint8)
    rgba = palette[warped].transpose(2, 0, 1)
    with rasterio.open(
        path,
        "w",
        driver="PNG",
        height=height,
        width=width,
        count=4,
        dtype="uint8",
        crs="EPSG:4326",
        transform=transform,
    ) as dst:
        dst.write(rgba)
    west, north = transform.c, transform.f
    east, south = west + transform.a * width, north + transform.e * height
    Path(str(path) + ".json").write_text(
        json.dumps(
            {
                "run_id": r.run_id,
                "bounds": [[south, west], [north, east]],
                "crs": "EPSG:4326",
                "classes": {
                    "good": f">= {good:g} dBm",
                    "fair": f">= {fair:g} dBm",
                    "none": f"< {fair:g} dBm",
                },
                "synthetic": r.synthetic,
                "label": SYNTHETIC_LABEL if r.synthetic else "",
            },
            ensure_ascii=False,
        ),
        encoding="utf-8",
    )
    aux = Path(str(path) + ".aux.xml")
    if aux.exists():
        aux.unlink()


#: the properties of a dead spot in its GeoJSON, in this order (those the frame has)
SPOT_PROPERTIES = [
    "dead_spot_id",
    "scope",
    "technology",
    "population",
    "area_km2",
    "lon",
    "lat",
    "nearest_village_code",
    "nearest_village_name",
    "commune_code",
    "commune_name",
    "commune_code_2024",
    "commune_name_2024",
    "reports",
    "status",
]


def dead_spots_geojson(
    spots: pd.DataFrame, crs: str | None, *, synthetic: bool, run_id: str
) -> dict[str, Any]:
    """FeatureCollection of dead spots; geometry given as shapely (projected, `crs`) or
    WKT (WGS 84, as stored)."""

    def tr(xy: np.ndarray) -> np.ndarray:
        lon, lat = to_lonlat(xy[:, 0], xy[:, 1], crs)
        return np.column_stack([lon, lat])

    geoms = [g if isinstance(g, str) else shapely.transform(g, tr) for g in spots["geometry"]]
    props = spots[[c for c in SPOT_PROPERTIES if c in spots.columns]].assign(synthetic=synthetic)
    return feature_collection(
        props,
        name=layer_name("dead_spots", run_id),  # no spaces: a layer name GIS tools keep
        geometry=geoms,
        keep_lonlat=True,
        members={
            "run_id": run_id,
            "synthetic": synthetic,
            "label": SYNTHETIC_LABEL if synthetic else "",
        },
    )
