"""Which stored coverage run is "the current one": one rule for every consumer.

`hatang deadspots`, the planner, the indicators, the open-data portal and the web all
show figures of a coverage run. They must show the same run, so the rule lives here,
over the `coverage_runs` table as a frame, and nowhere else (docs/coverage.md,
"The current run"):

1. Only runs over all operators (`operator = 'any'`) and the whole workspace stand
   for an area; a run made with `--operator X` or narrowed with `--province P` is
   shown only when asked for by its id.
2. Of those, narrowed to the period and technology asked for (when given), the run
   of the latest period wins; within a period, the run created last
   (`created_at`, a missing time counting as oldest; a missing period ranks last); equal times are decided by the
   larger `run_id`, so the answer never depends on row order.

Resolution and calibration do not enter: re-running `hatang coverage` with other
settings makes that run the current one, as a user expects.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from hatang.model.periods import period_end

ALL_OPERATORS = "any"


def _end_of(period: object) -> dt.date:
    """A period's last day; a missing or unreadable period ranks oldest."""
    try:
        return period_end(str(period))
    except ValueError:
        return dt.date.min


def _ranked(runs: pd.DataFrame) -> pd.DataFrame:
    """All-operator runs, best first by the rule above."""
    if runs is None or runs.empty:
        return pd.DataFrame(columns=["run_id", "period", "technology"])
    whole = (
        runs["province"].isna() | (runs["province"].astype(str) == "")
        if "province" in runs
        else True
    )
    r = runs[(runs["operator"].astype(str) == ALL_OPERATORS) & whole].copy()
    if r.empty:
        return r
    r["_end"] = [_end_of(p) for p in r["period"]]
    r["_created"] = pd.to_datetime(r["created_at"], errors="coerce")
    r["_id"] = r["run_id"].astype(str)
    r = r.sort_values(
        ["_end", "_created", "_id"], ascending=False, na_position="last", kind="mergesort"
    )
    return r.drop(columns=["_end", "_created", "_id"])


def current_run_id(
    runs: pd.DataFrame, *, period: str | None = None, technology: str | None = None
) -> str | None:
    """The current run's id among `runs` (rows of coverage_runs), or None when no
    all-operator run matches `period` / `technology`."""
    r = _ranked(runs)
    if period is not None and not r.empty:
        r = r[r["period"].astype(str) == str(period)]
    if technology is not None and not r.empty:
        r = r[r["technology"].astype(str) == str(technology)]
    return None if r.empty else str(r["run_id"].iloc[0])


def current_run_ids(runs: pd.DataFrame) -> pd.DataFrame:
    """The current run of every (period, technology) that has one: columns period,
    technology, run_id — what the indicators read modelled coverage from."""
    r = _ranked(runs)
    if r.empty:
        return pd.DataFrame(columns=["period", "technology", "run_id"])
    first = r.drop_duplicates(["period", "technology"], keep="first")
    return first[["period", "technology", "run_id"]].reset_index(drop=True)
