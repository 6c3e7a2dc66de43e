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
from hatang.store.national import read_province_scope
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
    province: str | None = None,
) -> tuple[dict[str, Any], pd.DataFrame, pd.DataFrame]:
    """(run row, its modelled dead spots of `scope` sorted by population, its checks).

    run_id: default the current run (of `technology`, when given). scope: 'any' or an
    operator; by default the run's own ('any', or the operator of an `--operator` run).
    province: only the dead spots and reports of that 2025 province (`views.province`)."""
    found = store.read_run_dead_spots(
        ws, run_id=run_id, technology=technology, scope=scope, min_population=min_population
    )
    spots, checks = found.spots, found.checks
    if province is not None:
        where = read_province_scope(ws, province)
        spots, checks = (
            where.keep(spots, "modelled_dead_spots"),
            where.keep(checks, "dead_spot_checks"),
        )
    return found.run, with_names(spots, found.names), checks
