"""Model a network area by area (a national workspace: province by province), as tasks
on a `cluster.Runner`, and merge the results exactly.

`model_areas(cells, villages, areas, ...)` projects each area's radios and people into
the area's own CRS, lays the area's grid exactly as a one-province run does
(`network.area_grid`), cuts it into blocks when it is too large (`areas.blocks`) and
submits, per block, one `tasks.tile_powers` task per few tiles and one
`tasks.finish_block` task over their arrays. Merging is exact: every population point lies on one block, so
the people and people covered of each point are taken from that block alone, and the
per-unit sums are made once over all points (`tables.unit_rows_from_points`). Dead
spots are found per block (a dead spot never crosses a province's edge: each province
counts its own people) and numbered nationally, largest population first. With a DEM
the block's grid gets it reprojected here and shipped with the block's inputs; each
tile task adds its sites' terrain loss over the tile (`tasks.tile_terrain`).

Pure apart from the runner it is given (no file or database code).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from hatang.coverage import engine
from hatang.coverage.areas import Area, area_of_points, blocks, reach_box
from hatang.coverage.cluster import Runner
from hatang.coverage.grid import Grid, to_xy
from hatang.coverage.network import ALL_OPERATORS, area_grid, radios_frame, with_xy
from hatang.coverage.tasks import (
    TILES_PER_TASK,
    BlockJob,
    BlockResult,
    block_inputs,
    finish_block,
    tile_powers,
)
from hatang.coverage.terrain_grid import Terrain
from hatang.settings import CoverageSettings

#: what `engine.prepare` reads of a radio, besides the x, y a block's task adds: all a
#: block's task is sent (the register's ids and communes would double its size)
_ENGINE_COLUMNS = (
    "lon", "lat", "operator", "technology", "band_mhz", "bandwidth_mhz", "eirp_dbm",
    "azimuth_deg", "beamwidth_deg", "height_m", "environment", "offset_db",
)  # fmt: skip


@dataclass
class AreasCoverage:
    """A network modelled area by area: figures per population point, the dead spots and
    checks with national ids, and each block's result (for the output files)."""

    technology: str
    operator: str  # 'any' or the run's operator
    resolution: float
    totals: NDArray[np.float64]  # people of each population point
    covered: dict[str, NDArray[np.float64]]  # scope → people covered of each point
    spots: pd.DataFrame
    checks: pd.DataFrame
    blocks: list[BlockResult] = field(default_factory=list)
    point_area: NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, np.int64))
    radios: int = 0
    skipped_cells: int = 0
    seconds: float = 0.0
    runner: str = ""

    @property
    def evaluations(self) -> int:
        return sum(b.evaluations for b in self.blocks)

    @property
    def population(self) -> float:
        return float(self.totals.sum())

    @property
    def population_covered(self) -> float:
        return float(self.covered.get(self.operator, np.zeros(1)).sum())

    @property
    def grid_text(self) -> str:
        cells = sum(b.grid.nx * b.grid.ny for b in self.blocks)
        return f"{len({b.area for b in self.blocks})} areas, {len(self.blocks)} blocks, {cells:,} cells"


@dataclass
class _Run:
    """What every area's tasks are cut from."""

    frame: pd.DataFrame  # the radios to model (lon, lat), one row per radio
    radius: NDArray[np.float64]  # their evaluation radii (m)
    villages: pd.DataFrame
    reported: pd.DataFrame
    report_point: NDArray[np.int64]  # each report's nearest population point
    settings: CoverageSettings
    runner: Runner
    resolution: float
    technology: str
    operator: str | None
    population_raster: Path | None
    terrain: Callable[[Grid], Terrain] | None = None


def model_areas(
    cells: pd.DataFrame,
    villages: pd.DataFrame,
    reported: pd.DataFrame,
    areas: list[Area],
    province_of: Mapping[str, str],
    settings: CoverageSettings,
    runner: Runner,
    *,
    resolution: float,
    technology: str = "4G",
    operator: str | None = None,
    offsets: Mapping[str, float] | None = None,
    population_raster: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    terrain: Callable[[Grid], Terrain] | None = None,
) -> AreasCoverage:
    """Model the cells (lon/lat) over every area on `runner` (module docstring);
    `terrain` gives the DEM on each block's grid when the terrain's loss is added."""
    started = time.perf_counter()
    frame = radios_frame(with_xy(cells, areas[0].crs), settings, technology, operator, offsets)
    skipped = int(frame.attrs.get("skipped_out_of_band", 0))
    frame = frame.reset_index(drop=True)
    radius = engine.prepare(frame, settings).radius_m
    frame = frame[[c for c in _ENGINE_COLUMNS if c in frame.columns]]
    run = _Run(
        frame, radius, villages, reported,
        _nearest_points(reported, villages), settings, runner, resolution, technology,
        operator, population_raster, terrain,
    )  # fmt: skip
    point_area = area_of_points(villages, dict(province_of), areas)
    handles = []
    for a, area in enumerate(areas):
        handles += _submit_area(run, area, np.flatnonzero(point_area == a))
    results: list[BlockResult] = runner.results(handles, progress)
    merged = _merge(results, len(villages), technology, operator, resolution)
    merged.radios, merged.skipped_cells = len(frame), skipped
    merged.point_area = point_area
    merged.seconds = time.perf_counter() - started
    merged.runner = runner.description
    return merged


def _submit_area(run: _Run, area: Area, mine: NDArray[np.int64]) -> list[object]:
    """Submit the tasks of one area's blocks; returns the blocks' handles."""
    v = run.villages.iloc[mine].reset_index(drop=True)
    grid = area_grid(area.bbox, v, run.settings, run.resolution, area.crs)
    vx, vy = to_xy(v["lon"].to_numpy(), v["lat"].to_numpy(), area.crs)
    grids, block_of = blocks(grid, vx, vy, _disc_radius(v, run.settings))
    point_block = np.full(len(run.villages), -1, dtype=np.int64)
    point_block[mine] = block_of
    lon, lat = run.frame["lon"].to_numpy(float), run.frame["lat"].to_numpy(float)
    out = []
    for b, block in enumerate(grids):
        terrain = run.runner.put(run.terrain(block)) if run.terrain is not None else None
        sub = run.frame[reach_box(block, lon, lat, run.radius)]
        inputs = run.runner.submit(
            block_inputs, sub, block, run.settings, terrain, run.technology, run.operator
        )
        here = block_of == b
        job = BlockJob(
            area=area.code,
            block=b,
            grid=block,
            indoor_margin_db=run.settings.indoor_margin_db,
            villages=v[here].reset_index(drop=True),
            point=mine[here],
            reported=run.reported[point_block[run.report_point] == b].reset_index(drop=True)
            if len(run.reported)
            else run.reported,
            settings=run.settings,
            technology=run.technology,
            operator=run.operator,
            population_raster=run.population_raster,
        )
        tiles = list(block.tiles())  # in the order of `sites.assign`'s tiles
        specs = [(t.row0, t.col0, t.rows, t.cols) for t in tiles]
        every = list(range(len(tiles)))
        batches = [every[i : i + TILES_PER_TASK] for i in range(0, len(every), TILES_PER_TASK)]
        parts = [run.runner.submit(tile_powers, inputs, ts) for ts in batches]
        out.append(run.runner.submit(finish_block, job, inputs, specs, parts))
    return out


def _disc_radius(v: pd.DataFrame, settings: CoverageSettings) -> NDArray[np.float64]:
    if "radius_m" in v:
        return v["radius_m"].fillna(settings.village_radius_m).to_numpy(dtype=float)
    return np.full(len(v), settings.village_radius_m)


def _nearest_points(reported: pd.DataFrame, villages: pd.DataFrame) -> NDArray[np.int64]:
    """Each report's nearest population point, whose area and block then check it
    (distances in degrees scaled by cos(latitude): enough to tell provinces apart)."""
    if reported.empty or villages.empty:
        return np.zeros(len(reported), dtype=np.int64)
    scale = np.cos(np.radians(float(villages["lat"].mean())))
    pts = np.column_stack(
        [villages["lon"].to_numpy(float) * scale, villages["lat"].to_numpy(float)]
    )
    q = np.column_stack([reported["lon"].to_numpy(float) * scale, reported["lat"].to_numpy(float)])
    _, near = cKDTree(pts).query(q)
    return np.asarray(near, dtype=np.int64)


def _merge(
    results: list[BlockResult], n: int, technology: str, operator: str | None, resolution: float
) -> AreasCoverage:
    """Figures per point from the block holding it; dead spots numbered nationally."""
    totals = np.zeros(n)
    scopes = sorted({s for r in results for s in r.covered} - {ALL_OPERATORS})
    covered = {s: np.zeros(n) for s in [ALL_OPERATORS, *scopes]}
    for r in results:
        totals[r.point] = r.totals
        for s, values in r.covered.items():
            covered[s][r.point] = values
    spots, checks = _renumber(results)
    return AreasCoverage(
        technology=technology,
        operator=operator or ALL_OPERATORS,
        resolution=resolution,
        totals=totals,
        covered=covered,
        spots=spots,
        checks=checks,
        blocks=sorted(results, key=lambda r: (r.area, r.block)),
    )


def _renumber(results: list[BlockResult]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """National dead-spot ids per scope ('M0001…', 'M-<op>-0001…'), largest first; the
    checks' matched ids follow."""
    frames = [r.spots for r in results if len(r.spots)]
    checks = [r.checks.assign(area=r.area, block=r.block) for r in results if len(r.checks)]
    check = (
        pd.concat(checks, ignore_index=True)
        if checks
        else pd.DataFrame(
            columns=["dead_spot_id", "operator", "status", "matched_id", "distance_m"]
        )
    )
    if not frames:
        return pd.DataFrame(columns=["dead_spot_id", "scope"]), check
    spots = pd.concat(frames, ignore_index=True)
    spots = spots.sort_values(
        ["scope", "population", "area", "block", "dead_spot_id"],
        ascending=[True, False, True, True, True],
        kind="mergesort",
    ).reset_index(drop=True)
    rank = spots.groupby("scope", sort=False).cumcount() + 1
    prefix = np.where(spots["scope"] == ALL_OPERATORS, "M", "M-" + spots["scope"].astype(str) + "-")
    new_id = [f"{p}{k:04d}" for p, k in zip(prefix, rank, strict=True)]
    key = zip(spots["area"], spots["block"], spots["dead_spot_id"], strict=True)
    mapping = dict(zip(key, new_id, strict=True))
    spots["dead_spot_id"] = new_id
    if len(check):
        check["matched_id"] = [
            mapping.get((a, b, m)) if isinstance(m, str) else None
            for a, b, m in zip(check["area"], check["block"], check["matched_id"], strict=True)
        ]
    spots = spots.sort_values(["population"], ascending=False, kind="mergesort")
    return spots.reset_index(drop=True), check.drop(columns=["area", "block"], errors="ignore")
