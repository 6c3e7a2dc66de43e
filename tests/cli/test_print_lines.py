"""`output.print_lines` writes what rich's console writes, and skips rich only where
rich would write the text unchanged (no terminal, no markup or emoji codes, each line
within the width): around the width, with markup, wide or combining characters and
forced colour, the output is rich's."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from hatang.cli import output

NOOP = "Đã tính / computed: 0 indicators, 0 values in 0,1 s; không đổi / unchanged, skipped: 66"
TEXTS = [
    NOOP,
    output.SYNTHETIC,
    "two lines / hai dòng\nthe second: Đường, Ưu, ơ, ư",
    "a [bold]markup[/bold] word",
    "an emoji :smile: code",
    "wide 漢字 characters",
    "combining e\u0301 accent",
    "tab\tinside",
    "trailing space ",
    "",
]


def _both(capsys, text: str, markup: str | None = None) -> tuple[str, str]:
    output.console().print(text if markup is None else markup)
    rich = capsys.readouterr().out
    output.print_lines(text, markup)
    return rich, capsys.readouterr().out


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("columns", ["20", "79", "80", "87", "88", "100", None])
def test_what_rich_writes(capsys, monkeypatch, text, columns):
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    rich, plain = _both(capsys, text)
    assert plain == rich


def test_markup_for_rich_and_its_text_for_stdout(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    styled = f"[bold magenta]{output.SYNTHETIC}[/bold magenta]"
    rich, plain = _both(capsys, output.SYNTHETIC, styled)
    assert plain == rich == output.SYNTHETIC + "\n"


def test_rich_is_skipped_only_where_it_adds_nothing(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    assert len(NOOP) == 87
    assert output.plain_fits(NOOP) and output.plain_fits(output.SYNTHETIC)
    monkeypatch.setenv("COLUMNS", "86")
    assert not output.plain_fits(NOOP)  # rich wraps it
    monkeypatch.setenv("COLUMNS", "100")
    for text in TEXTS[3:8]:
        assert not output.plain_fits(text), text
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich colours (and highlights) it
    assert not output.plain_fits(output.SYNTHETIC)


def test_one_cell_characters_are_one_cell_for_rich():
    chars = [chr(i) for i in range(0x20, 0x2000) if output._ONE_CELL.fullmatch(chr(i))]
    assert len(chars) > 900 and "Đ" in chars and "ữ" in chars
    assert {c for c in chars if cell_len(c) != 1} == set()
