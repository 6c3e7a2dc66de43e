"""Stored scenarios as the CLI and the dashboard read them: the list, one scenario,
a comparison, and whether the coverage run a scenario recorded is still as it was."""

from __future__ import annotations

from typing import Any

import pandas as pd

from hatang.store import coverage as store_coverage
from hatang.store import scenarios as store
from hatang.store.workspace import Workspace
from hatang.views import scenarios as views

#: the fields `hatang scenarios compare` (and the dashboard's comparison) shows
COMPARE_FIELDS = views.COMPARE_FIELDS


def list_scenarios(ws: Workspace) -> pd.DataFrame:
    """Every stored scenario, oldest first."""
    return store.read_scenarios(ws)


def get_scenario(ws: Workspace, name: str) -> tuple[dict[str, Any], pd.DataFrame]:
    """The scenario `name` and its ranked actions (NotFound names the known ones)."""
    return store.read_scenario(ws, name)


def recorded_run_state(ws: Workspace, scenario: dict[str, Any]) -> str | None:
    """Whether the coverage run a scenario recorded is still stored as it was planned
    against: 'current', 'recomputed' (a later `hatang coverage` replaced the run of the
    same id: its offsets may differ now), 'missing', or None when none was recorded."""
    run_id = scenario.get("coverage_run")
    if not isinstance(run_id, str) or not run_id:
        return None
    runs = store_coverage.read_coverage_runs(ws)
    hit = runs[runs["run_id"].astype(str) == run_id]
    if hit.empty:
        return "missing"
    planned = scenario.get("coverage_run_created_at")
    if planned is None or pd.isna(planned):
        return "current"
    same = pd.Timestamp(hit["created_at"].iloc[0]) == pd.Timestamp(planned)
    return "current" if same else "recomputed"


def compare(ws: Workspace, a: str, b: str) -> pd.DataFrame:
    """Two scenarios side by side: COMPARE_FIELDS, their action counts and the actions
    (by candidate) they have in common."""
    sa, acts_a = get_scenario(ws, a)
    sb, acts_b = get_scenario(ws, b)
    rows = [dict(field=f, **{a: sa[f], b: sb[f]}) for f in COMPARE_FIELDS]
    rows.append(dict(field="actions", **{a: len(acts_a), b: len(acts_b)}))
    common = len(set(acts_a["candidate_id"]) & set(acts_b["candidate_id"]))
    rows.append(dict(field="actions in common", **{a: common, b: common}))
    return pd.DataFrame(rows)
