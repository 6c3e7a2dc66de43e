"""The shell around the engine: read the workspace's tables, compute, store the values.

Incremental: each indicator's inputs have a fingerprint (per table it reads: row count,
largest and summed import id; the units, crosswalk, periods present, plan scopes,
indicator settings and the catalogue entry). It is kept in `meta` as
``indicator_fingerprint:<id>``; an indicator whose fingerprint did not change is
skipped unless `only_changed=False` (`hatang compute --force`).
"""

from __future__ import annotations

import hashlib
import json
import time
import warnings
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field

import pandas as pd

from hatang.indicators.boundaries import Context, sort_periods
from hatang.indicators.catalogue import Indicator, load_catalogue
from hatang.indicators.engine import VALUE_COLUMNS, compute_indicator
from hatang.indicators.plans import list_plans
from hatang.model.periods import MAPS
from hatang.model.schema import TABLES
from hatang.store import db
from hatang.store.workspace import Workspace

INPUT_TABLES = (
    "units",
    "crosswalk",
    "sites",
    "cells",
    "subscriptions",
    "village_services",
    "speed_tests",
    "speed_tiles",
    "services",
    "info_systems",
    "survey_responses",
    "cloud_accounts",
    "dead_spots",
    "coverage_units",
    "imports",
)
TEMPORAL = (
    "sites",
    "subscriptions",
    "village_services",
    "speed_tests",
    "speed_tiles",
    "services",
    "info_systems",
    "survey_responses",
    "cloud_accounts",
    "coverage_units",
)


@dataclass
class ComputeReport:
    computed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    rows: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return asdict(self)


# modelled coverage: only the newest all-operator run of each period and technology
# (a run scoped to one operator, or an older run, must not stand for "any operator")
_LATEST_COVERAGE = """
    WITH runs AS (
        SELECT run_id, period, technology, created_at FROM coverage_runs WHERE operator = 'any'
        UNION ALL  -- rows written without a run record (e.g. loaded by hand) count as 'any'
        SELECT DISTINCT run_id, period, technology, NULL FROM coverage_units
        WHERE run_id NOT IN (SELECT run_id FROM coverage_runs)
    ), ranked AS (
        SELECT run_id, period, technology, row_number() OVER (
            PARTITION BY period, technology ORDER BY created_at DESC NULLS LAST, run_id DESC) AS k
        FROM runs
    )
    SELECT u.* FROM coverage_units u
    JOIN ranked r ON r.run_id = u.run_id AND r.period = u.period
        AND r.technology = u.technology AND r.k = 1
"""


def read_frames(con) -> dict[str, pd.DataFrame]:
    frames = {}
    for name in INPUT_TABLES:
        if not db.table_exists(con, name):
            frames[name] = pd.DataFrame(columns=TABLES[name].column_names)
        elif name == "coverage_units" and db.table_exists(con, "coverage_runs"):
            frames[name] = con.execute(_LATEST_COVERAGE).df()
        else:
            frames[name] = db.read_table(con, name)
    return frames


def _table_fingerprint(con, name: str) -> list:
    if not db.table_exists(con, name):
        return [0]
    if name == "coverage_units":
        row = con.execute(
            # people summed as whole milli-persons: a float sum depends on the rows' storage
            # order, which DuckDB may change (e.g. at a checkpoint) with no change in content
            "SELECT count(*), coalesce(sum(round(population_covered * 1000)::HUGEINT), 0), "
            "coalesce(sum(villages_covered), 0), "
            "coalesce(string_agg(DISTINCT run_id, ',' ORDER BY run_id), '') FROM coverage_units"
        ).fetchone()
    else:
        row = con.execute(
            f"SELECT count(*), coalesce(max(import_id), 0), coalesce(sum(import_id), 0) FROM {db.quote(name)}"
        ).fetchone()
    return [str(v) for v in row]


def workspace_periods(frames: dict[str, pd.DataFrame]) -> list[str]:
    periods: set[str] = set()
    for name in TEMPORAL:
        f = frames.get(name)
        if f is not None and not f.empty and "period" in f:
            periods |= {str(p) for p in f["period"].dropna().to_numpy()}
    return sort_periods(periods)


def _periods_sql(con) -> list[str]:
    parts = [
        f"SELECT DISTINCT period FROM {db.quote(t)}" for t in TEMPORAL if db.table_exists(con, t)
    ]
    rows = con.execute(" UNION ".join(parts)).fetchall() if parts else []
    return sort_periods(r[0] for r in rows)


def plan_scopes(frames: dict[str, pd.DataFrame], target_map: str, plans) -> dict[str, list[str]]:
    """Virtual units '<map>:<code>' for plan scopes on the other map: the communes of
    `target_map` linked by the crosswalk to the communes inside the scope unit."""
    out: dict[str, list[str]] = {}
    units = frames["units"]
    xw = frames.get("crosswalk")
    if xw is None:
        xw = pd.DataFrame(columns=["old_code", "new_code", "share"])
    for plan in plans:
        if plan.scope_map == target_map:
            continue
        ctx = Context(frames, plan.scope_map, [])
        anc = ctx.ancestors
        inside = set(anc[anc["anc_code"] == plan.scope_code]["code"])
        if not inside or xw.empty:
            continue
        if plan.scope_map == "2024":
            members = xw[xw["old_code"].astype(str).isin(inside)]["new_code"]
        else:
            members = xw[xw["new_code"].astype(str).isin(inside)]["old_code"]
        here = units[(units["map"].astype(str) == target_map) & (units["level"] == "commune")][
            "code"
        ]
        members = sorted(set(members.astype(str)) & set(here.astype(str)))
        if members:
            out[f"{plan.scope_map}:{plan.scope_code}"] = members
    return out


@contextmanager
def _object_strings():
    """Build frames with Python-object strings while computing (pandas ≥ 3 infers Arrow
    strings, several times slower for the many small frames of the engine)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            ctx = pd.option_context("future.infer_string", False)
            ctx.__enter__()
        except (KeyError, ValueError, pd.errors.OptionError):
            ctx = None
    try:
        yield
    finally:
        if ctx is not None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                ctx.__exit__(None, None, None)


def compute_frames(
    frames: dict[str, pd.DataFrame],
    indicators: list[Indicator],
    *,
    plans=(),
    synthetic: bool = False,
    min_speed_tests: int = 30,
    min_tile_tests: int = 50,
    maps=MAPS,
    progress=None,
) -> pd.DataFrame:
    """Pure: every value of `indicators` on every map (indicator_values columns)."""
    with _object_strings():
        return _compute_frames(
            frames,
            indicators,
            plans=plans,
            synthetic=synthetic,
            min_speed_tests=min_speed_tests,
            min_tile_tests=min_tile_tests,
            maps=maps,
            progress=progress,
        )


def _compute_frames(
    frames, indicators, *, plans, synthetic, min_speed_tests, min_tile_tests, maps, progress
):
    periods = workspace_periods(frames)
    imports = frames.get("imports")
    imp_syn = (
        dict(zip(imports["import_id"], imports["synthetic"].astype(bool), strict=True))
        if imports is not None and not imports.empty
        else {}
    )
    out = []
    for m in maps:
        units = frames["units"]
        if units.empty or not (units["map"].astype(str) == m).any():
            continue
        ctx = Context(
            frames,
            m,
            periods,
            scopes=plan_scopes(frames, m, plans),
            min_speed_tests=min_speed_tests,
            min_tile_tests=min_tile_tests,
        )
        for ind in indicators:
            out.append(compute_indicator(ctx, ind, synthetic=synthetic, import_synthetic=imp_syn))
            if progress is not None:
                progress(ind.id, m)
    if not out:
        return pd.DataFrame(columns=VALUE_COLUMNS)
    return pd.concat(out, ignore_index=True)


def _fingerprint(ind: Indicator, tables: dict[str, list], common: dict) -> str:
    payload = {
        "indicator": {**asdict(ind)},
        "tables": {t: tables.get(t) for t in sorted(set(ind.tables) | {"units", "crosswalk"})},
        **common,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def compute(
    ws: Workspace,
    *,
    progress: bool = False,
    only_changed: bool = True,
    indicators: list[str] | None = None,
) -> ComputeReport:
    """Compute (changed) indicators for every unit, period and map; store them in indicator_values."""
    t0 = time.perf_counter()
    catalogue = load_catalogue()
    chosen = [catalogue[i] for i in indicators] if indicators else list(catalogue.values())
    plans = list(list_plans(ws.root).values())
    report = ComputeReport()
    s = ws.settings.indicators
    with ws.connect() as con:
        tables = {t: _table_fingerprint(con, t) for t in INPUT_TABLES if t != "imports"}
        common = {
            "periods": _periods_sql(con),
            "scopes": sorted({(p.scope_map, p.scope_code) for p in plans}),
            "settings": asdict(s),
            "synthetic": ws.synthetic,
            "engine": 1,
        }
        fps = {ind.id: _fingerprint(ind, tables, common) for ind in chosen}
        todo = [
            ind
            for ind in chosen
            if not only_changed
            or db.get_meta(con, f"indicator_fingerprint:{ind.id}") != fps[ind.id]
        ]
        report.skipped = [ind.id for ind in chosen if ind not in todo]
        if not todo:
            report.seconds = time.perf_counter() - t0
            return report
        frames = read_frames(con)
    values = _run(frames, todo, plans, ws, progress)
    values["computed_at"] = pd.Timestamp.now().floor("s")
    with ws.connect() as con, db.transaction(con):
        con.register("_ids", pd.DataFrame({"indicator": [i.id for i in todo]}))
        con.execute("DELETE FROM indicator_values WHERE indicator IN (SELECT indicator FROM _ids)")
        con.unregister("_ids")
        cols = TABLES["indicator_values"].column_names
        con.register("_vals", values[cols])
        col_list = ", ".join(db.quote(c) for c in cols)
        con.execute(f"INSERT INTO indicator_values ({col_list}) SELECT {col_list} FROM _vals")
        con.unregister("_vals")
        for ind in todo:
            db.set_meta(con, f"indicator_fingerprint:{ind.id}", fps[ind.id])
    report.computed = [i.id for i in todo]
    report.rows = len(values)
    report.seconds = time.perf_counter() - t0
    return report


def _run(frames, todo, plans, ws: Workspace, progress: bool) -> pd.DataFrame:
    s = ws.settings.indicators
    kw = dict(
        plans=plans,
        synthetic=ws.synthetic,
        min_speed_tests=s.min_speed_tests,
        min_tile_tests=s.min_tile_tests,
    )
    if not progress:
        return compute_frames(frames, todo, **kw)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=False,
    ) as bar:
        task = bar.add_task("chỉ tiêu / indicators", total=len(todo) * len(MAPS))

        def tick(ind_id: str, m: str) -> None:
            bar.update(task, advance=1, description=f"{ind_id} ({m})")

        return compute_frames(frames, todo, progress=tick, **kw)
