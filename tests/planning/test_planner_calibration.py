"""The planner models today's network as the latest calibrated `hatang coverage` run did,
so its dead-spot demand is the one `hatang deadspots` lists."""

from __future__ import annotations

import json

import pytest

from hatang.coverage.run import run_coverage
from hatang.planning.runs import default_run
from hatang.planning.scenario import plan_sites
from hatang.store.coverage import read_coverage_runs
from hatang.testing import fixture_workspace


def calibration_offsets(ws, period: str) -> dict[str, float]:
    """The offsets the planner applies by default: those of the period's current run."""
    run = default_run(read_coverage_runs(ws), period)
    return run.offsets if run else {}


def test_planner_applies_the_latest_calibration(tmp_path):
    ws = fixture_workspace(tmp_path / "ws")
    run = run_coverage(ws, resolution=100)
    with ws.connect(read_only=True) as con:
        period, ops = con.execute(
            "SELECT period, list(DISTINCT operator) FROM cells GROUP BY period ORDER BY period DESC LIMIT 1"
        ).fetchone()
    assert calibration_offsets(ws, period) == {}  # an uncalibrated run: no offsets
    plain = plan_sites(ws, name="plain", resolution=100).scenario
    assert plain["demand_people"] == pytest.approx(run.population - run.population_covered)
    assert plain["demand_people"] > 0
    offsets = {op: 12.0 for op in ops}
    with ws.connect() as con:
        con.execute(
            "UPDATE coverage_runs SET calibration = ? WHERE run_id = ?",
            [json.dumps({"offsets_db": offsets}), run.run_id],
        )
    assert calibration_offsets(ws, period) == offsets
    calibrated = plan_sites(ws, name="calibrated", resolution=100).scenario
    # 12 dB more received power everywhere: fewer people left uncovered
    assert calibrated["demand_people"] < plain["demand_people"]
