"""`run_coverage`: the store-facing shell of `hatang coverage`.

Reads the period's network and the rows a run checks against (store.coverage), fits
the calibration offsets when asked, models the network (`network.model_network`, the
function the planner models with too), turns it into the run's rows (`tables`) and
stores them in one transaction: coverage_runs, coverage_units, modelled_dead_spots,
dead_spot_checks. Then writes output/coverage/<run>.tif, .png and -deadspots.geojson.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

import pandas as pd

from hatang.coverage import calibrate as calib
from hatang.coverage import export, tables
from hatang.coverage.grid import check_projected, to_xy
from hatang.coverage.network import ALL_OPERATORS, NetworkCoverage, model_network, radio_frame
from hatang.coverage.result import CoverageResult
from hatang.errors import NotFound
from hatang.store import coverage as store
from hatang.store.workspace import Workspace


def _calibration(
    network: store.NetworkInputs,
    measured: pd.DataFrame | None,
    ws: Workspace,
    technology: str,
    operator: str | None,
) -> calib.Fit:
    """Per-operator offsets fitted to the measured signal (coverage.calibrate)."""
    crs = ws.settings.workspace.crs
    cells = network.cells
    cells = cells.assign(**dict(zip("xy", to_xy(cells["lon"], cells["lat"], crs), strict=True)))
    tests = measured if measured is not None else pd.DataFrame(columns=["lon", "lat"])
    tests = tests.assign(**dict(zip("xy", to_xy(tests["lon"], tests["lat"], crs), strict=True)))
    radios = radio_frame(cells, ws.settings.coverage, technology, operator)
    return calib.fit_offsets(radios, tests, ws.settings.coverage)


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
        "evaluations": int(r.power.evaluations),
        "seconds": r.seconds,
        "synthetic": r.synthetic,
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
            "geometry": tables.to_wgs84_wkt(s["geometry"], r.grid.crs) if len(s) else [],
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
) -> CoverageResult:
    """Model coverage of the latest site register (or `period`'s) and store the run
    `<period>-<tech>-<operator|any>-<res>m[-cal]` (module docstring)."""
    cs = ws.settings.coverage
    crs = check_projected(ws.settings.workspace.crs)
    technology = technology.upper()
    res = float(resolution or cs.resolution_m)
    network = store.read_network(ws, period)
    if not network.sites:
        raise NotFound(f"the workspace has no site register for {network.period}")
    if network.cells.empty:
        raise NotFound(f"the register of {network.period} has no cells")
    run = store.read_run_inputs(ws, network.period, technology=technology, measured=calibrate)
    fit = _calibration(network, run.measured, ws, technology, operator) if calibrate else None
    modelled = model_network(
        network.cells,
        network.villages,
        network.bbox,
        cs,
        resolution=res,
        crs=crs,
        technology=technology,
        operator=operator,
        offsets=fit.offsets if fit else None,
        population_raster=ws.root / cs.population_raster if cs.population_raster else None,
        workers=workers,
        progress=progress,
    )
    run_id = f"{network.period}-{technology}-{operator or ALL_OPERATORS}-{res:g}m" + (
        "-cal" if calibrate else ""
    )
    result = _result(ws, network, run, modelled, operator, run_id)
    result.calibration = fit.as_dict() if fit else None
    store.write_run(
        ws, _run_row(ws, result, res), result.units, _spot_rows(result), _check_rows(result)
    )
    if write_files:
        result.files = export.write_outputs(ws, result)
    return result
