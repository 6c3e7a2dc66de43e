"""Received power at given points: every (radio, point) pair within the radio's radius,
evaluated in one vectorised pass.

What the planner's coverage matrix and the calibration's predictions at measured
points are made of. The pairs come from one k-d tree over the points, queried for a
block of radios at a time; the received power of all the pairs of a block is then a
handful of numpy operations on pair arrays, with the same float32 arithmetic per
element as a radio-by-radio evaluation (so the values are the same bit for bit).

Pure numpy and scipy; no file or database code.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from hatang.coverage import antenna, propagation
from hatang.coverage.radios import Radios

F32 = NDArray[np.float32]
F64 = NDArray[np.float64]
I64 = NDArray[np.int64]

#: radios queried and evaluated together (bounds the memory of one block of pairs)
RADIOS_PER_BLOCK = 256


@dataclass(frozen=True)
class Pairs:
    """Radio i covers-or-not point j: ``radio[k]``, ``point[k]``, power ``rx[k]`` (dBm)."""

    radio: I64
    point: I64
    rx: F32


def received_at(radios: Radios, radio: I64, px: F64, py: F64) -> F32:
    """Received power of radio[k] at (px[k], py[k]) for every k (float32, no cutoff)."""
    dx = (px - radios.x[radio]).astype(np.float32)
    dy = (py - radios.y[radio]).astype(np.float32)
    d_km = np.sqrt(dx * dx + dy * dy) * np.float32(0.001)
    rx = radios.eirp_eff.astype(np.float32)[radio] - _path_loss(radios, radio, d_km)
    sector = ~np.isnan(radios.azimuth[radio])
    if sector.any():
        r = radio[sector]
        loss = antenna.sector_loss(
            dx[sector],
            dy[sector],
            radios.azimuth[r],
            radios.beamwidth[r],
            radios.max_attenuation_db,
        )
        rx[sector] = rx[sector] - loss.astype(np.float32)
    return rx


def _path_loss(radios: Radios, radio: I64, d_km: F32) -> F32:
    """Path loss (float32) of radio[k] at d_km[k]."""
    if radios.log_line:
        logd = np.log10(np.maximum(d_km, np.float32(propagation.D_MIN_KM)))
        a, b = radios.intercept.astype(np.float32), radios.slope.astype(np.float32)
        loss: F32 = a[radio] + b[radio] * logd
        return loss
    model = propagation.get_model(radios.model)
    out = np.empty(len(radio), dtype=np.float32)
    env = radios.env[radio]
    for e in sorted({str(v) for v in env}):
        sel = env == e
        r = radio[sel]
        out[sel] = model.loss(radios.band[r], radios.height[r], radios.hm, d_km[sel], e)
    return out


def pairs(radios: Radios, px: F64, py: F64) -> Iterator[Pairs]:
    """The (radio, point) pairs within each radio's evaluation radius with their received
    power, a block of radios at a time."""
    live = np.flatnonzero(radios.radius_m > 0)
    if not len(px) or not len(live):
        return
    tree = cKDTree(np.column_stack([px, py]))
    for start in range(0, len(live), RADIOS_PER_BLOCK):
        block = live[start : start + RADIOS_PER_BLOCK]
        centres = np.column_stack([radios.x[block], radios.y[block]])
        near = tree.query_ball_point(centres, radios.radius_m[block])
        counts = np.fromiter((len(n) for n in near), dtype=np.int64, count=len(block))
        if not counts.sum():
            continue
        point = np.concatenate([np.asarray(n, dtype=np.int64) for n in near if n])
        radio = np.repeat(block, counts)
        yield Pairs(radio, point, received_at(radios, radio, px[point], py[point]))


#: points evaluated together against every radio that may be the best for one of them
POINTS_PER_BLOCK = 128
#: cell of the Z-order curve that sorts points into compact blocks (metres)
Z_CELL_M = 250.0
#: points of a block evaluated together, from the best served down
POINTS_PER_GROUP = 32
#: radios used for a first lower bound in each block (the most promising ones)
PROBE_RADIOS = 48
#: slack on the pruning bounds (dB): far above float32 rounding of the path loss
BOUND_SLACK_DB = 0.01


def best_at(radios: Radios, px: F64, py: F64, no_signal: np.float32) -> F32:
    """Best received power over the radios at each point (`no_signal` beyond every
    radius) — the same value, bit for bit, as the maximum over `pairs`.

    Points are taken in blocks of nearby ones. A radio's power before its pattern loss
    (EIRP − path loss) bounds its power from above, that minus the largest pattern loss
    Am from below. In a block, the most promising radios give each point a lower bound;
    a radio whose upper bound at its nearest approach to the block stays under the
    smallest of those cannot be the best anywhere in it and is left out; the others are
    evaluated densely, and only those whose upper bound reaches a point's lower bound
    get their pattern evaluated there."""
    best = np.full(len(px), no_signal, dtype=np.float32)
    if not len(px) or not len(radios):
        return best
    if not radios.log_line:
        for p in pairs(radios, px, py):
            np.maximum.at(best, p.point, p.rx)
        return best
    at = _Positions.of_radios(radios)
    order = _z_order(px, py)
    for start in range(0, len(order), POINTS_PER_BLOCK):
        idx = order[start : start + POINTS_PER_BLOCK]
        best[idx] = _best_block(radios, at, px[idx], py[idx], no_signal)
    return best


@dataclass(frozen=True)
class _Positions:
    """The distinct radio positions (exactly equal x, y: one site) and each radio's."""

    x: F64
    y: F64
    of: I64  # position of each radio

    @classmethod
    def of_radios(cls, radios: Radios) -> _Positions:
        xy = np.column_stack([radios.x, radios.y])
        at, inverse = np.unique(xy, axis=0, return_inverse=True)
        return cls(at[:, 0], at[:, 1], inverse.ravel().astype(np.int64))

    def local(self, near: I64) -> tuple[I64, I64]:
        """(positions used by the radios `near`, each radio's index among them)."""
        used, inverse = np.unique(self.of[near], return_inverse=True)
        return used, inverse.ravel()


def _z_order(px: F64, py: F64) -> I64:
    """Points sorted along a Z-order (Morton) curve over Z_CELL_M cells, so that runs
    of consecutive points are compact blocks."""
    cx = np.floor((px - px.min()) / Z_CELL_M).astype(np.uint64)
    cy = np.floor((py - py.min()) / Z_CELL_M).astype(np.uint64)
    key = np.zeros(len(px), dtype=np.uint64)
    for bit in range(21):
        one = np.uint64(1)
        key |= ((cx >> np.uint64(bit)) & one) << np.uint64(2 * bit)
        key |= ((cy >> np.uint64(bit)) & one) << np.uint64(2 * bit + 1)
    return np.lexsort((py, px, key)).astype(np.int64)


def _best_block(radios: Radios, at: _Positions, px: F64, py: F64, no_signal: np.float32) -> F32:
    """`best_at` for one block of points: the exact best over the most promising radios
    first, then, for the points from the best served down a few at a time, the radios
    whose upper bound can still beat that at the group's weakest point."""
    near = np.flatnonzero(radios.radius_m > 0)
    near, reach = _reach(radios, near, px, py)
    if not len(near):
        return np.full(len(px), no_signal, dtype=np.float32)
    top = min(PROBE_RADIOS, len(near)) - 1
    first = np.argpartition(-reach, top)[: top + 1]
    best = _best_exact(radios, at, near[first], px, py, np.full(len(px), -np.inf, np.float32))
    rest = np.ones(len(near), dtype=bool)
    rest[first] = False
    by_reach = np.argsort(-reach[rest], kind="stable")
    near, reach = near[rest][by_reach], reach[rest][by_reach]
    order = np.argsort(-best, kind="stable")
    for start in range(0, len(order), POINTS_PER_GROUP):
        idx = order[start : start + POINTS_PER_GROUP]
        # the radios that can reach the group's weakest bound: a prefix by reach
        n = int(np.searchsorted(-reach, -(best[idx].min() - BOUND_SLACK_DB), side="right"))
        best[idx] = _best_exact(radios, at, near[:n], px[idx], py[idx], best[idx])
    return np.maximum(best, no_signal)


def _reach(radios: Radios, near: I64, px: F64, py: F64) -> tuple[I64, F64]:
    """The radios of `near` whose radius reaches the points' bounding box, and the most
    power each can bring to any point in it (EIRP − path loss at its nearest approach)."""
    x, y, r = radios.x[near], radios.y[near], radios.radius_m[near]
    gap_x = np.maximum(0.0, np.maximum(px.min() - x, x - px.max()))
    gap_y = np.maximum(0.0, np.maximum(py.min() - y, y - py.max()))
    gap2 = gap_x * gap_x + gap_y * gap_y
    ok = gap2 <= r * r
    near = near[ok]
    d_km = np.maximum(np.sqrt(gap2[ok]) / 1000.0, propagation.D_MIN_KM)
    reach = radios.eirp_eff[near] - (radios.intercept[near] + radios.slope[near] * np.log10(d_km))
    return near, reach


def _best_exact(radios: Radios, at: _Positions, keep: I64, px: F64, py: F64, best: F32) -> F32:
    """`best` raised to the exact best power at the points over the radios `keep`; the
    pattern is evaluated only where a radio's upper bound reaches the best so far."""
    if not len(keep):
        return best
    upper, within, lower, dx, dy, site = _bounds(radios, at, keep, px, py)
    floor = np.maximum(best, lower.max(axis=1))
    i, j = np.nonzero(within & (upper >= floor[:, None]))
    rx = upper[i, j]
    sector = ~np.isnan(radios.azimuth[keep[j]])
    if sector.any():
        k, si, sj = keep[j[sector]], i[sector], site[j[sector]]
        loss = antenna.sector_loss(
            dx[si, sj], dy[si, sj], radios.azimuth[k], radios.beamwidth[k],
            radios.max_attenuation_db,
        )  # fmt: skip
        rx[sector] = rx[sector] - loss.astype(np.float32)
    out = best.copy()
    np.maximum.at(out, i, rx)
    return out


def _bounds(
    radios: Radios, at: _Positions, near: I64, px: F64, py: F64
) -> tuple[F32, NDArray[np.bool_], F32, F32, F32, I64]:
    """(points × radios) upper bound (power before the pattern loss, −inf beyond the
    radius), within the radius, lower bound (upper − Am for sectors), and per (point,
    site) dx, dy with each radio's site — the float32 arithmetic of `received_at`, the
    distance taken once per site (radios at exactly one position)."""
    used, site = at.local(near)
    dx64 = px[:, None] - at.x[used][None, :]
    dy64 = py[:, None] - at.y[used][None, :]
    r = radios.radius_m[near]
    within = (dx64 * dx64 + dy64 * dy64)[:, site] <= (r * r)[None, :]
    dx, dy = dx64.astype(np.float32), dy64.astype(np.float32)
    d_km = np.sqrt(dx * dx + dy * dy) * np.float32(0.001)
    logd = np.log10(np.maximum(d_km, np.float32(propagation.D_MIN_KM)))[:, site]
    a = radios.intercept.astype(np.float32)[near]
    b = radios.slope.astype(np.float32)[near]
    upper = radios.eirp_eff.astype(np.float32)[near] - (a + b * logd)
    upper[~within] = -np.inf
    sector = ~np.isnan(radios.azimuth[near])
    lower = np.where(sector, upper - np.float32(radios.max_attenuation_db), upper)
    return upper, within, lower, dx, dy, site
