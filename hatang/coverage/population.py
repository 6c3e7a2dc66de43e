"""People on the coverage grid, pure (arrays in, arrays out).

Two sources:

* **Village points** (the default): each village's population is spread evenly over
  the grid cells whose centre lies within ``radius_m`` of the village point (a disc,
  ``CoverageSettings.village_radius_m``, default 300 m). When no cell centre is that
  close (radius below about half a cell), the whole population goes to the cell holding
  the point. Cells outside the grid are dropped and the rest re-weighted, and a point
  outside the grid is moved to the nearest edge cell, so every village's population is
  conserved exactly (up to float rounding).
* **A population raster** (GeoTIFF, e.g. WorldPop or a census grid): resampled onto
  the grid by summing (GDAL's ``sum`` resampling, so people are not created or lost by
  the change of cell size), negative and no-data values set to 0, then scaled so the
  total equals the units' population. Each populated grid cell is attributed to its
  nearest village (for village and unit statistics).

Either way the result is a `PopulationGrid`: the people per grid cell and the list of
(village, grid cell, people) entries from which village coverage is computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.spatial import cKDTree

from hatang.coverage.grid import Grid
from hatang.errors import ConfigError


@dataclass
class PopulationGrid:
    grid: Grid
    people: NDArray[np.float64]  # (ny, nx)
    village: NDArray[np.int64]  # entry → village index
    cell: NDArray[np.int64]  # entry → flat grid-cell index (row * nx + col)
    amount: NDArray[np.float64]  # entry → people

    @property
    def total(self) -> float:
        return float(self.people.sum())

    def village_totals(self, n_villages: int) -> NDArray[np.float64]:
        return np.asarray(
            np.bincount(self.village, weights=self.amount, minlength=n_villages), dtype=np.float64
        )

    def village_covered(self, covered: NDArray[np.bool_], n_villages: int) -> NDArray[np.float64]:
        """People of each village living in covered grid cells."""
        flat = covered.ravel()[self.cell]
        out = np.bincount(self.village, weights=self.amount * flat, minlength=n_villages)
        return np.asarray(out, dtype=np.float64)


def spread_villages(
    grid: Grid, x: ArrayLike, y: ArrayLike, population: ArrayLike, radius_m: float | ArrayLike
) -> PopulationGrid:
    """Spread each village's people over a disc of radius_m (see module docstring)."""
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    pop = np.nan_to_num(np.asarray(population, dtype=np.float64), nan=0.0)
    radius = np.broadcast_to(np.asarray(radius_m, dtype=np.float64), x.shape)
    if (pop < 0).any():
        raise ConfigError("village populations must not be negative")
    villages, cells, amounts = [], [], []
    xs, ys = grid.xs(), grid.ys()
    home_r, home_c, _ = grid.index(x, y)
    for v in range(len(x)):
        if pop[v] == 0:
            continue
        r = radius[v]
        c0, c1 = np.searchsorted(xs, x[v] - r), np.searchsorted(xs, x[v] + r, side="right")
        r0, r1 = np.searchsorted(-ys, -(y[v] + r)), np.searchsorted(-ys, -(y[v] - r), side="right")
        flat = np.zeros(0, dtype=np.int64)
        if c0 < c1 and r0 < r1:
            dx = xs[c0:c1][None, :] - x[v]
            dy = ys[r0:r1][:, None] - y[v]
            rr, cc = np.nonzero(dx * dx + dy * dy <= r * r)
            flat = (rr + r0) * grid.nx + (cc + c0)
        if flat.size == 0:
            flat = np.array([home_r[v] * grid.nx + home_c[v]], dtype=np.int64)
        villages.append(np.full(flat.size, v, dtype=np.int64))
        cells.append(flat.astype(np.int64))
        amounts.append(np.full(flat.size, pop[v] / flat.size))
    return _assemble(grid, villages, cells, amounts)


def _assemble(
    grid: Grid,
    villages: list[NDArray[np.int64]],
    cells: list[NDArray[np.int64]],
    amounts: list[NDArray[np.float64]],
) -> PopulationGrid:
    v = np.concatenate(villages) if villages else np.zeros(0, dtype=np.int64)
    c = np.concatenate(cells) if cells else np.zeros(0, dtype=np.int64)
    a = np.concatenate(amounts) if amounts else np.zeros(0)
    counts = np.bincount(c, weights=a, minlength=grid.nx * grid.ny)
    people = np.asarray(counts, dtype=np.float64).reshape(grid.shape)
    return PopulationGrid(grid, people, v, c, a)


def attribute_to_villages(
    grid: Grid, people: NDArray[np.float64], vx: ArrayLike, vy: ArrayLike
) -> PopulationGrid:
    """A people grid (e.g. from a raster) with each populated cell given to its nearest village."""
    flat = np.flatnonzero(people.ravel() > 0)
    xx, yy = grid.centres()
    vx = np.asarray(vx, dtype=np.float64)
    if len(vx) == 0:
        raise ConfigError(
            "a population raster needs village points to attribute people to villages"
        )
    tree = cKDTree(np.column_stack([vx, np.asarray(vy, dtype=np.float64)]))
    _, nearest = tree.query(np.column_stack([xx.ravel()[flat], yy.ravel()[flat]]))
    return _assemble(grid, [np.asarray(nearest, dtype=np.int64)], [flat], [people.ravel()[flat]])


def raster_to_grid(path: Path, grid: Grid, total: float | None = None) -> NDArray[np.float64]:
    """Read a population GeoTIFF onto the grid (sum resampling), scaled to `total`."""
    import rasterio
    from rasterio.warp import Resampling, reproject

    if not Path(path).is_file():
        raise ConfigError(f"coverage.population_raster: {path} does not exist")
    try:
        with rasterio.open(path) as src:
            data = src.read(1, masked=True).astype(np.float64).filled(0.0)
            data[~np.isfinite(data) | (data < 0)] = 0.0
            out = np.zeros(grid.shape, dtype=np.float64)
            reproject(
                data,
                out,
                src_transform=src.transform,
                src_crs=src.crs,
                dst_transform=grid.transform(),
                dst_crs=grid.crs,
                resampling=Resampling.sum,
                src_nodata=None,
                dst_nodata=0.0,
            )
    except rasterio.errors.RasterioError as e:
        raise ConfigError(f"coverage.population_raster: cannot read {path}: {e}") from None
    out[~np.isfinite(out) | (out < 0)] = 0.0
    if total is not None:
        s = out.sum()
        if s <= 0:
            raise ConfigError(
                f"coverage.population_raster: {path} holds no people inside the province's grid"
            )
        out *= total / s
    return out
