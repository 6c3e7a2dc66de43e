"""hatang's plain conversion of option values (`hatang.cli.coercion`) gives what Typer's
pydantic adapter gives: the same value of the same type, or the same error, for every
kind of parameter the CLI declares and for values written plainly or not."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import pytest
import typer
import typer.core
from typer._click.exceptions import BadParameter
from typer.main import get_command

from hatang.cli import coercion

VALUES = [
    "",
    "0",
    "-0",
    "7",
    "-12",
    "007",
    "+3",
    " 5",
    "5 ",
    "1_000",
    "1e3",
    "2.5",
    "-0.25",
    "0.1",
    "3.",
    ".5",
    "1.0",
    "nan",
    "inf",
    "yes",
    "no",
    "true",
    "False",
    "abc",
    "Ninh Bình",
    "a/b.csv",
    "12345678901234567890",
    True,
    False,
    3,
    2.5,
    Path("x.csv"),
    ["1", "2"],
    ("a",),
]


def _app(tmp: Path) -> typer.Typer:
    app = typer.Typer()

    @app.command()
    def cmd(
        s: Annotated[str | None, typer.Option()] = None,
        b: Annotated[bool, typer.Option()] = False,
        i: Annotated[int | None, typer.Option()] = None,
        bounded: Annotated[int, typer.Option(max=3)] = 1,
        f: Annotated[float | None, typer.Option()] = None,
        p: Annotated[Path | None, typer.Option()] = None,
        e: Annotated[Path | None, typer.Option(exists=True)] = None,
        ls: Annotated[list[str] | None, typer.Option()] = None,
        lp: Annotated[list[Path] | None, typer.Option()] = None,
    ) -> None:
        pass

    @app.command()
    def other() -> None:
        pass

    return app


def _outcome(runtime, value, param, ctx):
    try:
        got = runtime.coerce(value, param=param, ctx=ctx)
    except BadParameter as e:
        return ("error", e.format_message())
    items = got if isinstance(got, list) else [got]
    return ("value", type(got), [(type(v), repr(v)) for v in items])


@pytest.mark.parametrize("name", ["s", "b", "i", "bounded", "f", "p", "e", "ls", "lp"])
def test_plain_conversion_matches_typers_adapter(name, tmp_path):
    coercion.install()
    original = typer.core.build_runtime_param.__wrapped__
    group = get_command(_app(tmp_path))
    command = group.commands["cmd"]
    (param,) = [p for p in command.params if p.name == name]
    ctx = command.make_context("cmd", [])
    ours = typer.core.build_runtime_param(param.type_descriptor)
    theirs = original(param.type_descriptor)
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "b.csv").write_text("x")
    here = os.getcwd()
    os.chdir(tmp_path)
    try:
        for value in VALUES:
            assert _outcome(ours, value, param, ctx) == _outcome(theirs, value, param, ctx), value
    finally:
        os.chdir(here)


def test_plain_types_skip_pydantic():
    coercion.install()
    from typer._coercion import AdapterRuntimeParam

    app = _app(Path("."))
    command = get_command(app).commands["cmd"]
    kinds = {
        p.name: isinstance(typer.core.build_runtime_param(p.type_descriptor), AdapterRuntimeParam)
        for p in command.params
        if hasattr(p, "type_descriptor")
    }
    # only the bounded number goes to Typer's adapter up front
    assert kinds == {k: k == "bounded" for k in kinds}
