"""Indicators, plans as data, and the plan scorecard.

catalogue.toml / catalogue.py   the indicators as data, checked against the registry
functions.py                    registry of compute functions (contributions per input)
boundaries.py                   units on either map: hierarchy, crosswalk, points
engine.py                       pure core: one indicator on both maps in one pass
rollup.py                       units as integers, contributions rolled up to every ancestor
aggregate.py                    ratio of sums, count, survey (Wilson), median rules
inputs.py                       the `inputs` JSON of each value, built once per input set
compute.py                      compute_frames (pure) and compute_workspace (incremental shell)
status.py                       met / on track / at risk / off track / no data
plans.py, plans/*.toml          plans as data (Plan 137/KH-UBND ships as kh-137-2024)
scorecards.py                   scorecard(): every target against the stored values
provenance.py                   `explain`: inputs and files behind a value
"""

from __future__ import annotations

from hatang.indicators.catalogue import Indicator, get_indicator, load_catalogue
from hatang.indicators.compute import ComputeReport, compute_frames, compute_workspace
from hatang.indicators.plans import Plan, Target, add_plan, get_plan, list_plans
from hatang.indicators.provenance import explain
from hatang.indicators.scorecards import SCORECARD_COLUMNS, scorecard, scorecard_json

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
