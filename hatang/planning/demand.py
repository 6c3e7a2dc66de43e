"""Demand for the planner: people in populated grid cells that no operator covers.

Pure: grids in, arrays out. The demand points are the centres of the coverage grid's
uncovered, populated cells — the same cells that make up the modelled dead spots —
each weighted by its people (times an optional per-village factor, e.g. for villages
with a school or a health station).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hatang.coverage.deadspots import dead_spots
from hatang.coverage.grid import Grid
from hatang.coverage.population import PopulationGrid


@dataclass
class Demand:
    cell: NDArray[np.int64]  # flat grid-cell index of each demand point
    xy: NDArray[np.float64]  # (k, 2) projected centre
    people: NDArray[np.float64]
    weight: NDArray[np.float64]  # what the optimiser maximises / must cover
    dead_spot: NDArray[np.int64]  # index into `spots` (−1: none)
    spots_bbox: NDArray[np.float64]  # (s, 4) xmin, ymin, xmax, ymax of each dead spot's cells
    spots_centroid: NDArray[np.float64]  # (s, 2) population-weighted centroid
    spots_people: NDArray[np.float64]

    def __len__(self) -> int:
        return len(self.cell)


def uncovered_demand(
    grid: Grid,
    covered: NDArray[np.bool_],
    people: PopulationGrid,
    *,
    village_factor: NDArray[np.float64] | None = None,
) -> Demand:
    """Demand points from the coverage grid (see module docstring)."""
    spots, labels = dead_spots(covered, people.people, grid)
    flat = labels.ravel()
    cell = np.flatnonzero(flat > 0)
    xx, yy = grid.centres()
    xy = np.column_stack([xx.ravel()[cell], yy.ravel()[cell]])
    pop = people.people.ravel()[cell]
    weight = pop.copy()
    if village_factor is not None:
        # each cell's people carry the factor of the villages they belong to
        factor_people = np.bincount(
            people.cell, weights=people.amount * village_factor[people.village], minlength=flat.size
        )
        with np.errstate(invalid="ignore", divide="ignore"):
            weight = np.where(pop > 0, factor_people[cell], 0.0)
    label_ids = spots["label"].to_numpy() if len(spots) else np.zeros(0, dtype=np.int64)
    index = np.full(flat.max() + 1 if flat.size else 1, -1, dtype=np.int64)
    index[label_ids] = np.arange(len(label_ids))
    spot = index[flat[cell]]
    s = len(label_ids)
    bbox = np.zeros((s, 4))
    if s:
        for k, (lo, hi) in enumerate(((np.minimum, np.inf), (np.maximum, -np.inf))):
            for d in range(2):
                acc = np.full(s, hi)
                lo.at(acc, spot, xy[:, d])
                bbox[:, 2 * k + d] = acc
    centroid = spots[["x", "y"]].to_numpy(dtype=float) if s else np.zeros((0, 2))
    spots_people = spots["population"].to_numpy(dtype=float) if s else np.zeros(0)
    return Demand(cell, xy, pop, weight, spot, bbox, centroid, spots_people)
