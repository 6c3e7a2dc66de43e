"""Indicators, plans as data, and the plan scorecard.

catalogue.toml / catalogue.py   the indicators as data, checked against the registry
functions.py                    registry of compute functions (contributions per input)
boundaries.py                   units on either map: hierarchy, crosswalk, points
engine.py                       pure core: one indicator on both maps in one pass
rollup.py                       units as integers, contributions rolled up to every ancestor
aggregate.py                    ratio of sums, count, survey (Wilson), median rules
inputs.py                       the `inputs` JSON of each value, built once per input set
compute.py                      compute_frames: pure, every indicator over frames
incremental.py                  compute_workspace: the shell, computes only what changed
status.py                       met / on track / at risk / off track / no data
plans.py, plans/*.toml          plans as data (Plan 137/KH-UBND ships as kh-137-2024)
scorecards.py                   scorecard(): every target against the stored values
provenance.py                   `explain`: inputs and files behind a value
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hatang.indicators.catalogue import Indicator, get_indicator, load_catalogue
    from hatang.indicators.compute import compute_frames
    from hatang.indicators.incremental import ComputeReport, compute_workspace
    from hatang.indicators.plans import Plan, Target, add_plan, get_plan, list_plans
    from hatang.indicators.provenance import explain
    from hatang.indicators.scorecards import SCORECARD_COLUMNS, scorecard, scorecard_json

#: public name → the module defining it; loaded on first use, so that importing the
#: package (or a light module of it, e.g. its words) does not load pandas: a no-op
#: `hatang compute` and every `--help` start without it
_WHERE = {
    "Indicator": "catalogue",
    "get_indicator": "catalogue",
    "load_catalogue": "catalogue",
    "compute_frames": "compute",
    "ComputeReport": "incremental",
    "compute_workspace": "incremental",
    "Plan": "plans",
    "Target": "plans",
    "add_plan": "plans",
    "get_plan": "plans",
    "list_plans": "plans",
    "explain": "provenance",
    "SCORECARD_COLUMNS": "scorecards",
    "scorecard": "scorecards",
    "scorecard_json": "scorecards",
}

__all__ = [
    "SCORECARD_COLUMNS",
    "ComputeReport",
    "Indicator",
    "Plan",
    "Target",
    "add_plan",
    "compute_frames",
    "compute_workspace",
    "explain",
    "get_indicator",
    "get_plan",
    "list_plans",
    "load_catalogue",
    "scorecard",
    "scorecard_json",
]


def __getattr__(name: str) -> Any:
    """A public name from its module, or a submodule (`hatang.indicators.compute`)."""
    if name in _WHERE:
        value = getattr(importlib.import_module(f"{__name__}.{_WHERE[name]}"), name)
        globals()[name] = value
        return value
    try:
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError as e:
        if e.name != f"{__name__}.{name}":
            raise
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
