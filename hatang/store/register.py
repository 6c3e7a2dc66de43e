"""The dead-spot register in the store: its cases, its append-only history, citizens'
contacts, and what opening and verifying cases read (villages, the current run's
modelled dead spots, the reported list, measurements).

Every write goes through `append`: new events are inserted (never updated, never
deleted) and the cases they change are replaced by their new fold, in one
transaction. Callers hold the workspace's write connection from reading a case to
appending its event, so no other process can step in between (hatang.store.lock).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from contextlib import nullcontext
from typing import Any

import duckdb
import pandas as pd

from hatang.model.schema import TABLES
from hatang.store import db
from hatang.store.runs import current_run, read_runs

CASES = TABLES["register_cases"]
EVENTS = TABLES["register_events"]
CONTACTS = TABLES["register_contacts"]


def read_cases(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("SELECT * FROM register_cases ORDER BY case_id").df()


def read_case(con: duckdb.DuckDBPyConnection, case_id: str) -> dict[str, Any] | None:
    frame = con.execute("SELECT * FROM register_cases WHERE case_id = ?", [case_id]).df()
    return None if frame.empty else frame.iloc[0].to_dict()


def read_events(con: duckdb.DuckDBPyConnection, case_id: str | None = None) -> pd.DataFrame:
    if case_id is None:
        return con.execute("SELECT * FROM register_events ORDER BY seq").df()
    return con.execute(
        "SELECT * FROM register_events WHERE case_id = ? ORDER BY seq", [case_id]
    ).df()


def next_numbers(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """(next event seq, next case number): one more than the largest so far."""
    row = con.execute(
        "SELECT coalesce(max(seq), 0) + 1, "
        "(SELECT coalesce(max(TRY_CAST(substr(case_id, 2) AS BIGINT)), 0) + 1 FROM register_cases) "
        "FROM register_events"
    ).fetchone()
    return (int(row[0]), int(row[1])) if row else (1, 1)


def _frame(table: Any, rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    cols = table.column_names
    out = pd.DataFrame([{c: r.get(c) for c in cols} for r in rows], columns=cols)
    for c in table.columns:  # typed columns, so a column of Nones is not read as text
        if c.type in ("date", "timestamp"):
            out[c.name] = pd.to_datetime(out[c.name])
        elif c.type in ("int",):
            out[c.name] = pd.array(out[c.name], dtype="Int64")
        elif c.type == "float":
            out[c.name] = pd.to_numeric(out[c.name]).astype("float64")
        elif c.type == "bool":
            out[c.name] = pd.array(out[c.name], dtype="boolean")
        else:
            out[c.name] = out[c.name].astype(object)
    return out


def append(
    con: duckdb.DuckDBPyConnection,
    events: list[Mapping[str, Any]],
    cases: list[Mapping[str, Any]],
    contacts: Iterable[Mapping[str, Any]] = (),
    *,
    own_transaction: bool = True,
) -> None:
    """Insert `events` (seq must be new) and replace `cases` by their new rows, all or
    nothing: in a transaction of its own, or (own_transaction=False) in the caller's,
    e.g. a bulk import's."""
    if not events:
        return
    with db.transaction(con) if own_transaction else nullcontext(con):
        insert_events(con, events)
        db.upsert_frame(con, CASES, _frame(CASES, cases))
        rows = list(contacts)
        if rows:
            db.upsert_frame(con, CONTACTS, _frame(CONTACTS, rows))


def insert_events(con: duckdb.DuckDBPyConnection, events: list[Mapping[str, Any]]) -> None:
    frame = _frame(EVENTS, events)
    con.register("_events", frame)
    try:
        clash = con.execute(
            "SELECT count(*) FROM register_events e JOIN _events n ON e.seq = n.seq"
        ).fetchone()
        if clash and clash[0]:
            raise RuntimeError("register_events is append-only: an event with this seq exists")
        cols = ", ".join(db.quote(c) for c in EVENTS.column_names)
        con.execute(f"INSERT INTO register_events ({cols}) SELECT {cols} FROM _events")
    finally:
        con.unregister("_events")


def replace_all(con: duckdb.DuckDBPyConnection, cases: list[Mapping[str, Any]]) -> None:
    """Write the fold of the whole history as the register (`register rebuild`)."""
    with db.transaction(con):
        con.execute("DELETE FROM register_cases")
        if cases:
            db.upsert_frame(con, CASES, _frame(CASES, cases))


def read_import_rows(con: duckdb.DuckDBPyConnection, table: str, import_id: int) -> pd.DataFrame:
    """The rows import `import_id` wrote into `table` (a declared table), in file order."""
    if table not in TABLES:
        raise KeyError(table)
    return con.execute(
        f"SELECT * FROM {db.quote(table)} WHERE import_id = ? ORDER BY rowid", [import_id]
    ).df()


def read_contact(con: duckdb.DuckDBPyConnection, case_id: str) -> str | None:
    row = con.execute(
        "SELECT contact FROM register_contacts WHERE case_id = ?", [case_id]
    ).fetchone()
    return None if row is None else str(row[0])


# ---- what opening, syncing and verifying read -------------------------------------------


def read_villages(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """One row per village: code, name, population, lon, lat, its commune on each map."""
    return con.execute(
        """
        SELECT code, any_value(name) AS name, max(population) AS population,
               coalesce(any_value(lon) FILTER (WHERE map = '2025'), any_value(lon)) AS lon,
               coalesce(any_value(lat) FILTER (WHERE map = '2025'), any_value(lat)) AS lat,
               any_value(parent_code) FILTER (WHERE map = '2025') AS commune_2025,
               any_value(parent_code) FILTER (WHERE map = '2024') AS commune_2024
        FROM units WHERE level = 'village' AND lon IS NOT NULL GROUP BY code ORDER BY code
        """
    ).df()


def read_unit_names(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("SELECT code, map, name, level FROM units").df()


def read_run(
    con: duckdb.DuckDBPyConnection, run_id: str | None = None
) -> tuple[dict[str, Any] | None, pd.DataFrame]:
    """The run `run_id` (else the current one: hatang.model.runs) and its modelled dead
    spots of every scope; (None, empty) when there is no run."""
    runs = read_runs(con)
    if runs.empty:
        return None, pd.DataFrame(columns=TABLES["modelled_dead_spots"].column_names)
    rid = current_run(con, run_id=run_id)
    row = runs[runs["run_id"].astype(str) == rid].iloc[0].to_dict()
    spots = con.execute(
        "SELECT * FROM modelled_dead_spots WHERE run_id = ? ORDER BY scope, dead_spot_id", [rid]
    ).df()
    return {str(k): v for k, v in row.items()}, spots


def read_reported(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("SELECT * FROM dead_spots ORDER BY dead_spot_id").df()


def read_measurements(
    con: duckdb.DuckDBPyConnection, bbox: tuple[float, float, float, float]
) -> pd.DataFrame:
    """Drive tests and mobile speed tests inside `bbox` (west, south, east, north), in
    one frame: source (drive / speed), id, time, lon, lat, operator, technology, rsrp_dbm,
    download_kbps, upload_kbps."""
    w, s, e, n = bbox
    return con.execute(
        """
        SELECT 'drive' AS source, measurement_id AS id, time, lon, lat, operator, technology,
               rsrp_dbm, NULL::DOUBLE AS download_kbps, NULL::DOUBLE AS upload_kbps
        FROM drive_tests WHERE lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?
        UNION ALL
        SELECT 'speed', test_id, time, lon, lat, operator, NULL, rsrp_dbm, download_kbps, upload_kbps
        FROM speed_tests WHERE kind = 'mobile' AND lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?
        ORDER BY 1, 2
        """,
        [w, e, s, n, w, e, s, n],
    ).df()


def site_in_period(con: duckdb.DuckDBPyConnection, site_id: str, period: str) -> bool:
    row = con.execute(
        "SELECT count(*) FROM sites WHERE site_id = ? AND period = ?", [site_id, period]
    ).fetchone()
    return bool(row and row[0])
