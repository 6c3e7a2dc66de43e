"""Compute every indicator over frames: pure (tables in, the indicator_values rows
out). hatang.indicators.incremental is the shell that reads a workspace, computes what
changed and stores it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pandas as pd

from hatang.indicators import parallel
from hatang.indicators.aggregate import Values
from hatang.indicators.boundaries import Context, object_strings, plan_scopes
from hatang.indicators.catalogue import Indicator
from hatang.indicators.engine import indicator_columns, values_frame
from hatang.indicators.plans import Plan
from hatang.indicators.rollup import hierarchy
from hatang.model.periods import MAPS, sort_periods
from hatang.model.schema import INDICATOR_PERIODS
from hatang.store import indicators as store

#: called after each step: (what was computed, steps done, steps in all)
Progress = Callable[[str, int, int], None]


def workspace_periods(frames: dict[str, pd.DataFrame]) -> list[str]:
    periods: set[str] = set()
    for name in INDICATOR_PERIODS:
        f = frames.get(name)
        if f is not None and not f.empty and "period" in f:
            periods |= {str(p) for p in pd.unique(f["period"].dropna().to_numpy())}
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
    workers: int = 1,
) -> pd.DataFrame:
    """Pure: every value of `indicators` on every map (indicator_values columns).
    `workers` 2: the indicators shared with a forked copy of this process
    (hatang.indicators.parallel), the same values; 0: so where the machine has room
    for a second process now (`parallel.chosen`)."""
    maps = [m for m in maps if _has_map(frames, m)]
    scopes = sorted({(p.scope_map, p.scope_code) for p in plans})
    periods = workspace_periods(frames)
    imp_syn = _import_synthetic(frames.get("imports"))
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
        if not contexts:
            return values_frame([])
        workers = parallel.chosen(workers)
        if workers > 1:
            for ctx in contexts:  # the units' ancestors, built once for both processes
                hierarchy(ctx)
        ticked: list[int] = []

        def tick(i: int, _: Values | None = None) -> None:
            ticked.append(i)
            if progress is not None:
                progress(indicators[i].id, len(ticked), len(indicators))

        columns = parallel.shared(
            _families(indicators) if workers > 1 else [list(range(len(indicators)))],
            lambda i: indicator_columns(
                contexts, indicators[i], synthetic=synthetic, import_synthetic=imp_syn
            ),
            tick,
            workers=workers,
        )
        for i in sorted(set(range(len(indicators))) - set(ticked)):  # the other process's
            tick(i)
        last = len(indicators) - 1
        if progress is not None and ticked and ticked[-1] != last:  # ends as in one process
            progress(indicators[last].id, len(ticked), len(indicators))
        return values_frame([columns[i] for i in range(len(indicators))])


def _families(indicators: list[Indicator]) -> list[list[int]]:
    """The indicators' positions grouped by catalogue function (those of one function
    share contributions and caches: one process computes them), the largest groups
    first (the register's 36 indicators), then in catalogue order."""
    groups: dict[str, list[int]] = {}
    for i, ind in enumerate(indicators):
        groups.setdefault(ind.function, []).append(i)
    return sorted(groups.values(), key=len, reverse=True)


def _has_map(frames: dict[str, pd.DataFrame], map_: str) -> bool:
    units = frames["units"]
    return not units.empty and bool((units["map"].astype(str) == map_).any())


def _import_synthetic(imports: pd.DataFrame | None) -> dict[int, bool]:
    """import_id → whether that import was synthetic."""
    if imports is None or imports.empty:
        return {}
    return dict(zip(imports["import_id"], imports["synthetic"].astype(bool), strict=True))
