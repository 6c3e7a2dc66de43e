"""Indicators, plans as data, and the plan scorecard.

catalogue.toml / catalogue.py   the indicators as data, checked against the registry
functions.py                    registry of compute functions (contributions per input)
boundaries.py                   units on either map: hierarchy, crosswalk, points
engine.py                       pure core: contributions rolled up, survey / median rules
compute.py                      shell: read the workspace, compute incrementally, store
status.py                       met / on track / at risk / off track / no data
plans.py, plans/*.toml          plans as data (Plan 137/KH-UBND ships as kh-137-2024)
scorecard.py                    every target against the stored values
provenance.py                   `explain`: inputs and files behind a value
"""

from __future__ import annotations

from hatang.indicators.catalogue import Indicator, get_indicator, load_catalogue
from hatang.indicators.compute import ComputeReport, compute, compute_frames
from hatang.indicators.plans import Plan, Target, add_plan, get_plan, list_plans
from hatang.indicators.provenance import explain
from hatang.indicators.scorecard import SCORECARD_COLUMNS, scorecard

__all__ = [
    "SCORECARD_COLUMNS",
    "ComputeReport",
    "Indicator",
    "Plan",
    "Target",
    "add_plan",
    "compute",
    "compute_frames",
    "explain",
    "get_indicator",
    "get_plan",
    "list_plans",
    "load_catalogue",
    "scorecard",
]
