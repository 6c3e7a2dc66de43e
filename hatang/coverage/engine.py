"""The coverage engine: received power of many radios over a grid or at given points.

Pure numpy (float32 on the grid), no file or database code. The public API:

``prepare(cells, settings, *, margin_db=0.0) -> Radios``
    Turn a cells frame into arrays. Columns: ``x``, ``y`` (projected metres),
    ``height_m``, ``eirp_dbm``, ``band_mhz``, ``technology`` ('2G'…'5G'), ``operator``;
    optional ``bandwidth_mhz`` (NaN: 10 MHz for 4G), ``azimuth_deg`` (NaN: omni),
    ``beamwidth_deg`` (NaN: 65°), ``environment`` (NaN: settings.environment) and
    ``offset_db`` (a calibration offset added to the received power). Each radio gets its
    evaluation radius: the distance at which its boresight received power falls to its
    technology's threshold (plus the indoor margin, minus ``margin_db``), from the
    model's analytic inverse (``propagation.max_distance_km``). Beyond it the radio
    cannot cover anything, so the cutoff loses nothing for coverage.

``compute_grid(radios, grid, *, workers=1, progress=None) -> GridPower``
    Best received power per (operator, technology) group on every grid cell, tile by
    tile (tiles are independent; ``workers`` > 1 uses a process pool). Radios on one
    site share the distance and bearing arrays; each sector adds only its pattern.
    Cells that no radio reaches hold ``NO_SIGNAL`` (−250 dBm).

``received_power(cells, points, settings) -> ndarray (n_points, n_cells)``
    Received power (dBm; RSRP for 4G/5G) of every cell at every point, no cutoff:
    dense, for small problems and tests.

``best_received_power(cells, points, settings, *, margin_db=20) -> ndarray (n_points,)``
    Best received power over the cells at each point (NO_SIGNAL beyond every radius).

``covered_mask(cells, points, settings) -> bool ndarray (n_points,)`` and
``coverage_matrix(cells, points, settings) -> scipy.sparse.csr_matrix`` (points × cells,
True where that cell alone covers that point) — what the planner scores candidate
sites with: the same models, thresholds, indoor margin and cutoff as the grid.

Received power = EIRP − 10 log10(subcarriers) (4G/5G) − path loss − pattern loss +
offset; "covered" = received power − indoor margin ≥ the technology's threshold.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy import sparse
from scipy.spatial import cKDTree

from hatang.coverage import antenna, link, propagation
from hatang.coverage.grid import Grid, Tile
from hatang.errors import ConfigError
from hatang.settings import CoverageSettings

NO_SIGNAL = np.float32(-250.0)
REQUIRED_COLUMNS = ("x", "y", "height_m", "eirp_dbm", "band_mhz", "technology", "operator")


@dataclass
class Radios:
    """Cells as arrays (one entry per radio), ready for the engine."""

    x: NDArray[np.float64]
    y: NDArray[np.float64]
    eirp_eff: NDArray[np.float64]  # EIRP − subcarrier term + offset (dBm)
    intercept: NDArray[np.float64]  # A of L = A + B log10(d_km) (log-line models)
    slope: NDArray[np.float64]  # B
    azimuth: NDArray[np.float64]  # NaN = omni
    beamwidth: NDArray[np.float64]
    threshold: NDArray[np.float64]  # covered when rx − indoor margin ≥ threshold
    radius_m: NDArray[np.float64]
    group: NDArray[np.int64]  # index into groups
    groups: list[tuple[str, str]]  # (operator, technology)
    band: NDArray[np.float64]
    height: NDArray[np.float64]
    env: NDArray[np.object_]
    model: str
    hm: float
    max_attenuation_db: float
    indoor_margin_db: float

    def __len__(self) -> int:
        return len(self.x)

    @property
    def log_line(self) -> bool:
        return propagation.get_model(self.model).coefficients is not None

    def path_loss(self, i: int, d_km: NDArray) -> NDArray:
        """Path loss of radio i at distances d_km (float32 in, float32 out)."""
        if self.log_line:
            logd = np.log10(np.maximum(d_km, np.float32(propagation.D_MIN_KM)))
            return np.float32(self.intercept[i]) + np.float32(self.slope[i]) * logd
        m = propagation.get_model(self.model)
        return m.loss(self.band[i], self.height[i], self.hm, d_km, self.env[i]).astype(np.float32)


def _column(cells: pd.DataFrame, name: str, default: float = np.nan) -> NDArray[np.float64]:
    if name in cells.columns:
        return pd.to_numeric(cells[name], errors="coerce").to_numpy(dtype=np.float64)
    return np.full(len(cells), default, dtype=np.float64)


def prepare(cells: pd.DataFrame, settings: CoverageSettings, *, margin_db: float = 0.0) -> Radios:
    """Arrays and evaluation radii for the cells (see module docstring)."""
    missing = [c for c in REQUIRED_COLUMNS if c not in cells.columns]
    if missing:
        raise ConfigError(f"cells frame lacks column(s) {', '.join(missing)}")
    n = len(cells)
    tech = cells["technology"].astype(str).str.upper().to_numpy(dtype=object)
    operator = cells["operator"].astype(str).to_numpy(dtype=object)
    band = _column(cells, "band_mhz")
    height = _column(cells, "height_m")
    eirp = _column(cells, "eirp_dbm")
    for name, arr in (
        ("band_mhz", band),
        ("height_m", height),
        ("eirp_dbm", eirp),
        ("x", _column(cells, "x")),
    ):
        if n and np.isnan(arr).any():
            raise ConfigError(f"cells frame has empty {name} values")
    offset = np.nan_to_num(_column(cells, "offset_db"), nan=0.0)
    env = np.full(n, settings.environment, dtype=object)
    if "environment" in cells.columns:
        given = cells["environment"].to_numpy(dtype=object)
        env = np.where(pd.isna(given) | (given == ""), env, given)
    eirp_eff = (
        eirp - link.per_subcarrier_db(_column(cells, "bandwidth_mhz"), tech) + offset if n else eirp
    )
    thresholds = {t: link.threshold_dbm(settings, t) for t in set(tech)}
    threshold = np.array([thresholds[t] for t in tech], dtype=np.float64)
    budget = eirp_eff - (threshold + settings.indoor_margin_db - margin_db)
    model = propagation.get_model(settings.model)
    intercept = np.zeros(n)
    slope = np.zeros(n)
    radius_km = np.zeros(n)
    hm = settings.mobile_height_m
    for e in sorted(set(env)) if n else []:
        sel = env == e
        if model.coefficients is not None:
            intercept[sel], slope[sel] = model.coefficients(band[sel], height[sel], hm, e)
        radius_km[sel] = propagation.max_distance_km(
            model.name, band[sel], height[sel], hm, budget[sel], e
        )
    keys = list(zip(operator, tech, strict=True))
    groups = sorted(set(keys))
    index = {g: i for i, g in enumerate(groups)}
    return Radios(
        x=_column(cells, "x"),
        y=_column(cells, "y"),
        eirp_eff=np.asarray(eirp_eff, dtype=np.float64),
        intercept=intercept,
        slope=slope,
        azimuth=_column(cells, "azimuth_deg"),
        beamwidth=np.nan_to_num(_column(cells, "beamwidth_deg"), nan=antenna.DEFAULT_BEAMWIDTH_DEG),
        threshold=threshold,
        radius_m=radius_km * 1000.0,
        group=np.array([index[k] for k in keys], dtype=np.int64),
        groups=groups,
        band=band,
        height=height,
        env=env,
        model=model.name,
        hm=hm,
        max_attenuation_db=settings.sector_max_attenuation_db,
        indoor_margin_db=settings.indoor_margin_db,
    )


# ---- grid ---------------------------------------------------------------------------


@dataclass
class GridPower:
    """Best received power (dBm, float32) per group on the grid: shape (groups, ny, nx)."""

    grid: Grid
    groups: list[tuple[str, str]]
    best: NDArray[np.float32]
    thresholds: NDArray[np.float64]  # per group
    indoor_margin_db: float
    evaluations: int  # radio × grid-cell evaluations done

    def covered(self, group: int) -> NDArray[np.bool_]:
        return (self.best[group] - self.indoor_margin_db) >= self.thresholds[group]

    def group_indices(
        self, *, operator: str | None = None, technology: str | None = None
    ) -> list[int]:
        return [
            i
            for i, (op, t) in enumerate(self.groups)
            if (operator is None or op == operator) and (technology is None or t == technology)
        ]

    def covered_any(
        self, *, operator: str | None = None, technology: str | None = None
    ) -> NDArray[np.bool_]:
        out = np.zeros(self.grid.shape, dtype=bool)
        for g in self.group_indices(operator=operator, technology=technology):
            out |= self.covered(g)
        return out

    def operators_covering(self, technology: str | None = None) -> NDArray[np.int8]:
        """Number of operators whose signal covers each grid cell."""
        ops = sorted({op for op, _ in self.groups})
        count = np.zeros(self.grid.shape, dtype=np.int8)
        for op in ops:
            count += self.covered_any(operator=op, technology=technology).astype(np.int8)
        return count

    def best_any(self, technology: str | None = None) -> NDArray[np.float32]:
        idx = self.group_indices(technology=technology)
        if not idx:
            return np.full(self.grid.shape, NO_SIGNAL, dtype=np.float32)
        return self.best[idx].max(axis=0)


_WORK: tuple[Radios, Grid, list] | None = None


@dataclass
class _Site:
    x: float
    y: float
    radius_m: float
    radios: NDArray[np.int64]
    buckets: list  # from _site_buckets (log-line models only)


def _sites(radios: Radios) -> list[_Site]:
    """Radios grouped by position (sectors of one site share distance and bearing)."""
    out: dict[tuple[float, float], list[int]] = {}
    for i, key in enumerate(zip(np.round(radios.x, 2), np.round(radios.y, 2), strict=True)):
        if radios.radius_m[i] > 0:
            out.setdefault((float(key[0]), float(key[1])), []).append(i)
    sites = []
    for (x, y), ii in out.items():
        idx = np.array(ii, dtype=np.int64)
        buckets = _site_buckets(radios, idx) if radios.log_line else []
        sites.append(_Site(x, y, float(radios.radius_m[idx].max()), idx, buckets))
    return sites


def _init_worker(radios: Radios, grid: Grid, sites: list[_Site]) -> None:
    global _WORK
    _WORK = (radios, grid, sites)


def _tile_worker(tile: Tile) -> tuple[Tile, NDArray[np.float32], int]:
    assert _WORK is not None
    radios, grid, sites = _WORK
    best, n = compute_tile(radios, grid, tile, sites)
    return tile, best, n


BEARING_BINS_PER_DEG = 10  # sector patterns are tabulated every 0.1° of bearing


@dataclass
class _Bucket:
    """The radios of one site with the same group and slope B: they differ only by
    base = EIRP_eff − A and their pattern, so their best received power is
    max_i(base_i − pattern_i(bearing)) − B log10(d)."""

    group: int
    slope: float
    base: NDArray[np.float64]
    azimuth: NDArray[np.float64]  # NaN: omni
    beamwidth: NDArray[np.float64]
    max_attenuation_db: float
    _table: NDArray[np.float32] | None = None

    @property
    def count(self) -> int:
        return len(self.base)

    @property
    def omni_only(self) -> bool:
        return bool(np.isnan(self.azimuth).all())

    def table(self) -> NDArray[np.float32]:
        """max_i(base_i − pattern_i) tabulated by bearing −180°…180° at 0.1° bin centres.

        The bearing of a pixel and the azimuth are quantised to 0.1° (≤ 0.05 dB of
        pattern). Built once per site and cached.
        """
        if self._table is None:
            n = 360 * BEARING_BINS_PER_DEG
            omni = np.isnan(self.azimuth)
            table = np.full(n + 1, self.base[omni].max() if omni.any() else -np.inf)
            for b, a, bw in zip(
                self.base[~omni], self.azimuth[~omni], self.beamwidth[~omni], strict=True
            ):
                start = (-int(round(a * BEARING_BINS_PER_DEG))) % n
                pattern = _pattern_bins(float(bw), self.max_attenuation_db)[start : start + n + 1]
                np.maximum(table, b - pattern, out=table)
            self._table = table.astype(np.float32)
        return self._table

    def direct(self, bearing_deg: NDArray[np.float32]) -> NDArray[np.float32]:
        """max_i(base_i − pattern_i(bearing)) computed exactly (for small windows)."""
        out = np.full(bearing_deg.shape, -np.inf, dtype=np.float32)
        omni = np.isnan(self.azimuth)
        if omni.any():
            out[...] = np.float32(self.base[omni].max())
        t = np.empty_like(bearing_deg)
        for b, a, bw in zip(
            self.base[~omni], self.azimuth[~omni], self.beamwidth[~omni], strict=True
        ):
            np.subtract(bearing_deg, np.float32(a % 360.0), out=t)
            np.abs(t, out=t)
            np.minimum(t, np.float32(360.0) - t, out=t)
            np.multiply(t, t, out=t)
            t *= np.float32(12.0 / bw**2)
            np.minimum(t, np.float32(self.max_attenuation_db), out=t)
            np.subtract(np.float32(b), t, out=t)
            np.maximum(out, t, out=out)
        return out


@lru_cache(maxsize=64)
def _pattern_bins(beamwidth: float, max_attenuation_db: float) -> NDArray[np.float64]:
    """Pattern loss at the bin centres of θ = −180° … 180° (0.1° bins), repeated twice so
    that a shift by the azimuth is a slice."""
    n = 360 * BEARING_BINS_PER_DEG
    centres = -180.0 + (np.arange(n) + 0.5) / BEARING_BINS_PER_DEG
    once = antenna.pattern_loss(centres, beamwidth, max_attenuation_db)
    return np.concatenate([once, once, once[:1]])


def _site_buckets(radios: Radios, idx: NDArray[np.int64]) -> list[_Bucket]:
    """The radios of one site grouped by (group, slope)."""
    keys: dict[tuple[int, float], list[int]] = {}
    for i in idx:
        keys.setdefault((int(radios.group[i]), round(float(radios.slope[i]), 9)), []).append(int(i))
    out = []
    for (g, slope), ii in keys.items():
        j = np.array(ii, dtype=np.int64)
        out.append(
            _Bucket(
                g,
                slope,
                radios.eirp_eff[j] - radios.intercept[j],
                radios.azimuth[j],
                radios.beamwidth[j],
                radios.max_attenuation_db,
            )
        )
    return out


#: windows smaller than this many pixels per sector evaluate the pattern directly;
#: larger ones look it up in the bucket's bearing table (3,601 entries to build)
DIRECT_PIXELS_PER_SECTOR = 4 * 3601


def compute_tile(
    radios: Radios, grid: Grid, tile: Tile, sites: list[_Site] | None = None
) -> tuple[NDArray[np.float32], int]:
    """Best received power per group over one tile: (groups, rows, cols), evaluations.

    `evaluations` counts radio × grid-cell pairs assessed (a site's sectors of one
    operator are assessed together in one pass, see `_Bucket`).
    """
    sites = _sites(radios) if sites is None else sites
    best = np.full((len(radios.groups), tile.rows, tile.cols), NO_SIGNAL, dtype=np.float32)
    xs = grid.xs(tile.col0, tile.cols).astype(np.float64)
    ys = grid.ys(tile.row0, tile.rows).astype(np.float64)
    half = grid.res / 2
    txmin, txmax, tymin, tymax = xs[0] - half, xs[-1] + half, ys[-1] - half, ys[0] + half
    evaluations = 0
    d2_min = np.float32((propagation.D_MIN_KM * 1000.0) ** 2)
    to_bin = np.float32(180.0 * BEARING_BINS_PER_DEG / np.pi)
    offset = np.float32(180 * BEARING_BINS_PER_DEG)
    for site in sites:
        sx, sy, r, idx = site.x, site.y, site.radius_m, site.radios
        if sx + r < txmin or sx - r > txmax or sy + r < tymin or sy - r > tymax:
            continue
        c0, c1 = np.searchsorted(xs, sx - r - half), np.searchsorted(xs, sx + r + half)
        # ys decreases with the row: rows whose centre lies within [sy − r, sy + r]
        r0, r1 = np.searchsorted(-ys, -(sy + r + half)), np.searchsorted(-ys, -(sy - r - half))
        if c0 >= c1 or r0 >= r1:
            continue
        dx = (xs[c0:c1] - sx).astype(np.float32)[None, :]
        dy = (ys[r0:r1] - sy).astype(np.float32)[:, None]
        if not radios.log_line:
            d_km = np.sqrt(dx * dx + dy * dy) * np.float32(0.001)
            for i in idx:
                rx = np.float32(radios.eirp_eff[i]) - radios.path_loss(int(i), d_km)
                if not np.isnan(radios.azimuth[i]):
                    rx -= antenna.sector_loss(
                        dx, dy, radios.azimuth[i], radios.beamwidth[i], radios.max_attenuation_db
                    ).astype(np.float32)
                win = best[radios.group[i], r0:r1, c0:c1]
                np.maximum(win, rx, out=win)
                evaluations += rx.size
            continue
        log_d2 = dx * dx + dy * dy
        np.maximum(log_d2, d2_min, out=log_d2)
        np.log10(log_d2, out=log_d2)  # log10(d²) in m²: B log10(d_km) = B/2 log10(d²) − 3B
        bins = None
        bearing = None
        rx = np.empty_like(log_d2)
        for bucket in site.buckets:
            slope = bucket.slope
            np.multiply(log_d2, np.float32(-0.5 * slope), out=rx)
            if bucket.omni_only:
                rx += np.float32(bucket.base.max() + 3.0 * slope)
            elif rx.size * bucket.count < DIRECT_PIXELS_PER_SECTOR:
                if bearing is None:
                    bearing = np.degrees(np.arctan2(dx, dy)).astype(np.float32)
                    bearing[bearing < 0] += np.float32(360.0)
                rx += bucket.direct(bearing)
                rx += np.float32(3.0 * slope)
            else:
                if bins is None:
                    angle = np.arctan2(dx, dy)
                    angle *= to_bin
                    angle += offset
                    bins = angle.astype(np.int32)
                rx += bucket.table()[bins]
                rx += np.float32(3.0 * slope)
            win = best[bucket.group, r0:r1, c0:c1]
            np.maximum(win, rx, out=win)
            evaluations += rx.size * bucket.count
    return best, evaluations


def compute_grid(
    radios: Radios,
    grid: Grid,
    *,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> GridPower:
    """Best received power per group on every grid cell (see module docstring)."""
    best = np.full((len(radios.groups), grid.ny, grid.nx), NO_SIGNAL, dtype=np.float32)
    tiles = list(grid.tiles())
    sites = _sites(radios)
    evaluations = 0
    done = 0
    if workers <= 1 or len(tiles) == 1:
        results = (compute_tile(radios, grid, t, sites) + (t,) for t in tiles)
        for arr, n, tile in results:
            rs, cs = tile.slices
            best[:, rs, cs] = arr
            evaluations += n
            done += 1
            if progress:
                progress(done, len(tiles))
    else:
        with ProcessPoolExecutor(
            max_workers=workers, initializer=_init_worker, initargs=(radios, grid, sites)
        ) as ex:
            for tile, arr, n in ex.map(_tile_worker, tiles):
                rs, cs = tile.slices
                best[:, rs, cs] = arr
                evaluations += n
                done += 1
                if progress:
                    progress(done, len(tiles))
    thresholds = np.array(
        [
            radios.threshold[radios.group == g][0] if (radios.group == g).any() else np.inf
            for g in range(len(radios.groups))
        ]
    )
    return GridPower(grid, radios.groups, best, thresholds, radios.indoor_margin_db, evaluations)


# ---- points -------------------------------------------------------------------------


def _radio_at(radios: Radios, i: int, px: NDArray, py: NDArray) -> NDArray[np.float32]:
    dx = (px - radios.x[i]).astype(np.float32)
    dy = (py - radios.y[i]).astype(np.float32)
    d_km = np.sqrt(dx * dx + dy * dy) * np.float32(0.001)
    rx = np.float32(radios.eirp_eff[i]) - radios.path_loss(i, d_km)
    if not np.isnan(radios.azimuth[i]):
        rx = rx - antenna.sector_loss(
            dx, dy, radios.azimuth[i], radios.beamwidth[i], radios.max_attenuation_db
        ).astype(np.float32)
    return rx.astype(np.float32)


def _points(points: NDArray) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    pts = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    return pts[:, 0], pts[:, 1]


def received_power(
    cells: pd.DataFrame, points: NDArray, settings: CoverageSettings
) -> NDArray[np.float32]:
    """(n_points, n_cells) received power in dBm, no cutoff (dense: small problems)."""
    radios = prepare(cells, settings)
    px, py = _points(points)
    out = np.empty((len(px), len(radios)), dtype=np.float32)
    for i in range(len(radios)):
        out[:, i] = _radio_at(radios, i, px, py)
    return out


def _pairs(radios: Radios, px: NDArray, py: NDArray):
    """(radio i, point indices within its radius, received power there) for each radio."""
    if len(px) == 0:
        return
    tree = cKDTree(np.column_stack([px, py]))
    for i in range(len(radios)):
        if radios.radius_m[i] <= 0:
            continue
        near = np.asarray(
            tree.query_ball_point([radios.x[i], radios.y[i]], radios.radius_m[i]), dtype=np.int64
        )
        if near.size:
            yield i, near, _radio_at(radios, i, px[near], py[near])


def best_received_power(
    cells: pd.DataFrame, points: NDArray, settings: CoverageSettings, *, margin_db: float = 20.0
) -> NDArray[np.float32]:
    """Best received power over the cells at each point (exact down to threshold − margin_db)."""
    radios = prepare(cells, settings, margin_db=margin_db)
    px, py = _points(points)
    best = np.full(len(px), NO_SIGNAL, dtype=np.float32)
    for _, near, rx in _pairs(radios, px, py):
        best[near] = np.maximum(best[near], rx)
    return best


def coverage_matrix(
    cells: pd.DataFrame, points: NDArray, settings: CoverageSettings
) -> sparse.csr_matrix:
    """Sparse bool (n_points, n_cells): True where the cell alone covers the point."""
    radios = prepare(cells, settings)
    px, py = _points(points)
    rows: list[NDArray[np.int64]] = []
    cols: list[NDArray[np.int64]] = []
    for i, near, rx in _pairs(radios, px, py):
        ok = near[(rx - radios.indoor_margin_db) >= radios.threshold[i]]
        rows.append(ok)
        cols.append(np.full(ok.size, i, dtype=np.int64))
    r = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    c = np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64)
    data = np.ones(r.size, dtype=bool)
    return sparse.csr_matrix((data, (r, c)), shape=(len(px), len(radios)), dtype=bool)


def covered_mask(
    cells: pd.DataFrame, points: NDArray, settings: CoverageSettings
) -> NDArray[np.bool_]:
    """True where at least one of the cells covers the point."""
    m = coverage_matrix(cells, points, settings)
    return np.asarray(m.getnnz(axis=1) > 0)
