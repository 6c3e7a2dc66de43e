"""Scenarios: the store-facing shell around the planner core.

`plan_sites` reads the workspace (latest site register, villages, structures),
models coverage on the grid with the coverage engine, turns the uncovered populated
cells into demand (`demand`), builds candidates and their coverage matrix
(`candidates`), calls `optimise`, ranks the chosen actions with what each adds
(people, villages, dead spots closed), computes the plan's indicators after the
actions, and stores everything as a named scenario (tables `scenarios`,
`scenario_actions`). `verify_scenario` recomputes the coverage grid with the
scenario's radios added and compares the people newly covered with the claim.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from hatang.coverage import engine
from hatang.coverage import run as cov
from hatang.coverage.grid import Grid, check_projected, to_lonlat, to_xy
from hatang.errors import ConfigError, NotFound
from hatang.model.schema import TABLES
from hatang.planning import candidates as cands
from hatang.planning import facilities as fac
from hatang.planning.demand import Demand, uncovered_demand
from hatang.planning.optimise import Plan, Sharing, optimise
from hatang.store import db
from hatang.store.workspace import Workspace

TECHNOLOGY = "4G"


@dataclass
class Base:
    """The workspace's state before any action: cells, grid, people, coverage."""

    period: str
    cells: pd.DataFrame  # all cells of the period, projected
    villages: pd.DataFrame
    grid: Grid
    people: object  # coverage.population.PopulationGrid
    covered_any: np.ndarray  # (ny, nx) 4G by any operator
    covered_scope: np.ndarray  # (ny, nx) 4G by the operator planned for (= any when none)
    structures: pd.DataFrame
    sites_total: int
    shared_total: int
    synthetic: bool
    village_share: float = 0.9  # indicators.village_covered_share
    run: CoverageRun | None = None  # the stored coverage run modelled (None: there was none)
    facilities: pd.DataFrame | None = None  # imported facilities (facilities.load_facilities)


@dataclass
class ScenarioResult:
    scenario: dict
    actions: pd.DataFrame
    plan: Plan
    demand: Demand
    candidates: pd.DataFrame
    uncoverable: pd.DataFrame  # per dead spot: people no candidate can cover, and where
    notes: list[str] = field(default_factory=list)  # about the weighting, for the CLI


@dataclass(frozen=True)
class CoverageRun:
    """A stored `hatang coverage` run (table coverage_runs) the planner models today's
    network as: its site register (period), grid and per-operator calibration offsets."""

    run_id: str
    created_at: dt.datetime | None
    period: str
    technology: str
    operator: str
    resolution_m: float
    offsets: dict[str, float]


_RUN_COLUMNS = "run_id, created_at, period, technology, operator, resolution_m, calibration"
RUNS_LISTED = 5  # run ids an unknown --run error lists


def _run_from_row(row: tuple) -> CoverageRun:
    import json

    run_id, created, period, tech, op, res, calibration = row
    offsets = json.loads(calibration).get("offsets_db", {}) if calibration else {}
    return CoverageRun(
        str(run_id),
        created,
        str(period),
        str(tech),
        str(op),
        float(res),
        {str(k): float(v) for k, v in offsets.items()},
    )


def newest_run(con, period: str) -> CoverageRun | None:
    """The newest all-operator 4G coverage run of `period` (what the planner models by
    default, so its dead spots are the ones `hatang deadspots` lists); None when none."""
    if not db.table_exists(con, "coverage_runs"):
        return None
    row = con.execute(
        f"SELECT {_RUN_COLUMNS} FROM coverage_runs WHERE period = ? AND technology = ? "
        "AND operator = 'any' ORDER BY created_at DESC NULLS LAST, run_id DESC LIMIT 1",
        [period, TECHNOLOGY],
    ).fetchone()
    return _run_from_row(row) if row else None


def pinned_run(con, run_id: str) -> CoverageRun:
    """The stored run `run_id` (`plan-sites --run`), checked to be one the planner can model
    (4G, all operators). NotFound lists the stored runs, newest first."""
    exists = db.table_exists(con, "coverage_runs")
    row = (
        con.execute(
            f"SELECT {_RUN_COLUMNS} FROM coverage_runs WHERE run_id = ?", [run_id]
        ).fetchone()
        if exists
        else None
    )
    if not row:
        ids = (
            [
                r[0]
                for r in con.execute(
                    "SELECT run_id FROM coverage_runs ORDER BY created_at DESC NULLS LAST, run_id DESC"
                ).fetchall()
            ]
            if exists
            else []
        )
        if not ids:
            raise NotFound(
                f"no coverage run {run_id!r}: the workspace has none yet, run `hatang coverage` first "
                f"/ không có lượt tính phủ sóng {run_id!r}: chưa có lượt nào, hãy chạy `hatang coverage`"
            )
        more = f" (+{len(ids) - RUNS_LISTED} more / còn nữa: `hatang deadspots --runs`)"
        raise NotFound(
            f"no coverage run {run_id!r} / không có lượt tính phủ sóng {run_id!r}; "
            f"stored, newest first / hiện có, mới nhất trước: {', '.join(ids[:RUNS_LISTED])}"
            + (more if len(ids) > RUNS_LISTED else "")
        )
    run = _run_from_row(row)
    if run.technology != TECHNOLOGY:
        raise ConfigError(
            f"coverage run {run_id!r} models {run.technology}; the planner plans {TECHNOLOGY} — "
            f"pick a {TECHNOLOGY} run (`hatang deadspots --runs`) / lượt tính {run_id!r} là "
            f"{run.technology}, quy hoạch trạm cần lượt {TECHNOLOGY}"
        )
    if run.operator != "any":
        raise ConfigError(
            f"coverage run {run_id!r} models operator {run.operator} only; plan against an "
            f"all-operator run (`hatang coverage` without --operator) and use `plan-sites "
            f"--operator {run.operator}` / lượt tính {run_id!r} chỉ cho nhà mạng {run.operator}; "
            f"hãy dùng lượt tính cho mọi nhà mạng"
        )
    return run


def calibration_offsets(con, period: str) -> dict[str, float]:
    """Per-operator offsets (dB) of the newest all-operator 4G coverage run of `period`,
    when that run was calibrated; {} otherwise. The existing network is then modelled as
    `hatang coverage --calibrate` modelled it, so the planner's dead spots are the ones
    `hatang deadspots` lists. Planned radios get no offset (nothing measured them)."""
    run = newest_run(con, period)
    return dict(run.offsets) if run else {}


def plan_resolution(ws: Workspace, run: CoverageRun | None, resolution: float | None) -> float:
    """The grid cell size: a pinned run's own (an explicit different --resolution is refused:
    the run's calibration and dead spots belong to its grid), else --resolution, else
    coverage.resolution_m."""
    if run is None:
        return float(resolution or ws.settings.coverage.resolution_m)
    if resolution is not None and not np.isclose(float(resolution), run.resolution_m):
        raise ConfigError(
            f"--resolution {float(resolution):g} m does not match coverage run {run.run_id!r} "
            f"({run.resolution_m:g} m): leave --resolution out to plan on the run's grid, or "
            f"plan against a run at {float(resolution):g} m (`hatang coverage --resolution "
            f"{float(resolution):g}`) / --resolution khác ô lưới của lượt tính {run.run_id!r} "
            f"({run.resolution_m:g} m): bỏ --resolution để dùng ô lưới của lượt tính"
        )
    return run.resolution_m


def _grid(con, villages: pd.DataFrame, ws: Workspace, res: float) -> Grid:
    cs = ws.settings.coverage
    crs = check_projected(ws.settings.workspace.crs)
    w, s, e, n = cov._extent(con, villages)
    margin = cs.village_radius_m + 2 * res
    g = Grid.from_lonlat_bounds(w, s, e, n, res, crs, cs.tile_cells)
    return Grid.from_bounds(
        *(np.array(g.bounds) + [-margin, -margin, margin, margin]), res, crs, cs.tile_cells
    )


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
    offsets. Without, the latest period and the offsets of the newest all-operator 4G run
    of that period (`newest_run`), on `resolution` (default coverage.resolution_m)."""
    with ws.connect(read_only=True) as con:
        if run_id:
            run = pinned_run(con, run_id)
            period = run.period
        else:
            period = cov.latest_period(con)
            run = newest_run(con, period)
    res = plan_resolution(ws, run if run_id else None, resolution)
    return _model_base(
        ws,
        period=period,
        run=run,
        res=res,
        operator=operator,
        progress=progress,
        extra_radios=extra_radios,
    )


def _model_base(
    ws: Workspace,
    *,
    period: str,
    run: CoverageRun | None,
    res: float,
    operator: str | None,
    progress: Callable[[int, int], None] | None,
    extra_radios: pd.DataFrame | None,
) -> Base:
    """`load_base` once the period, the run (offsets) and the grid are decided."""
    crs = check_projected(ws.settings.workspace.crs)
    with ws.connect(read_only=True) as con:
        n_sites = con.execute("SELECT count(*) FROM sites WHERE period = ?", [period]).fetchone()[0]
        if not n_sites:
            raise NotFound(
                f"the workspace has no site register for {period}"
                + (f" (the period of coverage run {run.run_id!r})" if run else "")
                + f" / không có danh sách trạm kỳ {period}"
            )
        cells = cov.load_cells(con, period, crs)
        villages = cov.load_villages(con)
        grid = _grid(con, villages, ws, res)
        st = con.execute(
            "SELECT structure_id, kind, lon, lat, height_m FROM structures ORDER BY structure_id"
        ).df()
        facilities = fac.load_facilities(con)
        synthetic = ws.synthetic or db.get_meta(con, "synthetic") == "true"
    offsets = run.offsets if run else {}
    st["x"], st["y"] = to_xy(st["lon"].to_numpy(), st["lat"].to_numpy(), crs)
    ops_per_site = cells.groupby("site_id")["operator"].nunique()
    radios = cov._radio_frame(cells, ws, TECHNOLOGY, None)
    if offsets:  # today's network as the calibrated coverage run modelled it
        radios = radios.assign(offset_db=radios["operator"].map(offsets).fillna(0.0))
    if extra_radios is not None and len(extra_radios):
        radios = pd.concat(
            [
                radios,
                extra_radios[
                    [
                        c
                        for c in extra_radios
                        if c in radios or c in ("environment", "azimuth_deg", "beamwidth_deg")
                    ]
                ],
            ],
            ignore_index=True,
        )
    power = engine.compute_grid(
        engine.prepare(radios, ws.settings.coverage), grid, progress=progress
    )
    people = cov._people(ws, grid, villages)
    any_cov = power.covered_any(technology=TECHNOLOGY)
    scope = any_cov if not operator else power.covered_any(operator=operator, technology=TECHNOLOGY)
    return Base(
        period,
        cells,
        villages,
        grid,
        people,
        any_cov,
        scope,
        st,
        int(n_sites),
        int((ops_per_site >= 2).sum()),
        synthetic,
        ws.settings.indicators.village_covered_share,
        run,
        facilities,
    )


def _village_ok(base: Base, covered: np.ndarray) -> np.ndarray:
    n = len(base.villages)
    totals = base.people.village_totals(n)
    share = base.people.village_covered(covered, n)
    return (totals > 0) & (share >= base.village_share * totals - 1e-9)


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
) -> ScenarioResult:
    """Plan, rank and store a scenario (module docstring); `run_id` pins the coverage run
    planned against (`load_base`), recorded in the scenario either way. `priority`
    (facility kind → factor, {} = plain people) weights the demand by the villages'
    facilities; None takes `[planner] facility_weight` (`facilities` module)."""
    if not name or not name.strip():
        raise ConfigError("a scenario needs a name (--name)")
    if budget is None and cover is None:
        cover = 1.0
    ps = ws.settings.planner
    factors = (
        fac.check_factors(ps.facility_weight, "hatang.toml [planner] facility_weight")
        if priority is None
        else fac.check_factors(priority, "--priority")
    )
    base = load_base(ws, operator=operator, resolution=resolution, progress=progress, run_id=run_id)
    if operator and operator not in set(base.cells["operator"].astype(str)):
        raise NotFound(f"operator {operator!r} has no cells in the register of {base.period}")
    placed = fac.place(_facilities(base), base.grid, base.villages, base.grid.crs)
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
    demand = uncovered_demand(base.grid, base.covered_scope, base.people, village_factor=factor)
    cand = cands.build_candidates(
        base.cells, base.structures, demand, ps, ws.settings.coverage, operator=operator
    )
    M = cands.coverage_of(cand, demand, ws.settings.coverage)
    share_c = None
    if sharing is not None:
        share_c = Sharing(
            float(base.shared_total),
            float(base.sites_total),
            adds_shared=cand["makes_shared"].to_numpy(dtype=float),
            adds_site=cand["adds_site"].to_numpy(dtype=float),
            target=float(sharing),
            host=cand["host"].to_numpy(),
        )
    plan = optimise(
        M,
        demand.weight,
        cost=cand["cost_vnd"].to_numpy(dtype=float),
        budget=budget,
        cover=cover,
        sharing=share_c,
        time_limit=time_limit if time_limit is not None else ps.time_limit_s,
    )
    actions = _rank_actions(base, demand, cand, M, plan, ws, weighted=bool(factors))
    uncovered_fac = _uncovered_facilities(base, placed)
    if len(placed):
        counts = fac.newly_covered(
            _facility_cover(placed, uncovered_fac, cand, plan, ws),
            placed.kind[uncovered_fac],
            np.arange(len(plan.selected)),
        )
        for col in counts:
            actions[col] = counts[col].to_numpy() if len(actions) else []
    lost = M.getnnz(axis=1) == 0
    uncoverable = float(demand.people[lost].sum()) if len(demand) else 0.0
    unc = _uncoverable_spots(base, demand, lost)
    scen = _scenario_row(
        name, base, demand, cand, plan, actions, budget, cover, sharing, operator, uncoverable
    )
    scen.update(_weighting_totals(factors, demand, actions))
    scen.update(_facility_totals(base, placed, uncovered_fac, actions))
    actions = actions.assign(scenario=name, synthetic=base.synthetic)
    with ws.connect() as con, db.transaction(con):
        con.execute("DELETE FROM scenario_actions WHERE scenario = ?", [name])
        db.upsert_frame(con, TABLES["scenarios"], pd.DataFrame([scen]))
        db.upsert_frame(con, TABLES["scenario_actions"], actions)
    return ScenarioResult(scen, actions, plan, demand, cand, unc, notes)


def _facilities(base: Base) -> pd.DataFrame:
    if base.facilities is not None:
        return base.facilities
    return pd.DataFrame(columns=["facility_id", "kind", "village_code", "lon", "lat"])


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


def _uncovered_facilities(base: Base, placed: fac.Placed) -> np.ndarray:
    """Facilities on the grid in cells without 4G (of the operator planned for) today."""
    on_grid = placed.cell >= 0
    out = np.zeros(len(placed), dtype=bool)
    out[on_grid] = ~base.covered_scope.ravel()[placed.cell[on_grid]]
    return out


def _facility_cover(
    placed: fac.Placed, uncovered: np.ndarray, cand: pd.DataFrame, plan: Plan, ws: Workspace
):
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
    return cands.coverage_of(chosen, points, ws.settings.coverage)


def _facility_totals(
    base: Base, placed: fac.Placed, uncovered: np.ndarray, actions: pd.DataFrame
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


def _uncoverable_spots(base: Base, demand: Demand, lost: np.ndarray) -> pd.DataFrame:
    """Dead spots with people that no candidate reaches: people lost, centroid lon/lat."""
    cols = ["dead_spot", "people", "lon", "lat"]
    if not lost.any():
        return pd.DataFrame(columns=cols)
    spot = demand.dead_spot[lost]
    ppl = demand.people[lost]
    frame = (
        pd.DataFrame({"dead_spot": spot, "people": ppl})
        .groupby("dead_spot", as_index=False)["people"]
        .sum()
    )
    xy = demand.spots_centroid[frame["dead_spot"].to_numpy()]
    lon, lat = to_lonlat(xy[:, 0], xy[:, 1], base.grid.crs)
    return (
        frame.assign(lon=lon, lat=lat)
        .sort_values("people", ascending=False)[cols]
        .reset_index(drop=True)
    )


def _rank_actions(
    base: Base,
    demand: Demand,
    cand: pd.DataFrame,
    M,
    plan: Plan,
    ws: Workspace,
    *,
    weighted: bool = False,
) -> pd.DataFrame:
    """The plan's actions in rank order, each with what it adds given the ones before:
    people (never weighted), weighted people (only when `weighted`), villages reaching
    the covered share, dead spots closed. Facility counts are added by the caller."""
    covered = base.covered_any.copy().ravel()
    flat_shape = base.covered_any.shape
    ok_before = _village_ok(base, covered.reshape(flat_shape))
    remaining = np.bincount(
        demand.dead_spot[demand.dead_spot >= 0],
        weights=demand.people[demand.dead_spot >= 0],
        minlength=len(demand.spots_people),
    )
    got = np.zeros(len(demand), dtype=bool)
    rows = []
    Mc = M.tocsc()
    crs = base.grid.crs
    for rank, j in enumerate(plan.selected, start=1):
        pts = Mc.indices[Mc.indptr[j] : Mc.indptr[j + 1]]
        new = pts[~got[pts]]
        got[new] = True
        covered[demand.cell[new]] = True
        ok = _village_ok(base, covered.reshape(flat_shape))
        spots = demand.dead_spot[new]
        before_closed = int((remaining <= 1e-9).sum())
        np.subtract.at(remaining, spots[spots >= 0], demand.people[new][spots >= 0])
        closed = int((remaining <= 1e-6 * np.maximum(demand.spots_people, 1)).sum()) - before_closed
        c = cand.iloc[j]
        lon, lat = to_lonlat(np.array([c.x]), np.array([c.y]), crs)
        rows.append(
            dict(
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
                people_new=float(demand.people[new].sum()),
                weighted_new=float(demand.weight[new].sum()) if weighted else None,
                villages_new=int((ok & ~ok_before).sum()),
                dead_spots_closed=closed,
                makes_shared=bool(c.makes_shared),
                band_mhz=float(c.band_mhz),
                bandwidth_mhz=float(c.bandwidth_mhz),
                eirp_dbm=float(c.eirp_dbm),
                sectors=len(cands.SECTORS),
                environment=str(_env(c, ws)),
            )
        )
        ok_before = ok
    cols = [
        c.name
        for c in TABLES["scenario_actions"].columns
        if c.name not in ("scenario", "synthetic")
    ]
    return pd.DataFrame(rows, columns=cols)


def _env(c, ws: Workspace) -> str:
    cs = ws.settings.coverage
    return cs.urban_environment if (bool(c.urban) and cs.urban_environment) else cs.environment


def _scenario_row(
    name, base, demand, cand, plan, actions, budget, cover, sharing, operator, uncoverable
) -> dict:
    covered_before = base.covered_any
    after = covered_before.copy().ravel()
    after[demand.cell[plan.covered]] = True
    after = after.reshape(covered_before.shape)
    ppl = base.people.people
    new_shared = (
        int(actions.loc[actions["makes_shared"], "host_site_id"].nunique()) if len(actions) else 0
    )
    new_sites = int((actions["kind"] != "colocation").sum()) if len(actions) else 0
    total_after = base.sites_total + new_sites
    return dict(
        name=name,
        created_at=dt.datetime.now().replace(microsecond=0),
        problem=plan.problem,
        budget_vnd=budget,
        cover_share=None if plan.problem == "max-cover" else (cover if cover is not None else 1.0),
        sharing_target=sharing,
        operator=operator or "any",
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
        population_covered_before=float(ppl[covered_before].sum()),
        population_covered_after=float(ppl[after].sum()),
        villages=len(base.villages),
        villages_covered_before=int(_village_ok(base, covered_before).sum()),
        villages_covered_after=int(_village_ok(base, after).sum()),
        sites_before=base.sites_total,
        shared_sites_before=base.shared_total,
        sharing_before=base.shared_total / base.sites_total if base.sites_total else 0.0,
        sharing_after=(base.shared_total + new_shared) / total_after if total_after else 0.0,
        dead_spots=len(demand.spots_people),
        dead_spots_closed=int(actions["dead_spots_closed"].sum()) if len(actions) else 0,
        synthetic=base.synthetic,
    )


# ---- reading scenarios --------------------------------------------------------------


def list_scenarios(ws: Workspace) -> pd.DataFrame:
    with ws.connect(read_only=True) as con:
        return con.execute("SELECT * FROM scenarios ORDER BY created_at, name").df()


def get_scenario(ws: Workspace, name: str) -> tuple[dict, pd.DataFrame]:
    with ws.connect(read_only=True) as con:
        s = con.execute("SELECT * FROM scenarios WHERE name = ?", [name]).df()
        if s.empty:
            known = [
                r[0] for r in con.execute("SELECT name FROM scenarios ORDER BY name").fetchall()
            ]
            raise NotFound(
                f"no scenario named {name!r}"
                + (
                    f" (known: {', '.join(known)})"
                    if known
                    else " — create one with `hatang plan-sites --name NAME`"
                )
            )
        a = con.execute(
            "SELECT * FROM scenario_actions WHERE scenario = ? ORDER BY rank", [name]
        ).df()
    return s.iloc[0].to_dict(), a


def recorded_run_state(ws: Workspace, scenario: dict) -> str | None:
    """Whether the coverage run a scenario recorded is still stored as it was planned
    against: 'current', 'recomputed' (a later `hatang coverage` replaced the run of the
    same id: its offsets may differ now), 'missing', or None when none was recorded."""
    run_id = scenario.get("coverage_run")
    if not isinstance(run_id, str) or not run_id:
        return None
    with ws.connect(read_only=True) as con:
        row = con.execute(
            "SELECT created_at FROM coverage_runs WHERE run_id = ?", [run_id]
        ).fetchone()
    if not row:
        return "missing"
    planned = scenario.get("coverage_run_created_at")
    if planned is None or pd.isna(planned):
        return "current"
    return "current" if pd.Timestamp(row[0]) == pd.Timestamp(planned) else "recomputed"


COMPARE_FIELDS = (
    "coverage_run",
    "weighting",
    "problem",
    "status",
    "cost_vnd",
    "people_new",
    "objective_weighted",
    "gap",
    "villages_covered_after",
    "population_covered_after",
    "sharing_after",
    "dead_spots_closed",
    "uncoverable_people",
    "facilities_new",
)


def compare(ws: Workspace, a: str, b: str) -> pd.DataFrame:
    sa, acts_a = get_scenario(ws, a)
    sb, acts_b = get_scenario(ws, b)
    rows = [dict(field=f, **{a: sa[f], b: sb[f]}) for f in COMPARE_FIELDS]
    rows.append(dict(field="actions", **{a: len(acts_a), b: len(acts_b)}))
    common = len(set(acts_a["candidate_id"]) & set(acts_b["candidate_id"]))
    rows.append(dict(field="actions in common", **{a: common, b: common}))
    return pd.DataFrame(rows)


def action_radios(actions: pd.DataFrame, crs: str) -> pd.DataFrame:
    """The cells a scenario's actions add, in the engine's frame format."""
    if actions.empty:
        return pd.DataFrame()
    x, y = to_xy(actions["lon"].to_numpy(), actions["lat"].to_numpy(), crs)
    base = actions.assign(x=x, y=y, technology=TECHNOLOGY)
    base["operator"] = base["operator"].replace({"any": "planned"})
    parts = [base.assign(azimuth_deg=a, beamwidth_deg=cands.BEAMWIDTH) for a in cands.SECTORS]
    return pd.concat(parts, ignore_index=True)


@dataclass
class Verification:
    claimed: float  # people newly covered, as the scenario says
    recomputed: float  # people newly covered when coverage is recomputed with the actions
    relative_difference: float

    @property
    def ok(self) -> bool:
        return self.relative_difference <= 0.01


def verify_scenario(ws: Workspace, name: str, *, operator: str | None = None) -> Verification:
    """Recompute the grid with the scenario's radios and compare newly covered people.

    Today's network is modelled as the scenario modelled it: its period, grid and the
    offsets of the coverage run it recorded (a scenario without one: the newest
    all-operator run of its period, as when it was planned)."""
    scen, actions = get_scenario(ws, name)
    op = None if scen["operator"] == "any" else scen["operator"]
    res = float(scen["resolution_m"])
    period = str(scen["coverage_period"])
    run_id = scen.get("coverage_run")
    with ws.connect(read_only=True) as con:
        if isinstance(run_id, str) and run_id:
            run = pinned_run(con, run_id)
        else:
            run = newest_run(con, period)

    def model(extra: pd.DataFrame | None) -> Base:
        return _model_base(
            ws, period=period, run=run, res=res, operator=op, progress=None, extra_radios=extra
        )

    before = model(None)
    after = model(action_radios(actions, before.grid.crs))
    ppl = before.people.people
    # the scenario's radios belong to the operator planned for ('planned' when any)
    new = after.covered_scope & ~before.covered_scope
    recomputed = float(ppl[new].sum())
    claimed = float(scen["people_new"])
    diff = abs(recomputed - claimed) / max(claimed, 1.0)
    return Verification(claimed, recomputed, diff)
