"""`plan_sites`: plan a named scenario and store it (the shell around the planner core).

Models today's network (`base.load_base`: the coverage run's register, grid and
offsets), turns the uncovered populated cells into demand (`demand`, weighted by
facilities when asked), builds candidates and their coverage matrix (`candidates`),
calls `optimise`, ranks the chosen actions with what each adds (`ranking`), counts the
facilities each brings 4G to, and stores the scenario (`store.scenarios`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import astuple, dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from numpy.typing import NDArray

from hatang.errors import ConfigError, NotFound
from hatang.planning import candidates as cands
from hatang.planning import facilities as fac
from hatang.planning.base import Base, load_base
from hatang.planning.demand import Demand, uncovered_demand
from hatang.planning.optimise import Plan, Sharing, optimise
from hatang.planning.ranking import Question, rank_actions, scenario_row, uncoverable_spots
from hatang.settings import CoverageSettings, Settings
from hatang.store import scenarios as store
from hatang.store.workspace import Workspace

#: the plan without its sharing target and weighting (`_reference`)
REFERENCE_COLUMNS = (
    "reference_without",
    "reference_cost_vnd",
    "reference_people_new",
    "reference_status",
)


@dataclass
class ScenarioResult:
    scenario: dict[str, Any]
    actions: pd.DataFrame
    plan: Plan
    demand: Demand
    candidates: pd.DataFrame
    uncoverable: pd.DataFrame  # per dead spot: people no candidate can cover, and where
    notes: list[str] = field(default_factory=list)  # about the weighting, for the CLI


def demand_factors(ws: Workspace, priority: Mapping[str, float] | None) -> dict[str, float]:
    """The demand weighting: `priority` (--priority) else `[planner] facility_weight`."""
    if priority is None:
        where = "hatang.toml [planner] facility_weight"
        return fac.check_factors(ws.settings.planner.facility_weight, where)
    return fac.check_factors(priority, "--priority")


def _weighting_totals(
    factors: Mapping[str, float], demand: Demand, actions: pd.DataFrame
) -> dict[str, object]:
    """The weighting recorded with a scenario; the weighted totals only when weighted, so
    that `people_new` / `demand_people` always stay people."""
    if not factors:
        return dict(weighting=fac.NONE, objective_weighted=None, demand_weighted=None)
    return dict(
        weighting=fac.label(factors),
        objective_weighted=float(actions["weighted_new"].sum()) if len(actions) else 0.0,
        demand_weighted=float(demand.weight.sum()),
    )


def _uncovered_facilities(base: Base, placed: fac.Placed) -> NDArray[np.bool_]:
    """Facilities on the grid in cells without 4G (of the operator planned for) today."""
    on_grid = placed.cell >= 0
    out = np.zeros(len(placed), dtype=bool)
    out[on_grid] = ~base.covered_scope.ravel()[placed.cell[on_grid]]
    return out


def _facility_cover(
    placed: fac.Placed,
    uncovered: NDArray[np.bool_],
    cand: pd.DataFrame,
    plan: Plan,
    cs: CoverageSettings,
) -> sp.spmatrix:
    """Uncovered facilities × the plan's actions (rank order): True where the action
    covers the facility's grid cell — evaluated at the cell's centre, as the demand is."""
    chosen = cand.iloc[list(plan.selected)].reset_index(drop=True)
    xy = placed.xy[uncovered]
    k = len(xy)
    points = Demand(
        cell=placed.cell[uncovered],
        xy=xy,
        people=np.zeros(k),
        weight=np.zeros(k),
        dead_spot=np.full(k, -1, dtype=np.int64),
        spots_bbox=np.zeros((0, 4)),
        spots_centroid=np.zeros((0, 2)),
        spots_people=np.zeros(0),
    )
    return cands.coverage_of(chosen, points, cs)


def _facility_totals(
    placed: fac.Placed, uncovered: NDArray[np.bool_], actions: pd.DataFrame
) -> dict[str, object]:
    """Facilities on the grid, without 4G before, and newly covered (total and per kind);
    all empty when the workspace has no facilities."""
    cols = ["facilities_new", *fac.COUNT_COLUMNS.values()]
    if not len(placed):
        return dict(facilities=None, facilities_uncovered=None, **dict.fromkeys(cols))
    return dict(
        facilities=int((placed.cell >= 0).sum()),
        facilities_uncovered=int(uncovered.sum()),
        **{c: int(actions[c].sum()) if len(actions) else 0 for c in cols},
    )


def _sharing(base: Base, cand: pd.DataFrame, target: float | None) -> Sharing | None:
    """The sharing constraint of --sharing: shared sites ÷ sites after the plan ≥ target."""
    if target is None:
        return None
    return Sharing(
        float(base.shared_total),
        float(base.sites_total),
        adds_shared=cand["makes_shared"].to_numpy(dtype=float),
        adds_site=cand["adds_site"].to_numpy(dtype=float),
        target=float(target),
        host=cand["host"].to_numpy(),
    )


def _weighting(
    base: Base, factors: dict[str, float]
) -> tuple[fac.Placed, NDArray[np.float64] | None, list[str]]:
    """Facilities on the grid, the per-village factor (None: plain people) and a note."""
    facilities = (
        base.facilities
        if base.facilities is not None
        else pd.DataFrame(columns=["facility_id", "kind", "village_code", "lon", "lat"])
    )
    placed = fac.place(facilities, base.grid, base.villages, base.grid.crs)
    factor = (
        fac.village_factor(placed.kind, placed.village, len(base.villages), factors)
        if factors
        else None
    )
    notes = []
    if factors and factor is None:
        notes.append(
            "no imported facility of a weighted kind lies in any village: every person counts 1 "
            "/ không có cơ sở thuộc loại được ưu tiên"
        )
    return placed, factor, notes


def _count_facilities(
    actions: pd.DataFrame,
    placed: fac.Placed,
    uncovered: NDArray[np.bool_],
    cand: pd.DataFrame,
    plan: Plan,
    cs: CoverageSettings,
) -> pd.DataFrame:
    """The actions with the facilities each newly covers, per kind."""
    if not len(placed):
        return actions
    counts = fac.newly_covered(
        _facility_cover(placed, uncovered, cand, plan, cs),
        placed.kind[uncovered],
        np.arange(len(plan.selected)),
    )
    for col in counts:
        actions[col] = counts[col].to_numpy() if len(actions) else []
    return actions


def _reference(
    M: sp.spmatrix,
    demand: Demand,
    cand: pd.DataFrame,
    budget: float | None,
    cover: float | None,
    sharing: float | None,
    factors: Mapping[str, float],
    time_limit: float,
) -> dict[str, object]:
    """The same question without the sharing target and the facility weighting, so the
    scenario can say what they cost: 'the sharing target adds 64.0 bn VND'. Empty when
    the plan had neither (it is its own reference)."""
    without = [w for w, on in (("sharing", sharing is not None), ("weighting", factors)) if on]
    if not without:
        return dict.fromkeys(REFERENCE_COLUMNS)
    ref = optimise(
        M,
        demand.people,
        cost=cand["cost_vnd"].to_numpy(dtype=float),
        budget=budget,
        cover=cover,
        time_limit=time_limit,
    )
    people = float(demand.people[ref.covered].sum()) if len(demand) else 0.0
    return dict(
        reference_without="+".join(without),
        reference_cost_vnd=ref.cost,
        reference_people_new=people,
        reference_status=ref.status,
    )


def check_name(ws: Workspace, name: str, replace: bool) -> None:
    """A name is needed; a stored scenario of that name is kept unless `replace`, so a
    second `plan-sites --name b50` cannot silently drop the first one."""
    if not name or not name.strip():
        raise ConfigError("a scenario needs a name (--name)")
    made = None if replace else store.scenario_created(ws, name)
    if made is not None:
        raise ConfigError(
            f"scenario {name!r} already exists (made {str(made)[:19]}): add --replace to plan it "
            f"again under that name, or choose another --name / kịch bản {name!r} đã có: thêm "
            "--replace để lập lại, hoặc đặt --name khác"
        )


def plan_sites(
    ws: Workspace,
    *,
    name: str,
    budget: float | None = None,
    cover: float | None = None,
    sharing: float | None = None,
    operator: str | None = None,
    time_limit: float | None = None,
    resolution: float | None = None,
    progress: Callable[[int, int], None] | None = None,
    run_id: str | None = None,
    priority: Mapping[str, float] | None = None,
    replace: bool = False,
    province: str | None = None,
) -> ScenarioResult:
    """Plan, rank and store a scenario (module docstring); `run_id` pins the coverage run
    planned against (`load_base`), recorded in the scenario either way. `priority`
    (facility kind → factor, {} = plain people) weights the demand by the villages'
    facilities; None takes `[planner] facility_weight` (`facilities` module). A stored
    scenario of the same name is replaced only with `replace`. `province` plans for one
    2025 province of a national workspace (`base.province_inputs`)."""
    check_name(ws, name, replace)
    factors = demand_factors(ws, priority)
    base = load_base(
        ws, operator=operator, resolution=resolution, progress=progress, run_id=run_id,
        province=province,
    )  # fmt: skip
    if budget is None and cover is None:
        cover = 1.0
    question = Question(budget, cover, sharing, operator)
    limit = time_limit if time_limit is not None else ws.settings.planner.time_limit_s
    result = solve(base, name, question, factors, ws.settings, limit, province)
    store.write_scenario(ws, result.scenario, result.actions)
    return result


def solve(
    base: Base,
    name: str,
    question: Question,
    factors: Mapping[str, float],
    settings: Settings,
    time_limit: float,
    province: str | None = None,
) -> ScenarioResult:
    """The scenario `name` answering `question` on `base` (pure: nothing is read or
    stored — a Dask task of `planning.country` runs it on a worker)."""
    ps, cs = settings.planner, settings.coverage
    budget, cover, sharing, operator = astuple(question)
    if operator and operator not in set(base.cells["operator"].astype(str)):
        raise NotFound(f"operator {operator!r} has no cells in the register of {base.period}")
    placed, factor, notes = _weighting(base, dict(factors))
    demand = uncovered_demand(base.grid, base.covered_scope, base.people, village_factor=factor)
    cand = cands.build_candidates(base.cells, base.structures, demand, ps, cs, operator=operator)
    M = cands.coverage_of(cand, demand, cs)
    plan = optimise(
        M,
        demand.weight,
        cost=cand["cost_vnd"].to_numpy(dtype=float),
        budget=budget,
        cover=cover,
        sharing=_sharing(base, cand, sharing),
        time_limit=time_limit,
    )
    reference = _reference(M, demand, cand, budget, cover, sharing, factors, time_limit)
    actions = rank_actions(base, demand, cand, M, plan, cs, weighted=bool(factors))
    uncovered_fac = _uncovered_facilities(base, placed)
    actions = _count_facilities(actions, placed, uncovered_fac, cand, plan, cs)
    lost = M.getnnz(axis=1) == 0
    uncoverable = float(demand.people[lost].sum()) if len(demand) else 0.0
    scen = scenario_row(name, base, demand, cand, plan, actions, question, uncoverable)
    scen.update(_weighting_totals(factors, demand, actions))
    scen.update(_facility_totals(placed, uncovered_fac, actions))
    scen.update(reference, province=province)
    actions = actions.assign(scenario=name, synthetic=base.synthetic)
    unc = uncoverable_spots(demand, lost, base.grid.crs)
    return ScenarioResult(scen, actions, plan, demand, cand, unc, notes)
