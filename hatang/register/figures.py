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
    median_days_to_respond, median_days_assignment_to_fix (assignment → the reported fix
    date: the operator's part, not the report-to-fix *days to fix*), fixed, verified,
    verified_share."""
    cols = [
        "operator",
        "assigned",
        "open",
        "overdue",
        "median_days_to_respond",
        "median_days_assignment_to_fix",
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
                "median_days_assignment_to_fix": _median(g["fix_days"]),
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


# ---- the register as it stood at a period's end -------------------------------------------


def as_of(events: pd.DataFrame, end: dt.date) -> pd.DataFrame:
    """The cases as the events recorded up to the end of day `end` fold them."""
    from hatang.register import cases as fold

    upto = events[pd.to_datetime(events["at"]) < pd.Timestamp(end + dt.timedelta(days=1))]
    return fold.frame(fold.replay(upto.to_dict("records")).values())


def recorded_in(events: pd.DataFrame, action: str, start: dt.date, end: dt.date) -> set[str]:
    """Cases with a step `action` recorded from `start` to `end` (days, inclusive)."""
    at = pd.to_datetime(events["at"])
    after = pd.Timestamp(end + dt.timedelta(days=1))
    sel = (events["action"] == action) & (at >= pd.Timestamp(start)) & (at < after)
    return set(events.loc[sel, "case_id"].astype(str))


FIGURES = (
    "open_cases",
    "overdue_cases",
    "fixed_cases",
    "verified_cases",
    "median_days_to_fix",
    "people_open",
)


def people_in(open_: pd.DataFrame) -> float:
    """People in open cases, each modelled dead spot once."""
    people = pd.to_numeric(open_["people_affected"], errors="coerce").fillna(0.0)
    repeated = open_["modelled_ref"].notna() & open_["modelled_ref"].duplicated(keep="first")
    return float(people[~repeated].sum())


def _row(
    cases: pd.DataFrame, fixed: set[str], verified: set[str], end: dt.date
) -> dict[str, float | int | None]:
    open_ = cases[is_open(cases)]
    done = cases[cases["case_id"].isin(fixed)]
    days = (pd.to_datetime(done["fixed_on"]) - pd.to_datetime(done["opened_on"])).dt.days
    return {
        "open_cases": len(open_),
        "overdue_cases": int(overdue(open_, end).notna().sum()),
        "fixed_cases": len(done),
        "verified_cases": int(cases["case_id"].isin(verified).sum()),
        "median_days_to_fix": _median(days),
        "people_open": people_in(open_),
    }


def period_figures(
    events: pd.DataFrame, periods: list[tuple[str, dt.date, dt.date]]
) -> pd.DataFrame:
    """The register's figures per period (name, first day, last day), map, commune and
    operator: open and overdue at the period's end, fixed and verified in it, the median
    days from report to fix of the cases fixed in it, people in open cases. `commune_code`
    "*" is the whole province; `operator` "all" every case, else the operator assigned."""
    rows = []
    for name, start, end in periods:
        cases = as_of(events, end)
        fixed, verified = (
            recorded_in(events, "fix", start, end),
            recorded_in(events, "verify", start, end),
        )
        for map_, col in (("2025", "commune_code"), ("2024", "commune_code_2024")):
            for op in ["all", *sorted(cases["assigned_operator"].dropna().astype(str).unique())]:
                mine = cases if op == "all" else cases[cases["assigned_operator"] == op]
                rows.append(
                    {
                        "period": name,
                        "map": map_,
                        "commune_code": "*",
                        "operator": op,
                        **_row(mine, fixed, verified, end),
                    }
                )
                for commune, g in mine.groupby(col, sort=True):
                    rows.append(
                        {
                            "period": name,
                            "map": map_,
                            "commune_code": str(commune),
                            "operator": op,
                            **_row(g, fixed, verified, end),
                        }
                    )
    return pd.DataFrame(rows, columns=["period", "map", "commune_code", "operator", *FIGURES])
