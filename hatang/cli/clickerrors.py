"""Typer's and its Click's error messages ("Missing option", "No such option", "Invalid
value", "Got unexpected extra argument(s)") in both languages, as the CLI's other words.

Click writes these texts as plain f-strings (not through `gettext`), so they cannot be
looked up before they are written. hatang keeps each one as a pattern in the gettext
catalogue (hatang/locale/vi/LC_MESSAGES/click.po, msgctxt `click-error`: msgid Click's
English with `{placeholders}` where it writes a value, msgstr the Vietnamese), and the
CLI's group (`Group`, the `cls` of the `hatang` app) gives every usage error it sees the
message "English / Vietnamese". A placeholder named `reason` or `label` holds a text that
is itself catalogued (the reason a value is invalid, "file"/"dir"/"path"); every other
keeps what the user typed. A message no pattern matches stays as Click wrote it. The exit
code stays Click's 2 for a usage error (hatang's own errors exit 1).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from typer.core import TyperGroup

CONTEXT = "click-error"

#: the placeholders whose text is itself translated
TRANSLATED = ("reason", "label")

_FIELD = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Pattern:
    english: str
    vietnamese: str
    regex: re.Pattern[str]


def compile_pattern(english: str, vietnamese: str) -> Pattern:
    """'Missing option {hint}.' → a regex with a group per placeholder."""
    parts = _FIELD.split(english)
    regex = "".join(f"(?P<{p}>.+?)" if i % 2 else re.escape(p) for i, p in enumerate(parts))
    return Pattern(english, vietnamese, re.compile(regex, re.DOTALL))


def read_patterns(data: bytes) -> tuple[Pattern, ...]:
    """The catalogue's `click-error` entries, in the order they are written (the more
    specific first: 'No such option: {name} (Possible options: {options})' before
    'No such option: {name}')."""
    from babel.messages.pofile import read_po

    return tuple(
        compile_pattern(str(m.id), str(m.string))
        for m in read_po(io.BytesIO(data), locale="vi")
        if m.id and m.string and m.context == CONTEXT
    )


@cache
def patterns() -> tuple[Pattern, ...]:
    from importlib import resources

    from hatang.cli.clicktext import CATALOGUE

    return read_patterns(resources.files("hatang").joinpath(*CATALOGUE).read_bytes())


def vietnamese(message: str) -> str | None:
    """The Vietnamese of one of Click's messages; None when no pattern matches."""
    for p in patterns():
        m = p.regex.fullmatch(message)
        if m:
            values = {k: _inner(k, v) for k, v in m.groupdict().items()}
            return p.vietnamese.format(**values)
    return None


def _inner(name: str, value: str) -> str:
    if name not in TRANSLATED:
        return value
    return vietnamese(value) or value


def both(message: str) -> str:
    """'English / Vietnamese' (the message as it is when no pattern matches)."""
    vi = vietnamese(message)
    return message if vi is None or vi == message else f"{message} / {vi}"


def translate(error: Exception) -> None:
    """Give a usage error its message in both languages (once; not the help Click shows
    for a group called without a command)."""
    if type(error).__name__ == "NoArgsIsHelpError" or getattr(error, "_hatang_both", False):
        return
    text = both(error.format_message())  # type: ignore[attr-defined]
    error.format_message = lambda: text  # type: ignore[attr-defined]
    error._hatang_both = True  # type: ignore[attr-defined]


class Group(TyperGroup):
    """The `hatang` command group: a usage error met while parsing the command line (its
    own or a subcommand's) reads in both languages (`translate`)."""

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        from typer._click.exceptions import UsageError

        try:
            return super().make_context(*args, **kwargs)
        except UsageError as e:
            translate(e)
            raise

    def invoke(self, ctx: Any) -> Any:
        from typer._click.exceptions import UsageError

        try:
            return super().invoke(ctx)
        except UsageError as e:
            translate(e)
            raise
