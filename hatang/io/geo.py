"""Which unit a point lies in (fills a site's empty commune_code from its location)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd


def units_containing(lons: list[float], lats: list[float], units: pd.DataFrame) -> list[str | None]:
    """For each point, the code of the unit in `units` whose WKT geometry contains it."""
    import shapely
    from shapely import STRtree

    units = units[units["geometry"].notna()]
    out: list[str | None] = [None] * len(lons)
    if units.empty or not lons:
        return out
    polygons = shapely.from_wkt(units["geometry"].to_numpy(), on_invalid="ignore")
    ok = ~shapely.is_missing(polygons)
    polygons, codes = polygons[ok], units["code"].to_numpy()[ok]
    points = shapely.points(np.asarray(lons, dtype=float), np.asarray(lats, dtype=float))
    hits = STRtree(polygons).query(points, predicate="within")
    for point_i, poly_i in zip(hits[0], hits[1], strict=True):
        if out[point_i] is None:
            out[point_i] = str(codes[poly_i])
    return out


def fill_commune_codes(
    parsed: dict[str, list[Any]], good: list[int], units: pd.DataFrame, map_of: dict[str, str]
) -> int:
    """Fill empty commune_code of rows `good` from their location; returns how many."""
    filled = 0
    communes = units[units["level"] == "commune"]
    by_map: dict[str, list[int]] = {}
    for i in good:
        if (
            parsed["commune_code"][i] is None
            and parsed["lon"][i] is not None
            and parsed["lat"][i] is not None
        ):
            map_ = map_of.get(parsed["period"][i] or "")
            if map_:
                by_map.setdefault(map_, []).append(i)
    for map_, rows in by_map.items():
        codes = units_containing(
            [parsed["lon"][i] for i in rows],
            [parsed["lat"][i] for i in rows],
            communes[communes["map"] == map_],
        )
        for i, code in zip(rows, codes, strict=True):
            if code is not None:
                parsed["commune_code"][i] = code
                filled += 1
    return filled
