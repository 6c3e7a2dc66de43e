"""Filings in the store: `filings` (each filing's current fold) and `filing_events`
(their history, append-only: rows are inserted, never updated or deleted).

Every write goes through `record`: the filings it changes are replaced and their
events appended, in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import duckdb
import pandas as pd

from hatang.model.schema import TABLES
from hatang.store import db

FILINGS = TABLES["filings"]
EVENTS = TABLES["filing_events"]


def read_filings(con: duckdb.DuckDBPyConnection, period: str | None = None) -> pd.DataFrame:
    """Every filing (of `period`), oldest first; `report` left out (read_filing has it)."""
    cols = ", ".join(db.quote(c) for c in FILINGS.column_names if c != "report")
    where = "WHERE period = ?" if period else ""
    return con.execute(
        f"SELECT {cols} FROM filings {where} ORDER BY filed_at, "
        "TRY_CAST(substr(filing_id, 2) AS BIGINT)",
        [period] if period else [],
    ).df()


def read_filing(con: duckdb.DuckDBPyConnection, filing_id: str) -> dict[str, Any] | None:
    frame = con.execute("SELECT * FROM filings WHERE filing_id = ?", [filing_id]).df()
    return None if frame.empty else frame.iloc[0].to_dict()


def read_events(con: duckdb.DuckDBPyConnection, filing_id: str | None = None) -> pd.DataFrame:
    if filing_id is None:
        return con.execute("SELECT * FROM filing_events ORDER BY seq").df()
    return con.execute(
        "SELECT * FROM filing_events WHERE filing_id = ? ORDER BY seq", [filing_id]
    ).df()


def open_filings(
    con: duckdb.DuckDBPyConnection, filer: str, kind: str, period: str
) -> list[dict[str, Any]]:
    """The filings of a filer, kind and period no later filing has replaced."""
    frame = con.execute(
        "SELECT * EXCLUDE (report) FROM filings WHERE filer = ? AND kind = ? AND period = ? "
        "AND state <> 'replaced' ORDER BY filed_at",
        [filer, kind, period],
    ).df()
    return frame.to_dict("records")


def next_numbers(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """(next filing number, next event seq)."""
    row = con.execute(
        "SELECT (SELECT coalesce(max(TRY_CAST(substr(filing_id, 2) AS BIGINT)), 0) + 1 "
        "FROM filings), coalesce(max(seq), 0) + 1 FROM filing_events"
    ).fetchone()
    return (int(row[0]), int(row[1])) if row else (1, 1)


def period_rows(con: duckdb.DuckDBPyConnection, table: str, period: str) -> pd.DataFrame:
    """The stored rows of `table` (a declared, temporal table) for `period`."""
    return db.read_table(con, table, "period = ?", [period])


def _frame(table: Any, rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    out = pd.DataFrame([{c: r.get(c) for c in table.column_names} for r in rows])
    for c in table.columns:  # typed, so a column of Nones is not read as text
        if c.type == "timestamp":
            out[c.name] = pd.to_datetime(out[c.name])
        elif c.type == "int":
            out[c.name] = pd.array(out[c.name], dtype="Int64")
        elif c.type == "bool":
            out[c.name] = pd.array(out[c.name], dtype="boolean")
        else:
            out[c.name] = out[c.name].astype(object)
    return out


def record(
    con: duckdb.DuckDBPyConnection,
    filings: Sequence[Mapping[str, Any]],
    events: Sequence[Mapping[str, Any]],
) -> None:
    """Replace `filings` by their new rows and append `events`, all or nothing."""
    with db.transaction(con):
        if filings:
            db.upsert_frame(con, FILINGS, _frame(FILINGS, filings))
        if events:
            frame = _frame(EVENTS, events)
            con.register("_events", frame)
            try:
                cols = ", ".join(db.quote(c) for c in EVENTS.column_names)
                con.execute(f"INSERT INTO filing_events ({cols}) SELECT {cols} FROM _events")
            finally:
                con.unregister("_events")
