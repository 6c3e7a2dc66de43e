"""The dead-spot register over one reporting period, as a report shows it: what was
opened, fixed and verified in the period, what is open and overdue now, the oldest
open cases.

Over the register's cases (`register.queries.list_cases`: named, with the `open` and
`overdue` flags of `register.figures` on the report's day).
"""

from __future__ import annotations

import pandas as pd

from hatang.model.periods import period_end, period_start
from hatang.views.register import list_rows
from hatang.views.values import Value


def _in(cases: pd.DataFrame, column: str, period: str) -> int:
    day = pd.to_datetime(cases[column], errors="coerce").dt.normalize()
    a, b = pd.Timestamp(period_start(period)), pd.Timestamp(period_end(period))
    return int(((day >= a) & (day <= b)).sum())


def figures(cases: pd.DataFrame, period: str) -> list[Value]:
    """Cases in the register, opened / fixed / verified in `period`, open and overdue."""
    if cases.empty:
        counts = dict.fromkeys(("total", "opened", "fixed", "verified", "open", "overdue"), 0)
    else:
        counts = {
            "total": len(cases),
            "opened": _in(cases, "opened_on", period),
            "fixed": _in(cases, "fixed_on", period),
            "verified": _in(cases, "verified_on", period),
            "open": int(cases["open"].astype(bool).sum()),
            "overdue": int(cases["overdue"].notna().sum()),
        }
    return [Value(n, "count", label=f"regq_{k}") for k, n in counts.items()]


def oldest(cases: pd.DataFrame, n: int = 5) -> list[dict[str, Value]]:
    """The `n` open cases reported longest ago (then by case id)."""
    if cases.empty:
        return []
    open_ = cases[cases["open"].astype(bool)]
    ordered = open_.assign(_on=pd.to_datetime(open_["opened_on"], errors="coerce"))
    return list_rows(ordered.sort_values(["_on", "case_id"], kind="stable").head(n))
