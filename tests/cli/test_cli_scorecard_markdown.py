"""`scorecard --format markdown` says what the text table says, in the reader's language:
units of measure and statuses in words (`trên 100 dân`, `không đạt`), not the codes the
JSON keeps (`per 100`, `missed`)."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from hatang import i18n
from hatang.cli import app
from hatang.views import format as fmt_


@pytest.fixture(scope="module")
def root(demo_workspace, tmp_path_factory):
    root = tmp_path_factory.mktemp("markdown") / "ws"
    shutil.copytree(demo_workspace.root, root, ignore=shutil.ignore_patterns(".hatang.lock*"))
    return root


def _run(root, lang: str, *args: str) -> str:
    env = {"HATANG_LANG": lang, "COLUMNS": "300"}
    result = CliRunner().invoke(app, ["scorecard", *args, "-w", str(root)], env=env)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_markdown_says_units_and_statuses_in_the_tables_words(root, lang):
    rows = json.loads(_run(root, lang, "--format", "json"))["rows"]
    table = _run(root, lang)
    lines = [ln for ln in _run(root, lang, "--format", "markdown").splitlines() if ln]
    header = [c.strip() for c in lines[1].strip("|").split("|")]
    assert header[1] == i18n.t("indicator", lang) and header[6] == i18n.t("status", lang)
    cells = [[c.strip() for c in ln.strip("|").split("|")] for ln in lines[3:]]
    assert len(cells) == len(rows) == 14
    units = {r["unit"] for r in rows}
    assert {"per 100", "per adult"} <= units  # the demo's plan has both
    for row, cell in zip(rows, cells, strict=True):
        assert cell[0] == str(row["target_no"])
        assert cell[1] == (row["name_en"] if lang == "en" else row["name_vi"])
        words = fmt_.unit(row["unit"], lang)
        value = cell[4].removesuffix(" ⚠")
        assert value.endswith(f" {words}"), (value, words)
        assert words in table
        status = i18n.t(f"status_{row['status']}", lang)
        assert cell[6] == status and status in table
        if lang == "vi":
            assert row["unit"] not in cell[4] or row["unit"] in ("%", "Mbit/s")
            assert row["status"] not in cell[6]
