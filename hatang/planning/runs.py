"""Which stored coverage run the planner models today's network as (pure).

By default the current run of the period planned (hatang.model.runs, of 4G): the run
whose dead spots `hatang deadspots` lists. `plan-sites --run RUN_ID` pins another; the
planner can model only an all-operator 4G run, and a pinned run brings its own grid.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from hatang.errors import ConfigError, NotFound
from hatang.model.runs import ALL_OPERATORS, current_run_id

TECHNOLOGY = "4G"
RUNS_LISTED = 5  # run ids an unknown --run error lists


@dataclass(frozen=True)
class CoverageRun:
    """A stored `hatang coverage` run (table coverage_runs) the planner models today's
    network as: its site register (period), grid and per-operator calibration offsets."""

    run_id: str
    created_at: dt.datetime | None
    period: str
    technology: str
    operator: str
    resolution_m: float
    offsets: dict[str, float]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> CoverageRun:
        """From a coverage_runs row: `calibration` JSON → `offsets` ({} uncalibrated)."""
        calibration = row.get("calibration")
        fit = json.loads(calibration) if isinstance(calibration, str) and calibration else {}
        created = row.get("created_at")
        return cls(
            str(row["run_id"]),
            None if created is None or pd.isna(created) else pd.Timestamp(created).to_pydatetime(),
            str(row["period"]),
            str(row["technology"]),
            str(row["operator"]),
            float(row["resolution_m"]),
            {str(k): float(v) for k, v in fit.get("offsets_db", {}).items()},
        )


def _row(runs: pd.DataFrame, run_id: str) -> dict[str, Any] | None:
    hit = runs[runs["run_id"].astype(str) == run_id]
    return {str(k): v for k, v in hit.iloc[0].to_dict().items()} if len(hit) else None


def default_run(runs: pd.DataFrame, period: str) -> CoverageRun | None:
    """The current all-operator 4G run of `period` (None when there is none): its
    dead spots are the ones `hatang deadspots` lists."""
    run_id = current_run_id(runs, period=period, technology=TECHNOLOGY)
    row = None if run_id is None else _row(runs, run_id)
    return None if row is None else CoverageRun.from_row(row)


def _unknown(run_id: str, runs: pd.DataFrame) -> NotFound:
    """NotFound for an unknown --run, listing the stored runs (`runs` is newest first)."""
    ids = [str(r) for r in runs["run_id"]]
    if not ids:
        return NotFound(
            f"no coverage run {run_id!r}: the workspace has none yet, run `hatang coverage` first "
            f"/ không có lượt tính phủ sóng {run_id!r}: chưa có lượt nào, hãy chạy `hatang coverage`"
        )
    more = f" (+{len(ids) - RUNS_LISTED} more / còn nữa: `hatang deadspots --runs`)"
    return NotFound(
        f"no coverage run {run_id!r} / không có lượt tính phủ sóng {run_id!r}; "
        f"stored, newest first / hiện có, mới nhất trước: {', '.join(ids[:RUNS_LISTED])}"
        + (more if len(ids) > RUNS_LISTED else "")
    )


def pinned_run(runs: pd.DataFrame, run_id: str) -> CoverageRun:
    """The stored run `run_id` (`plan-sites --run`), checked to be one the planner can
    model (4G, all operators). NotFound lists the stored runs, newest first."""
    row = _row(runs, run_id)
    if row is None:
        raise _unknown(run_id, runs)
    run = CoverageRun.from_row(row)
    if run.technology != TECHNOLOGY:
        raise ConfigError(
            f"coverage run {run_id!r} models {run.technology}; the planner plans {TECHNOLOGY} — "
            f"pick a {TECHNOLOGY} run (`hatang deadspots --runs`) / lượt tính {run_id!r} là "
            f"{run.technology}, quy hoạch trạm cần lượt {TECHNOLOGY}"
        )
    if run.operator != ALL_OPERATORS:
        raise ConfigError(
            f"coverage run {run_id!r} models operator {run.operator} only; plan against an "
            f"all-operator run (`hatang coverage` without --operator) and use `plan-sites "
            f"--operator {run.operator}` / lượt tính {run_id!r} chỉ cho nhà mạng {run.operator}; "
            f"hãy dùng lượt tính cho mọi nhà mạng"
        )
    return run


def plan_resolution(pinned: CoverageRun | None, resolution: float | None, default: float) -> float:
    """The grid cell size: a pinned run's own (an explicit different --resolution is
    refused: the run's calibration and dead spots belong to its grid), else
    --resolution, else `default` (coverage.resolution_m)."""
    if pinned is None:
        return float(resolution or default)
    if resolution is not None and not np.isclose(float(resolution), pinned.resolution_m):
        r = float(resolution)
        raise ConfigError(
            f"--resolution {r:g} m does not match coverage run {pinned.run_id!r} "
            f"({pinned.resolution_m:g} m): leave --resolution out to plan on the run's grid, or "
            f"plan against a run at {r:g} m (`hatang coverage --resolution {r:g}`) / "
            f"--resolution khác ô lưới của lượt tính {pinned.run_id!r} "
            f"({pinned.resolution_m:g} m): bỏ --resolution để dùng ô lưới của lượt tính"
        )
    return pinned.resolution_m
