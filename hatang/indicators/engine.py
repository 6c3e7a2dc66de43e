"""The indicator engine: contributions rolled up the hierarchy (pure core).

`compute_indicator(contexts, indicator)` turns one catalogue entry into rows of
`indicator_values` for every unit and period on the contexts' maps (aggregate.py
holds the rules):

- ratio-of-sums: numerator and denominator are summed over every unit below (never
  an average of ratios); value = numerator / denominator × scale;
- count: the numerator summed; a unit with none counts 0 when the period has data;
- survey: p = Σ w·y / Σ w, 95 % Wilson interval with Kish's effective sample size
  n_eff = (Σ w)² / Σ w² (numerator Σ w·y and denominator Σ w are additive);
- median-of-cases: the median of the cases' values in the unit (days to fix);
- median: the median of raw tests when there are at least `min_speed_tests` in the
  unit (method median-tests), else the tests-weighted mean of the tiles whose centre
  lies in the unit (ookla-tiles-mean; unreliable under `min_tile_tests` tests).

Units without a value get a row with `no_data_reason` (communes and above). Both maps
go through one pass: their contributions are rolled up into one key space
(rollup.KeySpace), so each aggregation, the inputs JSON and the assembly run once.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from hatang.indicators import aggregate, completeness
from hatang.indicators.aggregate import Values
from hatang.indicators.boundaries import Context
from hatang.indicators.catalogue import Indicator
from hatang.indicators.functions import FUNCTIONS
from hatang.indicators.inputs import inputs_json
from hatang.indicators.rollup import Array, Groups, IntArray, KeySpace, Rolled, hierarchy, roll_up
from hatang.model.periods import period_end
from hatang.model.schema import TABLES

#: functions whose values are stored for villages too (others stop at communes: a
#: village's share of itself covered is 0 or 100 and is read from village_services)
VILLAGE_LEVEL = {"fibre_households", "dead_spots_open"}

#: the columns of indicator_values the engine fills (`computed_at` is stamped when stored)
VALUE_COLUMNS = [c for c in TABLES["indicator_values"].column_names if c != "computed_at"]
_FLOATS = ("numerator", "denominator", "value", "sample_size", "ci_low", "ci_high") + (
    "units_reporting",
    "units_expected",
    "coverage_share",
)
_OBJECTS = ("method", "no_data_reason", "inputs", "coverage_level")
_COUNTS = ("sample_size", "units_reporting", "units_expected")
#: the reason of a commune value withheld because location cannot tell the commune
#: from the others that share its approximate place (`_not_told_apart`)
NOT_TOLD_APART = (
    "not told apart by location: this 2024 commune shares its approximate place with the "
    "others merged into the same 2025 commune (see the district)"
)


def _contributions(
    ctx: Context, ind: Indicator, synthetic: bool, import_synthetic: dict[int, bool]
) -> pd.DataFrame:
    """The indicator's contributions on the context's map, with their synthetic flag."""
    contrib = FUNCTIONS[ind.function](ctx, **ind.params)
    if contrib.empty:
        return contrib
    placed = contrib["unit_code"].notna().to_numpy()
    contrib = contrib if placed.all() else contrib[placed]
    if "synthetic" in contrib:
        flag = contrib["synthetic"].eq(True).to_numpy()
    else:  # from the imports the rows came from
        flag = _synthetic_imports(contrib["import_id"].to_numpy(), import_synthetic)
    return contrib.assign(synthetic=flag | synthetic)


def _synthetic_imports(ids: Array, import_synthetic: dict[int, bool]) -> Array:
    """Whether the import of each row was synthetic (False where the row has none or an
    unknown one). Numeric ids are looked up in the sorted import ids: boxing a column of
    them into Python objects to hash cost more than the engine's sums."""
    known = list(import_synthetic)
    flags = np.fromiter(import_synthetic.values(), bool, len(known))
    if ids.dtype.kind in "iuf" and all(isinstance(k, int | np.integer) for k in known):
        keys = np.asarray(known, dtype=np.int64)
        order = np.argsort(keys, kind="stable")
        keys, flags = keys[order], flags[order]
        if not len(keys):
            return np.zeros(len(ids), dtype=bool)
        at = np.minimum(np.searchsorted(keys, ids), len(keys) - 1)
        found: np.ndarray = (keys[at] == ids) & flags[at]
        return found
    index = pd.Index(known, dtype=object)
    at = index.get_indexer(pd.Index(ids.astype(object)))
    looked_up: np.ndarray = np.r_[flags, False][at]
    return looked_up


def _aggregate(
    r: Rolled, contrib: pd.DataFrame, ind: Indicator, contexts: list[Context], space: KeySpace
) -> Values:
    ctx = contexts[0]
    g = Groups.of(r.key)
    if ind.aggregation == "survey":
        values = aggregate.survey(r, contrib, ind, g)
    elif ind.aggregation == "median":
        medians = _stored_medians(contexts, space, ind, g)
        values = aggregate.median(r, contrib, g, ctx.min_speed_tests, ctx.min_tile_tests, medians)
    elif ind.aggregation == "median-of-cases":
        values = aggregate.median_of_cases(r, contrib, g)
    else:
        values = aggregate.ratio(r, contrib, ind, g)
    keys, texts = inputs_json(ctx.shared, r, contrib)
    values["inputs"] = texts[np.searchsorted(keys, g.keys)]
    values["_k"] = g.keys
    if ind.function in completeness.REPORTED:
        values.update(_coverage(r, g, ind, contexts, space))
        if "partial" in values:
            values["reliable"] = values["reliable"] & ~values["partial"]
    return values


def _stored_medians(
    contexts: list[Context], space: KeySpace, ind: Indicator, g: Groups
) -> Array | None:
    """The tests' medians the store took per unit (`speed_test_medians`) on the groups
    `g`, NaN where it has none; None when the tests came raw (the engine takes them)."""
    if "speed_test_medians" not in contexts[0].frames:
        return None
    out = np.full(len(g), np.nan)
    for ctx, offset in zip(contexts, space.offsets, strict=True):
        m = ctx.frame("speed_test_medians")
        m = m[(m["map"].astype(str) == ctx.map) & (m["kind"] == ind.params.get("kind"))]
        h = hierarchy(ctx)
        uid = h.index.get_indexer(pd.Index(m["unit_code"].to_numpy(dtype=object)))
        pid = h.periods.get_indexer(pd.Index(m["period"].to_numpy(dtype=object)))
        ok = (uid >= 0) & (pid >= 0)
        key = (uid[ok] + offset) * space.n_periods + pid[ok]
        at = np.minimum(np.searchsorted(g.keys, key), max(len(g) - 1, 0))
        hit = (g.keys[at] == key) if len(g) else np.zeros(len(key), dtype=bool)
        out[at[hit]] = m["median_mbps"].to_numpy(dtype=float)[ok][hit]
    return out


def _coverage(
    r: Rolled, g: Groups, ind: Indicator, contexts: list[Context], space: KeySpace
) -> Values:
    """How much of each unit the reported data covers (completeness.py)."""
    hs = [hierarchy(c) for c in contexts]
    people = [
        pd.to_numeric(c.units["population"], errors="coerce").to_numpy(float) for c in contexts
    ]
    ctx = contexts[0]
    threshold = ctx.complete_share_counts if ind.aggregation == "count" else ctx.complete_share
    return completeness.measure(
        r, g, space, hs, completeness.unit_population(hs, people), threshold
    )


def _data_periods(ctx: Context, ind: Indicator, contrib: pd.DataFrame) -> set[str]:
    """Periods in which the indicator's primary table (or its contributions) has data."""
    primary = ind.tables[0]
    key = ("periods with data", primary)
    if key not in ctx.shared:
        frame = ctx.frame(primary)
        with_data = set(frame["period"].astype(str)) if "period" in frame else set()
        if primary == "dead_spots" and not frame.empty:
            with_data = set(ctx.periods)
        if primary == "register_events" and not frame.empty:  # the register kept by then
            first = pd.Timestamp(frame["at"].min()).date()
            with_data = {p for p in ctx.periods if period_end(p) >= first}
        ctx.shared[key] = with_data
    found: set[str] = ctx.shared[key]
    return found | ({str(p) for p in pd.unique(contrib["period"])} if not contrib.empty else set())


def _no_data_rows(
    ctx: Context, space: KeySpace, offset: int, ind: Indicator, have: Values, contrib: pd.DataFrame
) -> Values:
    """Rows for units (communes and above) and periods of one map without a value, with
    the reason; `have` holds the values of every map, `contrib` this map's contributions."""
    if not space.n_periods:
        return {"_k": np.zeros(0, dtype=np.int64)}
    h = hierarchy(ctx)
    top = space.n_periods * (offset + len(h.codes))
    mine = (have["_k"] >= offset * space.n_periods) & (have["_k"] < top)
    levels = set(space.levels[space.unit(have["_k"][mine])]) - {"village", "scope"}
    levels = (levels if mine.any() else {"province"}) | {"province"}
    units = np.flatnonzero(np.isin(h.levels[: h.n_units], list(levels)))
    units = np.r_[units, np.arange(h.n_units, len(h.codes))].astype(np.int64) + offset
    grid = (units[:, None] * space.n_periods + np.arange(space.n_periods)).ravel()
    known = np.zeros(space.n_periods * len(space.codes), dtype=bool)
    known[have["_k"][mine]] = True
    grid = grid[~known[grid]]
    # per period: whether the table has data then, and the two reasons
    periods = [str(p) for p in space.periods]
    has = np.isin(periods, list(_data_periods(ctx, ind, contrib)))
    primary = ind.tables[0]
    here = np.asarray([f"no {primary} data for this unit in {p}" for p in periods], dtype=object)
    nowhere = np.asarray([f"no {primary} data for {p}" for p in periods], dtype=object)
    at = grid % space.n_periods
    with_data = has[at]
    # a register (sites, dead spots, services) counts 0 where it lists nothing; a unit
    # missing from reported data (subscriptions ...) is not reported, never 0
    zero = with_data & (ind.aggregation == "count") & (ind.function not in completeness.REPORTED)
    reason = np.where(with_data, here[at], nowhere[at])
    n = len(grid)
    return {
        "_k": grid,
        "numerator": np.where(zero, 0.0, np.nan),
        "value": np.where(zero, 0.0, np.nan),
        "method": np.where(zero, "direct", "none").astype(object),
        "reliable": zero,
        "no_data_reason": np.where(zero, np.array(None, dtype=object), reason),
        "synthetic": np.zeros(n, dtype=bool),
    }


def _rolled(
    contexts: list[Context], space: KeySpace, parts: list[pd.DataFrame], villages: bool
) -> tuple[Rolled, pd.DataFrame]:
    """The contributions of every map as one frame, rolled up into one key space."""
    rolled, found, start = [], [], 0
    for ctx, offset, contrib in zip(contexts, space.offsets, parts, strict=True):
        if contrib.empty:
            continue
        r = roll_up(hierarchy(ctx), contrib["unit_code"], contrib["period"], villages, offset)
        rolled.append(Rolled(r.rows + start, r.key, r.origin))
        found.append(contrib)
        start += len(contrib)
    joined = found[0] if len(found) == 1 else pd.concat(found, ignore_index=True)
    return Rolled(*(np.concatenate([getattr(x, f) for x in rolled]) for f in Rolled.FIELDS)), joined


def compute_indicator(
    contexts: list[Context],
    ind: Indicator,
    synthetic: bool = False,
    import_synthetic: dict[int, bool] | None = None,
) -> pd.DataFrame:
    """Every value of one indicator on the contexts' maps (indicator_values columns)."""
    return values_frame([indicator_columns(contexts, ind, synthetic, import_synthetic)])


def indicator_columns(
    contexts: list[Context],
    ind: Indicator,
    synthetic: bool = False,
    import_synthetic: dict[int, bool] | None = None,
) -> Values:
    """`compute_indicator`'s columns as plain arrays: `values_frame` makes one frame of
    many indicators' at once (a frame per indicator, concatenated, cost more than the
    smaller indicators themselves)."""
    space = KeySpace.of([hierarchy(c) for c in contexts], [c.map for c in contexts])
    parts = [_contributions(c, ind, synthetic, import_synthetic or {}) for c in contexts]
    if any(not p.empty for p in parts):
        r, contrib = _rolled(contexts, space, parts, ind.function in VILLAGE_LEVEL)
        have = _aggregate(r, contrib, ind, contexts, space)
    else:
        have = {"_k": np.zeros(0, dtype=np.int64)}
    missing = [
        _no_data_rows(ctx, space, offset, ind, have, part)
        for ctx, offset, part in zip(contexts, space.offsets, parts, strict=True)
    ]
    withheld = _not_told_apart(contexts, space, parts)
    if len(withheld):
        have, *missing = (_withhold(p, withheld) for p in [have, *missing])
    return _assemble([have, *missing], space, ind, synthetic)


def _not_told_apart(
    contexts: list[Context], space: KeySpace, parts: list[pd.DataFrame]
) -> IntArray:
    """Keys (sorted) of the commune values that location cannot give: every commune of
    a group sharing one approximate place (`Context.shared_places`) in each period in
    which a point was located (method_code 1) into any of them — the nearest centroid
    put all the group's points into one of them and none into the others."""
    found: list[IntArray] = []
    for ctx, offset, contrib in zip(contexts, space.offsets, parts, strict=True):
        groups = ctx.shared_places()
        if groups.empty or contrib.empty or "method_code" not in contrib:
            continue
        located = contrib["method_code"].to_numpy() == 1
        gid = groups.reindex(contrib["unit_code"].to_numpy(dtype=object)[located]).to_numpy()
        hit = ~np.isnan(gid.astype(float))
        if not hit.any():
            continue
        h = hierarchy(ctx)
        pid = h.periods.get_indexer(
            pd.Index(contrib["period"].to_numpy(dtype=object)[located][hit])
        )
        pairs = pd.DataFrame({"group": gid[hit].astype(np.int64), "period": pid})
        pairs = pairs[pairs["period"] >= 0].drop_duplicates()
        members = pd.DataFrame(
            {
                "group": groups.to_numpy(dtype=np.int64),
                "unit": h.index.get_indexer(pd.Index(groups.index.to_numpy(dtype=object))),
            }
        )
        both = pairs.merge(members[members["unit"] >= 0], on="group")
        found.append(
            (both["unit"].to_numpy(np.int64) + offset) * space.n_periods
            + both["period"].to_numpy(np.int64)
        )
    return np.unique(np.concatenate(found)) if found else np.zeros(0, dtype=np.int64)


def _withhold(part: Values, keys: IntArray) -> Values:
    """`part` with its values at `keys` left out: empty, unreliable, method none, the
    reason NOT_TOLD_APART (a district's or province's value is unchanged)."""
    hit = np.isin(np.asarray(part["_k"], dtype=np.int64), keys)
    if not hit.any():
        return part
    out = dict(part)
    for c in ("numerator", "denominator", "value", "sample_size", "ci_low", "ci_high"):
        if c in out:
            out[c] = np.where(hit, np.nan, np.asarray(out[c], dtype=float))
    out["reliable"] = np.asarray(out["reliable"], dtype=bool) & ~hit
    for c, text in (("method", "none"), ("no_data_reason", NOT_TOLD_APART)):
        col = np.asarray(out[c], dtype=object).copy()
        col[hit] = text
        out[c] = col
    return out


def _column(parts: list[Values], name: str, sizes: list[int]) -> Array:
    """One column over every part; a part without it is missing there."""
    fill: object = np.nan if name in _FLOATS else None if name in _OBJECTS else False
    dtype: type = float if name in _FLOATS else object if name in _OBJECTS else bool
    pieces: list[Array] = [
        np.asarray(p[name], dtype=dtype) if name in p else np.full(n, fill, dtype=dtype)
        for p, n in zip(parts, sizes, strict=True)
    ]
    return np.concatenate(pieces) if pieces else np.zeros(0, dtype=dtype)


def _assemble(parts: list[Values], space: KeySpace, ind: Indicator, synthetic: bool) -> Values:
    """indicator_values columns from value rows keyed by `_k` (typed by `values_frame`)."""
    sizes = [len(p["_k"]) for p in parts]
    k: IntArray = np.concatenate([np.asarray(p["_k"], dtype=np.int64) for p in parts])
    unit = space.unit(k)
    return {
        "indicator": np.full(len(k), ind.id, dtype=object),
        "map": space.maps[unit],
        "unit_code": space.codes[unit],
        "level": space.levels[unit],
        "period": space.period(k),
        **{c: _column(parts, c, sizes) for c in _FLOATS + _OBJECTS},
        "reliable": _column(parts, "reliable", sizes),
        "partial": _column(parts, "partial", sizes),
        "synthetic": _column(parts, "synthetic", sizes) | synthetic,
    }


def values_frame(columns: list[Values]) -> pd.DataFrame:
    """One frame of indicator_values columns, typed, from `indicator_columns` results."""
    if not columns:
        return pd.DataFrame(columns=VALUE_COLUMNS)
    out = pd.DataFrame({c: np.concatenate([part[c] for part in columns]) for c in columns[0]})
    for c in _COUNTS:
        out[c] = out[c].round().astype("Int64")
    out["reliable"] = out["reliable"].astype("boolean")
    out["partial"] = out["partial"].astype("boolean").where(out["coverage_level"].notna())
    return out[VALUE_COLUMNS]
