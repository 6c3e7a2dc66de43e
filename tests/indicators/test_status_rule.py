"""The status rule: met (within margin) / on track / at risk / off track / missed /
no current data / partial data / too few / no data."""

from __future__ import annotations

import pytest

from hatang.indicators.plans import Target
from hatang.indicators.status import Reading, assess, project, quarters_between
from hatang.model.periods import period_fraction

T = Target(no=1, pillar="p", indicator="x", comparator=">=", value=90.0, deadline="2025")
LE = Target(no=2, pillar="p", indicator="x", comparator="<=", value=100.0, deadline="2025")


def test_no_data_without_values():
    s = assess(T, [], no_data_reason="no subscriptions data for 2025Q4")
    assert s.status == "no data"
    assert s.reason == "no subscriptions data for 2025Q4"
    assert s.projection is None


def test_met_on_latest_value():
    assert assess(T, [("2025Q1", 80.0), ("2025Q2", 91.0)]).status == "met"
    assert assess(LE, [("2025Q1", 120.0), ("2025Q2", 90.0)]).status == "met"


def test_one_period_is_no_data_not_zero():
    s = assess(T, [("2025Q2", 50.0)])
    assert s.status == "no data"
    assert "only one period" in s.reason


def test_deadline_reached_is_missed_with_no_projection():
    s = assess(T, [("2025Q3", 80.0), ("2025Q4", 85.0)])
    assert s.status == "missed" and s.past_deadline
    assert s.reason == "deadline 2025 reached: 85 in 2025Q4 misses >= 90"
    assert s.projection is None and s.band_low is None
    # met at the deadline: met, still nothing to project
    s = assess(T, [("2025Q3", 80.0), ("2025Q4", 95.0)])
    assert (s.status, s.projection, s.past_deadline) == ("met", None, True)
    # before it, the projection is reported with every status
    s = assess(T, [("2025Q2", 80.0), ("2025Q3", 95.0)])
    assert s.status == "met" and s.projection is not None and not s.past_deadline


def test_old_value_is_no_current_data_never_on_track():
    # the latest value is from 2025Q2 and the scorecard asks for 2025Q4 (after the deadline)
    series = [("2024Q4", 60.0), ("2025Q2", 68.6)]
    cur = Reading("2025Q2", 68.6, stale=True)
    s = assess(Target(14, "p", "x", ">=", 70.0, "2025"), series, current=cur, as_of="2025Q4")
    assert s.status == "no current data" and s.past_deadline and s.projection is None
    assert s.reason == "latest value 68.6 is from 2025Q2, not 2025Q4"


def test_quarters_between():
    assert quarters_between("2025Q2", "2025Q2") == 0
    assert quarters_between("2025Q2", "2025Q4") == 2
    assert quarters_between("2024Q4", "2025Q1") == 1
    assert quarters_between("2024", "2025Q4") == 4


def test_partial_and_too_few_show_the_value_without_a_verdict():
    part = Reading("2025Q4", 99.0, partial="56 of 57 communes (98.2 % of people)")
    s = assess(T, [("2025Q4", 99.0)], current=part)
    assert s.status == "partial data"
    assert s.reason == "partial: 56 of 57 communes (98.2 % of people) in 2025Q4; 99 from those"
    few = Reading("2025Q4", 100.0, too_few="responses", sample_size=1, min_sample=30)
    s = assess(T, [], current=few)
    assert s.status == "too few responses"
    assert s.reason == "1 responses in 2025Q4 (at least 30 needed)"


def test_interval_in_the_status_rule():
    e = Target(14, "p", "x", ">=", 70.0, "2025")
    r = Reading("2025Q4", 72.0, ci_low=67.9, ci_high=75.8)
    s = assess(e, [("2025Q4", 72.0)], current=r, ci_rule="margin")
    assert s.status == "met within margin"
    assert (
        s.reason == "72 in 2025Q4 meets >= 70, within the margin of error (95 % interval 67.9–75.8)"
    )
    s = assess(e, [("2025Q4", 72.0)], current=r, ci_rule="lower-bound")
    assert s.status == "missed"
    assert s.reason.endswith(
        "72 in 2025Q4 meets >= 70 but the 95 % interval 67.9–75.8 does not clear it"
    )
    clear = Reading("2025Q4", 80.0, ci_low=75.0, ci_high=84.0)
    assert assess(e, [], current=clear, ci_rule="lower-bound").status == "met"
    assert assess(e, [], current=r, ci_rule="none").status == "met"


def test_linear_projection_on_track_with_band():
    # +5 per quarter, exactly linear: band has zero width; end of 2025 is 2 quarters on
    s = assess(T, [("2024Q4", 60.0), ("2025Q1", 65.0), ("2025Q2", 70.0), ("2025Q3", 75.0)])
    assert s.projection == pytest.approx(75 + 5 * (365 / 365) * (92 / 92), rel=0.02)
    assert s.status == "off track"  # 80 < 90


def test_band_straddling_target_is_at_risk():
    s = assess(T, [("2024Q4", 70.0), ("2025Q1", 82.0), ("2025Q2", 78.0), ("2025Q3", 86.0)])
    assert s.band_low is not None and s.band_low < 90 < s.band_high
    assert s.status == "at risk"


def test_on_track_when_whole_band_meets():
    s = assess(T, [("2024Q4", 80.0), ("2025Q1", 83.0), ("2025Q2", 86.1), ("2025Q3", 89.0)])
    assert s.status == "on track"
    assert s.band_low >= 90


def test_two_points_no_band():
    s = assess(T, [("2025Q2", 80.0), ("2025Q3", 86.0)])
    assert s.band_low is None
    assert s.status == "on track"  # 86 + 6 ≈ 92 by end of 2025
    assert "2 points" in s.reason


def test_percent_projection_is_clipped():
    s = assess(
        Target(1, "p", "x", ">=", 100.0, "2026"), [("2025Q1", 90.0), ("2025Q2", 99.0)], percent=True
    )
    assert s.projection <= 100.0


def test_project_matches_least_squares():
    # y = 2·x − 4000 exactly (x = the period's end as a decimal year): a perfect fit
    pts = [(p, 2 * period_fraction(p) - 4000) for p in ("2025Q1", "2025Q2", "2025Q3")]
    proj, lo, hi = project(pts, "2025")
    assert proj == pytest.approx(2 * period_fraction("2025") - 4000)
    assert lo == pytest.approx(proj) and hi == pytest.approx(proj)  # no residual spread
