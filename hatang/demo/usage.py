"""Subscriptions, village service status, speed tests and Ookla-format tiles (pure)."""

from __future__ import annotations

import datetime as dt
import functools

import numpy as np
import pandas as pd

from hatang.demo import calibration as cal
from hatang.demo.geometry import to_lonlat, to_xy
from hatang.demo.network import OPS, QUARTERS, Network, _arrays
from hatang.demo.radio import pair_rsrp
from hatang.demo.villages import Land
from hatang.model.periods import map_for_period, period_end, period_start

KINDS = ("mobile", "mobile-broadband", "smartphone", "fixed-broadband", "ftth")
FIXED_OPS = {"vnpt": 0.46, "viettel": 0.44, "mobifone": 0.10}
#: what the measured RSRP differs from the model by, per operator (what calibration should find)
RSRP_TRUE_OFFSET_DB = {"viettel": 2.0, "vnpt": -2.0, "mobifone": 1.0, "vietnamobile": -3.0}


def trend(pair: tuple[float, float], q: int) -> float:
    """Linear trend from the first to the last quarter."""
    t = q / (len(QUARTERS) - 1)
    return pair[0] + (pair[1] - pair[0]) * t


def subscriptions(land: Land, rng: np.random.Generator) -> pd.DataFrame:
    """Counts per commune (old map to 2025Q2, new map after), operator and kind."""
    old = land.old_communes
    pop = old["population"].to_numpy(float)
    n = len(old)
    urban = old["urban"].to_numpy()
    mob_w = pop * np.where(urban, 1.12, 1.0) * rng.lognormal(0, 0.05, n)
    fix_w = pop * np.where(urban, 1.35, 0.95) * rng.lognormal(0, 0.10, n)
    op_share = rng.dirichlet([v * 60 for v in cal.OPERATOR_SUBS_SHARE.values()], n)
    fix_share = rng.dirichlet([v * 60 for v in FIXED_OPS.values()], n)
    total_pop = pop.sum()
    rows = []
    for q, period in enumerate(QUARTERS):
        mobile_total = cal.MOBILE_SUBS_FIRST + (cal.MOBILE_SUBS - cal.MOBILE_SUBS_FIRST) * q / (
            len(QUARTERS) - 1
        )
        mobile = mobile_total * mob_w / mob_w.sum()
        mbb = total_pop * trend(cal.MBB_PER_100, q) / 100 * mob_w / mob_w.sum()
        smart_share = np.clip(trend(cal.SMARTPHONE_SHARE, q) + rng.normal(0, 0.008, n), 0, 1)
        fixed = total_pop * trend(cal.FIXED_PER_100, q) / 100 * fix_w / fix_w.sum()
        ftth = fixed * np.clip(trend(cal.FTTH_SHARE_OF_FIXED, q) + rng.normal(0, 0.005, n), 0, 1)
        frames = []
        for k, op in enumerate(OPS):
            s = op_share[:, k] * rng.lognormal(0, 0.01, n)
            frames.append((op, "mobile", mobile * s))
            frames.append((op, "mobile-broadband", mbb * s))
            frames.append((op, "smartphone", mobile * s * smart_share))
        for k, op in enumerate(FIXED_OPS):
            frames.append((op, "fixed-broadband", fixed * fix_share[:, k]))
            frames.append((op, "ftth", ftth * fix_share[:, k]))
        for op, kind, values in frames:
            rows.append(
                pd.DataFrame(
                    {
                        "period": period,
                        "old_code": old["code"],
                        "new_code": old["new_code"],
                        "operator": op,
                        "kind": kind,
                        "count": values,
                    }
                )
            )
    df = pd.concat(rows, ignore_index=True)
    df["map"] = df["period"].map(map_for_period)
    df["unit_code"] = np.where(df["map"] == "2024", df["old_code"], df["new_code"])
    out = df.groupby(["period", "unit_code", "operator", "kind"], as_index=False, sort=True)[
        "count"
    ].sum()
    out["count"] = np.rint(out["count"]).astype("int64")
    return out


def technology_coverage(cells: pd.DataFrame, v: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per village and mobile-broadband technology: the first quarter index a cell of it
    covers the village (hatang.coverage, default settings and thresholds), -1 never."""
    from hatang.coverage import engine
    from hatang.settings import CoverageSettings

    pts = v[["x", "y"]].to_numpy(float)
    out = {}
    for tech in ("3G", "4G", "5G"):
        c = cells[cells["technology"] == tech].reset_index(drop=True)
        first = np.full(len(v), 10**6)
        if len(c):
            m = engine.coverage_matrix(c, pts, CoverageSettings()).tocoo()
            np.minimum.at(first, m.row, c["first_q"].to_numpy()[m.col])
        out[tech] = np.where(first == 10**6, -1, first)
    return out


def village_services(land: Land, net: Network, rng: np.random.Generator) -> pd.DataFrame:
    v = land.villages
    n = len(v)
    deficit = rng.beta(1.2, 40, n)  # per-village shortfall of fibre reach
    no_fixed_q = np.where(rng.random(n) < 0.012, rng.integers(1, 4, n), 0)
    reach = technology_coverage(net.cells, v)
    rows = []
    for q, period in enumerate(QUARTERS):
        mean_short = 1 - trend(cal.FIBRE_HOUSEHOLDS, q)
        share = np.clip(1 - deficit * mean_short / deficit.mean(), 0.5, 1.0)
        has = {t: (f >= 0) & (f <= q) for t, f in reach.items()}
        rows.append(
            pd.DataFrame(
                {
                    "period": period,
                    "village_code": v["code"],
                    # 3G, 4G or 5G: the union, as the plan's target 5 means it
                    "mobile_broadband": has["3G"] | has["4G"] | has["5G"],
                    "mobile_3g": has["3G"],
                    "mobile_4g": has["4G"],
                    "mobile_5g": has["5G"],
                    "fixed_broadband": no_fixed_q <= q,
                    "fibre_households": np.where(
                        no_fixed_q <= q, np.floor(v["households"] * share), 0
                    ).astype("int64"),
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


def _random_times(rng: np.random.Generator, period: str, n: int) -> pd.Series:
    a = dt.datetime.combine(period_start(period), dt.time())
    b = dt.datetime.combine(period_end(period), dt.time(23, 59))
    secs = rng.integers(0, int((b - a).total_seconds()), n)
    return pd.Series(pd.to_datetime(a) + pd.to_timedelta(secs, unit="s")).dt.floor("s")


def speed_tests(land: Land, net: Network, rng: np.random.Generator) -> pd.DataFrame:
    v = land.villages
    p = v["population"].to_numpy(float)
    p = p / p.sum()
    out = []
    for q, period in enumerate(QUARTERS):
        n = cal.SPEED_TESTS_PER_QUARTER + int(rng.integers(-150, 150))
        vi = rng.choice(len(v), n, p=p)
        x = v["x"].to_numpy()[vi] + rng.normal(0, 220, n)
        y = v["y"].to_numpy()[vi] + rng.normal(0, 220, n)
        mobile = rng.random(n) < 0.7
        op = np.where(
            mobile,
            rng.choice(OPS, n, p=list(cal.OPERATOR_SUBS_SHARE.values())),
            rng.choice([*FIXED_OPS, "fixed-other"], n, p=[0.42, 0.40, 0.08, 0.10]),
        )
        rsrp = np.full(n, np.nan)
        cells = net.cells[(net.cells["technology"] == "4G") & (net.cells["first_q"] <= q)]
        # clutter class as hatang.coverage assigns it: urban where the site's commune (on the
        # period's map) is a ward or township
        site_urban = net.sites.set_index("site_id")[
            "urban_2024" if map_for_period(period) == "2024" else "urban_2025"
        ]
        env = np.where(cells["site_id"].map(site_urban).to_numpy(bool), "urban", "suburban")
        for o in OPS:
            m = np.flatnonzero(mobile & (op == o))
            sel = (cells["operator"] == o).to_numpy()
            arrays = {**_arrays(cells[sel]), "environment": env[sel]}
            pi, ci, val = pair_rsrp(arrays, x[m], y[m])
            best = np.full(len(m), -200.0)
            np.maximum.at(best, pi, val)
            rsrp[m] = best + RSRP_TRUE_OFFSET_DB[o] + rng.normal(0, 4.0, len(m))
        has4g = mobile & (rsrp >= -128)  # phones stay on LTE a little below the coverage threshold
        rsrp[~has4g] = np.nan
        rsrp = np.minimum(rsrp, -44.0)  # the top of the 3GPP RSRP reporting range
        quality = np.clip(1 + (np.nan_to_num(rsrp, nan=-120) + 95) / 45, 0.35, 1.4)
        dl = np.exp(rng.normal(0, 0.55, n))
        dl = np.where(has4g, dl * quality, np.where(mobile, rng.uniform(0.02, 0.12, n), dl))
        # scale so the medians land on the quarter's calibration figures
        dl[mobile] *= trend(cal.MOBILE_MEDIAN_MBPS, q) / np.median(dl[mobile])
        dl[~mobile] *= trend(cal.FIXED_MEDIAN_MBPS, q) / np.median(dl[~mobile])
        ul = dl * np.where(mobile, rng.uniform(0.2, 0.45, n), rng.uniform(0.6, 1.0, n))
        lat = np.where(mobile, rng.uniform(22, 60, n), rng.uniform(4, 18, n))
        lon, la = to_lonlat(x, y)
        out.append(
            pd.DataFrame(
                {
                    "test_id": [f"ST{period}-{i + 1:05d}" for i in range(n)],
                    "time": _random_times(rng, period, n),
                    "period": period,
                    "lon": np.round(lon, 6),
                    "lat": np.round(la, 6),
                    "operator": op,
                    "kind": np.where(mobile, "mobile", "fixed"),
                    "download_kbps": np.round(dl * 1000, 0),
                    "upload_kbps": np.round(ul * 1000, 0),
                    "latency_ms": np.round(lat, 0),
                    "rsrp_dbm": np.round(rsrp, 0),
                }
            )
        )
    return pd.concat(out, ignore_index=True)


def quadkey(lon: np.ndarray, lat: np.ndarray, zoom: int = 16) -> np.ndarray:
    """Bing Maps quadkeys of the tiles holding the points."""
    n = 2**zoom
    lat_r = np.radians(np.clip(lat, -85.05112878, 85.05112878))
    tx = np.floor((np.asarray(lon) + 180.0) / 360.0 * n).astype(np.int64)
    ty = np.floor((1 - np.log(np.tan(lat_r) + 1 / np.cos(lat_r)) / np.pi) / 2 * n).astype(np.int64)
    keys = np.zeros(len(tx), dtype=object)
    digits = np.zeros((len(tx), zoom), dtype=np.int64)
    for i in range(zoom, 0, -1):
        mask = 1 << (i - 1)
        digits[:, zoom - i] = ((tx & mask) != 0).astype(np.int64) + 2 * ((ty & mask) != 0).astype(
            np.int64
        )
    keys = np.array(["".join(map(str, row)) for row in digits], dtype=object)
    return keys


@functools.lru_cache(maxsize=65536)
def tile_wkt(key: str) -> str:
    """The tile's square as WKT (lon/lat), as Ookla's `tile` column."""
    tx = ty = 0
    z = len(key)
    for ch in key:
        d = int(ch)
        tx, ty = 2 * tx + (d & 1), 2 * ty + (d >> 1)
    n = 2**z

    def lon(x: int) -> float:
        return x / n * 360.0 - 180.0

    def lat(y: int) -> float:
        return float(np.degrees(np.arctan(np.sinh(np.pi * (1 - 2 * y / n)))))

    w, e, no, s = lon(tx), lon(tx + 1), lat(ty), lat(ty + 1)
    return f"POLYGON(({w:.6f} {no:.6f}, {e:.6f} {no:.6f}, {e:.6f} {s:.6f}, {w:.6f} {s:.6f}, {w:.6f} {no:.6f}))"


def speed_tiles(land: Land, rng: np.random.Generator) -> pd.DataFrame:
    """Ookla-like tiles: tests spread over populated zoom-16 tiles, tests-weighted means."""
    v = land.villages
    # each village's people spread over a few points, so larger villages touch several tiles
    k = 4
    x = np.repeat(v["x"].to_numpy(), k) + rng.normal(0, 250, len(v) * k)
    y = np.repeat(v["y"].to_numpy(), k) + rng.normal(0, 250, len(v) * k)
    w = np.repeat(v["population"].to_numpy(float) / k, k)
    lon, lat = to_lonlat(x, y)
    keys = quadkey(lon, lat)
    pop = pd.Series(w).groupby(keys).sum()
    out = []
    for q, period in enumerate(QUARTERS):
        for kind, pair, per_person in (
            ("mobile", cal.MOBILE_MEDIAN_MBPS, 0.012),
            ("fixed", cal.FIXED_MEDIAN_MBPS, 0.006),
        ):
            tests = rng.poisson(pop.to_numpy() * per_person * (1 + 0.05 * q))
            keep = tests > 0
            t = tests[keep]
            m = len(t)
            sigma = 0.45 if kind == "mobile" else 0.3
            # a tile's mean of t lognormal tests: mean × exp(σ²/2), with less noise for more tests
            dl = trend(pair, q) * np.exp(sigma**2 / 2) * np.exp(rng.normal(0, sigma / np.sqrt(t)))
            out.append(
                pd.DataFrame(
                    {
                        "period": period,
                        "kind": kind,
                        "quadkey": pop.index.to_numpy()[keep],
                        "avg_d_kbps": np.rint(dl * 1000).astype("int64"),
                        "avg_u_kbps": np.rint(
                            dl * 1000 * (0.3 if kind == "mobile" else 0.8)
                        ).astype("int64"),
                        "avg_lat_ms": np.rint(
                            rng.uniform(20, 45, m) if kind == "mobile" else rng.uniform(5, 15, m)
                        ).astype("int64"),
                        "tests": t.astype("int64"),
                        "devices": np.maximum(1, np.rint(t * rng.uniform(0.4, 0.9, m))).astype(
                            "int64"
                        ),
                    }
                )
            )
    df = pd.concat(out, ignore_index=True)
    return df


__all__ = [
    "KINDS",
    "quadkey",
    "speed_tests",
    "speed_tiles",
    "subscriptions",
    "tile_wkt",
    "to_xy",
    "village_services",
]
