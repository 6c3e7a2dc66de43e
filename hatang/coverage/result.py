"""What one `hatang coverage` run produced: the modelled network and the rows it stored.

Its own module so that the run (coverage.run) and the files written from it
(coverage.export) both depend on it, not on each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from hatang.coverage import engine, population
from hatang.coverage.grid import Grid
from hatang.coverage.national import AreasCoverage
from hatang.coverage.network import NetworkCoverage


@dataclass
class CoverageResult:
    """A run's rows and how it was modelled: on one grid (`network`, a one-province run
    in this process) or area by area (`areas`, a national run or one on a cluster)."""

    run_id: str
    period: str
    technology: str
    operator: str  # 'any' or an operator code
    network: NetworkCoverage | None
    units: pd.DataFrame  # coverage_units rows
    dead_spots: pd.DataFrame  # modelled_dead_spots rows
    checks: pd.DataFrame  # dead_spot_checks rows
    calibration: dict[str, Any] | None
    files: dict[str, Path] = field(default_factory=dict)
    synthetic: bool = False
    areas: AreasCoverage | None = None
    province: str | None = None  # the province a `--province` run was narrowed to

    def _one(self) -> NetworkCoverage:
        if self.network is None:
            raise AttributeError("an area-by-area run has no single grid (see .areas)")
        return self.network

    @property
    def grid(self) -> Grid:
        return self._one().grid

    @property
    def power(self) -> engine.GridPower:
        return self._one().power

    @property
    def people(self) -> population.PopulationGrid:
        return self._one().people

    @property
    def resolution(self) -> float:
        return self.areas.resolution if self.areas is not None else self.grid.res

    @property
    def grid_text(self) -> str:
        return self.areas.grid_text if self.areas is not None else f"{self.grid.nx}x{self.grid.ny}"

    @property
    def evaluations(self) -> int:
        return self.areas.evaluations if self.areas is not None else int(self.power.evaluations)

    @property
    def seconds(self) -> float:
        return self.areas.seconds if self.areas is not None else self._one().seconds

    @property
    def skipped_cells(self) -> int:
        """Cells left out because their band lies outside the model's frequency range."""
        return self.areas.skipped_cells if self.areas is not None else self._one().skipped_cells

    @property
    def covered(self) -> NDArray[np.bool_]:
        """Covered cells of the run's scope (all operators, or its one operator)."""
        return self._one().mask(self.operator)

    @property
    def population(self) -> float:
        return self.areas.population if self.areas is not None else self.people.total

    @property
    def population_covered(self) -> float:
        if self.areas is not None:
            return self.areas.population_covered
        return float(self.people.people[self.covered].sum())

    def best_power(self, p: engine.GridPower | None = None) -> NDArray[np.float32]:
        """Best received power of the run's scope on the grid (dBm; what the GeoTIFF
        holds), of `p` when given (the flat twin of a terrain run)."""
        p = self.power if p is None else p
        if self.operator == "any":
            return p.best_any(self.technology)
        idx = p.group_indices(operator=self.operator, technology=self.technology)
        best: NDArray[np.float32] = p.best[idx].max(axis=0)
        return best

    def terrain_loss(self) -> NDArray[np.float32] | None:
        """What the terrain costs the best signal of each cell (dB): the flat run's best
        power less the terrain run's (the engine keeps a cell's power within each site's
        radius whatever the terrain takes, so both are defined there); negative where a
        site above the mean terrain gains effective height; NaN beyond every radius.
        None unless the band was asked for."""
        flat_power = self._one().flat
        if flat_power is None:
            return None
        flat, hilly = self.best_power(flat_power), self.best_power()
        none = np.float32(engine.NO_SIGNAL)
        loss = (flat - hilly).astype(np.float32)
        loss[(flat <= none) | (hilly <= none)] = np.nan
        return loss
