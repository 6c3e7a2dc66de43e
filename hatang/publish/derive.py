"""How each published table is derived from the workspace's tables: pure frame → frame.

Rules (docs/open-data.md): raw speed tests are personal data and are never published —
only aggregates per commune, operator, kind and period, and only groups of at least
`MIN_GROUP_TESTS` tests; free-text fields that may name people are left out.

Which columns a dataset publishes, in which order and type, is declared once, by its
fields in `hatang.publish.registry` (built from `hatang.model.schema`); a derivation
adds and sorts, and `render.conform` keeps exactly the declared fields.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from hatang.model.runs import current_run_id
from hatang.model.services import mobile_broadband

#: a speed aggregate over fewer tests than this is suppressed (k-anonymity style rule)
MIN_GROUP_TESTS = 10

Frames = dict[str, pd.DataFrame]


@dataclass(frozen=True)
class Context:
    """Facts about the workspace every derivation may need."""

    current_map: str = "2025"
    synthetic: bool = False
    province: str = ""


def current_map(units: pd.DataFrame) -> str:
    maps = set(units.loc[units["level"] == "commune", "map"].astype(str)) if len(units) else set()
    return "2025" if "2025" in maps or not maps else sorted(maps)[-1]


def _names(units: pd.DataFrame) -> pd.Series:
    """code → name (the 2025 map's spelling wins when a code is on both maps)."""
    u = units.sort_values("map")
    return u.drop_duplicates("code", keep="last").set_index("code")["name"]


def _parents(units: pd.DataFrame) -> pd.Series:
    u = units.sort_values("map")
    return u.drop_duplicates("code", keep="last").set_index("code")["parent_code"]


def admin_units(f: Frames, ctx: Context) -> pd.DataFrame:
    return f["units"].sort_values(["map", "level", "code"]).reset_index(drop=True)


def _joined(cells: pd.DataFrame, column: str) -> pd.Series:
    """(period, site_id) → the distinct values of `column` on the site, sorted, ';'-joined."""
    d = cells[["period", "site_id", column]].dropna().astype(str).drop_duplicates()
    values = sorted(d[column].unique())
    bit = d[column].map({v: 1 << i for i, v in enumerate(values)}).astype("int64")
    masks = bit.groupby([d["period"], d["site_id"]]).sum()
    names = {m: ";".join(v for i, v in enumerate(values) if m >> i & 1) for m in masks.unique()}
    return masks.map(names)


def sites(f: Frames, ctx: Context) -> pd.DataFrame:
    s = f["sites"].copy()
    c = f["cells"]
    if len(c):
        ops = _joined(c, "operator").rename("operators")
        techs = _joined(c, "technology").rename("technologies")
        s = s.join(ops, on=["period", "site_id"]).join(techs, on=["period", "site_id"])
    else:
        s["operators"] = None
        s["technologies"] = None
    s["operators"] = s["operators"].where(s["operators"].notna(), None)
    s["operator_count"] = (s["operators"].str.count(";") + 1).fillna(0).astype(int)
    s["shared"] = s["operator_count"] >= 2
    return s.sort_values(["period", "site_id"]).reset_index(drop=True)


def village_services(f: Frames, ctx: Context) -> pd.DataFrame:
    v = f["village_services"].copy()
    # the column target 5 counts: 3G, 4G or 5G, however the village was reported
    v["mobile_broadband"] = mobile_broadband(v)
    u = f["units"]
    villages = u[u["level"] == "village"].sort_values("map").drop_duplicates("code", keep="last")
    villages = villages.set_index("code")
    names = _names(u)
    v["village_name"] = v["village_code"].map(villages["name"])
    v["commune_code"] = v["village_code"].map(villages["parent_code"])
    v["commune_name"] = v["commune_code"].map(names)
    v["households"] = v["village_code"].map(villages["households"])
    v["population"] = v["village_code"].map(villages["population"])
    v["lon"] = v["village_code"].map(villages["lon"])
    v["lat"] = v["village_code"].map(villages["lat"])
    return v.sort_values(["period", "village_code"]).reset_index(drop=True)


def indicator_values(f: Frames, ctx: Context) -> pd.DataFrame:
    iv = f["indicator_values"].copy()
    iv["unit_name"] = iv["unit_code"].map(_names(f["units"]))
    keys = ["indicator", "map", "level", "unit_code", "period"]
    return iv.sort_values(keys).reset_index(drop=True)


def dead_spots(f: Frames, ctx: Context) -> pd.DataFrame:
    d = f["dead_spots"].copy()
    u = f["units"]
    names, parents = _names(u), _parents(u)
    pops = u.sort_values("map").drop_duplicates("code", keep="last").set_index("code")["population"]
    d["village_name"] = d["village_code"].map(names)
    d["commune_code"] = d["village_code"].map(parents)
    d["commune_name"] = d["commune_code"].map(names)
    d["village_population"] = d["village_code"].map(pops)
    d["status"] = np.where(d["resolved_on"].isna(), "open", "resolved")
    # `description` is free text written by whoever reported the spot: never published
    d = d.drop(columns=["description"], errors="ignore")
    return d.sort_values("dead_spot_id").reset_index(drop=True)


def public_services(f: Frames, ctx: Context) -> pd.DataFrame:
    s = f["services"].copy()
    return s.sort_values(["period", "code"]).reset_index(drop=True)


def assign_communes(lon: np.ndarray, lat: np.ndarray, communes: pd.DataFrame) -> np.ndarray:
    """Commune code of each point: the polygon containing it, else the nearest centroid."""
    from scipy.spatial import cKDTree

    out = np.full(len(lon), None, dtype=object)
    if len(communes) == 0 or len(lon) == 0:
        return out
    geoms = communes["geometry"] if "geometry" in communes else pd.Series([None] * len(communes))
    has_geom = geoms.notna().to_numpy()
    if has_geom.any():
        import shapely

        polys = shapely.from_wkt(geoms[has_geom].to_numpy())
        codes = communes["code"].to_numpy()[has_geom]
        tree = shapely.STRtree(polys)
        pts = shapely.points(lon, lat)
        idx_pt, idx_poly = tree.query(pts, predicate="within")
        out[idx_pt] = codes[idx_poly]
    missing = np.array([v is None for v in out])
    ok = communes["lon"].notna() & communes["lat"].notna()
    if missing.any() and ok.any():
        cc = communes[ok]
        coslat = np.cos(np.deg2rad(float(cc["lat"].mean())))
        tree = cKDTree(np.c_[cc["lon"].to_numpy(float) * coslat, cc["lat"].to_numpy(float)])
        _, nearest = tree.query(np.c_[lon[missing] * coslat, lat[missing]])
        out[missing] = cc["code"].to_numpy()[nearest]
    return out


def speed_aggregates(f: Frames, ctx: Context) -> pd.DataFrame:
    """Median speeds per commune (current map), operator, kind and period — never raw tests."""
    t = f["speed_tests"]
    cols = [
        "period",
        "map",
        "commune_code",
        "commune_name",
        "operator",
        "kind",
        "tests",
        "download_median_mbps",
        "upload_median_mbps",
        "latency_median_ms",
    ]
    if len(t) == 0:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in cols})
    t = t.copy()
    u = f["units"]
    communes = u[(u["level"] == "commune") & (u["map"].astype(str) == ctx.current_map)]
    t["commune_code"] = assign_communes(
        t["lon"].to_numpy(float), t["lat"].to_numpy(float), communes
    )
    if t["period"].isna().any():
        ts = pd.to_datetime(t["time"])
        t["period"] = t["period"].fillna(ts.dt.year.astype(str) + "Q" + ts.dt.quarter.astype(str))
    g = t.groupby(["period", "commune_code", "operator", "kind"], dropna=True)
    agg = g.agg(
        tests=("download_kbps", "size"),
        download_median_mbps=("download_kbps", "median"),
        upload_median_mbps=("upload_kbps", "median"),
        latency_median_ms=("latency_ms", "median"),
    ).reset_index()
    agg = agg[agg["tests"] >= MIN_GROUP_TESTS].copy()
    agg["download_median_mbps"] = (agg["download_median_mbps"] / 1000).round(2)
    agg["upload_median_mbps"] = (agg["upload_median_mbps"] / 1000).round(2)
    agg["latency_median_ms"] = agg["latency_median_ms"].round(1)
    agg["map"] = ctx.current_map
    agg["commune_name"] = agg["commune_code"].map(_names(u))
    return (
        agg[cols].sort_values(["period", "commune_code", "operator", "kind"]).reset_index(drop=True)
    )


def modelled_dead_spots(f: Frames, ctx: Context) -> pd.DataFrame:
    """The dead spots of the current coverage run (`hatang.model.runs`: the one rule
    `hatang deadspots`, the planner and the indicators use too); none without one."""
    d = f.get("modelled_dead_spots")
    if d is None:
        return pd.DataFrame()
    runs = f.get("coverage_runs")
    run = current_run_id(runs) if runs is not None else None
    d = d[d["run_id"].astype(str) == run] if run is not None else d.iloc[0:0]
    d = d.drop(columns=[c for c in ("import_id",) if c in d.columns])
    return d.reset_index(drop=True)
