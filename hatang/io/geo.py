"""Which unit a point lies in (fills a site's empty commune_code from its location)."""

from __future__ import annotations

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
