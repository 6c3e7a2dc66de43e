"""The tile kernel: best received power per group over one tile, from the sites that
reach it.

Per site the kernel computes log10(d²) and the bearing once over the site's window
(cut to the tile); per bucket (`sites.Buckets`: one group and slope on that site) one multiply-add, a
lookup in the bucket's bearing table (or, for small windows, the exact pattern) and a
running maximum into the tile. All of it writes into scratch arrays allocated once per
tile, so the per-site and per-bucket path allocates nothing.

Whether a bucket uses its table or the exact pattern depends on the size of the site's
*whole* window on the infinite lattice of cells (`sites.window_cells`), never on the part
that falls in one tile nor on where the grid ends, so a grid cell gets the same value bit
for bit however the grid is tiled, cut into blocks or shared among workers, and in a
province's own grid as in the national run.

Pure numpy; no file or database code.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from hatang.coverage import antenna, propagation
from hatang.coverage.grid import Grid, Tile
from hatang.coverage.radios import Radios
from hatang.coverage.sites import BEARING_BINS_PER_DEG, Buckets, Sites, window_cells

F32 = NDArray[np.float32]
I64 = NDArray[np.int64]

#: windows smaller than this many pixels per sector evaluate the pattern directly;
#: larger ones look it up in the bucket's bearing table (3,601 entries to build)
DIRECT_PIXELS_PER_SECTOR = 4 * 3601

_D2_MIN = np.float32((propagation.D_MIN_KM * 1000.0) ** 2)
_TO_BIN = np.float32(180.0 * BEARING_BINS_PER_DEG / np.pi)
_BIN_OFFSET = np.float32(180 * BEARING_BINS_PER_DEG)


class Scratch:
    """Work arrays for windows of up to `rows` × `cols` cells (views, never copies)."""

    def __init__(self, rows: int, cols: int, sectors: int = 1) -> None:
        n = max(1, rows * cols)
        self.rows, self.cols = rows, cols
        self._f = np.empty((5, n), dtype=np.float32)
        self._sectors = np.empty((2, max(1, sectors) * n), dtype=np.float32)
        self._bins = np.empty(n, dtype=np.int32)
        self._neg = np.empty(n, dtype=np.bool_)
        self._dx = np.empty((3, max(1, cols)), dtype=np.float32)
        self._dy = np.empty((3, max(1, rows)), dtype=np.float32)

    def plane(self, k: int, h: int, w: int) -> F32:
        return self._f[k, : h * w].reshape(h, w)

    def flags(self, h: int, w: int) -> NDArray[np.bool_]:
        return self._neg[: h * w].reshape(h, w)

    def bin_plane(self, h: int, w: int) -> NDArray[np.int32]:
        return self._bins[: h * w].reshape(h, w)

    def sector_planes(self, k: int, h: int, w: int) -> tuple[F32, F32]:
        """Two (k, h, w) arrays for the exact pattern of k sectors at once."""
        a, b = self._sectors[:, : k * h * w]
        return a.reshape(k, h, w), b.reshape(k, h, w)

    def offsets(
        self, xs: NDArray[np.float64], ys: NDArray[np.float64], sx: float, sy: float
    ) -> tuple[F32, F32, F32, F32]:
        """dx (1, w), dy (h, 1) in float32 (differences taken in float64) and squares."""
        w, h = len(xs), len(ys)
        dx, dx2 = self._dx[0, :w], self._dx[1, :w]
        dy, dy2 = self._dy[0, :h], self._dy[1, :h]
        np.subtract(xs, sx, out=dx, casting="same_kind")
        np.subtract(ys, sy, out=dy, casting="same_kind")
        np.multiply(dx, dx, out=dx2)
        np.multiply(dy, dy, out=dy2)
        return dx[None, :], dy[:, None], dx2[None, :], dy2[:, None]


def evaluate_tile(
    radios: Radios,
    sites: Sites,
    window: I64,
    site_ids: I64,
    grid: Grid,
    tile: Tile,
    out: F32,
    scratch: Scratch | None = None,
    *,
    extra: list[F32] | None = None,
) -> int:
    """Raise `out` (groups, tile.rows, tile.cols) to the best received power of the
    given sites over the tile; returns the radio × grid-cell evaluations done.

    `scratch` (from `scratch_for`, reused across tiles by one worker) must hold the
    largest window cut to the tile; by default one is made for this tile. `extra`
    (per site, over its whole window) is a loss subtracted from every radio of the
    site: the terrain's (`terrain_grid.site_losses`)."""
    xs = grid.xs(tile.col0, tile.cols)
    ys = grid.ys(tile.row0, tile.rows)
    if scratch is None:
        scratch = scratch_for(sites, window[site_ids], tile.rows, tile.cols)
    evaluations = 0
    whole = window_cells(sites, site_ids, grid.res).tolist()
    for s, (r0, r1, c0, c1), full in zip(
        site_ids.tolist(), window[site_ids].tolist(), whole, strict=True
    ):
        wr, wc = r0, c0
        r0, r1 = max(r0, tile.row0) - tile.row0, min(r1, tile.row0 + tile.rows) - tile.row0
        c0, c1 = max(c0, tile.col0) - tile.col0, min(c1, tile.col0 + tile.cols) - tile.col0
        if r0 >= r1 or c0 >= c1:
            continue
        win = out[:, r0:r1, c0:c1]
        sx, sy = float(sites.x[s]), float(sites.y[s])
        loss = None
        if extra is not None:  # the site's window, cut to the tile
            ar, ac = r0 + tile.row0 - wr, c0 + tile.col0 - wc
            loss = extra[s][ar : ar + r1 - r0, ac : ac + c1 - c0]
        if sites.buckets is not None:
            evaluations += _log_line_site(
                sites.buckets, s, full, xs[c0:c1], ys[r0:r1], sx, sy, win, scratch, loss
            )
        else:
            evaluations += _general_site(
                radios, sites.radios_of(s), xs[c0:c1], ys[r0:r1], sx, sy, win, loss
            )
    return evaluations


def scratch_for(sites: Sites, window: I64, max_rows: int, max_cols: int) -> Scratch:
    """Scratch arrays for the largest of these windows cut to max_rows × max_cols (a
    tile's size), and for the most sectors in one bucket of any site."""
    if not len(window):
        return Scratch(1, 1)
    rows = min(int((window[:, 1] - window[:, 0]).max()), max_rows)
    cols = min(int((window[:, 3] - window[:, 2]).max()), max_cols)
    sectors = sites.buckets.most_sectors if sites.buckets is not None else 1
    return Scratch(max(rows, 1), max(cols, 1), sectors)


def _log_line_site(
    buckets: Buckets,
    s: int,
    full_cells: int,
    xs: NDArray[np.float64],
    ys: NDArray[np.float64],
    sx: float,
    sy: float,
    win: F32,
    scratch: Scratch,
    loss: F32 | None = None,
) -> int:
    """Site s of a log-line model: best power = table(bearing) − B/2 log10(d²) + 3B
    (− the terrain's `loss`)."""
    h, w = len(ys), len(xs)
    dx, dy, dx2, dy2 = scratch.offsets(xs, ys, sx, sy)
    log_d2 = scratch.plane(0, h, w)
    np.add(dx2, dy2, out=log_d2)
    np.maximum(log_d2, _D2_MIN, out=log_d2)
    np.log10(log_d2, out=log_d2)  # log10(d²) in m²: B log10(d_km) = B/2 log10(d²) − 3B
    rx, looked_up = scratch.plane(1, h, w), scratch.plane(2, h, w)
    bins: NDArray[np.int32] | None = None
    bearing: F32 | None = None
    evaluations = 0
    for b in buckets.of_site(s):
        np.multiply(log_d2, buckets.half_slope[b], out=rx)
        count, sectors = buckets.count(b), buckets.sectors(b)
        if not sectors:
            rx += buckets.omni_rx[b]
        elif full_cells * count < DIRECT_PIXELS_PER_SECTOR:
            if bearing is None:
                bearing = _bearing(dx, dy, scratch, h, w)
            t, t2 = scratch.sector_planes(sectors, h, w)
            rx += buckets.direct(b, bearing, looked_up, t, t2)
            rx += buckets.three_slope[b]
        else:
            if bins is None:
                bins = _bins(dx, dy, scratch, h, w)
            np.take(buckets.table(b), bins, out=looked_up, mode="clip")
            rx += looked_up
            rx += buckets.three_slope[b]
        if loss is not None:
            rx -= loss
        best = win[buckets.group[b]]
        np.maximum(best, rx, out=best)
        evaluations += rx.size * count
    return evaluations


def _bearing(dx: F32, dy: F32, scratch: Scratch, h: int, w: int) -> F32:
    """Bearing in degrees 0–360 (float32) into scratch plane 3."""
    bearing = scratch.plane(3, h, w)
    np.arctan2(dx, dy, out=bearing)
    np.degrees(bearing, out=bearing)
    neg = scratch.flags(h, w)
    np.less(bearing, 0, out=neg)
    np.add(bearing, np.float32(360.0), out=bearing, where=neg)
    return bearing


def _bins(dx: F32, dy: F32, scratch: Scratch, h: int, w: int) -> NDArray[np.int32]:
    """Bearing-table bin of every cell (0 … 3600) into the scratch bins."""
    angle = scratch.plane(4, h, w)
    np.arctan2(dx, dy, out=angle)
    angle *= _TO_BIN
    bins = scratch.bin_plane(h, w)
    np.add(angle, _BIN_OFFSET, out=bins, casting="unsafe")  # truncation, as astype
    return bins


def _general_site(
    radios: Radios,
    idx: I64,
    xs: NDArray[np.float64],
    ys: NDArray[np.float64],
    sx: float,
    sy: float,
    win: F32,
    loss: F32 | None = None,
) -> int:
    """One site of a model that is not a log line in d (3GPP 38.901): radio by radio
    (− the terrain's `loss`)."""
    dx = (xs - sx).astype(np.float32)[None, :]
    dy = (ys - sy).astype(np.float32)[:, None]
    d_km = np.sqrt(dx * dx + dy * dy) * np.float32(0.001)
    evaluations = 0
    for i in idx:
        rx = np.float32(radios.eirp_eff[i]) - radios.path_loss(int(i), d_km)
        if not np.isnan(radios.azimuth[i]):
            rx -= antenna.sector_loss(
                dx, dy, radios.azimuth[i], radios.beamwidth[i], radios.max_attenuation_db
            ).astype(np.float32)
        if loss is not None:
            rx -= loss
        best = win[radios.group[i]]
        np.maximum(best, rx, out=best)
        evaluations += rx.size
    return evaluations
