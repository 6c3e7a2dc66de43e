"""Help texts that list models or kinds are built from their registries."""

from __future__ import annotations

from typer.testing import CliRunner

from hatang.cli import app
from hatang.cli.helptext import REGISTRIES, fill


def _help(*args: str) -> str:
    r = CliRunner().invoke(app, [*args, "--help"], env={"COLUMNS": "400", "TERM": "dumb"})
    assert r.exit_code == 0, r.output
    return r.output


def test_import_help_lists_every_importer():
    from hatang.io.registry import IMPORTERS

    text = _help("import")
    for kind, imp in IMPORTERS.items():
        assert kind in text and imp.description.split(" / ")[0][:40] in text, kind


def test_pathloss_help_lists_every_model_and_environment():
    from hatang.coverage.propagation import ENVIRONMENTS, MODELS

    text = _help("pathloss")
    assert all(m in text for m in MODELS) and all(e in text for e in ENVIRONMENTS)


def test_compute_help_lists_the_indicators():
    from hatang.indicators import load_catalogue

    text = " ".join(_help("compute").split())
    assert all(i in text for i in load_catalogue())


def test_no_placeholder_is_left_in_any_help():
    import typer.main

    cli = typer.main.get_command(app)
    for name in cli.commands:
        assert "{registry:" not in _help(name), name


def test_fill_knows_every_registry_it_is_given():
    for name in REGISTRIES:
        assert fill("{registry:" + name + "}")
    assert fill("plain text") == "plain text" and fill(None) is None
