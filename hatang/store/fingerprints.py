"""What tells the incremental `hatang compute` that an indicator's inputs changed: a
fingerprint per input table and the fingerprints stored with the values.

DuckDB only, no pandas: a `hatang compute` with nothing to do reads these and stops.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hatang.model.runs import RULE_FIELDS
from hatang.model.schema import TABLES
from hatang.store import db
from hatang.store.runs import NEWEST_FIRST, run_keys

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


@dataclass(frozen=True)
class Inputs:
    """What the fingerprints are made of, read in one statement (`read_inputs`)."""

    #: per table, what changes when its content does (`input_fingerprints`)
    tables: dict[str, list[str]]
    #: every period present in the period tables (unordered)
    periods: list[str]
    #: per indicator, the fingerprint of its stored values (`stored_fingerprints`)
    stored: dict[str, str | None]


def read_inputs(
    con: duckdb.DuckDBPyConnection,
    tables: Iterable[str],
    period_tables: Iterable[str] = (),
    indicators: Iterable[str] = (),
) -> Inputs:
    """The fingerprints of `tables`, the periods of `period_tables` and the stored
    fingerprints of `indicators`, in one statement of scalar subqueries where a no-op
    `hatang compute` ran five and the stored ones' (each statement's own cost, a
    millisecond or two, goes; the scans stay). Plain tables: row count, largest and
    summed import id. coverage_units: the current runs' rows, people (summed as whole
    milli-persons: a float sum depends on the rows' storage order, which DuckDB may
    change, e.g. at a checkpoint, with no change in content), villages and run ids,
    from the runs' rows and per-run sums (the current run is the rule of
    hatang.model.runs, in Python). The schema must be current (Workspace.connect)."""
    tables, period_tables, indicators = list(tables), list(period_tables), list(indicators)
    plain = [t for t in tables if t != COVERAGE]
    parts = [
        f"(SELECT {{'n': count(*), 'max': coalesce(max(import_id), 0), "
        f"'sum': coalesce(sum(import_id), 0)}} FROM {db.quote(t)})"
        for t in plain
    ]
    if period_tables:
        union = " UNION ".join(f"SELECT DISTINCT period FROM {db.quote(t)}" for t in period_tables)
        parts.append(f"(SELECT list(period) FROM ({union}))")
    fields = [f for f in RULE_FIELDS if f in TABLES["coverage_runs"].column_names]
    if COVERAGE in tables:
        run = ", ".join(f"'{f}': {db.quote(f)}" for f in fields)
        parts.append(f"(SELECT list({{{run}}} {NEWEST_FIRST}) FROM coverage_runs)")
        parts.append(
            "(SELECT list({'run_id': run_id, 'period': period, 'technology': technology, "
            "'n': n, 'people': people, 'villages': villages}) FROM (SELECT run_id, period, "
            "technology, count(*) AS n, sum(round(population_covered * 1000)::HUGEINT) "
            "AS people, sum(villages_covered) AS villages FROM coverage_units "
            "GROUP BY run_id, period, technology))"
        )
    params: list[str] = []
    if indicators:
        parts.append("(SELECT list([key, value]) FROM meta WHERE starts_with(key, ?))")
        params.append(FINGERPRINT_KEY)
    if not parts:
        return Inputs({}, [], {})
    row = list(con.execute("SELECT " + ", ".join(parts), params).fetchall()[0])
    got = {t: [str(v) for v in row.pop(0).values()] for t in plain}
    periods = [str(p) for p in row.pop(0) or [] if p is not None] if period_tables else []
    if COVERAGE in tables:
        got[COVERAGE] = _coverage(row.pop(0) or [], row.pop(0) or [])
    stored = dict(row.pop(0) or []) if indicators else {}
    return Inputs(
        {t: got[t] for t in tables},
        periods,
        {i: stored.get(FINGERPRINT_KEY + i) for i in indicators},
    )


def _coverage(runs: list[dict[str, Any]], sums: list[dict[str, Any]]) -> list[str]:
    """coverage_units' fingerprint from the runs (newest first) and the per-run sums:
    rows, people, villages and run ids of the current runs' rows (NULL sums count 0)."""
    times = Counter(run_keys(runs))  # a run's rows count once per key naming it
    mine = [(s, times[s["period"], s["technology"], s["run_id"]]) for s in sums]
    mine = [(s, k) for s, k in mine if k]
    return [
        str(sum(s["n"] * k for s, k in mine)),
        str(sum((s["people"] or 0) * k for s, k in mine)),
        str(sum((s["villages"] or 0) * k for s, k in mine)),
        ",".join(sorted({s["run_id"] for s, _ in mine})),
    ]


def input_fingerprints(
    con: duckdb.DuckDBPyConnection, tables: Iterable[str]
) -> dict[str, list[str]]:
    """Per table, what changes when its content does (`read_inputs`)."""
    return read_inputs(con, tables).tables


def stored_fingerprints(
    con: duckdb.DuckDBPyConnection, indicators: Iterable[str]
) -> dict[str, str | None]:
    """The fingerprint each indicator's stored values were computed from (None: never)."""
    rows = con.execute(
        "SELECT key, value FROM meta WHERE starts_with(key, ?)", [FINGERPRINT_KEY]
    ).fetchall()
    stored = dict(rows)
    return {i: stored.get(FINGERPRINT_KEY + i) for i in indicators}
