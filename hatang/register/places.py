"""Where a case lies and how many people it affects, pure (frames and arrays).

* Village and communes: the village named by the report, else the village nearest to
  the point; its parents give the commune on the 2025 map and on the 2024 map.
* People affected: where the case matches a modelled dead spot of the current coverage
  run (inside it or within the matching distance, 500 m, as `hatang deadspots`
  matches reports), that dead spot's people (`people_source = model`). Elsewhere the
  village's people inside the case area: a village's people are spread evenly over a
  disc of `[coverage] village_radius_m` around it (as the coverage model spreads
  them), the case area is a disc of `[register] area_radius_m`, and the share of the
  village disc inside the case disc counts (`people_source = village`).
* Matching: a case's outline (a modelled polygon) or point against modelled outlines,
  in metres (the workspace's projected CRS).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import shapely
from numpy.typing import NDArray

from hatang.coverage.grid import to_xy


@dataclass(frozen=True)
class Place:
    village_code: str | None
    commune_code: str | None
    commune_code_2024: str | None


def locate(
    lon: float, lat: float, villages: pd.DataFrame, crs: str, village_code: str | None = None
) -> Place:
    """The case's village (given, else nearest) and its communes on both maps.

    villages: code, lon, lat, commune_2025, commune_2024 (one row per village)."""
    if villages.empty:
        return Place(village_code, None, None)
    if village_code is not None and (villages["code"] == village_code).any():
        row = villages[villages["code"] == village_code].iloc[0]
    elif village_code is not None:
        return Place(village_code, None, None)
    else:
        x, y = to_xy([lon], [lat], crs)
        vx, vy = to_xy(villages["lon"].to_numpy(), villages["lat"].to_numpy(), crs)
        row = villages.iloc[int(np.argmin(np.hypot(vx - x[0], vy - y[0])))]
    return Place(str(row["code"]), _text(row.get("commune_2025")), _text(row.get("commune_2024")))


def _text(v: Any) -> str | None:
    return None if v is None or (not isinstance(v, str) and pd.isna(v)) else str(v)


def disc_overlap(d: float, r_case: float, r_village: float) -> float:
    """Share of a disc of radius r_village whose centre lies d from the centre of a
    disc of radius r_case that falls inside it (the lens area ÷ the village disc)."""
    if r_village <= 0:
        return 1.0 if d <= r_case else 0.0
    if d >= r_case + r_village:
        return 0.0
    if d <= abs(r_case - r_village):
        return 1.0 if r_case >= r_village else (r_case / r_village) ** 2
    a, b = r_case, r_village
    alpha = math.acos((d * d + a * a - b * b) / (2 * d * a))
    beta = math.acos((d * d + b * b - a * a) / (2 * d * b))
    lens = a * a * (alpha - math.sin(2 * alpha) / 2) + b * b * (beta - math.sin(2 * beta) / 2)
    return lens / (math.pi * b * b)


def village_people(
    lon: float,
    lat: float,
    village: Mapping[Any, Any] | None,
    crs: str,
    area_radius_m: float,
    village_radius_m: float,
) -> float | None:
    """The village's people inside the case disc (None without a village population)."""
    if (
        village is None
        or _text(village.get("population")) is None
        or _text(village.get("lon")) is None
    ):
        return None
    x, y = to_xy([lon, float(village["lon"])], [lat, float(village["lat"])], crs)
    d = float(np.hypot(x[1] - x[0], y[1] - y[0]))
    return float(village["population"]) * disc_overlap(d, area_radius_m, village_radius_m)


def project(geometries: list[shapely.Geometry], crs: str) -> NDArray[np.object_]:
    """WGS 84 shapes in the projected CRS (metres)."""

    def tr(coords: NDArray[np.float64]) -> NDArray[np.float64]:
        x, y = to_xy(coords[:, 0], coords[:, 1], crs)
        return np.column_stack([x, y])

    return np.asarray([shapely.transform(g, tr) for g in geometries], dtype=object)


def case_shapes(cases: pd.DataFrame, crs: str) -> NDArray[np.object_]:
    """Each case's outline (a modelled polygon) or point, in metres."""
    shapes = [
        shapely.from_wkt(g) if isinstance(g, str) and g else shapely.Point(lon, lat)
        for g, lon, lat in zip(cases["geometry"], cases["lon"], cases["lat"], strict=True)
    ]
    return project(shapes, crs)


def nearest_within(
    shapes: NDArray[np.object_], targets: NDArray[np.object_], tolerance_m: float
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """For each shape, the index of the nearest target within `tolerance_m` (-1: none)
    and its distance (0 inside)."""
    index = np.full(len(shapes), -1, dtype=np.int64)
    dist = np.full(len(shapes), np.nan)
    if len(shapes) == 0 or len(targets) == 0:
        return index, dist
    tree = shapely.STRtree(targets)
    (i, j), d = tree.query_nearest(
        shapes, max_distance=tolerance_m, return_distance=True, all_matches=False
    )
    index[i] = j
    dist[i] = d
    return index, dist
