"""What the importers read from the workspace, and the writes only they make.

The importers (hatang.io) speak no SQL: they look up the province's extent, the unit
codes and positions, the sites of a period and the OpenCelliD rows an operator's
register replaces through these functions.
"""

from __future__ import annotations

from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa

from hatang.model.periods import MAPS
from hatang.model.schema import Table
from hatang.store.db import quote

#: site ids of sites (and their cells) grouped from OpenCelliD rows start with this
OPENCELLID_PREFIX = "ocid-"


def province_bbox(con: duckdb.DuckDBPyConnection) -> tuple[float, float, float, float] | None:
    """The province's extent from meta 'bbox' (min lon, min lat, max lon, max lat);
    None when the workspace does not know it or the value is damaged."""
    row = con.execute("SELECT value FROM meta WHERE key = 'bbox'").fetchone()
    if not row or not row[0]:
        return None
    try:
        x0, y0, x1, y1 = (float(v) for v in str(row[0]).split(","))
    except ValueError:
        return None
    return (x0, y0, x1, y1)


def unit_codes(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    """map → the codes of its units in the store (every map present, maybe empty)."""
    out: dict[str, set[str]] = {m: set() for m in MAPS}
    for map_, code in con.execute("SELECT map, code FROM units").fetchall():
        out.setdefault(str(map_), set()).add(str(code))
    return out


def unit_places(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every unit's map, code, level, parent, position and WKT boundary (to place
    points, to follow parent chains)."""
    return con.execute("SELECT map, code, level, parent_code, lon, lat, geometry FROM units").df()


def site_ids(con: duckdb.DuckDBPyConnection, period: str) -> set[str]:
    """The ids of the sites stored for `period` (a cell must name one)."""
    rows = con.execute("SELECT site_id FROM sites WHERE period = ?", [period]).fetchall()
    return {str(r[0]) for r in rows}


def register_operators(con: duckdb.DuckDBPyConnection, period: str) -> set[str]:
    """Operators with cells from their own register (not OpenCelliD) in `period`."""
    rows = con.execute(
        "SELECT DISTINCT operator FROM cells WHERE period = ? AND NOT starts_with(site_id, ?)",
        [period, OPENCELLID_PREFIX],
    ).fetchall()
    return {str(r[0]) for r in rows}


def opencellid_site_count(con: duckdb.DuckDBPyConnection, period: str, operator: str) -> int:
    """How many sites of `operator` in `period` were grouped from OpenCelliD rows."""
    row = con.execute(
        "SELECT count(*) FROM sites WHERE period = ? AND starts_with(site_id, ?)",
        [period, f"{OPENCELLID_PREFIX}{operator}-"],
    ).fetchone()
    return int(row[0]) if row else 0


def delete_opencellid(
    con: duckdb.DuckDBPyConnection, import_id: int, *, period: str, operator: str
) -> None:
    """Remove `operator`'s OpenCelliD sites and cells of `period`, except those import
    `import_id` is adding (its register replaces them; call inside its transaction)."""
    prefix = f"{OPENCELLID_PREFIX}{operator}-"
    for table in ("cells", "sites"):
        con.execute(
            f"DELETE FROM {table} WHERE period = ? AND starts_with(site_id, ?) "
            "AND import_id IS DISTINCT FROM ?",
            [period, prefix, import_id],
        )


# ---- writing one import, chunk by chunk ----------------------------------------------------


class ImportWriter:
    """The writes of one import inside its transaction (see hatang.io.run).

    Good rows are appended to their table as they are read, tagged with the new
    import_id; the key of every row read goes to a temporary table so duplicates
    within the file are found at the end, however large the file. `finish` then
    removes the stored rows the import replaces and records the import."""

    def __init__(self, con: duckdb.DuckDBPyConnection, memory_mb: int | None = None) -> None:
        """Call before the import's transaction starts; `close` after it ends."""
        self.con = con
        [(self._memory, self._threads)] = con.execute(
            "SELECT current_setting('memory_limit'), current_setting('threads')"
        ).fetchall()
        # one thread: the rows are checked in a second thread meanwhile, and a second
        # DuckDB thread only costs CPU on Arrow inserts (≈ 25 % more per row, measured)
        con.execute("SET threads = 1")
        if memory_mb:  # rows beyond it spill to disk: memory stays bounded for any file
            con.execute(f"SET memory_limit = '{int(memory_mb)}MB'")
        self._keys: dict[str, tuple[str, ...]] = {}
        self._import_id: int | None = None

    @property
    def import_id(self) -> int:
        """The id this import's rows carry (the next free one, read inside the transaction)."""
        if self._import_id is None:
            # fetchall: a result left open blocks `register` on this connection
            [(next_id,)] = self.con.execute(
                "SELECT coalesce(max(import_id), 0) + 1 FROM imports"
            ).fetchall()
            self._import_id = int(next_id)
        return self._import_id

    def append(self, table: Table, frame: pa.Table) -> None:
        """Append `frame` (the table's columns but import_id, Arrow) as new rows."""
        if len(frame) == 0:
            return
        ids = pa.array(np.full(len(frame), self.import_id, dtype=np.int64))
        columns = [ids if c == "import_id" else frame.column(c) for c in table.column_names]
        # a relation copies the rows; a registered Arrow table would be held until commit
        self.con.from_arrow(pa.table(columns, names=table.column_names)).insert_into(table.name)

    def add_keys(self, table: Table, key: tuple[str, ...], frame: pa.Table) -> None:
        """Remember the key of rows read (`frame`: the key columns and `_row`, the row
        number in the file), to find duplicates at the end."""
        name = f"_hatang_keys_{table.name}"
        if table.name not in self._keys:
            cols = ", ".join(f"{quote(k)} {table.column(k).sql_type}" for k in key)
            self.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} ({cols}, _row BIGINT)")
            self._keys[table.name] = key
        if len(frame):
            self.con.from_arrow(frame.select([*key, "_row"])).insert_into(name)

    def duplicates(self, table: Table) -> list[tuple[tuple[Any, ...], list[int]]]:
        """(key, row numbers in order) of every key read more than once."""
        key = self._keys.get(table.name)
        if key is None:
            return []
        cols = ", ".join(quote(k) for k in key)
        name = f"_hatang_keys_{table.name}"
        match = " AND ".join(f"k.{quote(c)} IS NOT DISTINCT FROM d.{quote(c)}" for c in key)
        rows = self.con.execute(
            f"WITH d AS (SELECT {cols} FROM {name} GROUP BY ALL HAVING count(*) > 1) "
            f"SELECT {', '.join('k.' + quote(c) for c in key)}, list(k._row ORDER BY k._row) "
            f"FROM {name} k JOIN d ON {match} GROUP BY ALL ORDER BY min(k._row)"
        ).fetchall()
        return [(tuple(r[:-1]), [int(n) for n in r[-1]]) for r in rows]

    def drop(self, table: Table, key: tuple[str, ...], values: list[tuple[Any, ...]]) -> None:
        """Remove this import's rows whose key is one of `values`."""
        if not values:
            return
        frame = pd.DataFrame(values, columns=list(key))
        match = " AND ".join(f"t.{quote(k)} IS NOT DISTINCT FROM d.{quote(k)}" for k in key)
        self.con.register("_hatang_drop", frame)
        try:
            self.con.execute(
                f"DELETE FROM {quote(table.name)} t WHERE t.import_id = ? AND EXISTS "
                f"(SELECT 1 FROM _hatang_drop d WHERE {match})",
                [self.import_id],
            )
        finally:
            self.con.unregister("_hatang_drop")

    def replace(self, table: Table) -> tuple[int, int]:
        """Remove the stored rows whose key this import brings again; (new, replaced)."""
        t = quote(table.name)
        loaded = self._count(f"SELECT count(*) FROM {t} WHERE import_id = ?", [self.import_id])
        match = " AND ".join(f"o.{quote(k)} IS NOT DISTINCT FROM n.{quote(k)}" for k in table.key)
        replaced = self._count(
            f"DELETE FROM {t} o WHERE o.import_id IS DISTINCT FROM ? AND EXISTS "
            f"(SELECT 1 FROM {t} n WHERE n.import_id = ? AND {match})",
            [self.import_id, self.import_id],
        )
        return loaded - replaced, replaced

    def _count(self, sql: str, params: list[Any]) -> int:
        rows = self.con.execute(sql, params).fetchall()
        return int(rows[0][0]) if rows else 0

    def close(self) -> None:
        """Drop the temporary tables and give the database its memory limit and threads back."""
        for name in self._keys:
            self.con.execute(f"DROP TABLE IF EXISTS _hatang_keys_{name}")
        self._keys.clear()
        self.con.execute(f"SET memory_limit = '{self._memory}'")
        self.con.execute(f"SET threads = {int(self._threads)}")


# ---- an operator's own file (hatang.io.scope) -----------------------------------------------


def distinct_values(
    con: duckdb.DuckDBPyConnection, table: str, column: str, period: str
) -> list[str]:
    """The values of `column` in `table`'s rows of `period` (table and column from the schema)."""
    rows = con.execute(
        f"SELECT DISTINCT {quote(column)} FROM {quote(table)} "
        f"WHERE period = ? AND {quote(column)} IS NOT NULL",
        [period],
    ).fetchall()
    return sorted(str(r[0]) for r in rows)


def delete_rows_of(
    con: duckdb.DuckDBPyConnection,
    table: str,
    column: str,
    values: list[str],
    period: str,
    import_id: int,
) -> None:
    """Remove `table`'s rows of `period` whose `column` is one of `values`, except those
    import `import_id` is adding (call inside its transaction)."""
    if not values:
        return
    marks = ", ".join("?" for _ in values)
    con.execute(
        f"DELETE FROM {quote(table)} WHERE period = ? AND {quote(column)} IN ({marks}) "
        "AND import_id IS DISTINCT FROM ?",
        [period, *values, import_id],
    )


def import_rows(con: duckdb.DuckDBPyConnection, table: str, import_id: int) -> pd.DataFrame:
    """The rows import `import_id` wrote to `table` (inside its transaction: a check's)."""
    return con.execute(f"SELECT * FROM {quote(table)} WHERE import_id = ?", [import_id]).df()
