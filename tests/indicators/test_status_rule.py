"""The status rule: met / on track / at risk / off track / no data."""

from __future__ import annotations

import pytest

from hatang.indicators.plans import Target
from hatang.indicators.status import assess, project
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


def test_deadline_passed_is_off_track():
    s = assess(T, [("2025Q3", 80.0), ("2025Q4", 85.0)])
    assert s.status == "off track"
    assert "deadline 2025 passed" in s.reason


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
