"""The schema-driven importer: any declared table from CSV, XLSX, Parquet or GeoJSON.

Steps: open the file, find the header, then chunk by chunk parse every column by its
type, resolve the period, and check required values, ranges, allowed values,
coordinates and references; duplicate keys are checked across the file by run.py.
Every problem is collected; nothing is written here.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa

from hatang.errors import ImportFailed, Problem
from hatang.io import values as V
from hatang.io.base import Batch, Context, Prepared, Unique
from hatang.io.checks import (
    check_coordinates,
    check_dates,
    check_references,
    check_values,
    key_rows,
    present,
    resolve_period,
)
from hatang.io.chunks import Chunk
from hatang.io.columns import faulty_cells, hint_values, parse_column
from hatang.io.frames import concat, make_frame
from hatang.io.header import HeaderMatch, accepted_names, find_header, header_from_names
from hatang.io.parsing import input_columns
from hatang.io.reasons import reason
from hatang.io.rowproblems import RowProblems
from hatang.io.scope import check_scope
from hatang.io.sources import Source, open_source
from hatang.io.trailer import TrailerFilter
from hatang.model.periods import map_for_period
from hatang.model.schema import IMPORT_KINDS, Column, Table


def header_score(grid: Any, columns: list[Column]) -> tuple[int, int]:
    match = find_header(grid.rows, grid.row_numbers, columns)
    if match is None:
        return (0, 0)
    return (
        len(match.positions.keys() & {c.name for c in columns if c.required}),
        len(match.positions),
    )


def open_file(ctx: Context, columns: list[Column]) -> Source:
    return open_source(
        ctx.path,
        ctx.file,
        sheet=ctx.options.get("sheet"),
        score=lambda g: header_score(g, columns),
        exact=ctx.exact,
        limits=ctx.settings,
    )


def locate(
    source: Any, table: Table, ctx: Context, *, optional: set[str] = frozenset()
) -> HeaderMatch:
    """Find the header; refuse the file when a required column is missing."""
    columns = input_columns(table)
    match = (
        header_from_names(source.header, columns)
        if source.header is not None
        else find_header(source.rows, source.row_numbers, columns)
    )
    if match is None:
        expected = ", ".join(c.name for c in columns if c.required)
        why = reason("no_header", expected=expected)
        raise ImportFailed(
            f"{ctx.file}: {reason('no_header_in_head', expected=expected)}",
            [Problem(ctx.file, None, None, None, why, "header")],
        )
    problems = []
    for col in columns:
        if col.required and col.name not in match.positions and col.name not in optional:
            names = ", ".join(accepted_names(col))
            why = reason("missing_column_names", names=names)
            problems.append(Problem(ctx.file, match.header_row, col.name, None, why, "header"))
    if problems:
        missing = ", ".join(str(p.column) for p in problems)
        raise ImportFailed(f"{ctx.file}: {reason('missing_columns', columns=missing)}", problems)
    return match


# ---- the generic importer ---------------------------------------------------------------


def prepare_kind(ctx: Context) -> Prepared:
    """The reader of every kind declared in hatang.model.schema."""
    return prepare_table(IMPORT_KINDS[ctx.kind], ctx)


@dataclass
class _State:
    """What carries from chunk to chunk."""

    #: float column → the decimal separator its first chunk proves (values.decimal_hint)
    hints: dict[str, str | None] = field(default_factory=dict)
    #: row numbers of good sites without a commune_code, and of those it was found for
    communes_empty: list[int] = field(default_factory=list)
    communes_filled: list[int] = field(default_factory=list)
    #: row numbers of good facilities placed at their village
    placed: list[int] = field(default_factory=list)
    #: total rows and signature blocks left out of the data
    trailer: TrailerFilter = field(default_factory=TrailerFilter)

    def notes(self, problems: list[Problem]) -> list[str]:
        """The notes on the rows loaded (rows found bad at the end, duplicates, left out)."""
        bad = {p.row for p in problems}
        empty = sum(1 for n in self.communes_empty if n not in bad)
        filled = sum(1 for n in self.communes_filled if n not in bad)
        placed = sum(1 for n in self.placed if n not in bad)
        notes = self.trailer.notes()
        if empty:
            note = f"commune_code filled from the location for {filled} of {empty} sites"
            if filled < empty:
                note += " (the others lie in no commune boundary known to the workspace)"
            notes.append(note)
        if placed:
            notes.append(
                f"{placed} facilities without coordinates placed at their village's position "
                "(location_approx = true) / đặt tại vị trí thôn"
            )
        return notes


def prepare_table(table: Table, ctx: Context) -> Prepared:
    columns = input_columns(table)
    ctx.progress("reading / đọc tệp")
    source = open_file(ctx, columns)
    optional = {"period"}  # may come from --period: checked below
    if source.format == "geojson" and table.name == "units":
        optional |= {"lon", "lat"}
    match = locate(source, table, ctx, optional=optional)
    if (
        table.temporal
        and "period" not in match.positions
        and ctx.period is None
        and "time" not in table.column_names  # timed samples take the quarter of their time
    ):
        raise ImportFailed(
            f"{ctx.file}: {reason('no_period')}",
            [
                Problem(
                    ctx.file,
                    match.header_row,
                    "period",
                    None,
                    reason("no_period_column"),
                    "period",
                )
            ],
        )
    prepared = Prepared(
        [],
        source.encoding,
        labels=match.labels,
        notes=_header_notes(match, columns, ctx),
        unique={table.name: Unique(table, table.name)},
        raw_rows=lambda numbers: source.rows_at(match.data_start, numbers),
    )
    state = _State()
    prepared.batches = _batches(table, source, match, ctx, prepared, state)
    prepared.finish = lambda problems: prepared.notes.extend(state.notes(problems))
    return prepared


def _header_notes(match: HeaderMatch, columns: list[Column], ctx: Context) -> list[str]:
    notes = []
    if match.unknown:
        notes.append(f"ignored columns / cột bỏ qua: {', '.join(match.unknown)}")
    if match.duplicates:
        notes.append(f"repeated columns, first one used / cột lặp: {', '.join(match.duplicates)}")
    if any(c.name in ("lon", "lat") for c in columns) and ctx.bbox is None:
        notes.append(
            "the workspace has no province extent (meta 'bbox'): coordinates checked for range only"
        )
    return notes


def _batches(
    table: Table,
    source: Source,
    match: HeaderMatch,
    ctx: Context,
    prepared: Prepared,
    state: _State,
) -> Iterator[Batch]:
    chunks: Any = (c for c in map(state.trailer, source.chunks(match.data_start)) if len(c))
    if table.name == "units":  # a parent is looked for among every row of the file
        chunks = concat(list(chunks))
    for chunk in chunks:
        prepared.rows_read += len(chunk)
        ctx.progress(f"checking {prepared.rows_read:,} rows / kiểm tra")
        yield check_chunk(table, chunk, match, ctx, state)


def parse_chunk(
    table: Table,
    chunk: Chunk,
    match: HeaderMatch,
    probs: RowProblems,
    hints: dict[str, str | None],
    max_chars: int,
) -> dict[str, pa.Array]:
    """Every declared column of the chunk parsed by its type (refused cells: problems).
    A row its reader could not split (a quote never closed) gets that one problem."""
    for i, (column, why, type_) in sorted(chunk.row_problems.items()):
        probs.add([i], column, None, why, type_)
        if type_ == "malformed-row":
            probs.silence([i])
    parsed = {}
    for col in input_columns(table):
        raw = faulty_cells(
            chunk.column(match.positions.get(col.name)), col.name, probs, max_chars, chunk.nul_free
        )
        if col.type == "float" and col.name not in hints:
            hints[col.name] = V.decimal_hint(hint_values(raw))
        values, errors = parse_column(table, col, raw, len(chunk), hints.get(col.name))
        for i, v, why, type_ in errors:
            probs.add([i], col.name, [v], why, type_)
        parsed[col.name] = values
    return parsed


def check_chunk(
    table: Table, chunk: Chunk, match: HeaderMatch, ctx: Context, state: _State
) -> Batch:
    probs = RowProblems(ctx.file, chunk.numbers)
    parsed = parse_chunk(table, chunk, match, probs, state.hints, ctx.settings.max_cell_chars)
    if chunk.geometries is not None and table.name == "units":
        _units_geometry(parsed, chunk)
    elif chunk.geometries is not None and "lon" in parsed:
        _points_only(parsed, chunk, probs)
    resolve_period(table, probs, parsed, ctx)
    if table.name == "sites":  # a register's positions are surveyed unless it says otherwise
        parsed["location_approx"] = parsed["location_approx"].fill_null(False)
    check_coordinates(table, probs, parsed, ctx)
    check_values(table, probs, parsed)
    check_dates(table, probs, parsed, dt.date.today())
    check_references(table, probs, parsed, ctx)
    check_scope(table, probs, parsed, ctx)
    if table.name == "facilities":
        placed = _place_at_villages(probs, parsed, ctx)
        state.placed += [int(chunk.numbers[i]) for i in placed if not probs.bad[i]]
    keys = key_rows(table, parsed, chunk.numbers)
    good = ~probs.bad
    if table.name == "sites":
        _fill_communes(parsed, good, chunk.numbers, ctx, state)
    bad = {int(chunk.numbers[i]): chunk.raw_row(int(i)) for i in np.flatnonzero(probs.bad)}
    frame = make_frame(table, parsed, good)
    return Batch({table.name: frame}, probs.ordered(), bad, {table.name: keys})


def _fill_communes(
    parsed: dict[str, pa.Array], good: np.ndarray, numbers: np.ndarray, ctx: Context, state: _State
) -> None:
    from hatang.io.geo import units_containing

    empty = good & ~present(parsed["commune_code"])
    state.communes_empty += numbers[empty].tolist()
    if not empty.any():
        return
    lon = parsed["lon"].to_numpy(zero_copy_only=False)
    lat = parsed["lat"].to_numpy(zero_copy_only=False)
    periods = parsed["period"].to_pylist()
    codes = parsed["commune_code"].to_pylist()
    units = ctx.units_frame
    communes = units[units["level"] == "commune"]
    by_map: dict[str, list[int]] = {}
    for i in np.flatnonzero(empty & ~np.isnan(lon) & ~np.isnan(lat)):
        if periods[i]:
            by_map.setdefault(map_for_period(periods[i]), []).append(int(i))
    for map_, rows in by_map.items():
        found = units_containing(
            list(lon[rows]), list(lat[rows]), communes[communes["map"] == map_]
        )
        for i, code in zip(rows, found, strict=True):
            if code is not None:
                codes[i] = code
                state.communes_filled.append(int(numbers[i]))
    parsed["commune_code"] = pa.array(codes, pa.string())


def _place_at_villages(probs: RowProblems, parsed: dict[str, pa.Array], ctx: Context) -> list[int]:
    """A facility needs a position: its own lon/lat, or (both empty) the position of its
    `village_code` in `units` (marked location_approx). Returns the rows so placed."""
    positions: dict[str, tuple[float, float]] = {}
    units = ctx.units_frame.sort_values("map", ascending=False)  # the 2025 map's position first
    for r in units.itertuples(index=False):
        if _finite(r.lon) and _finite(r.lat):
            positions.setdefault(str(r.code), (float(r.lon), float(r.lat)))
    lon, lat = parsed["lon"].to_pylist(), parsed["lat"].to_pylist()
    approx, codes = parsed["location_approx"].to_pylist(), parsed["village_code"].to_pylist()
    failed = {c: probs.failed(c) for c in ("lon", "lat", "village_code")}
    placed: list[int] = []
    for i in range(len(lon)):
        if lon[i] is not None and lat[i] is not None:
            if approx[i] is None:
                approx[i] = False
            continue
        if lon[i] is not None or lat[i] is not None:
            missing = "lat" if lon[i] is not None else "lon"
            if not failed[missing][i]:
                probs.add([i], missing, None, reason("half_position"), "missing-value")
            continue
        if any(f[i] for f in failed.values()):
            continue
        if codes[i] is None:
            probs.add([i], "lon", None, reason("no_position"), "missing-value")
        elif codes[i] not in positions:
            why = reason("unit_without_position", unit=codes[i])
            probs.add([i], "lon", None, why, "unknown-reference")
        else:
            lon[i], lat[i] = positions[codes[i]]
            approx[i] = True
            placed.append(i)
    parsed["lon"], parsed["lat"] = pa.array(lon, pa.float64()), pa.array(lat, pa.float64())
    parsed["location_approx"] = pa.array(approx, pa.bool_())
    return placed


def _points_only(parsed: dict[str, pa.Array], chunk: Chunk, probs: RowProblems) -> None:
    """A point layer's feature whose geometry is no point (and that gives no lon/lat of
    its own) is named as such, not as two missing coordinates."""
    assert chunk.geometries is not None
    lon, lat = present(parsed["lon"]), present(parsed["lat"])
    rows, reasons = [], []
    for i, g in enumerate(chunk.geometries):
        if g is not None and not (lon[i] and lat[i]):
            kind = g.split(" ", 1)[0].split("(", 1)[0]
            name = GEOMETRY_NAMES.get(kind, kind.title())
            rows.append(i)
            reasons.append(reason("not_a_point", geometry=name))
    probs.add(rows, "geometry", None, reasons, "geometry")
    probs.mark(rows, "lon", "lat")


GEOMETRY_NAMES = {
    "POLYGON": "Polygon",
    "MULTIPOLYGON": "MultiPolygon",
    "LINESTRING": "LineString",
    "MULTILINESTRING": "MultiLineString",
    "MULTIPOINT": "MultiPoint",
    "GEOMETRYCOLLECTION": "GeometryCollection",
    "LINEARRING": "LinearRing",
}


def _finite(v: Any) -> bool:
    try:
        return math.isfinite(float(v))
    except (TypeError, ValueError):
        return False


def _units_geometry(parsed: dict[str, pa.Array], chunk: Chunk) -> None:
    from shapely import wkt

    assert chunk.geometries is not None
    geometry, lon, lat = (parsed[c].to_pylist() for c in ("geometry", "lon", "lat"))
    for i, g in enumerate(chunk.geometries):
        if g is None:
            continue
        if geometry[i] is None:
            geometry[i] = g
        if lon[i] is None or lat[i] is None:
            shape = wkt.loads(g)
            point = shape.centroid if shape.geom_type != "Point" else shape
            lon[i], lat[i] = point.x, point.y
    parsed["geometry"] = pa.array(geometry, pa.string())
    parsed["lon"], parsed["lat"] = pa.array(lon, pa.float64()), pa.array(lat, pa.float64())
