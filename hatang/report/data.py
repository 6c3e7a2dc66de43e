"""What a report is built from, read once from the workspace (the shell of the report).

Every figure is read through the functions the CLI and the web use: the scorecard
(`indicators.scorecard`, as `hatang scorecard --format json` prints it) for the plan's
scope, per commune and the communes furthest from each target on both maps; the
stored indicator values (the context figures: sites, subscriptions, modelled
coverage); the register (`register.queries`), the stored scenario and its actions
(`planning.scenarios`), the files behind each target (`indicators.explain`). Nothing
is computed here that a view or the library does not compute.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pandas as pd

from hatang.errors import NotFound
from hatang.indicators import explain, load_catalogue, scorecard
from hatang.indicators.catalogue import Indicator
from hatang.indicators.plans import Plan
from hatang.indicators.scorecards import choose_plan, furthest, scope_code
from hatang.model.periods import MAP_2025_START, MAPS, parse_period, period_end
from hatang.planning import export
from hatang.planning.scenarios import get_scenario, list_scenarios
from hatang.register import queries
from hatang.store import indicators as store_indicators
from hatang.store import web_queries
from hatang.store.national import read_province_scope
from hatang.store.workspace import Workspace
from hatang.views import scorecard as vsc
from hatang.views.province import narrow

#: indicators a report shows beside the targets (section I), as stored
CONTEXT = (
    "sites_count",
    "mobile_subscriptions",
    "ftth_subscriptions",
    "population_4g_modelled",
    "villages_4g_modelled",
    "dead_spots_open",
)
#: the indicator the map colours communes by (the dashboard's first map)
MAP_INDICATOR = "population_4g_modelled"
WORST = 5


@dataclass(frozen=True)
class Options:
    period: str | None = None
    map: str = "2025"
    lang: str = "vi"
    scenario: str | None = None
    plan_id: str | None = "kh-137-2024"  # None: the plan that applies (`choose_plan`)
    today: dt.date | None = None
    #: one 2025 province of a national workspace (`hatang report --province`)
    province: str | None = None


@dataclass
class ReportData:
    plan: Plan
    period: str
    map: str
    today: dt.date
    synthetic: bool
    province: str
    targets: list[vsc.Target]
    communes: list[vsc.Target]
    #: map → the communes furthest from each target (scorecard --worst 5)
    worst: dict[str, list[vsc.Target]]
    #: indicator → its stored row at the scope for the period (None: not computed)
    context: dict[str, dict[str, Any] | None]
    catalogue: dict[str, Indicator]
    coverage_run: dict[str, Any] | None
    cases: pd.DataFrame
    scoreboard: pd.DataFrame
    scenario: dict[str, Any] | None
    scenario_choice: str  # "asked", "newest-full-cover", "newest", "none"
    actions: pd.DataFrame
    #: one row per (target, file): target_no, import_id, kind, file_name, sha256, period, imported_at
    sources: pd.DataFrame
    communes_map: pd.DataFrame  # the map's communes with geometry
    map_values: pd.Series  # commune code → the map indicator's value
    map_period: str | None
    dead_spots: pd.DataFrame  # the current run's modelled dead spots (scope any)
    #: the people per-inhabitant targets divide by (the scorecard JSON's population_base)
    population_base: dict[str, Any] | None = None
    narrowed_to: str | None = None  # the 2025 province reported on (a national workspace)

    @property
    def spans_reorganisation(self) -> bool:
        """The plan runs across 1 July 2025: its communes are on both maps."""
        issued = self.plan.date or dt.date(2000, 1, 1)
        return issued < MAP_2025_START <= period_end(self.plan.targets[0].deadline)


def _latest(frame: pd.DataFrame) -> str:
    periods = sorted({str(p) for p in frame["period"].dropna()})
    if not periods:
        raise NotFound("no indicator values to report on: run `hatang compute` first")
    return periods[-1]


def _context(ws: Workspace, code: str, map_: str, period: str) -> dict[str, Any]:
    with ws.connect(read_only=True) as con:
        rows = {
            i: store_indicators.read_value(con, i, unit=code, period=period, map_=map_)
            for i in CONTEXT
        }
    return rows


def _frames(ws: Workspace) -> dict[str, pd.DataFrame]:
    names = ("units", "coverage_runs", "modelled_dead_spots", "imports")
    with ws.connect(read_only=True) as con:
        return web_queries.read_frames(con, names)


def _scenario(ws: Workspace, asked: str | None) -> tuple[dict[str, Any] | None, pd.DataFrame, str]:
    """The scenario asked for; else the newest full-cover one; else the newest."""
    if asked:
        s, a = get_scenario(ws, asked)
        return s, a, "asked"
    listed = list_scenarios(ws)
    if listed.empty:
        return None, pd.DataFrame(), "none"
    full = listed[
        (listed["problem"] == "min-cost") & (pd.to_numeric(listed["cover_share"]) >= 1 - 1e-9)
    ]
    choice = "newest-full-cover" if len(full) else "newest"
    pick = (full if len(full) else listed).sort_values(["created_at", "name"]).iloc[-1]
    s, a = get_scenario(ws, str(pick["name"]))
    return s, a, choice


def _sources(
    ws: Workspace, plan: Plan, code: str, map_: str, period: str, imports: pd.DataFrame
) -> pd.DataFrame:
    rows = []
    for t in plan.targets:
        try:
            e = explain(ws, t.indicator, unit=code, period=period, map=map_)
        except NotFound:
            continue
        rows += [{"target_no": t.no, **f} for f in e.get("files", [])]
    out = pd.DataFrame(
        rows,
        columns=[
            "target_no",
            "import_id",
            "kind",
            "file_name",
            "sha256",
            "period",
            "synthetic",
            "rows",
        ],
    )
    at = imports.set_index("import_id")["imported_at"] if len(imports) else pd.Series(dtype=object)
    return out.assign(imported_at=out["import_id"].map(at))


def _run(frames: dict[str, pd.DataFrame], period: str) -> dict[str, Any] | None:
    from hatang.model.runs import current_run_id

    runs = frames["coverage_runs"]
    run = current_run_id(runs, period=period) or current_run_id(runs) if len(runs) else None
    hit = runs[runs["run_id"].astype(str) == run] if run else runs.iloc[0:0]
    return None if hit.empty else {str(k): v for k, v in hit.iloc[0].to_dict().items()}


def _map_values(ws: Workspace, map_: str, period: str) -> tuple[pd.Series, str | None]:
    with ws.connect(read_only=True) as con:
        v = store_indicators.read_values(con, map_=map_, indicators=[MAP_INDICATOR])
    v = v[(v["level"] == "commune") & v["value"].notna()]
    v = v[v["period"].map(period_end) <= period_end(period)]
    if v.empty:
        return pd.Series(dtype=float), None
    last = sorted(v["period"].astype(str).unique())[-1]
    v = v[v["period"] == last]
    return v.set_index("unit_code")["value"].astype(float), last


def _dead_spots(frames: dict[str, pd.DataFrame], run: dict[str, Any] | None) -> pd.DataFrame:
    d = frames["modelled_dead_spots"]
    if run is None or d.empty:
        return d.iloc[0:0]
    d = d[(d["run_id"].astype(str) == str(run["run_id"])) & (d["scope"].astype(str) == "any")]
    return d.reset_index(drop=True)


def gather(
    ws: Workspace, opts: Options, *, refresh: bool = True, communes: bool = True
) -> ReportData:
    """Everything a report shows for `opts.period` on `opts.map`; `communes=False` (the
    brief) skips the per-commune scorecards."""
    if str(opts.map) not in MAPS:
        raise NotFound(f"--map {opts.map!r}: expected 2024 or 2025")
    plan = choose_plan(ws, opts.plan_id, opts.province)
    where = read_province_scope(ws, opts.province) if opts.province else None
    kw: dict[str, Any] = {"plan_id": plan.id, "map": opts.map, "province": opts.province}
    sc = scorecard(ws, period=opts.period, refresh=refresh, **kw)
    period = parse_period(opts.period) if opts.period else _latest(sc)
    if not opts.period:
        sc = scorecard(ws, period=period, refresh=False, **kw)
    frames = _frames(ws) if where is None else narrow(_frames(ws), where)
    run = _run(frames, period)
    code = scope_code(plan, opts.map)
    units = frames["units"]
    on_map = units[(units["level"] == "commune") & (units["map"].astype(str) == opts.map)]
    scenario, actions, choice = _scenario(ws, opts.scenario)
    today = opts.today or dt.date.today()
    _, board, cases = queries.stats(ws, today)
    if where is not None and len(cases):
        cases = where.keep(cases, "register_cases")
    data = ReportData(
        plan=plan,
        period=period,
        map=opts.map,
        today=today,
        synthetic=ws.synthetic,
        province=where.name if where is not None else ws.settings.workspace.name,
        targets=vsc.targets(sc),
        communes=[],
        worst={},
        context=_context(ws, code, opts.map, period),
        catalogue=load_catalogue(),
        coverage_run=run,
        cases=queries.named(cases, _names(units)) if len(cases) else cases,
        scoreboard=board,
        scenario=scenario,
        scenario_choice=choice,
        actions=export.with_communes(actions, on_map) if len(actions) else actions,
        sources=_sources(ws, plan, code, opts.map, period, frames["imports"]),
        communes_map=on_map,
        map_values=pd.Series(dtype=float),
        map_period=None,
        dead_spots=_dead_spots(frames, run),
        population_base=sc.attrs.get("population_base"),
        narrowed_to=opts.province,
    )
    data.map_values, data.map_period = _map_values(ws, opts.map, period)
    if where is not None:
        data.map_values = data.map_values[data.map_values.index.isin(where.codes(opts.map))]
    if communes:
        _per_commune(ws, data)
    return data


def _per_commune(ws: Workspace, data: ReportData) -> None:
    """The scorecard of every commune on the report's map, and the communes furthest
    from each target — on the other map too when the plan spans the reorganisation."""
    kw: dict[str, Any] = {
        "plan_id": data.plan.id,
        "period": data.period,
        "refresh": False,
        "province": data.narrowed_to,
    }
    per_commune = scorecard(ws, map=data.map, level="commune", **kw)
    data.communes = vsc.targets(per_commune)
    data.worst[data.map] = vsc.targets(furthest(per_commune, WORST))
    if data.spans_reorganisation and data.narrowed_to is None:  # a province: 2025 map only
        other = "2024" if data.map == "2025" else "2025"
        data.worst[other] = vsc.targets(scorecard(ws, map=other, worst=WORST, **kw))


def _names(units: pd.DataFrame) -> pd.DataFrame:
    return units[["code", "map", "name"]].astype({"map": str})
