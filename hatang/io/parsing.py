"""Parsing one cell by its declared column's type: the exact rules, applied value by
value (hatang.io.columns applies them to whole columns, and falls back to these for
every value it does not recognise)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from hatang.io import values as V
from hatang.io.reasons import reason
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


def cell_parser(table: Table, col: Column, hint: str | None = None) -> Callable[[Any], Any]:
    """The function turning one raw cell of `col` into its typed value (`hint`: the
    decimal separator the column's values prove, see values.decimal_hint)."""
    if col.type in ("int", "float"):
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


NOT_QUADKEY = reason("not_quadkey")


def _quadkey(v: Any) -> str | None:
    """A Bing Maps quadkey: digits 0–3 (an Excel number keeps them; zoom ≤ 23)."""
    text = V.code_text(v)
    if text is not None and not re.fullmatch(r"[0-3]{1,23}", text):
        raise ValueError(NOT_QUADKEY)
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
