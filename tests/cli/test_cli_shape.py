"""The CLI is a thin shell: every command is a top-level function (not nested in a
`register()`), and a command's body is short — the median at most 12 lines (parse →
one library or view call → render). Measured on the source with `ast`."""

from __future__ import annotations

import ast
import inspect
import statistics
import textwrap

import typer.main

from hatang.cli import app


def _callbacks():
    def walk(t: typer.Typer):
        for info in t.registered_commands:
            yield info.callback
        for group in t.registered_groups:
            yield from walk(group.typer_instance)

    return [cb for cb in walk(app) if cb is not None]


def body_lines(fn) -> int:
    """Lines of the function's body, its docstring left out."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
    node = tree.body[0]
    assert isinstance(node, ast.FunctionDef)
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    return body[-1].end_lineno - body[0].lineno + 1


def test_commands_are_top_level_functions():
    callbacks = _callbacks()
    assert len(callbacks) >= 20
    nested = [cb.__qualname__ for cb in callbacks if "<locals>" in cb.__qualname__]
    assert nested == []
    for cb in callbacks:
        assert inspect.getmodule(cb).__name__.startswith("hatang.cli."), cb


def test_median_command_body_is_short():
    lengths = {cb.__name__: body_lines(cb) for cb in _callbacks()}
    assert statistics.median(lengths.values()) <= 12, sorted(lengths.items(), key=lambda x: -x[1])
    assert max(lengths.values()) <= 20, lengths


def test_body_lines_counts_statements_not_docstrings():
    def f(x):
        """Doc.

        More doc.
        """
        y = x + 1
        return y

    assert body_lines(f) == 2


def test_every_command_is_reachable():
    cli = typer.main.get_command(app)
    names = set(cli.commands)
    assert {"import", "compute", "scorecard", "deadspots", "plan-sites", "serve"} <= names
