"""Terrain along a path: Earth curvature, knife-edge diffraction and the Deygout
construction (ITU-R P.526), and the base station's effective height (Okumura–Hata).

Pure numpy. One function, `radial_diffraction`, does the work for many radials at
once and for a receiver at every sample of each (the coverage grid's need); the
single-link calculator (`profile_diffraction`) is the same function on one profile,
read at its last sample, so the grid and the calculator cannot disagree.

Geometry: heights are taken over the plane tangent to the Earth at the transmitter,
the terrain dropping by d² / (2 k a) at distance d (a = 6,371 km, k = 4/3 by default)
— the same as raising each point by the Earth bulge d₁ d₂ / (2 k a) over the chord
of any path, so straight lines can be used throughout. For an obstacle h metres above
the line joining a path's ends, at d₁ from one end and d₂ from the other,

    v = h √(2 (d₁ + d₂) / (λ d₁ d₂))                     (P.526, eq. 26)
    J(v) = 6.9 + 20 log10(√((v − 0.1)² + 1) + v − 0.1)   for v > −0.78, else 0   (eq. 31)

Deygout: the principal edge is the point of the profile with the largest v between
transmitter and receiver; with more than one edge allowed, the secondary edges are
the largest-v points of the two sub-paths, transmitter → principal edge and principal
edge → receiver, each judged against the line joining its own ends:
L = J(v_p) + J(v_t) + J(v_r) (Deygout's construction, without the empirical
correction some texts add for closely spaced edges). Two rules make it fit a median
model on sampled terrain (docs/coverage.md, "Terrain"):

* an edge counts only where it rises above its path's line (v > 0): a clear path's
  losses over the ground (the Fresnel zone grazing it) are already in the empirical
  model, so a line-of-sight cell gets no diffraction loss;
* a secondary edge must be a peak of the profile (no higher neighbour sample), so
  the samples on the flanks of one rounded hill are not counted as further edges —
  without it the loss would grow as the sampling gets finer.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

F64 = NDArray[np.float64]
I64 = NDArray[np.int64]

EARTH_RADIUS_M = 6_371_000.0
K_FACTOR = 4.0 / 3.0
#: J(v) is 0 at and below this v (P.526: the approximation holds for v > −0.78)
V_MIN = -0.78
#: an edge counts when it rises above its path's line
V_OBSTRUCTS = 0.0
SPEED_OF_LIGHT = 299_792_458.0
#: the Okumura–Hata effective height: terrain averaged from 3 to 15 km out
EFFECTIVE_HEIGHT_RANGE_M = (3_000.0, 15_000.0)
#: at most this many entries at once (obstructed receivers × samples)
_CHUNK_ENTRIES = 1_000_000


def wavelength_m(f_mhz: float) -> float:
    return SPEED_OF_LIGHT / (float(f_mhz) * 1e6)


def knife_edge_loss(v: ArrayLike) -> F64:
    """J(v) of ITU-R P.526 (eq. 31) in dB: 0 for v ≤ −0.78 (no obstruction)."""
    v = np.asarray(v, dtype=np.float64)
    with np.errstate(invalid="ignore"):
        j = 6.9 + 20.0 * np.log10(np.sqrt((v - 0.1) ** 2 + 1.0) + v - 0.1)
    return np.where(v > V_MIN, j, 0.0)


def earth_drop_m(d_m: ArrayLike, k: float = K_FACTOR) -> F64:
    """How far the Earth falls below the transmitter's tangent plane at distance d."""
    d = np.asarray(d_m, dtype=np.float64)
    return d * d / (2.0 * k * EARTH_RADIUS_M)


@dataclass(frozen=True)
class RadialDiffraction:
    """Diffraction for a receiver at every sample of every radial (radials × samples).

    `loss_db` is the Deygout loss; `principal`, `before` and `after` are the sample
    indices of the principal and secondary edges (−1: none) and `v_*` their v."""

    loss_db: F64
    principal: I64
    before: I64
    after: I64
    v_principal: F64
    v_before: F64
    v_after: F64


def radial_diffraction(
    d_m: ArrayLike,
    z_m: ArrayLike,
    tx_height_m: ArrayLike,
    rx_height_m: float,
    f_mhz: float,
    *,
    k: float = K_FACTOR,
    max_edges: int = 3,
) -> RadialDiffraction:
    """Deygout diffraction loss along radials, for a receiver at each sample, with the
    edges found.

    `d_m` (samples,): distances from the transmitter, increasing, d_m[0] = 0 at the
    transmitter; `z_m` (radials, samples): terrain elevation (m) along each radial;
    `tx_height_m`: the transmitter's antenna height over its ground (scalar or one per
    radial); the receiver stands `rx_height_m` over the ground at each sample.
    """
    shape = np.shape(np.atleast_2d(np.asarray(z_m)))
    out = RadialDiffraction(
        np.zeros(shape),
        np.full(shape, -1, dtype=np.int64),
        np.full(shape, -1, dtype=np.int64),
        np.full(shape, -1, dtype=np.int64),
        np.full(shape, -np.inf),
        np.full(shape, -np.inf),
        np.full(shape, -np.inf),
    )
    for r, i, found in _pairs(d_m, z_m, tx_height_m, rx_height_m, f_mhz, k, max_edges):
        out.loss_db[r, i] = found[0]
        out.principal[r, i], out.before[r, i], out.after[r, i] = found[1:4]
        out.v_principal[r, i], out.v_before[r, i], out.v_after[r, i] = found[4:]
    return out


def radial_loss(
    d_m: ArrayLike,
    z_m: ArrayLike,
    tx_height_m: ArrayLike,
    rx_height_m: float,
    f_mhz: float,
    *,
    k: float = K_FACTOR,
    max_edges: int = 3,
) -> F64:
    """`radial_diffraction`'s loss alone (radials × samples): what the grid needs."""
    loss = np.zeros(np.shape(np.atleast_2d(np.asarray(z_m))))
    for r, i, found in _pairs(d_m, z_m, tx_height_m, rx_height_m, f_mhz, k, max_edges):
        loss[r, i] = found[0]
    return loss


def _profile(
    d_m: ArrayLike, z_m: ArrayLike, tx_height_m: ArrayLike, k: float
) -> tuple[F64, F64, F64]:
    """The checked distances, the elevations over the curved Earth (radials × samples)
    and the antenna's height above sea level per radial."""
    d = np.asarray(d_m, dtype=np.float64)
    z = np.atleast_2d(np.asarray(z_m, dtype=np.float64))
    if d.ndim != 1 or z.shape[1] != len(d) or len(d) < 2:
        raise ValueError("d_m is (samples,) with at least 2 samples and z_m (radials, samples)")
    if d[0] != 0.0 or np.any(np.diff(d) <= 0):
        raise ValueError("d_m must start at 0 (the transmitter) and increase")
    zc = z - earth_drop_m(d, k)[None, :]
    a_tx = z[:, 0] + np.broadcast_to(np.asarray(tx_height_m, np.float64), (len(z),))
    return d, zc, a_tx


def _horizon(d: F64, zc: F64, a_tx: F64) -> F64:
    """The steepest slope from the antenna to the samples before each sample (a running
    maximum, linear in the samples; −inf at the antenna's own): a receiver there sees
    the antenna when its own slope is no lower."""
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = (zc - a_tx[:, None]) / d[None, :]
    slope[:, 0] = -np.inf
    horizon = np.empty_like(slope)
    horizon[:, 0] = -np.inf
    np.maximum.accumulate(slope[:, :-1], axis=1, out=horizon[:, 1:])
    return horizon


def _check_edges(max_edges: int) -> None:
    if max_edges not in (1, 2, 3):
        raise ValueError(f"max_edges must be 1, 2 or 3, not {max_edges}")


def line_of_sight(
    d_m: ArrayLike,
    z_m: ArrayLike,
    tx_height_m: ArrayLike,
    rx_height_m: float,
    *,
    k: float = K_FACTOR,
) -> NDArray[np.bool_]:
    """Whether a receiver `rx_height_m` over the ground at each sample sees the antenna
    (radials × samples): no sample between them rises above their straight line over
    the curved Earth — the viewshed. The transmitter's own sample sees itself."""
    d, zc, a_tx = _profile(d_m, z_m, tx_height_m, k)
    with np.errstate(divide="ignore", invalid="ignore"):
        to_rx = (zc + float(rx_height_m) - a_tx[:, None]) / d[None, :]
    seen: NDArray[np.bool_] = _horizon(d, zc, a_tx) <= to_rx
    seen[:, 0] = True
    return seen


def loss_at(
    d_m: ArrayLike,
    z_m: ArrayLike,
    tx_height_m: ArrayLike,
    rx_height_m: float,
    f_mhz: float,
    at: ArrayLike,
    *,
    k: float = K_FACTOR,
    max_edges: int = 3,
) -> F64:
    """`radial_loss` at one receiver sample per radial, `at[r]` (0 < at < samples), and
    nowhere else: what measured points need, in time linear in the samples (the
    grid's every-sample loss costs a search per obstructed sample)."""
    _check_edges(max_edges)
    d, zc, a_tx = _profile(d_m, z_m, tx_height_m, k)
    i = np.asarray(at, dtype=np.int64).reshape(-1)
    if len(i) != len(zc) or np.any((i < 1) | (i >= len(d))):
        raise ValueError("`at` is one receiver sample per radial, after the transmitter's")
    rows = np.arange(len(zc))
    a_rx = zc[rows, i] + float(rx_height_m)
    obstructed = _horizon(d, zc, a_tx)[rows, i] > (a_rx - a_tx) / d[i]
    loss = np.zeros(len(zc))
    r = rows[obstructed]
    if not len(r):
        return loss
    lam, peaks = wavelength_m(f_mhz), _peaks(zc)
    for part, found in _searched(d, zc, peaks, a_tx, a_rx[r], r, i[r], lam, max_edges):
        loss[r[part]] = found[0]
    return loss


_Found = tuple[F64, I64, I64, I64, F64, F64, F64]


def _pairs(
    d_m: ArrayLike,
    z_m: ArrayLike,
    tx_height_m: ArrayLike,
    rx_height_m: float,
    f_mhz: float,
    k: float,
    max_edges: int,
) -> Iterator[tuple[I64, I64, _Found]]:
    """The obstructed (radial, receiver) pairs, a chunk at a time, with their edges."""
    _check_edges(max_edges)
    d, zc, a_tx = _profile(d_m, z_m, tx_height_m, k)
    a_rx = zc + float(rx_height_m)  # the receiver over the (curved) ground at each sample
    with np.errstate(divide="ignore", invalid="ignore"):
        to_rx = (a_rx - a_tx[:, None]) / d[None, :]
    horizon = _horizon(d, zc, a_tx)
    ri, ii = np.nonzero(horizon > to_rx)  # only obstructed receivers need the search
    if not len(ri):
        return
    lam, peaks = wavelength_m(f_mhz), _peaks(zc)
    a_pair = a_rx[ri, ii]
    for part, found in _searched(d, zc, peaks, a_tx, a_pair, ri, ii, lam, max_edges):
        yield ri[part], ii[part], found


def _searched(
    d: F64,
    zc: F64,
    peaks: NDArray[np.bool_],
    a_tx: F64,
    a_rx: F64,
    r: I64,
    i: I64,
    lam: float,
    max_edges: int,
) -> Iterator[tuple[I64, _Found]]:
    """Deygout's edges of the obstructed pairs (radial r[k], receiver sample i[k] at
    height a_rx[k]), a chunk at a time: (the chunk's k, its edges). Nearest receivers
    first, so that each chunk's search stops at its farthest receiver's sample (no
    edge lies beyond a receiver): about half the work of searching whole radials."""
    order = np.argsort(i, kind="stable")
    s = 0
    while s < len(order):
        e = min(len(order), s + max(1, _CHUNK_ENTRIES // (int(i[order[s]]) + 1)))
        e = min(e, s + max(1, _CHUNK_ENTRIES // (int(i[order[e - 1]]) + 1)))
        k = order[s:e]
        upto = int(i[k[-1]]) + 1
        found = _obstructed(
            d[:upto], zc[:, :upto], peaks[:, :upto], a_tx[r[k]], a_rx[k], r[k], i[k], lam,
            max_edges,
        )  # fmt: skip
        yield k, found
        s = e


def _obstructed(
    d: F64,
    zc: F64,
    peaks: NDArray[np.bool_],
    a_tx: F64,
    a_rx: F64,
    r: I64,
    i: I64,
    lam: float,
    max_edges: int,
) -> _Found:
    """Deygout's edges for the obstructed (radial r, receiver i) pairs: the loss, the
    principal, before and after edges' samples and their v."""
    z = zc[r]  # (pairs, samples)
    zero = np.zeros(len(r))
    every = np.ones(z.shape, dtype=bool)
    vp, p = _best_edge(d, z, every, zero, a_tx, d[i], a_rx, lam)
    vb = va = np.full(len(r), -np.inf)
    b = a = np.full(len(r), -1, dtype=np.int64)
    if max_edges > 1:
        has = vp > V_OBSTRUCTS  # secondary edges only under an obstructing principal
        pp = np.where(has, p, 0)
        zp, dp = z[np.arange(len(r)), pp], d[pp]
        # before: ends (0, a_tx) and the principal edge's top; after: that top and the receiver
        vb, b = _best_edge(d, z, peaks[r], zero, a_tx, dp, zp, lam)
        va, a = _best_edge(d, z, peaks[r], dp, zp, d[i], a_rx, lam)
        vb, va = np.where(has, vb, -np.inf), np.where(has, va, -np.inf)
        b, a = np.where(has, b, -1), np.where(has, a, -1)
        if max_edges == 2:  # the larger of the two secondary edges only
            keep_b = vb >= va
            vb, va = np.where(keep_b, vb, -np.inf), np.where(keep_b, -np.inf, va)
            b, a = np.where(keep_b, b, -1), np.where(keep_b, -1, a)
    loss = _counted(vp) + _counted(vb) + _counted(va)
    return loss, p, b, a, vp, vb, va


def _counted(v: F64) -> F64:
    """J(v) of the edges that obstruct their path (v > 0), else 0."""
    return np.where(v > V_OBSTRUCTS, knife_edge_loss(v), 0.0)


def _peaks(zc: F64) -> NDArray[np.bool_]:
    """Samples no lower than either neighbour (the ends never: they are no edges)."""
    out = np.zeros(zc.shape, dtype=bool)
    out[:, 1:-1] = (zc[:, 1:-1] >= zc[:, :-2]) & (zc[:, 1:-1] >= zc[:, 2:])
    return out


def _best_edge(
    d: F64,
    z: F64,
    candidate: NDArray[np.bool_],
    start_d: F64,
    start_a: F64,
    end_d: F64,
    end_a: F64,
    lam: float,
) -> tuple[F64, I64]:
    """For each path (one per row of `z`, pairs × samples) from (start_d, start_a) to
    (end_d, end_a): the candidate sample strictly between its ends with the largest v;
    v is −inf and the index −1 where there is none."""
    dj = d[None, :]
    d1 = dj - start_d[:, None]
    d2 = end_d[:, None] - dj
    length = (end_d - start_d)[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        chord = start_a[:, None] + (end_a - start_a)[:, None] * (d1 / length)
        v = (z - chord) * np.sqrt(2.0 * length / (lam * d1 * d2))
    v = np.where((d1 > 0) & (d2 > 0) & candidate, v, -np.inf)
    best = np.argmax(v, axis=1)
    vmax = v[np.arange(len(v)), best]
    return vmax, np.where(np.isfinite(vmax), best, -1).astype(np.int64)


@dataclass(frozen=True)
class Edge:
    """One diffracting edge of a link: where it is, how far it rises over its path's
    line (negative: below), its v and its loss."""

    role: str  # principal, before, after
    distance_m: float
    elevation_m: float
    v: float
    loss_db: float


@dataclass(frozen=True)
class Diffraction:
    loss_db: float
    line_of_sight: bool
    edges: tuple[Edge, ...]


def profile_diffraction(
    d_m: ArrayLike,
    z_m: ArrayLike,
    tx_height_m: float,
    rx_height_m: float,
    f_mhz: float,
    *,
    k: float = K_FACTOR,
    max_edges: int = 3,
) -> Diffraction:
    """The Deygout loss of one link: transmitter at the first sample, receiver at the
    last (what `hatang pathloss --profile` prints)."""
    d = np.asarray(d_m, dtype=np.float64)
    z = np.asarray(z_m, dtype=np.float64)
    if len(d) < 2 or len(z) != len(d) or not (np.isfinite(d).all() and np.isfinite(z).all()):
        raise ValueError("a profile needs at least two finite (distance, elevation) rows")
    d = d - d[0]
    r = radial_diffraction(d, z[None, :], tx_height_m, rx_height_m, f_mhz, k=k, max_edges=max_edges)
    i = len(d) - 1
    edges = []
    for role, idx, v in (
        ("principal", r.principal, r.v_principal),
        ("before", r.before, r.v_before),
        ("after", r.after, r.v_after),
    ):
        j, vj = int(idx[0, i]), float(v[0, i])
        if j > 0 and vj > V_OBSTRUCTS:
            edges.append(Edge(role, float(d[j]), float(z[j]), vj, float(knife_edge_loss(vj))))
    return Diffraction(float(r.loss_db[0, i]), not edges, tuple(edges))


def effective_height(d_m: ArrayLike, z_m: ArrayLike, tx_height_m: ArrayLike) -> F64:
    """The base station's effective height per radial, as Okumura–Hata define it: the
    antenna's height over the mean terrain 3–15 km from it toward the receiver (over the
    whole radial beyond the site when it is shorter than 3 km); at least 1 m.

    `z_m` (radials, samples) includes the site's ground at sample 0."""
    d = np.asarray(d_m, dtype=np.float64)
    z = np.atleast_2d(np.asarray(z_m, dtype=np.float64))
    lo, hi = EFFECTIVE_HEIGHT_RANGE_M
    band = (d >= lo) & (d <= hi)
    if not band.any():
        band = d > 0
    mean = z[:, band].mean(axis=1)
    antenna = z[:, 0] + np.asarray(tx_height_m, dtype=np.float64)
    return np.asarray(np.maximum(antenna - mean, 1.0), dtype=np.float64)
