"""The incremental compute's fingerprint of coverage results does not depend on the order
the rows are stored in (a float sum does: (0.1 + 0.2) + 0.3 != (0.3 + 0.2) + 0.1), and
counts only the current coverage run's rows."""

from __future__ import annotations

import duckdb

from hatang.store import db
from hatang.store.fingerprints import input_fingerprints


def _fingerprint(values: list[float], *, recorded: bool = True) -> list:
    con = duckdb.connect()
    db.ensure_schema(con)
    if recorded:
        con.execute(
            "INSERT INTO coverage_runs (run_id, created_at, period, technology, operator) "
            "VALUES ('r1', TIMESTAMP '2026-01-01', '2025Q4', '4G', 'any')"
        )
    for v in values:
        con.execute(
            "INSERT INTO coverage_units (run_id, period, technology, operator, "
            "population_covered, villages_covered) VALUES ('r1', '2025Q4', '4G', 'any', ?, 1)",
            [v],
        )
    return input_fingerprints(con, ["coverage_units"])["coverage_units"]


def test_same_rows_in_another_order_same_fingerprint():
    assert _fingerprint([0.1, 0.2, 0.3]) == _fingerprint([0.3, 0.2, 0.1])


def test_changed_people_change_the_fingerprint():
    assert _fingerprint([0.1, 0.2, 0.3]) != _fingerprint([0.1, 0.2, 0.4])


def test_rows_without_a_run_record_do_not_count():
    assert _fingerprint([0.1, 0.2], recorded=False) == ["0", "0", "0", ""]
    assert _fingerprint([0.1, 0.2]) == ["2", "300", "2", "r1"]
