"""Received power over the terrain at given points (measurements, not grid cells).

What calibration predicts at each drive or speed test when the run has terrain: the
flat model's power of every radio within its radius (`points.received_at`, exact at
the point) minus its site's terrain loss at the grid cell holding the point — the
same loss the grid run subtracts there (`terrain_grid.site_loss`), so that the offset
fitted is the one the grid run needs and the terrain's loss is not counted twice.

Site by site (memory: one site's window at a time). Pure numpy and scipy.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from hatang.coverage import points as points_
from hatang.coverage.grid import Grid
from hatang.coverage.radios import Radios
from hatang.coverage.sites import group_sites, windows
from hatang.coverage.terrain_grid import Terrain, point_loss, site_radio

F32 = NDArray[np.float32]
F64 = NDArray[np.float64]


def best_over_terrain(
    t: Terrain, grid: Grid, radios: Radios, px: F64, py: F64, no_signal: np.float32
) -> F32:
    """Best received power at each point with the terrain's loss subtracted
    (`no_signal` beyond every radius); points off the grid take no terrain loss."""
    best = np.full(len(px), no_signal, dtype=np.float32)
    sites = group_sites(radios)
    if not len(px) or not len(sites):
        return best
    win = windows(sites, grid)
    col = np.floor((px - grid.x0) / grid.res).astype(np.int64)
    row = np.floor((grid.y1 - py) / grid.res).astype(np.int64)
    tree = cKDTree(np.column_stack([px, py]))
    for s in range(len(sites)):
        near = np.asarray(tree.query_ball_point((sites.x[s], sites.y[s]), sites.radius_m[s]))
        if not near.size:
            continue
        r0, r1, c0, c1 = (int(v) for v in win[s])
        at = np.zeros(near.size, dtype=np.float32)
        inside = (row[near] >= r0) & (row[near] < r1) & (col[near] >= c0) & (col[near] < c1)
        if inside.any():
            site = site_radio(radios, sites, s)
            cells = near[inside]
            at[inside] = point_loss(t, grid, site, (r0, r1, c0, c1), row[cells], col[cells])
        idx = sites.radios_of(s)
        radio = np.repeat(idx, near.size)
        point = np.tile(near, idx.size)
        d = np.hypot(px[point] - radios.x[radio], py[point] - radios.y[radio])
        ok = d <= radios.radius_m[radio]
        rx = points_.received_at(radios, radio[ok], px[point[ok]], py[point[ok]])
        rx -= np.tile(at, idx.size)[ok]
        np.maximum.at(best, point[ok], rx)
    return best
