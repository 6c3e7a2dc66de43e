"""Today's network as the planner starts from it: the store-facing shell.

`load_base` decides the period and the coverage run to model (planning.runs), reads the
network and what the planner needs beyond it (structures, facilities), and models it
with `coverage.network.model_network` — the function `hatang coverage` models with —
so the planner's dead spots are that run's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from hatang.coverage.grid import Grid, check_projected
from hatang.coverage.network import ALL_OPERATORS, NetworkCoverage, model_network, with_xy
from hatang.coverage.population import PopulationGrid
from hatang.errors import NotFound
from hatang.planning.runs import TECHNOLOGY, CoverageRun, default_run, pinned_run, plan_resolution
from hatang.store import coverage as store_coverage
from hatang.store import planning as store_planning
from hatang.store.workspace import Workspace


@dataclass
class Base:
    """The workspace's state before any action: cells, grid, people, coverage."""

    period: str
    cells: pd.DataFrame  # all cells of the period, projected (x, y)
    villages: pd.DataFrame
    network: NetworkCoverage  # 4G of the register (and any extra radios)
    operator: str | None  # the operator planned for (None: any)
    structures: pd.DataFrame  # projected (x, y)
    sites_total: int
    shared_total: int
    synthetic: bool
    village_share: float = 0.9  # indicators.village_covered_share
    run: CoverageRun | None = None  # the stored coverage run modelled (None: there was none)
    facilities: pd.DataFrame | None = None  # imported facilities (store.planning)

    @property
    def grid(self) -> Grid:
        return self.network.grid

    @property
    def people(self) -> PopulationGrid:
        return self.network.people

    @property
    def covered_any(self) -> NDArray[np.bool_]:
        """(ny, nx) 4G by any operator."""
        return self.network.mask(ALL_OPERATORS)

    @property
    def covered_scope(self) -> NDArray[np.bool_]:
        """(ny, nx) 4G by the operator planned for (= any when none)."""
        return self.network.mask(self.operator or ALL_OPERATORS)


def load_base(
    ws: Workspace,
    *,
    operator: str | None = None,
    resolution: float | None = None,
    progress: Callable[[int, int], None] | None = None,
    extra_radios: pd.DataFrame | None = None,
    run_id: str | None = None,
) -> Base:
    """Model today's 4G coverage (optionally with extra radios) exactly as `hatang coverage` does.

    With `run_id`, today's network is modelled as that stored coverage run modelled it:
    its period's site register, its grid (see `plan_resolution`) and its calibration
    offsets. Without, the latest period and the offsets of that period's current 4G run
    (`default_run`), on `resolution` (default coverage.resolution_m)."""
    runs = store_coverage.read_coverage_runs(ws)
    pinned = pinned_run(runs, run_id) if run_id else None
    inputs = store_coverage.read_network(ws, pinned.period if pinned else None)
    run = pinned or default_run(runs, inputs.period)
    res = plan_resolution(pinned, resolution, ws.settings.coverage.resolution_m)
    return model_base(
        ws, inputs, run, res, operator=operator, progress=progress, extra_radios=extra_radios
    )


def base_of_period(
    ws: Workspace, period: str, run_id: str | None
) -> tuple[store_coverage.NetworkInputs, CoverageRun | None]:
    """The network of `period` and the run to model it as: `run_id` when given (checked),
    else the period's current 4G run — what a scenario of that period was planned on."""
    runs = store_coverage.read_coverage_runs(ws)
    run = pinned_run(runs, run_id) if run_id else default_run(runs, period)
    return store_coverage.read_network(ws, period), run


def model_base(
    ws: Workspace,
    inputs: store_coverage.NetworkInputs,
    run: CoverageRun | None,
    res: float,
    *,
    operator: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    extra_radios: pd.DataFrame | None = None,
) -> Base:
    """`load_base` once the network, the run (offsets) and the grid are decided."""
    if not inputs.sites:
        raise NotFound(
            f"the workspace has no site register for {inputs.period}"
            + (f" (the period of coverage run {run.run_id!r})" if run else "")
            + f" / không có danh sách trạm kỳ {inputs.period}"
        )
    cs = ws.settings.coverage
    crs = check_projected(ws.settings.workspace.crs)
    network = model_network(
        inputs.cells,
        inputs.villages,
        inputs.bbox,
        cs,
        resolution=res,
        crs=crs,
        technology=TECHNOLOGY,
        offsets=run.offsets if run else None,  # as the calibrated run modelled it
        extra_radios=extra_radios,
        population_raster=ws.root / cs.population_raster if cs.population_raster else None,
        progress=progress,
    )
    ops_per_site = inputs.cells.groupby("site_id")["operator"].nunique()
    return Base(
        period=inputs.period,
        cells=with_xy(inputs.cells, crs),
        villages=inputs.villages,
        network=network,
        operator=operator,
        structures=with_xy(store_planning.read_structures(ws), crs),
        sites_total=inputs.sites,
        shared_total=int((ops_per_site >= 2).sum()),
        synthetic=inputs.synthetic,
        village_share=ws.settings.indicators.village_covered_share,
        run=run,
        facilities=store_planning.read_facilities(ws),
    )
