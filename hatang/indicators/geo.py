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
    """Longitude and latitude of the centre of each quadkey tile."""
    lons = np.empty(len(quadkeys))
    lats = np.empty(len(quadkeys))
    for i, qk in enumerate(quadkeys.astype(str)):
        x = y = 0
        for ch in qk:
            x, y = x << 1, y << 1
            d = int(ch)
            x |= d & 1
            y |= (d >> 1) & 1
        n = 1 << len(qk)
        lons[i] = (x + 0.5) / n * 360.0 - 180.0
        yy = math.pi * (1 - 2 * (y + 0.5) / n)
        lats[i] = math.degrees(math.atan(math.sinh(yy)))
    return lons, lats
