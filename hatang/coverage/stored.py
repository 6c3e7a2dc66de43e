"""Stored coverage runs as `hatang deadspots` reads them: the list of runs, and a run's
dead spots with the names of their villages and communes.

Without `--run` the run read is the current one (hatang.model.runs: the latest period's
newest all-operator run), the same run the planner, the indicators and the open-data
portal use; a run made for one operator is read only when named.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from hatang.coverage.tables import with_names
from hatang.store import coverage as store
from hatang.store.workspace import Workspace


def list_runs(ws: Workspace) -> pd.DataFrame:
    """Every stored coverage run, newest first."""
    return store.read_run_list(ws)


def read_dead_spots(
    ws: Workspace,
    *,
    run_id: str | None = None,
    min_population: float = 0.0,
    scope: str | None = None,
    technology: str | None = None,
) -> tuple[dict[str, Any], pd.DataFrame, pd.DataFrame]:
    """(run row, its modelled dead spots of `scope` sorted by population, its checks).

    run_id: default the current run (of `technology`, when given). scope: 'any' or an
    operator; by default the run's own ('any', or the operator of an `--operator` run)."""
    found = store.read_run_dead_spots(
        ws, run_id=run_id, technology=technology, scope=scope, min_population=min_population
    )
    return found.run, with_names(found.spots, found.names), found.checks
