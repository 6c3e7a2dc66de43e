"""Planner scenarios in the store: tables `scenarios` and `scenario_actions`.

A scenario is written whole (its row and its ranked actions in one transaction), so a
re-planned name never keeps actions of its earlier plan; every reader gets frames.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from hatang.errors import NotFound
from hatang.model.schema import TABLES
from hatang.store import db
from hatang.store.workspace import Workspace


def read_scenarios(ws: Workspace) -> pd.DataFrame:
    """Every stored scenario, oldest first (as `hatang scenarios list` shows them)."""
    with ws.connect(read_only=True) as con:
        return con.execute("SELECT * FROM scenarios ORDER BY created_at, name").df()


def read_scenario(ws: Workspace, name: str) -> tuple[dict[str, Any], pd.DataFrame]:
    """The scenario `name` and its actions in rank order; NotFound names the known ones."""
    with ws.connect(read_only=True) as con:
        s = con.execute("SELECT * FROM scenarios WHERE name = ?", [name]).df()
        if s.empty:
            known = [
                r[0] for r in con.execute("SELECT name FROM scenarios ORDER BY name").fetchall()
            ]
            raise NotFound(
                f"no scenario named {name!r}"
                + (
                    f" (known: {', '.join(known)})"
                    if known
                    else " — create one with `hatang plan-sites --name NAME`"
                )
            )
        actions = con.execute(
            "SELECT * FROM scenario_actions WHERE scenario = ? ORDER BY rank", [name]
        ).df()
    return {str(k): v for k, v in s.iloc[0].to_dict().items()}, actions


def scenario_created(ws: Workspace, name: str) -> Any:
    """When the stored scenario `name` was made; None when there is none."""
    with ws.connect(read_only=True) as con:
        row = con.execute("SELECT created_at FROM scenarios WHERE name = ?", [name]).fetchone()
    return None if row is None else row[0]


def write_scenario(ws: Workspace, scenario: dict[str, Any], actions: pd.DataFrame) -> None:
    """Store the scenario row and its actions, replacing a scenario of the same name."""
    with ws.connect() as con, db.transaction(con):
        con.execute("DELETE FROM scenario_actions WHERE scenario = ?", [scenario["name"]])
        db.upsert_frame(con, TABLES["scenarios"], pd.DataFrame([scenario]))
        db.upsert_frame(con, TABLES["scenario_actions"], actions)
