"""How a value was computed (`hatang explain`), in the reader's language.

`hatang.indicators.explain` gives the provenance as data: the indicator's catalogue
texts (definition, numerator, denominator, sources: English, as catalogue.toml holds
them), the method code and the figures. This module says them in words: each catalogue
text through hatang.po (msgctxt `indicator-text`, msgid its English), the method through
the `val_method_*` labels, and the formula from the catalogue's `formula_*` sentences
with the figures in the language's number format (Babel). In English every text reads
as the engine writes it (the formula's sentences reproduce `provenance.formula`; a
test holds the two together on the demo).
"""

from __future__ import annotations

import math
import re
from typing import Any

from hatang import i18n
from hatang.views import format as fmt_
from hatang.views import reasons

#: what an operator's variant adds to its entry's texts (catalogue.per_operator_variants)
_OPERATOR = (
    (re.compile(r"^(?P<text>.+) Only the cases assigned to (?P<name>.+) \(at the period's end\)\.$"),
     "indicator_operator_definition"),
    (re.compile(r"^(?P<text>.+), of the cases assigned to (?P<name>.+)$"),
     "indicator_operator_numerator"),
)  # fmt: skip


def text(english: str, lang: str) -> str:
    """An indicator's catalogue text (definition, numerator, denominator, a source) in
    `lang`; its English where it is not catalogued. An operator's variant says its
    entry's text and the operator's part in words."""
    if lang == "en":
        return english
    pair = i18n.TEXT.get(f"indicator:{english}")
    if pair is not None:
        return pair[0]
    for pattern, key in _OPERATOR:
        m = pattern.match(english)
        if m and i18n.has(f"indicator:{m['text']}"):
            return i18n.message(key, lang, entry=text(m["text"], lang), name=m["name"])
    return english


def method(code: str | None, lang: str) -> str:
    """A method code ('survey-weighted; crosswalk-population-share') in words; English
    keeps the code as the engine writes it."""
    if not code or lang == "en":
        return code or ""
    parts = [p.strip() for p in code.split(";")]
    return "; ".join(i18n.label("val_method_", p, lang) for p in parts)


def _g(v: float | None, lang: str, significant: int = 6) -> str:
    """A figure as provenance.formula writes it ('1,915,699', '84.6571'), in `lang`'s
    number format: whole from 100,000 up, else `significant` digits."""
    if v is None:
        return "—"
    if lang == "en":
        if significant == 6:
            return f"{v:,.0f}" if abs(v) >= 1e5 else f"{v:,.6g}"
        return f"{v:.{significant}g}"
    style = fmt_.terminal(lang)
    if abs(v) >= 1e5 and significant == 6:
        return fmt_.digits(v, 0, style)
    written = f"{v:.{significant}g}"
    if "e" in written or not math.isfinite(v):
        return written
    decimals = len(written.partition(".")[2])
    return fmt_.digits(float(written), decimals, style, grouped=significant == 6)


def formula(e: dict[str, Any], lang: str) -> str:
    """The computation applied, with the numbers filled in (`explain`'s `formula`)."""
    from hatang.indicators.catalogue import get_indicator

    ind = get_indicator(e["indicator"])
    n, d, v = e["numerator"]["value"], e["denominator"]["value"], e["value"]
    size = e.get("sample_size")

    def say(key: str, **params: object) -> str:
        return i18n.message(key, lang, **params)

    if v is None:
        return say("formula_no_value", reason=reasons.translate(str(e["no_data_reason"]), lang))
    if ind.aggregation == "count":
        return f"{text(ind.numerator, lang)} = {_g(n, lang)}"
    if ind.aggregation == "survey":
        lo, hi = e.get("ci_low"), e.get("ci_high")
        interval = (
            say("formula_census")
            if ind.design == "census" or lo is None or hi is None
            else say("formula_wilson", low=_g(lo, lang, 4), high=_g(hi, lang, 4))
        )
        return say(
            "formula_survey", scale=f"{ind.scale:g}", n=_g(n, lang), d=_g(d, lang),
            value=_g(v, lang), interval=interval, size=size,
        )  # fmt: skip
    if ind.aggregation == "median-of-cases":
        unit = ind.unit if lang == "en" else fmt_.unit(ind.unit, lang)
        return say("formula_median_cases", size=size, value=_g(v, lang), unit=unit)
    if ind.aggregation == "median":
        if (e.get("method") or "").startswith("ookla-tiles-mean"):
            return say(
                "formula_tiles", n=_g(n, lang), d=_g(d, lang), value=_g(v, lang), size=size,
                unreliable="" if e.get("reliable") else say("formula_tiles_unreliable"),
            )  # fmt: skip
        return say("formula_median_tests", size=size, value=_g(v, lang))
    return say(
        "formula_ratio", n=_g(n, lang), d=_g(d, lang), scale=f"{ind.scale:g}", value=_g(v, lang)
    )
