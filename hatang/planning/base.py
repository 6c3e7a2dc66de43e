"""Today's network as the planner starts from it: the store-facing shell.

`load_base` decides the period and the coverage run to model (planning.runs), reads the
network and what the planner needs beyond it (structures, facilities), and models it
with `coverage.network.model_network` — the function `hatang coverage` models with —
so the planner's dead spots are that run's.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from hatang.coverage.grid import Grid, check_projected
from hatang.coverage.network import ALL_OPERATORS, NetworkCoverage, model_network, with_xy
from hatang.coverage.population import PopulationGrid
from hatang.errors import NotFound
from hatang.model.admin import province_area
from hatang.model.periods import map_for_period
from hatang.planning.runs import TECHNOLOGY, CoverageRun, default_run, pinned_run, plan_resolution
from hatang.settings import Settings
from hatang.store import coverage as store_coverage
from hatang.store import planning as store_planning
from hatang.store.national import read_province_scope
from hatang.store.workspace import Workspace
from hatang.views.province import ProvinceScope


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
    province: str | None = None,
) -> Base:
    """Model today's 4G coverage (optionally with extra radios) exactly as `hatang coverage` does.

    With `run_id`, today's network is modelled as that stored coverage run modelled it:
    its period's site register, its grid (see `plan_resolution`) and its calibration
    offsets. Without, the latest period and the offsets of that period's current 4G run
    (`default_run`), on `resolution` (default coverage.resolution_m).

    With `province` (a 2025 province of a national workspace) only that province is
    modelled, on the grid a national coverage run gives it (`province_inputs`)."""
    read = read_base_inputs(ws, resolution=resolution, run_id=run_id, province=province)
    return model_inputs(read, operator=operator, progress=progress, extra_radios=extra_radios)


@dataclass(frozen=True)
class BaseInputs:
    """Everything modelling today's network needs, read from the workspace once: it
    travels to a Dask task (`planning.country`), which models it without opening the
    workspace (only a configured population raster is read from `root`)."""

    inputs: store_coverage.NetworkInputs
    run: CoverageRun | None
    resolution: float
    crs: str | None  # the grid's (None: the workspace's)
    settings: Settings
    root: Path
    structures: pd.DataFrame
    facilities: pd.DataFrame | None
    province: str | None = None  # the 2025 province planned for (a national workspace)


def read_base_inputs(
    ws: Workspace,
    *,
    resolution: float | None = None,
    run_id: str | None = None,
    province: str | None = None,
    network: store_coverage.NetworkInputs | None = None,
) -> BaseInputs:
    """What `load_base` models (its docstring); `network`: the period's network already
    read (`store.coverage.read_network`), so that many provinces read it once."""
    runs = store_coverage.read_coverage_runs(ws)
    pinned = pinned_run(runs, run_id) if run_id else None
    inputs = network or store_coverage.read_network(ws, pinned.period if pinned else None)
    crs = None
    if province is not None:
        inputs, crs = province_inputs(inputs, read_province_scope(ws, province))
    run = pinned or default_run(runs, inputs.period)
    res = plan_resolution(pinned, resolution, ws.settings.coverage.resolution_m)
    structures = store_planning.read_structures(ws)
    return BaseInputs(
        inputs, run, res, crs, ws.settings, ws.root, structures,
        store_planning.read_facilities(ws), province,
    )  # fmt: skip


#: sites this far (degrees) outside a province's extent may still cover its people
REACH_DEG = 0.5


def province_inputs(
    inputs: store_coverage.NetworkInputs, scope: ProvinceScope
) -> tuple[store_coverage.NetworkInputs, str]:
    """The network as one province of a national workspace plans on it, and its CRS:
    the province's people, every site within `REACH_DEG` of its extent as radios (a
    neighbour's site covers people across the border), its own sites counted (sites
    and sharing); the extent and UTM zone a national coverage run gives it
    (`admin.province_area`)."""
    _, crs, (w, s, e, n) = province_area(scope.code)
    v = inputs.villages
    villages = v[scope.has(v["commune_2025"].astype(str), "2025")].reset_index(drop=True)
    if villages.empty:
        raise NotFound(f"province {scope.code} has no population points in this workspace")
    c, m = inputs.cells, REACH_DEG
    near = c["lon"].between(w - m, e + m) & c["lat"].between(s - m, n + m)
    own = c[scope.has(c["commune_code"].astype(str), map_for_period(inputs.period))]
    own_sites = frozenset(own["site_id"].astype(str))
    narrowed = dataclasses.replace(
        inputs,
        cells=c[near].reset_index(drop=True),
        villages=villages,
        bbox=(w, s, e, n),
        sites=len(own_sites),
        own_sites=own_sites,
    )
    return narrowed, crs


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
    crs: str | None = None,
) -> Base:
    """`load_base` once the network, the run (offsets) and the grid are decided; `crs`
    the grid's (default the workspace's)."""
    read = BaseInputs(
        inputs, run, res, crs, ws.settings, ws.root, store_planning.read_structures(ws),
        store_planning.read_facilities(ws),
    )  # fmt: skip
    return model_inputs(read, operator=operator, progress=progress, extra_radios=extra_radios)


def model_inputs(
    read: BaseInputs,
    *,
    operator: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    extra_radios: pd.DataFrame | None = None,
) -> Base:
    """Today's network modelled from what was read (`BaseInputs`): no workspace needed."""
    inputs, run = read.inputs, read.run
    if not inputs.sites:
        raise NotFound(
            f"the workspace has no site register for {inputs.period}"
            + (f" (the period of coverage run {run.run_id!r})" if run else "")
            + f" / không có danh sách trạm kỳ {inputs.period}"
        )
    cs = read.settings.coverage
    crs = check_projected(read.crs or read.settings.workspace.crs)
    network = model_network(
        inputs.cells,
        inputs.villages,
        inputs.bbox,
        cs,
        resolution=read.resolution,
        crs=crs,
        technology=TECHNOLOGY,
        offsets=run.offsets if run else None,  # as the calibrated run modelled it
        extra_radios=extra_radios,
        population_raster=read.root / cs.population_raster if cs.population_raster else None,
        progress=progress,
    )
    own = inputs.cells
    if inputs.own_sites is not None:
        own = own[own["site_id"].astype(str).isin(inputs.own_sites)]
    ops_per_site = own.groupby("site_id")["operator"].nunique()
    return Base(
        period=inputs.period,
        cells=with_xy(inputs.cells, crs),
        villages=inputs.villages,
        network=network,
        operator=operator,
        structures=with_xy(read.structures, crs),
        sites_total=inputs.sites,
        shared_total=int((ops_per_site >= 2).sum()),
        synthetic=inputs.synthetic,
        village_share=read.settings.indicators.village_covered_share,
        run=run,
        facilities=read.facilities,
    )
