"""Every consumer of a coverage run shows the same one: `hatang deadspots`, the planner's
default run, the indicators' modelled coverage and the open-data portal all read the
current run of hatang.model.runs (docs/coverage.md, "The current run").

Real runs on the fixture province, made to disagree under each old rule: two
periods (the older one computed last), one operator (computed later still), two
resolutions, calibrated or not, and three runs of the latest period at the same time.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from typer.testing import CliRunner

from hatang.cli import app
from hatang.coverage.run import run_coverage
from hatang.indicators import compute_workspace
from hatang.model.runs import current_run_id
from hatang.planning.scenario import plan_sites
from hatang.publish.derive import Context, modelled_dead_spots
from hatang.publish.spatial import layer_name
from hatang.store.indicators import current_coverage_units
from hatang.store.runs import read_runs
from hatang.store.web_queries import read_frames
from hatang.testing import fixture_workspace

T0 = dt.datetime(2026, 3, 1, 9, 0)
#: the latest period's all-operator runs made at T0: equal times, the larger id wins
TIED = ("2025Q4-4G-any-300m", "2025Q4-4G-any-200m", "2025Q4-4G-any-200m-cal")
EXPECTED = "2025Q4-4G-any-300m"


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    ws = fixture_workspace(tmp_path_factory.mktemp("consumers") / "ws")
    made = {
        "2025Q4-4G-any-300m": run_coverage(ws, resolution=300, write_files=False),
        "2025Q4-4G-any-200m": run_coverage(ws, resolution=200, write_files=False),
        "2025Q4-4G-any-200m-cal": run_coverage(
            ws, resolution=200, calibrate=True, write_files=False
        ),
        # later, but for one operator only: never the province's
        "2025Q4-4G-viettel-200m": run_coverage(
            ws, resolution=200, operator="viettel", write_files=False
        ),
        # the latest computed, but of an older period
        "2025Q3-4G-any-200m": run_coverage(ws, resolution=200, period="2025Q3", write_files=False),
    }
    assert sorted(made) == sorted(r.run_id for r in made.values())
    later = {"2025Q4-4G-viettel-200m": 1, "2025Q3-4G-any-200m": 2}
    with ws.connect() as con:
        for run_id in made:
            at = T0 + dt.timedelta(hours=later.get(run_id, 0))
            con.execute("UPDATE coverage_runs SET created_at = ? WHERE run_id = ?", [at, run_id])
    return ws


def test_the_stored_runs_tie_and_the_rule_picks_the_larger_id(ws):
    with ws.connect(read_only=True) as con:
        runs = read_runs(con)
    tied = runs[runs["run_id"].isin(TIED)]
    assert len(tied) == 3 and tied["created_at"].nunique() == 1
    assert runs.loc[runs["run_id"] == "2025Q3-4G-any-200m", "created_at"].iloc[0] > T0
    assert current_run_id(runs) == EXPECTED


def test_deadspots_reads_the_current_run(ws):
    out = CliRunner().invoke(app, ["deadspots", "--format", "geojson", "-w", str(ws.root)])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    assert doc["run_id"] == EXPECTED and doc["name"] == layer_name("dead_spots", EXPECTED)


def test_the_planner_plans_against_the_current_run(ws):
    s = plan_sites(ws, name="default", budget=1e9).scenario
    assert s["coverage_run"] == EXPECTED and s["coverage_period"] == "2025Q4"


def test_the_indicators_read_the_current_run(ws):
    with ws.connect(read_only=True) as con:
        units = current_coverage_units(con)
    by_period = units.groupby("period")["run_id"].unique().map(sorted).to_dict()
    assert by_period["2025Q4"] == [EXPECTED]
    compute_workspace(ws)
    with ws.connect(read_only=True) as con:
        value = con.execute(
            "SELECT numerator FROM indicator_values WHERE indicator = 'population_4g_modelled' "
            "AND map = '2025' AND unit_code = 'P2' AND period = '2025Q4'"
        ).fetchone()[0]
        covered = con.execute(
            "SELECT population_covered FROM coverage_units WHERE run_id = ? AND map = '2025' "
            "AND unit_code = 'P2' AND operator = 'any'",
            [EXPECTED],
        ).fetchone()[0]
    assert value == pytest.approx(covered)


def test_the_portal_publishes_the_current_run(ws):
    with ws.connect(read_only=True) as con:
        frames = read_frames(con, ["coverage_runs", "modelled_dead_spots"])
    published = modelled_dead_spots(frames, Context())
    assert len(published) and set(published["run_id"]) == {EXPECTED}
