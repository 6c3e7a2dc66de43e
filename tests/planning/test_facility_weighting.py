"""Demand weighted by schools and health stations (`[planner] facility_weight`,
`plan-sites --priority`): a hand-computed case where the weighting changes the budget
plan, people reported as people, facilities counted per action, the default unchanged."""

from __future__ import annotations

import json

import numpy as np
import pytest
import scipy.sparse as sp
from typer.testing import CliRunner

from hatang.cli import app
from hatang.coverage.grid import Grid
from hatang.coverage.population import spread_villages
from hatang.errors import ConfigError
from hatang.io import import_file
from hatang.planning import optimise
from hatang.planning.demand import uncovered_demand
from hatang.planning.facilities import (
    check_factors,
    label,
    newly_covered,
    parse_priority,
    village_factor,
    village_of,
)
from hatang.planning.scenario import plan_sites
from hatang.planning.scenarios import get_scenario
from hatang.planning.verify import verify_scenario
from hatang.testing import fixture_workspace

# ---- by hand ---------------------------------------------------------------------------
#
# One row of six 100 m cells. Village A (300 people) lives in cell 0, B (100, with a
# school) in cell 2, C (150) in cell 4; nothing is covered. Candidate 0 covers A,
# candidate 1 covers B and C; each costs 1 and the budget is 1.
#
#   plain people:  candidate 0 = 300 > candidate 1 = 100 + 150 = 250         → 0
#   school = 2:    candidate 0 = 300 < candidate 1 = 2 × 100 + 150 = 350     → 1
#   school = 1.4:  candidate 0 = 300 > candidate 1 = 1.4 × 100 + 150 = 290   → 0
#
# Whatever is maximised, the people reported for candidate 1 are 250.

CRS = "EPSG:32648"
X0, Y0 = 500_000.0, 2_200_000.0


def _by_hand(factors: dict[str, float], kinds=("school",), village=(1,)):
    grid = Grid.from_bounds(X0, Y0, X0 + 600, Y0 + 100, 100.0, CRS)
    people = spread_villages(
        grid, X0 + np.array([50.0, 250.0, 450.0]), np.full(3, Y0 + 50), [300, 100, 150], 1.0
    )
    factor = village_factor(list(kinds), np.array(village), 3, factors)
    demand = uncovered_demand(grid, np.zeros(grid.shape, dtype=bool), people, village_factor=factor)
    M = sp.csr_matrix(np.array([[1, 0], [0, 1], [0, 1]], dtype=bool))
    plan = optimise(M, demand.weight, cost=[1.0, 1.0], budget=1.0)
    return demand, factor, plan


def test_hand_computed_plain_people_pick_the_bigger_village():
    demand, factor, plan = _by_hand({})
    assert factor is None
    assert demand.people.tolist() == [300.0, 100.0, 150.0]
    assert demand.weight.tolist() == demand.people.tolist()
    assert list(plan.selected) == [0] and plan.objective == pytest.approx(300)


def test_hand_computed_school_weighting_changes_the_pick_people_stay_people():
    demand, factor, plan = _by_hand({"school": 2.0})
    assert factor.tolist() == [1.0, 2.0, 1.0]
    assert demand.weight.tolist() == pytest.approx([300.0, 200.0, 150.0])
    assert list(plan.selected) == [1]
    assert plan.objective == pytest.approx(350)  # weighted people: the objective
    assert demand.people[plan.covered].sum() == pytest.approx(250)  # people: what is reported


def test_hand_computed_small_factor_keeps_the_plain_pick():
    _, _, plan = _by_hand({"school": 1.4})
    assert list(plan.selected) == [0] and plan.objective == pytest.approx(300)


def test_several_kinds_in_one_village_take_the_largest_factor():
    factor = village_factor(
        ["school", "health-station", "commune-office"],
        np.array([1, 1, 2]),
        3,
        {"school": 2.0, "health-station": 3.0},
    )
    assert factor.tolist() == [1.0, 3.0, 1.0]  # not 2 × 3; an unweighted kind counts 1
    assert village_factor(["commune-office"], np.array([0]), 3, {"school": 2.0}) is None


def test_facility_village_by_code_else_nearest():
    villages = ["A", "B", "C"]
    vxy = np.array([[0.0, 0.0], [1000.0, 0.0], [2000.0, 0.0]])
    got = village_of(
        np.array(["C", None, "X-99"], dtype=object),
        np.array([[0.0, 0.0], [1900.0, 10.0], [990.0, 0.0]]),
        villages,
        vxy,
    )
    assert got.tolist() == [2, 2, 1]  # its code wins over its position; else the nearest


def test_facilities_counted_given_the_actions_before():
    # facilities 0 (school) and 1 (health station) covered by action 0; action 1 covers
    # 1 again and 2 (school): it newly covers only 2
    cover = sp.csr_matrix(np.array([[1, 0], [1, 1], [0, 1]], dtype=bool))
    counts = newly_covered(cover, np.array(["school", "health-station", "school"]), [0, 1])
    assert counts["facilities_new"].tolist() == [2, 1]
    assert counts["schools_new"].tolist() == [1, 1]
    assert counts["health_stations_new"].tolist() == [1, 0]


# ---- --priority and the setting ---------------------------------------------------------


@pytest.mark.parametrize(
    "text, factors",
    [
        ("school=2,health-station=3", {"school": 2.0, "health-station": 3.0}),
        ("Trạm y tế = 3; trường học = 2.5", {"school": 2.5, "health-station": 3.0}),
        ("health station=1.5", {"health-station": 1.5}),
        ("none", {}),
        ("NONE", {}),
    ],
)
def test_priority_parsing(text, factors):
    got = parse_priority(text)
    assert got == factors and list(got) == list(factors)  # FACILITY_KINDS order


@pytest.mark.parametrize(
    "text, message",
    [
        ("school", r"--priority: 'school' is not KIND=FACTOR: e\.g\. school=2"),
        (
            "hospital=2",
            r"--priority: unknown facility kind 'hospital' \(known: school, health-station",
        ),
        ("school=abc", r"--priority: the factor of school must be a number, got 'abc'"),
        (
            "school=0.5",
            r"--priority: the factor of school must be a number ≥ 1 \(1 = no priority\)",
        ),
        ("school=2,trường học=3", r"--priority: school is given twice"),
        ("", r"--priority is empty"),
    ],
)
def test_priority_errors_are_clear(text, message):
    with pytest.raises(ConfigError, match=message):
        parse_priority(text)


def test_setting_errors_name_the_setting():
    where = "hatang.toml [planner] facility_weight"
    with pytest.raises(ConfigError, match=r"\[planner\] facility_weight: unknown facility kind"):
        check_factors({"hospital": 2}, where)
    with pytest.raises(ConfigError, match="must be a number, got True"):
        check_factors({"school": True}, where)
    assert check_factors({"trạm y tế": 2, "school": 3}, where) == {
        "school": 3.0,
        "health-station": 2.0,
    }
    assert label({"school": 2.0, "health-station": 2.5}) == "school=2, health-station=2.5"
    assert label({}) == "none"


# ---- the shell on the fixture province -------------------------------------------------
#
# With 1.74 bn VND (one new tower) the plain plan takes the tower covering the most
# people (T00044, 276); a school at village V1 weighted 3 makes the tower over V1 and
# V2 (T00066, 248 people) the better buy.

BUDGET = 1.74e9
SCHOOL_CSV = "Mã cơ sở,Loại,Tên cơ sở,Mã thôn,Kinh độ,Vĩ độ\nTH-V1,Trường tiểu học,Trường Tiểu học Một,V1,,\n"


@pytest.fixture(scope="module")
def weighted(tmp_path_factory):
    root = tmp_path_factory.mktemp("fac")
    ws = fixture_workspace(root / "ws")
    plain = plan_sites(ws, name="plain", budget=BUDGET)
    path = root / "truong-hoc.csv"
    path.write_text(SCHOOL_CSV, encoding="utf-8")
    report = import_file(ws, "facilities", path)
    assert report.rows_loaded == 1, report.problems
    default = plan_sites(ws, name="default", budget=BUDGET)
    school = plan_sites(ws, name="school", budget=BUDGET, priority={"school": 3.0})
    return ws, plain, default, school


def _same_plan(a, b) -> None:
    assert a.actions["candidate_id"].tolist() == b.actions["candidate_id"].tolist()
    assert a.actions["people_new"].tolist() == b.actions["people_new"].tolist()
    for key in (
        "people_new",
        "cost_vnd",
        "bound",
        "status",
        "demand_people",
        "villages_covered_after",
    ):
        assert a.scenario[key] == b.scenario[key], key
    assert np.array_equal(a.demand.weight, b.demand.weight)


def test_default_is_exactly_todays_plan(weighted):
    _, plain, default, _ = weighted
    _same_plan(plain, default)  # facilities imported, no weighting asked: nothing moves
    assert np.array_equal(default.demand.weight, default.demand.people)
    s = default.scenario
    assert (s["weighting"], s["objective_weighted"], s["demand_weighted"]) == ("none", None, None)
    assert default.actions["weighted_new"].isna().all()
    # ... but the school is counted: it lies in a dead spot the plain plan leaves open
    assert (s["facilities"], s["facilities_uncovered"], s["facilities_new"]) == (1, 1, 0)
    assert plain.scenario["facilities"] is None  # none imported then


def test_school_weighting_changes_the_pick_and_reports_people(weighted):
    ws, plain, _, school = weighted
    assert plain.actions["candidate_id"].tolist() == ["T00044"]
    assert school.actions["candidate_id"].tolist() == ["T00066"]
    s, a = school.scenario, school.actions
    d, plan = school.demand, school.plan
    # people are people: the rows covered, unweighted; the weighted objective beside them
    assert s["people_new"] == pytest.approx(d.people[plan.covered].sum())
    assert s["people_new"] == pytest.approx(a["people_new"].sum())
    assert s["people_new"] < plain.scenario["people_new"]  # fewer people, but the school
    assert s["objective_weighted"] == pytest.approx(plan.objective)
    assert s["objective_weighted"] == pytest.approx(d.weight[plan.covered].sum())
    assert s["objective_weighted"] > s["people_new"]
    assert s["demand_people"] == pytest.approx(plain.scenario["demand_people"])
    assert s["demand_weighted"] == pytest.approx(d.weight.sum())
    assert s["bound"] >= s["objective_weighted"] - 1e-6  # the bound is in weighted people
    assert s["population_covered_after"] == pytest.approx(
        s["population_covered_before"] + s["people_new"]
    )
    assert s["weighting"] == "school=3"
    assert (a["schools_new"].tolist(), s["schools_new"], s["facilities_new"]) == ([1], 1, 1)
    assert a["weighted_new"].tolist() == pytest.approx([s["objective_weighted"]])
    stored, actions = get_scenario(ws, "school")
    assert stored["weighting"] == "school=3" and actions["schools_new"].tolist() == [1]
    # the recomputation check compares people, weighted or not
    assert verify_scenario(ws, "school").ok


def test_setting_weights_and_priority_none_overrides(weighted):
    ws, plain, _, school = weighted
    ws.settings.planner.facility_weight = {"school": 3}
    try:
        from_setting = plan_sites(ws, name="setting", budget=BUDGET)
        off = plan_sites(ws, name="off", budget=BUDGET, priority={})
    finally:
        ws.settings.planner.facility_weight = {}
    _same_plan(from_setting, school)
    assert from_setting.scenario["weighting"] == "school=3"
    _same_plan(off, plain)
    assert off.scenario["weighting"] == "none"


def test_bad_setting_is_refused(weighted):
    ws, *_ = weighted
    ws.settings.planner.facility_weight = {"hospital": 2}
    try:
        with pytest.raises(ConfigError, match=r"hatang.toml \[planner\] facility_weight"):
            plan_sites(ws, name="bad", budget=BUDGET)
    finally:
        ws.settings.planner.facility_weight = {}


def test_cli_prints_weighting_people_and_facilities(weighted):
    ws, *_ = weighted
    runner = CliRunner()
    wide = {"COLUMNS": "400"}
    r = runner.invoke(app, ["scenarios", "show", "school", "-w", str(ws.root)], env=wide)
    assert r.exit_code == 0, r.output
    assert "demand weighting / trọng số nhu cầu: school=3" in r.output
    assert "weighted people newly covered (the objective)" in r.output
    assert "newly covered / được phủ mới 1 (1 school)" in r.output
    r = runner.invoke(app, ["scenarios", "show", "plain", "-w", str(ws.root)], env=wide)
    assert "demand weighting / trọng số nhu cầu: none" in r.output
    assert "facilities / cơ sở" not in r.output  # none were imported when it was planned
    r = runner.invoke(
        app,
        ["plan-sites", "--budget", "1.74e9", "--priority", "trường học=3", "--name", "cli"]
        + ["--format", "json", "-w", str(ws.root)],
    )
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert len(rows) == 1 and rows[0]["kind"] == "new-tower"
    assert rows[0]["schools_new"] == 1 and rows[0]["weighted_new"] > rows[0]["people_new"]
    r = runner.invoke(app, ["plan-sites", "--priority", "school=0", "-w", str(ws.root)])
    assert r.exit_code == 1 and isinstance(r.exception, ConfigError)
    assert "≥ 1" in str(r.exception)
