"""docs/data-model.md is generated from hatang/model/schema.py and must be current."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from hatang.model.schema import TABLES

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "data-model.md"


def _gen_docs():
    spec = importlib.util.spec_from_file_location("gen_docs", REPO / "scripts" / "gen_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_data_model_doc_is_current():
    expected = _gen_docs().render()
    actual = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    assert actual == expected, (
        "docs/data-model.md is out of date: run `python scripts/gen_docs.py` (make docs)"
    )


def test_every_table_and_column_is_documented():
    text = DOC.read_text(encoding="utf-8")
    for name, table in TABLES.items():
        section = re.search(rf"^## `{re.escape(name)}`\n(.*?)(?=^## |\Z)", text, re.S | re.M)
        assert section, f"table {name} has no section"
        for column in table.column_names:
            assert f"| `{column}` |" in section.group(1), f"{name}.{column} undocumented"


def test_check_mode_detects_a_stale_file(tmp_path, monkeypatch):
    gen = _gen_docs()
    stale = tmp_path / "data-model.md"
    stale.write_text("# old\n", encoding="utf-8")
    monkeypatch.setattr(gen, "TARGET", stale)
    monkeypatch.setattr(gen, "REPO", tmp_path)
    assert gen.main(["--check"]) == 1
    assert gen.main([]) == 0
    assert gen.main(["--check"]) == 0
