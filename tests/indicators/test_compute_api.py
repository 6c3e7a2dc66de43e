"""The package's public API: one name per thing, and a progress callback instead of a bar."""

from __future__ import annotations

import importlib
import re
import types
from pathlib import Path

import hatang.indicators as indicators


def test_modules_and_functions_do_not_share_names():
    for name in indicators.__all__:
        assert not isinstance(getattr(indicators, name), types.ModuleType), name
    assert isinstance(indicators.compute, types.ModuleType)  # the module, not a function
    assert callable(indicators.compute_workspace) and callable(indicators.scorecard)
    assert importlib.import_module("hatang.indicators.scorecards").scorecard is indicators.scorecard


def test_progress_is_reported_through_the_callback(fresh_copy):
    calls = []
    report = indicators.compute_workspace(
        fresh_copy,
        only_changed=False,
        indicators=["sites_count", "shared_sites"],
        progress=lambda what, done, total: calls.append((what, done, total)),
    )
    assert report.computed == ["sites_count", "shared_sites"]
    assert [d for _, d, _ in calls] == list(range(1, len(calls) + 1))
    assert {t for _, _, t in calls} == {len(calls)} and len(calls) >= 2
    assert all(what.split(" ")[0] in report.computed for what, _, _ in calls)


def test_the_engine_draws_nothing():
    for path in Path(indicators.__file__).parent.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import|from) rich\b", text, re.M), path.name
