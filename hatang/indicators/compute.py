"""Compute every indicator: pure over frames (`compute_frames`), and incrementally over
a workspace (`compute_workspace`, the shell: read, compute what changed, store).

Incremental: each indicator's inputs have a fingerprint (per table it reads: row count,
largest and summed import id; the units, crosswalk, periods present, plan scopes,
indicator settings and the catalogue entry). It is kept in `meta` as
``indicator_fingerprint:<id>``; an indicator whose fingerprint did not change is
skipped unless `only_changed=False` (`hatang compute --force`).

The tables read, and those whose periods are the periods computed, are declared in
hatang.model.schema (`Table.indicator_input`).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from hatang.indicators import population
from hatang.indicators.boundaries import Context, object_strings, plan_scopes, sort_periods
from hatang.indicators.catalogue import Indicator, load_catalogue
from hatang.indicators.engine import VALUE_COLUMNS, compute_indicator
from hatang.indicators.plans import Plan, list_plans
from hatang.model.periods import MAPS
from hatang.model.schema import TABLES
from hatang.store import indicators as store
from hatang.store.db import set_meta
from hatang.store.workspace import Workspace

#: every table the engine reads
INPUT_TABLES = tuple(name for name, t in TABLES.items() if t.indicator_input)
#: tables whose periods are the periods indicators are computed for
TEMPORAL = tuple(name for name, t in TABLES.items() if t.indicator_input == "periods")

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


def workspace_periods(frames: dict[str, pd.DataFrame]) -> list[str]:
    periods: set[str] = set()
    for name in TEMPORAL:
        f = frames.get(name)
        if f is not None and not f.empty and "period" in f:
            periods |= {str(p) for p in f["period"].dropna().to_numpy()}
    return sort_periods(periods)


def compute_frames(
    frames: dict[str, pd.DataFrame],
    indicators: list[Indicator],
    *,
    plans: Iterable[Plan] = (),
    synthetic: bool = False,
    min_speed_tests: int = 30,
    min_tile_tests: int = 50,
    complete_share: float = 1.0,
    complete_share_counts: float = 1.0,
    maps: Iterable[str] = MAPS,
    progress: Progress | None = None,
) -> pd.DataFrame:
    """Pure: every value of `indicators` on every map (indicator_values columns)."""
    maps = [m for m in maps if _has_map(frames, m)]
    scopes = sorted({(p.scope_map, p.scope_code) for p in plans})
    periods = workspace_periods(frames)
    imp_syn = _import_synthetic(frames.get("imports"))
    out = []
    shared: dict[Any, Any] = {}
    with store.python_strings():
        frames = {name: object_strings(f) for name, f in frames.items()}
        contexts = [
            Context(
                frames,
                m,
                periods,
                scopes=plan_scopes(frames, m, scopes),
                min_speed_tests=min_speed_tests,
                min_tile_tests=min_tile_tests,
                complete_share=complete_share,
                complete_share_counts=complete_share_counts,
                shared=shared,
            )
            for m in maps
        ]
        for ind in indicators if contexts else []:
            out.append(
                compute_indicator(contexts, ind, synthetic=synthetic, import_synthetic=imp_syn)
            )
            if progress is not None:
                progress(ind.id, len(out), len(indicators))
        if not out:
            return pd.DataFrame(columns=VALUE_COLUMNS)
        return pd.concat(out, ignore_index=True)


def _has_map(frames: dict[str, pd.DataFrame], map_: str) -> bool:
    units = frames["units"]
    return not units.empty and bool((units["map"].astype(str) == map_).any())


def _import_synthetic(imports: pd.DataFrame | None) -> dict[int, bool]:
    """import_id → whether that import was synthetic."""
    if imports is None or imports.empty:
        return {}
    return dict(zip(imports["import_id"], imports["synthetic"].astype(bool), strict=True))


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
    with ws.connect(read_only=True) as con:
        units = store.read_units(con)
    resident = population.read_resident(_resident_path(ws))
    return population.choose(units, resident, ws.settings.indicators.population_base)


def compute_workspace(
    ws: Workspace,
    *,
    progress: Progress | None = None,
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
        read = sorted({t for ind in chosen for t in _tables_of(ind)})
        tables = store.input_fingerprints(con, read)
        common = {
            "periods": sort_periods(store.input_periods(con, TEMPORAL)),
            "scopes": sorted({(p.scope_map, p.scope_code) for p in plans}),
            "settings": asdict(ws.settings.indicators),
            "resident_population": population.fingerprint(_resident_path(ws)),
            "synthetic": ws.synthetic,
            "engine": 1,
        }
        fps = {ind.id: _fingerprint(ind, tables, common) for ind in chosen}
        stored = store.stored_fingerprints(con, fps) if only_changed else {}
        todo = [ind for ind in chosen if stored.get(ind.id) != fps[ind.id]]
        report.skipped = [ind.id for ind in chosen if ind not in todo]
        if todo:
            frames = store.read_inputs(con, INPUT_TABLES)
    if todo:
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
        )
        values["computed_at"] = pd.Timestamp.now().floor("s")
        with ws.connect() as con:
            store.write_values(con, values, {ind.id: fps[ind.id] for ind in todo})
            set_meta(con, population.META_KEY, base.to_json())
        report.computed = [i.id for i in todo]
        report.rows = len(values)
    report.seconds = time.perf_counter() - t0
    return report
