"""Radios grouped into sites, sector patterns tabulated per site, and sites assigned to tiles.

The engine's unit of work is a tile of the grid; the unit of evaluation is a site (all
radios at one position share the distance and bearing arrays over the site's window).
This module prepares both, once per grid, with numpy over all sites at a time:

* ``group_sites(radios)`` groups radios by position (to 0.01 m) into `Sites`; within
  a site, the radios of one (operator, technology) group with the same slope B form a
  bucket (`Buckets`, flat arrays) whose best received power is one tabulated pattern
  minus B log10 d.
* ``assign(sites, grid)`` is the spatial index: each site's window in grid indices
  (the cells whose centres lie within its radius, plus half a cell) and, as a CSR
  table, the sites whose window meets each tile. A tile is then computed from its own
  sites alone — the shape of a task for a process pool or a distributed scheduler,
  whose inputs are the tile and the radios of its sites.

Pure numpy; no file or database code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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


@dataclass
class Buckets:
    """The buckets of every site as flat arrays (no object per bucket, so building them
    is linear and cheap, and a task ships arrays): site s has buckets
    ``site_ptr[s]:site_ptr[s + 1]``.

    A bucket is the radios of one site with the same group and slope B: they differ
    only by base = EIRP_eff − A and their pattern, so their best received power is
    max_i(base_i − pattern_i(bearing)) − B log10(d). Its radios are rows
    ``start[b]:end[b]`` of the radio-level arrays, those with an azimuth first (up to
    ``sector_end[b]``). The per-bucket constants are float32 values kept as Python
    floats (exactly equal), which numpy applies as float32 to float32 arrays.
    """

    site_ptr: list[int]
    group: list[int]
    start: list[int]
    sector_end: list[int]
    end: list[int]
    half_slope: list[float]  # float32(−B/2)
    three_slope: list[float]  # float32(3B)
    omni_rx: list[float]  # float32(max omni base + 3B), for buckets without sectors
    floor: list[float]  # float32 max(b − Am over sectors, b over omni radios)
    omni_base: list[float]  # largest base of the omni radios (−inf: none)
    base: F64  # radio-level, sorted by (site, group, slope, omni)
    azimuth: F64
    beamwidth: F64
    az32: F32  # (n, 1, 1): azimuth mod 360, float32
    k32: F32  # (n, 1, 1): 12 / beamwidth², float32
    b32: F32  # (n, 1, 1): base, float32
    max_attenuation_db: float
    most_sectors: int = 1  # the most sectors in one bucket (a scratch array's depth)
    tables: dict[int, F32] = field(default_factory=dict)

    def __getstate__(self) -> dict[str, object]:
        """Pickled without the tables: a cache that each process rebuilds, and that a
        task may be adding to while the worker sends these buckets to another (a
        dict changing size while it is pickled fails the transfer)."""
        return {**self.__dict__, "tables": {}}

    def of_site(self, s: int) -> range:
        return range(self.site_ptr[s], self.site_ptr[s + 1])

    def count(self, b: int) -> int:
        return self.end[b] - self.start[b]

    def sectors(self, b: int) -> int:
        return self.sector_end[b] - self.start[b]

    def table(self, b: int) -> F32:
        """max_i(base_i − pattern_i) tabulated by bearing −180°…180° at 0.1° bin centres.

        The bearing of a pixel and the azimuth are quantised to 0.1° (≤ 0.05 dB of
        pattern). Built on first use and cached (a benign race under threads: two
        builders compute the same table).
        """
        found = self.tables.get(b)
        if found is not None:
            return found
        n = TABLE_SIZE - 1
        table = np.full(n + 1, self.omni_base[b])
        lobe = np.empty(n + 1)
        rows = slice(self.start[b], self.sector_end[b])
        for base, a, bw in zip(
            self.base[rows], self.azimuth[rows], self.beamwidth[rows], strict=True
        ):
            start = (-int(round(a * BEARING_BINS_PER_DEG))) % n
            pattern = _pattern_bins(float(bw), self.max_attenuation_db)[start : start + n + 1]
            np.subtract(base, pattern, out=lobe)
            np.maximum(table, lobe, out=table)
        out = self.tables[b] = table.astype(np.float32)
        return out

    def direct(self, b: int, bearing_deg: F32, out: F32, t: F32, t2: F32) -> F32:
        """max_i(base_i − pattern_i(bearing)) of bucket b computed exactly into `out` (for
        small windows), all its sectors at once; `t` and `t2` are scratch arrays of shape
        (sectors, *bearing_deg.shape). b − min(k θ², Am) = max(b − k θ², b − Am), so the
        floors of the sectors and the omni radios' base are one constant, `floor`."""
        rows = slice(self.start[b], self.sector_end[b])
        np.subtract(bearing_deg, self.az32[rows], out=t)
        np.abs(t, out=t)
        np.subtract(np.float32(360.0), t, out=t2)
        np.minimum(t, t2, out=t)
        np.multiply(t, t, out=t)
        t *= self.k32[rows]
        np.subtract(self.b32[rows], t, out=t)
        np.maximum.reduce(t, axis=0, out=out)
        np.maximum(out, self.floor[b], out=out)
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
    buckets: Buckets | None  # None unless the model is a log line

    def __len__(self) -> int:
        return len(self.x)

    def radios_of(self, s: int) -> I64:
        return self.radio[self.ptr[s] : self.ptr[s + 1]]


def group_sites(radios: Radios) -> Sites:
    """Radios with a positive radius grouped by position (see `Sites`)."""
    live = np.flatnonzero(radios.radius_m > 0)
    rx, ry = np.round(radios.x[live], 2), np.round(radios.y[live], 2)
    if not len(live):
        empty = np.zeros(0)
        return Sites(empty, empty, empty, np.zeros(1, np.int64), np.zeros(0, np.int64), None)
    order = np.lexsort((ry, rx))  # by position, radios in index order within one
    new_site = np.ones(len(order), dtype=bool)
    new_site[1:] = (np.diff(rx[order]) != 0) | (np.diff(ry[order]) != 0)
    site_of = np.cumsum(new_site) - 1
    ptr = np.append(np.flatnonzero(new_site), len(order)).astype(np.int64)
    radio = live[order]
    first = order[ptr[:-1]]
    radius = np.maximum.reduceat(radios.radius_m[radio], ptr[:-1])
    buckets = _buckets(radios, radio, site_of, len(first)) if radios.log_line else None
    return Sites(rx[first], ry[first], radius, ptr, radio, buckets)


def _buckets(radios: Radios, radio: I64, site: I64, n_sites: int) -> Buckets:
    """The radios of each site grouped by (group, slope rounded to 1e-9); within a
    bucket the radios with an azimuth come first."""
    values, inverse = np.unique(radios.slope[radio], return_inverse=True)
    slope = np.array([round(float(v), 9) for v in values])[inverse.ravel()]
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
    omni_base = np.maximum.reduceat(np.where(omni, base, -np.inf), starts)
    b_slope = slope[starts]
    with np.errstate(invalid="ignore"):  # NaN azimuths of omni radios
        az32 = (az % 360.0).astype(np.float32)
    sector_end = starts + np.add.reduceat(~omni, starts)
    return Buckets(
        site_ptr=np.searchsorted(site[starts], np.arange(n_sites + 1)).tolist(),
        group=group[starts].tolist(),
        start=starts.tolist(),
        sector_end=sector_end.tolist(),
        end=ends.tolist(),
        half_slope=(-0.5 * b_slope).astype(np.float32).tolist(),
        three_slope=(3.0 * b_slope).astype(np.float32).tolist(),
        omni_rx=(omni_base + 3.0 * b_slope).astype(np.float32).tolist(),
        floor=np.maximum.reduceat(np.where(omni, b32, b32 - np.float32(am)), starts).tolist(),
        omni_base=omni_base.tolist(),
        base=base,
        azimuth=az,
        beamwidth=bw,
        az32=az32[:, None, None],
        k32=(12.0 / bw**2).astype(np.float32)[:, None, None],
        b32=b32[:, None, None],
        max_attenuation_db=am,
        most_sectors=max(1, int((sector_end - starts).max(initial=1))),
    )


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


def window_cells(sites: Sites, ids: I64, res: float) -> I64:
    """Cells of each site's window on the unbounded lattice of `res` cells (centres at
    (k + ½) res, as every grid here is aligned on multiples of res): the same count
    `windows` gives where the grid does not clip it, whatever the grid's extent."""
    r = sites.radius_m[ids] + res / 2

    def count(centre: F64) -> I64:
        lo, hi = np.ceil((centre - r) / res - 0.5), np.ceil((centre + r) / res - 0.5)
        return (hi - lo).astype(np.int64)

    return count(sites.x[ids]) * count(sites.y[ids])


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
