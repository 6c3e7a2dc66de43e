"""Parsing the cells of a file by their declared column types; the data rows of a grid
and the problems found in them."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from hatang.errors import Problem
from hatang.io import values as V
from hatang.io.base import Context
from hatang.io.header import HeaderMatch
from hatang.io.sources import Grid
from hatang.model.operators import operator_code, technology_code
from hatang.model.periods import parse_period
from hatang.model.schema import Column, Table


def input_columns(table: Table) -> list[Column]:
    return [c for c in table.columns if c.name != "import_id"]


# ---- parsing cells ----------------------------------------------------------------------


def error_type(col: Column) -> str:
    """The problem type of a value its column's parser refuses: a closed list's value
    that is not on it, else a value not of the column's type."""
    if col.allowed or col.name in ("operator", "technology"):
        return "not-allowed"
    return "type-error"


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
    if col.name == "quadkey":
        return _quadkey
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


def _quadkey(v: Any) -> str | None:
    """A Bing Maps quadkey: digits 0–3 (an Excel number keeps them; zoom ≤ 23)."""
    text = V.code_text(v)
    if text is not None and not re.fullmatch(r"[0-3]{1,23}", text):
        raise ValueError("not a quadkey (1 to 23 digits 0–3)")
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
            self.add(i - match.data_start, "geometry", None, reason, "geometry")

    def __len__(self) -> int:
        return len(self.data)

    def raw(self, name: str) -> list[Any]:
        pos = self.match.positions.get(name)
        if pos is None:
            return [None] * len(self.data)
        return [row[pos] if pos < len(row) else None for row in self.data]

    def add(self, i: int, column: str | None, value: Any, reason: str, type: str) -> None:
        shown = (
            V.as_text(value)
            if not isinstance(value, int | float) or isinstance(value, bool)
            else value
        )
        self.problems[i].append(
            Problem(self.ctx.file, self.numbers[i], column, shown, reason, type)
        )

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
                self.add(i, col.name, v, str(e), getattr(e, "type", None) or error_type(col))
        return out

    def all_problems(self) -> list[Problem]:
        return [p for i in sorted(self.problems) for p in self.problems[i]]

    def bad_rows(self) -> dict[int, list[Any]]:
        return {self.numbers[i]: list(self.data[i]) for i in sorted(self.problems)}
