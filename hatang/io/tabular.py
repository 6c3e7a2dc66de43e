"""The schema-driven importer: any declared table from CSV, XLSX, Parquet or GeoJSON.

Steps: read the grid, find the header, parse every cell by its column's type, resolve
the period, then check required values, ranges, allowed values, coordinates,
references and duplicate keys. Every problem is collected; nothing is written here.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from hatang.errors import ImportFailed, Problem
from hatang.io.base import Context, Prepared
from hatang.io.checks import (
    check_coordinates,
    check_duplicates,
    check_references,
    check_values,
    resolve_period,
)
from hatang.io.header import HeaderMatch, accepted_names, find_header, header_from_names
from hatang.io.parsing import Rows, input_columns
from hatang.io.sources import Grid, read_any
from hatang.model.periods import map_for_period
from hatang.model.schema import IMPORT_KINDS, Column, Table

#: pandas dtype of each logical type in the frames handed to the store
DTYPES = {"int": "Int64", "float": "float64", "bool": "boolean"}


def header_score(grid: Grid, columns: list[Column]) -> tuple[int, int]:
    match = find_header(grid.rows, grid.row_numbers, columns)
    if match is None:
        return (0, 0)
    return (
        len(match.positions.keys() & {c.name for c in columns if c.required}),
        len(match.positions),
    )


def read_grid(ctx: Context, columns: list[Column]) -> Grid:
    return read_any(
        ctx.path, ctx.file, sheet=ctx.options.get("sheet"), score=lambda g: header_score(g, columns)
    )


def locate(
    grid: Grid, table: Table, ctx: Context, *, optional: set[str] = frozenset()
) -> HeaderMatch:
    """Find the header; refuse the file when a required column is missing."""
    columns = input_columns(table)
    match = (
        header_from_names(grid.header, columns)
        if grid.header is not None
        else find_header(grid.rows, grid.row_numbers, columns)
    )
    if match is None:
        expected = ", ".join(c.name for c in columns if c.required)
        raise ImportFailed(
            f"{ctx.file}: no header row found in the first rows (expected columns: {expected}) / không tìm thấy dòng tiêu đề",
            [
                Problem(
                    ctx.file,
                    None,
                    None,
                    None,
                    f"no header row found (expected columns: {expected})",
                    "header",
                )
            ],
        )
    problems = []
    for col in columns:
        if col.required and col.name not in match.positions and col.name not in optional:
            names = ", ".join(accepted_names(col))
            problems.append(
                Problem(
                    ctx.file,
                    match.header_row,
                    col.name,
                    None,
                    f"missing required column (accepted names: {names})",
                    "header",
                )
            )
    if problems:
        missing = ", ".join(str(p.column) for p in problems)
        raise ImportFailed(
            f"{ctx.file}: missing required column(s): {missing} / thiếu cột bắt buộc", problems
        )
    return match


# ---- the generic importer ---------------------------------------------------------------


def prepare_kind(ctx: Context) -> Prepared:
    """The reader of every kind declared in hatang.model.schema."""
    return prepare_table(IMPORT_KINDS[ctx.kind], ctx)


def prepare_table(table: Table, ctx: Context) -> Prepared:
    columns = input_columns(table)
    ctx.progress("reading / đọc tệp")
    grid = read_grid(ctx, columns)
    optional = {"period"}  # may come from --period: checked below
    if grid.format == "geojson":
        optional |= {"lon", "lat"} if table.name == "units" else set()
    match = locate(grid, table, ctx, optional=optional)
    rows = Rows(grid, match, ctx)
    if (
        table.temporal
        and "period" not in match.positions
        and ctx.period is None
        and "time" not in table.column_names  # timed samples take the quarter of their time
    ):
        raise ImportFailed(
            f"{ctx.file}: no period — add a 'period' column or pass --period (e.g. --period 2025Q3) / thiếu kỳ báo cáo",
            [
                Problem(
                    ctx.file,
                    match.header_row,
                    "period",
                    None,
                    "no period column and no --period given",
                    "period",
                )
            ],
        )
    ctx.progress(f"checking {len(rows)} rows / kiểm tra")
    parsed = {c.name: rows.parse(table, c) for c in columns}
    if grid.geometries is not None and table.name == "units":
        _units_geometry(parsed, grid)
    resolve_period(table, rows, parsed, ctx)
    if table.name == "sites":  # a register's positions are surveyed unless it says otherwise
        parsed["location_approx"] = [False if v is None else v for v in parsed["location_approx"]]
    check_coordinates(table, rows, parsed, ctx)
    check_values(table, rows, parsed, ctx)
    check_references(table, rows, parsed, ctx)
    placed = _place_at_villages(rows, parsed, ctx) if table.name == "facilities" else set()
    check_duplicates(table, rows, parsed)
    notes = []
    if match.unknown:
        notes.append(f"ignored columns / cột bỏ qua: {', '.join(match.unknown)}")
    if match.duplicates:
        notes.append(f"repeated columns, first one used / cột lặp: {', '.join(match.duplicates)}")
    if any(c.name in ("lon", "lat") for c in columns) and ctx.bbox is None:
        notes.append(
            "the workspace has no province extent (meta 'bbox'): coordinates checked for range only"
        )
    good = [i for i in range(len(rows)) if i not in rows.problems]
    if table.name == "sites":
        notes += _fill_communes(parsed, good, ctx)
    if placed & set(good):
        notes.append(
            f"{len(placed & set(good))} facilities without coordinates placed at their village's position "
            "(location_approx = true) / đặt tại vị trí thôn"
        )
    frame = make_frame(table, parsed, good)
    labels = match.labels
    return Prepared(
        frames={table.name: frame},
        rows_read=len(rows),
        encoding=grid.encoding,
        problems=rows.all_problems(),
        bad_rows=rows.bad_rows(),
        labels=labels,
        notes=notes,
    )


def _fill_communes(parsed: dict[str, list[Any]], good: list[int], ctx: Context) -> list[str]:
    from hatang.io.geo import fill_commune_codes

    empty = sum(1 for i in good if parsed["commune_code"][i] is None)
    if not empty:
        return []
    maps = {p: map_for_period(p) for p in set(parsed["period"]) if p}
    filled = fill_commune_codes(parsed, good, ctx.units_frame, maps)
    note = f"commune_code filled from the location for {filled} of {empty} sites"
    if filled < empty:
        note += " (the others lie in no commune boundary known to the workspace)"
    return [note]


def _place_at_villages(rows: Rows, parsed: dict[str, list[Any]], ctx: Context) -> set[int]:
    """A facility needs a position: its own lon/lat, or (both empty) the position of its
    `village_code` in `units` (marked location_approx). Returns the rows so placed."""
    positions: dict[str, tuple[float, float]] = {}
    units = ctx.units_frame.sort_values("map", ascending=False)  # the 2025 map's position first
    for r in units.itertuples(index=False):
        if pd.notna(r.lon) and pd.notna(r.lat):
            positions.setdefault(str(r.code), (float(r.lon), float(r.lat)))
    placed: set[int] = set()
    for i in range(len(rows)):
        lon, lat, code = parsed["lon"][i], parsed["lat"][i], parsed["village_code"][i]
        failed = {p.column for p in rows.problems.get(i, [])}
        if lon is not None and lat is not None:
            if parsed["location_approx"][i] is None:
                parsed["location_approx"][i] = False
            continue
        if lon is not None or lat is not None:
            missing = "lat" if lon is not None else "lon"
            if missing not in failed:
                rows.add(
                    i,
                    missing,
                    None,
                    "missing value: give both lon and lat, or neither to place the facility at "
                    "its village / thiếu toạ độ",
                    "missing-value",
                )
            continue
        if {"lon", "lat", "village_code"} & failed:
            continue
        if code is None:
            rows.add(
                i,
                "lon",
                None,
                "no position: give lon and lat, or a village_code / thiếu toạ độ và mã thôn",
                "missing-value",
            )
        elif code not in positions:
            rows.add(
                i,
                "lon",
                None,
                f"no position: give lon and lat — unit {code} has no position in the workspace "
                "to place the facility at / thôn không có toạ độ",
                "unknown-reference",
            )
        else:
            parsed["lon"][i], parsed["lat"][i] = positions[code]
            parsed["location_approx"][i] = True
            placed.add(i)
    return placed


def make_frame(table: Table, parsed: dict[str, list[Any]], keep: list[int]) -> pd.DataFrame:
    data = {}
    for col in table.columns:
        values = parsed.get(col.name)
        picked = [values[i] for i in keep] if values is not None else [None] * len(keep)
        if col.type in DTYPES:
            data[col.name] = pd.Series(picked, dtype=DTYPES[col.type])
        else:
            data[col.name] = pd.Series(picked, dtype=object)
    return pd.DataFrame(data)


def _units_geometry(parsed: dict[str, list[Any]], grid: Grid) -> None:
    from shapely import wkt

    assert grid.geometries is not None
    for i, g in enumerate(grid.geometries):
        if g is None:
            continue
        if parsed["geometry"][i] is None:
            parsed["geometry"][i] = g
        if parsed["lon"][i] is None or parsed["lat"][i] is None:
            shape = wkt.loads(g)
            point = shape.centroid if shape.geom_type != "Point" else shape
            parsed["lon"][i], parsed["lat"][i] = point.x, point.y
