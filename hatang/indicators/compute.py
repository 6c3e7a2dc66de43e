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
from hatang.store import indicators as store
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


def workspace_periods(frames: dict[str, pd.DataFrame]) -> list[str]:
    periods: set[str] = set()
    for name in TEMPORAL:
        f = frames.get(name)
        if f is not None and not f.empty and "period" in f:
            periods |= {str(p) for p in f["period"].dropna().to_numpy()}
    return sort_periods(periods)


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
    with ws.connect() as con:
        tables = store.input_fingerprints(con, [t for t in INPUT_TABLES if t != "imports"])
        common = {
            "periods": sort_periods(store.input_periods(con, TEMPORAL)),
            "scopes": sorted({(p.scope_map, p.scope_code) for p in plans}),
            "settings": asdict(ws.settings.indicators),
            "synthetic": ws.synthetic,
            "engine": 1,
        }
        fps = {ind.id: _fingerprint(ind, tables, common) for ind in chosen}
        stored = store.stored_fingerprints(con, fps) if only_changed else {}
        todo = [ind for ind in chosen if stored.get(ind.id) != fps[ind.id]]
        report.skipped = [ind.id for ind in chosen if ind not in todo]
        if not todo:
            report.seconds = time.perf_counter() - t0
            return report
        frames = store.read_inputs(con, INPUT_TABLES)
    values = _run(frames, todo, plans, ws, progress)
    values["computed_at"] = pd.Timestamp.now().floor("s")
    with ws.connect() as con:
        store.write_values(con, values, {ind.id: fps[ind.id] for ind in todo})
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
