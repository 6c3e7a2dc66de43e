"""The audit log people read: every step on a register case and every filing,
refiling, acceptance and rejection of the quarterly submissions, in time order
(hatang.store.audit reads both append-only histories as one). The CLI's `hatang
audit` and the API's `GET /api/audit` (the office only) call `trail`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from hatang.errors import ConfigError
from hatang.store import audit as store
from hatang.store.workspace import Workspace

KINDS = store.KINDS


def since_date(text: str | None, option: str = "--since") -> dt.date | None:
    """`--since` / `?since=` as a date (YYYY-MM-DD), or one line naming the value."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(str(text).strip())
    except ValueError:
        raise ConfigError(
            f"{option}: {text!r} is not a date (YYYY-MM-DD) / ngày không hợp lệ"
        ) from None


def checked_kind(kind: str | None, option: str = "--kind") -> str | None:
    if kind in (None, ""):
        return None
    if kind not in KINDS:
        raise ConfigError(
            f"{option} must be {' or '.join(KINDS)}, not {kind!r} / loại không hợp lệ"
        )
    return kind


def trail(ws: Workspace, since: dt.date | None = None, kind: str | None = None) -> pd.DataFrame:
    """The joint audit trail (hatang.store.audit.COLUMNS), oldest first; `kind`
    already checked (checked_kind)."""
    with ws.connect(read_only=True) as con:
        return store.read_audit(con, since, kind)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The trail as JSON-ready rows (times as ISO text, empty cells as None)."""
    out = frame.astype(object).where(frame.notna(), None)
    out["at"] = [None if v is None else pd.Timestamp(v).isoformat() for v in out["at"]]
    rows = [{str(k): v for k, v in r.items()} for r in out.to_dict("records")]
    for r in rows:
        r["seq"] = None if r.get("seq") is None else int(r["seq"])
    return rows
