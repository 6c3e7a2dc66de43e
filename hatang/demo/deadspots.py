"""The operators' reported dead-spot list (pure).

Most reports sit on villages the network really leaves without 4G; a few were
resolved by a new site during 2024–2025; a few point where the model finds 4G
(operators' lists are imperfect: indoor complaints, a weak edge, an old report).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from hatang.demo import calibration as cal
from hatang.demo.geometry import to_lonlat
from hatang.demo.network import OPS, QUARTERS, Network
from hatang.demo.villages import Land
from hatang.model.periods import period_start


def _date_between(rng: np.random.Generator, a: dt.date, b: dt.date) -> dt.date:
    return a + dt.timedelta(days=int(rng.integers(0, max(1, (b - a).days))))


def reported_dead_spots(land: Land, net: Network, rng: np.random.Generator) -> pd.DataFrame:
    v = land.villages.reset_index(drop=True)
    first = net.village_4g_from
    never = np.flatnonzero(first < 0)
    # the deepest holes first: operators know those best
    never = never[
        np.argsort(np.nan_to_num(net.village_best_rsrp[never], nan=-200.0), kind="stable")
    ]
    n_resolved = cal.DEAD_SPOTS_RESOLVED
    n_elsewhere = cal.DEAD_SPOTS_ELSEWHERE
    n_open = cal.DEAD_SPOTS_REPORTED - n_resolved - n_elsewhere
    open_idx = never[: min(n_open, len(never))]
    if len(open_idx) < n_open:  # a second operator reports some of the same villages
        open_idx = np.r_[open_idx, rng.choice(never, n_open - len(open_idx))]
    late = np.flatnonzero(first > 0)
    late = late[
        np.isin(first[late], net.holes.loc[net.holes["resolved_q"] > 0, "resolved_q"].to_numpy())
    ]
    resolved_idx = (
        rng.choice(late, min(n_resolved, len(late)), replace=False)
        if len(late)
        else np.empty(0, dtype=int)
    )
    covered = np.flatnonzero(
        (first == 0)
        & ~v["urban"].to_numpy()
        & (np.nan_to_num(net.village_best_rsrp, nan=0.0) < -100)
    )
    if len(covered) < n_elsewhere:
        covered = np.flatnonzero((first == 0) & ~v["urban"].to_numpy())
    elsewhere_idx = rng.choice(covered, n_elsewhere, replace=False)
    rows = []
    kinds = [("open", open_idx), ("resolved", resolved_idx), ("elsewhere", elsewhere_idx)]
    for kind, idx in kinds:
        for i in idx:
            x = v.loc[i, "x"] + float(np.clip(rng.normal(0, 80), -150, 150))
            y = v.loc[i, "y"] + float(np.clip(rng.normal(0, 80), -150, 150))
            reported = _date_between(rng, dt.date(2023, 7, 1), dt.date(2025, 9, 30))
            resolved = None
            if kind == "resolved":
                q = int(first[i])
                start = period_start(QUARTERS[q])
                reported = _date_between(rng, dt.date(2023, 7, 1), start - dt.timedelta(days=30))
                resolved = _date_between(rng, start, start + dt.timedelta(days=85))
            op = (
                None
                if rng.random() < 0.3
                else str(rng.choice(OPS, p=list(cal.OPERATOR_SUBS_SHARE.values())))
            )
            rows.append(
                {
                    "x": x,
                    "y": y,
                    "village_code": v.loc[i, "code"],
                    "operator": op,
                    "reported_on": reported,
                    "resolved_on": resolved,
                    "kind": kind,
                    "description": f"Không có sóng 4G tại {v.loc[i, 'name']}"
                    if kind != "elsewhere"
                    else f"Sóng yếu trong nhà tại {v.loc[i, 'name']}",
                }
            )
    df = pd.DataFrame(rows)
    df = df.sort_values(["reported_on", "village_code"], kind="stable").reset_index(drop=True)
    df.insert(0, "dead_spot_id", [f"DS{i + 1:04d}" for i in range(len(df))])
    lon, lat = to_lonlat(df["x"], df["y"])
    df["lon"], df["lat"] = np.round(lon, 6), np.round(lat, 6)
    return df
