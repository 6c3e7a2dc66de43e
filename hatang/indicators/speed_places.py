"""Where speed tests lie, for the aggregation inside the store (pure).

`hatang compute` does not move a national workspace's tens of millions of speed tests
into pandas: hatang.store.speed_tests aggregates them in DuckDB and asks this module
for the geometry — each test's commune on each map, as its position among the map's
communes (the engine's own rule, `Context.locate_at`) — and each commune's ancestors
(commune, district, province, plan scopes: `Context.ancestors`, the roll-up the engine
uses), so the medians taken in SQL are those the engine would take over the raw tests.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from hatang.indicators.boundaries import Context, object_strings, plan_scopes
from hatang.indicators.plans import Plan
from hatang.model.periods import MAPS


def contexts(frames: dict[str, pd.DataFrame], plans: Iterable[Plan] = ()) -> list[Context]:
    """A context per map the units are on, with the plans' scopes (as compute_frames),
    over the units and the crosswalk alone: all that placing and ancestors read."""
    scopes = sorted({(p.scope_map, p.scope_code) for p in plans})
    units = frames["units"]
    on = set(units["map"].astype(str)) if not units.empty else set()
    frames = {n: object_strings(frames[n]) for n in ("units", "crosswalk") if n in frames}
    return [Context(frames, m, [], scopes=plan_scopes(frames, m, scopes)) for m in MAPS if m in on]


def commune_codes(ctxs: list[Context]) -> dict[str, np.ndarray]:
    """Per map, the communes' codes in the order `locate_at` numbers them."""
    return {c.map: c.codes("commune").to_numpy(dtype=object) for c in ctxs}


def locate_at(ctxs: list[Context], lon: np.ndarray, lat: np.ndarray) -> dict[str, np.ndarray]:
    """Per map, the position in `commune_codes` of the commune holding each place (-1:
    none): the engine's rule (`Context.locate`), as numbers."""
    return {c.map: c.locate_at(lon, lat, "commune") for c in ctxs}


def commune_ancestors(ctxs: list[Context]) -> pd.DataFrame:
    """map, code, anc_code, anc_level: each commune with itself and every unit and scope
    above it."""
    cols = ["map", "code", "anc_code", "anc_level"]
    parts = []
    for c in ctxs:
        anc = c.ancestors
        communes = set(c.codes("commune"))
        anc = anc[anc["code"].isin(communes) & (anc["anc_level"] != "village")]
        parts.append(anc[cols[1:]].assign(map=c.map).drop_duplicates())
    if not parts:
        return pd.DataFrame(columns=cols)
    return pd.concat(parts, ignore_index=True)[cols]
