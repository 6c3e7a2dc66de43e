"""What the CLI and the pages read about filings: one filing with its report and
history, the list, the grid of a quarter, the quarter shown by default."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from typing import Any

import pandas as pd

from hatang.errors import NotFound
from hatang.store import submissions as store
from hatang.store.workspace import Workspace
from hatang.submissions import calendar


def filers_of(ws: Workspace) -> tuple[calendar.Filer, ...]:
    """The workspace's filing calendar ([submissions] calendar, else hatang's)."""
    name = ws.settings.submissions.calendar
    return calendar.load(ws.root / name if name else None)


def show(ws: Workspace, fid: str) -> dict[str, Any]:
    """A filing with its report (a dict) and its history (records)."""
    with ws.connect(read_only=True) as con:
        found = store.read_filing(con, fid)
        if found is None:
            raise NotFound(
                f"no filing {fid} (see `hatang submissions list`) / không có hồ sơ {fid}"
            )
        events = store.read_events(con, fid)
    return {
        **_plain(found),
        "report": json.loads(found["report"] or "{}"),
        "history": [_plain(e) for e in events.to_dict("records")],
    }


def _plain(row: Mapping[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in row.items():
        if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v):
            out[k] = None
        elif isinstance(v, pd.Timestamp):
            out[k] = v.to_pydatetime()
        elif hasattr(v, "item") and not isinstance(v, str):
            out[k] = v.item()
        else:
            out[k] = v
    return out


def due(ws: Workspace, period: str, today: dt.date | None = None) -> list[Any]:
    """Every file owed for `period` and where it stands (hatang.submissions.grid)."""
    from hatang.submissions import grid

    period = calendar.quarter(period)
    owed = calendar.owed(filers_of(ws), period, ws.settings.submissions.due_days)
    with ws.connect(read_only=True) as con:
        filings = store.read_filings(con, period)
    return grid.grid(owed, filings, today or dt.date.today())


def listing(ws: Workspace, period: str | None = None) -> pd.DataFrame:
    """Every filing (of `period`), oldest first, without their reports."""
    with ws.connect(read_only=True) as con:
        return store.read_filings(con, calendar.quarter(period) if period else None)


def latest_period(ws: Workspace) -> str:
    """The quarter the office looks at by default: the latest filed, else the last
    quarter that has ended."""
    with ws.connect(read_only=True) as con:
        filings = store.read_filings(con)
    if not filings.empty:
        return str(max(filings["period"]))
    return calendar.previous_quarter(period_of_today())


def period_of_today() -> str:
    from hatang.model.periods import period_of

    return period_of(dt.date.today())
