"""Scenario view-models on hand-made scenario rows: what the CLI and the pages show."""

from __future__ import annotations

import pandas as pd

from hatang.views import format as f
from hatang.views import scenarios as v

FULL = {
    "name": "full",
    "problem": "min-cost",
    "cover_share": 1.0,
    "sharing_target": 0.3,
    "status": "optimal",
    "bound": 7.21e10,
    "gap": 0.0,
    "cost_vnd": 7.21e10,
    "people_new": 190960.4,
    "villages": 3500,
    "villages_covered_before": 3123,
    "villages_covered_after": 3500,
    "population": 2262891.0,
    "population_covered_before": 2071931.0,
    "population_covered_after": 2262891.0,
    "sharing_before": 0.2,
    "sharing_after": 0.3003,
    "dead_spots": 62,
    "dead_spots_closed": 62,
    "demand_people": 190960.4,
    "uncoverable_people": 0.0,
    "coverage_run": "2025Q4-4G-any-100m-cal",
    "coverage_period": "2025Q4",
    "resolution_m": 100.0,
    "coverage_run_created_at": pd.Timestamp("2026-12-01 10:25:31.5"),
    "weighting": "none",
}
BUDGET = {
    **FULL,
    "name": "b5",
    "problem": "max-cover",
    "budget_vnd": 5e9,
    "sharing_target": None,
    "status": "time_limit",
    "bound": 250000.0,
    "gap": 0.0123,
    "weighting": "school=2",
    "villages_covered_after": 3443,
}


def test_problem_in_words():
    en = [f.message(m, "en") for m in v.problem(FULL)]
    assert en == ["Full cover", "sharing ≥ 30%"]
    assert [f.message(m, "en") for m in v.problem(BUDGET)] == ["Budget 5,000,000,000 VND"]
    half = {**FULL, "cover_share": 0.5, "sharing_target": None}
    assert f.message(v.problem(half)[0], "vi") == "Phủ 50 % dân vùng lõm"


def test_bound_is_in_vnd_or_weighted_people():
    assert v.bound(FULL).unit == "VND"
    assert v.bound(BUDGET).unit == "weighted_people_unit"
    assert v.bound({**BUDGET, "weighting": "none"}).unit == "people_unit"


def test_solver_note_names_bound_and_gap():
    note = f.message(v.solver_note(BUDGET), "en")
    assert "250,000 people" in note and "1.23%" in note
    assert v.solver_note({**FULL, "status": "weird"}) is None


def test_coverage_run_and_weighting_facts():
    run = v.coverage_run(FULL)
    assert run.recorded and run.created_at == "2026-12-01 10:25:31" and run.resolution_m == 100
    assert f.message(v.run_message(FULL), "en") == (
        "Planned against coverage run 2025Q4-4G-any-100m-cal (period 2025Q4, 100 m grid)."
    )
    older = {k: x for k, x in FULL.items() if k not in ("coverage_run", "weighting")}
    assert v.coverage_run(older) is None and v.weighting(older) is None
    assert not v.coverage_run({**FULL, "coverage_run": None}).recorded
    assert not v.weighted(FULL) and v.weighted(BUDGET)


def test_before_after_and_totals():
    rows = {k: (f.text(b, "en"), f.text(a, "en")) for k, b, a in v.before_after(FULL)}
    assert rows["villages_covered"] == ("3,123 / 3,500 (89.2%)", "3,500 / 3,500 (100%)")
    assert rows["sharing_ratio"] == ("20%", "30%")
    assert rows["dead_spots_modelled"] == ("62", "0")
    totals = v.totals(BUDGET, 14)
    assert f.text(totals["villages_new"]) == "320" and f.text(totals["actions"]) == "14"


def test_comparison_counts_actions_in_common():
    a = pd.DataFrame({"candidate_id": ["C1", "C2", "C3"]})
    b = pd.DataFrame({"candidate_id": ["C2", "C3", "C4", "C5"]})
    rows = {r.field: r for r in v.comparison([FULL, BUDGET], [a, b])}
    assert list(rows)[: len(v.COMPARE_FIELDS)] == list(v.COMPARE_FIELDS)
    assert [x.value for x in rows["actions"].values] == [3, 4]
    assert [x.value for x in rows["actions in common"].values] == [2, 2]
    web = [f.text(x, "en") for x in rows["villages_covered_after"].values]
    assert web == ["3,500 / 3,500 (100%)", "3,443 / 3,500 (98.4%)"]
    assert [f.raw(x, f.TERMINAL) for x in rows["gap"].values] == ["0.00%", "1.23%"]
    assert f.text(rows["status"].values[1], "en") == "stopped at the time limit"
    frame = v.comparison_frame(list(rows.values()), ["full", "b5"])
    assert list(frame.columns) == ["field", "full", "b5"]
    assert frame.set_index("field").loc["cost_vnd", "b5"] == 7.21e10
