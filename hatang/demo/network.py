"""Sites, cells and the holes they leave in 4G coverage (pure, from Land + rng).

Sites are placed near villages in proportion to population, more densely in wards
and townships, more sparsely in the coastal districts; each has a main operator and
about one in five a second (shared). Coverage holes are *designed*: around chosen
rural places every 4G sector that would reach the place (by `radio`, with a safety
margin) is left out, so only 2G/3G serves there — the operators' classic dead spots.
A few former holes get a new 4G site during 2024–2025 (the resolved dead spots).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.spatial import cKDTree
from shapely import contains_xy

from hatang.demo import calibration as cal
from hatang.demo.geometry import to_lonlat
from hatang.demo.radio import bearing_deg, hata_suburban, pair_rsrp, sector_loss, subcarriers
from hatang.demo.villages import Land, largest_remainder
from hatang.model.periods import quarters

QUARTERS = quarters(cal.FIRST_QUARTER, cal.LAST_QUARTER)
OPS = list(cal.OPERATOR_SITE_SHARE)
OP_ABBR = {"viettel": "VT", "vnpt": "VNP", "mobifone": "MBF", "vietnamobile": "VNM"}
THRESHOLD_4G = -115.0
DESIGN_MARGIN_DB = 6.0
#: holes are at least this far apart, and this far from any ward or township village
HOLE_SPACING_M = 5000.0
HOLE_URBAN_DISTANCE_M = 3500.0
#: every old commune keeps at least this many villages with 4G (margin 6 dB), so every
#: commune has 3G/4G as the province reports
MIN_COVERED_VILLAGES = 2
#: districts whose communes are coastal or open fields: fewer sites, holes more likely
SPARSE_DISTRICTS = {"365": 0.75, "366": 0.8, "361": 0.8, "360": 0.9, "359": 0.9}
HOLE_WEIGHT = {
    "366": 4.0,
    "365": 3.0,
    "361": 3.0,
    "360": 1.5,
    "359": 1.2,
    "363": 1.0,
    "364": 0.8,
    "362": 0.6,
}


@dataclass(frozen=True)
class Network:
    sites: pd.DataFrame  # site_id, name, x, y, lon, lat, old_code, new_code, owner, structure, height_m, first_q, urban
    cells: pd.DataFrame  # cell_id, site_id, operator, technology, band_mhz, bandwidth_mhz, eirp_dbm, azimuth_deg, tilt_deg, beamwidth_deg, height_m, first_q, x, y
    holes: pd.DataFrame  # hole_id, x, y, radius_m, resolved_q (-1: still open)
    #: per village: first quarter index with 4G (RSRP ≥ −115 dBm) by the design model, -1 never; best RSRP at the end
    village_4g_from: np.ndarray
    village_best_rsrp: np.ndarray


def _choice(
    rng: np.random.Generator, shares: dict[str, float], n: int, exclude: np.ndarray | None = None
) -> np.ndarray:
    keys = list(shares)
    p = np.array([shares[k] for k in keys])
    if exclude is None:
        return np.array(keys, dtype=object)[rng.choice(len(keys), n, p=p / p.sum())]
    out = []
    for ex in exclude:
        q = np.array([0.0 if k == ex else shares[k] for k in keys])
        out.append(keys[rng.choice(len(keys), p=q / q.sum())])
    return np.array(out, dtype=object)


def place_sites(land: Land, rng: np.random.Generator, n_sites: int) -> pd.DataFrame:
    old = land.old_communes
    weight = old["population"].to_numpy() * np.where(old["urban"], 1.9, 1.0)
    weight = weight * old["district_code"].map(SPARSE_DISTRICTS).fillna(1.0).to_numpy()
    counts = largest_remainder(n_sites, weight, minimum=2)
    v = land.villages
    groups = v.groupby("old_code").indices
    vx, vy, vp = v["x"].to_numpy(), v["y"].to_numpy(), v["population"].to_numpy(float)
    frames = []
    for oc, k in zip(old.itertuples(), counts, strict=True):
        idx = groups[oc.code]
        pick = idx[rng.choice(len(idx), int(k), p=vp[idx] / vp[idx].sum())]
        x, y = vx[pick].copy(), vy[pick].copy()
        ox, oy = rng.normal(0, 280.0, (2, len(pick)))
        inside = contains_xy(land.old_polygons[oc.code], x + ox, y + oy)
        x[inside] += ox[inside]
        y[inside] += oy[inside]
        frames.append(
            pd.DataFrame(
                {
                    "old_code": oc.code,
                    "new_code": oc.new_code,
                    "urban": bool(oc.urban),
                    "commune_name": oc.name,
                    "k": np.arange(len(pick)),
                    "x": x,
                    "y": y,
                }
            )
        )
    s = pd.concat(frames, ignore_index=True)
    s["site_id"] = [f"NDH{i + 1:05d}" for i in range(len(s))]
    return _site_attributes(s, rng)


def _site_attributes(s: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    n = len(s)
    from hatang.model.names import clean_spaces

    base = (
        s["commune_name"].str.replace(r"^(Phường|Thị trấn|Xã)\s+", "", regex=True).map(clean_spaces)
    )
    s["name"] = base + " " + (s["k"] + 1).astype(str)
    u = rng.random(n)
    urban = s["urban"].to_numpy()
    s["structure"] = np.where(
        urban,
        np.where(u < 0.6, "rooftop", np.where(u < 0.8, "tower", "pole")),
        np.where(u < 0.74, "tower", np.where(u < 0.97, "pole", "rooftop")),
    )
    h = np.select(
        [s["structure"] == "rooftop", s["structure"] == "pole", s["structure"] == "tower"],
        [rng.uniform(15, 28, n), rng.uniform(15, 21, n), rng.uniform(27, 45, n)],
    )
    s["height_m"] = np.round(h, 0)
    s["owner"] = _choice(rng, cal.OPERATOR_SITE_SHARE, n)
    s["lon"], s["lat"] = to_lonlat(s["x"], s["y"])
    s["first_q"] = 0
    return s.drop(columns=["commune_name", "k"])


def _growth(s: pd.DataFrame, rng: np.random.Generator, n_first: int) -> None:
    late = rng.choice(len(s), len(s) - n_first, replace=False)
    s.loc[s.index[late], "first_q"] = rng.integers(1, len(QUARTERS), len(late))


def tenancies(s: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """(site, operator, first quarter): the owner from the start, guests on shared sites."""
    n = len(s)
    t = [pd.DataFrame({"site_id": s["site_id"], "operator": s["owner"], "first_q": s["first_q"]})]
    n_shared = int(round(cal.SHARED_SHARE * n))
    shared = rng.choice(n, n_shared, replace=False)
    guest = _choice(rng, cal.OPERATOR_SITE_SHARE, n_shared, exclude=s["owner"].to_numpy()[shared])
    first = s["first_q"].to_numpy()[shared].copy()
    # sharing grows: some guests arrive later than the site
    n_first_shared = int(round(cal.SHARED_SHARE_FIRST * (s["first_q"] == 0).sum()))
    early = np.flatnonzero(first == 0)
    late = rng.choice(early, max(0, len(early) - n_first_shared), replace=False)
    first[np.isin(np.arange(n_shared), late)] = rng.integers(1, len(QUARTERS), len(late))
    t.append(
        pd.DataFrame(
            {"site_id": s["site_id"].to_numpy()[shared], "operator": guest, "first_q": first}
        )
    )
    third = shared[rng.random(n_shared) < 0.08]
    owners = dict(zip(s["site_id"], s["owner"], strict=True))
    taken = {(a, b) for a, b in zip(t[1]["site_id"], t[1]["operator"], strict=True)}
    rows = []
    for i in third:
        sid = s["site_id"].iloc[i]
        for op in OPS:
            if op != owners[sid] and (sid, op) not in taken:
                rows.append(
                    (sid, op, int(max(first[np.flatnonzero(shared == i)[0]], s["first_q"].iloc[i])))
                )
                break
    t.append(pd.DataFrame(rows, columns=["site_id", "operator", "first_q"]))
    return pd.concat(t, ignore_index=True)


def make_cells(s: pd.DataFrame, ten: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    site = s.set_index("site_id")[["urban", "structure", "height_m", "x", "y"]].to_dict("index")
    out = []
    for row in ten.itertuples(index=False):
        st = site[row.site_id]
        urban = bool(st["urban"])
        abbr = OP_ABBR[row.operator]
        layers = [
            (
                "4G",
                "L18",
                1800.0,
                15.0 if row.operator == "vietnamobile" else 20.0,
                (54, 58) if urban else (56, 60),
            )
        ]
        if urban and row.operator in ("viettel", "vnpt", "mobifone") and rng.random() < 0.6:
            layers.append(("4G", "L26", 2600.0, 20.0, (53, 56)))
        if rng.random() < 0.7:
            band = (
                900.0 if row.operator == "viettel" and not urban and rng.random() < 0.5 else 2100.0
            )
            layers.append(("3G", "U21" if band == 2100 else "U9", band, 5.0, (54, 58)))
        no_legacy = not any(layer[0] == "3G" for layer in layers)
        if rng.random() < (0.5 if row.operator == "viettel" else 0.25) or no_legacy:
            # every tenant keeps a 2G/3G layer, so no tenant vanishes where 4G is left out
            layers.append(("2G", "G9", 900.0, 0.2, (52, 56)))
        if (
            urban
            and row.operator in ("viettel", "vnpt")
            and st["structure"] == "rooftop"
            and rng.random() < 0.25
        ):
            layers.append(("5G", "N35", 3500.0, 100.0, (62, 66)))
        base = rng.normal(0, 12)
        for tech, tag, band, bw, (e0, e1) in layers:
            first = (
                row.first_q
                if tech != "5G"
                else max(row.first_q, int(rng.integers(4, len(QUARTERS))))
            )
            for k, az in enumerate((0.0, 120.0, 240.0)):
                out.append(
                    (
                        f"{row.site_id}-{abbr}-{tag}-{k + 1}",
                        row.site_id,
                        row.operator,
                        tech,
                        band,
                        bw,
                        round(float(rng.uniform(e0, e1)), 1),
                        round(float((az + base + rng.normal(0, 5)) % 360), 0),
                        round(float(rng.uniform(2, 6)), 0),
                        65.0,
                        float(st["height_m"]),
                        first,
                        st["x"],
                        st["y"],
                    )
                )
    cols = [
        "cell_id",
        "site_id",
        "operator",
        "technology",
        "band_mhz",
        "bandwidth_mhz",
        "eirp_dbm",
        "azimuth_deg",
        "tilt_deg",
        "beamwidth_deg",
        "height_m",
        "first_q",
        "x",
        "y",
    ]
    return pd.DataFrame(out, columns=cols)


def _arrays(c: pd.DataFrame) -> dict[str, np.ndarray]:
    return {
        k: c[k].to_numpy(float)
        for k in ("x", "y", "eirp_dbm", "band_mhz", "bandwidth_mhz", "height_m", "azimuth_deg")
    }


def _reaches_hole(c: pd.DataFrame, hx: float, hy: float, r_m: float) -> np.ndarray:
    """True for cells whose RSRP could reach −115 dBm − margin anywhere in the hole disc."""
    dx, dy = hx - c["x"].to_numpy(), hy - c["y"].to_numpy()
    d = np.hypot(dx, dy)
    half = np.degrees(np.arcsin(np.clip(r_m / np.maximum(d, 1.0), 0, 1)))
    off = np.abs((bearing_deg(dx, dy) - c["azimuth_deg"].to_numpy() + 180) % 360 - 180)
    pattern = sector_loss(np.maximum(off - half, 0.0))
    edge_km = np.maximum(d - r_m, 50.0) / 1000.0
    level = c["eirp_dbm"].to_numpy() - 10 * np.log10(subcarriers(c["bandwidth_mhz"].to_numpy()))
    level = (
        level - hata_suburban(c["band_mhz"].to_numpy(), c["height_m"].to_numpy(), edge_km) - pattern
    )
    return (level >= THRESHOLD_4G - DESIGN_MARGIN_DB) | (d <= r_m + 300.0)


def village_coverage(cells: pd.DataFrame, v: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per village: first quarter index with 4G (−1 never) and best 4G RSRP in the last quarter.

    Coverage comes from hatang.coverage (the authority, default settings: −115 dBm);
    the RSRP ranking from the design model.
    """
    from hatang.coverage import engine
    from hatang.settings import CoverageSettings

    c4 = cells[cells["technology"] == "4G"].reset_index(drop=True)
    pts = v[["x", "y"]].to_numpy(float)
    m = engine.coverage_matrix(c4, pts, CoverageSettings()).tocoo()
    first = np.full(len(v), 10**6)
    np.minimum.at(first, m.row, c4["first_q"].to_numpy()[m.col])
    # best RSRP (design model) where it matters: villages without 4G and the weakest covered ones
    best = np.full(len(v), np.nan)
    far = cKDTree(c4[["x", "y"]].to_numpy()).query(pts)[0]
    rank = np.flatnonzero((first == 10**6) | (far > 1200.0))
    pi, ci, val = pair_rsrp(_arrays(c4), pts[rank, 0], pts[rank, 1], max_km=6.0)
    sub = np.full(len(rank), -200.0)
    np.maximum.at(sub, pi, val)
    best[rank] = sub
    return np.where(first == 10**6, -1, first), best


def design_holes(
    land: Land, sites: pd.DataFrame, cells: pd.DataFrame, rng: np.random.Generator
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Remove 4G sectors around chosen rural places until enough villages lack 4G."""
    v = land.villages
    rural = v[~v["urban"]]
    w = (
        rural["old_code"]
        .map(land.old_communes.set_index("code")["district_code"])
        .map(HOLE_WEIGHT)
        .fillna(0.5)
    )
    order = rng.choice(len(rural), len(rural), replace=False, p=(w / w.sum()).to_numpy())
    urban_tree = cKDTree(v.loc[v["urban"], ["x", "y"]].to_numpy())
    vxy = v[["x", "y"]].to_numpy()
    vtree = cKDTree(vxy)
    keep4g = np.ones(len(cells), dtype=bool)
    is4g = cells["technology"].isin(["4G", "5G"]).to_numpy()
    cxy = cells[["x", "y"]].to_numpy()
    ctree = cKDTree(cxy)
    holes: list[tuple[float, float, float]] = []
    rx, ry = rural["x"].to_numpy(), rural["y"].to_numpy()
    uncovered = np.zeros(len(v), dtype=bool)
    strong = np.ones(len(v), dtype=bool)
    commune_of, commune_codes = pd.factorize(v["old_code"])
    n_communes = len(commune_codes)
    extra = 0
    for idx in order:
        if uncovered.sum() >= cal.HOLE_VILLAGES:
            # a few more holes, to be resolved by a new site during 2024–2025
            if extra == cal.DEAD_SPOTS_RESOLVED:
                break
        was_enough = uncovered.sum() >= cal.HOLE_VILLAGES
        hx, hy = rx[idx], ry[idx]
        if (
            holes
            and np.min(
                np.hypot(hx - np.array([h[0] for h in holes]), hy - np.array([h[1] for h in holes]))
            )
            < HOLE_SPACING_M
        ):
            continue
        if urban_tree.query([hx, hy])[0] < HOLE_URBAN_DISTANCE_M:
            continue
        r = float(rng.uniform(650, 1000))
        near = np.array(ctree.query_ball_point([hx, hy], r=7000.0), dtype=np.int64)
        near = near[is4g[near] & keep4g[near]]
        drop = near[_reaches_hole(cells.iloc[near], hx, hy, r)]
        keep4g[drop] = False
        # recompute the villages around this hole
        around = np.array(vtree.query_ball_point([hx, hy], r=6000.0), dtype=np.int64)
        live = cells[is4g & keep4g]
        sub = live.iloc[ctree_subset(live, hx, hy, 11000.0)]
        pi, ci, val = pair_rsrp(_arrays(sub), vxy[around, 0], vxy[around, 1])
        best = np.full(len(around), -200.0)
        np.maximum.at(best, pi, val)
        before = strong[around].copy()
        strong[around] = best >= THRESHOLD_4G + 6.0
        touched = np.unique(commune_of[around])
        if (
            np.bincount(commune_of[strong], minlength=n_communes)[touched] < MIN_COVERED_VILLAGES
        ).any():
            keep4g[drop] = True  # this hole would leave a commune without 4G: give it up
            strong[around] = before
            continue
        uncovered[around] = best < THRESHOLD_4G
        holes.append((hx, hy, r))
        if was_enough:
            extra += 1
    hole_df = pd.DataFrame(holes, columns=["x", "y", "radius_m"])
    hole_df.insert(0, "hole_id", [f"H{i + 1:03d}" for i in range(len(hole_df))])
    hole_df["resolved_q"] = -1
    hole_df["to_resolve"] = np.arange(len(hole_df)) >= len(hole_df) - extra
    return cells[~is4g | keep4g].reset_index(drop=True), hole_df


def ctree_subset(c: pd.DataFrame, x: float, y: float, r: float) -> np.ndarray:
    return np.flatnonzero(np.hypot(c["x"].to_numpy() - x, c["y"].to_numpy() - y) <= r)


def resolve_holes(
    sites: pd.DataFrame,
    cells: pd.DataFrame,
    holes: pd.DataFrame,
    land: Land,
    rng: np.random.Generator,
    n: int,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Give n holes a new 4G site (added in 2024Q3–2025Q3): the dead spots operators resolved."""
    if n == 0:
        return sites, cells, holes
    pick = np.flatnonzero(holes["to_resolve"].to_numpy())[:n]
    holes = holes.copy()
    new_sites, new_cells = [], []
    old = land.old_communes.set_index("code")
    for k, h in enumerate(pick):
        hx, hy = holes["x"].iloc[h], holes["y"].iloc[h]
        q = int(rng.integers(2, len(QUARTERS) - 1))
        holes.loc[holes.index[h], "resolved_q"] = q
        oc = next((c for c, p in land.old_polygons.items() if contains_xy(p, hx, hy)), None)
        if oc is None:
            continue
        op = str(_choice(rng, cal.OPERATOR_SITE_SHARE, 1)[0])
        sid = f"NDH{90001 + k:05d}"
        lon, lat = to_lonlat(np.array([hx]), np.array([hy]))
        new_sites.append(
            {
                "site_id": sid,
                "name": f"Xóa lõm {holes['hole_id'].iloc[h]}",
                "x": hx,
                "y": hy,
                "lon": float(lon[0]),
                "lat": float(lat[0]),
                "old_code": oc,
                "new_code": old.loc[oc, "new_code"],
                "urban": False,
                "owner": op,
                "structure": "tower",
                "height_m": 36.0,
                "first_q": q,
            }
        )
        for j, az in enumerate((0.0, 120.0, 240.0)):
            new_cells.append(
                {
                    "cell_id": f"{sid}-{OP_ABBR[op]}-L18-{j + 1}",
                    "site_id": sid,
                    "operator": op,
                    "technology": "4G",
                    "band_mhz": 1800.0,
                    "bandwidth_mhz": 20.0,
                    "eirp_dbm": 59.0,
                    "azimuth_deg": az,
                    "tilt_deg": 3.0,
                    "beamwidth_deg": 65.0,
                    "height_m": 36.0,
                    "first_q": q,
                    "x": hx,
                    "y": hy,
                }
            )
    return (
        pd.concat([sites, pd.DataFrame(new_sites)], ignore_index=True),
        pd.concat([cells, pd.DataFrame(new_cells)], ignore_index=True),
        holes,
    )


def build_network(land: Land, rng: np.random.Generator) -> Network:
    n_sites = cal.SITES - cal.DEAD_SPOTS_RESOLVED
    sites = place_sites(land, rng, n_sites)
    _growth(sites, rng, cal.SITES_FIRST)
    ten = tenancies(sites, rng)
    cells = make_cells(sites, ten, rng)
    cells, holes = design_holes(land, sites, cells, rng)
    sites, cells, holes = resolve_holes(sites, cells, holes, land, rng, cal.DEAD_SPOTS_RESOLVED)
    first, best = village_coverage(cells, land.villages)
    sites["urban_2024"] = (
        sites["old_code"].map(land.old_communes.set_index("code")["urban"]).astype(bool)
    )
    sites["urban_2025"] = (
        sites["new_code"].map(land.new_communes.set_index("code")["urban"]).astype(bool)
    )
    return Network(sites, cells, holes, first, best)


STRUCTURE_KINDS = {
    "power-tower": ("EVNNPC - Công ty Điện lực Nam Định", (32, 48)),
    "water-tower": ("Công ty CP Nước sạch Nam Định", (20, 30)),
    "public-building": ("UBND xã", (12, 20)),
}


def structures(land: Land, holes: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Other-sector structures that could carry antennas: spread over the communes, and a
    few near every hole (the candidates a planner can share instead of building)."""
    old = land.old_communes
    rows = []
    for oc in old.itertuples():
        k = 1 + int(rng.random() < 0.3)
        pts = _points_in(land, oc.code, k, rng)
        for p in pts:
            kind = str(rng.choice(list(STRUCTURE_KINDS), p=[0.35, 0.25, 0.40]))
            rows.append((kind, p[0], p[1], oc.name))
    for h in holes.itertuples():
        for _ in range(int(rng.integers(1, 4))):
            ang, dist = rng.uniform(0, 2 * np.pi), rng.uniform(0, 1.2 * h.radius_m)
            rows.append(("power-tower", h.x + dist * np.sin(ang), h.y + dist * np.cos(ang), ""))
    df = pd.DataFrame(rows, columns=["kind", "x", "y", "commune"])
    lo, hi = zip(*[STRUCTURE_KINDS[k][1] for k in df["kind"]], strict=True)
    df["height_m"] = np.round(rng.uniform(np.array(lo), np.array(hi)), 0)
    df["owner"] = [
        STRUCTURE_KINDS[k][0] + (f" {c.split(' ', 1)[-1]}" if k == "public-building" and c else "")
        for k, c in zip(df["kind"], df["commune"], strict=True)
    ]
    df["lon"], df["lat"] = to_lonlat(df["x"], df["y"])
    df.insert(0, "structure_id", [f"CT{i + 1:04d}" for i in range(len(df))])
    return df.drop(columns=["commune"])


def _points_in(land: Land, code: str, k: int, rng: np.random.Generator) -> np.ndarray:
    from hatang.demo.geometry import random_points_in

    return random_points_in(land.old_polygons[code], k, rng)
