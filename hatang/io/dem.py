"""`hatang import dem FILE.tif`: a digital elevation model the user brings (SRTM 1″/3″,
Copernicus GLO-30, a national DEM), in any CRS, one tile per import.

Each tile is archived under its hash like every imported file and kept under
`terrain/tiles/`; after each import the tiles are merged into `terrain/dem.tif`
(one raster in the first tile's CRS, voids filled from their neighbours), which each
coverage grid reprojects itself (`hatang.coverage.dem_grid`). Importing a tile again
changes nothing. A file that is not a one-band elevation raster with a CRS is refused
with the reason, and the stored DEM stays as it was.
"""

from __future__ import annotations

import math
import os
import shutil
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from hatang.errors import ImportFailed, Problem
from hatang.io.reasons import reason
from hatang.io.report import ImportReport
from hatang.store import db
from hatang.store.workspace import Workspace

KIND = "dem"
#: heights outside this range are voids whatever the file's nodata says (SRTM: −32768)
PLAUSIBLE_M = (-500.0, 9_000.0)
#: voids are filled from valid cells up to this many cells away; farther ones become 0 m
FILL_DISTANCE_CELLS = 100


def import_dem(
    ws: Workspace,
    path: Path,
    *,
    file: str,
    synthetic: bool = False,
    progress: Callable[[str], None] | None = None,
) -> ImportReport:
    """Archive, check and add one DEM tile, then rebuild the merged DEM."""
    with warnings.catch_warnings():  # rasterio's own use of `Affine * tuple` (affine ≥ 3.1)
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        return _import(ws, path, file, synthetic, progress or (lambda _m: None))


def _import(
    ws: Workspace, path: Path, file: str, synthetic: bool, step: Callable[[str], None]
) -> ImportReport:
    sha256, _raw = ws.archive(path)
    with ws.connect() as con:
        previous = db.find_import(con, KIND, sha256, None)
        if previous is not None:
            return ImportReport(
                KIND,
                file,
                sha256,
                None,
                already_imported=True,
                previous_import_id=previous,
                synthetic=synthetic,
            )
        step("checking the elevation raster / kiểm tra mô hình số độ cao")
        info = check_tile(path, file)
        tiles = ws.terrain_dir / "tiles"
        tiles.mkdir(parents=True, exist_ok=True)
        kept = tiles / f"{sha256}.tif"
        if not kept.exists():
            shutil.copyfile(path, kept.with_suffix(".part"))
            kept.with_suffix(".part").replace(kept)
        step("merging the tiles / ghép các mảnh")
        merged = merge_tiles(sorted(tiles.glob("*.tif")), ws.dem_path)
        note = (
            f"DEM tile {info['width']}×{info['height']} in {info['crs']}, "
            f"{info['voids']} void cells; merged DEM {merged['width']}×{merged['height']}"
            f" in {merged['crs']}, {merged['tiles']} tile(s), {merged['filled']} voids filled"
        )
        import_id = db.record_import(
            con,
            kind=KIND,
            file_name=file,
            sha256=sha256,
            period=None,
            encoding=None,
            rows_read=info["cells"],
            rows_loaded=info["cells"] - info["voids"],
            rows_rejected=0,
            synthetic=synthetic,
            note=note,
        )
    return ImportReport(
        KIND,
        file,
        sha256,
        None,
        rows_read=info["cells"],
        rows_loaded=info["cells"] - info["voids"],
        import_id=import_id,
        notes=[note],
        synthetic=synthetic,
    )


def _refuse(file: str, reason: str, value: object = None) -> ImportFailed:
    problem = Problem(file, None, None, value, reason, "format")
    return ImportFailed(f"{file}: {reason} / không phải mô hình số độ cao hợp lệ", [problem])


def check_tile(path: Path, file: str) -> dict[str, Any]:
    """What the tile holds, or ImportFailed saying why it is no usable DEM."""
    import rasterio
    from rasterio.errors import RasterioIOError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            src = rasterio.open(path)
    except RasterioIOError as e:
        raise _refuse(file, reason("dem_unreadable", error=str(e).splitlines()[0][:120])) from None
    with src:
        if src.crs is None:
            raise _refuse(file, reason("dem_no_crs"))
        if src.count != 1:
            raise _refuse(file, reason("dem_bands", bands=src.count), src.count)
        z = src.read(1, masked=True).astype("float64")
        valid = _valid(z)
        if not valid.any():
            raise _refuse(file, reason("dem_no_height"))
        return {
            "crs": src.crs.to_string(),
            "width": src.width,
            "height": src.height,
            "cells": int(z.size),
            "voids": int(z.size - valid.sum()),
        }


def _valid(z: np.ma.MaskedArray) -> np.ndarray:
    data = np.ma.getdata(z)
    lo, hi = PLAUSIBLE_M
    return ~np.ma.getmaskarray(z) & np.isfinite(data) & (data >= lo) & (data <= hi)


def merge_tiles(tiles: list[Path], target: Path) -> dict[str, Any]:
    """Merge the tiles into `target` (float32, nodata NaN filled), written atomically."""
    import rasterio
    from rasterio.fill import fillnodata
    from rasterio.merge import merge
    from rasterio.vrt import WarpedVRT

    with rasterio.open(tiles[0]) as first:
        crs = first.crs
    sources = [rasterio.open(t) for t in tiles]
    memories: list[Any] = []
    try:
        warped = [s if s.crs == crs else WarpedVRT(s, crs=crs) for s in sources]
        cleaned = [_as_float(s, memories) for s in warped]
        mosaic, transform = merge(cleaned, nodata=math.nan, dtype="float32")
        for c in cleaned:
            c.close()
    finally:
        for s in sources:
            s.close()
        for m in memories:
            m.close()
    z = mosaic[0]
    voids = ~np.isfinite(z)
    filled = int(voids.sum())
    if filled:
        z = fillnodata(
            np.where(voids, 0, z),
            mask=(~voids).astype("uint8"),
            max_search_distance=FILL_DISTANCE_CELLS,
        )
    z = np.asarray(z, dtype="float32")
    part = target.with_suffix(".part")
    profile = {
        "driver": "GTiff",
        "height": z.shape[0],
        "width": z.shape[1],
        "count": 1,
        "dtype": "float32",
        "crs": crs,
        "transform": transform,
        "compress": "deflate",
    }
    with rasterio.open(part, "w", **profile) as dst:
        dst.write(z, 1)
        dst.set_band_description(1, "elevation (m above sea level)")
        dst.update_tags(1, units="m")
    os.replace(part, target)
    return {
        "crs": crs.to_string(),
        "width": z.shape[1],
        "height": z.shape[0],
        "tiles": len(tiles),
        "filled": filled,
    }


def _as_float(src: Any, memories: list[Any]) -> Any:
    """The tile as an in-memory float32 raster whose voids (nodata, implausible) are NaN
    (its MemoryFile added to `memories`, for the caller to close)."""
    from rasterio.io import MemoryFile

    z = src.read(1, masked=True).astype("float64")
    out = np.where(_valid(z), np.ma.getdata(z), np.nan).astype("float32")
    mem = MemoryFile()
    memories.append(mem)
    profile = {
        "driver": "GTiff",
        "height": out.shape[0],
        "width": out.shape[1],
        "count": 1,
        "dtype": "float32",
        "crs": src.crs,
        "transform": src.transform,
        "nodata": math.nan,
    }
    with mem.open(**profile) as w:
        w.write(out, 1)
    return mem.open()
