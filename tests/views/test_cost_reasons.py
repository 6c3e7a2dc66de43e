"""Why a plan costs what it costs: the scenario view says what the sharing target and
the facility weighting add against the same question without them, and what a budget
plan spends (`views.scenarios.cost_reasons`, over `planning.scenario`'s reference)."""

from __future__ import annotations

import pytest

from hatang.planning.scenario import plan_sites
from hatang.testing import fixture_workspace
from hatang.views import format as fmt
from hatang.views import scenarios as views


def _text(s: dict, lang: str = "en") -> str:
    return " ".join(fmt.message(m, lang) for m in views.cost_reasons(s))


FULL = dict(
    problem="min-cost",
    status="optimal",
    cost_vnd=72.1e9,
    reference_without="sharing",
    reference_cost_vnd=8.1e9,
    reference_people_new=190960.0,
    reference_status="optimal",
    people_new=190960.0,
)


def test_the_sharing_target_adds_the_difference():
    assert (
        _text(FULL) == "The sharing target adds 64.0 bn VND: without it the plan costs 8.1 bn VND."
    )
    assert "64.0 tỷ đồng" in _text(FULL, "vi") or "64,0 tỷ đồng" in _text(FULL, "vi")


def test_free_weighting_and_an_approximate_reference():
    s = dict(FULL, reference_without="weighting", reference_cost_vnd=72.1e9, status="time_limit")
    text = _text(s)
    assert text.startswith("The facility weighting adds nothing to the cost")
    assert text.endswith("the difference is approximate.)")


def test_a_budget_plan_says_what_it_spends_and_the_people_given_up():
    s = dict(
        FULL,
        problem="max-cover",
        budget_vnd=50e9,
        cost_vnd=49.7e9,
        people_new=100_000.0,
        reference_people_new=120_500.0,
    )
    assert _text(s) == (
        "Spends 49.7 bn VND of the 50.0 bn VND budget. Without the sharing target the "
        "same budget covers 120,500 people (20,500 more)."
    )


def test_a_plain_plan_has_nothing_to_explain():
    assert (
        views.cost_reasons(dict(problem="min-cost", cost_vnd=8.1e9, reference_without=None)) == []
    )


def test_the_reference_is_the_plan_without_sharing(tmp_path):
    ws = fixture_workspace(tmp_path / "ws")
    plain = plan_sites(ws, name="plain").scenario
    shared = plan_sites(ws, name="shared", sharing=0.5).scenario
    assert plain["reference_without"] is None and plain["reference_cost_vnd"] is None
    assert shared["reference_without"] == "sharing"
    assert shared["reference_cost_vnd"] == pytest.approx(plain["cost_vnd"])
    assert shared["cost_vnd"] > plain["cost_vnd"]  # the target costs something here
    diff = fmt.money(shared["cost_vnd"] - plain["cost_vnd"], "en")
    assert f"The sharing target adds {diff}" in _text(shared)
