"""Days to fix is one figure everywhere: the median of the cases' days from the report
(opened_on) to the fix (fixed_on) — in the catalogue, in the register's published
figures and in the definition of docs/indicators.md. Hand-computed on the fixture."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from hatang.indicators import load_catalogue
from hatang.indicators.aggregate import median_of_cases
from hatang.indicators.rollup import Groups, Rolled


def test_the_median_is_over_the_cases_of_a_unit_never_a_mean_or_a_median_of_medians():
    """Cases of 10 and 20 days in village V1, 90 in V2, both in commune C: V1 15, V2 90,
    C 20 (the mean would be 40, the median of the villages' medians 52.5)."""
    contrib = pd.DataFrame(
        {"numerator": [10.0, 20.0, 90.0], "method_code": [2, 2, 2], "synthetic": False}
    )
    # keys: 0 = V1, 1 = V2, 2 = C (one period); each case once at its village, once at C
    rolled = Rolled(np.array([0, 1, 2, 0, 1, 2]), np.array([0, 0, 1, 2, 2, 2]), np.zeros(3))
    g = Groups.of(rolled.key)
    out = median_of_cases(rolled, contrib, g)
    assert out["value"].tolist() == [15.0, 90.0, 20.0]
    assert out["sample_size"].tolist() == [2.0, 1.0, 3.0]
    assert out["reliable"].all() and list(out["method"]) == ["median; village-rollup"] * 3


def test_the_catalogue_says_median_in_its_name_definition_and_aggregation():
    ind = load_catalogue()["register_days_to_fix"]
    assert ind.aggregation == "median-of-cases"
    assert "median" in ind.name_en.lower() and "trung vị" in ind.name_vi
    assert "median" in ind.definition and "mean" not in ind.definition


@pytest.fixture
def three_fixed(fresh_copy):
    """The fixture with two more cases fixed in 2025Q4: C00004 (V1, N1; reported 09-15,
    fixed 11-24: 70 days) and C00001 (V5, N2; reported 06-01, fixed 12-10: 192 days),
    besides C00002 (V3, N1; 07-01 → 11-05: 127 days)."""
    from hatang.indicators import compute_workspace
    from hatang.register import actions
    from hatang.register.machine import Actor

    vt = Actor("vt", "operator", "viettel")
    steps = [
        ("C00004", "fix", {"fixed_on": "2025-11-24", "fix_action": "new-site"}, "2025-11-25"),
        ("C00001", "accept", {"planned_on": "2025-12-20", "planned_action": "new-site"}, "12-01"),
        ("C00001", "fix", {"fixed_on": "2025-12-10", "fix_action": "new-site"}, "2025-12-11"),
    ]
    for case, action, inputs, day in steps:
        when = dt.datetime.fromisoformat(day if day.startswith("2025") else f"2025-{day}")
        actions.act(fresh_copy, case, action, vt, inputs, today=when.date(), now=when)
    compute_workspace(fresh_copy)
    return fresh_copy


def test_the_indicator_is_the_median_and_matches_the_published_figures(three_fixed):
    """P2 2025Q4: median(70, 127, 192) = 127 (the mean: 129.67); N1: median(70, 127) =
    98.5; N2: 192. The published figures give the same median for the province."""
    from hatang.register.figures import period_figures

    with three_fixed.connect(read_only=True) as con:
        values = con.execute(
            "SELECT unit_code, value, sample_size FROM indicator_values "
            "WHERE indicator = 'register_days_to_fix' AND period = '2025Q4' AND map = '2025' "
            "AND unit_code IN ('P2', 'N1', 'N2') ORDER BY unit_code"
        ).fetchall()
        events = con.execute("SELECT * FROM register_events").df()
    assert values == [("N1", 98.5, 2), ("N2", 192.0, 1), ("P2", 127.0, 3)]
    quarter = [("2025Q4", dt.date(2025, 10, 1), dt.date(2025, 12, 31))]
    figures = period_figures(events.assign(case_id=events["case_id"].astype(str)), quarter)
    province = figures[
        (figures["map"] == "2025")
        & (figures["commune_code"] == "*")
        & (figures["operator"] == "all")
    ]
    assert province["median_days_to_fix"].tolist() == [127.0]
