"""The workspace's joint audit trail: the register's history (`register_events`) and
the submissions' (`filing_events`) read as one list of the same columns, oldest first.

Both tables stay append-only and stay where they are (hatang.store.register.append,
hatang.store.submissions.record insert, never update or delete); this reads them
together, so no event is copied and none can differ from its source:

    at, actor, role, subject_kind (register | filing), subject_id (case or filing id),
    action, from_state, to_state, changes (JSON), note, evidence (JSON), channel, seq

A filing's `file` event carries its filer, kind and period as its changes and the raw
file it filed (archived by SHA-256) as its evidence.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

COLUMNS = (
    "at",
    "actor",
    "role",
    "subject_kind",
    "subject_id",
    "action",
    "from_state",
    "to_state",
    "changes",
    "note",
    "evidence",
    "channel",
    "seq",
)
KINDS = ("register", "filing")

_REGISTER = """
SELECT "at", actor, role, 'register' AS subject_kind, case_id AS subject_id, action,
       from_state, to_state, changes, note, evidence, channel, seq
FROM register_events
"""
_FILING = """
SELECT e."at", e.actor, e.role, 'filing' AS subject_kind, e.filing_id AS subject_id, e.action,
       e.from_state, e.to_state,
       CASE WHEN e.action = 'file' AND f.filing_id IS NOT NULL
            THEN json_object('filer', f.filer, 'kind', f.kind, 'period', f.period)::VARCHAR
       END AS changes,
       e.note,
       CASE WHEN e.action = 'file' AND f.sha256 IS NOT NULL
            THEN json_array(json_object('kind', 'file', 'name', f.file_name,
                                        'sha256', f.sha256))::VARCHAR
       END AS evidence,
       e.channel, e.seq
FROM filing_events e LEFT JOIN filings f ON f.filing_id = e.filing_id
"""


def read_audit(
    con: duckdb.DuckDBPyConnection, since: dt.date | None = None, kind: str | None = None
) -> pd.DataFrame:
    """Every event of the register and the filings (of `kind` only; from `since` on), in
    time order; at the same second the register's first, each in its own order (seq)."""
    parts = [sql for k, sql in zip(KINDS, (_REGISTER, _FILING), strict=True) if kind in (None, k)]
    where = 'WHERE "at" >= ?' if since else ""
    query = (
        f'SELECT * FROM ({" UNION ALL ".join(parts)}) {where} ORDER BY "at", subject_kind DESC, seq'
    )
    return con.execute(query, [pd.Timestamp(since)] if since else []).df()
