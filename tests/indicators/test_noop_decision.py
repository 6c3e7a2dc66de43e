"""The incremental `hatang compute` takes the no-op exactly when none of an indicator's
inputs changed: each kind of input a fingerprint reads — a table's rows, the periods
present, the current coverage run and its rows — changed alone makes the indicators
reading it compute again, and what the fingerprint must not see (a coverage run that
is not current) leaves the no-op in place."""

from __future__ import annotations

import pytest

from hatang.indicators import compute_workspace

#: one indicator reading each input changed below, and one reading none of them
SITES, CLOUD, COVERAGE = "sites_count", "cloud_accounts_per_adult", "population_4g_modelled"
CHOSEN = [SITES, CLOUD, COVERAGE]


def _computed(ws) -> list[str]:
    return compute_workspace(ws, indicators=CHOSEN).computed


def _sql(ws, *statements: str) -> None:
    with ws.connect() as con:
        for s in statements:
            con.execute(s)


def test_nothing_changed_nothing_computed(fresh_copy):
    assert _computed(fresh_copy) == []


def test_a_table_losing_a_row(fresh_copy):
    _sql(fresh_copy, "DELETE FROM sites WHERE rowid = (SELECT min(rowid) FROM sites)")
    assert _computed(fresh_copy) == [SITES]
    assert _computed(fresh_copy) == []  # stored with the new fingerprint


def test_a_table_gaining_a_row(fresh_copy):
    _sql(
        fresh_copy,
        "INSERT INTO cloud_accounts SELECT * REPLACE (import_id + 1000 AS import_id, "
        "'other-cloud' AS provider) FROM cloud_accounts LIMIT 1",
    )
    assert _computed(fresh_copy) == [CLOUD]


def test_a_period_moved_with_the_same_rows_and_imports(fresh_copy):
    # cloud_accounts' count and import ids stay: only the periods present change
    _sql(
        fresh_copy,
        "UPDATE cloud_accounts SET period = '2026Q1' "
        "WHERE period = (SELECT max(period) FROM cloud_accounts)",
    )
    assert sorted(_computed(fresh_copy)) == sorted(CHOSEN)


def _copy_run(ws, run_id: str, hours: int) -> None:
    """Another all-operator run of the fixture's period, `hours` after the fixture's."""
    _sql(
        ws,
        f"INSERT INTO coverage_runs SELECT * REPLACE ('{run_id}' AS run_id, "
        f"created_at + INTERVAL ({hours}) HOUR AS created_at) FROM coverage_runs "
        "WHERE run_id = 'fixture'",
        f"INSERT INTO coverage_units SELECT * REPLACE ('{run_id}' AS run_id) "
        "FROM coverage_units WHERE run_id = 'fixture'",
    )


def test_a_newer_coverage_run_becomes_current(fresh_copy):
    _copy_run(fresh_copy, "fixture-newer", 1)  # same figures, another run
    assert _computed(fresh_copy) == [COVERAGE]


def test_an_older_coverage_run_is_not_read(fresh_copy):
    _copy_run(fresh_copy, "fixture-older", -1)
    assert _computed(fresh_copy) == []


@pytest.mark.parametrize(
    "change",
    [
        "UPDATE coverage_units SET population_covered = population_covered + 1 "
        "WHERE rowid = (SELECT min(rowid) FROM coverage_units)",
        "UPDATE coverage_units SET villages_covered = coalesce(villages_covered, 0) + 1 "
        "WHERE rowid = (SELECT min(rowid) FROM coverage_units)",
        "DELETE FROM coverage_units WHERE rowid = (SELECT min(rowid) FROM coverage_units)",
    ],
    ids=["people", "villages", "a row"],
)
def test_the_current_runs_rows_changed(fresh_copy, change):
    _sql(fresh_copy, change)
    assert _computed(fresh_copy) == [COVERAGE]


def test_a_run_of_another_operator_is_not_read(fresh_copy):
    _sql(
        fresh_copy,
        "INSERT INTO coverage_runs SELECT * REPLACE ('fixture-viettel' AS run_id, "
        "'viettel' AS operator, created_at + INTERVAL 1 HOUR AS created_at) "
        "FROM coverage_runs WHERE run_id = 'fixture'",
        "INSERT INTO coverage_units SELECT * REPLACE ('fixture-viettel' AS run_id, "
        "'viettel' AS operator) FROM coverage_units WHERE run_id = 'fixture'",
    )
    assert _computed(fresh_copy) == []
