"""User-facing text in Vietnamese (default) and English, for every renderer.

One catalogue of labels and sentences, keyed by a short id: the web pages, the CLI's
bilingual lines and the coming reports all look text up here, so a label reads the
same wherever it is shown. The texts live in a gettext catalogue a translator can
edit with any .po editor (hatang/locale/vi/LC_MESSAGES/hatang.po: msgctxt is the key,
msgid the English, msgstr the Vietnamese), read at the first look-up (hatang.catalogue).
Every key has both languages (a test checks it). A sentence may hold `{name}` placeholders
that `message()` fills in.

    t("status_met", "en")                      -> "met"
    message("problem_sharing", "vi", share="30 %")
    both("weighting")                          -> "demand weighting / trọng số nhu cầu"

The web takes the language from `?lang=vi|en` (remembered in a cookie), else the
cookie, else Vietnamese (`pick_lang`).
"""

from __future__ import annotations

from functools import cache

LANGS = ("vi", "en")
DEFAULT = "vi"

#: the catalogue a translator edits: msgctxt = key, msgid = English, msgstr = Vietnamese
CATALOGUE = ("locale", "vi", "LC_MESSAGES", "hatang.po")


def read_catalogue(data: bytes) -> dict[str, tuple[str, str]]:
    """key → (Vietnamese, English) from a gettext .po file (read directly: no build step).

    A message without its Vietnamese (msgstr "") reads as its English, as gettext does;
    tests/web/test_web_language.py fails on it.
    """
    from hatang.catalogue import entries

    return {
        _key(context, english): (vietnamese or english, english)
        for context, english, vietnamese in entries(data)
        if english and context
    }


#: contexts whose entries are looked up by their English: `<prefix>:<English>`
PHRASES = {
    "field-description": "field",
    "reason": "reason",
    "reason-word": "reason-word",
    "indicator-text": "indicator",
}


def _key(context: str, msgid: str) -> str:
    """A label's key is its msgctxt; a phrase of context `field-description` (a field's
    description, `phrase`), `reason` (a sentence shape of the engine's reasons) or
    `reason-word` (a word those fill in; hatang.views.reasons) or `indicator-text` (an
    indicator's definition, numerator, denominator or source; hatang.views.explanation)
    is looked up by its English: `field:<English>`, `reason:<English>`,
    `reason-word:<English>`, `indicator:<English>`."""
    prefix = PHRASES.get(context)
    return f"{prefix}:{msgid}" if prefix else context


def _packaged_catalogue() -> dict[str, tuple[str, str]]:
    from importlib import resources

    return read_catalogue(resources.files("hatang").joinpath(*CATALOGUE).read_bytes())


#: modules whose `words()` add texts declared outside the catalogue, named rather than
#: imported: they read hatang.io.reasons, which reads this module (a provider is a
#: layer above the text it extends, as a plugin is)
WORD_PROVIDERS = ("hatang.register.text",)


def _register_words() -> dict[str, tuple[str, str]]:
    from importlib import import_module

    out: dict[str, tuple[str, str]] = {}
    for name in WORD_PROVIDERS:
        out.update(import_module(name).words())
    return out


@cache
def _text() -> dict[str, tuple[str, str]]:
    """Every text: the catalogue, then the register's names from its declarations
    (states, steps, fix actions, reason codes: hatang.register.text)."""
    text = _packaged_catalogue()
    text.update(_register_words())
    return text


def __getattr__(name: str) -> dict[str, tuple[str, str]]:
    """`TEXT`, key → (Vietnamese, English): read on first use, not when hatang.i18n is
    imported (a command that prints no label need not read the catalogue)."""
    if name == "TEXT":
        return _text()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def pick_lang(*choices: str | None) -> str:
    """The first of `choices` that is a known language, else Vietnamese."""
    for v in choices:
        if v in LANGS:
            return v
    return DEFAULT


def has(key: str) -> bool:
    return key in _text()


def label(prefix: str, code: str, lang: str, *, underscored: bool = False) -> str:
    """A code in words (`prefix + code` in the catalogue: 'sub_kind_' + 'subscriptions'
    → 'thuê bao'); the code itself when the catalogue does not name it, since a stored
    code is still a true answer where `t` would show a key. `underscored`: the key
    spells the code's '-' as '_' ('kind_' + 'new-tower' → kind_new_tower)."""
    key = prefix + (code.replace("-", "_") if underscored else code)
    return t(key, lang) if has(key) else code


def t(key: str, lang: str) -> str:
    """The text of `key` in `lang` (the key itself when unknown, so a gap shows)."""
    pair = _text().get(key)
    if pair is None:
        return key
    return pair[1] if lang == "en" else pair[0]


def phrase(english: str, lang: str) -> str:
    """A published field's description in `lang` (its English when not catalogued)."""
    pair = _text().get(f"field:{english}")
    return english if lang == "en" or pair is None else pair[0]


def message(key: str, lang: str, **params: object) -> str:
    """The text of `key` with its `{name}` placeholders filled from `params`."""
    return fill(t(key, lang), **params)


def fill(text: str, **params: object) -> str:
    """`text` with its `{name}` placeholders filled from `params`."""
    for name, value in params.items():
        text = text.replace("{" + name + "}", str(value))
    return text


def both(key: str, *, first: str = "en") -> str:
    """'english / tiếng Việt' (or Vietnamese first): the CLI writes both languages; a
    text that is the same in both (a unit, a code) once."""
    a, b = t(key, first), t(key, "vi" if first == "en" else "en")
    return a if a == b else f"{a} / {b}"
