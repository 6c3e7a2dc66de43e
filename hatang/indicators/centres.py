"""The nearest of fixed centres for tens of millions of points, batch after batch (pure).

A national workspace places every speed test at its nearest commune centre (the units
carry no polygons), 20 M points against 3,321 centres: a KD-tree query each is most of
the time. Most points lie in a grid cell that is wholly nearer one centre than any
other: if the cell's middle q is d1 from its nearest centre and d2 from the next, any
point p within r of q (r: half the cell's diagonal) is at most d1 + r from the first
and at least d2 - r from every other, so the first is strictly nearest when
d2 - d1 > 2r. Such cells, learnt as points arrive, answer without the tree; the other
points go to it. Strictly nearest means no tie, so the answer is the one the KD-tree
or a direct comparison (hatang.indicators.boundaries.nearest) gives.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

#: a cell's side: the centres' mean spacing over this (smaller: more points answered
#: by the grid, more cells to learn)
CELLS_PER_SPACING = 40
#: at most this many cells (4 bytes each)
MAX_CELLS = 8_000_000
#: a cell is sure with this much to spare (relative to its half-diagonal): far above
#: the rounding of the distances and of a point's cell
MARGIN = 1e-6

_UNKNOWN, _AMBIGUOUS = -2, -1


class CentreIndex:
    """`nearest(points)`: the index of the nearest centre to each point (Euclidean in
    the plane given, as boundaries.nearest), a KD-tree helped by a grid of sure cells."""

    def __init__(self, centres: npt.NDArray[np.float64]) -> None:
        from scipy.spatial import cKDTree

        self.tree = cKDTree(centres)
        lo, hi = centres.min(axis=0), centres.max(axis=0)
        span = np.maximum(hi - lo, 1e-9)
        spacing = float(np.sqrt(span[0] * span[1] / len(centres))) or float(span.max())
        side = max(spacing / CELLS_PER_SPACING, float(np.sqrt(span[0] * span[1] / MAX_CELLS)))
        self.side = side
        self.origin = lo - side
        self.shape = (np.ceil(span / side).astype(np.int64) + 2).clip(1)
        while int(self.shape[0]) * int(self.shape[1]) > MAX_CELLS:  # a thin span
            self.side *= 2
            self.shape = (np.ceil(span / self.side).astype(np.int64) + 2).clip(1)
        self.cells = np.full(int(self.shape[0]) * int(self.shape[1]), _UNKNOWN, dtype=np.int32)
        self.reach = self.side * np.sqrt(2.0) * (1 + MARGIN)  # 2r, with the margin

    def nearest(self, points: npt.NDArray[np.float64], workers: int = -1) -> npt.NDArray[np.int64]:
        out = np.full(len(points), -1, dtype=np.int64)
        if not len(points):
            return out
        at = np.floor((points - self.origin) / self.side)
        inside = ((at >= 0) & (at < self.shape)).all(axis=1)
        cell = at[inside, 0].astype(np.int64) * int(self.shape[1]) + at[inside, 1].astype(np.int64)
        known = self.cells[cell]
        new = known == _UNKNOWN
        if new.any():
            self._learn(np.unique(cell[new]), workers)
            known = self.cells[cell]
        sure = np.flatnonzero(inside)[known >= 0]
        out[sure] = known[known >= 0]
        rest = np.flatnonzero(out < 0)
        if len(rest):
            _, idx = self.tree.query(points[rest], workers=workers)
            out[rest] = idx
        return out

    def _learn(self, cells: npt.NDArray[np.int64], workers: int) -> None:
        """Whether each cell is wholly nearer one centre (which), or not (-1)."""
        ix, iy = np.divmod(cells, int(self.shape[1]))
        middle = self.origin + (np.column_stack([ix, iy]) + 0.5) * self.side
        if self.tree.n < 2:
            self.cells[cells] = 0
            return
        d, i = self.tree.query(middle, k=2, workers=workers)
        sure = d[:, 1] - d[:, 0] > self.reach
        self.cells[cells] = np.where(sure, i[:, 0], _AMBIGUOUS)
