"""Which coverage run `hatang deadspots` reads by default: the current run of the one rule
(hatang.model.runs) — the newest all-operator run, never a newer run made for one
operator; a one-operator run only when named with --run, even when it is all there is.

(Before the one rule, a one-operator run was read when it was the only run; the rule
now says a run for one operator never stands for the province.)
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from hatang.coverage.stored import read_dead_spots
from hatang.errors import NotFound
from hatang.model.schema import TABLES
from hatang.settings import Settings
from hatang.store import Workspace, db


def _runs(rows: list[tuple[str, str, int]]) -> pd.DataFrame:
    cols = TABLES["coverage_runs"].column_names
    return pd.DataFrame(
        [
            {c: None for c in cols}
            | {
                "run_id": r,
                "operator": op,
                "technology": "4G",
                "period": "2025Q4",
                "created_at": dt.datetime(2026, 1, 1, 0, minute),
                "synthetic": False,
            }
            for r, op, minute in rows
        ],
        columns=cols,
    )


def _read(ws: Workspace, run_id: str | None = None) -> str:
    return str(read_dead_spots(ws, run_id=run_id)[0]["run_id"])


def test_all_operator_run_preferred(tmp_path):
    ws = Workspace.create(tmp_path / "ws", Settings())
    with ws.connect() as con, db.transaction(con):
        db.upsert_frame(con, TABLES["coverage_runs"], _runs([("r-viettel", "viettel", 5)]))
    with pytest.raises(NotFound, match="used only when named with --run"):
        _read(ws)  # a run for one operator only: not the province's
    assert _read(ws, "r-viettel") == "r-viettel"
    more = [("r-any-old", "any", 1), ("r-any", "any", 3), ("r-mobifone", "mobifone", 9)]
    with ws.connect() as con, db.transaction(con):
        db.upsert_frame(con, TABLES["coverage_runs"], _runs(more))
    assert _read(ws) == "r-any"
    assert _read(ws, "r-mobifone") == "r-mobifone"
