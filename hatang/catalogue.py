"""gettext catalogues (.po) read without Babel where they can be.

hatang's catalogues (hatang/locale/vi/LC_MESSAGES/) are read at every start of the
CLI; Babel's reader costs the start-up its import (a twentieth of a second on 2 cores)
for files that use a small part of the format. `entries` reads that part by hand and
hands anything else to Babel; tests/cli/test_cli_clicktext.py holds the two readers
to the same messages on both catalogues.
"""

from __future__ import annotations

import io
import re


def entries(data: bytes) -> list[tuple[str | None, str, str]]:
    """(msgctxt, msgid, msgstr) of each entry, the header's (msgid "") included."""
    try:
        return light(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):  # more of gettext's format than read here
        return by_babel(data)


def by_babel(data: bytes) -> list[tuple[str | None, str, str]]:
    from babel.messages.pofile import read_po

    return [(m.context, str(m.id), str(m.string)) for m in read_po(io.BytesIO(data), locale="vi")]


_ESCAPE = re.compile(r"\\(.)")
_ESCAPES = {"\\": "\\", '"': '"', "n": "\n", "t": "\t", "r": "\r"}


def light(text: str) -> list[tuple[str | None, str, str]]:
    """(msgctxt, msgid, msgstr) of a catalogue written as hatang's are — comments,
    flags, msgctxt, msgid and msgstr, a string continued on the lines after it;
    ValueError for anything else (fuzzy entries, plurals, obsolete entries)."""
    entries: list[dict[str, str]] = []
    last = ""
    for line in (ln.strip() for ln in text.splitlines()):
        if not line or line.startswith("#") and not _unread_comment(line):
            continue
        keyword, _, rest = line.partition(" ") if not line.startswith('"') else ("", "", line)
        if keyword:
            if keyword not in ("msgctxt", "msgid", "msgstr"):
                raise ValueError(line)
            if not entries or "msgstr" in entries[-1] and keyword != "msgstr":
                entries.append({})
            if keyword in entries[-1]:
                raise ValueError(line)
            entries[-1][keyword], last = "", keyword
        elif not entries or not last:
            raise ValueError(line)
        entries[-1][last] += _unquote(rest)
    return [(e.get("msgctxt"), e.get("msgid", ""), e.get("msgstr", "")) for e in entries]


def _unread_comment(line: str) -> bool:
    """An obsolete entry (#~), a previous msgid (#|) or a fuzzy flag: Babel's to read."""
    return line.startswith(("#~", "#|")) or line.startswith("#,") and "fuzzy" in line


def _unquote(text: str) -> str:
    if len(text) < 2 or text[0] != '"' or text[-1] != '"':
        raise ValueError(text)

    def escape(m: re.Match[str]) -> str:
        if m[1] not in _ESCAPES:
            raise ValueError(m[0])
        return _ESCAPES[m[1]]

    inner = text[1:-1]
    if re.search(r'(?<!\\)(\\\\)*"', inner):
        raise ValueError(text)  # a quote not escaped
    return _ESCAPE.sub(escape, inner)
