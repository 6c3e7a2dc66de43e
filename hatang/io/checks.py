"""Row checks of the schema-driven importer, over a chunk's parsed columns: period,
required values, ranges, coordinates in the province, references to units and sites.

Each check adds its problems to a `RowProblems`; a cell that already failed is not
checked again (a coordinate found outside the province gets no range problem too).
Duplicate keys are checked across the whole file when it has been read (run.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hatang.io import values as V
from hatang.io.base import Context
from hatang.io.parsing import input_columns
from hatang.io.reasons import Reason, reason
from hatang.io.rowproblems import RowProblems
from hatang.model.periods import map_for_period
from hatang.model.schema import Table

Parsed = dict[str, pa.Array]

MISSING_REQUIRED = reason("missing_required")
NEGATIVE_COUNT = reason("negative_count")
FUTURE_DATE = reason("future_date")
NO_UNITS = reason("no_units")
UNKNOWN_UNIT = reason("unknown_unit")


def present(a: pa.Array) -> np.ndarray:
    return ~np.asarray(a.is_null(), dtype=bool)


def numbers(a: pa.Array) -> np.ndarray:
    """A numeric column as floats, NaN where empty."""
    return np.asarray(a.cast(pa.float64()).to_numpy(zero_copy_only=False), dtype=float)


def resolve_period(table: Table, probs: RowProblems, parsed: Parsed, ctx: Context) -> None:
    """Empty periods from --period, else (timed samples) the quarter of the time; a
    period that disagrees with --period is a problem."""
    if not table.temporal:
        return
    period = parsed["period"]
    empty = ~present(period)
    if ctx.period is not None:
        clash = np.flatnonzero(~empty & _ne(period, ctx.period)) if not empty.all() else []
        values = period.take(pa.array(clash, pa.int64())).to_pylist()
        reasons = [reason("period_clash", file_period=p, period=ctx.period) for p in values]
        probs.add(clash, "period", values, reasons, "period")
        parsed["period"] = pc.fill_null(period, ctx.period)
    elif "time" in parsed and empty.any():
        quarter = quarters(parsed["time"])
        parsed["period"] = quarter if empty.all() else pc.coalesce(period, quarter)


def quarters(t: pa.Array) -> pa.Array:
    """The quarter ('2025Q3') of each time, null without one: each quarter's name is
    made once (a file's times span a handful)."""
    stamps = np.asarray(t.cast(pa.timestamp("us")).to_numpy(zero_copy_only=False))
    valid = ~np.isnat(stamps)
    if not valid.any():
        return pa.nulls(len(t), pa.string())
    ints = stamps.view(np.int64)
    first, last = ints[valid].min(), ints.max()  # (NaT is the smallest int64)
    lo, hi = (
        int(np.datetime64(int(v), "us").astype("datetime64[M]").astype(int)) // 3
        for v in (first, last)
    )
    names = [f"{1970 + k // 4}Q{k % 4 + 1}" for k in range(lo, hi + 1)]
    months = np.arange(lo * 3, hi * 3 + 4, 3).astype("datetime64[M]")
    index = np.searchsorted(months.astype("datetime64[us]").view(np.int64), ints, side="right") - 1
    index = np.where(valid, index, len(names))  # (each quarter found among its starts)
    return pa.array([*names, None], pa.string()).take(pa.array(index))


def _ne(a: pa.Array, value: str) -> np.ndarray:
    return np.asarray(pc.fill_null(pc.not_equal(a, value), False), dtype=bool)


def check_values(table: Table, probs: RowProblems, parsed: Parsed) -> None:
    """Required values present; numbers inside their declared range."""
    failed = {c.name: probs.failed(c.name) for c in input_columns(table)}
    if "lon" in failed and "lat" in failed:
        failed["lat"] |= failed["lon"]
    for col in input_columns(table):
        a = parsed[col.name]
        ok = present(a)
        missing = ~ok & ~failed[col.name]
        if col.required and missing.any():
            probs.add(
                np.flatnonzero(missing),
                col.name,
                None,
                MISSING_REQUIRED,
                "missing-value",
            )
        if col.min is None and col.max is None:
            continue
        v = numbers(a)
        check = ok & ~failed[col.name]
        unit = col.unit and " " + col.unit
        below = check & (v < col.min) if col.min is not None else np.zeros(len(v), bool)
        above = check & ~below & (v > col.max) if col.max is not None else np.zeros(len(v), bool)
        for rows, why in (
            (np.flatnonzero(below), _below(col.min, col.type, unit)),
            (
                np.flatnonzero(above),
                reason("above_maximum", maximum=col.max, unit=unit) if col.max is not None else "",
            ),
        ):
            if len(rows):
                probs.add(rows, col.name, a.take(pa.array(rows)).to_pylist(), why, "out-of-range")


def _below(minimum: float | None, type_: str, unit: str) -> str:
    if minimum is None:
        return ""
    if minimum == 0 and type_ == "int":
        return NEGATIVE_COUNT
    return reason("below_minimum", minimum=minimum, unit=unit)


#: dates of things that happened (a measurement, a report): never in the future nor
#: before 2000 (hatang's first data); other date columns (a unit's validity) may be
EVENT_DATES = {
    ("dead_spots", "reported_on"),
    ("dead_spots", "resolved_on"),
    ("speed_tests", "time"),
    ("drive_tests", "time"),
}
EARLIEST = dt.date(2000, 1, 1)
#: (table, earlier, later): the later date may not come before the earlier one
DATE_ORDER = (("dead_spots", "reported_on", "resolved_on"),)


def check_dates(table: Table, probs: RowProblems, parsed: Parsed, today: dt.date) -> None:
    """Event dates neither in the future nor before 2000; a dead spot resolved after it
    was reported."""
    for t, name in sorted(EVENT_DATES):
        if t != table.name or name not in parsed:
            continue
        days = _days(parsed[name])
        ok = ~np.isnan(days) & ~probs.failed(name)
        future = ok & (days > (today - dt.date(1970, 1, 1)).days)
        early = ok & (days < (EARLIEST - dt.date(1970, 1, 1)).days)
        for mask, why in (
            (future, FUTURE_DATE),
            (early, reason("early_date", earliest=EARLIEST.isoformat())),
        ):
            if mask.any():
                rows = np.flatnonzero(mask)
                probs.add(
                    rows,
                    name,
                    parsed[name].take(pa.array(rows)).to_pylist(),
                    why,
                    "implausible-date",
                )
    for t, earlier, later in DATE_ORDER:
        if t != table.name:
            continue
        a, b = _days(parsed[earlier]), _days(parsed[later])
        bad = ~np.isnan(a) & ~np.isnan(b) & (b < a) & ~probs.failed(earlier) & ~probs.failed(later)
        if bad.any():
            rows = np.flatnonzero(bad)
            firsts = parsed[earlier].take(pa.array(rows)).to_pylist()
            reasons = [reason("date_order", earlier=earlier, date=d.isoformat()) for d in firsts]
            probs.add(
                rows, later, parsed[later].take(pa.array(rows)).to_pylist(), reasons, "inconsistent"
            )


def _days(a: pa.Array) -> np.ndarray:
    """Days since 1970 of a date or timestamp column (NaN where empty)."""
    days = pc.cast(a, pa.date32(), safe=False) if pa.types.is_timestamp(a.type) else a
    return np.asarray(
        days.cast(pa.int32()).cast(pa.float64()).to_numpy(zero_copy_only=False), dtype=float
    )


def in_box(lon: float, lat: float, box: tuple[float, float, float, float]) -> bool:
    return box[0] <= lon <= box[2] and box[1] <= lat <= box[3]


def inside(lon: np.ndarray, lat: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    return (box[0] <= lon) & (lon <= box[2]) & (box[1] <= lat) & (lat <= box[3])


#: Vietnam's extent (mainland and near islands): used to spot swapped coordinates
#: when the workspace does not know its province's extent
VIETNAM_BBOX = (102.1, 8.2, 109.5, 23.4)
SWAPPED = reason("swapped_lonlat")


def check_coordinates(table: Table, probs: RowProblems, parsed: Parsed, ctx: Context) -> None:
    """Inside the province's extent (plus margin); a specific message when swapped."""
    if "lon" not in parsed or "lat" not in parsed:
        return
    lon, lat = numbers(parsed["lon"]), numbers(parsed["lat"])
    both = ~np.isnan(lon) & ~np.isnan(lat)
    box = ctx.bbox
    if box is None:
        swapped = both & inside(lat, lon, VIETNAM_BBOX) & ~inside(lon, lat, VIETNAM_BBOX)
        _coordinate_problems(probs, swapped, lon, lat, SWAPPED, "swapped-lonlat")
        return
    check = both & ~probs.failed("lon") & ~probs.failed("lat") & ~inside(lon, lat, box)
    swapped = check & inside(lat, lon, box)
    outside = check & ~swapped
    shown = ",".join(f"{v:.3f}" for v in box)
    _coordinate_problems(probs, swapped, lon, lat, SWAPPED, "swapped-lonlat")
    _coordinate_problems(
        probs,
        outside,
        lon,
        lat,
        reason("outside_extent", extent=shown),
        "outside-area",
    )


def _coordinate_problems(
    probs: RowProblems, mask: np.ndarray, lon: np.ndarray, lat: np.ndarray, reason: str, type_: str
) -> None:
    if not mask.any():
        return
    rows = np.flatnonzero(mask)
    values = [f"{float(lon[i])}, {float(lat[i])}" for i in rows]
    probs.add(rows, "lon", values, reason, type_)


# ---- references ------------------------------------------------------------------------------


def per_distinct(fn: Callable[..., Any], *columns: pa.Array) -> list[Any]:
    """fn(*values) for every row, computed once per distinct combination of values."""
    encoded = [pc.dictionary_encode(c) for c in columns]
    key = np.zeros(len(columns[0]), dtype=np.int64)
    for d in encoded:  # every combination of dictionary indices (-1: empty) as one number
        key = key * (len(d.dictionary) + 1) + np.asarray(pc.fill_null(d.indices, -1)) + 1
    distinct, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    dictionaries = [d.dictionary.to_pylist() for d in encoded]
    indices = [np.asarray(pc.fill_null(d.indices, -1)) for d in encoded]
    results = []
    for row in first:
        values = [
            dictionaries[j][ix[row]] if ix[row] >= 0 else None for j, ix in enumerate(indices)
        ]
        results.append(fn(*values))
    return [results[k] for k in inverse]


def check_references(table: Table, probs: RowProblems, parsed: Parsed, ctx: Context) -> None:
    """Codes restored (leading zeros) and checked against units / sites in the store."""
    store = ctx.unit_codes
    every = set().union(*store.values()) if store else set()
    if table.name == "units":
        restore_unit_codes(probs, parsed, store)
        check_parent_loops(probs, parsed, ctx.units_frame)
        return
    if table.name == "crosswalk":
        for name, map_ in (("old_code", "2024"), ("new_code", "2025")):
            known = store.get(map_)
            parsed[name] = pa.array(
                per_distinct(
                    lambda c, k=known: None if c is None else V.restore_code(c, known=k),
                    parsed[name],
                ),
                pa.string(),
            )
        return
    periods = parsed.get("period", pa.nulls(len(probs.numbers), pa.string()))
    for col in input_columns(table):
        if col.type == "code" and col.references is None:
            parsed[col.name] = pa.array(
                per_distinct(
                    lambda c: None if c is None else V.restore_code(c, known=every or None),
                    parsed[col.name],
                ),
                pa.string(),
            )
        elif col.references is not None and col.references[0] == "units":
            _unit_references(table, col.name, probs, parsed, periods, store, every)
        elif col.references is not None and col.references[0] == "sites":
            _site_references(col.name, probs, parsed, periods, ctx)


def _unit_references(
    table: Table,
    name: str,
    probs: RowProblems,
    parsed: Parsed,
    periods: pa.Array,
    store: dict[str, set[str]],
    every: set[str],
) -> None:
    def resolve(period: str | None, code: str | None) -> tuple[str | None, str | None]:
        """(the code, restored; the problem when it is unknown)."""
        if code is None:
            return None, None
        # a site's commune is informative (indicators place sites by their location
        # when the code is not on the map they compute): a code of either map is
        # accepted, as operators keep the old codes after the 2025 merger
        map_ = map_for_period(period) if period and table.name != "sites" else None
        known = store.get(map_, set()) if map_ else every
        restored = V.restore_code(code, known=known, commune_like=name != "village_code")
        if restored in known:
            return restored, None
        if not known:
            return code, NO_UNITS
        if map_:
            return code, reason("unknown_unit_on_map", map=map_, period=period)
        return code, UNKNOWN_UNIT

    results = per_distinct(resolve, periods, parsed[name])
    parsed[name] = pa.array([r[0] for r in results], pa.string())
    bad = [i for i, r in enumerate(results) if r[1] is not None]
    probs.add(
        bad, name, [results[i][0] for i in bad], [results[i][1] for i in bad], "unknown-reference"
    )


def _site_references(
    name: str, probs: RowProblems, parsed: Parsed, periods: pa.Array, ctx: Context
) -> None:
    def unknown(period: str | None, site: str | None) -> Reason | None:
        if site is None or period is None or site in ctx.site_ids(period):
            return None
        return reason("unknown_site", site=repr(site), period=period)

    reasons = per_distinct(unknown, periods, parsed[name])
    bad = [i for i, r in enumerate(reasons) if r is not None]
    values = parsed[name].take(pa.array(bad, pa.int64())).to_pylist()
    probs.add(bad, name, values, [reasons[i] for i in bad], "unknown-reference")


def restore_unit_codes(probs: RowProblems, parsed: Parsed, store: dict[str, set[str]]) -> None:
    """A unit's own code padded to its level's width; its parent must exist on the same
    map (in the file or the store). Units files are read whole (one chunk)."""
    codes = parsed["code"].to_pylist()
    levels, maps = parsed["level"].to_pylist(), parsed["map"].to_pylist()
    for i, (c, lvl) in enumerate(zip(codes, levels, strict=True)):
        if c is not None:
            codes[i] = V.restore_code(
                c, width=V.CODE_WIDTH.get(lvl or ""), commune_like=lvl != "village"
            )
    on_map: dict[str, set[str]] = {m: set(codes_) for m, codes_ in store.items()}
    for c, m in zip(codes, maps, strict=True):
        if c is not None and m is not None:
            on_map.setdefault(m, set()).add(c)
    parents = parsed["parent_code"].to_pylist()
    for i, p in enumerate(parents):
        if p is None or maps[i] is None:
            continue
        known = on_map.get(maps[i], set())
        parents[i] = V.restore_code(p, known=known)
        if parents[i] not in known:
            why = reason("unknown_parent", map=maps[i])
            probs.add([i], "parent_code", [p], why, "unknown-reference")
    parsed["code"] = pa.array(codes, pa.string())
    parsed["parent_code"] = pa.array(parents, pa.string())


def check_parent_loops(probs: RowProblems, parsed: Parsed, stored: Any) -> None:
    """A unit whose chain of parents (in the file, else the workspace) comes back to
    it: each unit of the loop is named."""
    parent: dict[tuple[str, str], str | None] = {}
    for m, c, p in zip(stored["map"], stored["code"], stored["parent_code"], strict=True):
        parent[(str(m), str(c))] = p if isinstance(p, str) else None
    codes, maps, parents = (parsed[c].to_pylist() for c in ("code", "map", "parent_code"))
    for c, m, p in zip(codes, maps, parents, strict=True):
        if c is not None and m is not None:
            parent[(m, c)] = p
    for i, (c, m) in enumerate(zip(codes, maps, strict=True)):
        if c is None or m is None or parents[i] is None:
            continue
        chain, cur = [c], parents[i]
        while cur is not None and cur not in chain and len(chain) <= len(parent):
            chain.append(cur)
            cur = parent.get((m, cur))
        if cur == c:
            why = reason("parent_loop", chain=" → ".join([*chain, c]))
            probs.add([i], "parent_code", [parents[i]], why, "parent-loop")


# ---- keys ---------------------------------------------------------------------------------


def key_rows(table: Table, parsed: Parsed, numbers_: np.ndarray) -> pa.Table:
    """The key of every row whose key is complete, with its row number (`_row`): what
    the duplicate check across the file compares."""
    cols = {k: parsed[k] for k in table.key}
    complete = np.ones(len(numbers_), dtype=bool)
    for a in cols.values():
        complete &= present(a)
    keep = pa.array(complete)
    out = {k: a.filter(keep) for k, a in cols.items()}
    out["_row"] = pa.array(numbers_[complete], pa.int64())
    return pa.table(out)


def show_key(v: Any) -> str:
    if isinstance(v, dt.date | dt.datetime):
        return v.isoformat()
    return str(v)
