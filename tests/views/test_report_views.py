"""The views the report reads, on hand-made rows: the report's number style, changes
since the previous period and the baseline, the tally, the largest gaps, the actions
by commune and investor, the register over a period."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from hatang.views import format as f
from hatang.views import progress, proposals, register_period, scorecard
from hatang.views.values import Value

ROW = {
    "target_no": 6,
    "indicator": "shared_sites",
    "name_vi": "Tỷ lệ trạm dùng chung",
    "name_en": "Shared sites",
    "unit_code": "37",
    "unit_name": "Ninh Bình",
    "period": "2025Q4",
    "value": 20.04,
    "unit": "%",
    "comparator": ">=",
    "target": 30.0,
    "deadline": "2025",
    "status": "off track",
    "trend": [
        ["2024Q2", 15.0],
        ["2024Q3", 16.5],
        ["2024Q4", 17.0],
        ["2025Q3", 19.0],
        ["2025Q4", 20.04],
    ],
    "sample_size": None,
    "method": "direct",
}


def test_report_style_writes_numbers_as_vietnamese_documents_do():
    vi, en = f.REPORT_VI, f.REPORT_EN
    assert (f.number(84.6571, style=vi), f.number(84.6571, style=en)) == ("84,66", "84.66")
    assert (f.whole(1915699, vi), f.whole(1915699, en)) == ("1.915.699", "1,915,699")
    assert f.percent(0.9528, style=vi) == "95,28%" and f.figure(0.95, vi) == "0,95"
    assert (f.change(1.024, style=vi), f.change(-0.5, style=vi), f.change(0.001, style=vi)) == (
        "+1,02",
        "\u22120,50",
        "0,00",
    )
    # whole up to float noise: written as the same value rounded (the scorecard's JSON) is
    assert f.number(7 / 50 * 100, style=vi) == f.number(14.0, style=vi) == "14"
    assert f.number(13.999, style=vi) == "14,00" and f.number(20.04, style=f.WEB_EN) == "20.0"
    assert f.text(Value(2.0, "change"), "vi", vi) == "+2"


def test_changes_since_the_previous_period_and_the_baseline():
    t = scorecard.target(ROW)
    prev = progress.previous(t)
    assert (
        prev.since == "2025Q3"
        and round(prev.delta.value, 2) == 1.04
        and prev.delta.kind == "change"
    )
    # the plan of 8 Oct 2024: the last period ended before it is 2024Q3
    assert progress.baseline_period(t, dt.date(2024, 10, 8)) == "2024Q3"
    assert round(progress.since_baseline(t, dt.date(2024, 10, 8)).delta.value, 2) == 3.54
    # a series that starts after the plan: its first period
    assert progress.baseline_period(t, dt.date(2020, 1, 1)) == "2024Q2"
    no_value = scorecard.target({**ROW, "value": None})
    assert progress.previous(no_value).since is None


def test_tally_and_the_largest_gaps():
    rows = [
        {**ROW, "target_no": 1, "status": "met", "value": 31.0},
        {**ROW, "target_no": 2, "status": "off track", "value": 20.0},
        {**ROW, "target_no": 3, "status": "missed", "value": 10.0},
        {**ROW, "target_no": 4, "status": "at risk", "value": 29.0},
        {**ROW, "target_no": 5, "status": "too few responses", "value": 1.0},
    ]
    targets = scorecard.targets(pd.DataFrame(rows))
    counts = {v.label: v.value for v in progress.tally(targets)}
    assert counts == {
        "tally_met": 1,
        "tally_on_track": 0,
        "tally_at_risk": 1,
        "tally_off_track": 1,
        "tally_missed": 1,
        "tally_no_data": 1,
    }
    assert [t.no for t in progress.worst(targets, 2)] == [3, 2]  # (30-10)/30, (30-20)/30


def test_actions_by_commune_add_up_to_the_scenario():
    actions = pd.DataFrame(
        {
            "kind": ["colocation", "new-tower", "colocation", "other-sector"],
            "cost_vnd": [350e6, 1.74e9, 350e6, 600e6],
            "people_new": [100.0, 50.5, 20.0, 0.0],
            "villages_new": [2, 1, 0, 0],
            "commune_code": ["A", "A", "B", "B"],
            "commune_name": ["Xã A", "Xã A", "Xã B", "Xã B"],
        }
    )
    areas = proposals.by_commune(actions)
    assert [a.commune.value for a in areas] == ["A", "B"]  # dearest first
    a = areas[0]
    assert (a.actions["sharing"].value, a.actions["new_site"].value) == (1, 1)
    assert (a.cost["sharing"].value, a.cost["new_site"].value, a.total_cost.value) == (
        350e6,
        1.74e9,
        2.09e9,
    )
    assert sum(x.total_cost.value for x in areas) == actions["cost_vnd"].sum()
    inv = proposals.investment(actions)
    assert (inv["sharing"][0].value, inv["sharing"][1].value) == (2, 700e6)
    assert (inv["new_site"][0].value, inv["new_site"][1].value) == (2, 2.34e9)


def test_the_register_over_a_period():
    cases = pd.DataFrame(
        {
            "case_id": ["C1", "C2", "C3", "C4"],
            "state": ["reported", "fixed", "verified", "assigned"],
            "opened_on": ["2025-01-05", "2025-10-02", "2024-12-31", "2025-11-30"],
            "fixed_on": [None, "2025-12-31", "2025-10-01", None],
            "verified_on": [None, None, "2025-11-15", None],
            "open": [True, True, True, True],
            "overdue": [None, None, None, "response"],
            "village_code": ["v"] * 4,
            "village_name": ["V"] * 4,
            "commune_code": ["c"] * 4,
            "commune_name": ["C"] * 4,
            "operators": [None] * 4,
            "assigned_operator": [None] * 4,
            "people_affected": [1.0] * 4,
            "response_due": [None] * 4,
        }
    )
    got = {v.label: v.value for v in register_period.figures(cases, "2025Q4")}
    assert got == {
        "regq_total": 4,
        "regq_opened": 2,
        "regq_fixed": 2,
        "regq_verified": 1,
        "regq_open": 4,
        "regq_overdue": 1,
    }
    assert [r["case_id"].value for r in register_period.oldest(cases, 2)] == ["C3", "C1"]
