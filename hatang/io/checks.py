"""Row checks of the schema-driven importer: period, required values, ranges,
coordinates in the province, references to units and sites, duplicate keys."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hatang.io import values as V
from hatang.io.base import Context
from hatang.io.parsing import Rows, input_columns
from hatang.model.periods import map_for_period, period_of
from hatang.model.schema import Table


def resolve_period(table: Table, rows: Rows, parsed: dict[str, list[Any]], ctx: Context) -> None:
    if not table.temporal:
        return
    periods = parsed["period"]
    for i, p in enumerate(periods):
        if p is None:
            if ctx.period is not None:
                periods[i] = ctx.period
            elif "time" in parsed and parsed["time"][i] is not None:  # timed samples
                periods[i] = period_of(parsed["time"][i])
        elif ctx.period is not None and p != ctx.period:
            rows.add(
                i,
                "period",
                p,
                f"period clash: the file says {p}, --period says {ctx.period}",
                "period",
            )


def check_values(table: Table, rows: Rows, parsed: dict[str, list[Any]], ctx: Context) -> None:
    """Required values present; numbers inside their declared range."""
    failed_cells = {(i, p.column) for i, ps in rows.problems.items() for p in ps}
    failed_cells |= {(i, "lat") for i, c in failed_cells if c == "lon"}
    for col in input_columns(table):
        vals = parsed[col.name]
        for i, v in enumerate(vals):
            if v is None or (i, col.name) in failed_cells:
                if v is None and col.required and (i, col.name) not in failed_cells:
                    rows.add(
                        i,
                        col.name,
                        None,
                        "missing value (required) / thiếu giá trị",
                        "missing-value",
                    )
                continue
            if col.min is not None and v < col.min:
                reason = (
                    "negative count"
                    if col.min == 0 and col.type == "int"
                    else f"below the minimum {col.min:g}{col.unit and ' ' + col.unit}"
                )
                rows.add(i, col.name, v, reason, "out-of-range")
            elif col.max is not None and v > col.max:
                rows.add(
                    i,
                    col.name,
                    v,
                    f"above the maximum {col.max:g}{col.unit and ' ' + col.unit}",
                    "out-of-range",
                )


def in_box(lon: float, lat: float, box: tuple[float, float, float, float]) -> bool:
    return box[0] <= lon <= box[2] and box[1] <= lat <= box[3]


#: Vietnam's extent (mainland and near islands): used to spot swapped coordinates
#: when the workspace does not know its province's extent
VIETNAM_BBOX = (102.1, 8.2, 109.5, 23.4)


def check_coordinates(table: Table, rows: Rows, parsed: dict[str, list[Any]], ctx: Context) -> None:
    """Inside the province's extent (plus margin); a specific message when swapped."""
    if "lon" not in parsed or "lat" not in parsed:
        return
    box = ctx.bbox
    if box is None:
        for i, (lon, lat) in enumerate(zip(parsed["lon"], parsed["lat"], strict=True)):
            if (
                lon is not None
                and lat is not None
                and in_box(lat, lon, VIETNAM_BBOX)
                and not in_box(lon, lat, VIETNAM_BBOX)
            ):
                rows.add(
                    i,
                    "lon",
                    f"{lon}, {lat}",
                    "longitude and latitude look swapped (lon/lat đảo chỗ): swap the columns",
                    "swapped-lonlat",
                )
        return
    shown = ",".join(f"{v:.3f}" for v in box)
    for i, (lon, lat) in enumerate(zip(parsed["lon"], parsed["lat"], strict=True)):
        if (
            lon is None
            or lat is None
            or any(p.column in ("lon", "lat") for p in rows.problems.get(i, []))
        ):
            continue
        if in_box(lon, lat, box):
            continue
        if in_box(lat, lon, box):
            rows.add(
                i,
                "lon",
                f"{lon}, {lat}",
                "longitude and latitude look swapped (lon/lat đảo chỗ): swap the columns",
                "swapped-lonlat",
            )
        else:
            rows.add(
                i,
                "lon",
                f"{lon}, {lat}",
                f"outside the province's extent ({shown}) / nằm ngoài tỉnh",
                "outside-area",
            )


def check_references(table: Table, rows: Rows, parsed: dict[str, list[Any]], ctx: Context) -> None:
    """Codes restored (leading zeros) and checked against units / sites in the store."""
    periods = parsed.get("period")
    store = ctx.unit_codes
    every = set().union(*store.values()) if store else set()
    if table.name == "units":
        _restore_unit_codes(rows, parsed, store)
        return
    if table.name == "crosswalk":
        for name, map_ in (("old_code", "2024"), ("new_code", "2025")):
            parsed[name] = [
                None if c is None else V.restore_code(c, known=store.get(map_))
                for c in parsed[name]
            ]
        return
    for col in input_columns(table):
        if col.type == "code" and col.references is None:
            parsed[col.name] = [
                None if c is None else V.restore_code(c, known=every or None)
                for c in parsed[col.name]
            ]
            continue
        if col.references is None:
            continue
        ref_table, _ = col.references
        vals = parsed[col.name]
        for i, v in enumerate(vals):
            if v is None:
                continue
            period = periods[i] if periods is not None else None
            if ref_table == "units":
                # a site's commune is informative (indicators place sites by their location
                # when the code is not on the map they compute): a code of either map is
                # accepted, as operators keep the old codes after the 2025 merger
                map_ = map_for_period(period) if period and table.name != "sites" else None
                known = store.get(map_, set()) if map_ else every
                restored = V.restore_code(v, known=known, commune_like=col.name != "village_code")
                if restored in known:
                    vals[i] = restored
                elif not known:
                    rows.add(
                        i,
                        col.name,
                        v,
                        "unknown unit code: the workspace has no units yet (import units first)",
                        "unknown-reference",
                    )
                else:
                    where = f"on the {map_} map (in force in {period})" if map_ else "on any map"
                    rows.add(
                        i,
                        col.name,
                        v,
                        f"unknown unit code {where} / mã đơn vị không tồn tại",
                        "unknown-reference",
                    )
            elif ref_table == "sites" and period is not None:
                if v not in ctx.site_ids(period):
                    rows.add(
                        i,
                        col.name,
                        v,
                        f"unknown site: no site {v!r} in {period} (import the sites of {period} first)",
                        "unknown-reference",
                    )


def _restore_unit_codes(
    rows: Rows, parsed: dict[str, list[Any]], store: dict[str, set[str]]
) -> None:
    """A unit's own code padded to its level's width; its parent must exist on the same
    map (in the file or the store)."""
    codes, levels, maps = parsed["code"], parsed["level"], parsed["map"]
    for i, (c, lvl) in enumerate(zip(codes, levels, strict=True)):
        if c is not None:
            codes[i] = V.restore_code(
                c, width=V.CODE_WIDTH.get(lvl or ""), commune_like=lvl != "village"
            )
    on_map: dict[str, set[str]] = {m: set(codes_) for m, codes_ in store.items()}
    for c, m in zip(codes, maps, strict=True):
        if c is not None and m is not None:
            on_map.setdefault(m, set()).add(c)
    parents = parsed["parent_code"]
    for i, p in enumerate(parents):
        if p is None or maps[i] is None:
            continue
        known = on_map.get(maps[i], set())
        parents[i] = V.restore_code(p, known=known)
        if parents[i] not in known:
            rows.add(
                i,
                "parent_code",
                p,
                f"unknown parent unit on the {maps[i]} map (not in the file nor the workspace)",
                "unknown-reference",
            )


def check_duplicates(table: Table, rows: Rows, parsed: dict[str, list[Any]]) -> None:
    """Two rows with the same key: both are reported, each naming the other."""
    key_cols = list(table.key)
    first: dict[tuple, int] = {}
    for i in range(len(rows)):
        key = tuple(parsed[k][i] for k in key_cols)
        if any(k is None for k in key):
            continue
        if key in first:
            j = first[key]
            shown = ", ".join(f"{k}={_show(v)}" for k, v in zip(key_cols, key, strict=True))
            rows.add(
                i,
                key_cols[-1],
                key[-1],
                f"duplicate key ({shown}): also on row {rows.numbers[j]}",
                "duplicate-key",
            )
            if not any(p.type == "duplicate-key" for p in rows.problems.get(j, [])):
                rows.add(
                    j,
                    key_cols[-1],
                    key[-1],
                    f"duplicate key ({shown}): also on row {rows.numbers[i]}",
                    "duplicate-key",
                )
        else:
            first[key] = i


def _show(v: Any) -> str:
    if isinstance(v, dt.date | dt.datetime):
        return v.isoformat()
    return str(v)
