"""Figures of the register, pure (frames in, frames out): which cases are overdue and
the per-operator scoreboard. The CLI, the web, the indicators and the quarterly report
count from these, so a figure reads the same everywhere.

Overdue (on `today`):
  * `response` — assigned (or upheld after a dispute) and `response_due` has passed
    without the operator accepting or disputing;
  * `fix` — accepted and the planned fix date has passed without a reported fix.

Scoreboard, per operator (cases ever assigned to it):
  * open: assigned cases not fixed, verified, closed or overturned;
  * overdue: as above;
  * median days to respond: assignment → first accept or dispute;
  * median days to fix: assignment → the reported fix date (0 when fixed before);
  * verified share: cases verified (or closed after verification) ÷ cases reported fixed.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from hatang.register.machine import FINISHED

#: states in which the operator still owes the province something
OWED = ("assigned", "accepted", "disputed", "upheld")


def overdue(cases: pd.DataFrame, today: dt.date) -> pd.Series:
    """'response', 'fix' or None for each case (same index)."""
    state = cases["state"].astype(str)
    day = pd.Timestamp(today)
    due = pd.to_datetime(cases["response_due"])
    planned = pd.to_datetime(cases["planned_on"])
    late_response = state.isin(["assigned", "upheld"]) & due.notna() & (due < day)
    late_fix = (state == "accepted") & planned.notna() & (planned < day)
    out = pd.Series(None, index=cases.index, dtype=object)
    out[late_response] = "response"
    out[late_fix] = "fix"
    return out


def is_open(cases: pd.DataFrame) -> pd.Series:
    """Cases still needing work: any state but closed or rejected."""
    return ~cases["state"].astype(str).isin(FINISHED)


def _first(events: pd.DataFrame, actions: tuple[str, ...]) -> pd.Series:
    """case_id → time of the first event of one of `actions`."""
    e = events[events["action"].isin(actions)]
    return pd.to_datetime(e.groupby("case_id")["at"].min())


def _median(values: pd.Series) -> float | None:
    v = pd.to_numeric(values, errors="coerce").dropna()
    return float(np.median(v)) if len(v) else None


def scoreboard(cases: pd.DataFrame, events: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    """One row per operator ever assigned a case: assigned, open, overdue,
    median_days_to_respond, median_days_to_fix, fixed, verified, verified_share."""
    cols = [
        "operator",
        "assigned",
        "open",
        "overdue",
        "median_days_to_respond",
        "median_days_to_fix",
        "fixed",
        "verified",
        "verified_share",
    ]
    c = cases[cases["assigned_operator"].notna()].copy()
    if c.empty:
        return pd.DataFrame(columns=cols)
    c["overdue"] = overdue(c, today).notna()
    c["owed"] = c["state"].astype(str).isin(OWED)
    assigned = pd.to_datetime(c["assigned_on"])
    first = _first(events, ("accept", "dispute")).to_dict()
    responded = pd.to_datetime(c["case_id"].map(lambda cid: first.get(cid)))
    c["respond_days"] = (responded.dt.normalize() - assigned).dt.days
    # a fix dated before the assignment (the backlog) took the operator no time after it
    c["fix_days"] = (pd.to_datetime(c["fixed_on"]) - assigned).dt.days.clip(lower=0)
    c["was_fixed"] = c["fixed_on"].notna()
    c["was_verified"] = c["verified_on"].notna()
    rows = []
    for op, g in c.groupby("assigned_operator", sort=True):
        fixed = int(g["was_fixed"].sum())
        verified = int((g["was_fixed"] & g["was_verified"]).sum())
        rows.append(
            {
                "operator": str(op),
                "assigned": len(g),
                "open": int(g["owed"].sum()),
                "overdue": int(g["overdue"].sum()),
                "median_days_to_respond": _median(g["respond_days"]),
                "median_days_to_fix": _median(g["fix_days"]),
                "fixed": fixed,
                "verified": verified,
                "verified_share": verified / fixed if fixed else None,
            }
        )
    return pd.DataFrame(rows, columns=cols)


def counts_by_state(cases: pd.DataFrame) -> pd.Series:
    from hatang.register.machine import STATES

    counts = cases["state"].astype(str).value_counts()
    return pd.Series({s: int(counts.get(s, 0)) for s in STATES})
