"""A site's viewshed over the terrain: which cells of its window see its antenna, and
the terrain's loss there — what `hatang coverage --viewshed SITE_ID` writes, so that a
planner sees why a valley is dark.

Pure numpy, on the radials the grid run reads (`terrain_grid.radials`): each cell
takes the nearest radial and sample, as for the terrain's loss. A receiver sees the
antenna where no sample between them rises above their line over the curved Earth
(`terrain.line_of_sight`); the loss is the grid run's (`terrain_grid.site_loss`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hatang.coverage import terrain
from hatang.coverage.grid import Grid
from hatang.coverage.terrain_grid import SiteRadio, Terrain, radials, site_loss, window_offsets


@dataclass(frozen=True)
class Viewshed:
    """One site's window (grid rows r0:r1, columns c0:c1): visible cells, the terrain's
    loss (dB) and the cells within the site's radius."""

    window: tuple[int, int, int, int]
    visible: NDArray[np.bool_]
    loss: NDArray[np.float32]
    reach: NDArray[np.bool_]

    @property
    def visible_share(self) -> float:
        """Share of the cells within the radius that see the antenna."""
        n = int(self.reach.sum())
        return float((self.visible & self.reach).sum()) / n if n else 0.0


def site_viewshed(
    t: Terrain, grid: Grid, site: SiteRadio, window: tuple[int, int, int, int], radius_m: float
) -> Viewshed:
    """The viewshed of `site` over `window`, the cells farther than `radius_m` out of reach."""
    rad = radials(grid, site, window)
    z = rad.profiles(t, grid, site, np.arange(rad.count))
    seen = terrain.line_of_sight(rad.d, z, site.height_m, site.hm, k=t.k)
    dx, dy = window_offsets(grid, site, window)
    ray, at = rad.nearest(dx, dy)
    reach = np.hypot(dx, dy) <= radius_m
    return Viewshed(window, seen[ray, at], site_loss(t, grid, site, window), reach)
