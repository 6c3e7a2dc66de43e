"""The synthetic country (`hatang demo DIR --country`): every 2025 province on the real
map — real codes, names, populations, areas and centroids of its 3,321 communes — with
synthetic villages, sites, cells, subscriptions, speeds, services and reported dead
spots whose densities follow each commune's population and area (docs/demo.md, "The
national demo", gives the rules and the national figures they are calibrated to).

Pure: the official units in, frames out; `generate_country(communes, crosswalk, seed)`.
Speed tests (20 M rows and more) are not held at once: `speed_test_chunks` yields them
in chunks for the writer. Everything it makes is synthetic and labelled so.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: the periods of the national demo (the 2025 map)
PERIODS = ("2025Q3", "2025Q4")
#: people per village (thôn, tổ dân phố): about 87,000 villages for 113.7 M people
PEOPLE_PER_VILLAGE = 1_300
#: sites per commune = population / SITE_PEOPLE + area / SITE_KM2 (≈ 100,000 in all)
SITE_PEOPLE, SITE_KM2 = 1_500, 14.0
#: mobile operators' shares of sites (owner) and of subscriptions
OPERATOR_SHARE = {"viettel": 0.50, "vnpt": 0.30, "mobifone": 0.20}
#: share of sites that host a second operator (co-location)
SHARED_SITES = 0.27
#: subscriptions per 100 people (national order of magnitude, 2024–2025)
MOBILE_PER_100, MBB_PER_100, SMARTPHONE_SHARE, FIXED_PER_100 = 128.0, 88.0, 0.93, 24.0
#: median download speeds (Mbit/s) of tests, urban and rural
MOBILE_MEDIAN, FIXED_MEDIAN = (85.0, 55.0), (190.0, 140.0)
#: reported dead spots per 100,000 people
REPORTS_PER_100K = 6.0


@dataclass
class Country:
    """The generated tables (lon/lat WGS 84; codes as strings)."""

    villages: pd.DataFrame  # code, name, commune (2025), old_commune (2024), population, households, adults, lon, lat, urban
    sites: (
        pd.DataFrame
    )  # site_id, name, lon, lat, owner, structure, height_m, commune, first_period
    cells: pd.DataFrame  # cell_id, site_id, operator, technology, band_mhz, bandwidth_mhz, eirp_dbm, azimuth_deg, beamwidth_deg, height_m, first_period
    subscriptions: pd.DataFrame  # period, unit_code, operator, kind, count
    tiles: pd.DataFrame  # period, kind, quadkey, avg_d_kbps, avg_u_kbps, avg_lat_ms, tests, devices
    services: pd.DataFrame  # period, code, name, agency, level, on_national_portal
    dead_spots: (
        pd.DataFrame
    )  # dead_spot_id, lon, lat, village_code, operator, reported_on, description
    seed: int


def _discs(
    rng: np.random.Generator, lon: np.ndarray, lat: np.ndarray, radius_km: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Uniform points in discs of radius_km around (lon, lat)."""
    r = radius_km * np.sqrt(rng.random(len(lon)))
    a = rng.random(len(lon)) * 2 * np.pi
    dlat = r * np.cos(a) / 111.0
    dlon = r * np.sin(a) / (111.0 * np.cos(np.radians(lat)))
    return lon + dlon, lat + dlat


def villages(
    communes: pd.DataFrame, crosswalk: pd.DataFrame, rng: np.random.Generator
) -> pd.DataFrame:
    """Villages per commune (population / PEOPLE_PER_VILLAGE, at least one), placed in a
    disc of 70 % of the commune's equivalent radius around its centroid, its people
    shared at random; each village's 2024 commune drawn by the crosswalk's shares."""
    c = communes.reset_index(drop=True)
    pop = c["population"].fillna(0).astype(float).to_numpy()
    n = np.maximum(1, np.round(pop / PEOPLE_PER_VILLAGE)).astype(int)
    idx = np.repeat(np.arange(len(c)), n)
    k = np.arange(len(idx)) - np.repeat(np.cumsum(n) - n, n)
    share = rng.gamma(4.0, size=len(idx))
    share /= np.bincount(idx, weights=share)[idx]
    people = np.floor(pop[idx] * share).astype(np.int64)
    radius = 0.7 * np.sqrt(c["area_km2"].fillna(1.0).to_numpy(float)[idx] / np.pi)
    lon, lat = _discs(rng, c["lon"].to_numpy(float)[idx], c["lat"].to_numpy(float)[idx], radius)
    code = c["code"].to_numpy()[idx]
    v = pd.DataFrame(
        {
            "code": [f"{cc}{kk + 1:03d}" for cc, kk in zip(code, k, strict=True)],
            "name": [f"Thôn {kk + 1} (mô phỏng)" for kk in k],
            "commune": code,
            "population": people,
            "lon": np.round(lon, 6),
            "lat": np.round(lat, 6),
            "urban": c["urban"].fillna(False).astype(bool).to_numpy()[idx],
        }
    )
    v["households"] = np.round(v["population"] / 3.6).astype(np.int64)
    v["adults"] = np.round(v["population"] * 0.76).astype(np.int64)
    labels = _old_communes(v["commune"], crosswalk, rng)
    v["old_commune"] = _in_sectors(v, labels, c, crosswalk)
    return v


def _old_communes(new: pd.Series, crosswalk: pd.DataFrame, rng: np.random.Generator) -> np.ndarray:
    """A 2024 commune for each village of `new` commune, drawn by the crosswalk's shares."""
    cw = crosswalk[crosswalk["old_code"].str.len() == 5]
    out = np.empty(len(new), dtype=object)
    for code, rows in cw.groupby("new_code", sort=False):
        sel = np.flatnonzero(new.to_numpy() == code)
        if not len(sel):
            continue
        p = rows["share"].fillna(1.0).to_numpy(float)
        p = p / p.sum() if p.sum() > 0 else np.full(len(p), 1 / len(p))
        out[sel] = rng.choice(rows["old_code"].to_numpy(), size=len(sel), p=p)
    return out


def _in_sectors(
    v: pd.DataFrame, labels: np.ndarray, communes: pd.DataFrame, crosswalk: pd.DataFrame
) -> np.ndarray:
    """The drawn 2024 communes rearranged over each 2025 commune's villages so that each
    old commune holds one sector of the disc (as many villages as were drawn for it), not
    villages scattered among its neighbours': its villages then have a centroid of their
    own (`old_commune_centroids`) and points near them are nearest to it. A commune split
    over several new ones is put first, its sector facing its other parts."""
    out = labels.copy()
    centre = communes.set_index("code")[["lon", "lat"]].astype(float)
    cw = crosswalk[crosswalk["old_code"].str.len() == 5]
    cw = cw[cw["new_code"].isin(centre.index)]
    parts = cw.groupby("old_code")["new_code"].agg(list).to_dict()
    new = v["commune"].to_numpy()
    lon, lat = v["lon"].to_numpy(float), v["lat"].to_numpy(float)
    for code, idx in pd.Series(np.arange(len(v))).groupby(new, sort=False).indices.items():
        idx = idx[pd.notna(labels[idx])]
        names, counts = np.unique(labels[idx].astype(str), return_counts=True)
        if len(names) < 2:
            continue
        x0, y0 = centre.loc[code, "lon"], centre.loc[code, "lat"]
        k = np.cos(np.radians(y0))
        facing = {}
        for name in names:
            others = [n for n in parts.get(name, []) if n != code]
            if others:
                ox, oy = centre.loc[others, "lon"].mean(), centre.loc[others, "lat"].mean()
                facing[name] = float(np.arctan2((ox - x0) * k, oy - y0))
        order = sorted(range(len(names)), key=lambda i: (names[i] not in facing, names[i]))
        counts = counts[order]
        names = names[order]
        bearing = np.arctan2((lon[idx] - x0) * k, lat[idx] - y0)
        start = 0.0
        if names[0] in facing:  # the first sector centred on its other parts
            start = facing[names[0]] - np.pi * counts[0] / counts.sum()
        turn = np.mod(bearing - start, 2 * np.pi)
        out[idx[np.argsort(turn, kind="stable")]] = np.repeat(names, counts)
    return out


def old_commune_centroids(v: pd.DataFrame) -> pd.DataFrame:
    """Each 2024 commune's synthetic centroid: the mean of its villages' positions
    weighted by their people (+1, so a commune of empty villages still has one):
    code, lon, lat, population, villages."""
    f = v[v["old_commune"].notna()]
    w = f["population"].to_numpy(float) + 1.0
    g = pd.DataFrame(
        {
            "code": f["old_commune"].astype(str).to_numpy(),
            "w": w,
            "wx": w * f["lon"].to_numpy(float),
            "wy": w * f["lat"].to_numpy(float),
            "population": f["population"].to_numpy(np.int64),
        }
    )
    s = g.groupby("code", sort=True).agg(
        w=("w", "sum"),
        wx=("wx", "sum"),
        wy=("wy", "sum"),
        population=("population", "sum"),
        villages=("w", "size"),
    )
    return pd.DataFrame(
        {
            "code": s.index.to_numpy(),
            "lon": np.round(s["wx"] / s["w"], 6).to_numpy(),
            "lat": np.round(s["wy"] / s["w"], 6).to_numpy(),
            "population": s["population"].to_numpy(),
            "villages": s["villages"].to_numpy(),
        }
    )


def sites_and_cells(
    communes: pd.DataFrame, v: pd.DataFrame, rng: np.random.Generator
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sites per commune (population / SITE_PEOPLE + area / SITE_KM2), seven in ten near
    a village drawn by its people, the others anywhere in the commune's disc; one owner
    and, on SHARED_SITES of them, a second operator; three 4G sectors per operator."""
    c = communes.reset_index(drop=True)
    pop = c["population"].fillna(0).to_numpy(float)
    area = c["area_km2"].fillna(1.0).to_numpy(float)
    n = np.maximum(1, np.round(pop / SITE_PEOPLE + area / SITE_KM2)).astype(int)
    idx = np.repeat(np.arange(len(c)), n)
    radius = 0.8 * np.sqrt(area[idx] / np.pi)
    lon, lat = _discs(rng, c["lon"].to_numpy(float)[idx], c["lat"].to_numpy(float)[idx], radius)
    near = np.flatnonzero(rng.random(len(idx)) < 0.7)
    j = _village_by_people(c["code"].to_numpy()[idx[near]], v, rng)
    lon[near] = v["lon"].to_numpy(float)[j] + rng.normal(0, 0.003, len(near))
    lat[near] = v["lat"].to_numpy(float)[j] + rng.normal(0, 0.003, len(near))
    codes = c["code"].to_numpy()
    ops = list(OPERATOR_SHARE)
    owner = rng.choice(ops, size=len(idx), p=list(OPERATOR_SHARE.values()))
    urban = c["urban"].fillna(False).astype(bool).to_numpy()[idx]
    sites = pd.DataFrame(
        {
            "site_id": [f"S{i:06d}" for i in range(1, len(idx) + 1)],
            "name": [f"Trạm mô phỏng {i}" for i in range(1, len(idx) + 1)],
            "lon": np.round(lon, 6),
            "lat": np.round(lat, 6),
            "owner": owner,
            "structure": np.where(urban, "rooftop", "tower"),
            "height_m": np.where(urban, 25.0, 36.0) + rng.integers(-3, 4, len(idx)),
            "commune": codes[idx],
            "first_period": np.where(rng.random(len(idx)) < 0.02, PERIODS[-1], PERIODS[0]),
        }
    )
    guest = np.where(rng.random(len(idx)) < SHARED_SITES, rng.choice(ops, size=len(idx)), "")
    guest = np.where(guest == owner, "", guest)
    return sites, _cells(sites, guest, rng)


def _village_by_people(
    communes: np.ndarray, v: pd.DataFrame, rng: np.random.Generator
) -> np.ndarray:
    """A village of each given commune, drawn by its people (villages are in commune
    order: one search in the cumulative people over all of them)."""
    w = v["population"].to_numpy(float) + 1.0
    cum = np.cumsum(w)
    first = v.groupby("commune", sort=False).indices
    lo = np.array([first[c][0] for c in communes])
    hi = np.array([first[c][-1] for c in communes])
    base = np.where(lo > 0, cum[np.maximum(lo - 1, 0)], 0.0)
    target = base + rng.random(len(communes)) * (cum[hi] - base)
    return np.minimum(np.searchsorted(cum, target, side="right"), hi)


def _cells(sites: pd.DataFrame, guest: np.ndarray, rng: np.random.Generator) -> pd.DataFrame:
    """Three 1800 MHz 4G sectors per operator on each site."""
    host = np.concatenate([np.arange(len(sites)), np.flatnonzero(guest != "")])
    op = np.concatenate([sites["owner"].to_numpy(), guest[guest != ""]])
    rot = rng.uniform(0, 120, len(host))
    site = np.repeat(host, 3)
    az = (np.repeat(rot, 3) + np.tile([0.0, 120.0, 240.0], len(host))) % 360
    s = sites.iloc[site]
    return pd.DataFrame(
        {
            "cell_id": [f"C{i:07d}" for i in range(1, len(site) + 1)],
            "site_id": s["site_id"].to_numpy(),
            "operator": np.repeat(op, 3),
            "technology": "4G",
            "band_mhz": 1800.0,
            "bandwidth_mhz": 20.0,
            "eirp_dbm": np.round(rng.normal(59.0, 1.0, len(site)), 1),
            "azimuth_deg": np.round(az, 1),
            "beamwidth_deg": 65.0,
            "height_m": s["height_m"].to_numpy(),
            "first_period": s["first_period"].to_numpy(),
        }
    )


def subscriptions(communes: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Counts per commune, period, operator and kind: the national rates per 100 people
    (MOBILE_PER_100, MBB_PER_100, FIXED_PER_100, SMARTPHONE_SHARE), higher in wards."""
    c = communes.reset_index(drop=True)
    pop = c["population"].fillna(0).to_numpy(float)
    urban = c["urban"].fillna(False).astype(bool).to_numpy()
    rows = []
    for q, period in enumerate(PERIODS):
        growth = 1.0 + 0.01 * q
        lift = np.where(urban, 1.10, 0.96) * rng.lognormal(0, 0.05, len(c))
        for op, share in OPERATOR_SHARE.items():
            mobile = pop * MOBILE_PER_100 / 100 * share * lift * growth
            for kind, count in (
                ("mobile", mobile),
                ("mobile-broadband", mobile * MBB_PER_100 / MOBILE_PER_100),
                ("smartphone", mobile * SMARTPHONE_SHARE),
                ("fixed-broadband", pop * FIXED_PER_100 / 100 * share * lift * growth),
                ("ftth", pop * FIXED_PER_100 / 100 * share * lift * growth * 0.97),
            ):
                rows.append(
                    pd.DataFrame(
                        {
                            "period": period,
                            "unit_code": c["code"],
                            "operator": op,
                            "kind": kind,
                            "count": np.round(count).astype(np.int64),
                        }
                    )
                )
    return pd.concat(rows, ignore_index=True)


def _quadkeys(lon: np.ndarray, lat: np.ndarray, zoom: int = 16) -> np.ndarray:
    """Bing quadkeys of zoom-16 tiles (Ookla's open-data tiles)."""
    n = 2**zoom
    x = np.floor((lon + 180.0) / 360.0 * n).astype(np.int64)
    s = np.sin(np.radians(lat))
    y = np.floor((0.5 - np.log((1 + s) / (1 - s)) / (4 * np.pi)) * n).astype(np.int64)
    digits = np.zeros(len(lon), dtype=np.int64)
    out = np.full(len(lon), "", dtype=object)
    for i in range(zoom, 0, -1):
        mask = 1 << (i - 1)
        digits = ((x & mask) != 0).astype(np.int64) + 2 * ((y & mask) != 0).astype(np.int64)
        out = out + digits.astype(str).astype(object)
    return out


def tiles(v: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Ookla-style tiles: one per village and kind and period, the village's tests."""
    key = _quadkeys(v["lon"].to_numpy(float), v["lat"].to_numpy(float))
    urban = v["urban"].to_numpy(bool)
    rows = []
    for period in PERIODS:
        for kind, (u, r) in (("mobile", MOBILE_MEDIAN), ("fixed", FIXED_MEDIAN)):
            f = pd.DataFrame(
                {
                    "quadkey": key,
                    "d": np.where(urban, u, r) * rng.lognormal(0, 0.25, len(v)) * 1000,
                    "t": 1 + rng.poisson(np.maximum(v["population"].to_numpy(float) / 60, 1)),
                }
            )
            g = f.groupby("quadkey", sort=True).agg(d=("d", "mean"), t=("t", "sum")).reset_index()
            rows.append(
                pd.DataFrame(
                    {
                        "period": period,
                        "kind": kind,
                        "quadkey": g["quadkey"],
                        "avg_d_kbps": np.round(g["d"]).astype(np.int64),
                        "avg_u_kbps": np.round(g["d"] * 0.35).astype(np.int64),
                        "avg_lat_ms": 18 + rng.integers(0, 20, len(g)),
                        "tests": g["t"].astype(np.int64),
                        "devices": np.maximum(1, g["t"] // 3).astype(np.int64),
                    }
                )
            )
    return pd.concat(rows, ignore_index=True)


def services(rng: np.random.Generator, n: int = 1_800) -> pd.DataFrame:
    """Public services (a national catalogue), about 55 % fully online."""
    rows = []
    full = rng.random(n) < 0.55
    for q, period in enumerate(PERIODS):
        now = full | (rng.random(n) < 0.03 * q)
        rows.append(
            pd.DataFrame(
                {
                    "period": period,
                    "code": [f"DV{i:05d}" for i in range(1, n + 1)],
                    "name": [f"Thủ tục mô phỏng {i}" for i in range(1, n + 1)],
                    "agency": rng.choice(["Sở KH&CN", "Sở Tư pháp", "Sở Xây dựng", "Công an"], n),
                    "level": np.where(now, "full", "partial"),
                    "on_national_portal": rng.random(n) < 0.97,
                }
            )
        )
    return pd.concat(rows, ignore_index=True)


def dead_spots(v: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Reported dead spots: REPORTS_PER_100K per 100,000 people, at rural villages drawn
    by their people, a few hundred metres off the village point."""
    rural = v[~v["urban"]]
    n = int(round(v["population"].sum() / 100_000 * REPORTS_PER_100K))
    w = rural["population"].to_numpy(float) + 1.0
    pick = rural.iloc[rng.choice(len(rural), size=min(n, len(rural)), replace=False, p=w / w.sum())]
    ops = np.array([None, *OPERATOR_SHARE], dtype=object)
    return pd.DataFrame(
        {
            "dead_spot_id": [f"R{i:05d}" for i in range(1, len(pick) + 1)],
            "lon": np.round(pick["lon"].to_numpy() + rng.normal(0, 0.003, len(pick)), 6),
            "lat": np.round(pick["lat"].to_numpy() + rng.normal(0, 0.003, len(pick)), 6),
            "village_code": pick["code"].to_numpy(),
            "operator": rng.choice(ops, size=len(pick), p=[0.4, 0.3, 0.2, 0.1]),
            "reported_on": "2025-08-15",
            "description": "báo cáo mô phỏng / synthetic report",
        }
    )


def speed_test_chunks(
    v: pd.DataFrame, total: int, seed: int, chunk: int = 2_000_000
) -> Iterator[pd.DataFrame]:
    """`total` crowdsourced speed tests in chunks, spread over the villages by their
    people and over the periods' days; medians MOBILE_MEDIAN / FIXED_MEDIAN (urban,
    rural), log-normal around them; seven in ten mobile."""
    rng = np.random.default_rng(seed + 11)
    p = v["population"].to_numpy(float) + 1.0
    p /= p.sum()
    lon0, lat0 = v["lon"].to_numpy(float), v["lat"].to_numpy(float)
    urban = v["urban"].to_numpy(bool)
    start = pd.Timestamp("2025-07-01").value // 10**9
    span = 184 * 86_400  # 2025Q3 and 2025Q4
    done = 0
    while done < total:
        n = min(chunk, total - done)
        vi = rng.choice(len(v), n, p=p)
        mobile = rng.random(n) < 0.7
        med = np.where(
            mobile,
            np.where(urban[vi], MOBILE_MEDIAN[0], MOBILE_MEDIAN[1]),
            np.where(urban[vi], FIXED_MEDIAN[0], FIXED_MEDIAN[1]),
        )
        dl = med * np.exp(rng.normal(0, 0.55, n)) * 1000
        op = np.where(
            mobile,
            rng.choice(list(OPERATOR_SHARE), n, p=list(OPERATOR_SHARE.values())),
            rng.choice(["vnpt", "viettel", "fixed-other"], n, p=[0.45, 0.45, 0.10]),
        )
        t = pd.to_datetime(start + rng.integers(0, span, n), unit="s")
        yield pd.DataFrame(
            {
                "test_id": np.char.add("T", np.arange(done + 1, done + n + 1).astype(str)),
                "time": t.strftime("%Y-%m-%d %H:%M:%S"),
                "lon": np.round(lon0[vi] + rng.normal(0, 0.002, n), 5),
                "lat": np.round(lat0[vi] + rng.normal(0, 0.002, n), 5),
                "operator": op,
                "kind": np.where(mobile, "mobile", "fixed"),
                "download_kbps": np.round(dl).astype(np.int64),
                "upload_kbps": np.round(dl * 0.4).astype(np.int64),
                "latency_ms": 10 + rng.integers(0, 40, n),
            }
        )
        done += n


def generate_country(communes: pd.DataFrame, crosswalk: pd.DataFrame, seed: int) -> Country:
    """Every table of the synthetic country but the speed tests (`speed_test_chunks`)."""
    rng = np.random.default_rng(seed)
    v = villages(communes, crosswalk, rng)
    sites, cells = sites_and_cells(communes, v, rng)
    return Country(
        villages=v,
        sites=sites,
        cells=cells,
        subscriptions=subscriptions(communes, rng),
        tiles=tiles(v, rng),
        services=services(rng),
        dead_spots=dead_spots(v, rng),
        seed=seed,
    )
