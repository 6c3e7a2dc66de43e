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
    xs, ys = grid.xs(), grid.ys()
    home_r, home_c, _ = grid.index(x, y)
    live = np.flatnonzero(pop != 0)
    xl, yl, rl = x[live], y[live], radius[live]
    c0, c1 = np.searchsorted(xs, xl - rl), np.searchsorted(xs, xl + rl, side="right")
    r0, r1 = np.searchsorted(-ys, -(yl + rl)), np.searchsorted(-ys, -(yl - rl), side="right")
    w, h = np.maximum(c1 - c0, 0), np.maximum(r1 - r0, 0)
    size = w * h
    # the villages' boxes of candidate cells, a few million cells at a time
    chunk = np.cumsum(size) // _CHUNK_CELLS
    bounds = np.searchsorted(chunk, np.arange(int(chunk[-1]) + 2)) if len(live) else [0, 0]
    owners, cells = [], []
    for a, b in zip(bounds[:-1], bounds[1:], strict=False):
        if a == b:
            continue
        box = slice(a, b)
        owner, cell = _in_discs(
            xs, ys, xl[box], yl[box], rl[box], r0[box], c0[box], w[box], size[box], grid.nx
        )
        owners.append(owner + a)
        cells.append(cell)
    owner = np.concatenate(owners) if owners else np.zeros(0, dtype=np.int64)
    cell = np.concatenate(cells) if cells else np.zeros(0, dtype=np.int64)
    hits = np.bincount(owner, minlength=len(live))
    # a village whose disc holds no cell centre: its whole population on its own cell
    alone = np.flatnonzero(hits == 0)
    who = np.concatenate([owner, alone])
    flat = np.concatenate([cell, home_r[live[alone]] * grid.nx + home_c[live[alone]]])
    order = np.argsort(who, kind="stable")  # village order; each box's own order kept
    who, flat = who[order], flat[order].astype(np.int64)
    count = np.maximum(hits, 1)
    amount = np.repeat(pop[live] / count, count)
    return _assemble(grid, [live[who]], [flat], [amount])


#: candidate cells tested at once by `spread_villages` (about 100 MB of work arrays)
_CHUNK_CELLS = 1 << 22


def _in_discs(
    xs: NDArray[np.float64],
    ys: NDArray[np.float64],
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    r: NDArray[np.float64],
    r0: NDArray[np.int64],
    c0: NDArray[np.int64],
    w: NDArray[np.int64],
    size: NDArray[np.int64],
    nx: int,
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """(village, flat cell) of the cell centres within each village's disc: every box
    at once (10⁵ villages in a country: a loop over them cost seconds), each walked row
    by row as np.nonzero does and tested with the same float64 operations as one
    village's box alone, so the entries and their order are a village-by-village loop's."""
    owner = np.repeat(np.arange(len(x)), size)
    k = np.arange(int(size.sum())) - np.repeat(np.cumsum(size) - size, size)
    width = np.maximum(w[owner], 1)
    row, col = r0[owner] + k // width, c0[owner] + k % width
    dx = xs[col] - x[owner]
    dy = ys[row] - y[owner]
    inside = dx * dx + dy * dy <= r[owner] * r[owner]
    return owner[inside], (row * nx + col)[inside].astype(np.int64)


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
