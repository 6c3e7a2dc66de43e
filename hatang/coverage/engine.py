"""The coverage engine: received power of many radios over a grid or at given points.

Pure numpy (float32 on the grid), no file or database code. The public API:

``prepare(cells, settings, *, margin_db=0.0) -> Radios``
    Turn a cells frame into arrays. Columns: ``x``, ``y`` (projected metres),
    ``height_m``, ``eirp_dbm``, ``band_mhz``, ``technology`` ('2G'…'5G'), ``operator``;
    optional ``bandwidth_mhz`` (NaN: 10 MHz for 4G), ``azimuth_deg`` (NaN: omni),
    ``beamwidth_deg`` (NaN: 65°), ``environment`` (NaN: settings.environment) and
    ``offset_db`` (a calibration offset added to the received power). Each radio gets its
    evaluation radius: the distance at which its boresight received power falls to its
    technology's threshold (plus the indoor margin, minus ``margin_db``), from the
    model's analytic inverse (``propagation.max_distance_km``). Beyond it the radio
    cannot cover anything, so the cutoff loses nothing for coverage.

``compute_grid(radios, grid, *, workers=1, progress=None) -> GridPower``
    Best received power per (operator, technology) group on every grid cell, tile by
    tile: sites are assigned once to the tiles their windows meet (`sites.assign`),
    each tile is computed from its own sites (`kernel.evaluate_tile`); ``workers`` > 1
    runs the tiles on that many forked processes writing into one shared array
    (`hatang.coverage.workers`). Radios on one site share the distance and
    bearing arrays; each sector adds only its pattern. Cells that no radio reaches hold
    ``NO_SIGNAL`` (−250 dBm). The result does not depend on the tiling or the workers,
    bit for bit.

``compute_tile(radios, grid, tile, sites=None) -> (ndarray, evaluations)``
    One tile on its own (the unit of work a scheduler would hand out).

``received_power(cells, points, settings) -> ndarray (n_points, n_cells)``
    Received power (dBm; RSRP for 4G/5G) of every cell at every point, no cutoff:
    dense, for small problems and tests.

``best_received_power(cells, points, settings, *, margin_db=20) -> ndarray (n_points,)``
    Best received power over the cells at each point (NO_SIGNAL beyond every radius);
    ``best_received_power_of(radios, points)`` the same for prepared radios.

``covered_mask(cells, points, settings) -> bool ndarray (n_points,)`` and
``coverage_matrix(cells, points, settings) -> scipy.sparse.csr_matrix`` (points × cells,
True where that cell alone covers that point) — what the planner scores candidate
sites with: the same models, thresholds, indoor margin and cutoff as the grid.

Received power = EIRP − 10 log10(subcarriers) (4G/5G) − path loss − pattern loss +
offset; "covered" = received power − indoor margin ≥ the technology's threshold.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy import sparse

from hatang.coverage import kernel
from hatang.coverage import points as points_
from hatang.coverage import workers as workers_
from hatang.coverage.grid import Grid, Tile
from hatang.coverage.radios import REQUIRED_COLUMNS, Radios, prepare
from hatang.coverage.sites import Sites, assign, group_sites
from hatang.coverage.terrain_grid import Terrain, site_losses
from hatang.coverage.terrain_points import best_over_terrain
from hatang.settings import CoverageSettings

__all__ = [
    "NO_SIGNAL",
    "REQUIRED_COLUMNS",
    "GridPower",
    "Radios",
    "best_received_power",
    "best_received_power_of",
    "compute_grid",
    "compute_tile",
    "coverage_matrix",
    "covered_mask",
    "prepare",
    "received_power",
]

NO_SIGNAL = np.float32(-250.0)


# ---- grid ---------------------------------------------------------------------------


@dataclass
class GridPower:
    """Best received power (dBm, float32) per group on the grid: shape (groups, ny, nx)."""

    grid: Grid
    groups: list[tuple[str, str]]
    best: NDArray[np.float32]
    thresholds: NDArray[np.float64]  # per group
    indoor_margin_db: float
    evaluations: int  # radio × grid-cell evaluations done

    def covered(self, group: int) -> NDArray[np.bool_]:
        covered: NDArray[np.bool_] = (self.best[group] - self.indoor_margin_db) >= self.thresholds[
            group
        ]
        return covered

    def group_indices(
        self, *, operator: str | None = None, technology: str | None = None
    ) -> list[int]:
        return [
            i
            for i, (op, t) in enumerate(self.groups)
            if (operator is None or op == operator) and (technology is None or t == technology)
        ]

    def covered_any(
        self, *, operator: str | None = None, technology: str | None = None
    ) -> NDArray[np.bool_]:
        out = np.zeros(self.grid.shape, dtype=bool)
        for g in self.group_indices(operator=operator, technology=technology):
            out |= self.covered(g)
        return out

    def operators_covering(self, technology: str | None = None) -> NDArray[np.int8]:
        """Number of operators whose signal covers each grid cell."""
        ops = sorted({op for op, _ in self.groups})
        count = np.zeros(self.grid.shape, dtype=np.int8)
        for op in ops:
            count += self.covered_any(operator=op, technology=technology).astype(np.int8)
        return count

    def best_any(self, technology: str | None = None) -> NDArray[np.float32]:
        idx = self.group_indices(technology=technology)
        if not idx:
            return np.full(self.grid.shape, NO_SIGNAL, dtype=np.float32)
        best: NDArray[np.float32] = self.best[idx].max(axis=0)
        return best


def compute_tile(
    radios: Radios, grid: Grid, tile: Tile, sites: Sites | None = None
) -> tuple[NDArray[np.float32], int]:
    """Best received power per group over one tile: (groups, rows, cols), evaluations.

    The unit of work of `compute_grid`, usable on its own (e.g. as a task on another
    machine): given `sites` (from `group_sites`) it needs nothing beyond the tile.
    `evaluations` counts radio × grid-cell pairs assessed (a site's sectors of one
    operator are assessed together in one pass, see `sites.Buckets`).
    """
    sites = group_sites(radios) if sites is None else sites
    plan = assign(sites, dataclasses.replace(grid, tile_cells=max(grid.nx, grid.ny)))
    best = np.full((len(radios.groups), tile.rows, tile.cols), NO_SIGNAL, dtype=np.float32)
    ids = plan.sites_of(0)
    n = kernel.evaluate_tile(radios, sites, plan.window, ids, grid, tile, best)
    return best, n


def compute_grid(
    radios: Radios,
    grid: Grid,
    *,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
    terrain: Terrain | None = None,
) -> GridPower:
    """Best received power per group on every grid cell (see module docstring); with
    `terrain`, each site's terrain loss over its window is subtracted (`terrain_grid`)."""
    sites = group_sites(radios)
    plan = assign(sites, grid)
    extra = site_losses(terrain, grid, radios, sites, plan.window) if terrain else None
    job = workers_.Job(radios, sites, plan, grid, NO_SIGNAL, extra)
    # the tiles with most work first, so that workers finish together
    order = sorted(range(len(plan.tiles)), key=lambda t: -plan.cells(t))
    best, evaluations = workers_.run_tiles(job, order, workers, progress)
    thresholds = np.array(
        [
            radios.threshold[radios.group == g][0] if (radios.group == g).any() else np.inf
            for g in range(len(radios.groups))
        ]
    )
    return GridPower(grid, radios.groups, best, thresholds, radios.indoor_margin_db, evaluations)


# ---- points -------------------------------------------------------------------------


def _points(points: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    return pts[:, 0], pts[:, 1]


def received_power(
    cells: pd.DataFrame, points: ArrayLike, settings: CoverageSettings
) -> NDArray[np.float32]:
    """(n_points, n_cells) received power in dBm, no cutoff (dense: small problems)."""
    radios = prepare(cells, settings)
    px, py = _points(points)
    radio = np.tile(np.arange(len(radios)), len(px))
    point = np.repeat(np.arange(len(px)), len(radios))
    rx = points_.received_at(radios, radio, px[point], py[point])
    return rx.reshape(len(px), len(radios))


def best_received_power(
    cells: pd.DataFrame,
    points: ArrayLike,
    settings: CoverageSettings,
    *,
    margin_db: float = 20.0,
    terrain: Terrain | None = None,
    grid: Grid | None = None,
) -> NDArray[np.float32]:
    """Best received power over the cells at each point (exact down to threshold −
    margin_db); with `terrain` (the DEM on `grid`), less each site's terrain loss at the
    grid cell of the point, as the grid run has it (`terrain_points`)."""
    radios = prepare(cells, settings, margin_db=margin_db)
    return best_received_power_of(radios, points, terrain=terrain, grid=grid)


def best_received_power_of(
    radios: Radios,
    points: ArrayLike,
    *,
    terrain: Terrain | None = None,
    grid: Grid | None = None,
) -> NDArray[np.float32]:
    """`best_received_power` of radios already prepared (with the margin they were
    prepared with), so that one `prepare` serves several subsets (`Radios.take`)."""
    px, py = _points(points)
    if terrain is not None:
        if grid is None:
            raise ValueError("terrain needs the grid it lies on")
        return best_over_terrain(terrain, grid, radios, px, py, NO_SIGNAL)
    return points_.best_at(radios, px, py, NO_SIGNAL)


def coverage_matrix(
    cells: pd.DataFrame, points: ArrayLike, settings: CoverageSettings
) -> sparse.csr_matrix:
    """Sparse bool (n_points, n_cells): True where the cell alone covers the point."""
    radios = prepare(cells, settings)
    px, py = _points(points)
    rows: list[NDArray[np.int64]] = []
    cols: list[NDArray[np.int64]] = []
    for p in points_.pairs(radios, px, py):
        ok = (p.rx - radios.indoor_margin_db) >= radios.threshold[p.radio]
        rows.append(p.point[ok])
        cols.append(p.radio[ok])
    r = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    c = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
    data = np.ones(r.size, dtype=bool)
    return sparse.csr_matrix((data, (r, c)), shape=(len(px), len(radios)), dtype=bool)


def covered_mask(
    cells: pd.DataFrame, points: ArrayLike, settings: CoverageSettings
) -> NDArray[np.bool_]:
    """True where at least one of the cells covers the point."""
    m = coverage_matrix(cells, points, settings)
    return np.asarray(m.getnnz(axis=1) > 0)
