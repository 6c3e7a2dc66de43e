"""Radios grouped into sites, sector patterns tabulated per site, and sites assigned to tiles.

The engine's unit of work is a tile of the grid; the unit of evaluation is a site (all
radios at one position share the distance and bearing arrays over the site's window).
This module prepares both, once per grid, with numpy over all sites at a time:

* ``group_sites(radios)`` groups radios by position (to 0.01 m) into `Sites`; within
  a site, the radios of one (operator, technology) group with the same slope B form a
  `Bucket` whose best received power is one tabulated pattern minus B log10 d.
* ``assign(sites, grid)`` is the spatial index: each site's window in grid indices
  (the cells whose centres lie within its radius, plus half a cell) and, as a CSR
  table, the sites whose window meets each tile. A tile is then computed from its own
  sites alone — the shape of a task for a process pool or a distributed scheduler,
  whose inputs are the tile and the radios of its sites.

Pure numpy; no file or database code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from hatang.coverage import antenna
from hatang.coverage.grid import Grid, Tile
from hatang.coverage.radios import Radios

F32 = NDArray[np.float32]
F64 = NDArray[np.float64]
I64 = NDArray[np.int64]

BEARING_BINS_PER_DEG = 10  # sector patterns are tabulated every 0.1° of bearing
TABLE_SIZE = 360 * BEARING_BINS_PER_DEG + 1  # bins −180° … 180°, both ends included


class Bucket:
    """The radios of one site with the same group and slope B: they differ only by
    base = EIRP_eff − A and their pattern, so their best received power is
    max_i(base_i − pattern_i(bearing)) − B log10(d).

    Built by `group_sites` with every constant the kernel needs already in float32.
    """

    __slots__ = (
        "group", "slope", "count", "omni_only", "half_slope", "three_slope", "omni_rx",
        "_base", "_azimuth", "_beamwidth", "_am", "_omni_base", "_az", "_k", "_b",
        "_floor", "_table",
    )  # fmt: skip

    def __init__(
        self,
        group: int,
        slope: float,
        sectors: tuple[F64, F64, F64],
        pattern32: tuple[F32, F32, F32],
        omni_base: float,
        max_attenuation_db: float,
        floor: np.float32,
        count: int,
    ) -> None:
        """`sectors`: base, azimuth, beamwidth of the radios with an azimuth;
        `pattern32`: float32 (azimuth mod 360, 12 / beamwidth², base) of the same,
        each of shape (sectors, 1, 1); `omni_base`: the largest base of the omni radios
        (−inf when none); `floor`: max over the radios of float32 (b − Am) (sectors) or
        float32 b (omni) — as b − min(k θ², Am) = max(b − k θ², b − Am), the floor of
        every sector and the omni radios are one constant under the running maximum."""
        self.group, self.slope, self.count = group, slope, count
        self._base, self._azimuth, self._beamwidth = sectors
        self._az, self._k, self._b = pattern32
        self._omni_base, self._am, self._floor = omni_base, max_attenuation_db, floor
        self.omni_only = len(self._base) == 0
        self.half_slope = np.float32(-0.5 * slope)
        self.three_slope = np.float32(3.0 * slope)
        self.omni_rx = np.float32(omni_base + 3.0 * slope)
        self._table: F32 | None = None

    @property
    def sectors(self) -> int:
        """Radios with an azimuth (the others are omni)."""
        return len(self._base)

    def table(self) -> F32:
        """max_i(base_i − pattern_i) tabulated by bearing −180°…180° at 0.1° bin centres.

        The bearing of a pixel and the azimuth are quantised to 0.1° (≤ 0.05 dB of
        pattern). Built on first use and cached (a benign race under threads: two
        builders compute the same table).
        """
        if self._table is None:
            n = TABLE_SIZE - 1
            table = np.full(n + 1, self._omni_base)
            lobe = np.empty(n + 1)
            for b, a, bw in zip(self._base, self._azimuth, self._beamwidth, strict=True):
                start = (-int(round(a * BEARING_BINS_PER_DEG))) % n
                pattern = _pattern_bins(float(bw), self._am)[start : start + n + 1]
                np.subtract(b, pattern, out=lobe)
                np.maximum(table, lobe, out=table)
            self._table = table.astype(np.float32)
        return self._table

    def direct(self, bearing_deg: F32, out: F32, t: F32, t2: F32) -> F32:
        """max_i(base_i − pattern_i(bearing)) computed exactly into `out` (for small
        windows), all sectors at once; `t` and `t2` are scratch arrays of shape
        (sectors, *bearing_deg.shape)."""
        np.subtract(bearing_deg, self._az, out=t)
        np.abs(t, out=t)
        np.subtract(np.float32(360.0), t, out=t2)
        np.minimum(t, t2, out=t)
        np.multiply(t, t, out=t)
        t *= self._k
        np.subtract(self._b, t, out=t)
        np.maximum.reduce(t, axis=0, out=out)
        np.maximum(out, self._floor, out=out)
        return out


@lru_cache(maxsize=64)
def _pattern_bins(beamwidth: float, max_attenuation_db: float) -> F64:
    """Pattern loss at the bin centres of θ = −180° … 180° (0.1° bins), repeated twice so
    that a shift by the azimuth is a slice."""
    n = TABLE_SIZE - 1
    centres = -180.0 + (np.arange(n) + 0.5) / BEARING_BINS_PER_DEG
    once = antenna.pattern_loss(centres, beamwidth, max_attenuation_db)
    return np.concatenate([once, once, once[:1]])


@dataclass
class Sites:
    """Radios grouped by position: site s holds radios ``radio[ptr[s]:ptr[s + 1]]``."""

    x: F64  # position rounded to 0.01 m (the radios of a site share it)
    y: F64
    radius_m: F64  # the largest evaluation radius of the site's radios
    ptr: I64
    radio: I64
    buckets: list[list[Bucket]]  # per site; empty lists unless the model is a log line

    def __len__(self) -> int:
        return len(self.x)

    def radios_of(self, s: int) -> I64:
        return self.radio[self.ptr[s] : self.ptr[s + 1]]


def _runs(keys: NDArray[np.int64]) -> I64:
    """Start of each run of equal values in a sorted key array, plus its length."""
    change = np.flatnonzero(np.diff(keys)) + 1
    return np.concatenate([[0], change, [len(keys)]]).astype(np.int64)


def group_sites(radios: Radios) -> Sites:
    """Radios with a positive radius grouped by position (see `Sites`)."""
    live = np.flatnonzero(radios.radius_m > 0)
    rx, ry = np.round(radios.x[live], 2), np.round(radios.y[live], 2)
    if not len(live):
        empty = np.zeros(0)
        return Sites(empty, empty, empty, np.zeros(1, np.int64), np.zeros(0, np.int64), [])
    _, site_of = np.unique(np.column_stack([rx, ry]), axis=0, return_inverse=True)
    site_of = site_of.ravel()
    order = np.argsort(site_of, kind="stable")
    ptr = _runs(site_of[order])
    radio = live[order]
    first = order[ptr[:-1]]
    radius = np.maximum.reduceat(radios.radius_m[radio], ptr[:-1])
    buckets: list[list[Bucket]] = [[] for _ in range(len(first))]
    if radios.log_line:
        buckets = _buckets(radios, radio, site_of[order], len(first))
    return Sites(rx[first], ry[first], radius, ptr, radio, buckets)


def _buckets(radios: Radios, radio: I64, site: I64, n_sites: int) -> list[list[Bucket]]:
    """The radios of each site grouped by (group, slope rounded to 1e-9); within a
    bucket the radios with an azimuth come first."""
    slope = np.array([round(float(s), 9) for s in radios.slope[radio]])
    group = radios.group[radio]
    omni = np.isnan(radios.azimuth[radio])
    order = np.lexsort((omni, slope, group, site))
    radio, site, group, slope, omni = (a[order] for a in (radio, site, group, slope, omni))
    key_change = (np.diff(site) != 0) | (np.diff(group) != 0) | (np.diff(slope) != 0)
    starts = np.concatenate([[0], np.flatnonzero(key_change) + 1]).astype(np.int64)
    ends = np.append(starts[1:], len(radio))
    base = (radios.eirp_eff - radios.intercept)[radio]
    az, bw = radios.azimuth[radio], radios.beamwidth[radio]
    am = radios.max_attenuation_db
    b32 = base.astype(np.float32)
    floor = np.maximum.reduceat(np.where(omni, b32, b32 - np.float32(am)), starts)
    omni_base = np.maximum.reduceat(np.where(omni, base, -np.inf), starts)
    sector_end = (starts + np.add.reduceat(~omni, starts)).tolist()
    with np.errstate(invalid="ignore"):  # NaN azimuths of omni radios
        az32 = (az % 360.0).astype(np.float32)[:, None, None]
    k32 = (12.0 / bw**2).astype(np.float32)[:, None, None]
    b3 = b32[:, None, None]
    out: list[list[Bucket]] = [[] for _ in range(n_sites)]
    keys = zip(starts.tolist(), ends.tolist(), sector_end, strict=True)
    for i, (a, b, e) in enumerate(keys):
        bucket = Bucket(
            int(group[a]),
            float(slope[a]),
            (base[a:e], az[a:e], bw[a:e]),
            (az32[a:e], k32[a:e], b3[a:e]),
            float(omni_base[i]),
            am,
            floor[i],
            b - a,
        )
        out[int(site[a])].append(bucket)
    return out


@dataclass(frozen=True)
class Assignment:
    """Each site's window in grid indices and the sites whose window meets each tile.

    Window of site s: rows ``window[s, 0]:window[s, 1]``, columns
    ``window[s, 2]:window[s, 3]`` (empty when the site is off the grid). Sites of tile
    t (in ``tiles`` order, row-major as `Grid.tiles`): ``site[ptr[t]:ptr[t + 1]]``.
    """

    tiles: list[Tile]
    window: I64  # (n_sites, 4)
    ptr: I64
    site: I64

    def sites_of(self, t: int) -> I64:
        return self.site[self.ptr[t] : self.ptr[t + 1]]

    def cells(self, t: int) -> int:
        """Site × grid-cell pairs of tile t (a measure of its work)."""
        tile, w = self.tiles[t], self.window[self.sites_of(t)]
        rows = np.minimum(w[:, 1], tile.row0 + tile.rows) - np.maximum(w[:, 0], tile.row0)
        cols = np.minimum(w[:, 3], tile.col0 + tile.cols) - np.maximum(w[:, 2], tile.col0)
        return int((rows * cols).sum())


def windows(sites: Sites, grid: Grid) -> I64:
    """(n_sites, 4) rows r0:r1, columns c0:c1 of the cells whose centres lie within
    radius + half a cell of each site, clipped to the grid."""
    xs, ys, half = grid.xs(), grid.ys(), grid.res / 2
    r = sites.radius_m
    c0 = np.searchsorted(xs, sites.x - r - half)
    c1 = np.searchsorted(xs, sites.x + r + half)
    # ys decreases with the row: rows whose centre lies within [y − r, y + r]
    r0 = np.searchsorted(-ys, -(sites.y + r + half))
    r1 = np.searchsorted(-ys, -(sites.y - r - half))
    return np.column_stack([r0, r1, c0, c1]).astype(np.int64).reshape(-1, 4)


def assign(sites: Sites, grid: Grid) -> Assignment:
    """Sites assigned to the tiles their windows meet (see `Assignment`); one pass over
    all sites, no per-tile scan."""
    tiles = list(grid.tiles())
    t = grid.tile_cells
    tiles_x = -(-grid.nx // t)
    win = windows(sites, grid)
    ok = np.flatnonzero((win[:, 0] < win[:, 1]) & (win[:, 2] < win[:, 3]))
    tr0, tr1 = win[ok, 0] // t, (win[ok, 1] - 1) // t
    tc0, tc1 = win[ok, 2] // t, (win[ok, 3] - 1) // t
    ncols = tc1 - tc0 + 1
    count = (tr1 - tr0 + 1) * ncols
    site = np.repeat(ok, count)
    k = np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count)
    nc = np.repeat(ncols, count)
    tile = (np.repeat(tr0, count) + k // nc) * tiles_x + np.repeat(tc0, count) + k % nc
    order = np.argsort(tile, kind="stable")
    ptr = np.concatenate([[0], np.cumsum(np.bincount(tile, minlength=len(tiles)))])
    return Assignment(tiles, win, ptr.astype(np.int64), site[order].astype(np.int64))
