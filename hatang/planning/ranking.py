"""A plan read as a person reads it (pure): the actions in rank order with what each
adds, the dead spots nobody can cover, and the scenario's totals before and after.

Every "after" figure comes from the demand points the plan covers, evaluated on the
same grid as "before", so before and after are comparable cell by cell.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from numpy.typing import NDArray

from hatang.coverage.grid import to_lonlat
from hatang.model.schema import TABLES
from hatang.planning import candidates as cands
from hatang.planning.base import Base
from hatang.planning.demand import Demand
from hatang.planning.optimise import Plan
from hatang.planning.runs import TECHNOLOGY
from hatang.settings import CoverageSettings

#: the scenario_actions columns an action row has before it is named and labelled
ACTION_COLUMNS = [
    c.name for c in TABLES["scenario_actions"].columns if c.name not in ("scenario", "synthetic")
]


@dataclass(frozen=True)
class Question:
    """What a scenario asks: a budget (max-cover) or a share to cover (min-cost), an
    optional sharing target, and the operator planned for (None: any)."""

    budget: float | None
    cover: float | None
    sharing: float | None
    operator: str | None


def village_ok(base: Base, covered: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """Villages whose covered share of people reaches the indicator's threshold."""
    n = len(base.villages)
    totals = base.people.village_totals(n)
    share = base.people.village_covered(covered, n)
    ok: NDArray[np.bool_] = (totals > 0) & (share >= base.village_share * totals - 1e-9)
    return ok


def _environment(c: Any, cs: CoverageSettings) -> str:
    return cs.urban_environment if (bool(c.urban) and cs.urban_environment) else cs.environment


def _action(
    rank: int, c: Any, crs: str, cs: CoverageSettings, adds: dict[str, Any]
) -> dict[str, Any]:
    """One action row: the candidate, where it is, its radio and what it adds."""
    lon, lat = to_lonlat(np.array([c.x]), np.array([c.y]), crs)
    return dict(
        rank=rank,
        candidate_id=c.candidate_id,
        kind=c.kind,
        operator=c.operator,
        host_site_id=c.host_site_id,
        structure_id=c.structure_id,
        lon=float(lon[0]),
        lat=float(lat[0]),
        height_m=float(c.height_m),
        cost_vnd=float(c.cost_vnd),
        **adds,
        makes_shared=bool(c.makes_shared),
        band_mhz=float(c.band_mhz),
        bandwidth_mhz=float(c.bandwidth_mhz),
        eirp_dbm=float(c.eirp_dbm),
        sectors=len(cands.SECTORS),
        environment=str(_environment(c, cs)),
    )


def rank_actions(
    base: Base,
    demand: Demand,
    cand: pd.DataFrame,
    M: sp.spmatrix,
    plan: Plan,
    cs: CoverageSettings,
    *,
    weighted: bool = False,
) -> pd.DataFrame:
    """The plan's actions in rank order, each with what it adds given the ones before:
    people (never weighted), weighted people (only when `weighted`), villages reaching
    the covered share, dead spots closed. Facility counts are added by the caller."""
    shape = base.covered_any.shape
    covered = base.covered_any.copy().ravel()
    ok_before = village_ok(base, covered.reshape(shape))
    in_spot = demand.dead_spot >= 0
    remaining = np.bincount(
        demand.dead_spot[in_spot],
        weights=demand.people[in_spot],
        minlength=len(demand.spots_people),
    )
    got = np.zeros(len(demand), dtype=bool)
    rows = []
    Mc = sp.csc_matrix(M)
    for rank, j in enumerate(plan.selected, start=1):
        pts = Mc.indices[Mc.indptr[j] : Mc.indptr[j + 1]]
        new = pts[~got[pts]]
        got[new] = True
        covered[demand.cell[new]] = True
        ok = village_ok(base, covered.reshape(shape))
        spots = demand.dead_spot[new]
        before_closed = int((remaining <= 1e-9).sum())
        np.subtract.at(remaining, spots[spots >= 0], demand.people[new][spots >= 0])
        closed = int((remaining <= 1e-6 * np.maximum(demand.spots_people, 1)).sum()) - before_closed
        adds = dict(
            people_new=float(demand.people[new].sum()),
            weighted_new=float(demand.weight[new].sum()) if weighted else None,
            villages_new=int((ok & ~ok_before).sum()),
            dead_spots_closed=closed,
        )
        rows.append(_action(rank, cand.iloc[j], base.grid.crs, cs, adds))
        ok_before = ok
    return pd.DataFrame(rows, columns=ACTION_COLUMNS)


def uncoverable_spots(demand: Demand, lost: NDArray[np.bool_], crs: str) -> pd.DataFrame:
    """Dead spots with people that no candidate reaches: people lost, centroid lon/lat,
    largest first."""
    cols = ["dead_spot", "people", "lon", "lat"]
    if not lost.any():
        return pd.DataFrame(columns=cols)
    frame = (
        pd.DataFrame({"dead_spot": demand.dead_spot[lost], "people": demand.people[lost]})
        .groupby("dead_spot", as_index=False)["people"]
        .sum()
    )
    xy = demand.spots_centroid[frame["dead_spot"].to_numpy()]
    lon, lat = to_lonlat(xy[:, 0], xy[:, 1], crs)
    out = frame.assign(lon=lon, lat=lat).sort_values("people", ascending=False)
    return pd.DataFrame(out[cols].reset_index(drop=True))


def _sharing(base: Base, actions: pd.DataFrame) -> tuple[float, float]:
    """Sharing ratio before and after the plan's actions."""
    new_shared = (
        int(actions.loc[actions["makes_shared"], "host_site_id"].nunique()) if len(actions) else 0
    )
    new_sites = int((actions["kind"] != "colocation").sum()) if len(actions) else 0
    total_after = base.sites_total + new_sites
    before = base.shared_total / base.sites_total if base.sites_total else 0.0
    return before, (base.shared_total + new_shared) / total_after if total_after else 0.0


def scenario_row(
    name: str,
    base: Base,
    demand: Demand,
    cand: pd.DataFrame,
    plan: Plan,
    actions: pd.DataFrame,
    question: Question,
    uncoverable: float,
) -> dict[str, Any]:
    """The scenario's row: the question (budget, cover, sharing, operator), the answer's
    quality, the coverage run planned against and the indicators before and after."""
    before = base.covered_any
    flat = before.copy().ravel()
    flat[demand.cell[plan.covered]] = True
    after = flat.reshape(before.shape)
    ppl = base.people.people
    sharing_before, sharing_after = _sharing(base, actions)
    cover = question.cover
    return dict(
        name=name,
        created_at=dt.datetime.now().replace(microsecond=0),
        problem=plan.problem,
        budget_vnd=question.budget,
        cover_share=None if plan.problem == "max-cover" else (cover if cover is not None else 1.0),
        sharing_target=question.sharing,
        operator=question.operator or "any",
        coverage_period=base.period,
        coverage_run=base.run.run_id if base.run else None,
        coverage_run_created_at=base.run.created_at if base.run else None,
        technology=TECHNOLOGY,
        resolution_m=base.grid.res,
        status=plan.status,
        method=plan.method,
        people_new=float(actions["people_new"].sum()) if len(actions) else 0.0,
        cost_vnd=plan.cost,
        bound=plan.bound,
        gap=plan.gap,
        solve_seconds=plan.solve_time,
        demand_people=float(demand.people.sum()),
        uncoverable_people=uncoverable,
        candidates=len(cand),
        population=float(ppl.sum()),
        population_covered_before=float(ppl[before].sum()),
        population_covered_after=float(ppl[after].sum()),
        villages=len(base.villages),
        villages_covered_before=int(village_ok(base, before).sum()),
        villages_covered_after=int(village_ok(base, after).sum()),
        sites_before=base.sites_total,
        shared_sites_before=base.shared_total,
        sharing_before=sharing_before,
        sharing_after=sharing_after,
        dead_spots=len(demand.spots_people),
        dead_spots_closed=int(actions["dead_spots_closed"].sum()) if len(actions) else 0,
        synthetic=base.synthetic,
    )
