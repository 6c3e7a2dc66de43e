"""Typer's own words (the help option, 'Usage:', the panels, a wrong command) read in
Vietnamese as well as English, as the rest of `hatang --help` does; the catalogue is a
gettext file a translator edits (hatang/locale/vi/LC_MESSAGES/click.po)."""

from __future__ import annotations

import inspect
import os
import subprocess
import sys

import pytest
import typer

from hatang import catalogue
from hatang.cli import clickerrors, clicktext


def _hatang(*args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "120", "HATANG_LANG": "vi"}
    return subprocess.run(
        [sys.executable, "-m", "hatang", *args], capture_output=True, text=True, env=env
    )


def test_hatang_help_in_vietnamese():
    out = _hatang("--help").stdout
    assert "Usage / Cách dùng: " in out and "hatang [OPTIONS] COMMAND" in out
    assert "Show this message and exit. / Hiện hướng dẫn này rồi thoát." in out
    assert "Options / Tùy chọn" in out and "Commands / Lệnh" in out


def test_a_command_help_says_defaults_and_required_in_vietnamese():
    out = _hatang("import", "--help").stdout
    assert "Arguments / Đối số" in out and "[required / bắt buộc]" in out
    out = _hatang("scorecard", "--help").stdout
    assert "[default / mặc định: 2025]" in out
    assert "Show this message and exit. / Hiện hướng dẫn này rồi thoát." in out


def test_a_wrong_command_is_told_in_both_languages():
    r = _hatang("no-such-command")
    assert r.returncode == 2
    assert "No such command 'no-such-command'. / Không có lệnh 'no-such-command'." in r.stderr
    assert "Error / Lỗi" in r.stderr


def test_every_catalogued_text_is_one_typer_writes():
    """A Typer upgrade that rewords a text fails here rather than showing English."""
    import typer._click.decorators
    import typer._click.formatting
    import typer.rich_utils

    source = "".join(
        inspect.getsource(m)
        for m in (typer.core, typer.rich_utils, typer._click.decorators, typer._click.formatting)
    )
    missing = [english for english in clicktext.texts() if repr(english)[1:-1] not in source]
    assert missing == []
    assert set(clicktext.RICH_CONSTANTS.values()) <= set(clicktext.texts())


def test_the_catalogue_keeps_placeholders_and_has_every_vietnamese():
    import io

    from babel.messages.pofile import read_po

    from hatang import i18n

    data = i18n.__file__.rsplit("/", 1)[0] + "/locale/vi/LC_MESSAGES/click.po"
    with open(data, "rb") as f:
        catalog = read_po(io.BytesIO(f.read()), locale="vi")
    entries = [m for m in catalog if m.id]
    errors = [m for m in entries if m.context == "click-error"]
    assert len(entries) == len(clicktext.texts()) + len(errors)
    assert len(clicktext.texts()) >= 15 and len(errors) == len(clickerrors.patterns())
    for m in entries:
        assert m.string and m.context in ("click", "click-as-is", "click-error"), m.id
        assert _fields(m.id) == _fields(m.string), m.id


def _fields(text: str) -> set[str]:
    import re

    return set(re.findall(r"\{[^}]*\}", text))


def test_a_text_not_catalogued_stays_as_typer_wrote_it():
    assert clicktext.gettext("Something new.") == "Something new."
    assert clicktext.ngettext("one", "Aborted!", 2) == "Aborted! / Đã hủy!"
    assert typer  # the hook is for Typer


def test_the_catalogue_reads_as_babel_reads_it():
    """Read without Babel at start-up, the catalogue gives what Babel gives; a string
    continued over lines and escapes read alike, and what the light reader does not
    know (a fuzzy entry) is handed to Babel."""
    from importlib import resources

    from hatang import i18n

    def messages(entries):  # (Babel rewrites the header)
        return [e for e in entries if e[1]]

    for name in (clicktext.CATALOGUE, i18n.CATALOGUE):  # Typer's words, hatang's texts
        data = resources.files("hatang").joinpath(*name).read_bytes()
        by_babel = messages(catalogue.by_babel(data))
        assert messages(catalogue.light(data.decode())) == by_babel and len(by_babel) >= 15
    odd = (
        'msgid ""\nmsgstr ""\n"Language: vi\\n"\n\n# a comment\nmsgctxt "click"\n'
        'msgid "A \\"quoted\\" "\n"word\\\\ \\t"\nmsgstr "Một từ"\n'
    ).encode()
    assert messages(catalogue.light(odd.decode())) == messages(catalogue.by_babel(odd))
    assert clicktext.read_catalogue(odd) == {
        'A "quoted" word\\ \t': 'A "quoted" word\\ \t / Một từ'
    }
    flagged = odd.replace(b"# a comment", b"#, fuzzy")
    with pytest.raises(ValueError):
        catalogue.light(flagged.decode())
    assert clicktext.read_catalogue(flagged) == clicktext.read_catalogue(odd)
