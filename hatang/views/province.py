"""One province of a national workspace: which units and rows are its (pure).

A provincial analyst working in a national workspace narrows a command
(`--province CODE`) or a page (`?province=CODE`) to their own province. Every shell
narrows the same way: `province_scope` decides once which units are the province's on
each map, and `narrow` keeps the rows of each table whose unit is among them — the
column holding each table's unit is declared once in `KEYS`, never a WHERE clause per
command.

The province is a 2025 province (the map in force). Its units: the province, its
communes and their villages on the 2025 map; on the 2024 map the communes that flow
wholly or partly into it (the crosswalk), their districts and old provinces, and the
same villages. A unit of the old map split between two new provinces is in both.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from hatang.errors import NotFound
from hatang.model.periods import map_for_period
from hatang.publish.derive import assign_communes

#: where each table's unit is: (column, map) — map is a column name, "period" (the map
#: in force in the row's period) or a fixed map; tables keyed by another table's rows
#: follow it (`FOLLOW`). Tables not named are national (services) or have no unit.
KEYS: dict[str, tuple[str, str]] = {
    "units": ("code", "map"),
    "indicator_values": ("unit_code", "map"),
    "coverage_units": ("unit_code", "map"),
    "sites": ("commune_code", "period"),
    "subscriptions": ("unit_code", "period"),
    "village_services": ("village_code", "2025"),
    "dead_spots": ("village_code", "2025"),
    "dead_spot_checks": ("village_code", "2025"),  # with its report's village (store)
    "facilities": ("village_code", "2025"),
    "modelled_dead_spots": ("commune_code", "2025"),
    "register_cases": ("commune_code", "2025"),
    "scenarios": ("province", "2025"),  # planned for the province (`plan-sites --province`)
}
#: tables whose rows are points only (lon, lat): each is the province's when the 2025
#: commune holding it (`derive.assign_communes`: its polygon, else the nearest centre) is
POINTS = ("speed_tests", "scenario_actions")
#: table → (its key column, the table it follows, that table's column)
FOLLOW: dict[str, tuple[str, str, str]] = {
    "cells": ("site_id", "sites", "site_id"),
    "register_events": ("case_id", "register_cases", "case_id"),
}


@dataclass(frozen=True)
class ProvinceScope:
    """A 2025 province and the (map, code) of every unit that is its (module docstring)."""

    code: str
    name: str
    units: frozenset[tuple[str, str]]

    def codes(self, map_: str) -> set[str]:
        """The province's unit codes on `map_`."""
        return {c for m, c in self.units if m == map_}

    def has(self, codes: pd.Series, maps: pd.Series | str) -> NDArray[np.bool_]:
        """True where (map, code) is one of the province's units."""
        m = pd.Series(maps, index=codes.index) if isinstance(maps, str) else maps
        pairs = zip(m.astype(str), codes.astype(str), strict=True)
        return np.fromiter((p in self.units for p in pairs), dtype=bool, count=len(codes))

    def keep(self, frame: pd.DataFrame, table: str) -> pd.DataFrame:
        """The rows of `table` (a frame of it) that are the province's (`KEYS`)."""
        column, where = KEYS[table]
        if frame.empty or column not in frame.columns:
            return frame
        return frame[self.has(frame[column], _maps(frame, where))]


def _maps(frame: pd.DataFrame, where: str) -> pd.Series | str:
    if where == "period":
        return frame["period"].astype(str).map(map_for_period)
    return frame[where] if where in frame.columns else where


def province_scope(code: str, units: pd.DataFrame, crosswalk: pd.DataFrame) -> ProvinceScope:
    """The units of 2025 province `code` among `units` (the workspace's), linked to the
    2024 map by `crosswalk` (old_code → new_code). NotFound when it is not there."""
    u = units.assign(map=units["map"].astype(str), code=units["code"].astype(str))
    new = u[u["map"] == "2025"]
    row = new[(new["code"] == code) & (new["level"] == "province")]
    if row.empty:
        raise NotFound(f"--province {code}: not a province of this workspace's 2025 map")
    communes = set(new.loc[(new["level"] == "commune") & (new["parent_code"] == code), "code"])
    villages = set(new.loc[(new["level"] == "village") & new["parent_code"].isin(communes), "code"])
    old = _old_units(u[u["map"] == "2024"], crosswalk, communes | {code})
    keys = {("2025", c) for c in communes | villages | {code}}
    keys |= {("2024", c) for c in old | villages}
    return ProvinceScope(code, str(row["name"].iloc[0]), frozenset(keys))


def _old_units(old: pd.DataFrame, crosswalk: pd.DataFrame, new_codes: set[str]) -> set[str]:
    """2024 communes flowing into `new_codes`, and the districts and provinces above them."""
    linked = set(crosswalk.loc[crosswalk["new_code"].astype(str).isin(new_codes), "old_code"])
    communes = old[(old["level"] == "commune") & old["code"].isin({str(c) for c in linked})]
    parent = old.set_index("code")["parent_code"].dropna().astype(str).to_dict()
    out = set(communes["code"])
    for c in list(out):
        while c in parent:
            c = parent[c]
            out.add(c)
    return out


def _points_inside(points: pd.DataFrame, units: pd.DataFrame, scope: ProvinceScope) -> pd.DataFrame:
    """The rows of `points` whose 2025 commune, among all of `units`, is the province's."""
    u = units[(units["map"].astype(str) == "2025") & (units["level"] == "commune")]
    lon = pd.to_numeric(points["lon"], errors="coerce").to_numpy(float)
    lat = pd.to_numeric(points["lat"], errors="coerce").to_numpy(float)
    communes = assign_communes(lon, lat, u)
    return points[scope.has(pd.Series(communes, index=points.index).astype(str), "2025")]


def narrow(frames: Mapping[str, pd.DataFrame], scope: ProvinceScope) -> dict[str, pd.DataFrame]:
    """Every frame of `frames` (table name → rows) narrowed to the province; tables
    without a unit pass through unchanged."""
    out = {name: scope.keep(f, name) if name in KEYS else f for name, f in frames.items()}
    for name in POINTS:
        if name in out and "units" in frames and len(out[name]):
            out[name] = _points_inside(out[name], frames["units"], scope)
    for name, (column, other, other_column) in FOLLOW.items():
        if name in out and other in out and column in out[name].columns:
            kept = set(out[other][other_column].astype(str))
            out[name] = out[name][out[name][column].astype(str).isin(kept)]
    return {name: f.reset_index(drop=True) for name, f in out.items()}
