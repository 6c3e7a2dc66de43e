"""Series breaks (issue 18 §8; docs/indicators.md, "How to read a figure"): a change of
method or a re-expression across the 2025 reorganisation between two periods is marked,
and no change or projection is drawn across it. Hand-computed on the fixture province."""

from __future__ import annotations

import pytest

from hatang.indicators import scorecard
from hatang.indicators.breaks import breaks, last_segment, source
from hatang.views import progress
from hatang.views import scorecard as view
from hatang.web.views import sparkline

MAP_CHANGE = "map change: re-expressed from the other map → reported"


def test_a_change_of_method_breaks_the_series():
    found = breaks(
        ["2025Q2", "2025Q3", "2025Q4"],
        ["median-tests", "ookla-tiles-mean", "ookla-tiles-mean"],
        "commune",
    )
    assert found == [
        {"period": "2025Q3", "after": "2025Q2", "reason": "method median-tests → ookla-tiles-mean"}
    ]
    assert last_segment(["2025Q2", "2025Q3", "2025Q4"], found) == 1


def test_a_median_of_few_tests_is_still_a_median():
    assert source("median-tests (few tests)") == source("median-tests") == "median-tests"
    assert breaks(["a", "b"], ["median-tests (few tests)", "median-tests"], "commune") == []


def test_the_crosswalk_breaks_a_commune_not_a_province():
    methods = ["crosswalk-population-share", "direct"]
    assert breaks(["2025Q2", "2025Q3"], methods, "province") == []
    assert breaks(["2025Q2", "2025Q3"], methods, "scope") == []
    assert breaks(["2025Q2", "2025Q3"], methods, "commune") == [
        {"period": "2025Q3", "after": "2025Q2", "reason": MAP_CHANGE}
    ]
    survey = ["survey-weighted; crosswalk-population-share", "survey-weighted"]
    assert breaks(["2025Q2", "2025Q4"], survey, "commune")[0]["reason"] == MAP_CHANGE


def _row(ws, unit, indicator, **kw):
    sc = scorecard(ws, plan_id="fixture-plan", unit=unit, map="2025", **kw)
    return sc.set_index("indicator").loc[indicator]


def test_n1_breaks_at_the_reorganisation_and_shows_no_change_across_it(planned):
    row = _row(planned, "N1", "mobile_broadband_per_100")
    # 2025Q2 re-expressed: C1 330 + C2 240 + half of C3's 180 = 660 of N1's 850 people;
    # 2025Q3 reported: 680 / 850; 2025Q4: 730 / 850
    assert dict(row["trend"])["2025Q2"] == pytest.approx(660 / 8.5)
    assert dict(row["trend"])["2025Q3"] == pytest.approx(80)
    assert row["breaks"] == [{"period": "2025Q3", "after": "2025Q2", "reason": MAP_CHANGE}]
    t = view.target(row.to_dict())
    assert t.breaks == (("2025Q3", MAP_CHANGE),)
    prev = progress.previous(t)  # 2025Q3 → 2025Q4, after the break: a change
    assert not prev.broken and prev.delta.value == pytest.approx(730 / 8.5 - 80)
    base = progress.since_baseline(t, None)  # from 2024Q4, across the break: none
    assert base.broken and base.since == "2024Q4" and base.delta.value is None


def test_the_change_into_the_first_period_after_a_break_is_not_growth(planned):
    row = _row(planned, "N1", "mobile_broadband_per_100", period="2025Q3")
    t = view.target(row.to_dict())
    c = progress.previous(t)
    assert c.broken and c.since == "2025Q2" and c.delta.value is None
    # one comparable value after the break: no trend to project from
    assert row["status"] == "no data" and "only one period" in row["status_reason"]


def test_the_plan_scope_is_re_expressed_whole_and_does_not_break(planned):
    row = _row(planned, "2024:P1", "mobile_broadband_per_100")
    assert row["breaks"] == []
    assert progress.previous(view.target(row.to_dict())).delta.value == pytest.approx(
        85 - 78
    )  # 850 and 780 of 1,000 people


def test_a_speed_that_falls_back_to_the_tiles_breaks(planned):
    row = _row(planned, "N2", "mobile_download_speed")
    # 2025Q3: 3 tests, median 55; 2025Q4: 1 test, so the tiles' mean (50 over 20 tests)
    assert row["method"] == "ookla-tiles-mean" and row["value"] == pytest.approx(50)
    assert row["breaks"][-1] == {
        "period": "2025Q4",
        "after": "2025Q3",
        "reason": "method median-tests → ookla-tiles-mean",
    }


def test_the_sparkline_is_cut_at_a_break():
    svg = sparkline([["a", 1], ["b", 2], ["c", 3], ["d", 2]], ["c"])
    assert svg.count("<polyline") == 2 and svg.count('class="break"') == 1
    assert "¦ c" in svg
    single = sparkline([["a", 1], ["b", 2], ["c", 3]], ["c"])
    assert single.count("<polyline") == 1 and single.count("<circle") == 1
    assert sparkline([["a", 1], ["b", 2]]).count("<polyline") == 1
