"""Small geometry helpers for assigning points and tiles to units (pure, no I/O)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd


def lonlat_to_quadkey(lon: float, lat: float, zoom: int = 16) -> str:
    """Bing Maps quadkey of the tile holding a point (Ookla open data uses zoom 16)."""
    lat = max(min(lat, 85.05112878), -85.05112878)
    n = 1 << zoom
    x = int((lon + 180.0) / 360.0 * n)
    s = math.sin(math.radians(lat))
    y = int((0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * n)
    x, y = min(max(x, 0), n - 1), min(max(y, 0), n - 1)
    digits = []
    for i in range(zoom, 0, -1):
        mask = 1 << (i - 1)
        digits.append(str((1 if x & mask else 0) + (2 if y & mask else 0)))
    return "".join(digits)


def quadkey_centres(quadkeys: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Longitude and latitude of the centre of each quadkey tile (vectorised per key length)."""
    qk = quadkeys.astype(str).to_numpy(dtype=object)
    lons = np.full(len(qk), np.nan)
    lats = np.full(len(qk), np.nan)
    lengths = np.fromiter((len(q) for q in qk), dtype=int, count=len(qk))
    for zoom in np.unique(lengths):
        sel = np.flatnonzero(lengths == zoom)
        if zoom == 0:
            continue
        digits = (
            np.frombuffer("".join(qk[sel]).encode("ascii"), dtype=np.uint8).reshape(len(sel), zoom)
            - 48
        )
        weights = 1 << np.arange(zoom - 1, -1, -1, dtype=np.int64)
        x = ((digits & 1).astype(np.int64) * weights).sum(axis=1)
        y = (((digits >> 1) & 1).astype(np.int64) * weights).sum(axis=1)
        n = float(1 << int(zoom))
        lons[sel] = (x + 0.5) / n * 360.0 - 180.0
        lats[sel] = np.degrees(np.arctan(np.sinh(np.pi * (1 - 2 * (y + 0.5) / n))))
    return lons, lats
