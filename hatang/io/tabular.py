"""The schema-driven importer: any declared table from CSV, XLSX, Parquet or GeoJSON.

Steps: read the grid, find the header, parse every cell by its column's type, resolve
the period, then check required values, ranges, allowed values, coordinates,
references and duplicate keys. Every problem is collected; nothing is written here.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from typing import Any

import pandas as pd

from hatang.errors import ImportFailed, Problem
from hatang.io import values as V
from hatang.io.base import Context, Prepared
from hatang.io.header import HeaderMatch, accepted_names, find_header, header_from_names
from hatang.io.sources import Grid, read_any
from hatang.model.operators import operator_code, technology_code
from hatang.model.periods import map_for_period, parse_period, period_of
from hatang.model.schema import Column, Table

#: pandas dtype of each logical type in the frames handed to the store
DTYPES = {"int": "Int64", "float": "float64", "bool": "boolean"}


def input_columns(table: Table) -> list[Column]:
    return [c for c in table.columns if c.name != "import_id"]


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
                )
            )
    if problems:
        missing = ", ".join(str(p.column) for p in problems)
        raise ImportFailed(
            f"{ctx.file}: missing required column(s): {missing} / thiếu cột bắt buộc", problems
        )
    return match


# ---- parsing cells ----------------------------------------------------------------------


def cell_parser(table: Table, col: Column, raw: list[Any]) -> Callable[[Any], Any]:
    """The function turning one raw cell of `col` into its typed value."""
    if col.type in ("int", "float"):
        hint = V.decimal_hint(raw) if col.type == "float" else None
        integer = col.type == "int"
        return lambda v: V.parse_number(v, integer=integer, decimal=hint)
    if col.type == "bool":
        return V.parse_bool
    if col.type == "date":
        return V.parse_date
    if col.type == "timestamp":
        return V.parse_datetime
    if col.type == "period":
        return lambda v: None if V.is_empty(v) else parse_period(V.as_text(v) or "")
    if col.type == "code":
        return V.code_text
    if col.name == "operator":
        return _operator_parser(table)
    if col.name == "owner":
        return _owner
    if col.name == "technology":
        return lambda v: None if V.is_empty(v) else technology_code(V.as_text(v) or "")
    if col.allowed:
        aliases = V.VALUE_ALIASES.get((table.name, col.name))
        return lambda v: (
            None if V.is_empty(v) else V.allowed_value(V.as_text(v) or "", col.allowed, aliases)
        )
    return V.as_text


def _operator_parser(table: Table) -> Callable[[Any], Any]:
    fixed_ok = table.name == "speed_tests"

    def parse(v: Any) -> str | None:
        text = V.as_text(v)
        if text is None:
            return None
        try:
            return operator_code(text)
        except ValueError:
            if fixed_ok and V.name_key(text).replace("-", " ") in V.FIXED_ISPS:
                return "fixed-other"
            raise

    return parse


def _owner(v: Any) -> str | None:
    """An operator's name becomes its code; a tower company's name is kept."""
    text = V.as_text(v)
    if text is None:
        return None
    try:
        return operator_code(text)
    except ValueError:
        return text


def _cached(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Memoise a parser over hashable raw values (operators, periods, codes repeat)."""
    cache: dict[Any, tuple[bool, Any]] = {}

    def run(v: Any) -> Any:
        try:
            hit = cache.get(v)
        except TypeError:
            return parse(v)
        if hit is None:
            try:
                hit = (True, parse(v))
            except ValueError as e:
                hit = (False, e)
            cache[v] = hit
        if hit[0]:
            return hit[1]
        raise hit[1]

    return run


class Rows:
    """The data rows of a grid under a matched header, and the problems found in them."""

    def __init__(self, grid: Grid, match: HeaderMatch, ctx: Context):
        self.ctx = ctx
        self.grid = grid
        self.match = match
        self.data = grid.rows[match.data_start :]
        self.numbers = grid.row_numbers[match.data_start :]
        self.problems: dict[int, list[Problem]] = defaultdict(list)
        for i, reason in grid.row_problems.items():
            self.add(i - match.data_start, "geometry", None, reason)

    def __len__(self) -> int:
        return len(self.data)

    def raw(self, name: str) -> list[Any]:
        pos = self.match.positions.get(name)
        if pos is None:
            return [None] * len(self.data)
        return [row[pos] if pos < len(row) else None for row in self.data]

    def add(self, i: int, column: str | None, value: Any, reason: str) -> None:
        shown = (
            V.as_text(value)
            if not isinstance(value, int | float) or isinstance(value, bool)
            else value
        )
        self.problems[i].append(Problem(self.ctx.file, self.numbers[i], column, shown, reason))

    def parse(self, table: Table, col: Column) -> list[Any]:
        raw = self.raw(col.name)
        parse = cell_parser(table, col, raw)
        if col.type not in ("float", "int"):
            parse = _cached(parse)
        out: list[Any] = []
        for i, v in enumerate(raw):
            try:
                out.append(parse(v))
            except ValueError as e:
                out.append(None)
                self.add(i, col.name, v, str(e))
        return out

    def all_problems(self) -> list[Problem]:
        return [p for i in sorted(self.problems) for p in self.problems[i]]

    def bad_rows(self) -> dict[int, list[Any]]:
        return {self.numbers[i]: list(self.data[i]) for i in sorted(self.problems)}


# ---- the generic importer ---------------------------------------------------------------


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
        and table.name != "speed_tests"
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


def resolve_period(table: Table, rows: Rows, parsed: dict[str, list[Any]], ctx: Context) -> None:
    if not table.temporal:
        return
    periods = parsed["period"]
    for i, p in enumerate(periods):
        if p is None:
            if ctx.period is not None:
                periods[i] = ctx.period
            elif table.name == "speed_tests" and parsed["time"][i] is not None:
                periods[i] = period_of(parsed["time"][i])
        elif ctx.period is not None and p != ctx.period:
            rows.add(i, "period", p, f"period clash: the file says {p}, --period says {ctx.period}")


def check_values(table: Table, rows: Rows, parsed: dict[str, list[Any]], ctx: Context) -> None:
    """Required values present; numbers inside their declared range."""
    failed_cells = {(i, p.column) for i, ps in rows.problems.items() for p in ps}
    failed_cells |= {(i, "lat") for i, c in failed_cells if c == "lon"}
    for col in input_columns(table):
        vals = parsed[col.name]
        for i, v in enumerate(vals):
            if v is None or (i, col.name) in failed_cells:
                if v is None and col.required and (i, col.name) not in failed_cells:
                    rows.add(i, col.name, None, "missing value (required) / thiếu giá trị")
                continue
            if col.min is not None and v < col.min:
                reason = (
                    "negative count"
                    if col.min == 0 and col.type == "int"
                    else f"below the minimum {col.min:g}{col.unit and ' ' + col.unit}"
                )
                rows.add(i, col.name, v, reason)
            elif col.max is not None and v > col.max:
                rows.add(
                    i, col.name, v, f"above the maximum {col.max:g}{col.unit and ' ' + col.unit}"
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
            )
        else:
            rows.add(
                i,
                "lon",
                f"{lon}, {lat}",
                f"outside the province's extent ({shown}) / nằm ngoài tỉnh",
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
                map_ = map_for_period(period) if period else None
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
                    )
                else:
                    where = f"on the {map_} map (in force in {period})" if map_ else "on any map"
                    rows.add(i, col.name, v, f"unknown unit code {where} / mã đơn vị không tồn tại")
            elif ref_table == "sites" and period is not None:
                if v not in ctx.site_ids(period):
                    rows.add(
                        i,
                        col.name,
                        v,
                        f"unknown site: no site {v!r} in {period} (import the sites of {period} first)",
                    )


def _restore_unit_codes(
    rows: Rows, parsed: dict[str, list[Any]], store: dict[str, set[str]]
) -> None:
    codes, levels = parsed["code"], parsed["level"]
    for i, (c, lvl) in enumerate(zip(codes, levels, strict=True)):
        if c is not None:
            codes[i] = V.restore_code(
                c, width=V.CODE_WIDTH.get(lvl or ""), commune_like=lvl != "village"
            )
    in_file = {c for c in codes if c is not None}
    known = in_file.union(*store.values())
    parsed["parent_code"] = [
        None if p is None else V.restore_code(p, known=known) for p in parsed["parent_code"]
    ]


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
                i, key_cols[-1], key[-1], f"duplicate key ({shown}): also on row {rows.numbers[j]}"
            )
            if not any(p.reason.startswith("duplicate key") for p in rows.problems.get(j, [])):
                rows.add(
                    j,
                    key_cols[-1],
                    key[-1],
                    f"duplicate key ({shown}): also on row {rows.numbers[i]}",
                )
        else:
            first[key] = i


def _show(v: Any) -> str:
    if isinstance(v, dt.date | dt.datetime):
        return v.isoformat()
    return str(v)
