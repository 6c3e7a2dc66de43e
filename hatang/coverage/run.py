"""`run_coverage`: the store-facing shell of `hatang coverage`.

Reads the period's network and the rows a run checks against (store.coverage), fits
the calibration offsets when asked, models the network (`network.model_network`, the
function the planner models with too), turns it into the run's rows (`tables`) and
stores them in one transaction: coverage_runs, coverage_units, modelled_dead_spots,
dead_spot_checks. Then writes output/coverage/<run>.tif, .png and -deadspots.geojson.

A national workspace, or a run given a Dask scheduler, is modelled area by area
instead (`national.model_areas` on a `cluster` runner): each province on its own grid
in its own UTM zone, merged per population point; its rasters go to
output/coverage/<run>/<province>.tif and .png.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from hatang.coverage import calibrate as calib
from hatang.coverage import cluster, export, tables
from hatang.coverage.areas import Area, area_of_points, point_provinces
from hatang.coverage.dem_grid import dem_on_grid
from hatang.coverage.grid import Grid, check_projected, to_xy
from hatang.coverage.national import AreasCoverage, model_areas
from hatang.coverage.network import (
    ALL_OPERATORS,
    NetworkCoverage,
    area_grid,
    model_network,
    radio_frame,
)
from hatang.coverage.result import CoverageResult
from hatang.coverage.terrain_grid import Terrain
from hatang.errors import ConfigError, NotFound
from hatang.model import admin
from hatang.store import coverage as store
from hatang.store.workspace import Workspace


def _calibration(
    network: store.NetworkInputs,
    measured: pd.DataFrame | None,
    ws: Workspace,
    technology: str,
    operator: str | None,
    crs: str,
    terrain: Callable[[Grid], Terrain] | None = None,
    resolution: float = 100.0,
    area: Area | None = None,
) -> calib.Fit:
    """Per-operator offsets fitted to the measured signal (coverage.calibrate), in the
    CRS of the (first) area: distances to a site differ by under 0.3 % between zones.
    With `terrain`, on the run's grid (the province's, or `area`'s), so the fit sees the
    loss the run applies."""
    cells = network.cells
    cells = cells.assign(**dict(zip("xy", to_xy(cells["lon"], cells["lat"], crs), strict=True)))
    tests = measured if measured is not None else pd.DataFrame(columns=["lon", "lat"])
    tests = tests.assign(**dict(zip("xy", to_xy(tests["lon"], tests["lat"], crs), strict=True)))
    radios = radio_frame(cells, ws.settings.coverage, technology, operator)
    cs = ws.settings.coverage
    if terrain is None:
        return calib.fit_offsets(radios, tests, cs)
    if area is None:
        grid = area_grid(network.bbox, network.villages, cs, resolution, crs)
    else:
        grid = area_grid(area.bbox, network.villages.iloc[:0], cs, resolution, area.crs)
    return calib.fit_offsets(radios, tests, cs, terrain=terrain(grid), grid=grid)


def _run_row(ws: Workspace, r: CoverageResult, resolution: float) -> pd.DataFrame:
    """The run's coverage_runs row: what it was computed from and with which settings."""
    cs = ws.settings.coverage
    row: dict[str, Any] = {
        "run_id": r.run_id,
        "created_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
        "period": r.period,
        "technology": r.technology,
        "operator": r.operator,
        "resolution_m": resolution,
        "model": cs.model,
        "settings": json.dumps(asdict(cs), ensure_ascii=False),
        "calibration": json.dumps(r.calibration) if r.calibration else None,
        "population": r.population,
        "population_covered": r.population_covered,
        "evaluations": int(r.evaluations),
        "seconds": r.seconds,
        "synthetic": r.synthetic,
        "province": r.province,
    }
    return pd.DataFrame([row])


def _spot_rows(r: CoverageResult) -> pd.DataFrame:
    """modelled_dead_spots rows: outlines as WGS 84 WKT."""
    s = r.dead_spots
    return pd.DataFrame(
        {
            "run_id": r.run_id,
            "dead_spot_id": s["dead_spot_id"].astype(str),
            "scope": s["scope"],
            "technology": r.technology,
            "geometry": _wkt(s["geometry"], r),
            "lon": s["lon"].astype(float),
            "lat": s["lat"].astype(float),
            "area_km2": s["area_km2"].astype(float),
            "population": s["population"].astype(float),
            "cells": s["cells"].astype("int64"),
            "nearest_village_code": s.get("nearest_village_code"),
            "commune_code": s.get("commune_code"),
            "commune_code_2024": s.get("commune_code_2024"),
            "reports": s["reports"].astype("int64"),
            "status": s["status"],
            "synthetic": r.synthetic,
        }
    )


def _wkt(geometry: pd.Series, r: CoverageResult) -> list[str]:
    """Outlines as WGS 84 WKT (an area-by-area run gives them so already)."""
    if not len(geometry):
        return []
    if r.areas is not None:
        return [str(g) for g in geometry]
    return tables.to_wgs84_wkt(geometry, r.grid.crs)


def _check_rows(r: CoverageResult) -> pd.DataFrame:
    """dead_spot_checks rows."""
    c = r.checks
    return pd.DataFrame(
        {
            "run_id": r.run_id,
            "dead_spot_id": c["dead_spot_id"].astype(str),
            "operator": c["operator"],
            "status": c["status"],
            "matched_id": c["matched_id"],
            "distance_m": c["distance_m"].astype(float),
            "synthetic": r.synthetic,
        }
    )


def _result(
    ws: Workspace,
    network: store.NetworkInputs,
    run: store.RunInputs,
    modelled: NetworkCoverage,
    operator: str | None,
    run_id: str,
) -> CoverageResult:
    """The run's rows from the modelled network (tables)."""
    share = ws.settings.indicators.village_covered_share
    units = tables.unit_rows(run.units, network.villages, modelled.people, modelled.covered, share)
    units = units.assign(
        run_id=run_id,
        period=network.period,
        technology=modelled.technology,
        synthetic=network.synthetic,
    )
    if operator:
        units = units[units["operator"] != ALL_OPERATORS]
    scopes = [operator] if operator else modelled.scopes
    spots = tables.dead_spot_rows(modelled, network.villages, scopes)
    reported = run.reported.assign(
        **dict(
            zip(
                "xy",
                to_xy(run.reported["lon"], run.reported["lat"], modelled.grid.crs),
                strict=True,
            )
        )
    )
    checks, spots = tables.check_reported(spots, reported, operator)
    return CoverageResult(
        run_id,
        network.period,
        modelled.technology,
        operator or ALL_OPERATORS,
        modelled,
        units,
        spots,
        checks,
        None,
        synthetic=network.synthetic,
    )


def _areas(ws: Workspace, network: store.NetworkInputs, province: str | None) -> list[Area]:
    """The areas to model: every 2025 province holding population points in a national
    workspace (only `province` when narrowed), else the workspace's own province."""
    s = ws.settings.workspace
    if not s.country:
        if province and province != s.province:
            raise NotFound(
                f"--province {province}: this workspace holds province {s.province} only"
            )
        return [Area(s.province, s.name, check_projected(s.crs), network.bbox)]
    present = set(point_provinces(network.villages, network.province_of))
    codes = [province] if province else sorted(present)
    if province and province not in present:
        raise NotFound(f"province {province} has no population points in this workspace")
    return [Area(c, *admin.province_area(c)) for c in codes]


def _run_id(period: str, technology: str, operator: str | None, res: float, **kw: Any) -> str:
    suffix = ("-cal" if kw["calibrate"] else "") + (f"-p{kw['province']}" if kw["province"] else "")
    suffix += "-terrain" if kw.get("terrain") else ""
    return f"{period}-{technology}-{operator or ALL_OPERATORS}-{res:g}m{suffix}"


def terrain_source(ws: Workspace) -> Callable[[Grid], Terrain] | None:
    """The workspace DEM on a grid when `[coverage] terrain` asks for it: `auto` when one
    is imported, `on` always (an error without one), `off` never."""
    cs = ws.settings.coverage
    mode = cs.terrain.lower()
    if mode not in ("auto", "on", "off"):
        raise ConfigError(f"[coverage] terrain must be auto, on or off, not {cs.terrain!r}")
    path = ws.dem_path
    if mode == "off" or (mode == "auto" and not path.is_file()):
        return None

    def on_grid(grid: Grid) -> Terrain:
        return dem_on_grid(
            path, grid, k=cs.terrain_k, max_edges=cs.terrain_edges, synthetic=ws.synthetic
        )

    return on_grid


def run_coverage(
    ws: Workspace,
    *,
    resolution: float | None = None,
    operator: str | None = None,
    technology: str = "4G",
    calibrate: bool = False,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
    period: str | None = None,
    write_files: bool = True,
    province: str | None = None,
    scheduler: str | None = None,
    terrain_band: bool = False,
) -> CoverageResult:
    """Model coverage of the latest site register (or `period`'s) and store the run
    `<period>-<tech>-<operator|any>-<res>m[-cal][-p<province>]` (module docstring).

    A one-province workspace without a scheduler is modelled on one grid in this
    process (`workers` threads); a national workspace, or any run given a Dask
    scheduler (`scheduler`, [compute] scheduler, $DASK_SCHEDULER_ADDRESS), area by area
    as tasks (`coverage.national`), on a local Dask cluster when no scheduler is given
    and there is more than one area."""
    cs = ws.settings.coverage
    technology = technology.upper()
    res = float(resolution or cs.resolution_m)
    address = cluster.scheduler_address(scheduler, ws.settings.compute)
    # one area (one province's workspace, or --province) runs here unless given a
    # scheduler; a cluster starts now, while the inputs are read
    one_area = not ws.settings.workspace.country or province is not None
    with cluster.opening_runner(address, ws.settings.compute, in_process=one_area) as opening:
        return _run_coverage(
            ws, opening, address, res, operator, technology, calibrate, workers, progress,
            period, write_files, province, terrain_band,
        )  # fmt: skip


def _run_coverage(
    ws: Workspace,
    opening: cluster.Opening,
    address: str | None,
    res: float,
    operator: str | None,
    technology: str,
    calibrate: bool,
    workers: int,
    progress: Callable[[int, int], None] | None,
    period: str | None,
    write_files: bool,
    province: str | None,
    terrain_band: bool,
) -> CoverageResult:
    """`run_coverage` once its runner is being opened."""
    cs = ws.settings.coverage
    network = store.read_network(ws, period)
    if not network.sites:
        raise NotFound(f"the workspace has no site register for {network.period}")
    if network.cells.empty:
        raise NotFound(f"the register of {network.period} has no cells")
    areas = _areas(ws, network, province)
    run = store.read_run_inputs(ws, network.period, technology=technology, measured=calibrate)
    crs = areas[0].crs
    one_grid = address is None and not ws.settings.workspace.country
    terrain = terrain_source(ws)
    if calibrate and terrain is not None and len(areas) > 1:
        raise ConfigError(
            "--calibrate with terrain fits on one province's grid: add --province CODE, "
            "or set [coverage] terrain = off / hiệu chỉnh có địa hình: từng tỉnh một"
        )
    fit = (
        _calibration(
            network, run.measured, ws, technology, operator, crs, terrain, res,
            None if one_grid else areas[0],
        )
        if calibrate
        else None
    )  # fmt: skip
    run_id = _run_id(
        network.period, technology, operator, res, calibrate=calibrate, province=province,
        terrain=terrain is not None,
    )  # fmt: skip
    raster = ws.root / cs.population_raster if cs.population_raster else None
    if one_grid:
        modelled = model_network(
            network.cells, network.villages, network.bbox, cs, resolution=res, crs=crs,
            technology=technology, operator=operator, offsets=fit.offsets if fit else None,
            population_raster=raster, workers=workers, progress=progress, terrain=terrain,
            terrain_band=terrain_band,
        )  # fmt: skip
        result = _result(ws, network, run, modelled, operator, run_id)
    else:
        # a national workspace whose points lie in one province: this process, as
        # ever (the cluster started meanwhile is closed unused)
        alone = address is None and len(areas) == 1
        runner = cluster.LocalRunner() if alone else opening.get()
        with ThreadPoolExecutor(1) as pool:
            # which units hold the points depends on the inputs alone: on a cluster
            # it is worked out here while the tasks run there
            linked = pool.submit(_points_units, run.units, network, areas)
            if runner.workers == 1:
                linked.result()  # this process runs the tasks: nothing to overlap
            by_area = model_areas(
                network.cells, network.villages, run.reported, areas, network.province_of, cs,
                runner, resolution=res, technology=technology, operator=operator,
                offsets=fit.offsets if fit else None, population_raster=raster,
                progress=progress, terrain=terrain,
            )  # fmt: skip
            opening.close()  # no more tasks: a local cluster's workers go
            result = _areas_result(ws, network, by_area, linked.result(), operator, run_id)
    result.calibration = fit.as_dict() if fit else None
    result.province = province
    store.write_run(
        ws, _run_row(ws, result, res), result.units, _spot_rows(result), _check_rows(result)
    )
    if write_files:
        result.files = export.write_outputs(ws, result)
    return result


def _points_units(
    units: pd.DataFrame, network: store.NetworkInputs, areas: list[Area]
) -> tuple[NDArray[np.int64], pd.DataFrame, pd.DataFrame]:
    """The modelled population points (those of the areas, as `model_areas` takes
    them), and the units holding them (`tables.units_of_points`)."""
    point_area = area_of_points(network.villages, dict(network.province_of), areas)
    keep = np.flatnonzero(point_area >= 0)
    villages = network.villages.iloc[keep].reset_index(drop=True)
    return keep, villages, tables.units_of_points(units, villages)


def _areas_result(
    ws: Workspace,
    network: store.NetworkInputs,
    m: AreasCoverage,
    linked: tuple[NDArray[np.int64], pd.DataFrame, pd.DataFrame],
    operator: str | None,
    run_id: str,
) -> CoverageResult:
    """The run's rows from an area-by-area model: units summed over the modelled points."""
    share = ws.settings.indicators.village_covered_share
    keep, villages, units = linked
    if not np.array_equal(keep, np.flatnonzero(m.point_area >= 0)):
        raise AssertionError("the modelled points are not those the units were linked to")
    covered = {s: v[keep] for s, v in m.covered.items()}
    rows = tables.unit_rows_from_points(units, villages, m.totals[keep], covered, share)
    rows = rows.assign(
        run_id=run_id, period=network.period, technology=m.technology, synthetic=network.synthetic
    )
    if operator:
        rows = rows[rows["operator"] != ALL_OPERATORS]
    return CoverageResult(
        run_id, network.period, m.technology, operator or ALL_OPERATORS, None, rows,
        m.spots, m.checks, None, synthetic=network.synthetic, areas=m,
    )  # fmt: skip
