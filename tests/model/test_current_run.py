"""The one rule for the current coverage run (hatang.model.runs), on hand-made runs."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from hatang.model.runs import current_run_id, current_run_ids

T0 = dt.datetime(2026, 1, 1, 12, 0)


def _runs() -> pd.DataFrame:
    rows = [
        # run_id, created_at, period, technology, operator, resolution, calibrated
        ("2025Q4-4G-any-100m", T0, "2025Q4", "4G", "any", 100.0, None),
        ("2025Q4-4G-any-100m-cal", T0, "2025Q4", "4G", "any", 100.0, "{}"),  # same time
        ("2025Q4-4G-any-25m", T0 - dt.timedelta(hours=1), "2025Q4", "4G", "any", 25.0, None),
        (
            "2025Q4-4G-viettel-100m",
            T0 + dt.timedelta(hours=2),
            "2025Q4",
            "4G",
            "viettel",
            100.0,
            None,
        ),
        ("2025Q3-4G-any-100m", T0 + dt.timedelta(hours=3), "2025Q3", "4G", "any", 100.0, None),
        ("2025Q4-5G-any-100m", T0 - dt.timedelta(hours=5), "2025Q4", "5G", "any", 100.0, None),
        ("2025Q2-4G-any-100m", None, "2025Q2", "4G", "any", 100.0, None),
        ("2025Q2-4G-any-50m", None, "2025Q2", "4G", "any", 50.0, None),
    ]
    cols = [
        "run_id",
        "created_at",
        "period",
        "technology",
        "operator",
        "resolution_m",
        "calibration",
    ]
    return pd.DataFrame(rows, columns=cols)


def test_latest_period_then_newest_then_larger_id():
    runs = _runs()
    # 2025Q4 is the latest period although a 2025Q3 run was made later; the two 4G runs
    # made at T0 tie on time and the larger id wins; the one-operator run never does
    assert current_run_id(runs) == "2025Q4-4G-any-100m-cal"
    assert current_run_id(runs, technology="4G") == "2025Q4-4G-any-100m-cal"
    assert current_run_id(runs, technology="5G") == "2025Q4-5G-any-100m"
    assert current_run_id(runs, period="2025Q3") == "2025Q3-4G-any-100m"
    # no creation time: decided by the run id alone
    assert current_run_id(runs, period="2025Q2") == "2025Q2-4G-any-50m"
    assert current_run_id(runs, period="2024Q4") is None
    assert current_run_id(runs[runs["operator"] != "any"]) is None
    assert current_run_id(runs.iloc[:0]) is None


def test_one_current_run_per_period_and_technology():
    got = current_run_ids(_runs()).sort_values(["period", "technology"]).values.tolist()
    assert got == [
        ["2025Q2", "4G", "2025Q2-4G-any-50m"],
        ["2025Q3", "4G", "2025Q3-4G-any-100m"],
        ["2025Q4", "4G", "2025Q4-4G-any-100m-cal"],
        ["2025Q4", "5G", "2025Q4-5G-any-100m"],
    ]


@settings(max_examples=60, deadline=None)
@given(st.permutations(range(8)))
def test_row_order_never_decides(order):
    runs = _runs().iloc[list(order)]
    assert current_run_id(runs) == "2025Q4-4G-any-100m-cal"
    assert current_run_ids(runs).set_index(["period", "technology"])["run_id"].to_dict() == (
        current_run_ids(_runs()).set_index(["period", "technology"])["run_id"].to_dict()
    )


def test_a_run_without_a_readable_period_ranks_last():
    runs = _runs()
    bad = runs.iloc[[0]].assign(run_id="zz-no-period", period=None)
    worse = runs.iloc[[0]].assign(run_id="zz-bad-period", period="Q9")
    both = pd.concat([runs, bad, worse])
    assert current_run_id(both) == "2025Q4-4G-any-100m-cal"
    assert current_run_id(pd.concat([bad, worse])) == "zz-no-period"  # then the larger id
