"""Compute a workspace's indicators incrementally: the shell around
hatang.indicators.compute (read, compute what changed, store).

Each indicator's inputs have a fingerprint (per table it reads: row count, largest and
summed import id; the units, crosswalk, periods present, plan scopes, indicator
settings and the catalogue entry). It is kept in `meta` as
``indicator_fingerprint:<id>``; an indicator whose fingerprint did not change is
skipped unless `only_changed=False` (`hatang compute --force`).

Telling that nothing changed needs only DuckDB (hatang.store.fingerprints): pandas and
the engine are imported when there is something to compute, so a no-op `hatang
compute` starts in a fraction of the time.

The tables read, and those whose periods are the periods computed, are declared in
hatang.model.schema (`Table.indicator_input`).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from hatang.indicators import population
from hatang.indicators.catalogue import Indicator, load_catalogue, read_catalogue
from hatang.indicators.plans import list_plans
from hatang.model.periods import sort_periods
from hatang.model.schema import INDICATOR_INPUTS, INDICATOR_PERIODS
from hatang.store import fingerprints
from hatang.store.db import set_meta
from hatang.store.workspace import Workspace

#: every table the engine reads; those whose periods are the periods computed
INPUT_TABLES, TEMPORAL = INDICATOR_INPUTS, INDICATOR_PERIODS

#: DuckDB's memory limit while it aggregates the speed tests (it spills beyond it)
SPEED_MEMORY_MB = 1024

#: called after each step: (what was computed, steps done, steps in all)
Progress = Callable[[str, int, int], None]


@dataclass
class ComputeReport:
    computed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    rows: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _fingerprint(ind: Indicator, tables: dict[str, list[str]], common: dict[str, Any]) -> str:
    payload = {
        "indicator": {**asdict(ind)},
        "tables": {t: tables.get(t) for t in _tables_of(ind)},
        **common,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


def _tables_of(ind: Indicator) -> list[str]:
    """The tables an indicator's fingerprint covers: those it reads, units and crosswalk."""
    return sorted(set(ind.tables) | {"units", "crosswalk"})


def _resident_path(ws: Workspace) -> Path | None:
    """The settings' resident file, relative to the workspace (None: the shipped one)."""
    name = ws.settings.indicators.resident_population_file
    return (ws.root / name) if name else None


def population_base(ws: Workspace) -> population.PopulationBase:
    """The base the workspace's settings choose on its units (for `hatang init`)."""
    from hatang.store import indicators as store

    with ws.connect(read_only=True) as con:
        units = store.read_units(con)
    resident = population.read_resident(_resident_path(ws))
    return population.choose(units, resident, ws.settings.indicators.population_base)


def _speed_frames(
    ws: Workspace, con: Any, frames: dict[str, Any], todo: list[Indicator], plans: list[Any]
) -> dict[str, Any]:
    """The speed tests as the engine reads them, aggregated in DuckDB out of core
    (hatang.store.speed_tests): per commune the tests' counts, per unit their medians;
    only their periods when no indicator to compute reads them."""
    from hatang.indicators import speed_places
    from hatang.store import speed_tests

    if not any("speed_tests" in ind.tables for ind in todo):
        return {"speed_tests": speed_tests.test_periods(con)}
    ctxs = speed_places.contexts(frames, plans)
    agg = speed_tests.aggregate_tests(
        con,
        lambda lon, lat: speed_places.locate_at(ctxs, lon, lat),
        speed_places.commune_codes(ctxs),
        speed_places.commune_ancestors(ctxs),
        memory_limit_mb=SPEED_MEMORY_MB,
        temp_dir=ws.output_dir / "tmp" / "duckdb",
    )
    return {
        "speed_tests": agg.periods,
        "speed_test_groups": agg.groups,
        "speed_test_medians": agg.medians,
    }


def _fingerprints(
    con: Any, ws: Workspace, chosen: list[Indicator], plans: list[Any]
) -> tuple[dict[str, str], dict[str, str | None]]:
    """Each chosen indicator's fingerprint of its inputs as they are now, and the one
    its stored values came from (None: never computed), read in one statement."""
    read = sorted({t for ind in chosen for t in _tables_of(ind)})
    inputs = fingerprints.read_inputs(con, read, TEMPORAL, [ind.id for ind in chosen])
    tables = inputs.tables
    common = {
        "periods": sort_periods(inputs.periods),
        "scopes": sorted({(p.scope_map, p.scope_code) for p in plans}),
        "settings": asdict(ws.settings.indicators),
        "resident_population": population.fingerprint(_resident_path(ws)),
        "synthetic": ws.synthetic,
        "engine": 2,  # 2: the country's values (a national plan's scope)
    }
    return {ind.id: _fingerprint(ind, tables, common) for ind in chosen}, inputs.stored


def _changed(
    ws: Workspace, chosen: list[Indicator], plans: list[Any], only_changed: bool
) -> list[Indicator]:
    """The chosen indicators whose inputs changed since their values were stored, told
    on a read-only connection through DuckDB's engine alone (`light`), so that a
    compute with nothing to do neither takes the write lock nor loads duckdb's Python
    package; every chosen indicator when `only_changed` is off. What it finds is
    checked again under the write lock before anything is computed."""
    if not only_changed:
        return chosen
    with ws.connect(read_only=True, light=True) as con:
        fps, stored = _fingerprints(con, ws, chosen, plans)
    return [ind for ind in chosen if stored.get(ind.id) != fps[ind.id]]


def compute_workspace(
    ws: Workspace,
    *,
    progress: Progress | None = None,
    only_changed: bool = True,
    indicators: list[str] | None = None,
    workers: int = 1,
) -> ComputeReport:
    """Compute (changed) indicators for every unit, period and map; store them in
    indicator_values. `workers` 2: shared with a forked copy of this process, 0: so
    where the machine has room for it now (`compute_frames`); for a command that runs
    alone in its process."""
    t0 = time.perf_counter()
    catalogue = read_catalogue()
    chosen = [catalogue[i] for i in indicators] if indicators else list(catalogue.values())
    plans = list(list_plans(ws.root).values())
    report = ComputeReport()
    todo = _changed(ws, chosen, plans, only_changed)
    report.skipped = [ind.id for ind in chosen if ind not in todo]
    if not todo:
        report.seconds = time.perf_counter() - t0
        return report
    with ws.connect() as con:  # under the write lock: read, compute, store
        fps, stored = _fingerprints(con, ws, chosen, plans)
        stored = stored if only_changed else {}
        todo = [ind for ind in chosen if stored.get(ind.id) != fps[ind.id]]
        report.skipped = [ind.id for ind in chosen if ind not in todo]
        if todo:
            from hatang.store import indicators as store

            load_catalogue()  # every function the catalogue names is registered
            frames = store.read_inputs(con, [t for t in INPUT_TABLES if t != "speed_tests"])
            frames.update(_speed_frames(ws, con, frames, todo, plans))
    if todo:
        import pandas as pd

        from hatang.indicators.compute import compute_frames

        s = ws.settings.indicators
        base = population.choose(
            frames["units"], population.read_resident(_resident_path(ws)), s.population_base
        )
        frames["units"] = population.rebase(frames["units"], base)
        values = compute_frames(
            frames,
            todo,
            plans=plans,
            synthetic=ws.synthetic,
            min_speed_tests=s.min_speed_tests,
            min_tile_tests=s.min_tile_tests,
            complete_share=s.complete_share,
            complete_share_counts=s.complete_share_counts,
            progress=progress,
            workers=workers,
        )
        values["computed_at"] = pd.Timestamp.now().floor("s")
        with ws.connect() as con:
            store.write_values(con, values, {ind.id: fps[ind.id] for ind in todo})
            set_meta(con, population.META_KEY, base.to_json())
        report.computed = [i.id for i in todo]
        report.rows = len(values)
    report.seconds = time.perf_counter() - t0
    return report
