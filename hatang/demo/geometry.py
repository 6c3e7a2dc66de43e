"""Synthetic commune polygons from real centroids and areas (pure functions, metres).

No boundary with clear terms exists for the old Nam Định communes, so the demo draws
them: each 2025 commune is the cell of a *power diagram* of the published centroids
(a Voronoi diagram with additive weights) cut by a disc around its centroid, with the
weights tuned until every cell's area is close to the commune's published area. The
cells are convex, so each commune is one piece. Each 2025 commune is then cut among
the 2024 communes that merged into it (Voronoi cells of k-means seeds, so the pieces
have similar areas). All geometry is labelled ``synthetic-voronoi``.
"""

from __future__ import annotations

import numpy as np
from pyproj import Transformer
from shapely import Polygon, contains_xy

#: projected CRS for the demo's geometry (UTM zone 48N, metres)
CRS = "EPSG:32648"
GEOMETRY_SOURCE = "synthetic-voronoi"

_TO_XY = Transformer.from_crs("EPSG:4326", CRS, always_xy=True)
_TO_LONLAT = Transformer.from_crs(CRS, "EPSG:4326", always_xy=True)


def to_xy(lon, lat) -> tuple[np.ndarray, np.ndarray]:
    x, y = _TO_XY.transform(np.asarray(lon, dtype=float), np.asarray(lat, dtype=float))
    return np.asarray(x), np.asarray(y)


def to_lonlat(x, y) -> tuple[np.ndarray, np.ndarray]:
    lon, lat = _TO_LONLAT.transform(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
    return np.asarray(lon), np.asarray(lat)


def clip_halfplane(poly: np.ndarray, a: np.ndarray, b: float) -> np.ndarray:
    """Clip a convex polygon (n×2 vertices) to {p : a·p ≤ b} (Sutherland–Hodgman)."""
    if len(poly) == 0:
        return poly
    s = poly @ a - b
    out = []
    n = len(poly)
    for i in range(n):
        j = (i + 1) % n
        pi, pj, si, sj = poly[i], poly[j], s[i], s[j]
        if si <= 0:
            out.append(pi)
        if (si < 0 < sj) or (sj < 0 < si):
            t = si / (si - sj)
            out.append(pi + t * (pj - pi))
    return np.array(out) if out else np.empty((0, 2))


def power_cell(i: int, pts: np.ndarray, w: np.ndarray, start: np.ndarray) -> np.ndarray:
    """The power-diagram cell of site i, clipped to the convex polygon `start`."""
    poly = start
    p = pts[i]
    for j in range(len(pts)):
        if j == i:
            continue
        q = pts[j]
        # |x-p|² - w_i <= |x-q|² - w_j  ⇔  2x·(q-p) <= |q|² - |p|² - w_j + w_i
        a = 2.0 * (q - p)
        b = q @ q - p @ p - w[j] + w[i]
        poly = clip_halfplane(poly, a, b)
        if len(poly) == 0:
            break
    return poly


def disc(center: np.ndarray, radius: float, n: int = 48) -> np.ndarray:
    t = np.linspace(0, 2 * np.pi, n, endpoint=False)
    return np.column_stack([center[0] + radius * np.cos(t), center[1] + radius * np.sin(t)])


def weighted_cells(
    pts: np.ndarray,
    area_m2: np.ndarray,
    *,
    reach: float = 1.7,
    iterations: int = 30,
    step_m: float = 350.0,
) -> list[Polygon]:
    """Convex cells around `pts` whose areas approach `area_m2`.

    Each cell is the power cell of its point cut by a disc of `reach` × the radius of
    a circle of the target area; weights and disc scales are tuned on a raster.
    """
    r = np.sqrt(area_m2 / np.pi)
    lo = pts.min(axis=0) - reach * 1.6 * r.max()
    hi = pts.max(axis=0) + reach * 1.6 * r.max()
    gx = np.arange(lo[0], hi[0], step_m)
    gy = np.arange(lo[1], hi[1], step_m)
    X, Y = np.meshgrid(gx, gy)
    g = np.column_stack([X.ravel(), Y.ravel()])
    d2 = ((g[:, None, 0] - pts[None, :, 0]) ** 2 + (g[:, None, 1] - pts[None, :, 1]) ** 2).astype(
        np.float32
    )
    near = (d2 <= ((reach * 1.6 * r) ** 2)[None, :]).any(axis=1)
    g, d2 = g[near], d2[near]
    w = np.zeros(len(pts))
    scale = np.ones(len(pts))
    cell_area = step_m * step_m
    for _ in range(iterations):
        limit = (reach * r * scale) ** 2
        score = np.where(d2 <= limit[None, :], d2 - w[None, :], np.inf)
        best = score.argmin(axis=1)
        valid = np.isfinite(score[np.arange(len(g)), best])
        area = np.bincount(best[valid], minlength=len(pts)) * cell_area
        ratio = area_m2 / np.maximum(area, cell_area)
        w += 0.6 * (area_m2 - area) / np.pi
        scale *= np.clip(ratio, 0.8, 1.25) ** 0.35
    cells = []
    for i in range(len(pts)):
        poly = power_cell(i, pts, w, disc(pts[i], reach * r[i] * scale[i]))
        cells.append(Polygon(poly))
    return cells


def random_points_in(poly: Polygon, n: int, rng: np.random.Generator) -> np.ndarray:
    """n points uniformly inside a polygon (rejection sampling on its bounds)."""
    minx, miny, maxx, maxy = poly.bounds
    out = np.empty((0, 2))
    while len(out) < n:
        k = max(16, 2 * (n - len(out)))
        cand = np.column_stack([rng.uniform(minx, maxx, k), rng.uniform(miny, maxy, k)])
        cand = cand[contains_xy(poly, cand[:, 0], cand[:, 1])]
        out = np.vstack([out, cand])
    return out[:n]


def split_polygon(poly: Polygon, k: int, rng: np.random.Generator) -> list[Polygon]:
    """Cut a convex polygon into k convex pieces of similar area (Voronoi of k-means seeds)."""
    if k == 1:
        return [poly]
    sample = random_points_in(poly, 60 * k, rng)
    seeds = sample[rng.choice(len(sample), k, replace=False)]
    for _ in range(15):
        lab = ((sample[:, None, :] - seeds[None, :, :]) ** 2).sum(-1).argmin(1)
        for j in range(k):
            m = lab == j
            if m.any():
                seeds[j] = sample[m].mean(0)
    # order pieces west→east then south→north so the result does not depend on seeding order
    seeds = seeds[np.lexsort((seeds[:, 1], seeds[:, 0]))]
    start = np.asarray(poly.exterior.coords)[:-1]
    if Polygon(start).exterior.is_ccw is False:
        start = start[::-1]
    return [Polygon(power_cell(j, seeds, np.zeros(k), start)) for j in range(k)]
