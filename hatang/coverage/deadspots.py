"""Dead spots: connected groups of populated, uncovered grid cells; and how they compare
with the dead spots people reported. Pure (arrays and frames in, frames out).

* A grid cell is a dead-spot cell when people live in it (more than ``min_cell_people``,
  default: any) and it is not covered (by any operator, or by the operator in scope).
* Cells are grouped with 8-connectivity (``scipy.ndimage.label`` with a 3×3 structure:
  cells touching at a corner belong to the same dead spot).
* Each dead spot gets its outline (the union of its cells, traced with
  ``rasterio.features.shapes`` and merged with shapely; cells touching only at a corner
  give a MultiPolygon), area (cells × cell area), population, and the
  population-weighted centroid of its cells (which lies where the people are, unlike
  the centroid of a C-shaped outline).
* Comparison: a reported dead spot is *matched* when it lies inside a detected dead
  spot of the same scope or within ``tolerance_m`` (500 m) of one; otherwise it is
  *missed by the model*. A detected dead spot with no reported point within the
  tolerance is *found only by the model*. A report naming an operator is compared with
  that operator's dead spots; a report without one with the any-operator dead spots.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely
from numpy.typing import NDArray
from scipy import ndimage

from hatang.coverage.grid import Grid

EIGHT = np.ones((3, 3), dtype=bool)


def label_dead_spots(
    covered: NDArray[np.bool_], people: NDArray[np.float64], min_cell_people: float = 0.0
) -> tuple[NDArray[np.int32], int]:
    """(labels, count): 1…count on dead-spot cells, 0 elsewhere (8-connectivity)."""
    mask = (people > min_cell_people) & ~covered
    labels, count = ndimage.label(mask, structure=EIGHT)
    return labels.astype(np.int32, copy=False), int(count)


def outlines(labels: NDArray[np.int32], grid: Grid) -> dict[int, shapely.Geometry]:
    """Label → outline polygon in the grid's CRS (union of its cells)."""
    from rasterio import features

    parts: dict[int, list[shapely.Geometry]] = {}
    for geom, value in features.shapes(
        labels, mask=labels > 0, connectivity=4, transform=grid.transform()
    ):
        parts.setdefault(int(value), []).append(shapely.geometry.shape(geom))
    return {k: v[0] if len(v) == 1 else shapely.union_all(v) for k, v in parts.items()}


def dead_spots(
    covered: NDArray[np.bool_],
    people: NDArray[np.float64],
    grid: Grid,
    *,
    min_cell_people: float = 0.0,
    min_population: float = 0.0,
) -> tuple[pd.DataFrame, NDArray[np.int32]]:
    """Dead spots as a frame, sorted by population (largest first), and the label grid.

    Columns: label, cells, area_km2, population, x, y (population-weighted centroid, grid
    CRS), geometry (shapely, grid CRS). Dead spots with fewer than ``min_population``
    people are dropped (and their cells unlabelled).
    """
    labels, count = label_dead_spots(covered, people, min_cell_people)
    n = count + 1
    # sums over the dead-spot cells only (a few per cent of a national grid of 10⁸
    # cells, whose every cell centre would take 0.8 GB per coordinate), added in the
    # grid's order as over the whole grid, so the sums are the same to the last bit
    at = np.flatnonzero(labels)
    flat, weight = labels.ravel()[at], people.ravel()[at]
    cells = np.bincount(flat, minlength=n)
    pop = np.bincount(flat, weights=weight, minlength=n)
    row, col = np.divmod(at, labels.shape[1])
    wx = np.bincount(flat, weights=weight * grid.xs()[col], minlength=n)
    wy = np.bincount(flat, weights=weight * grid.ys()[row], minlength=n)
    keep = np.flatnonzero((np.arange(n) > 0) & (pop >= min_population) & (cells > 0))
    if len(keep) < count:
        lookup = np.zeros(n, dtype=np.int32)
        lookup[keep] = keep
        labels = lookup[labels]
    shapes = outlines(labels, grid) if len(keep) else {}
    with np.errstate(invalid="ignore", divide="ignore"):
        frame = pd.DataFrame(
            {
                "label": keep.astype(np.int64),
                "cells": cells[keep].astype(np.int64),
                "area_km2": cells[keep] * grid.cell_area_km2,
                "population": pop[keep],
                "x": wx[keep] / pop[keep],
                "y": wy[keep] / pop[keep],
                "geometry": [shapes[int(k)] for k in keep],
            }
        )
    frame = frame.sort_values(
        ["population", "label"], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)
    return frame, labels


def compare_reported(
    detected: pd.DataFrame,
    reported: pd.DataFrame,
    tolerance_m: float = 500.0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Match reported points to detected dead spots (see module docstring).

    detected: dead_spot_id, scope ('any' or an operator), geometry (projected).
    reported: dead_spot_id, x, y (projected), operator (None/'' for all).
    Returns (reported + status 'matched'/'missed', matched_id, distance_m) and
    (detected + status 'matched'/'model-only', reports = number of reports matched).
    """
    rep = reported.copy()
    rep["scope"] = rep["operator"].where(rep["operator"].notna() & (rep["operator"] != ""), "any")
    rep["matched_id"] = None
    rep["distance_m"] = np.nan
    det = detected.copy()
    det["reports"] = 0
    for scope, group in rep.groupby("scope", sort=False):
        cand = det[det["scope"] == scope]
        if cand.empty:
            continue
        tree = shapely.STRtree(cand["geometry"].to_numpy())
        pts = shapely.points(group["x"].to_numpy(), group["y"].to_numpy())
        (ip, ig), dist = tree.query_nearest(
            pts, max_distance=tolerance_m, return_distance=True, all_matches=False
        )
        rows = group.index[ip]
        rep.loc[rows, "matched_id"] = cand["dead_spot_id"].to_numpy()[ig]
        rep.loc[rows, "distance_m"] = dist
        det.loc[cand.index[np.unique(ig)], "reports"] += np.bincount(ig)[np.unique(ig)]
    rep["status"] = np.where(rep["matched_id"].notna(), "matched", "missed")
    det["status"] = np.where(det["reports"] > 0, "matched", "model-only")
    # a detected dead spot near a report of another scope is not "model-only" either
    for scope in det["scope"].unique():
        others = rep[rep["scope"] != scope]
        sel = (det["scope"] == scope) & (det["status"] == "model-only")
        if others.empty or not sel.any():
            continue
        pts = shapely.points(others["x"].to_numpy(), others["y"].to_numpy())
        tree = shapely.STRtree(pts)
        near = [
            len(tree.query(g, predicate="dwithin", distance=tolerance_m)) > 0
            for g in det.loc[sel, "geometry"]
        ]
        det.loc[det.index[sel][np.asarray(near, dtype=bool)], "status"] = "matched"
    return rep.drop(columns=["scope"]), det
