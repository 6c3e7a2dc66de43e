"""Which coverage run `hatang deadspots` reads by default: the newest all-operator run,
not a newer run made for one operator; a one-operator run only when it is all there is."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from hatang.coverage.run import latest_run
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


def test_all_operator_run_preferred(tmp_path):
    ws = Workspace.create(tmp_path / "ws", Settings())
    with ws.connect() as con:
        with db.transaction(con):
            db.upsert_frame(con, TABLES["coverage_runs"], _runs([("r-viettel", "viettel", 5)]))
        assert latest_run(con) == "r-viettel"  # all there is
        more = [("r-any-old", "any", 1), ("r-any", "any", 3), ("r-mobifone", "mobifone", 9)]
        with db.transaction(con):
            db.upsert_frame(con, TABLES["coverage_runs"], _runs(more))
        assert latest_run(con) == "r-any"
        assert latest_run(con, "r-mobifone") == "r-mobifone"
