"""The areas a coverage run models, and the blocks of tiles each is computed in.

A one-province workspace is one area: its province, in the workspace's CRS. A national
workspace is one area per 2025 province, each in the UTM zone of its own centroid and
over its own extent — exactly the grid `hatang init --province CODE` gives that
province — so a province's figures from the national run are those of a one-province
run, and no grid is stretched across Vietnam's two UTM zones (48N west of 108°E, 49N
east of it). Every population point belongs to one area (the province of its 2025
commune), so figures per village, and so per unit on either map, merge exactly.

An area whose grid would be larger than `MAX_BLOCK_CELLS` (Khánh Hòa reaches the
Trường Sa islands, Đà Nẵng the Hoàng Sa ones: a bounding box of 10⁵ km², mostly sea)
is cut into blocks: the groups of tiles (of the area's own tiling) that hold people,
each with a tile of margin, as separate grids on the same lattice. Cells are computed
identically in a block and in the whole grid, and a dead spot (populated cells) cannot
cross the empty tiles between blocks, so nothing changes but the memory used.

Pure: frames and arrays in, grids out.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy import ndimage

from hatang.coverage.grid import Grid

#: an area's grid larger than this (cells) is computed in blocks of populated tiles
MAX_BLOCK_CELLS = 16_000_000


@dataclass(frozen=True)
class Area:
    """A province modelled on its own grid: code and name (2025 map, or the workspace's
    province), projected CRS and extent (west, south, east, north in degrees)."""

    code: str
    name: str
    crs: str
    bbox: tuple[float, float, float, float]


def point_provinces(villages: pd.DataFrame, province_of: dict[str, str]) -> list[str]:
    """The 2025 provinces holding at least one population point, in code order."""
    codes = {province_of.get(str(c)) for c in villages["commune_2025"].astype(object)}
    return sorted(c for c in codes if c)


def area_of_points(
    villages: pd.DataFrame, province_of: dict[str, str], areas: list[Area]
) -> NDArray[np.int64]:
    """Index into `areas` of each population point: the area of its 2025 commune's
    province (−1 for a province not among `areas`: a narrowed run leaves it out); a
    point whose commune is unknown goes to the area with the nearest centre."""
    index = {a.code: i for i, a in enumerate(areas)}
    out = np.full(len(villages), -1, dtype=np.int64)
    if not areas or not len(villages):
        return out
    communes = villages["commune_2025"].astype(object).to_numpy()
    province = [province_of.get(str(c)) for c in communes]
    for i, p in enumerate(province):
        out[i] = index.get(p, -1) if p is not None else -2
    lost = np.flatnonzero(out == -2)
    if len(lost):
        cx = np.array([(a.bbox[0] + a.bbox[2]) / 2 for a in areas])
        cy = np.array([(a.bbox[1] + a.bbox[3]) / 2 for a in areas])
        lon = villages["lon"].to_numpy(dtype=float)[lost]
        lat = villages["lat"].to_numpy(dtype=float)[lost]
        d = (lon[:, None] - cx[None, :]) ** 2 + (lat[:, None] - cy[None, :]) ** 2
        out[lost] = np.argmin(d, axis=1)
    return out


def blocks(
    grid: Grid,
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    radius_m: NDArray[np.float64],
    max_cells: int = MAX_BLOCK_CELLS,
) -> tuple[list[Grid], NDArray[np.int64]]:
    """(block grids, block of each point): the whole grid when it is small enough, else
    one grid per group of populated tiles (module docstring). Points at x, y (grid CRS)
    with their disc radius."""
    if grid.nx * grid.ny <= max_cells or not len(x):
        return [grid], np.zeros(len(x), dtype=np.int64)
    t, res = grid.tile_cells, grid.res
    tiles_y, tiles_x = -(-grid.ny // t), -(-grid.nx // t)
    occupied = np.zeros((tiles_y, tiles_x), dtype=bool)
    r0, c0 = _tile_of(grid, x - radius_m, y + radius_m)
    r1, c1 = _tile_of(grid, x + radius_m, y - radius_m)
    for a, b, c, d in zip(r0.tolist(), r1.tolist(), c0.tolist(), c1.tolist(), strict=True):
        occupied[a : b + 1, c : d + 1] = True
    grown = ndimage.binary_dilation(occupied, structure=np.ones((3, 3), dtype=bool))
    labels, count = ndimage.label(grown, structure=np.ones((3, 3), dtype=bool))
    out = []
    for rows, cols in ndimage.find_objects(labels)[:count]:
        out.append(
            Grid(
                grid.crs,
                grid.x0 + cols.start * t * res,
                grid.y1 - rows.start * t * res,
                res,
                min(cols.stop * t, grid.nx) - cols.start * t,
                min(rows.stop * t, grid.ny) - rows.start * t,
                t,
            )
        )
    pr, pc = _tile_of(grid, x, y)
    return out, labels[pr, pc].astype(np.int64) - 1


def _tile_of(
    grid: Grid, x: NDArray[np.float64], y: NDArray[np.float64]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    row, col, _ = grid.index(x, y)
    return row // grid.tile_cells, col // grid.tile_cells


def reach_box(
    grid: Grid, lon: NDArray[np.float64], lat: NDArray[np.float64], radius_m: NDArray[np.float64]
) -> NDArray[np.bool_]:
    """Which radios (WGS 84 position, evaluation radius) may reach the grid: those within
    the grid's lon/lat box widened by their radius (a generous test: a radio kept that
    reaches nothing costs nothing, one dropped that reaches a cell would change it)."""
    from hatang.coverage.grid import to_lonlat

    x0, y0, x1, y1 = grid.bounds
    s = np.linspace(0.0, 1.0, 17)  # along each edge: a UTM rectangle's edges curve in lon/lat
    bx = np.concatenate([x0 + (x1 - x0) * s, x0 + (x1 - x0) * s, np.full(17, x0), np.full(17, x1)])
    by = np.concatenate([np.full(17, y0), np.full(17, y1), y0 + (y1 - y0) * s, y0 + (y1 - y0) * s])
    blon, blat = to_lonlat(bx, by, grid.crs)
    pad_lat = radius_m / 110_000.0 + 0.01
    pad_lon = pad_lat / np.cos(np.radians(np.clip(np.abs(lat), 0, 80)))
    return (
        (lon >= blon.min() - pad_lon)
        & (lon <= blon.max() + pad_lon)
        & (lat >= blat.min() - pad_lat)
        & (lat <= blat.max() + pad_lat)
    )
