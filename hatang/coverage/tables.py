"""The rows a coverage run stores, from its modelled network (pure).

* `unit_rows` — people and villages covered per unit of both maps and per scope
  ('any' and every operator): table coverage_units;
* `dead_spot_rows` — the dead spots of each scope with their nearest village and its
  communes on both maps, then `check_reported` matches them with the reported ones
  (tables modelled_dead_spots and dead_spot_checks);
* `with_names` puts the unit names beside the codes for reading.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import shapely
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from hatang.coverage import deadspots as ds
from hatang.coverage import population
from hatang.coverage.grid import to_lonlat, to_xy
from hatang.coverage.network import ALL_OPERATORS, NetworkCoverage

#: a report within this distance of a modelled dead spot is matched to it
MATCH_TOLERANCE_M = 500.0

#: how deep a village's ancestors are followed (village → commune → district → province)
_MAX_DEPTH = 10

SPOT_COLUMNS = [
    "dead_spot_id",
    "scope",
    "geometry",
    "x",
    "y",
    "lon",
    "lat",
    "area_km2",
    "population",
    "cells",
]


def _links(villages: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """(village index, unit code) for each village and every ancestor on the map of `units`,
    village by village, each from itself up. One level at a time over all villages (a
    country has 10⁵ of them), then put back in village order, so rows, and the sums over
    them, come out as a village-by-village walk would give them."""
    code = np.asarray(units["code"], dtype=object)  # plain str: faster to hash than Arrow's
    up = np.asarray(units["parent_code"], dtype=object)
    parent = {c: p for c, p in zip(code, up, strict=True) if isinstance(p, str) and p}
    known = set(code)
    first = np.asarray(villages["code"], dtype=object)
    # plain dict look-ups over object arrays (Series.map took 0.1 s a level nationally)
    cur = np.fromiter((c if c in known else None for c in first), dtype=object, count=len(first))
    v = np.arange(len(first), dtype=np.int64)
    parts_v, parts_u = [], []
    for _ in range(_MAX_DEPTH):
        held = np.fromiter((c is not None for c in cur), dtype=bool, count=len(cur))
        if not held.any():
            break
        v, cur = v[held], cur[held]
        parts_v.append(v)
        parts_u.append(cur)
        cur = np.fromiter((parent.get(c) for c in cur), dtype=object, count=len(cur))
    if not parts_v:
        return pd.DataFrame({"v": np.zeros(0, dtype=np.int64), "unit_code": []})
    order = np.argsort(np.concatenate(parts_v), kind="stable")
    return pd.DataFrame(
        {
            "v": np.concatenate(parts_v)[order],
            "unit_code": list(np.concatenate(parts_u)[order]),
        }
    )


def _scope_rows(
    link: pd.DataFrame,
    missing: Sequence[str],
    totals: NDArray[np.float64],
    covered: NDArray[np.float64],
    ok: NDArray[np.bool_],
) -> pd.DataFrame:
    """Sums over each unit's villages; units without villages get zero rows."""
    f = link.assign(
        pop=totals[link["v"]],
        pop_cov=covered[link["v"]],
        vill=1,
        vill_cov=ok[link["v"]].astype(int),
    )
    agg = f.groupby("unit_code", sort=True)[["pop", "pop_cov", "vill", "vill_cov"]].sum()
    agg = agg.reset_index()
    if not missing:
        return agg
    empty = pd.DataFrame(
        {"unit_code": list(missing), "pop": 0.0, "pop_cov": 0.0, "vill": 0, "vill_cov": 0}
    )
    return pd.concat([agg, empty], ignore_index=True)


def unit_rows(
    units: pd.DataFrame,
    villages: pd.DataFrame,
    people: population.PopulationGrid,
    covered: dict[str, NDArray[np.bool_]],
    share: float,
) -> pd.DataFrame:
    """Population and villages covered per unit (both maps), per scope of `covered`; a
    village counts as covered when `share` of its people are."""
    n = len(villages)
    by_point = {s: people.village_covered(cov, n) for s, cov in covered.items()}
    return unit_rows_from_points(units, villages, people.village_totals(n), by_point, share)


def _strs(column: pd.Series) -> NDArray[np.object_]:
    """A code column as plain Python strings: hashing and set membership on them run
    several times faster than on pandas' Arrow strings (10⁵ codes per national run)."""
    return np.asarray(column, dtype=object)


def _member(values: NDArray[np.object_], pool: set[str]) -> NDArray[np.bool_]:
    return np.fromiter((v in pool for v in values), dtype=bool, count=len(values))


def units_of_points(units: pd.DataFrame, villages: pd.DataFrame) -> pd.DataFrame:
    """The units holding at least one of the points (on either map), with the communes
    of the 2025 provinces they lie in: what a run narrowed to those points sums over."""
    maps = units["map"].astype(str).to_numpy()
    held: set[str] = set()
    for map_ in units["map"].unique():
        held |= set(_strs(_links(villages, units[units["map"] == map_])["unit_code"]))
    code, in_held = _strs(units["code"]), _member(_strs(units["code"]), held)
    is_province = (units["level"] == "province").to_numpy()
    provinces = set(code[(maps == "2025") & in_held & is_province])
    keep = in_held | ((maps == "2025") & _member(_strs(units["parent_code"]), provinces))
    kept: pd.DataFrame = units.loc[keep].reset_index(drop=True)
    return kept


def unit_rows_from_points(
    units: pd.DataFrame,
    villages: pd.DataFrame,
    totals: NDArray[np.float64],
    covered: dict[str, NDArray[np.float64]],
    share: float,
) -> pd.DataFrame:
    """`unit_rows` from the people and people covered of each population point (per
    scope): how an area-by-area run merges its areas exactly."""
    rows = []
    for map_ in sorted(units["map"].unique()):
        u = units[units["map"] == map_]
        level = dict(zip(_strs(u["code"]), _strs(u["level"]), strict=True))
        link = _links(villages, u)
        if link.empty:  # no population point on this map (communes of the other map)
            continue
        missing = sorted(set(level) - set(_strs(link["unit_code"])))
        for scope, vc in covered.items():
            ok = (totals > 0) & (vc >= share * totals)
            agg = _scope_rows(link, missing, totals, vc, ok)
            of = pd.Series(_strs(agg["unit_code"]), index=agg.index).map(level)
            rows.append(agg.assign(map=map_, operator=scope, level=of))
    out = pd.concat(rows, ignore_index=True)
    if "kind" in villages and (villages["kind"] != "village").any():
        # population points are communes: there is no village count to give
        out["vill"] = pd.array([None] * len(out), dtype="Int64")
        out["vill_cov"] = pd.array([None] * len(out), dtype="Int64")
    names = {"pop": "population", "pop_cov": "population_covered"}
    return out.rename(columns={**names, "vill": "villages", "vill_cov": "villages_covered"})


def _nearest_villages(spots: pd.DataFrame, villages: pd.DataFrame, crs: str) -> pd.DataFrame:
    """Each spot's nearest population point: its code (villages only) and communes."""
    vx, vy = to_xy(villages["lon"].to_numpy(), villages["lat"].to_numpy(), crs)
    _, near = cKDTree(np.column_stack([vx, vy])).query(np.column_stack([spots["x"], spots["y"]]))
    v = villages.iloc[near]
    is_village = (v["kind"] == "village").to_numpy() if "kind" in v else np.ones(len(v), bool)
    codes = [c if ok else None for c, ok in zip(v["code"], is_village, strict=True)]
    return spots.assign(
        nearest_village_code=np.asarray(codes, dtype=object),
        commune_code=v["commune_2025"].to_numpy(),
        commune_code_2024=v["commune_2024"].to_numpy(),
    )


def dead_spot_rows(
    network: NetworkCoverage, villages: pd.DataFrame, scopes: Sequence[str]
) -> pd.DataFrame:
    """The dead spots of each scope ('M0001…' for 'any', 'M-<operator>-0001…' for one
    operator), largest population first, each with its nearest village."""
    grid = network.grid
    frames = []
    for scope in scopes:
        spots, _ = ds.dead_spots(network.mask(scope), network.people.people, grid)
        if spots.empty:
            continue
        prefix = "M" if scope == ALL_OPERATORS else f"M-{scope}-"
        spots["dead_spot_id"] = [f"{prefix}{i + 1:04d}" for i in range(len(spots))]
        spots["scope"] = scope
        spots["lon"], spots["lat"] = to_lonlat(
            spots["x"].to_numpy(), spots["y"].to_numpy(), grid.crs
        )
        frames.append(_nearest_villages(spots, villages, grid.crs) if len(villages) else spots)
    if not frames:
        return pd.DataFrame(columns=SPOT_COLUMNS)
    return pd.concat(frames, ignore_index=True).assign(technology=network.technology)


def check_reported(
    spots: pd.DataFrame, reported: pd.DataFrame, operator: str | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(checks, spots with reports and status): the reports open at the period's end —
    of `operator` or of all operators when it is given — against the modelled spots."""
    if operator:
        mine = reported["operator"].isna() | (reported["operator"] == operator)
        reported = reported[mine].assign(operator=operator)
    if len(spots):
        checks, spots = ds.compare_reported(spots, reported, MATCH_TOLERANCE_M)
    else:
        checks = reported.assign(matched_id=None, distance_m=np.nan, status="missed")
    if "reports" not in spots:
        spots = spots.assign(reports=0, status="model-only")
    return checks, spots


def to_wgs84_wkt(geoms: Sequence[shapely.Geometry], crs: str) -> list[str]:
    """Projected outlines as WKT in WGS 84 lon/lat (6 decimals: about 0.1 m)."""

    def tr(xy: NDArray[np.float64]) -> NDArray[np.float64]:
        lon, lat = to_lonlat(xy[:, 0], xy[:, 1], crs)
        return np.column_stack([lon, lat])

    return [shapely.to_wkt(shapely.transform(g, tr), rounding_precision=6) for g in geoms]


def with_names(spots: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    """Names beside the codes: nearest_village_name, commune_name (2025), commune_name_2024."""
    by_map = {
        m: dict(zip(g["code"], g["name"], strict=True)) for m, g in units.groupby("map", sort=False)
    }
    new, old = by_map.get("2025", {}), by_map.get("2024", {})
    spots = spots.copy()
    for code_col, name_col, maps in (
        ("nearest_village_code", "nearest_village_name", (new, old)),
        ("commune_code", "commune_name", (new,)),
        ("commune_code_2024", "commune_name_2024", (old,)),
    ):
        if code_col not in spots:
            continue
        spots[name_col] = [
            next((m[c] for m in maps if c in m), None) if isinstance(c, str) else None
            for c in spots[code_col]
        ]
    return spots


def comparison_summary(spots_all_scopes: pd.DataFrame, checks: pd.DataFrame) -> dict[str, int]:
    """Counts for the reported-vs-modelled comparison."""
    return {
        "reported_open": int(len(checks)),
        "reported_matched": int((checks["status"] == "matched").sum()),
        "reported_missed": int((checks["status"] == "missed").sum()),
        "modelled": int(len(spots_all_scopes)),
        "modelled_model_only": int((spots_all_scopes["status"] == "model-only").sum()),
    }
