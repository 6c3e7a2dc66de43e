"""The reasons behind a status, a mark and a series break, in the reader's language.

The engine states every reason in English from the same few sentences
(`hatang.indicators.status`, `breaks`, `engine`, `scorecards.coverage_text`); the JSON
and CSV keep those words. A page or table in Vietnamese says the same facts in
Vietnamese: each sentence shape below is matched and said again from its English
template with `{named}` placeholders, whose Vietnamese the gettext catalogue holds
(hatang/locale/vi/LC_MESSAGES/hatang.po, msgctxt `reason`; the words filled in — levels,
verdicts, methods — under msgctxt `reason-word`), with its numbers in the Vietnamese
style (1,234.5 → 1.234,5); periods and table names stay as they are. A sentence of no
known shape is shown as it is (tests/views/test_reasons.py fails on the shapes the
engine writes, and on a template or word the catalogue does not translate).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from hatang import i18n

NUM = r"-?[\d,]+(?:\.\d+)?"
GOAL = rf"(?:>=|<=|==|>|<) {NUM}"
PERIOD = r"\d{4}(?:Q[1-4])?"
#: the words a reason fills in, each translated in the catalogue (msgctxt reason-word)
LEVELS = ("commune", "district", "village", "province")
SIDES = ("re-expressed from the other map", "reported")
VERDICTS = ("meets", "misses", "straddles")
SAMPLES = ("responses", "tests")
#: what a value measures (`breaks.source`: the method without its boundary part)
METHODS = (
    "count",
    "direct",
    "median-tests",
    "ookla-tiles-mean",
    "survey-weighted",
    "median-of-cases",
)
WORDS = (*LEVELS, *SIDES, *VERDICTS, *SAMPLES, *METHODS)


def word(english: str, among: tuple[str, ...]) -> str:
    """A word of a reason, one of `among`, in Vietnamese (catalogue `reason-word`); as it
    is when it is none of them."""
    key = f"reason-word:{english}"
    return i18n.t(key, "vi") if english in among and i18n.has(key) else english


def say(template: str, **params: object) -> str:
    """The Vietnamese of the English `template` (catalogue `reason`), filled from
    `params`; the English filled in when the catalogue lacks it."""
    key = f"reason:{template}"
    if not i18n.has(key):
        return i18n.fill(template, **params)
    return i18n.message(key, "vi", **params)


def _methods(text: str) -> str:
    return "; ".join(word(p.strip(), METHODS) for p in text.split(";"))


def vi_number(text: str) -> str:
    """'1,234.5' → '1.234,5' in every number of `text` (years and periods unchanged)."""
    return re.sub(NUM, lambda m: m.group(0).translate(str.maketrans(",.", ".,")), text)


Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]
#: every English template a rule says in Vietnamese (the catalogue has each)
TEMPLATES: list[str] = []


def _rule(pattern: str, render: Callable[[re.Match[str]], str], *templates: str) -> Rule:
    TEMPLATES.extend(t for t in templates if t not in TEMPLATES)
    return re.compile(f"^{pattern}$"), render


SAID_T = "{v} in {p} meets {goal}"
CI_T = "95 % interval {a}–{b}"
TEMPLATES.extend((SAID_T, CI_T))


def _said(m: re.Match[str]) -> str:
    return say(SAID_T, v=vi_number(m["v"]), p=m["p"], goal=vi_number(m["goal"]))


def _ci(m: re.Match[str]) -> str:
    return say(CI_T, a=vi_number(m["a"]), b=vi_number(m["b"]))


def _numbers(m: re.Match[str], *names: str) -> dict[str, str]:
    """The groups `names` of `m` with their numbers in the Vietnamese style."""
    return {n: vi_number(m[n]) for n in names}


SAID = rf"(?P<v>{NUM}) in (?P<p>{PERIOD}) meets (?P<goal>{GOAL})"
CI = rf"95 % interval (?P<a>{NUM})–(?P<b>{NUM})"
PROJ = rf"projected (?P<v>{NUM}) by end of (?P<d>{PERIOD}) from (?P<n>\d+) periods"
COVER = rf"(?P<n>[\d,]+) of (?P<m>[\d,]+) (?P<lvl>\w+)s(?: \((?P<s>{NUM}) % of the people\))?"

_CLEARS = "{said} ({ci} clears it)"
_MARGIN = "{said}, within the margin of error ({ci})"
_NOT_CLEAR = "{said} but the {ci} does not clear it"
_MISSES = "{v} in {p} misses {goal}"
_DEADLINE = "deadline {d} reached: {rest}"
_STALE = "latest value {v} is from {p}, not {q}"
_STALE_WHY = "latest value {v} is from {p}, not {q} ({why})"
_PARTIAL = "partial: {cover} in {p}; {v} from those"
_COVER = "{n} of {m} {level}s"
_COVER_SHARE = "{n} of {m} {level}s ({share} % of the people)"
_SAMPLE = "{n} {kind} in {p}"
_SAMPLE_LEAST = "{n} {kind} in {p} (at least {least} needed)"
_ONE = "only one period with a value ({p}: {v}) — no trend to project"
_TWO = (
    "projected {v} by end of {d} from {n} periods (2 points, no uncertainty band) {verdict} {goal}"
)
_BAND = "projected {v} by end of {d} from {n} periods, 95 % band {a}–{b} {verdict} {goal}"
_NO_VALUE = "no value in any period"
_NO_VALUE_FOR = "no value for {p}"
_NO_DATA_UNIT = "no {table} data for this unit in {p}"
_NO_DATA = "no {table} data for {p}"
_NOT_PER_COMMUNE = "not computed per commune: this indicator has values at {levels} level only"
_NOT_COMPUTED = "no values computed for this unit (run `hatang compute`)"
#: a commune value the engine withholds (hatang.indicators.engine.NOT_TOLD_APART)
_NOT_TOLD_APART = (
    "not told apart by location: this 2024 commune shares its approximate place with the "
    "others merged into the same 2025 commune (see the district)"
)
_METHOD = "method {a} → {b}"
_MAP = "map change: {a} → {b}"


def _stale(m: re.Match[str]) -> str:
    params = {"v": vi_number(m["v"]), "p": m["p"], "q": m["q"]}
    if m["why"]:
        return say(_STALE_WHY, **params, why=translate(m["why"], "vi"))
    return say(_STALE, **params)


def _cover(m: re.Match[str]) -> str:
    params = {**_numbers(m, "n", "m"), "level": word(m["lvl"], LEVELS)}
    if m["s"]:
        return say(_COVER_SHARE, **params, share=vi_number(m["s"]))
    return say(_COVER, **params)


def _sample(m: re.Match[str]) -> str:
    params = {"n": vi_number(m["n"]), "kind": word(m["kind"], SAMPLES), "p": m["p"]}
    if m["least"]:
        return say(_SAMPLE_LEAST, **params, least=vi_number(m["least"]))
    return say(_SAMPLE, **params)


def _projected(template: str) -> Callable[[re.Match[str]], str]:
    def render(m: re.Match[str]) -> str:
        bounds = _numbers(m, "a", "b") if "{a}" in template else {}
        return say(
            template,
            v=vi_number(m["v"]),
            d=m["d"],
            n=m["n"],
            verdict=word(m["verdict"], VERDICTS),
            goal=vi_number(m["goal"]),
            **bounds,
        )

    return render


RULES: tuple[Rule, ...] = (
    _rule(SAID, _said),
    _rule(rf"{SAID} \({CI} clears it\)", lambda m: say(_CLEARS, said=_said(m), ci=_ci(m)), _CLEARS),
    _rule(
        rf"{SAID}, within the margin of error \({CI}\)",
        lambda m: say(_MARGIN, said=_said(m), ci=_ci(m)),
        _MARGIN,
    ),
    _rule(
        rf"{SAID} but the {CI} does not clear it",
        lambda m: say(_NOT_CLEAR, said=_said(m), ci=_ci(m)),
        _NOT_CLEAR,
    ),
    _rule(
        rf"(?P<v>{NUM}) in (?P<p>{PERIOD}) misses (?P<goal>{GOAL})",
        lambda m: say(_MISSES, v=vi_number(m["v"]), p=m["p"], goal=vi_number(m["goal"])),
        _MISSES,
    ),
    _rule(
        rf"deadline (?P<d>{PERIOD}) reached: (?P<rest>.+)",
        lambda m: say(_DEADLINE, d=m["d"], rest=translate(m["rest"], "vi")),
        _DEADLINE,
    ),
    _rule(
        rf"latest value (?P<v>{NUM}) is from (?P<p>{PERIOD}), not (?P<q>{PERIOD})"
        r"(?: \((?P<why>.+)\))?",
        _stale,
        _STALE,
        _STALE_WHY,
    ),
    _rule(
        rf"partial: (?P<cover>.+) in (?P<p>{PERIOD}); (?P<v>{NUM}) from those",
        lambda m: say(_PARTIAL, cover=translate(m["cover"], "vi"), p=m["p"], v=vi_number(m["v"])),
        _PARTIAL,
    ),
    _rule(COVER, _cover, _COVER, _COVER_SHARE),
    _rule(
        rf"(?P<n>[\d,]+|—) (?P<kind>responses|tests) in (?P<p>{PERIOD})"
        r"(?: \(at least (?P<least>[\d,]+) needed\))?",
        _sample,
        _SAMPLE,
        _SAMPLE_LEAST,
    ),
    _rule(
        rf"only one period with a value \((?P<p>{PERIOD}): (?P<v>{NUM})\) — no trend to project",
        lambda m: say(_ONE, p=m["p"], v=vi_number(m["v"])),
        _ONE,
    ),
    _rule(
        rf"{PROJ} \(2 points, no uncertainty band\) (?P<verdict>meets|misses) (?P<goal>{GOAL})",
        _projected(_TWO),
        _TWO,
    ),
    _rule(
        rf"{PROJ}, 95 % band (?P<a>{NUM})–(?P<b>{NUM}) (?P<verdict>meets|misses|straddles) "
        rf"(?P<goal>{GOAL})",
        _projected(_BAND),
        _BAND,
    ),
    _rule(r"no value in any period", lambda m: say(_NO_VALUE), _NO_VALUE),
    _rule(rf"no value for (?P<p>{PERIOD})", lambda m: say(_NO_VALUE_FOR, p=m["p"]), _NO_VALUE_FOR),
    _rule(
        rf"no (?P<t>\w+) data for this unit in (?P<p>{PERIOD})",
        lambda m: say(_NO_DATA_UNIT, table=m["t"], p=m["p"]),
        _NO_DATA_UNIT,
    ),
    _rule(
        rf"no (?P<t>\w+) data for (?P<p>{PERIOD})",
        lambda m: say(_NO_DATA, table=m["t"], p=m["p"]),
        _NO_DATA,
    ),
    _rule(
        r"not computed per commune: this indicator has values at (?P<lvl>.+) level only",
        lambda m: say(
            _NOT_PER_COMMUNE, levels=", ".join(word(x.strip(), LEVELS) for x in m["lvl"].split(","))
        ),
        _NOT_PER_COMMUNE,
    ),
    _rule(
        r"no values computed for this unit \(run `hatang compute`\)",
        lambda m: say(_NOT_COMPUTED),
        _NOT_COMPUTED,
    ),
    _rule(re.escape(_NOT_TOLD_APART), lambda m: say(_NOT_TOLD_APART), _NOT_TOLD_APART),
    _rule(
        r"method (?P<a>.+) → (?P<b>.+)",
        lambda m: say(_METHOD, a=_methods(m["a"]), b=_methods(m["b"])),
        _METHOD,
    ),
    _rule(
        r"map change: (?P<a>.+) → (?P<b>.+)",
        lambda m: say(_MAP, a=word(m["a"], SIDES), b=word(m["b"], SIDES)),
        _MAP,
    ),
)


def translate(reason: str, lang: str) -> str:
    """`reason` (the engine's English) in `lang`; unchanged in English or when its shape
    is unknown."""
    if lang == "en" or not reason:
        return reason
    for pattern, render in RULES:
        m = pattern.match(reason)
        if m:
            return render(m)
    return reason


def known(reason: str) -> bool:
    """Whether `reason` has a shape this module writes in Vietnamese."""
    return any(p.match(reason) for p, _ in RULES)
