"""What tells the incremental `hatang compute` that an indicator's inputs changed: a
fingerprint per input table and the fingerprints stored with the values.

DuckDB only, no pandas: a `hatang compute` with nothing to do reads these and stops.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from hatang.store import db
from hatang.store.runs import current_run_keys

if TYPE_CHECKING:
    import duckdb

#: the meta key (+ indicator id) of the fingerprint an indicator's values came from
FINGERPRINT_KEY = "indicator_fingerprint:"
COVERAGE = "coverage_units"
#: coverage_units rows of the current runs, `_current` (period, technology, run_id)
CURRENT_JOIN = (
    "FROM coverage_units u JOIN _current c ON c.run_id = u.run_id "
    "AND c.period = u.period AND c.technology = u.technology"
)


def _coverage_fingerprint(con: duckdb.DuckDBPyConnection) -> list[str]:
    current = current_run_keys(con)
    if not current:
        return ["0", "0", "0", ""]
    values = ", ".join("(?, ?, ?)" for _ in current)
    # people summed as whole milli-persons: a float sum depends on the rows' storage
    # order, which DuckDB may change (e.g. at a checkpoint) with no change in content
    row = con.execute(
        f"WITH _current(period, technology, run_id) AS (VALUES {values}) "
        "SELECT count(*), coalesce(sum(round(u.population_covered * 1000)::HUGEINT), 0), "
        "coalesce(sum(u.villages_covered), 0), "
        f"coalesce(string_agg(DISTINCT u.run_id, ',' ORDER BY u.run_id), '') {CURRENT_JOIN}",
        [v for key in current for v in key],
    ).fetchall()
    return [str(v) for v in row[0]]


def input_fingerprints(
    con: duckdb.DuckDBPyConnection, tables: Iterable[str]
) -> dict[str, list[str]]:
    """Per table, what changes when its content does: row count, largest and summed
    import id (coverage_units: the current runs' rows, people and villages). One
    query for the plain tables: a no-op `hatang compute` is mostly this."""
    tables = list(tables)
    plain = [t for t in tables if t != COVERAGE]
    out: dict[str, list[str]] = {}
    if plain:
        rows = con.execute(
            " UNION ALL ".join(
                f"SELECT {i} AS i, count(*), coalesce(max(import_id), 0), "
                f"coalesce(sum(import_id), 0) FROM {db.quote(t)}"
                for i, t in enumerate(plain)
            )
        ).fetchall()
        got = {r[0]: [str(v) for v in r[1:]] for r in rows}
        out = {t: got[i] for i, t in enumerate(plain)}
    if COVERAGE in tables:
        out[COVERAGE] = _coverage_fingerprint(con)
    return {t: out[t] for t in tables}


def input_periods(con: duckdb.DuckDBPyConnection, tables: Iterable[str]) -> list[str]:
    """Every period present in any of `tables` (unordered)."""
    parts = [f"SELECT DISTINCT period FROM {db.quote(t)}" for t in tables]
    if not parts:
        return []
    return [str(r[0]) for r in con.execute(" UNION ".join(parts)).fetchall() if r[0] is not None]


def stored_fingerprints(
    con: duckdb.DuckDBPyConnection, indicators: Iterable[str]
) -> dict[str, str | None]:
    """The fingerprint each indicator's stored values were computed from (None: never)."""
    rows = con.execute(
        "SELECT key, value FROM meta WHERE starts_with(key, ?)", [FINGERPRINT_KEY]
    ).fetchall()
    stored = dict(rows)
    return {i: stored.get(FINGERPRINT_KEY + i) for i in indicators}
