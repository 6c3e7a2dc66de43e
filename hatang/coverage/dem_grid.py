"""The workspace's DEM on a coverage grid: `terrain/dem.tif` reprojected by rasterio
(bilinear) to the grid's CRS, transform and shape — the shell that feeds the pure
terrain code (`terrain_grid.Terrain`)."""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np

from hatang.coverage.grid import Grid
from hatang.coverage.terrain_grid import Terrain
from hatang.errors import ConfigError


def dem_on_grid(path: Path, grid: Grid, *, k: float, max_edges: int, synthetic: bool) -> Terrain:
    """The DEM at `path` on `grid`; cells the DEM does not reach are 0 m (sea level)."""
    import rasterio
    from rasterio.warp import Resampling, reproject

    if not path.is_file():
        raise ConfigError(
            f"no DEM in this workspace ({path}); import one with `hatang import dem FILE.tif` "
            "/ chưa có mô hình số độ cao"
        )
    out = np.full(grid.shape, np.nan, dtype=np.float32)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PendingDeprecationWarning)  # affine ≥ 3.1 in rasterio
        with rasterio.open(path) as src:
            reproject(
                source=rasterio.band(src, 1),
                destination=out,
                dst_transform=grid.transform(),
                dst_crs=grid.crs,
                dst_nodata=np.nan,
                resampling=Resampling.bilinear,
            )
    out[~np.isfinite(out)] = 0.0
    return Terrain(out, k=k, max_edges=max_edges, synthetic=synthetic)
