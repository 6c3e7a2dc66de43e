"""Modelled coverage comes from the newest all-operator coverage run only.

The fixture's run "fixture" (N1: 800 of 850 people covered, N2: 90 of 150) is replaced
by runs written here: a newer all-operator run and an even newer run scoped to one
operator, whose 'any' rows mean "that operator only" and must not be used.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from hatang.indicators import compute_workspace
from hatang.model.schema import TABLES
from hatang.store import db
from hatang.testing import fixture_workspace


def _run(run_id: str, operator: str, minutes: int, covered: tuple[float, float]) -> tuple:
    runs = pd.DataFrame(
        [
            {
                "run_id": run_id,
                "created_at": dt.datetime(2026, 1, 1, 0, minutes),
                "period": "2025Q4",
                "technology": "4G",
                "operator": operator,
                "resolution_m": 100.0,
                "model": "extended-hata",
                "settings": "{}",
                "calibration": None,
                "population": 1000.0,
                "population_covered": sum(covered),
                "evaluations": 1,
                "seconds": 0.1,
                "synthetic": True,
            }
        ]
    )
    units = pd.DataFrame(
        [
            {
                "run_id": run_id,
                "period": "2025Q4",
                "map": "2025",
                "unit_code": u,
                "level": "commune",
                "operator": "any",
                "technology": "4G",
                "population": p,
                "population_covered": c,
                "villages": None,
                "villages_covered": None,
                "synthetic": True,
            }
            for u, p, c in (("N1", 850.0, covered[0]), ("N2", 150.0, covered[1]))
        ]
    )
    return runs, units


def _value(ws) -> float:
    with ws.connect() as con:
        row = con.execute(
            "SELECT numerator, denominator FROM indicator_values WHERE indicator = 'population_4g_modelled' "
            "AND map = '2025' AND unit_code = 'P2' AND period = '2025Q4'"
        ).fetchone()
    return row[0], row[1]


def test_newest_all_operator_run_wins(tmp_path):
    ws = fixture_workspace(tmp_path / "ws")
    compute_workspace(ws)
    assert _value(ws) == (890.0, 1000.0)  # the fixture's own run
    newer_any = _run("2025Q4-4G-any-100m", "any", 10, (700.0, 100.0))
    newest_one_operator = _run("2025Q4-4G-viettel-100m", "viettel", 20, (500.0, 50.0))
    with ws.connect() as con, db.transaction(con):
        for runs, units in (newer_any, newest_one_operator):
            db.upsert_frame(con, TABLES["coverage_runs"], runs)
            db.upsert_frame(con, TABLES["coverage_units"], units)
    compute_workspace(ws)
    assert _value(ws) == (800.0, 1000.0)


def test_equal_times_the_larger_run_id_wins(tmp_path):
    ws = fixture_workspace(tmp_path / "ws")
    a = _run("2025Q4-4G-any-100m", "any", 10, (700.0, 100.0))
    b = _run("2025Q4-4G-any-200m", "any", 10, (600.0, 100.0))
    with ws.connect() as con, db.transaction(con):
        for runs, units in (b, a):
            db.upsert_frame(con, TABLES["coverage_runs"], runs)
            db.upsert_frame(con, TABLES["coverage_units"], units)
    compute_workspace(ws)
    assert _value(ws) == (700.0, 1000.0)  # "...-200m" > "...-100m"


def test_rows_without_a_run_record_do_not_count(tmp_path):
    ws = fixture_workspace(tmp_path / "ws")
    with ws.connect() as con:
        con.execute("DELETE FROM coverage_runs")
    compute_workspace(ws)
    with ws.connect() as con:
        row = con.execute(
            "SELECT value, no_data_reason FROM indicator_values WHERE indicator = "
            "'population_4g_modelled' AND map = '2025' AND unit_code = 'P2' AND period = '2025Q4'"
        ).fetchone()
    assert row[0] is None and row[1].startswith("no coverage_units data")
