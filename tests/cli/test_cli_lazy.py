"""`hatang CMD` builds the app with CMD's own module only (`hatang.cli.app_for`): the
map from command to module is what the modules register, and a command reads the same
from that app as from the app with every command."""

from __future__ import annotations

import importlib
import sys
import types
from pathlib import Path

import pytest
import typer
from typer.main import get_command_name
from typer.testing import CliRunner

from hatang import cli
from hatang.cli import clicktext


def _names(module: str) -> set[str]:
    app = typer.Typer()
    importlib.import_module(f"hatang.cli.{module}").register(app)
    commands = {c.name or get_command_name(c.callback.__name__) for c in app.registered_commands}
    groups = {g.name or g.typer_instance.info.name for g in app.registered_groups}
    return commands | groups


def test_the_map_is_what_the_modules_register():
    registered = {name: m for m in cli._MODULES for name in _names(m)}
    assert registered == cli.COMMANDS


def test_a_command_is_built_alone():
    app = cli.app_for(["compute", "--json"])
    assert [c.callback.__name__ for c in app.registered_commands] == ["compute_cmd"]
    assert app.registered_groups == []
    assert [g.name for g in cli.app_for(["plan", "add"]).registered_groups] == ["plan"]
    assert set(cli.group_for(["import"]).commands) == {"import"}  # a group, even of one
    assert cli.app_for(["--help"]) is cli.full_app()
    assert cli.app_for([]) is cli.full_app()
    assert cli.app_for(["comptue"]) is cli.full_app()


@pytest.mark.parametrize(
    "args",
    [
        ["compute", "--help"],
        ["plan", "--help"],
        ["plan", "add", "--help"],
        ["plan", "ad"],
        ["status", "--help"],
        ["import", "--help"],
        ["report", "--help"],
        ["token", "--help"],
        ["compute", "--bogus"],
        ["compute", "extra"],
        ["scorecard", "--format"],
        ["explain"],
        ["comptue"],
    ],
)
def test_a_command_reads_the_same_as_from_every_command(args, monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "100")
    clicktext.install()  # as main() does
    every = CliRunner().invoke(cli.full_app(), args, prog_name="hatang")
    monkeypatch.setattr(sys, "argv", ["hatang", *args])
    # as the `hatang` console script runs: click names the program from `__main__`,
    # which under `python -m pytest` is pytest's package ('python -m pytest.hatang')
    monkeypatch.setitem(sys.modules, "__main__", types.ModuleType("__main__"))
    with pytest.raises(SystemExit) as done:
        cli.main()
    out, err = capsys.readouterr()
    assert (done.value.code, out + err) == (every.exit_code, every.output)
    assert every.output


def test_command_modules_annotate_with_objects():
    """Typer reads every command's signature; string annotations (`from __future__ import
    annotations`) it compiles and evaluates, which doubled the time to build the commands."""
    for name in cli._MODULES:
        source = Path(importlib.import_module(f"hatang.cli.{name}").__file__).read_text()
        assert "from __future__ import annotations" not in source, name
