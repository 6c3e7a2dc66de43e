"""Every command's summary (the line `hatang --help` lists) and every option's help
say it in Vietnamese as well as English: the province office reads Vietnamese first."""

from __future__ import annotations

import re

import typer.main

from hatang.cli import app
from hatang.cli.helptext import fill

#: a Vietnamese letter; proper names are removed first, so "Nam Định" alone is not enough
VIETNAMESE = re.compile(
    "[àáảãạăắằẳẵặâấầẩẫậđèéẻẽẹêếềểễệìíỉĩịòóỏõọôốồổỗộơớờởỡợùúủũụưứừửữựỳýỷỹỵ]", re.I
)
PROPER_NAMES = ("Nam Định", "Ninh Bình", "Hải Hậu")


def _vietnamese(text: str) -> bool:
    for name in PROPER_NAMES:
        text = text.replace(name, "")
    return bool(VIETNAMESE.search(text))


def _commands(cmd, path=()):
    if hasattr(cmd, "commands"):
        for name, sub in cmd.commands.items():
            yield from _commands(sub, (*path, name))
    else:
        yield " ".join(path), cmd


def test_every_summary_and_option_is_bilingual():
    untranslated = []
    for path, cmd in _commands(typer.main.get_command(app)):
        summary = (cmd.help or "").split("\n\n")[0]
        if not _vietnamese(summary):
            untranslated.append(f"{path}: {summary!r}")
        for p in cmd.params:
            text = fill(getattr(p, "help", None) or "") or ""
            if text and not _vietnamese(text):
                untranslated.append(f"{path} {p.name}: {text!r}")
    assert not untranslated, "\n".join(untranslated)


def test_the_test_sees_an_english_only_summary():
    assert not _vietnamese("Build the synthetic demo province (old Nam Định, real map).")
    assert _vietnamese("Build the demo / tạo tỉnh mô phỏng")
