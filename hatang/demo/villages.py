"""Commune polygons, old-commune populations and villages (pure, from DemoInputs + rng)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely
from shapely import Polygon, contains_xy

from hatang.demo import calibration as cal
from hatang.demo.geometry import (
    GEOMETRY_SOURCE,
    random_points_in,
    split_polygon,
    to_lonlat,
    to_xy,
    weighted_cells,
)
from hatang.demo.inputs import DemoInputs


@dataclass(frozen=True)
class Land:
    """Everything placed on the map, in metres (UTM 48N) and in lon/lat."""

    new_communes: pd.DataFrame  # + households, adults, geometry, x, y
    old_communes: (
        pd.DataFrame
    )  # + new_code, population, households, adults, area_km2, lon, lat, geometry, x, y
    villages: (
        pd.DataFrame
    )  # code, name, old_code, new_code, urban, population, households, adults, x, y, lon, lat
    new_polygons: dict[str, Polygon]
    old_polygons: dict[str, Polygon]


def largest_remainder(total: int, weights: np.ndarray, minimum: int = 0) -> np.ndarray:
    """Integers ≥ minimum, proportional to weights, summing exactly to total."""
    weights = np.asarray(weights, dtype=float)
    n = len(weights)
    base = np.full(n, minimum, dtype=np.int64)
    rest = total - base.sum()
    if rest < 0:
        raise ValueError(f"cannot give {n} parts at least {minimum} from {total}")
    quota = rest * weights / weights.sum()
    floor = np.floor(quota).astype(np.int64)
    left = int(rest - floor.sum())
    order = np.argsort(-(quota - floor), kind="stable")
    floor[order[:left]] += 1
    return base + floor


def _wkt(poly: Polygon) -> str:
    def tr(xy: np.ndarray) -> np.ndarray:
        lon, lat = to_lonlat(xy[:, 0], xy[:, 1])
        return np.column_stack([lon, lat])

    return shapely.to_wkt(shapely.transform(poly, tr), rounding_precision=6)


def _village_names(n: int, urban: bool, rng: np.random.Generator) -> list[str]:
    if urban:
        return [f"Tổ dân phố {i + 1}" for i in range(n)]
    kind = "Xóm" if rng.random() < 0.45 else "Thôn"
    names = list(cal.VILLAGE_NAMES)
    rng.shuffle(names)
    out = []
    for i in range(n):
        out.append(
            f"{kind} {names[i]}" if i < len(names) and rng.random() < 0.55 else f"{kind} {i + 1}"
        )
    # names must be unique within the commune
    seen: dict[str, int] = {}
    for i, s in enumerate(out):
        if s in seen:
            out[i] = f"{kind} {i + 1}"
        seen[out[i]] = i
    return out


def place_land(inputs: DemoInputs, rng: np.random.Generator) -> Land:
    new = inputs.new_communes.copy()
    x, y = to_xy(new["lon"], new["lat"])
    new["x"], new["y"] = x, y
    cells = weighted_cells(np.column_stack([x, y]), new["area_km2"].to_numpy() * 1e6)
    new_polys = dict(zip(new["code"], cells, strict=True))
    cw = inputs.crosswalk.merge(inputs.old_communes, left_on="old_code", right_on="code")
    old_rows, village_rows = [], []
    village_counts = _village_counts(inputs, rng)
    old_polys: dict[str, Polygon] = {}
    for nc in new.itertuples():
        olds = cw[cw["new_code"] == nc.code].sort_values("old_code")
        pieces = split_polygon(new_polys[nc.code], len(olds), rng)
        order = rng.permutation(len(olds))
        areas = np.array([pieces[j].area for j in order])
        pops = largest_remainder(
            int(nc.population), areas * rng.lognormal(0, 0.25, len(olds)), minimum=1000
        )
        for k, oc in enumerate(olds.itertuples()):
            poly = pieces[order[k]]
            old_polys[oc.old_code] = poly
            nv = int(village_counts[oc.old_code])
            vx, vy = _village_points(poly, nv, rng)
            vpop = largest_remainder(int(pops[k]), rng.gamma(6.0, 1.0, nv), minimum=60)
            names = _village_names(nv, bool(oc.urban), rng)
            for i in range(nv):
                village_rows.append(
                    (
                        f"{oc.old_code}-{i + 1:02d}",
                        names[i],
                        oc.old_code,
                        nc.code,
                        bool(oc.urban),
                        int(vpop[i]),
                        vx[i],
                        vy[i],
                    )
                )
            c = poly.centroid
            old_rows.append(
                (oc.old_code, nc.code, int(pops[k]), poly.area / 1e6, c.x, c.y, _wkt(poly))
            )
    villages = pd.DataFrame(
        village_rows,
        columns=["code", "name", "old_code", "new_code", "urban", "population", "x", "y"],
    )
    villages["households"] = np.rint(
        villages["population"] / rng.uniform(3.3, 3.6, len(villages))
    ).astype("int64")
    villages["adults"] = np.rint(
        villages["population"] * rng.uniform(0.73, 0.77, len(villages))
    ).astype("int64")
    villages["lon"], villages["lat"] = to_lonlat(villages["x"], villages["y"])
    old = inputs.old_communes.merge(
        pd.DataFrame(
            old_rows, columns=["code", "new_code", "population", "area_km2", "x", "y", "geometry"]
        ),
        on="code",
    )
    agg = villages.groupby("old_code")[["households", "adults"]].sum()
    old = old.join(agg, on="code")
    old["lon"], old["lat"] = to_lonlat(old["x"], old["y"])
    agg_new = villages.groupby("new_code")[["households", "adults"]].sum()
    new = new.join(agg_new, on="code")
    new["geometry"] = [_wkt(new_polys[c]) for c in new["code"]]
    old["geometry_source"] = GEOMETRY_SOURCE
    new["geometry_source"] = GEOMETRY_SOURCE
    return Land(new, old, villages, new_polys, old_polys)


def _village_counts(inputs: DemoInputs, rng: np.random.Generator) -> pd.Series:
    """Villages per old commune, ∝ the new commune's population per old commune, summing to N."""
    cw = inputs.crosswalk.merge(
        inputs.new_communes[["code", "population"]], left_on="new_code", right_on="code"
    )
    per_old = cw["population"] / cw.groupby("new_code")["old_code"].transform("count")
    counts = largest_remainder(
        cal.VILLAGES, per_old.to_numpy() * rng.lognormal(0, 0.15, len(cw)), minimum=5
    )
    return pd.Series(counts, index=cw["old_code"].to_numpy())


def _village_points(
    poly: Polygon, n: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Villages in clusters (hamlets along roads and dykes), all inside the polygon."""
    n_clusters = max(1, n // 5)
    centres = random_points_in(poly.buffer(-min(150.0, 0.1 * np.sqrt(poly.area))), n_clusters, rng)
    spread = 0.18 * np.sqrt(poly.area / n_clusters)
    base = centres[np.arange(n) % n_clusters]
    pts = base.copy()
    todo = np.arange(n)
    for _ in range(30):
        cand = base[todo] + rng.normal(0, spread, (len(todo), 2))
        ok = contains_xy(poly, cand[:, 0], cand[:, 1])
        pts[todo[ok]] = cand[ok]
        todo = todo[~ok]
        if len(todo) == 0:
            break
    return pts[:, 0], pts[:, 1]
