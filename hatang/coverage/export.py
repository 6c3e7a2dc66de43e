"""Files of a coverage run under output/coverage/ (always rebuildable from the store):

* ``<run>.tif`` — best received power of any operator (dBm, float32, the grid's CRS,
  no-data −250), tagged with the run, technology and the synthetic flag; a terrain run
  asked for it (`--terrain-band`) has a second band, the terrain's loss of each cell's
  best signal (dB: the flat network's best power less the terrain run's);
* ``<run>.png`` + ``<run>.png.json`` — the same as classes for the web, reprojected to
  WGS 84 (nearest neighbour) with its bounds in the sidecar: good (≥ good threshold,
  dark green), fair (≥ service threshold, light green), none (transparent); beside it
  ``<run>.pgw`` (world file) and ``<run>.png.aux.xml`` (its CRS), so GIS tools place it;
* ``<run>-classes.tif`` — the same classes as a georeferenced GeoTIFF overview (WGS 84,
  one byte band with the PNG's colour table and the class names);
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
    terrain_loss: np.ndarray | None = None  # dB, NaN where no site reaches


def write_outputs(ws: Workspace, r: CoverageResult) -> dict[str, Path]:
    out = ws.output_dir / "coverage"
    out.mkdir(parents=True, exist_ok=True)
    gj = out / f"{r.run_id}-deadspots.geojson"
    if r.areas is not None:
        files = _write_blocks(ws, r, out / r.run_id)
        crs = None  # outlines are stored as WGS 84 WKT already
    else:
        raster = Raster(
            r.grid, r.best_power(), r.run_id, r.technology, r.operator, r.synthetic,
            r.terrain_loss(),
        )  # fmt: skip
        files = _write_raster(ws, raster, out / r.run_id)
        crs = r.grid.crs
    gj.write_bytes(
        dumps(dead_spots_geojson(r.dead_spots, crs, synthetic=r.synthetic, run_id=r.run_id))
    )
    return {**files, "geojson": gj}


def _write_raster(ws: Workspace, raster: Raster, stem: Path) -> dict[str, Path]:
    tif, png = stem.with_name(stem.name + ".tif"), stem.with_name(stem.name + ".png")
    classes = stem.with_name(stem.name + "-classes.tif")
    with warnings.catch_warnings():  # rasterio's own use of `Affine * tuple` (affine ≥ 3.1)
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        write_geotiff(tif, raster)
        write_png(png, raster, ws, classes)
    return {"geotiff": tif, "png": png, "classes": classes}


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
        count=1 if r.terrain_loss is None else 2,
        dtype="float32",
        crs=g.crs,
        transform=g.transform(),
        nodata=float(engine.NO_SIGNAL),
        compress="deflate",
    ) as dst:
        dst.write(best.astype(np.float32), 1)
        dst.set_band_description(1, BAND_DESCRIPTION)
        dst.set_band_unit(1, "dBm")
        if r.terrain_loss is not None:
            # NaN → the file's no-data value, so GIS tools mask it as band 1's
            band = np.where(np.isnan(r.terrain_loss), engine.NO_SIGNAL, r.terrain_loss)
            dst.write(band.astype(np.float32), 2)
            dst.set_band_description(2, TERRAIN_BAND_DESCRIPTION)
            dst.set_band_unit(2, "dB")
        dst.update_tags(
            run_id=r.run_id,
            technology=r.technology,
            operator=r.operator,
            unit="dBm",
            synthetic=str(r.synthetic).lower(),
            label=SYNTHETIC_LABEL if r.synthetic else "",
        )


#: the GeoTIFF's band as GIS tools show it
BAND_DESCRIPTION = "best received power of any operator (RSRP for 4G/5G, RSCP for 3G)"
#: the optional second band of a terrain run (`hatang coverage --terrain-band`)
TERRAIN_BAND_DESCRIPTION = (
    "terrain loss of the best signal (dB): flat run's best power − this run's"
)
#: class → RGBA of the PNG and the overview's colour table: none, fair, good
PALETTE = ((0, 0, 0, 0), (120, 200, 120, 160), (0, 120, 50, 190))
CLASS_NAMES = ("none / không có sóng", "fair / sóng trung bình", "good / sóng tốt")


def coverage_classes(best: np.ndarray, fair: float, good: float) -> np.ndarray:
    """0 none, 1 fair (>= fair dBm), 2 good (>= good dBm)."""
    return np.where(best >= good, 2, np.where(best >= fair, 1, 0)).astype(np.uint8)


def world_file(transform: Any) -> str:
    """The six lines of an ESRI world file for an affine transform: pixel sizes,
    rotations, then the *centre* of the top-left pixel (the transform gives its corner)."""
    a, b, c, d, e, f = transform.a, transform.b, transform.c, transform.d, transform.e, transform.f
    x0, y0 = c + a / 2 + b / 2, f + d / 2 + e / 2
    return "".join(f"{v:.12g}\n" for v in (a, d, b, e, x0, y0))


def thresholds(ws: Workspace, technology: str) -> tuple[float, float]:
    """(fair, good) in dBm indoors: the service threshold and the good-signal one."""
    cs = ws.settings.coverage
    fair = threshold_dbm(cs, technology) + cs.indoor_margin_db
    good = (
        threshold_dbm(cs, "4G", good=True) if technology == "4G" else fair + 10
    ) + cs.indoor_margin_db
    return fair, good


def to_wgs84(classes: np.ndarray, g: Grid) -> tuple[np.ndarray, Any]:
    """The classes reprojected to WGS 84 (nearest neighbour) and their transform."""
    from rasterio.warp import Resampling, calculate_default_transform, reproject

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
    return warped, transform


def write_png(path: Path, r: Raster, ws: Workspace, overview: Path | None = None) -> None:
    """The PNG for the web map (+ sidecar, world file, CRS) and, given `overview`, the
    classes as a GeoTIFF with a colour table."""
    import rasterio

    fair, good = thresholds(ws, r.technology)
    warped, transform = to_wgs84(coverage_classes(r.best, fair, good), r.grid)
    height, width = warped.shape
    rgba = np.array(PALETTE, dtype=np.uint8)[warped].transpose(2, 0, 1)
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
    path.with_suffix(".pgw").write_text(world_file(transform), encoding="ascii")
    if overview is not None:
        write_overview(overview, warped, transform, r)
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


def write_overview(path: Path, classes: np.ndarray, transform: Any, r: Raster) -> None:
    """The coverage classes (WGS 84) as a GeoTIFF with the PNG's colour table."""
    import rasterio

    height, width = classes.shape
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        height=height,
        width=width,
        count=1,
        dtype="uint8",
        crs="EPSG:4326",
        transform=transform,
        nodata=0,  # class 0 (no signal) transparent, as on the PNG
        compress="deflate",
    ) as dst:
        dst.write(classes, 1)
        dst.write_colormap(1, dict(enumerate(PALETTE)))
        dst.set_band_description(
            1, "coverage class: " + ", ".join(f"{i} {n}" for i, n in enumerate(CLASS_NAMES))
        )
        dst.update_tags(
            run_id=r.run_id,
            technology=r.technology,
            synthetic=str(r.synthetic).lower(),
            label=SYNTHETIC_LABEL if r.synthetic else "",
        )


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
