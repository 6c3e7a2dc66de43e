"""docs/import-formats.md stays true: its column tables are generated from the schema,
every kind has a section and an example file, and `hatang import --help` lists them."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from hatang.cli import app
from hatang.io import IMPORTERS
from hatang.io.docs import (
    REASONS_BEGIN,
    TYPES_BEGIN,
    current,
    example_file,
    generated,
    problem_types,
    reasons,
)
from hatang.io.header import key_index, label_key
from hatang.model.schema import IMPORT_KINDS

DOC = Path(__file__).resolve().parents[2] / "docs" / "import-formats.md"


def test_generated_tables_are_up_to_date():
    assert current(DOC) == generated().strip(), "run: python -m hatang.io.docs"


def test_problem_types_are_documented():
    assert current(DOC, TYPES_BEGIN) == problem_types().strip(), "run: python -m hatang.io.docs"


def test_reasons_are_documented_in_both_languages():
    assert current(DOC, REASONS_BEGIN) == reasons().strip(), "run: python -m hatang.io.docs"


def test_every_kind_is_documented_with_an_example():
    text = DOC.read_text(encoding="utf-8")
    for kind in IMPORTERS:
        assert f"### `{kind}`" in text, f"{kind} is not documented"
        assert (DOC.parent / "examples" / example_file(kind)).is_file(), (
            f"{kind} has no example file"
        )
    assert set(IMPORT_KINDS) <= set(IMPORTERS)


def test_header_names_are_unambiguous():
    """No accepted header names two different columns of one table."""
    for kind, table in IMPORT_KINDS.items():
        owners: dict[str, set[str]] = {}
        for col in table.columns:
            for name in (col.name, *col.aliases):
                owners.setdefault(label_key(name), set()).add(col.name)
        clashes = {k: v for k, v in owners.items() if len(v) > 1}
        assert not clashes, f"{kind}: {clashes}"
        assert len(key_index(table.columns)) == len(owners)


def test_cli_help_lists_every_kind():
    result = CliRunner().invoke(app, ["import", "--help"], terminal_width=200)
    assert result.exit_code == 0
    for kind in IMPORTERS:
        assert kind in result.output
    assert "import-formats.md" in result.output
