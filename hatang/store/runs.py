"""Reading coverage runs: the stored list and the current run (hatang.model.runs)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hatang.errors import NotFound
from hatang.model.runs import RULE_FIELDS, current_run_id, current_runs
from hatang.store import db

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

#: the order `run_keys` reads coverage_runs in (ties of the rule keep it)
NEWEST_FIRST = "ORDER BY created_at DESC NULLS LAST, run_id DESC"


def read_runs(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every stored coverage run, newest first (rows of coverage_runs)."""
    import pandas as pd

    if not db.table_exists(con, "coverage_runs"):
        return pd.DataFrame(columns=["run_id", "created_at", "period", "technology", "operator"])
    return con.execute(f"SELECT * FROM coverage_runs {NEWEST_FIRST}").df()


def current_run_keys(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """(period, technology, run_id) of the current run of every period and technology,
    as text, read and ranked without pandas (what a no-op `hatang compute` checks)."""
    have = {  # none: no coverage_runs table
        c
        for (c,) in con.execute(
            "SELECT column_name FROM duckdb_columns() "
            "WHERE table_name = 'coverage_runs' AND NOT internal"
        ).fetchall()
    }
    if not have:
        return []
    fields = [f for f in RULE_FIELDS if f in have]
    rows = con.execute(
        f"SELECT {', '.join(db.quote(f) for f in fields)} FROM coverage_runs {NEWEST_FIRST}"
    ).fetchall()
    return run_keys([dict(zip(fields, r, strict=True)) for r in rows])


def run_keys(runs: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """(period, technology, run_id) as text of the current runs among `runs` (rows of
    coverage_runs with RULE_FIELDS, newest first as `NEWEST_FIRST` orders them)."""
    return [
        (str(runs[i]["period"]), str(runs[i]["technology"]), str(runs[i]["run_id"]))
        for i in current_runs(runs)
    ]


def current_run(
    con: duckdb.DuckDBPyConnection,
    *,
    run_id: str | None = None,
    period: str | None = None,
    technology: str | None = None,
) -> str:
    """`run_id` checked to exist, else the current run (hatang.model.runs) of `period`
    and `technology`; NotFound, saying what to do, when there is none."""
    runs = read_runs(con)
    if run_id:
        if run_id not in set(runs["run_id"].astype(str)):
            raise NotFound(
                f"no coverage run {run_id!r}; list them with `hatang deadspots --runs` / "
                f"không có lượt tính phủ sóng {run_id!r}"
            )
        return run_id
    found = current_run_id(runs, period=period, technology=technology)
    if found is None:
        what = " ".join(x for x in (technology, period) if x)
        what = f" for {what}" if what else ""
        one_op = (
            "" if runs.empty else " (runs for one operator are used only when named with --run)"
        )
        raise NotFound(
            f"no all-operator coverage run{what} yet{one_op}; run `hatang coverage` first / "
            f"chưa có lượt tính phủ sóng cho mọi nhà mạng, hãy chạy `hatang coverage`"
        )
    return found
