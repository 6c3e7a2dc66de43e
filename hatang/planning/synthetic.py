"""Synthetic planning instances shaped like a province's dead spots (for tests and benchmarks).

Labelled synthetic wherever shown. The shape follows the demo province (BRIEF §4): a
region of about 60 × 50 km, ~300 dead spots of 150–500 m radius whose people sit on a
100 m grid, new-tower candidates on a grid of `spacing_m` over each dead spot's
bounding box plus a margin and at its centroid, and co-location candidates on
existing sites near the dead spots (cheaper, shorter reach). A candidate covers a
demand cell within its reach; reaches vary per candidate to mimic terrain and
clutter. `scale` multiplies the number of dead spots and the area (constant density).

Pure: numpy in, numpy out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.spatial import cKDTree

from hatang.planning.optimise import Sharing


@dataclass
class Instance:
    coverage: sp.csr_matrix
    weight: np.ndarray
    cost: np.ndarray
    kind: np.ndarray  # "new-tower" | "colocation"
    operator: np.ndarray
    sharing: Sharing
    demand_xy: np.ndarray
    candidate_xy: np.ndarray


def dead_spot_instance(
    *,
    scale: float = 1.0,
    dead_spots: int = 300,
    existing_sites: int = 2000,
    spacing_m: float = 500.0,
    margin_m: float = 1000.0,
    seed: int = 137,
) -> Instance:
    rng = np.random.default_rng(seed)
    side = np.sqrt(scale)
    W, H = 60_000.0 * side, 50_000.0 * side
    k = int(round(dead_spots * scale))
    centres = np.column_stack([rng.uniform(0, W, k), rng.uniform(0, H, k)])
    radii = rng.uniform(150, 500, k)
    # demand: 100 m cells inside each dead spot, people per cell
    dxy, dw = [], []
    boxes = []
    for (cx, cy), r in zip(centres, radii, strict=True):
        g = np.arange(-r, r + 1, 100.0)
        gx, gy = np.meshgrid(g, g)
        inside = gx**2 + gy**2 <= r**2
        pts = np.column_stack([cx + gx[inside], cy + gy[inside]])
        dxy.append(pts)
        dw.append(rng.gamma(2.0, 6.0, len(pts)).round())
        boxes.append((pts.min(axis=0) - margin_m, pts.max(axis=0) + margin_m, (cx, cy)))
    demand_xy = np.vstack(dxy)
    weight = np.concatenate(dw)
    # candidates: grid over bbox + margin, plus the centroid
    cxy = []
    for lo, hi, c in boxes:
        gx = np.arange(lo[0], hi[0] + 1, spacing_m)
        gy = np.arange(lo[1], hi[1] + 1, spacing_m)
        mx, my = np.meshgrid(gx, gy)
        cxy.append(np.column_stack([mx.ravel(), my.ravel()]))
        cxy.append(np.array([c]))
    new_xy = np.unique(np.round(np.vstack(cxy), 1), axis=0)
    n_new = len(new_xy)
    # existing sites: clustered towns plus scattered; co-location for 1–3 missing operators
    n_sites = int(round(existing_sites * scale))
    towns = rng.uniform([0, 0], [W, H], (max(1, int(12 * scale)), 2))
    town_of = rng.integers(0, len(towns), n_sites)
    near_town = rng.random(n_sites) < 0.6
    site_xy = np.where(
        near_town[:, None],
        towns[town_of] + rng.normal(0, 2500, (n_sites, 2)),
        rng.uniform([0, 0], [W, H], (n_sites, 2)),
    )
    shared_existing = rng.random(n_sites) < 0.2
    # only sites within 4 km of some dead spot can help
    tree = cKDTree(demand_xy)
    useful = np.array([len(tree.query_ball_point(p, 4000.0)) > 0 for p in site_xy], dtype=bool)
    col_xy, col_host, col_op = [], [], []
    ops = np.array(["viettel", "vnpt", "mobifone", "vietnamobile"])
    for s in np.flatnonzero(useful):
        for op in rng.choice(ops, size=rng.integers(1, 4), replace=False):
            col_xy.append(site_xy[s])
            col_host.append(s)
            col_op.append(op)
    col_xy = np.array(col_xy).reshape(-1, 2)
    n_col = len(col_xy)
    cand_xy = np.vstack([new_xy, col_xy])
    reach = np.concatenate([rng.uniform(1800, 3200, n_new), rng.uniform(1200, 2600, n_col)])
    rows, cols = [], []
    for j, (p, r) in enumerate(zip(cand_xy, reach, strict=True)):
        near = tree.query_ball_point(p, r)
        rows.extend(near)
        cols.extend([j] * len(near))
    A = sp.csr_matrix(
        (np.ones(len(rows), dtype=bool), (rows, cols)), shape=(len(demand_xy), len(cand_xy))
    )
    cost = np.concatenate(
        [np.full(n_new, 1_200_000_000 + 15_000_000 * 36.0), np.full(n_col, 350_000_000.0)]
    )
    kind = np.array(["new-tower"] * n_new + ["colocation"] * n_col)
    operator = np.concatenate([rng.choice(ops, n_new), np.array(col_op, dtype=str)])
    host = np.concatenate([-1 - np.arange(n_new), np.array(col_host, dtype=np.int64)])
    adds_shared = np.concatenate(
        [np.zeros(n_new), (~shared_existing[np.array(col_host, dtype=np.int64)]).astype(float)]
        if n_col
        else [np.zeros(n_new)]
    )
    sharing = Sharing(
        existing_shared=float(shared_existing.sum()),
        existing_total=float(n_sites),
        adds_shared=adds_shared,
        adds_site=(kind == "new-tower").astype(float),
        target=0.30,
        host=host,
    )
    return Instance(A, weight, cost, kind, operator, sharing, demand_xy, cand_xy)
