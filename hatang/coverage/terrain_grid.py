"""Terrain loss of one site over its window of the coverage grid, from a DEM on that grid.

Pure numpy. As SPLAT! and Signal-Server do, the terrain
is read along radials from the site — as many as the window's rim has cells, one
sample per cell size — and each grid cell takes the value of the nearest radial and
sample. The loss added to the median model's (`terrain.radial_diffraction`):

* the Deygout diffraction loss of the obstructed cells (line of sight: none);
* for the Hata family, the change in the model's loss when the base station's height
  is taken over the terrain as Okumura–Hata define it (`terrain.effective_height`,
  per radial) instead of over its own ground: L(d, h_eff) − L(d, h). On flat ground
  h_eff = h and the correction is 0; a site on a hill gains, one in a hollow loses.

One value per site: the diffraction geometry uses the site's highest antenna and its
radios' median frequency (docs/coverage.md, "Terrain").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hatang.coverage import propagation, terrain
from hatang.coverage.grid import Grid
from hatang.coverage.radios import Radios
from hatang.coverage.sites import Sites

F32 = NDArray[np.float32]
F64 = NDArray[np.float64]


@dataclass(frozen=True)
class Terrain:
    """A DEM resampled to the coverage grid (metres above sea level, no voids) and how
    to use it."""

    elevation: F32  # (grid.ny, grid.nx)
    k: float = terrain.K_FACTOR
    max_edges: int = 3
    synthetic: bool = False

    def at(self, grid: Grid, x: F64, y: F64) -> F64:
        """Elevation at projected points: the grid cell holding each (the DEM is already
        on the grid, and radials are sampled one cell apart); the edge cell beyond it."""
        col = np.clip(((np.asarray(x) - grid.x0) / grid.res).astype(np.int64), 0, grid.nx - 1)
        row = np.clip(((grid.y1 - np.asarray(y)) / grid.res).astype(np.int64), 0, grid.ny - 1)
        return np.asarray(self.elevation[row, col], dtype=np.float64)


@dataclass(frozen=True)
class SiteRadio:
    """What the terrain needs of one site: where it is, its highest antenna, the
    frequency its loss is judged at, and the model (for the effective height)."""

    x: float
    y: float
    height_m: float
    f_mhz: float
    model: str
    env: str
    hm: float


@dataclass(frozen=True)
class Radials:
    """The radials a site's terrain is read along over its window: `count` bearings
    from north, `d` the sample distances (one cell apart, out to the window's far
    corner)."""

    count: int
    d: F64
    step: float

    def nearest(self, dx: F64, dy: F64) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """The radial and sample nearest each offset from the site (float32, as the
        grid has always read them)."""
        fx, fy = np.asarray(dx).astype(np.float32), np.asarray(dy).astype(np.float32)
        turns = np.arctan2(fx, fy) * np.float32(self.count / (2 * math.pi))
        ray = np.rint(turns).astype(np.int64) % self.count
        at = np.rint(np.sqrt(fx * fx + fy * fy) * np.float32(1 / self.step)).astype(np.int64)
        np.minimum(at, len(self.d) - 1, out=at)
        return ray, at

    def profiles(self, t: Terrain, grid: Grid, site: SiteRadio, rays: NDArray[np.int64]) -> F64:
        """Elevations along the radials `rays` (rays × samples)."""
        theta = rays * (2 * math.pi / self.count)
        px = site.x + np.sin(theta)[:, None] * self.d[None, :]
        py = site.y + np.cos(theta)[:, None] * self.d[None, :]
        return t.at(grid, px, py)


def window_offsets(
    grid: Grid, site: SiteRadio, window: tuple[int, int, int, int]
) -> tuple[F64, F64]:
    """Offsets from the site of the window's cell centres: columns (1, nc), rows (nr, 1)."""
    r0, r1, c0, c1 = window
    xs = grid.x0 + (np.arange(c0, c1, dtype=np.float64) + 0.5) * grid.res
    ys = grid.y1 - (np.arange(r0, r1, dtype=np.float64) + 0.5) * grid.res
    return np.asarray(xs[None, :] - site.x, np.float64), np.asarray(
        ys[:, None] - site.y, np.float64
    )


def radials(grid: Grid, site: SiteRadio, window: tuple[int, int, int, int]) -> Radials:
    """As many radials as the window's rim has cells, sampled every cell."""
    dx, dy = window_offsets(grid, site, window)
    reach = float(np.sqrt(dx * dx + dy * dy).max()) if dx.size and dy.size else 0.0
    step = grid.res
    samples = max(2, int(math.ceil(reach / step)) + 1)
    count = max(64, int(math.ceil(2 * math.pi * reach / step)))
    return Radials(count, np.arange(samples, dtype=np.float64) * step, step)


def site_loss(t: Terrain, grid: Grid, site: SiteRadio, window: tuple[int, int, int, int]) -> F32:
    """Extra loss (dB, float32) over the site's window rows r0:r1, cols c0:c1."""
    rad = radials(grid, site, window)
    z = rad.profiles(t, grid, site, np.arange(rad.count))
    loss: F64 = terrain.radial_loss(
        rad.d, z, site.height_m, site.hm, site.f_mhz, k=t.k, max_edges=t.max_edges
    )
    loss += _height_correction(rad.d, z, site)
    # each cell: the nearest radial (bearing from north, as the engine's) and sample
    ray, at = rad.nearest(*window_offsets(grid, site, window))
    return np.asarray(loss.astype(np.float32)[ray, at], dtype=np.float32)


def point_loss(
    t: Terrain,
    grid: Grid,
    site: SiteRadio,
    window: tuple[int, int, int, int],
    row: NDArray[np.int64],
    col: NDArray[np.int64],
) -> F32:
    """`site_loss` at the grid cells (row, col) of the window alone — the same values,
    reading only the radials those cells need and the loss at their sample only."""
    rad = radials(grid, site, window)
    xs = np.asarray(grid.x0 + (col + 0.5) * grid.res - site.x, dtype=np.float64)
    ys = np.asarray(grid.y1 - (row + 0.5) * grid.res - site.y, dtype=np.float64)
    ray, at = rad.nearest(xs, ys)
    rays, inverse = np.unique(ray, return_inverse=True)
    z = rad.profiles(t, grid, site, rays)[inverse.ravel()]
    # the effective height reads the whole radial (3–15 km out), the diffraction only
    # the samples up to the receiver's
    out = _height_correction(rad.d, z, site)[np.arange(len(z)), at]
    far = np.flatnonzero(at > 0)  # the site's own cell has no path to diffract over
    if len(far):
        upto = int(at[far].max()) + 1
        out[far] += terrain.loss_at(
            rad.d[:upto], z[far, :upto], site.height_m, site.hm, site.f_mhz, at[far],
            k=t.k, max_edges=t.max_edges,
        )  # fmt: skip
    return np.asarray(out, dtype=np.float32)


def _height_correction(d: F64, z: F64, site: SiteRadio) -> F64:
    """L(d, h_eff) − L(d, h) per radial and sample, for models with a log line in d."""
    model = propagation.get_model(site.model)
    if model.coefficients is None:
        return np.zeros_like(z)
    h_eff = terrain.effective_height(d, z, site.height_m)
    a_eff, b_eff = model.coefficients(site.f_mhz, h_eff, site.hm, site.env)
    a, b = model.coefficients(site.f_mhz, site.height_m, site.hm, site.env)
    log_d = np.log10(np.maximum(d / 1000.0, propagation.D_MIN_KM))
    return (np.asarray(a_eff) - a)[:, None] + (np.asarray(b_eff) - b)[:, None] * log_d[None, :]


def site_radio(radios: Radios, sites: Sites, s: int) -> SiteRadio:
    """What the terrain needs of site s: its highest antenna and its radios' median band."""
    idx = sites.radios_of(s)
    return SiteRadio(
        float(sites.x[s]),
        float(sites.y[s]),
        float(radios.height[idx].max()),
        float(np.median(radios.band[idx])),
        radios.model,
        str(radios.env[idx[0]]),
        float(radios.hm),
    )


def site_losses(
    t: Terrain, grid: Grid, radios: Radios, sites: Sites, window: NDArray[np.int64]
) -> list[F32]:
    """`site_loss` of every site over its window (rows of `window`: r0, r1, c0, c1)."""
    out = []
    for s in range(len(sites)):
        r0, r1, c0, c1 = (int(v) for v in window[s])
        out.append(site_loss(t, grid, site_radio(radios, sites, s), (r0, r1, c0, c1)))
    return out
