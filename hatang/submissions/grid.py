"""The office's view of a quarter: every file owed, and where it stands (pure).

One row per filer × kind owed: the latest filing (its id, state, problems, flags),
whether a file was received, staged, accepted, and the days late. A file counts as in
on the day its first valid filing came (no problems, not rejected); it is late by
the days from the due date to that day — or, while none has come, to `today`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from hatang.submissions.calendar import Owed

#: the grid's states, in the order a filing moves through them
STATUS = ("missing", "refused", "rejected", "staged", "accepted")


@dataclass(frozen=True)
class Cell:
    filer: str
    kind: str
    period: str
    due: dt.date
    status: str
    filing_id: str | None
    filings: int
    received: bool
    problems: int
    flagged: bool
    staged: bool
    accepted: bool
    late_days: int
    #: the day the first valid filing came (None: not yet)
    in_on: dt.date | None


def _day(v: object) -> dt.date:
    return pd.Timestamp(v).date()


def cell(owed: Owed, filings: pd.DataFrame, today: dt.date) -> Cell:
    """Where one owed file stands; `filings` are its filer's filings of that kind and
    quarter, oldest first (every state, replaced ones too)."""
    if filings.empty:
        late = max(0, (today - owed.due).days)
        return Cell(
            owed.filer,
            owed.kind,
            owed.period,
            owed.due,
            "missing",
            None,
            0,
            False,
            0,
            False,
            False,
            False,
            late,
            None,
        )
    current = filings[filings["state"] != "replaced"]
    latest = (current if not current.empty else filings).iloc[-1]
    accepted = bool((current["state"] == "accepted").any())
    status = "accepted" if accepted and latest["state"] != "staged" else str(latest["state"])
    valid = filings[(filings["problems"] == 0) & filings["reason"].isna()]  # never rejected
    in_on = _day(valid["filed_at"].min()) if not valid.empty else None
    late = max(0, ((in_on or today) - owed.due).days)
    return Cell(
        owed.filer,
        owed.kind,
        owed.period,
        owed.due,
        status,
        str(latest["filing_id"]),
        len(filings),
        True,
        int(latest["problems"]),
        bool(latest["flagged"]),
        status == "staged",
        accepted,
        late,
        in_on,
    )


def grid(owed: list[Owed], filings: pd.DataFrame, today: dt.date) -> list[Cell]:
    """Every owed file of a quarter with where it stands, in calendar order."""
    out = []
    for o in owed:
        mine = (
            filings[
                (filings["filer"] == o.filer)
                & (filings["kind"] == o.kind)
                & (filings["period"] == o.period)
            ]
            if not filings.empty
            else filings
        )
        out.append(cell(o, mine, today))
    return out
