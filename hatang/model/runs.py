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
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from hatang.model.periods import period_end

if TYPE_CHECKING:  # the rule itself is pure Python: a no-op `hatang compute` needs no pandas
    import pandas as pd

ALL_OPERATORS = "any"
#: the fields of a coverage_runs row the rule reads (province may be absent)
RULE_FIELDS = ("run_id", "created_at", "period", "technology", "operator", "province")


def _end_of(period: object) -> dt.date:
    """A period's last day; a missing or unreadable period ranks oldest."""
    try:
        return period_end(str(period))
    except ValueError:
        return dt.date.min


def _rank_key(run: Mapping[str, Any]) -> tuple[Any, ...]:
    """Larger is better: latest period, then newest (a missing time oldest), larger id."""
    created = run.get("created_at")
    return (_end_of(run.get("period")), created is not None, created or 0, str(run["run_id"]))


def ranked(runs: Sequence[Mapping[str, Any]]) -> list[int]:
    """Positions of the all-operator, whole-workspace runs among `runs` (records with
    RULE_FIELDS, missing values as None), best first by the rule above; ties keep
    their order."""
    keep = [
        i
        for i, r in enumerate(runs)
        if str(r.get("operator")) == ALL_OPERATORS and r.get("province") in (None, "")
    ]
    return sorted(keep, key=lambda i: _rank_key(runs[i]), reverse=True)


def current_runs(runs: Sequence[Mapping[str, Any]]) -> list[int]:
    """Positions of the current run of every (period, technology) that has one."""
    first: dict[tuple[Any, Any], int] = {}
    for i in ranked(runs):
        first.setdefault((runs[i].get("period"), runs[i].get("technology")), i)
    return list(first.values())


def _records(runs: pd.DataFrame) -> list[dict[str, Any]]:
    """The rule's fields of each row, missing values as None (times parsed)."""
    import pandas as pd

    cols = {c: runs[c] for c in RULE_FIELDS if c in runs}
    cols["created_at"] = pd.to_datetime(runs["created_at"], errors="coerce")
    names = list(cols)
    return [
        {k: (None if v is None or pd.isna(v) else v) for k, v in zip(names, row, strict=True)}
        for row in zip(*cols.values(), strict=True)
    ]


def _ranked(runs: pd.DataFrame | None) -> pd.DataFrame:
    """All-operator runs, best first by the rule above."""
    import pandas as pd

    if runs is None or runs.empty:
        return pd.DataFrame(columns=["run_id", "period", "technology"])
    return runs.iloc[ranked(_records(runs))]


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
    import pandas as pd

    if runs is None or runs.empty:
        return pd.DataFrame(columns=["period", "technology", "run_id"])
    first = runs.iloc[current_runs(_records(runs))]
    return first[["period", "technology", "run_id"]].reset_index(drop=True)
