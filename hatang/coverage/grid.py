"""The analysis grid: square cells of `resolution` metres in a projected CRS, cut into
independent square tiles.

Row 0 is the northern edge (as in a GeoTIFF); cell (r, c) has its centre at
``x = x0 + (c + 0.5) res``, ``y = y1 − (r + 0.5) res``. Pure: no file or database code.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray
from pyproj import CRS, Transformer

from hatang.errors import ConfigError

if TYPE_CHECKING:
    from affine import Affine


@lru_cache(maxsize=16)
def _transformer(src: str, dst: str) -> Transformer:
    return Transformer.from_crs(CRS.from_user_input(src), CRS.from_user_input(dst), always_xy=True)


def check_projected(crs: str) -> str:
    try:
        c = CRS.from_user_input(crs)
    except Exception as e:  # pyproj raises its own CRSError
        raise ConfigError(f"workspace.crs = {crs!r} is not a CRS pyproj knows: {e}") from None
    if not c.is_projected:
        raise ConfigError(
            f"workspace.crs = {crs!r} is not a projected CRS (grids need metres; e.g. EPSG:32648)"
        )
    return crs


def to_xy(
    lon: ArrayLike, lat: ArrayLike, crs: str
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """WGS 84 lon/lat → projected x/y in metres."""
    x, y = _transformer("EPSG:4326", crs).transform(
        np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    )
    return np.asarray(x, dtype=float), np.asarray(y, dtype=float)


def to_lonlat(
    x: ArrayLike, y: ArrayLike, crs: str
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Projected x/y in metres → WGS 84 lon/lat."""
    lon, lat = _transformer(crs, "EPSG:4326").transform(
        np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    )
    return np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)


@dataclass(frozen=True)
class Tile:
    row0: int
    col0: int
    rows: int
    cols: int

    @property
    def slices(self) -> tuple[slice, slice]:
        return slice(self.row0, self.row0 + self.rows), slice(self.col0, self.col0 + self.cols)


@dataclass(frozen=True)
class Grid:
    crs: str
    x0: float  # western edge (m)
    y1: float  # northern edge (m)
    res: float  # cell size (m)
    nx: int  # columns
    ny: int  # rows
    tile_cells: int = 256

    @classmethod
    def from_bounds(
        cls,
        xmin: float,
        ymin: float,
        xmax: float,
        ymax: float,
        res: float,
        crs: str,
        tile_cells: int = 256,
    ) -> Grid:
        """Smallest grid of `res` cells, aligned on multiples of res, covering the bounds."""
        if res <= 0:
            raise ConfigError(f"coverage resolution must be positive, got {res}")
        x0 = math.floor(xmin / res) * res
        y0 = math.floor(ymin / res) * res
        nx = max(1, math.ceil((xmax - x0) / res))
        ny = max(1, math.ceil((ymax - y0) / res))
        if nx * ny > 400_000_000:
            raise ConfigError(
                f"a {nx}×{ny} grid at {res:g} m is too large; use a coarser --resolution"
            )
        return cls(crs, float(x0), float(y0 + ny * res), float(res), nx, ny, int(tile_cells))

    @classmethod
    def from_lonlat_bounds(
        cls,
        west: float,
        south: float,
        east: float,
        north: float,
        res: float,
        crs: str,
        tile_cells: int = 256,
    ) -> Grid:
        lon = np.array([west, east, west, east, (west + east) / 2, (west + east) / 2])
        lat = np.array([south, south, north, north, south, north])
        x, y = to_xy(lon, lat, check_projected(crs))
        return cls.from_bounds(x.min(), y.min(), x.max(), y.max(), res, crs, tile_cells)

    @property
    def shape(self) -> tuple[int, int]:
        return self.ny, self.nx

    @property
    def bounds(self) -> tuple[float, float, float, float]:
        return self.x0, self.y1 - self.ny * self.res, self.x0 + self.nx * self.res, self.y1

    @property
    def cell_area_km2(self) -> float:
        return self.res * self.res / 1e6

    def transform(self) -> Affine:
        """The affine transform of the grid (rasterio's), imported when first asked for."""
        from affine import Affine

        return Affine(self.res, 0.0, self.x0, 0.0, -self.res, self.y1)

    def xs(self, col0: int = 0, cols: int | None = None) -> NDArray[np.float64]:
        cols = self.nx - col0 if cols is None else cols
        return self.x0 + (np.arange(col0, col0 + cols, dtype=np.float64) + 0.5) * self.res

    def ys(self, row0: int = 0, rows: int | None = None) -> NDArray[np.float64]:
        rows = self.ny - row0 if rows is None else rows
        return self.y1 - (np.arange(row0, row0 + rows, dtype=np.float64) + 0.5) * self.res

    def centres(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """x, y of every cell centre, each of shape (ny, nx)."""
        return np.meshgrid(self.xs(), self.ys())

    def index(
        self, x: ArrayLike, y: ArrayLike
    ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.bool_]]:
        """(row, col, inside) of the cells holding points x, y; row/col clipped to the grid."""
        col = np.floor((np.asarray(x, dtype=float) - self.x0) / self.res).astype(np.int64)
        row = np.floor((self.y1 - np.asarray(y, dtype=float)) / self.res).astype(np.int64)
        inside = (col >= 0) & (col < self.nx) & (row >= 0) & (row < self.ny)
        return np.clip(row, 0, self.ny - 1), np.clip(col, 0, self.nx - 1), inside

    def tiles(self) -> Iterator[Tile]:
        t = self.tile_cells
        for r in range(0, self.ny, t):
            for c in range(0, self.nx, t):
                yield Tile(r, c, min(t, self.ny - r), min(t, self.nx - c))
