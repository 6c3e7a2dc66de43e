"""The units of work of an area-by-area coverage run, as plain functions over plain
data — what a Dask worker (or this process) executes.

* `TileInputs` — one block's radios, sites and spatial index (`sites.assign`), and the
  DEM on the block's grid when the run has terrain; built once per block by the task
  `block_inputs` from the block's radios. Each `tile_powers(inputs, ts)` is one task
  over a few tiles (`TILES_PER_TASK`), `tile_power(inputs, t)` for each: the best
  received power per group over tile t, computed from the sites whose window meets
  it, less their terrain loss over the tile (`tile_terrain`).
* `BlockJob` + `finish_block(job, inputs, tiles, batches)` — one task per block, fed
  the tiles' arrays
  (worker to worker): the block's power, its people (`network.people_on_grid`), the
  people covered per population point and scope, the dead spots of each scope with
  their nearest village, checked against the reports that lie in the area, and the
  raster of the run's scope for the output files. It returns a `BlockResult` of
  small frames and arrays: what the run merges, per population point, exactly.

The same functions run on a cluster and locally, so both give the same results bit
for bit. Pure: no file or database code (a population raster, when configured, is read
from its path, which a worker must see: docs/national.md).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from hatang.coverage import engine, kernel, tables
from hatang.coverage.grid import Grid, Tile, to_xy
from hatang.coverage.network import ALL_OPERATORS, NetworkCoverage, people_on_grid
from hatang.coverage.radios import Radios
from hatang.coverage.sites import Assignment, Sites, assign, group_sites
from hatang.coverage.terrain_grid import Terrain, point_loss, site_radio
from hatang.settings import CoverageSettings

F32 = NDArray[np.float32]


@dataclass
class TileInputs:
    """What every tile task of one block reads (one `block_inputs` task's result)."""

    radios: Radios
    sites: Sites
    plan: Assignment
    grid: Grid
    terrain: Terrain | None = None  # the DEM on the block's grid, when the run has one
    #: the groups whose best power the run's rasters show (its operator's, or all)
    scope: list[int] = field(default_factory=list)
    #: each group's threshold (`thresholds`), once per block rather than per tile
    limits: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))


def block_inputs(
    radios: pd.DataFrame,
    grid: Grid,
    settings: CoverageSettings,
    terrain: Terrain | None,
    technology: str,
    operator: str | None,
) -> TileInputs:
    """A block's `TileInputs` from its radios (lon, lat): projected to the block's CRS,
    prepared, grouped into sites and assigned to its tiles — a task, so that a
    cluster's workers do it side by side while the client cuts the next block (a
    national run's client spent a quarter of its time preparing and shipping them)."""
    x, y = to_xy(radios["lon"].to_numpy(), radios["lat"].to_numpy(), grid.crs)
    prepared = engine.prepare(radios.assign(x=x, y=y), settings)
    sites = group_sites(prepared)
    scope = [
        g
        for g, (op, tech) in enumerate(prepared.groups)
        if tech == technology and (operator is None or op == operator)
    ]
    plan = assign(sites, grid)
    return TileInputs(prepared, sites, plan, grid, terrain, scope, thresholds(prepared))


class _Reused(threading.local):
    """One task thread's kernel scratch and tile buffer, kept from tile to tile (a
    worker runs thousands of tile tasks: a fresh scratch each time was megabytes
    allocated and faulted in per tile). Grown when a tile needs more; per thread, as
    a cluster's worker may run several task threads."""

    def __init__(self) -> None:
        self.scratch = kernel.Scratch(1, 1)
        self.depth = 1
        self.buffer = np.empty(0, dtype=np.float32)

    def scratch_for(self, sites: Sites, rows: int, cols: int) -> kernel.Scratch:
        """A scratch for windows cut to a rows × cols tile (what `kernel.scratch_for`
        sizes, or larger: the kernel takes views of it, never its whole size)."""
        k = sites.buckets.most_sectors if sites.buckets is not None else 1
        if rows > self.scratch.rows or cols > self.scratch.cols or k > self.depth:
            rows, cols = max(rows, self.scratch.rows), max(cols, self.scratch.cols)
            self.depth = max(k, self.depth)
            self.scratch = kernel.Scratch(rows, cols, self.depth)
        return self.scratch

    def out(self, groups: int, rows: int, cols: int) -> F32:
        n = groups * rows * cols
        if len(self.buffer) < n:
            self.buffer = np.empty(n, dtype=np.float32)
        return self.buffer[:n].reshape(groups, rows, cols)


_reused = _Reused()


def tile_power(inputs: TileInputs, t: int) -> tuple[NDArray[np.unsignedinteger], F32, int]:
    """Tile t of the block as its block's task reads it: which groups cover each cell
    (bit g of an unsigned integer per cell), the best power of the run's scope, and the
    radio × grid-cell evaluations done. Bits and one float (5 bytes a cell with up to 8
    groups) instead of every group's power (4 bytes a group): what travels between
    workers is what the block's task uses, a third of it at 3 operators."""
    tile = inputs.plan.tiles[t]
    groups = len(inputs.radios.groups)
    out = _reused.out(groups, tile.rows, tile.cols)
    out[...] = engine.NO_SIGNAL
    ids = inputs.plan.sites_of(t)
    extra = tile_terrain(inputs, ids, tile) if inputs.terrain is not None else None
    scratch = _reused.scratch_for(inputs.sites, tile.rows, tile.cols)
    n = kernel.evaluate_tile(
        inputs.radios, inputs.sites, inputs.plan.window, ids, inputs.grid, tile, out, scratch,
        extra=extra,
    )  # fmt: skip
    limits = inputs.limits
    margin = inputs.radios.indoor_margin_db
    bits = np.zeros((tile.rows, tile.cols), dtype=bits_dtype(groups))
    for g in range(groups):  # engine.GridPower.covered, group by group
        bits |= ((out[g] - margin) >= limits[g]).astype(bits.dtype) << bits.dtype.type(g)
    best = (
        out[inputs.scope].max(axis=0)
        if inputs.scope
        else np.full((tile.rows, tile.cols), engine.NO_SIGNAL, dtype=np.float32)
    )
    return bits, best, n


#: tiles computed by one task (`tile_powers`): each task costs the scheduler and the
#: workers' event loops milliseconds of bookkeeping and messages; 4 tiles (about 1 MB
#: of results) keep a national run's ~1,600 tiles at 100 m to ~400 tasks, still
#: many per worker for the load to balance
TILES_PER_TASK = 4


def tile_powers(
    inputs: TileInputs, ts: list[int]
) -> list[tuple[NDArray[np.unsignedinteger], F32, int]]:
    """`tile_power` of each of these tiles: one task for a few tiles."""
    return [tile_power(inputs, t) for t in ts]


def bits_dtype(groups: int) -> type[np.unsignedinteger]:
    """The smallest unsigned integer with a bit per group."""
    for dtype in (np.uint8, np.uint16, np.uint32, np.uint64):
        if groups <= np.dtype(dtype).itemsize * 8:
            return dtype
    raise ValueError(f"{groups} groups: at most 64 operators per technology")


def tile_terrain(inputs: TileInputs, ids: NDArray[np.int64], tile: Tile) -> dict[int, F32]:
    """The terrain's loss of each site of the tile over its window, filled where the
    window meets the tile (what the kernel reads there): `terrain_grid.point_loss` at
    those cells, the same values a one-grid run's whole windows hold, so each tile
    task computes its own and no window travels between workers."""
    assert inputs.terrain is not None
    out: dict[int, F32] = {}
    for s in ids.tolist():
        r0, r1, c0, c1 = (int(v) for v in inputs.plan.window[s])
        tr0, tr1 = max(r0, tile.row0), min(r1, tile.row0 + tile.rows)
        tc0, tc1 = max(c0, tile.col0), min(c1, tile.col0 + tile.cols)
        if tr0 >= tr1 or tc0 >= tc1:
            continue
        rows, cols = np.mgrid[tr0:tr1, tc0:tc1]
        site = site_radio(inputs.radios, inputs.sites, s)
        loss = point_loss(
            inputs.terrain, inputs.grid, site, (r0, r1, c0, c1), rows.ravel(), cols.ravel()
        )
        full = np.zeros((r1 - r0, c1 - c0), dtype=np.float32)
        full[tr0 - r0 : tr1 - r0, tc0 - c0 : tc1 - c0] = loss.reshape(tr1 - tr0, tc1 - tc0)
        out[s] = full
    return out


@dataclass
class BlockJob:
    """What `finish_block` needs beyond the tiles' arrays."""

    area: str  # the area's code (a 2025 province, or the workspace's province)
    block: int  # its index among the area's blocks
    grid: Grid
    indoor_margin_db: float
    villages: pd.DataFrame  # the block's population points (lon, lat, population, ...)
    point: NDArray[np.int64]  # index of each of them among the run's population points
    reported: pd.DataFrame  # reports lying in the area: dead_spot_id, lon, lat, operator
    settings: CoverageSettings
    technology: str
    operator: str | None  # the run's one operator, else None (all)
    population_raster: Path | None = None


@dataclass
class BlockResult:
    """A block's figures, ready to merge (dead spots' outlines as WGS 84 WKT)."""

    area: str
    block: int
    grid: Grid
    point: NDArray[np.int64]
    totals: NDArray[np.float64]  # people of each population point on this block
    covered: dict[str, NDArray[np.float64]]  # scope → people covered of each point
    spots: pd.DataFrame
    checks: pd.DataFrame
    best: F32  # best power of the run's scope (dBm), for the GeoTIFF and PNG
    evaluations: int
    seconds: float
    radios: int
    people: float = 0.0
    people_covered: float = 0.0
    scopes: list[str] = field(default_factory=list)


def assemble(
    job: BlockJob, plan_tiles: list[tuple[int, int, int, int]], parts: list[NDArray[Any]]
) -> NDArray[Any]:
    """One (ny, nx) array of the block from its tiles' (row0, col0, rows, cols)."""
    out = np.empty((job.grid.ny, job.grid.nx), dtype=parts[0].dtype if parts else np.float32)
    for (r0, c0, rows, cols), part in zip(plan_tiles, parts, strict=True):
        out[r0 : r0 + rows, c0 : c0 + cols] = part
    return out


def thresholds(radios: Radios) -> NDArray[np.float64]:
    """Each group's threshold (that of its first radio; inf for a group without one)."""
    return np.array(
        [
            radios.threshold[radios.group == g][0] if (radios.group == g).any() else np.inf
            for g in range(len(radios.groups))
        ]
    )


def finish_block(
    job: BlockJob,
    inputs: TileInputs,
    tiles: list[tuple[int, int, int, int]],
    batches: list[list[tuple[NDArray[np.unsignedinteger], F32, int]]],
) -> BlockResult:
    """The block's figures from its tiles' coverage bits and power (module docstring),
    given as `tile_powers`' lists, in the order of `tiles`."""
    started = time.perf_counter()
    results = [r for batch in batches for r in batch]
    groups = inputs.radios.groups
    bits = assemble(job, tiles, [r[0] for r in results])
    best = assemble(job, tiles, [r[1] for r in results])
    evaluations = int(sum(r[2] for r in results))
    # the per-group power stays with the tiles: the block has the scope's best power
    power = engine.GridPower(
        job.grid, [], best[None], np.zeros(0), job.indoor_margin_db, evaluations
    )
    people = people_on_grid(job.grid, job.villages, job.settings, job.population_raster)
    network = NetworkCoverage(
        grid=job.grid,
        power=power,
        people=people,
        technology=job.technology,
        covered=_covered_scopes(bits, groups, job.technology),
        radios=len(inputs.radios),
        skipped_cells=0,
        seconds=0.0,
    )
    n = len(job.villages)
    covered = {s: people.village_covered(m, n) for s, m in network.covered.items()}
    scopes = [job.operator] if job.operator else network.scopes
    spots, checks = _spots(network, job, scopes)
    scope = job.operator or ALL_OPERATORS
    return BlockResult(
        area=job.area,
        block=job.block,
        grid=job.grid,
        point=job.point,
        totals=people.village_totals(n),
        covered=covered,
        spots=spots,
        checks=checks,
        best=best,
        evaluations=evaluations,
        seconds=time.perf_counter() - started,
        radios=len(inputs.radios),
        people=people.total,
        people_covered=float(people.people[network.mask(scope)].sum()),
        scopes=network.scopes,
    )


def _covered_scopes(
    bits: NDArray[np.unsignedinteger], groups: list[tuple[str, str]], technology: str
) -> dict[str, NDArray[np.bool_]]:
    """`network.covered_scopes` from the groups' coverage bits: 'any' and each operator
    with radios here, the union of its groups of the technology."""

    def union(operator: str | None) -> NDArray[np.bool_]:
        mask = 0
        for g, (op, tech) in enumerate(groups):
            if tech == technology and (operator is None or op == operator):
                mask |= 1 << g
        covered: NDArray[np.bool_] = (bits & bits.dtype.type(mask)) != 0
        return covered

    operators = sorted({op for op, _ in groups})
    return {s: union(None if s == ALL_OPERATORS else s) for s in [ALL_OPERATORS, *operators]}


def _spots(
    network: NetworkCoverage, job: BlockJob, scopes: list[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(dead spots with outlines as WGS 84 WKT, checks of the area's reports)."""
    spots = tables.dead_spot_rows(network, job.villages, scopes)
    rep = job.reported
    rep = rep.assign(**dict(zip("xy", to_xy(rep["lon"], rep["lat"], job.grid.crs), strict=True)))
    checks, spots = tables.check_reported(spots, rep, job.operator)
    if len(spots):
        spots = spots.assign(geometry=tables.to_wgs84_wkt(spots["geometry"], job.grid.crs))
    return spots.assign(area=job.area, block=job.block), checks
