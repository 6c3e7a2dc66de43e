"""Reading the register for people: the cases with their places' names and overdue
flags, filtered; one case with its history; the scoreboard. Shells over the store
and the pure figures (figures.py); views/register.py turns them into labelled rows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from hatang.errors import NotFound
from hatang.register import figures
from hatang.store import register as store
from hatang.store.workspace import Workspace


@dataclass(frozen=True)
class Filters:
    state: str | None = None
    operator: str | None = None  # concerned or assigned
    commune: str | None = None  # on either map
    overdue: bool = False
    source: str | None = None


def named(cases: pd.DataFrame, names: pd.DataFrame) -> pd.DataFrame:
    """Cases with village_name, commune_name (2025) and commune_name_2024."""
    by_map = {
        m: g.drop_duplicates("code").set_index("code")["name"] for m, g in names.groupby("map")
    }
    any_map = (
        names.sort_values("map").drop_duplicates("code", keep="last").set_index("code")["name"]
    )
    out = cases.copy()
    out["village_name"] = out["village_code"].map(any_map)
    out["commune_name"] = out["commune_code"].map(by_map.get("2025", any_map))
    out["commune_name_2024"] = out["commune_code_2024"].map(by_map.get("2024", any_map))
    return out


def with_flags(cases: pd.DataFrame, today: dt.date) -> pd.DataFrame:
    out = cases.copy()
    out["overdue"] = figures.overdue(out, today)
    out["open"] = figures.is_open(out)
    return out


def select(cases: pd.DataFrame, f: Filters) -> pd.DataFrame:
    keep = pd.Series(True, index=cases.index)
    if f.state:
        keep &= cases["state"] == f.state
    if f.source:
        keep &= cases["source"] == f.source
    if f.operator:
        concerned = cases["operators"].fillna("").str.split(";").map(lambda ops: f.operator in ops)
        keep &= concerned | (cases["assigned_operator"] == f.operator)
    if f.commune:
        keep &= (cases["commune_code"] == f.commune) | (cases["commune_code_2024"] == f.commune)
    if f.overdue:
        keep &= cases["overdue"].notna()
    return cases[keep].reset_index(drop=True)


def list_cases(ws: Workspace, f: Filters = Filters(), today: dt.date | None = None) -> pd.DataFrame:
    """The cases (filtered), named and flagged, ordered by case id."""
    with ws.connect(read_only=True) as con:
        cases = store.read_cases(con)
        names = store.read_unit_names(con)
    return select(with_flags(named(cases, names), today or dt.date.today()), f)


@dataclass(frozen=True)
class CaseFile:
    case: dict[str, object]
    events: pd.DataFrame


def show(ws: Workspace, case_id: str, today: dt.date | None = None) -> CaseFile:
    """One case (named, flagged) and its history, oldest first."""
    with ws.connect(read_only=True) as con:
        row = store.read_case(con, case_id)
        if row is None:
            raise NotFound(f"no case {case_id!r} in the register (see `hatang register list`)")
        events = store.read_events(con, case_id)
        names = store.read_unit_names(con)
    frame = with_flags(named(pd.DataFrame([row]), names), today or dt.date.today())
    return CaseFile(frame.iloc[0].to_dict(), events)


def history(ws: Workspace, case_id: str) -> pd.DataFrame:
    return show(ws, case_id).events


def stats(
    ws: Workspace, today: dt.date | None = None
) -> tuple[pd.Series, pd.DataFrame, pd.DataFrame]:
    """(cases per state, the operator scoreboard, the cases flagged)."""
    today = today or dt.date.today()
    with ws.connect(read_only=True) as con:
        cases = store.read_cases(con)
        events = store.read_events(con)
    return (
        figures.counts_by_state(cases),
        figures.scoreboard(cases, events, today),
        with_flags(cases, today),
    )
