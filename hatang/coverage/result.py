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
from hatang.coverage.network import NetworkCoverage


@dataclass
class CoverageResult:
    run_id: str
    period: str
    technology: str
    operator: str  # 'any' or an operator code
    network: NetworkCoverage
    units: pd.DataFrame  # coverage_units rows
    dead_spots: pd.DataFrame  # modelled_dead_spots rows
    checks: pd.DataFrame  # dead_spot_checks rows
    calibration: dict[str, Any] | None
    files: dict[str, Path] = field(default_factory=dict)
    synthetic: bool = False

    @property
    def grid(self) -> Grid:
        return self.network.grid

    @property
    def power(self) -> engine.GridPower:
        return self.network.power

    @property
    def people(self) -> population.PopulationGrid:
        return self.network.people

    @property
    def seconds(self) -> float:
        return self.network.seconds

    @property
    def skipped_cells(self) -> int:
        """Cells left out because their band lies outside the model's frequency range."""
        return self.network.skipped_cells

    @property
    def covered(self) -> NDArray[np.bool_]:
        """Covered cells of the run's scope (all operators, or its one operator)."""
        return self.network.mask(self.operator)

    @property
    def population(self) -> float:
        return self.people.total

    @property
    def population_covered(self) -> float:
        return float(self.people.people[self.covered].sum())

    def best_power(self) -> NDArray[np.float32]:
        """Best received power of the run's scope on the grid (dBm; what the GeoTIFF holds)."""
        p = self.power
        if self.operator == "any":
            return p.best_any(self.technology)
        idx = p.group_indices(operator=self.operator, technology=self.technology)
        best: NDArray[np.float32] = p.best[idx].max(axis=0)
        return best
