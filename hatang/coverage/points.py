"""Received power at given points: every (radio, point) pair within the radio's radius,
evaluated in one vectorised pass.

What the planner's coverage matrix and the calibration's predictions at measured
points are made of. For the matrix (`pairs`) the pairs come from one k-d tree over the
points, queried for a block of radios at a time; for the best power at each point
(`best_at`) from a k-d tree over the sites and tiles of points, pruned by bounds. Either
way the received power of the pairs is a handful of numpy operations on pair arrays,
with the same float32 arithmetic per element as a radio-by-radio evaluation (so the
values are the same bit for bit).

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


#: nearest sites of each point evaluated exactly first: their best is its lower bound
PROBE_SITES = 3
#: tiles of points (metres) whose candidate sites are found together
TILE_M = 2000.0
#: points handled together (bounds the memory of their pair arrays)
POINTS_PER_CHUNK = 16384
#: slack on the site bounds (dB): far above float32 rounding of the path loss
BOUND_SLACK_DB = 0.01


def best_at(radios: Radios, px: F64, py: F64, no_signal: np.float32) -> F32:
    """Best received power over the radios at each point (`no_signal` beyond every
    radius) — the same value, bit for bit, as the maximum over `pairs`.

    Per site (radios at exactly one position), EIRP − A − B log10 d with the site's
    largest EIRP − A bounds every one of its radios' power at distance d from above
    (pattern loss ≥ 0). Each point's nearest sites (`PROBE_SITES`, one k-d tree over
    the sites) are evaluated exactly: their best is a lower bound on the point's best.
    Only the sites whose bound reaches it are then evaluated, and of their radios only
    those whose power before the pattern (float32, as `received_at`) reaches it get
    their pattern; distance is taken once per (point, site) and bearing once per
    (point, site) that has a sector left to evaluate."""
    best = np.full(len(px), no_signal, dtype=np.float32)
    live = np.flatnonzero(radios.radius_m > 0)
    if not len(px) or not len(live):
        return best
    if not radios.log_line:
        for p in pairs(radios, px, py):
            np.maximum.at(best, p.point, p.rx)
        return best
    sites = _Sites.of_radios(radios, live)
    tree = cKDTree(np.column_stack([sites.x, sites.y]))
    finite = np.flatnonzero(np.isfinite(px) & np.isfinite(py))
    for start in range(0, len(finite), POINTS_PER_CHUNK):
        idx = finite[start : start + POINTS_PER_CHUNK]
        best[idx] = np.maximum(_best_chunk(radios, sites, tree, px[idx], py[idx]), no_signal)
    return best


@dataclass(frozen=True)
class _Sites:
    """The distinct positions of the live radios (exactly equal x, y), each with its
    radios ``members[start[s] : start[s] + count[s]]`` and the constants of its bound.

    A radio's power before its pattern, EIRP_eff − A − B log10 d, is at most
    c − B log10 d with c the largest EIRP_eff − A of its site; it reaches a floor F
    only within d ≤ 10^((c − F) / B), which for any B in [B_lo, B_hi] (over all the
    radios) is at most max(10^((c − F) / B_lo), 10^((c − F) / B_hi)): a product of
    a site factor and a floor factor, so the bound needs no logarithm per pair."""

    x: F64
    y: F64
    start: I64
    count: I64
    members: I64
    radius2: F64  # largest radius of its radios, squared (m²)
    lo2: F64  # 10^(2c / B_lo) and 10^(2c / B_hi) (km²)
    hi2: F64
    slope_lo: float
    slope_hi: float

    def __len__(self) -> int:
        return len(self.x)

    @classmethod
    def of_radios(cls, radios: Radios, live: I64) -> _Sites:
        xy = np.column_stack([radios.x[live], radios.y[live]])
        at, inverse = np.unique(xy, axis=0, return_inverse=True)
        site = inverse.ravel()
        members = live[np.argsort(site, kind="stable")]
        count = np.bincount(site, minlength=len(at)).astype(np.int64)
        start = np.cumsum(count) - count
        base = np.maximum.reduceat((radios.eirp_eff - radios.intercept)[members], start)
        radius = np.maximum.reduceat(radios.radius_m[members], start)
        lo, hi = float(radios.slope[members].min()), float(radios.slope[members].max())
        if lo > 0:  # never 0, so that an infinite floor factor gives inf, not NaN
            with np.errstate(over="ignore"):
                lo2 = np.maximum(10.0 ** (2 * base / lo), 1e-300)
                hi2 = np.maximum(10.0 ** (2 * base / hi), 1e-300)
        else:  # no distance law to bound with: every site within its radius
            lo2 = hi2 = np.full(len(at), np.inf)
        return cls(at[:, 0], at[:, 1], start, count, members, radius * radius, lo2, hi2, lo, hi)

    def floor_factors(self, floor: F32 | F64) -> tuple[F64, F64]:
        """10^(−2F / B_lo) and 10^(−2F / B_hi) of floors F (slack taken off)."""
        f = np.asarray(floor, dtype=np.float64) - BOUND_SLACK_DB
        if not self.slope_lo > 0:
            return np.ones_like(f), np.ones_like(f)
        with np.errstate(over="ignore"):
            return 10.0 ** (-2 * f / self.slope_lo), 10.0 ** (-2 * f / self.slope_hi)

    def reach2(self, site: I64 | slice, lo: F64, hi: F64) -> F64:
        """Squared distance (m²) within which a radio of `site` may reach the floor of
        factors `lo`, `hi` (broadcast), capped at the site's radius."""
        with np.errstate(over="ignore"):
            d2 = np.maximum(self.lo2[site] * lo, self.hi2[site] * hi) * (1e6 * (1 + 1e-6))
        out: F64 = np.minimum(d2, self.radius2[site] * (1 + 1e-9))
        return out


def _best_chunk(radios: Radios, sites: _Sites, tree: cKDTree, px: F64, py: F64) -> F32:
    """`best_at` for a chunk of points (−inf where no radio reaches)."""
    n = len(px)
    probe = min(PROBE_SITES, len(sites))
    _, near = tree.query(np.column_stack([px, py]), probe)
    best = np.full(n, -np.inf, dtype=np.float32)
    near = near.reshape(n, probe)
    point, site = np.repeat(np.arange(n), probe), near.reshape(-1)
    _raise(best, radios, sites, point, site, px[point] - sites.x[site], py[point] - sites.y[site])
    # tiles of points: the sites whose bound at their nearest approach to a tile reaches
    # the tile's weakest point, then of those the ones that reach each point
    col = np.floor((px - px.min()) / TILE_M).astype(np.int64)
    row = np.floor((py - py.min()) / TILE_M).astype(np.int64)
    tiles, tile = np.unique(row * (int(col.max()) + 1) + col, return_inverse=True)
    order = np.argsort(tile.ravel(), kind="stable")
    count = np.bincount(tile.ravel(), minlength=len(tiles))
    first = np.cumsum(count) - count
    x, y = px[order], py[order]
    x0, x1 = np.minimum.reduceat(x, first), np.maximum.reduceat(x, first)
    y0, y1 = np.minimum.reduceat(y, first), np.maximum.reduceat(y, first)
    lo, hi = sites.floor_factors(np.minimum.reduceat(best[order], first))
    gap_x = np.maximum(np.maximum(x0[:, None] - sites.x, sites.x - x1[:, None]), 0.0)
    gap_y = np.maximum(np.maximum(y0[:, None] - sites.y, sites.y - y1[:, None]), 0.0)
    maybe = gap_x * gap_x + gap_y * gap_y <= sites.reach2(slice(None), lo[:, None], hi[:, None])
    t, site = np.nonzero(maybe)
    # every point of tile t against site: (point, site) pairs
    per = count[t]
    start = np.cumsum(per) - per
    point = order[np.repeat(first[t] - start, per) + np.arange(int(per.sum()))]
    site = np.repeat(site, per)
    dx, dy = px[point] - sites.x[site], py[point] - sites.y[site]
    lo, hi = sites.floor_factors(best)
    ok = dx * dx + dy * dy <= sites.reach2(site, lo[point], hi[point])
    for j in range(probe):  # the nearest sites are done
        ok &= site != near[point, j]
    kept = np.flatnonzero(ok)
    _raise(best, radios, sites, point[kept], site[kept], dx[kept], dy[kept])
    return best


def _raise(
    best: F32,
    radios: Radios,
    sites: _Sites,
    point: I64,
    site: I64,
    dx64: F64,
    dy64: F64,
) -> None:
    """Raise `best` (in place) to the received power of every radio of `site[k]` at
    `point[k]` (offset `dx64[k]`, `dy64[k]` from it) within its radius, evaluating the
    pattern only of the radios whose power before it reaches `best` — the float32
    arithmetic of `received_at`."""
    if not len(point):
        return
    d2 = dx64 * dx64 + dy64 * dy64
    dx, dy = dx64.astype(np.float32), dy64.astype(np.float32)
    d_km = np.sqrt(dx * dx + dy * dy) * np.float32(0.001)
    logd = np.log10(np.maximum(d_km, np.float32(propagation.D_MIN_KM)))
    count = sites.count[site]
    pair = np.repeat(np.arange(len(site)), count)
    first = np.cumsum(count) - count
    radio = sites.members[np.repeat(sites.start[site] - first, count) + np.arange(len(pair))]
    a = radios.intercept.astype(np.float32)[radio]
    b = radios.slope.astype(np.float32)[radio]
    rx = radios.eirp_eff.astype(np.float32)[radio] - (a + b * logd[pair])
    r = radios.radius_m[radio]
    keep = np.flatnonzero((d2[pair] <= r * r) & (rx >= best[point[pair]]))
    pair, radio, rx = pair[keep], radio[keep], rx[keep]
    sector = np.flatnonzero(~np.isnan(radios.azimuth[radio]))
    if len(sector):
        # bearing once per (point, site) pair: pair is sorted, so its distinct values
        # are where it changes
        ps = pair[sector]
        used = ps[np.concatenate([[True], ps[1:] != ps[:-1]])]
        bearing = np.empty(len(site), dtype=np.float64)
        bearing[used] = antenna.bearing_deg(dx[used], dy[used])
        rs = radio[sector]
        theta = antenna.angle_difference(bearing[ps], radios.azimuth[rs])
        loss = antenna.pattern_loss(theta, radios.beamwidth[rs], radios.max_attenuation_db)
        rx[sector] = rx[sector] - loss.astype(np.float32)
    np.maximum.at(best, point[pair], rx)
