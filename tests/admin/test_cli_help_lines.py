"""`hatang --help` lists every command on whole lines: no docstring hard wrap in the
first paragraph of a command's help (the part shown in the command list)."""

from __future__ import annotations

import typer.main

from hatang.cli import _one_line_summary, app


def _commands(group, prefix=""):
    for name, cmd in group.commands.items():
        yield prefix + name, cmd
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, prefix + name + " ")


def test_first_paragraph_is_one_line():
    cli = typer.main.get_command(app)
    wrapped = [
        name for name, cmd in _commands(cli) if "\n" in (cmd.help or "").strip().split("\n\n")[0]
    ]
    assert wrapped == []


def test_later_paragraphs_keep_their_lines():
    text = "First line\n    wrapped here.\n\n    KIND is one of:\n\n    units: the units\n    more"
    assert _one_line_summary(text) == (
        "First line wrapped here.\n\nKIND is one of:\n\nunits: the units\nmore"
    )
    assert _one_line_summary(None) is None
