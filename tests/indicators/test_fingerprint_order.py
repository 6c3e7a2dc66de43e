"""The incremental compute's fingerprint of coverage results does not depend on the order
the rows are stored in (a float sum does: (0.1 + 0.2) + 0.3 != (0.3 + 0.2) + 0.1)."""

from __future__ import annotations

import importlib

import duckdb

compute_mod = importlib.import_module("hatang.indicators.compute")


def _fingerprint(values: list[float]) -> list:
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE coverage_units (run_id VARCHAR, population_covered DOUBLE, villages_covered BIGINT)"
    )
    for v in values:
        con.execute("INSERT INTO coverage_units VALUES ('r1', ?, 1)", [v])
    return compute_mod._table_fingerprint(con, "coverage_units")


def test_same_rows_in_another_order_same_fingerprint():
    assert _fingerprint([0.1, 0.2, 0.3]) == _fingerprint([0.3, 0.2, 0.1])


def test_changed_people_change_the_fingerprint():
    assert _fingerprint([0.1, 0.2, 0.3]) != _fingerprint([0.1, 0.2, 0.4])
