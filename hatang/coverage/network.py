"""Model a network on a grid: the one function `hatang coverage` and the planner share.

`model_network(cells, villages, bbox, settings, ...)` picks the radios of a technology
(and operator), drops the cells whose band the propagation model does not cover, gives
each cell its environment class (urban communes → `urban_environment`), applies the
per-operator calibration offsets, adds any extra radios (a scenario's planned ones),
computes the best received power on a grid laid over the province, and puts its
people on the same grid. Both callers therefore model today's network identically,
so the dead spots the planner closes are the ones `hatang deadspots` lists.

Pure: frames and arrays in, a `NetworkCoverage` out (a population raster, when
configured, is read from its file by `population.raster_to_grid`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from hatang.coverage import engine, population
from hatang.coverage.grid import Grid, to_xy
from hatang.coverage.propagation import get_model
from hatang.coverage.terrain_grid import Terrain
from hatang.errors import NotFound
from hatang.settings import CoverageSettings

#: the scope of the union over operators
ALL_OPERATORS = "any"

#: columns of an extra radio that the register's radios lack but the engine reads
_EXTRA_COLUMNS = ("environment", "azimuth_deg", "beamwidth_deg")


@dataclass(frozen=True)
class NetworkCoverage:
    """A network modelled on a grid: best power per (operator, technology), the covered
    cells of each scope ('any' and every operator) and the people on the grid."""

    grid: Grid
    power: engine.GridPower
    people: population.PopulationGrid
    technology: str
    covered: dict[str, NDArray[np.bool_]]  # scope → (ny, nx)
    radios: int  # radios modelled
    skipped_cells: int  # cells left out: band outside the model's range
    seconds: float  # wall time of the grid computation
    #: the same network without the terrain's loss, when its band was asked for
    flat: engine.GridPower | None = None

    @property
    def scopes(self) -> list[str]:
        """'any' first, then the operators in name order."""
        return list(self.covered)

    def mask(self, scope: str = ALL_OPERATORS) -> NDArray[np.bool_]:
        """Covered cells of `scope`; none for an operator without radios here."""
        found = self.covered.get(scope)
        return found if found is not None else np.zeros(self.grid.shape, dtype=bool)


def with_xy(frame: pd.DataFrame, crs: str) -> pd.DataFrame:
    """`frame` with x, y (metres in `crs`) from its lon, lat."""
    x, y = to_xy(frame["lon"].to_numpy(), frame["lat"].to_numpy(), crs)
    return frame.assign(x=x, y=y)


def radio_frame(
    cells: pd.DataFrame, settings: CoverageSettings, technology: str, operator: str | None
) -> pd.DataFrame:
    """The cells of `technology` (and `operator`) that the propagation model covers, each
    with its environment class; `attrs['skipped_out_of_band']` counts the others."""
    c = cells[cells["technology"] == technology]
    if operator:
        c = c[c["operator"] == operator]
    if c.empty:
        of = f" of operator {operator}" if operator else ""
        raise NotFound(f"no {technology} cells{of} in the register")
    model = get_model(settings.model)
    in_band = c["band_mhz"].between(model.f_min_mhz, model.f_max_mhz)
    if not in_band.any():
        raise NotFound(
            f"none of the {len(c)} {technology} cells lies in the {model.name} model's range "
            f"({model.f_min_mhz:g}–{model.f_max_mhz:g} MHz); choose another coverage.model"
        )
    c = c[in_band]
    urban = c["urban"].fillna(False).astype(bool) & bool(settings.urban_environment)
    out = c.assign(environment=np.where(urban, settings.urban_environment, settings.environment))
    out.attrs["skipped_out_of_band"] = int((~in_band).sum())
    return out


def area_grid(
    bbox: tuple[float, float, float, float],
    villages: pd.DataFrame,
    settings: CoverageSettings,
    resolution: float,
    crs: str,
) -> Grid:
    """The grid over the province's box and every population point, with a margin of a
    village disc and two cells so that no village is cut at the edge."""
    w, s, e, n = bbox
    if len(villages):
        w, s = min(w, villages["lon"].min()), min(s, villages["lat"].min())
        e, n = max(e, villages["lon"].max()), max(n, villages["lat"].max())
    g = Grid.from_lonlat_bounds(w, s, e, n, resolution, crs, settings.tile_cells)
    m = settings.village_radius_m + 2 * resolution
    x0, y0, x1, y1 = g.bounds
    return Grid.from_bounds(x0 - m, y0 - m, x1 + m, y1 + m, resolution, crs, settings.tile_cells)


def people_on_grid(
    grid: Grid,
    villages: pd.DataFrame,
    settings: CoverageSettings,
    population_raster: Path | None = None,
) -> population.PopulationGrid:
    """The villages' people on the grid: from the raster when given (attributed to the
    nearest village), else spread over each village's disc (`radius_m`, else
    `village_radius_m`)."""
    vx, vy = to_xy(villages["lon"].to_numpy(), villages["lat"].to_numpy(), grid.crs)
    counts = villages["population"].fillna(0)
    if population_raster is not None:
        people = population.raster_to_grid(population_raster, grid, total=float(counts.sum()))
        return population.attribute_to_villages(grid, people, vx, vy)
    radius = (
        villages["radius_m"].fillna(settings.village_radius_m).to_numpy()
        if "radius_m" in villages
        else settings.village_radius_m
    )
    return population.spread_villages(grid, vx, vy, counts.to_numpy(), radius)


def covered_scopes(power: engine.GridPower, technology: str) -> dict[str, NDArray[np.bool_]]:
    """Covered cells of 'any' and of every operator with radios in `power`."""
    scopes = [ALL_OPERATORS] + sorted({op for op, _ in power.groups})
    return {
        s: power.covered_any(operator=None if s == ALL_OPERATORS else s, technology=technology)
        for s in scopes
    }


def radios_frame(
    cells: pd.DataFrame,
    settings: CoverageSettings,
    technology: str,
    operator: str | None,
    offsets: Mapping[str, float] | None = None,
    extra: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The radios `model_network` models (in-band cells of `technology`, offsets, extra
    radios), from cells that carry x, y: what an area-by-area run cuts per area."""
    return _radios(cells, settings, technology, operator, offsets, extra)


def _radios(
    cells: pd.DataFrame,
    settings: CoverageSettings,
    technology: str,
    operator: str | None,
    offsets: Mapping[str, float] | None,
    extra: pd.DataFrame | None,
) -> pd.DataFrame:
    """The radios to model: the register's, offset per operator, then the extra ones."""
    radios = radio_frame(cells, settings, technology, operator)
    skipped = radios.attrs["skipped_out_of_band"]
    if offsets:
        radios = radios.assign(offset_db=radios["operator"].map(dict(offsets)).fillna(0.0))
    if extra is not None and len(extra):
        keep = [c for c in extra.columns if c in radios.columns or c in _EXTRA_COLUMNS]
        radios = pd.concat([radios, extra[keep]], ignore_index=True)
    radios.attrs["skipped_out_of_band"] = skipped
    return radios


def model_network(
    cells: pd.DataFrame,
    villages: pd.DataFrame,
    bbox: tuple[float, float, float, float],
    settings: CoverageSettings,
    *,
    resolution: float,
    crs: str,
    technology: str = "4G",
    operator: str | None = None,
    offsets: Mapping[str, float] | None = None,
    extra_radios: pd.DataFrame | None = None,
    population_raster: Path | None = None,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
    terrain: Callable[[Grid], Terrain] | None = None,
    terrain_band: bool = False,
) -> NetworkCoverage:
    """Model the cells (lon/lat, from the register) of `technology` — only `operator`'s
    when given — with `offsets` (operator → dB) and `extra_radios` (engine frame with
    x/y) on the province's grid (module docstring); `terrain` gives the DEM on the grid
    when the terrain's loss is to be added, and `terrain_band` the flat network as
    well (the terrain's loss band of the GeoTIFF)."""
    radios = _radios(with_xy(cells, crs), settings, technology, operator, offsets, extra_radios)
    grid = area_grid(bbox, villages, settings, resolution, crs)
    started = time.perf_counter()
    prepared = engine.prepare(radios, settings)
    power = engine.compute_grid(
        prepared,
        grid,
        workers=workers,
        progress=progress,
        terrain=terrain(grid) if terrain else None,
    )
    seconds = time.perf_counter() - started
    flat = (
        engine.compute_grid(prepared, grid, workers=workers) if terrain and terrain_band else None
    )
    covered = covered_scopes(power, technology)
    return NetworkCoverage(
        grid=grid,
        power=power,
        people=people_on_grid(grid, villages, settings, population_raster),
        technology=technology,
        covered=covered,
        radios=len(radios),
        skipped_cells=int(radios.attrs["skipped_out_of_band"]),
        seconds=seconds,
        flat=flat,
    )
