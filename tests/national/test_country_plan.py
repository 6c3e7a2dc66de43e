"""A national plan (`plan-sites --by province`): each province's planning instance
solved as a task, the country's figures their sums — in this process, and on a real
`dask scheduler` with two `dask worker` processes on loopback, with the same scenarios."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from hatang.planning.country import SUMMED, plan_country
from hatang.planning.ranking import Question
from hatang.planning.scenario import plan_sites
from hatang.store import Workspace
from tests.coverage.test_national import _start, _wait_for_workers
from tests.national.conftest import PROVINCES

BUDGET = 3e9
#: what a scenario answers (its timing aside): equal wherever it was solved
FIGURES = ["province", "status", "cost_vnd", "people_new", "population",
           "population_covered_before", "population_covered_after", "dead_spots",
           "dead_spots_closed", "sites_before", "candidates"]  # fmt: skip


@pytest.fixture(scope="module")
def here(country: Workspace):
    """The national plan in this process (the fixture's `[compute] workers = 1`)."""
    return plan_country(country, name="nat-here", question=Question(BUDGET, None, None, None))


def _figures(scenarios: list[dict]) -> pd.DataFrame:
    return pd.DataFrame(scenarios)[FIGURES].sort_values("province").reset_index(drop=True)


def test_each_province_is_planned_as_plan_sites_province_plans_it(country, here) -> None:
    assert here.runner == "this process"
    assert [s["province"] for s in here.scenarios] == PROVINCES  # every province with people
    assert [s["name"] for s in here.scenarios] == [f"nat-here-p{p}" for p in PROVINCES]
    one = plan_sites(country, name="one-p51", province="51", budget=BUDGET).scenario
    mine = next(s for s in here.scenarios if s["province"] == "51")
    assert {k: mine[k] for k in FIGURES} == {k: one[k] for k in FIGURES}
    assert mine["cost_vnd"] <= BUDGET


def test_the_country_s_figures_are_the_provinces_sums(country, here) -> None:
    for k in SUMMED:
        assert here.totals[k] == pytest.approx(sum(float(s[k] or 0) for s in here.scenarios))
    assert here.totals["actions"] == sum(len(a) for a in here.actions) > 0
    # the provinces' people are the country's, each counted once (the national coverage run)
    with country.connect(read_only=True) as con:
        people = con.execute(
            "SELECT sum(population) FROM coverage_units WHERE map = '2025' AND operator = 'any' "
            "AND unit_code IN ('11', '12', '51') AND run_id = ?",
            [here.scenarios[0]["coverage_run"]],
        ).fetchone()[0]
    assert here.totals["population"] == pytest.approx(people, rel=1e-9)
    listed = {s["name"] for s in here.scenarios}
    with country.connect(read_only=True) as con:
        stored = con.execute("SELECT name, province FROM scenarios").df()
    assert listed <= set(stored["name"])


def test_plan_sites_by_province_on_a_dask_scheduler_gives_the_same_plan(
    country: Workspace, here, tmp_path: Path
) -> None:
    info = tmp_path / "scheduler.json"
    dask = [sys.executable, "-m", "distributed.cli.dask_scheduler"]
    worker = [sys.executable, "-m", "distributed.cli.dask_worker"]
    procs = [
        _start([*dask, "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                "--scheduler-file", str(info)], tmp_path / "scheduler.log")
    ]  # fmt: skip
    try:
        for i in range(2):
            procs.append(
                _start([*worker, "--scheduler-file", str(info), "--nthreads", "1",
                        "--no-dashboard", "--host", "127.0.0.1"], tmp_path / f"worker{i}.log")
            )  # fmt: skip
        address = _wait_for_workers(info, 2)
        cli = [sys.executable, "-c", "from hatang.cli import main; main()"]
        out = subprocess.run(
            [*cli, "plan-sites", "--by", "province", "--scheduler", address, "--budget",
             f"{BUDGET:g}", "--name", "nat-dask", "--format", "json", "--workspace",
             str(country.root)],
            capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"}, timeout=600,
        )  # fmt: skip
        assert out.returncode == 0, out.stderr[-3000:]
    finally:
        for p in reversed(procs):
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
    body = json.loads(out.stdout)
    assert body["runner"] == f"Dask scheduler {address}"
    with country.connect(read_only=True) as con:
        stored = con.execute("SELECT * FROM scenarios WHERE name LIKE 'nat-dask-p%'").df()
        acts = con.execute(
            "SELECT scenario, rank, lon, lat, cost_vnd FROM scenario_actions "
            "WHERE scenario LIKE 'nat-%' ORDER BY scenario, rank"
        ).df()
    pd.testing.assert_frame_equal(
        _figures(stored.to_dict("records")), _figures(here.scenarios), check_dtype=False
    )
    for p in PROVINCES:  # the same actions, in the same order
        a = acts[acts["scenario"] == f"nat-dask-p{p}"].drop(columns="scenario")
        b = acts[acts["scenario"] == f"nat-here-p{p}"].drop(columns="scenario")
        pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))
    for k in SUMMED:
        assert body["totals"][k] == pytest.approx(here.totals[k])
    assert [r["province"] for r in body["provinces"]] == PROVINCES


def test_a_national_budget_split_by_need_is_spent_where_it_covers_most(
    country: Workspace, here
) -> None:
    need = plan_country(
        country, name="nat-need", question=Question(BUDGET, None, None, None), split="need"
    )
    assert need.split == "need"
    # the country's budget, not each province's: shares add up to at most it
    assert sum(s["budget_vnd"] for s in need.scenarios) <= BUDGET + 1e-3
    assert need.totals["cost_vnd"] <= BUDGET + 1e-3
    for s in need.scenarios:
        assert s["cost_vnd"] <= s["budget_vnd"] + 1e-3
    # at least what the whole budget buys in the one province where it buys most
    assert need.totals["people_new"] >= max(s["people_new"] for s in here.scenarios) - 1e-6
    planned = {s["province"] for s in need.scenarios}
    assert planned | set(need.unplanned) == set(PROVINCES)
    assert not planned & set(need.unplanned)


def test_each_province_spends_its_own_plan_budget(country: Workspace) -> None:
    own = {"11": 1e9, "51": 2e9}
    q = Question(None, 1.0, None, None)
    plan = plan_country(country, name="nat-own", question=q, split="plan", budgets=own)
    assert {s["province"]: s["budget_vnd"] for s in plan.scenarios} == own
    assert plan.unplanned == ("12",)  # no budget of its own and no --budget
    for s in plan.scenarios:
        assert s["problem"] == "max-cover" and s["cost_vnd"] <= s["budget_vnd"] + 1e-3
    # --budget for the provinces the plan gives none
    q = Question(5e8, None, None, None)
    plan = plan_country(country, name="nat-own2", question=q, split="plan", budgets=own)
    assert {s["province"]: s["budget_vnd"] for s in plan.scenarios} == {**own, "12": 5e8}


def test_a_split_is_refused_when_it_has_nothing_to_split(country: Workspace) -> None:
    from hatang.errors import ConfigError

    with pytest.raises(ConfigError, match="needs the country's budget"):
        plan_country(country, name="x", question=Question(None, 1.0, None, None), split="need")
    with pytest.raises(ConfigError, match="no province has a budget"):
        plan_country(country, name="x", question=Question(None, 1.0, None, None), split="plan")
    with pytest.raises(ConfigError, match="split 'half'"):
        plan_country(country, name="x", question=Question(BUDGET, None, None, None), split="half")


def test_plan_sites_split_plan_reads_the_budgets_of_the_national_plan_file(
    country: Workspace,
) -> None:
    from typer.testing import CliRunner

    from hatang.cli import app

    args = ["plan-sites", "--by", "province", "--split", "plan", "--name", "nat-file",
            "--format", "json", "--workspace", str(country.root)]  # fmt: skip
    out = CliRunner().invoke(app, args)
    assert out.exit_code == 0, out.output
    body = json.loads(out.stdout)
    # vn-example-2025.toml: Điện Biên and Lai Châu 40 bn each, Quảng Ngãi 60 bn
    budgets = {r["province"]: r["budget_vnd"] for r in body["provinces"]}
    assert budgets == {"11": 40e9, "12": 40e9, "51": 60e9}
    assert body["split"] == "plan" and body["not_planned"] == []
    assert body["totals"]["budget_vnd"] == 140e9
    bad = CliRunner().invoke(app, ["plan-sites", "--split", "need", "--budget", "1e9",
                                   "--workspace", str(country.root)])  # fmt: skip
    assert bad.exit_code == 1 and "add --by province" in str(bad.exception)
