"""`current_run_keys` (DuckDB rows, no pandas: what a no-op `hatang compute` reads)
picks the same current runs as the frame functions of hatang.model.runs."""

from __future__ import annotations

import datetime as dt

import duckdb
from hypothesis import given, settings
from hypothesis import strategies as st

from hatang.model.runs import current_run_ids
from hatang.store import db
from hatang.store.runs import current_run_keys, read_runs

T0 = dt.datetime(2026, 1, 1, 12, 0)
RUNS = [
    # run_id, created_at, period, technology, operator, province
    ("2025Q4-4G-any-100m", T0, "2025Q4", "4G", "any", None),
    ("2025Q4-4G-any-100m-cal", T0, "2025Q4", "4G", "any", None),  # same time: larger id
    ("2025Q4-4G-any-25m", T0 - dt.timedelta(hours=1), "2025Q4", "4G", "any", None),
    ("2025Q4-4G-viettel-100m", T0 + dt.timedelta(hours=2), "2025Q4", "4G", "viettel", None),
    ("2025Q4-4G-any-100m-p36", T0 + dt.timedelta(hours=4), "2025Q4", "4G", "any", "36"),
    ("2025Q3-4G-any-100m", T0 + dt.timedelta(hours=3), "2025Q3", "4G", "any", ""),
    ("2025Q4-5G-any-100m", T0 - dt.timedelta(hours=5), "2025Q4", "5G", "any", None),
    ("2025Q2-4G-any-100m", None, "2025Q2", "4G", "any", None),
    ("2025Q2-4G-any-50m", None, "2025Q2", "4G", "any", None),
]
EXPECTED = {
    ("2025Q2", "4G", "2025Q2-4G-any-50m"),
    ("2025Q3", "4G", "2025Q3-4G-any-100m"),
    ("2025Q4", "4G", "2025Q4-4G-any-100m-cal"),
    ("2025Q4", "5G", "2025Q4-5G-any-100m"),
}


def _con(order: list[int]) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    db.ensure_schema(con)
    for i in order:
        con.execute(
            "INSERT INTO coverage_runs (run_id, created_at, period, technology, operator, "
            "province) VALUES (?, ?, ?, ?, ?, ?)",
            list(RUNS[i]),
        )
    return con


def test_the_hand_made_runs():
    con = _con(list(range(len(RUNS))))
    assert set(current_run_keys(con)) == EXPECTED
    frame = current_run_ids(read_runs(con)).astype(str)
    assert set(map(tuple, frame[["period", "technology", "run_id"]].values.tolist())) == EXPECTED


@settings(max_examples=30, deadline=None)
@given(st.permutations(range(len(RUNS))), st.integers(1, len(RUNS)))
def test_same_as_the_frame_rule_in_any_order(order, n):
    con = _con(list(order)[:n])
    frame = current_run_ids(read_runs(con)).astype(str)
    assert sorted(current_run_keys(con)) == sorted(
        map(tuple, frame[["period", "technology", "run_id"]].values.tolist())
    )


def test_no_runs_table_no_current_runs():
    assert current_run_keys(duckdb.connect()) == []
