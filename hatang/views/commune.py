"""What a commune's page (and a report's commune annex) shows: its villages and their
services, the sites and reported dead spots inside it, its speeds and indicator values.

Pure over the workspace's tables and the published ones. Which commune a site or a
dead spot lies in is `derive.assign_communes` (polygon, else nearest centroid); a
caller that shows many communes passes `locate` to compute it once per table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from hatang.publish import derive
from hatang.views.overview import latest

#: (what, points) → the commune code of each point
Locate = Callable[[str, pd.DataFrame], np.ndarray]


@dataclass(frozen=True)
class CommuneFacts:
    code: str
    map: str
    unit: pd.Series
    indicator_values: pd.DataFrame  # latest value of every indicator
    villages: pd.DataFrame
    village_period: str | None
    sites: pd.DataFrame
    site_period: str | None
    dead_spots: pd.DataFrame
    speeds: pd.DataFrame


def find(units: pd.DataFrame, code: str) -> pd.Series | None:
    """The commune with `code` (its newest map when on both), or None."""
    match = units[(units["code"].astype(str) == code) & (units["level"] == "commune")]
    return None if match.empty else match.sort_values("map").iloc[-1]


def communes_of(units: pd.DataFrame, umap: str) -> pd.DataFrame:
    return units[(units["level"] == "commune") & (units["map"].astype(str) == umap)]


def _latest_values(iv: pd.DataFrame, code: str, umap: str) -> pd.DataFrame:
    iv = iv[(iv["unit_code"].astype(str) == code) & (iv["map"].astype(str) == umap)]
    if not len(iv):
        return iv
    return iv.sort_values("period").groupby("indicator").tail(1).sort_values("indicator")


def _villages(units: pd.DataFrame, vs: pd.DataFrame, code: str) -> tuple[pd.DataFrame, Any]:
    pv = latest(vs)
    inside = units[(units["level"] == "village") & (units["parent_code"].astype(str) == code)]
    if not pv:
        return vs.iloc[0:0], pv
    return vs[(vs["period"] == pv) & vs["village_code"].isin(inside["code"])], pv


def facts(
    unit: pd.Series,
    *,
    units: pd.DataFrame,
    indicator_values: pd.DataFrame,
    village_services: pd.DataFrame,
    sites: pd.DataFrame,
    dead_spots: pd.DataFrame,
    speeds: pd.DataFrame,
    locate: Locate | None = None,
) -> CommuneFacts:
    """The facts of commune `unit` (a row of `units`); tables as published."""
    code, umap = str(unit["code"]), str(unit["map"])
    communes = communes_of(units, umap)

    def where(_: str, points: pd.DataFrame) -> np.ndarray:
        lon = pd.to_numeric(points["lon"]).to_numpy(float)
        return derive.assign_communes(lon, pd.to_numeric(points["lat"]).to_numpy(float), communes)

    locate = locate or where
    villages, pv = _villages(units, village_services, code)
    ps = latest(sites)
    sites = sites[sites["period"] == ps] if ps else sites.iloc[0:0]
    if len(sites):
        sites = sites[locate(f"sites:{umap}:{ps}", sites) == code]
    if len(dead_spots):
        dead_spots = dead_spots[locate(f"dead-spots:{umap}", dead_spots) == code]
    return CommuneFacts(
        code=code,
        map=umap,
        unit=unit,
        indicator_values=_latest_values(indicator_values, code, umap),
        villages=villages,
        village_period=pv,
        sites=sites,
        site_period=ps,
        dead_spots=dead_spots,
        speeds=speeds[speeds["commune_code"].astype(str) == code],
    )
