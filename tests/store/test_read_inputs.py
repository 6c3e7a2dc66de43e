"""`read_inputs` reads in one statement what the incremental compute's fingerprints are
made of, and reads exactly what the separate queries it replaced read: each plain
table's count and import ids, every period, the current coverage runs' rows, people,
villages and run ids, and the stored fingerprints. REFERENCE holds those queries as
they were, to compare on hand-made runs (current, older, one-operator, unrecorded,
NULL sums) and on the fixture province."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from hatang.store import db
from hatang.store.fingerprints import FINGERPRINT_KEY, read_inputs
from hatang.store.runs import current_run_keys

T0 = dt.datetime(2026, 1, 1, 12, 0)


def _reference(con, tables, period_tables, indicators):
    """The five statements a no-op `hatang compute` ran before (fingerprints, periods,
    current runs' columns, current runs, current runs' sums) and the stored ones."""
    plain = [t for t in tables if t != "coverage_units"]
    out = {}
    for t in plain:
        row = con.execute(
            f"SELECT count(*), coalesce(max(import_id), 0), coalesce(sum(import_id), 0) "
            f"FROM {db.quote(t)}"
        ).fetchone()
        out[t] = [str(v) for v in row]
    if "coverage_units" in tables:
        current = current_run_keys(con)
        if not current:
            out["coverage_units"] = ["0", "0", "0", ""]
        else:
            values = ", ".join("(?, ?, ?)" for _ in current)
            row = con.execute(
                f"WITH _current(period, technology, run_id) AS (VALUES {values}) "
                "SELECT count(*), "
                "coalesce(sum(round(u.population_covered * 1000)::HUGEINT), 0), "
                "coalesce(sum(u.villages_covered), 0), "
                "coalesce(string_agg(DISTINCT u.run_id, ',' ORDER BY u.run_id), '') "
                "FROM coverage_units u JOIN _current c ON c.run_id = u.run_id "
                "AND c.period = u.period AND c.technology = u.technology",
                [v for key in current for v in key],
            ).fetchone()
            out["coverage_units"] = [str(v) for v in row]
    parts = [f"SELECT DISTINCT period FROM {db.quote(t)}" for t in period_tables]
    periods = (
        [str(r[0]) for r in con.execute(" UNION ".join(parts)).fetchall() if r[0] is not None]
        if parts
        else []
    )
    stored = dict(
        con.execute(
            "SELECT key, value FROM meta WHERE starts_with(key, ?)", [FINGERPRINT_KEY]
        ).fetchall()
    )
    return (
        {t: out[t] for t in tables},
        sorted(periods),
        {i: stored.get(FINGERPRINT_KEY + i) for i in indicators},
    )


def _read(con, tables, period_tables, indicators):
    got = read_inputs(con, tables, period_tables, indicators)
    return got.tables, sorted(got.periods), got.stored


RUNS = [
    # run_id, created_at, period, technology, operator, province
    ("a-new", T0, "2025Q4", "4G", "any", None),  # current 2025Q4 4G
    ("a-old", T0 - dt.timedelta(hours=1), "2025Q4", "4G", "any", None),
    ("a-viettel", T0 + dt.timedelta(hours=1), "2025Q4", "4G", "viettel", None),
    ("b", None, "2025Q3", "4G", "any", ""),  # current 2025Q3 4G
    ("c", T0, "2025Q4", "5G", "any", None),  # current 2025Q4 5G: its sums all NULL
]


def _con(units: list[tuple]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    db.ensure_schema(con)
    for run in RUNS:
        con.execute(
            "INSERT INTO coverage_runs (run_id, created_at, period, technology, operator, "
            "province) VALUES (?, ?, ?, ?, ?, ?)",
            list(run),
        )
    for u in units:
        con.execute(
            "INSERT INTO coverage_units (run_id, period, technology, population_covered, "
            "villages_covered) VALUES (?, ?, ?, ?, ?)",
            list(u),
        )
    con.execute("INSERT INTO sites (site_id, period, import_id) VALUES ('s1', '2025Q2', 3)")
    con.execute("INSERT INTO sites (site_id, period, import_id) VALUES ('s2', NULL, 5)")
    db.set_meta(con, FINGERPRINT_KEY + "sites_count", "abc")
    return con


UNITS = [
    ("a-new", "2025Q4", "4G", 0.1, 1),
    ("a-new", "2025Q4", "4G", 0.2, None),
    ("a-new", "2025Q3", "4G", 7.0, 7),  # the run's id, another period: not its rows
    ("a-old", "2025Q4", "4G", 5.0, 5),
    ("a-viettel", "2025Q4", "4G", 9.0, 9),
    ("b", "2025Q3", "4G", 0.3333, 2),
    ("c", "2025Q4", "5G", None, None),
    ("unrecorded", "2025Q4", "4G", 4.0, 4),
]
TABLES = ["coverage_units", "sites", "cells"]
PERIODS = ["sites", "coverage_units", "cells"]
INDICATORS = ["sites_count", "never_computed"]


@pytest.mark.parametrize("units", [UNITS, UNITS[3:], [], UNITS[:1]])
def test_one_statement_reads_what_the_separate_ones_read(units):
    con = _con(units)
    assert _read(con, TABLES, PERIODS, INDICATORS) == _reference(con, TABLES, PERIODS, INDICATORS)


def test_the_current_runs_rows_and_nothing_else():
    tables, _, _ = _read(_con(UNITS), ["coverage_units"], [], [])
    # a-new's two 2025Q4 rows, b and c: 4 rows, 100 + 200 + 333 milli-persons, 1 + 2 villages
    assert tables["coverage_units"] == ["4", "633", "3", "a-new,b,c"]


def test_each_part_alone_and_none():
    con = _con(UNITS)
    for tables, periods, indicators in [
        (TABLES, [], []),
        ([], PERIODS, []),
        ([], [], INDICATORS),
        (["sites"], ["sites"], []),
        ([], [], []),
    ]:
        assert _read(con, tables, periods, indicators) == _reference(
            con, tables, periods, indicators
        )


def test_the_fixture_province(tmp_path):
    from hatang.indicators import compute_workspace
    from hatang.indicators.catalogue import read_catalogue
    from hatang.model.schema import INDICATOR_INPUTS, INDICATOR_PERIODS
    from hatang.testing import fixture_workspace

    ws = fixture_workspace(tmp_path / "ws")
    compute_workspace(ws, indicators=["sites_count"])
    ids = list(read_catalogue())
    with ws.connect(read_only=True) as con:
        got = _read(con, list(INDICATOR_INPUTS), list(INDICATOR_PERIODS), ids)
        assert got == _reference(con, list(INDICATOR_INPUTS), list(INDICATOR_PERIODS), ids)
    assert got[0]["coverage_units"][0] != "0" and got[1] and got[2]["sites_count"]
