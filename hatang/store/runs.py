"""Reading coverage runs: the stored list and the current run (hatang.model.runs)."""

from __future__ import annotations

import duckdb
import pandas as pd

from hatang.errors import NotFound
from hatang.model.runs import current_run_id
from hatang.store import db


def read_runs(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every stored coverage run, newest first (rows of coverage_runs)."""
    if not db.table_exists(con, "coverage_runs"):
        return pd.DataFrame(columns=["run_id", "created_at", "period", "technology", "operator"])
    return con.execute(
        "SELECT * FROM coverage_runs ORDER BY created_at DESC NULLS LAST, run_id DESC"
    ).df()


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
