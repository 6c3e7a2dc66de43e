"""Typer's conversion of option values, for the plain types, without pydantic.

Typer (0.29 on) converts every value a command receives through a pydantic
`TypeAdapter` built for its parameter; the first one built imports pydantic, a
twentieth of a second of every command's start-up on 2 cores, to turn a string into
the string, the flag into the flag. `install` hands Typer a converter that does the
same for the values whose conversion is plain — a `str`, a `bool` that already is
one, a whole or decimal number written as digits, a non-empty path, and lists of
these — and hands anything else (another type, a parser, a bound, a value written
otherwise: '1e3', ' 7', 'yes') to Typer's own adapter, built on first need. The
result is the adapter's result (tests/cli/test_cli_coercion.py holds the two to the
same values and the same errors).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args, get_origin

#: a value the plain conversion leaves to Typer's adapter
SLOW = object()

_INT = re.compile(r"-?(?:0|[1-9][0-9]{0,17})")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]{0,14})(?:\.[0-9]{1,15})?")


def _str(value: Any) -> Any:
    return value if type(value) is str else SLOW


def _bool(value: Any) -> Any:
    return value if type(value) is bool else SLOW


def _int(value: Any) -> Any:
    if type(value) is int:
        return value
    return int(value) if type(value) is str and _INT.fullmatch(value) else SLOW


def _float(value: Any) -> Any:
    if type(value) is float:
        return value
    return float(value) if type(value) is str and _FLOAT.fullmatch(value) else SLOW


def _path(info: Any) -> Any:
    from typer._param_types import coerce_cli_path

    def convert(value: Any, param: Any, ctx: Any) -> Any:
        if type(value) is str and value:
            value = Path(value)
        elif not isinstance(value, Path):
            return SLOW
        return coerce_cli_path(value, info, path_type=Path, param=param, ctx=ctx)

    return convert


_PLAIN = {str: _str, bool: _bool, int: _int, float: _float}


def plain_converter(annotation: Any, info: Any) -> Any:
    """`convert(value, param, ctx)` for a plain parameter, else None (Typer's adapter)."""
    if info.parser is not None or getattr(info, "click_type", None) is not None:
        return None
    if get_origin(annotation) is list:
        (item,) = get_args(annotation)
        one = plain_converter(item, info)
        return None if one is None else _each(one)
    if annotation in (int, float) and (info.min is not None or info.max is not None or info.clamp):
        return None
    if annotation in _PLAIN:
        simple = _PLAIN[annotation]
        return lambda value, param, ctx: simple(value)
    if annotation is Path and info.path_type in (None, Path):
        return _path(info)
    return None


def _each(one: Any) -> Any:
    def convert(value: Any, param: Any, ctx: Any) -> Any:
        items = value if isinstance(value, (list, tuple)) else [value]
        out = [one(v, param, ctx) for v in items]
        return SLOW if any(v is SLOW for v in out) else out

    return convert


def _runtime_param_class() -> type:
    from typer._coercion import RuntimeParam, build_runtime_param

    @dataclass(frozen=True)
    class PlainRuntimeParam(RuntimeParam):
        """A plain conversion, Typer's adapter for what it leaves."""

        convert: Any = None
        descriptor: Any = None
        slow: list[Any] = field(default_factory=list)

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            done = self.convert(value, param, ctx)
            if done is not SLOW:
                return done
            if not self.slow:
                self.slow.append(build_runtime_param(self.descriptor))
            return self.slow[0]._coerce_value(value, param=param, ctx=ctx)

    return PlainRuntimeParam


def install() -> None:
    """Give Typer the plain conversion (idempotent)."""
    import typer.core

    original = getattr(typer.core.build_runtime_param, "__wrapped__", None)
    if original is not None:
        return
    original = typer.core.build_runtime_param
    plain_class = _runtime_param_class()

    def build_runtime_param(descriptor: Any) -> Any:
        convert = None
        if descriptor.file_annotation is None:
            convert = plain_converter(descriptor.annotation, descriptor.parameter_info)
        if convert is None:
            return original(descriptor)
        return plain_class(
            parameter_info=descriptor.parameter_info,
            annotation=descriptor.annotation,
            convert=convert,
            descriptor=descriptor,
        )

    build_runtime_param.__wrapped__ = original  # type: ignore[attr-defined]
    typer.core.build_runtime_param = build_runtime_param  # type: ignore[attr-defined]
