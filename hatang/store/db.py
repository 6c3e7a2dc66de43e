"""DuckDB access: schema creation from hatang.model.schema, reads and atomic writes."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hatang.errors import WorkspaceBusy
from hatang.model.schema import TABLES, Table

if TYPE_CHECKING:  # frames only pass through: opening a workspace does not load pandas
    import duckdb
    import pandas as pd

SCHEMA_VERSION = "1"


def connect(
    path: Path | str, read_only: bool = False, *, light: bool = False
) -> duckdb.DuckDBPyConnection:
    """A connection to the database at `path`. `light`: through DuckDB's engine alone, for
    SQL run with `execute` (what opening a workspace and a no-op `hatang compute` do):
    duckdb's Python package (its relational API, `con.sql`, `con.read_csv`, and the
    package metadata it reads) costs a tenth of a second of imports on 2 cores."""
    return engine(light).connect(str(path), read_only=read_only)


def engine(light: bool = False) -> Any:
    """The `duckdb` package, or with `light` its engine module alone where it has one
    (duckdb 2: `_duckdb`; the connection is of the same class either way)."""
    if light:
        try:
            import _duckdb

            return _duckdb
        except ImportError:
            pass
    import duckdb

    return duckdb


_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (.+?) \(PID (\d+)\)")


def connect_waiting(
    path: Path | str, *, read_only: bool, wait_s: float, light: bool = False
) -> duckdb.DuckDBPyConnection:
    """Open the database, waiting up to `wait_s` while a program that does not take the
    workspace lock (e.g. the duckdb shell) holds the file; then WorkspaceBusy."""
    start = time.monotonic()
    while True:
        try:
            return connect(path, read_only=read_only, light=light)
        except engine(light).IOException as e:
            m = _LOCK_HOLDER.search(str(e))
            if m is None and "lock" not in str(e).lower():
                raise
            waited = time.monotonic() - start
            if waited >= wait_s:
                who = f"{Path(m.group(1)).name} (pid {m.group(2)})" if m else "another program"
                raise WorkspaceBusy(Path(path).parent, who, waited, not read_only) from None
            time.sleep(0.1)


def create_table_sql(table: Table) -> str:
    cols = ", ".join(f'"{c.name}" {c.sql_type}' for c in table.columns)
    return f'CREATE TABLE IF NOT EXISTS "{table.name}" ({cols})'


def _existing_columns(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    existing: dict[str, set[str]] = {}
    # duckdb_columns(): what information_schema.columns lists, in a third of the time
    for name, column in con.execute(
        "SELECT table_name, column_name FROM duckdb_columns() "
        "WHERE schema_name = current_schema() AND NOT internal"
    ).fetchall():
        existing.setdefault(name, set()).add(column)
    return existing


def schema_missing(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Declared tables and columns (`table.column`) the database lacks; [] when current.
    Read-only, so opening a workspace takes the write lock only when there is work."""
    existing = _existing_columns(con)
    out: list[str] = []
    for table in TABLES.values():
        cols = existing.get(table.name)
        if cols is None:
            out.append(table.name)
        else:
            out += [f"{table.name}.{c.name}" for c in table.columns if c.name not in cols]
    return out


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create every declared table that is missing and add every declared column that an
    older workspace's table lacks (idempotent). Columns are only ever added, never
    dropped or retyped, so a workspace made by an earlier hatang still opens; the rows
    already there get NULL in a new column."""
    existing = _existing_columns(con)
    for table in TABLES.values():
        if table.name not in existing:
            con.execute(create_table_sql(table))
            continue
        for c in table.columns:
            if c.name not in existing[table.name]:
                con.execute(
                    f"ALTER TABLE {quote(table.name)} ADD COLUMN {quote(c.name)} {c.sql_type}"
                )
    con.execute(
        "INSERT INTO meta SELECT 'schema_version', ? WHERE NOT EXISTS (SELECT 1 FROM meta WHERE key = 'schema_version')",
        [SCHEMA_VERSION],
    )


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """All or nothing: on any exception the database is left as it was."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def quote(name: str) -> str:
    """Quote an identifier; identifiers only ever come from the declared schema."""
    return '"' + name.replace('"', '""') + '"'


def read_table(
    con: duckdb.DuckDBPyConnection, table: str, where: str = "", params: Sequence[Any] = ()
) -> pd.DataFrame:
    sql = f"SELECT * FROM {quote(table)}" + (f" WHERE {where}" if where else "")
    return con.execute(sql, list(params)).df()


def table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    row = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]
    ).fetchone()
    return bool(row and row[0])


def upsert_frame(
    con: duckdb.DuckDBPyConnection, table: Table, frame: pd.DataFrame
) -> tuple[int, int]:
    """Insert rows, replacing rows with the same key; returns (new, replaced).

    Must run inside `transaction`. The frame's columns are the table's columns; an
    optional one it lacks (a column added since its writer was written) is stored empty.
    """
    if frame.empty:
        return 0, 0
    cols = table.column_names
    absent = {c.name: None for c in table.columns if not c.required and c.name not in frame}
    frame = frame.assign(**absent)[cols] if absent else frame[cols]
    con.register("_incoming", frame)
    try:
        keys = " AND ".join(f"t.{quote(k)} IS NOT DISTINCT FROM i.{quote(k)}" for k in table.key)
        row = con.execute(
            f"SELECT count(*) FROM {quote(table.name)} t JOIN _incoming i ON {keys}"
        ).fetchone()
        replaced = int(row[0]) if row else 0
        con.execute(
            f"DELETE FROM {quote(table.name)} t WHERE EXISTS (SELECT 1 FROM _incoming i WHERE {keys})"
        )
        col_list = ", ".join(quote(c) for c in cols)
        con.execute(
            f"INSERT INTO {quote(table.name)} ({col_list}) SELECT {col_list} FROM _incoming"
        )
    finally:
        con.unregister("_incoming")
    return len(frame) - replaced, replaced


def get_meta(con: duckdb.DuckDBPyConnection, key: str, default: str | None = None) -> str | None:
    row = con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
    return row[0] if row else default


def set_meta(con: duckdb.DuckDBPyConnection, key: str, value: str) -> None:
    con.execute("DELETE FROM meta WHERE key = ?", [key])
    con.execute("INSERT INTO meta VALUES (?, ?)", [key, value])


def record_import(
    con: duckdb.DuckDBPyConnection,
    *,
    kind: str,
    file_name: str,
    sha256: str,
    period: str | None,
    encoding: str | None,
    rows_read: int,
    rows_loaded: int,
    rows_rejected: int,
    synthetic: bool,
    note: str | None = None,
    import_id: int | None = None,
) -> int:
    """Add a row to `imports` and return its import_id (call inside the import's
    transaction); `import_id` is the next free one unless given (rows already written
    under it)."""
    if import_id is None:
        row = con.execute("SELECT coalesce(max(import_id), 0) + 1 FROM imports").fetchone()
        import_id = int(row[0]) if row else 1
    con.execute(
        "INSERT INTO imports VALUES (?, ?, ?, ?, ?, now()::TIMESTAMP, ?, ?, ?, ?, ?, ?)",
        [
            import_id,
            kind,
            file_name,
            sha256,
            period,
            encoding,
            rows_read,
            rows_loaded,
            rows_rejected,
            synthetic,
            note,
        ],
    )
    return import_id


def find_import(
    con: duckdb.DuckDBPyConnection, kind: str, sha256: str, period: str | None
) -> int | None:
    """The import_id of an earlier import of the same file as the same kind and period."""
    row = con.execute(
        "SELECT import_id FROM imports WHERE kind = ? AND sha256 = ? AND period IS NOT DISTINCT FROM ? ORDER BY import_id LIMIT 1",
        [kind, sha256, period],
    ).fetchone()
    return int(row[0]) if row else None
