"""A synthetic DEM for the demo of a province with relief (`hatang demo DIR --province
CODE`): fractal ridges and valleys at heights of the province's order, so that the
terrain path of the coverage model is exercised end to end. SYNTHETIC: the surface
is random; only its scale (valley floor, ridge height, how much of the province is
upland) follows the province, and nothing in it is a real hill.

How it is made (pure numpy, deterministic from the seed):

* a fractal surface by spectral synthesis (amplitude ∝ f^(−β/2), β = 3.2, wavelengths
  from 40 km down to the cell), its heights skewed (u^1.4) so that most of an upland
  lies well below its ridges;
* an upland mask: the province's most thinly peopled communes (`Relief.upland_share`
  of them) are upland, the others plain; the mask is each cell's nearest commune's,
  blurred over a few kilometres so that hills rise from the plain;
* valleys where people live: the villages are joined by valley lines (their minimum
  spanning tree) and the surface is lowered along them, over about a kilometre each
  side (settlements in the hills sit on valley floors, strung along rivers), so the
  DEM and the demo's villages agree.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy import ndimage
from scipy.spatial import cKDTree

F32 = NDArray[np.float32]
F64 = NDArray[np.float64]

#: DEM cell in degrees: 3 arc-seconds, as SRTM 3″ (about 90 m)
CELL_DEG = 1.0 / 1200.0
#: a province whose uplands rise less than this gets no DEM (its demo is modelled flat)
MIN_RELIEF_M = 300.0
#: the longest wavelength of the fractal surface, and the blur of the upland mask (km)
LONGEST_KM, MASK_BLUR_KM = 40.0, 3.0
#: the fractal's spectral exponent (a terrain's power spectrum falls as f^−3 to f^−4),
#: and the skew of its heights (most of an upland lies well below its ridges)
BETA, SKEW = 3.2, 1.4
#: valleys: depth (share of the local relief) and half-width (km) along the valley lines
VALLEY_DEPTH, VALLEY_KM = 0.7, 1.2


@dataclass(frozen=True)
class Relief:
    """The scale of a province's relief: plains and valley floors, the ridges of its
    uplands, and the share of its communes that are upland."""

    low_m: float
    high_m: float
    upland_share: float


#: the 2025 provinces' relief, rounded: the order of their lowlands and of the ridges
#: of their uplands (from the highest summits named in public gazetteers: Fansipan
#: 3,143 m, Pu Si Lung 3,083 m, Tây Côn Lĩnh 2,419 m, Pu Xai Lai Leng 2,711 m, Ngọc
#: Linh 2,598 m, Chư Yang Sin 2,442 m, Bidoup 2,287 m, Ba Vì 1,296 m, Bà Đen 986 m…),
#: and a judged share of upland communes. Scale for a synthetic surface, not data.
RELIEF: dict[str, Relief] = {
    "01": Relief(5, 1_200, 0.10),
    "04": Relief(200, 1_900, 0.90),
    "08": Relief(50, 2_400, 0.85),
    "11": Relief(400, 2_100, 0.95),
    "12": Relief(300, 3_000, 0.95),
    "14": Relief(300, 2_800, 0.95),
    "15": Relief(80, 3_100, 0.85),
    "19": Relief(20, 1_500, 0.70),
    "20": Relief(200, 1_500, 0.85),
    "22": Relief(0, 1_100, 0.60),
    "24": Relief(5, 1_000, 0.30),
    "25": Relief(10, 1_500, 0.60),
    "31": Relief(0, 500, 0.10),
    "33": Relief(0, 10, 0.0),
    "37": Relief(0, 600, 0.10),
    "38": Relief(0, 1_600, 0.70),
    "40": Relief(0, 2_700, 0.80),
    "42": Relief(0, 2_200, 0.60),
    "44": Relief(0, 2_000, 0.70),
    "46": Relief(0, 1_700, 0.60),
    "48": Relief(0, 2_600, 0.70),
    "51": Relief(0, 2_600, 0.75),
    "52": Relief(0, 1_700, 0.80),
    "56": Relief(0, 2_000, 0.60),
    "66": Relief(0, 2_400, 0.80),
    "68": Relief(0, 2_200, 0.70),
    "75": Relief(0, 700, 0.20),
    "79": Relief(0, 500, 0.05),
    "80": Relief(0, 980, 0.02),
    "82": Relief(0, 5, 0.0),
    "86": Relief(0, 5, 0.0),
    "91": Relief(0, 700, 0.03),
    "92": Relief(0, 5, 0.0),
    "96": Relief(0, 3, 0.0),
}


def relief_of(province: str) -> Relief | None:
    """The province's relief when it is enough for a DEM to matter, else None."""
    r = RELIEF.get(province)
    if r is None or r.upland_share <= 0 or r.high_m - r.low_m < MIN_RELIEF_M:
        return None
    return r


@dataclass(frozen=True)
class Dem:
    """A DEM on a lon/lat grid: row 0 is the north edge; cells of `cell_deg`."""

    elevation: F32  # (ny, nx) metres above sea level
    west: float
    north: float
    cell_deg: float

    def at(self, lon: F64, lat: F64) -> F32:
        """Elevation of the cells holding the points (clipped to the edge)."""
        ny, nx = self.elevation.shape
        col = np.clip(((np.asarray(lon) - self.west) / self.cell_deg).astype(int), 0, nx - 1)
        row = np.clip(((self.north - np.asarray(lat)) / self.cell_deg).astype(int), 0, ny - 1)
        return self.elevation[row, col]


def fractal(shape: tuple[int, int], km_per_cell: float, rng: np.random.Generator) -> F64:
    """A fractal surface in [−1, 1]: spectral synthesis, amplitude ∝ f^(−BETA/2), with
    wavelengths from LONGEST_KM down to the cell."""
    ny, nx = shape
    fy = np.fft.fftfreq(ny)[:, None]
    fx = np.fft.rfftfreq(nx)[None, :]
    f = np.hypot(fx, fy)
    amp = np.zeros_like(f)
    keep = f >= km_per_cell / LONGEST_KM
    amp[keep] = f[keep] ** (-BETA / 2)
    spectrum = amp * (rng.standard_normal(f.shape) + 1j * rng.standard_normal(f.shape))
    z = np.fft.irfft2(spectrum, s=shape)
    peak = np.abs(z).max()
    return z / peak if peak > 0 else z


def upland_mask(
    communes: pd.DataFrame, lon: F64, lat: F64, share: float, km_per_cell: float
) -> F64:
    """1 over upland communes (the thinnest peopled `share`), 0 over the plain, blurred."""
    density = communes["population"].fillna(0).to_numpy(float) / np.maximum(
        communes["area_km2"].fillna(1.0).to_numpy(float), 0.01
    )
    upland = np.zeros(len(communes))
    n = int(round(share * len(communes)))
    upland[np.argsort(density, kind="stable")[:n]] = 1.0
    scale = np.cos(np.radians(float(np.mean(lat))))
    tree = cKDTree(np.column_stack([communes["lon"].to_numpy(float) * scale, communes["lat"]]))
    gx, gy = np.meshgrid(lon * scale, lat)
    _, nearest = tree.query(np.column_stack([gx.ravel(), gy.ravel()]))
    mask = upland[nearest].reshape(len(lat), len(lon))
    return np.asarray(ndimage.gaussian_filter(mask, MASK_BLUR_KM / km_per_cell), dtype=np.float64)


def _km(lon: F64, lat: F64, lat0: float) -> F64:
    """Points in km on a local equirectangular plane (enough at a province's size)."""
    return np.column_stack([lon * 111.32 * np.cos(np.radians(lat0)), lat * 110.57])


def valley_lines(villages: pd.DataFrame, lat0: float, step_km: float) -> F64:
    """Points every `step_km` along the valleys that join the villages: the edges of the
    villages' minimum spanning tree (over their Delaunay triangulation), in km."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import minimum_spanning_tree
    from scipy.spatial import Delaunay

    xy = _km(villages["lon"].to_numpy(float), villages["lat"].to_numpy(float), lat0)
    if len(xy) < 3:
        return xy
    tri = Delaunay(xy).simplices
    a = np.concatenate([tri[:, 0], tri[:, 1], tri[:, 2]])
    b = np.concatenate([tri[:, 1], tri[:, 2], tri[:, 0]])
    length = np.hypot(*(xy[a] - xy[b]).T) + 1e-9
    tree = minimum_spanning_tree(coo_matrix((length, (a, b)), shape=(len(xy), len(xy)))).tocoo()
    out = [xy]
    for i, j, d in zip(tree.row, tree.col, tree.data, strict=True):
        t = np.linspace(0.0, 1.0, max(2, int(d / step_km) + 1))[:, None]
        out.append(xy[i] + t * (xy[j] - xy[i]))
    return np.concatenate(out)


def valleys(villages: pd.DataFrame, lon: F64, lat: F64, km_per_cell: float) -> F64:
    """1 − VALLEY_DEPTH · exp(−(d / VALLEY_KM)²), d the distance to the nearest valley
    line through the villages (`valley_lines`)."""
    if villages.empty:
        return np.ones((len(lat), len(lon)))
    lat0 = float(np.mean(lat))
    tree = cKDTree(valley_lines(villages, lat0, km_per_cell))
    gx, gy = np.meshgrid(lon, lat)
    d, _ = tree.query(_km(gx.ravel(), gy.ravel(), lat0))
    return (1.0 - VALLEY_DEPTH * np.exp(-((d / VALLEY_KM) ** 2))).reshape(len(lat), len(lon))


def synthetic_dem(
    communes: pd.DataFrame,
    villages: pd.DataFrame,
    bounds: tuple[float, float, float, float],
    relief: Relief,
    seed: int,
    cell_deg: float = CELL_DEG,
) -> Dem:
    """The DEM over `bounds` (west, south, east, north) for the communes (lon, lat,
    population, area_km2) and villages (lon, lat); see the module docstring."""
    w, s, e, n = bounds
    nx, ny = (max(2, int(np.ceil(span / cell_deg - 1e-6))) for span in (e - w, n - s))
    lon = w + (np.arange(nx) + 0.5) * cell_deg
    lat = n - (np.arange(ny) + 0.5) * cell_deg
    km_per_cell = cell_deg * 110.57
    rng = np.random.default_rng(seed)
    z = fractal((ny, nx), km_per_cell, rng)
    lo, hi = np.quantile(z, [0.01, 0.999])
    hills = np.clip((z - lo) / max(float(hi - lo), 1e-9), 0.0, 1.0) ** SKEW
    mask = upland_mask(communes, lon, lat, relief.upland_share, km_per_cell)
    upland = hills * mask * valleys(villages, lon, lat, km_per_cell)
    plain = relief.low_m + 3.0 * (z + 1.0)  # a few metres of undulation on the plain
    elevation = plain + (relief.high_m - relief.low_m) * upland
    return Dem(np.maximum(elevation, 0.0).astype(np.float32), w, n, cell_deg)
