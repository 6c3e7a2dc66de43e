"""How numbers, shares, money and people are written: one module for every renderer.

Digits are written by Babel in the locale of the page or the terminal — Vietnamese
with a decimal comma and thousands by a dot ('1.780.333', '98,5 %'), English the
other way round ('1,780,333', '98.5%') — so no renderer writes its own separators. A
`Style` adds what a medium decides: the web (`web(lang)`: one decimal, whole values
without decimals, a count with its total), the terminal (`terminal(lang)`: two
decimals, none from a thousand up) and the reports (`report_style(lang)`: two
decimals and '%' as Vietnamese administrative documents write it: '95,28%'). A
renderer picks a style, never its own format strings, so the CLI, the pages and the
reports cannot round the same figure differently within a style. Files for machines
(CSV, JSON, GeoJSON) never come through here: they keep raw values.
"""

from __future__ import annotations

import decimal
import numbers
from dataclasses import dataclass, replace
from functools import cache
from typing import Any

from hatang import i18n
from hatang.views.values import Message, Value, missing

#: the percent sign after a number, by locale: '98,5 %' / '98.5%'
PERCENT_SIGNS = {"vi": " %", "en": "%"}


@dataclass(frozen=True)
class Style:
    #: Babel's locale of the digits: the decimal mark and the thousands separator
    locale: str = "vi"
    missing: str = "—"
    #: None: the locale's (`PERCENT_SIGNS`)
    percent_sign: str | None = None
    #: decimals of a measured value; of a share written as a percentage
    decimals: int = 1
    share_decimals: int = 1
    #: write 3.0 as "3"
    whole_as_int: bool = True
    #: at or above this magnitude a measured value has no decimals
    large: float | None = None
    #: show a count with its total: "3.123 / 3.500 (89,2 %)"
    show_totals: bool = True

    @property
    def percent_mark(self) -> str:
        if self.percent_sign is not None:
            return self.percent_sign
        return PERCENT_SIGNS.get(self.locale, "%")


WEB = Style()
WEB_EN = replace(WEB, locale="en")
TERMINAL = Style(
    locale="en",
    decimals=2,
    share_decimals=2,
    whole_as_int=False,
    large=1000,
    show_totals=False,
)
TERMINAL_VI = replace(TERMINAL, locale="vi")

#: the quarterly report and the brief (hatang.report), by language
REPORT_VI = Style(percent_sign="%", decimals=2, share_decimals=2, show_totals=True)
REPORT_EN = replace(REPORT_VI, locale="en")


def web(lang: str) -> Style:
    """The pages' style in `lang` (Vietnamese unless 'en')."""
    return WEB_EN if lang == "en" else WEB


def terminal(lang: str) -> Style:
    """The terminal's style in `lang` (English unless 'vi')."""
    return TERMINAL_VI if lang == "vi" else TERMINAL


def report_style(lang: str) -> Style:
    """The report's style in `lang` (Vietnamese unless 'en')."""
    return REPORT_EN if lang == "en" else REPORT_VI


@cache
def _locale(code: str) -> Any:
    from babel import Locale

    return Locale.parse(code)


@cache
def _pattern(pattern: str) -> Any:
    from babel.numbers import parse_pattern

    return parse_pattern(pattern)


def _digits(f: float, d: int, style: Style, grouped: bool = True) -> str:
    """`f` with `d` decimals in the style's locale (Babel): '1.234,6' / '1,234.6'."""
    pattern = ("#,##0" if grouped else "0") + ("." + "0" * d if d > 0 else "")
    return str(_pattern(pattern).apply(_exact(f), _locale(style.locale)))


def digits(f: float, d: int, style: Style, grouped: bool = True) -> str:
    """`f` with `d` decimals in the style's locale (Babel), grouped or not."""
    return _digits(f, d, style, grouped)


def _exact(f: Any) -> decimal.Decimal:
    """The float as it reads (its shortest repr), so Babel rounds what a person sees:
    2.675 → 2.68 (half to even on the written digits, not on the binary value)."""
    return decimal.Decimal(repr(float(f)))


def _significant(f: float, style: Style) -> str:
    """Up to three significant digits: 0.5, 0.123 (a small ratio in a terminal cell)."""
    return str(_pattern("@##").apply(_exact(f), _locale(style.locale)))


def number(v: Any, digits: int | None = None, style: Style = WEB) -> str:
    """A measured value: the style's decimals (none for whole values on the web)."""
    if missing(v):
        return style.missing
    try:
        f = float(v)
    except (TypeError, ValueError):
        return str(v)
    if missing(f):
        return style.missing
    if style.whole_as_int and _whole(f):
        return _digits(round(f), 0, style)
    d = style.decimals if digits is None else digits
    if style.large is not None and abs(f) >= style.large:
        d = 0
    return _digits(f, d, style)


def _whole(f: float) -> bool:
    """A whole number up to float noise: 7 / 50 × 100 = 13.999999999999998 is 14, as the
    same value rounded for JSON reads (never '14,00%' beside a '14%')."""
    return abs(f - round(f)) <= 1e-9 * max(1.0, abs(f))


def whole(v: Any, style: Style = WEB) -> str:
    """People, money, counts: rounded to a whole number."""
    if missing(v):
        return style.missing
    return _digits(round(float(v)), 0, style)


def percent(share: Any, digits: int | None = None, style: Style = WEB) -> str:
    """A share in [0, 1] as a percentage."""
    if missing(share):
        return style.missing
    d = style.share_decimals if digits is None else digits
    pct = round(100 * float(share), d)
    text = number(pct, d, replace(style, large=None))
    return text + style.percent_mark


def ratio(n: Any, total: Any, style: Style = WEB) -> str:
    """'n / total (p %)'; just n where the style shows no totals or there is no total."""
    if missing(n):
        return style.missing
    if not style.show_totals:
        return whole(n, style)
    has_total = not missing(total) and float(total) != 0
    share = f" ({percent(float(n) / float(total), style=style)})" if has_total else ""
    return f"{whole(n, style)} / {whole(total, style)}" + share


def of_total(v: Any, total: Any, style: Style = WEB) -> str:
    """'people (p %)' of a total (the population modelled)."""
    if missing(v) or missing(total) or not float(total) or not style.show_totals:
        return whole(v, style)
    return f"{whole(v, style)} ({percent(float(v) / float(total), style=style)})"


def figure(v: Any, style: Style = WEB) -> str:
    """A figure as a plan writes it, in its shortest form (up to 6 decimals): 85, 0.95,
    1.5 — '0,95', '1,5' in Vietnamese."""
    if missing(v):
        return style.missing
    return str(_pattern("#,##0.######").apply(_exact(v), _locale(style.locale)))


def change(v: Any, digits: int | None = None, style: Style = WEB) -> str:
    """A signed difference: '+1.02', '−0.50', '0' (a minus sign, not a hyphen)."""
    if missing(v):
        return style.missing
    f = float(v)
    text = number(abs(f), digits, style)
    if f > 0 and text.strip("0.,") != "":
        return "+" + text
    if f < 0 and text.strip("0.,") != "":
        return "\u2212" + text
    return text


def coordinate(v: Any, digits: int = 5, style: Style = WEB) -> str:
    """Degrees of longitude or latitude; 5 decimals are about 1 m."""
    return style.missing if missing(v) else _digits(float(v), digits, style, grouped=False)


def seconds(v: Any, style: Style = WEB) -> str:
    return style.missing if missing(v) else f"{number(round(float(v), 1), 1, style)} s"


#: amounts of VND at or above each size are written in that unit (catalogue key)
MONEY_UNITS = ((1e9, "money_bn", 1), (1e6, "money_m", 0))


def money(v: Any, lang: str = "vi", style: Style | None = None) -> str:
    """An amount of VND as people say it: '72.1 bn VND' / '72,1 tỷ đồng' (always one
    decimal), '350 M VND' / '350 triệu đồng', else whole VND (style: the web's in `lang`)."""
    style = style or web(lang)
    if missing(v):
        return style.missing
    f = float(v)
    for size, key, digits in MONEY_UNITS:
        if abs(f) >= size:
            fixed = replace(style, large=None, whole_as_int=False)
            return i18n.message(key, lang, n=number(round(f / size, digits), digits, fixed))
    return i18n.message("money_vnd", lang, n=whole(f, style))


def message(m: Message, lang: str, style: Style | None = None) -> str:
    """A catalogue sentence with its values written in `style` (the web's in `lang`)."""
    style = style or web(lang)
    params = {k: _param(p, lang, style) for k, p in m.params.items()}
    return i18n.message(m.key, lang, **params)


def _param(p: Any, lang: str, style: Style) -> Any:
    if isinstance(p, Value):
        return text(p, lang, style)
    return message(p, lang, style) if isinstance(p, Message) else p


def unit(u: str, lang: str) -> str:
    """A unit of measure in words ('per adult' → 'trên người lớn'); '%', 'Mbit/s' as they
    are (the pages and the CLI)."""
    return i18n.t(f"unit_{u}", lang) if i18n.has(f"unit_{u}") else u


def label(v: Value, lang: str) -> str:
    return i18n.t(v.label, lang) if v.label else ""


def text(v: Value, lang: str = "vi", style: Style | None = None) -> str:
    """A value as its renderer shows it: words where it has them, else by its kind (style:
    the web's in `lang`)."""
    style = style or web(lang)
    if isinstance(v.text, Message):
        return message(v.text, lang, style)
    if isinstance(v.text, tuple):
        return " · ".join(message(m, lang, style) for m in v.text)
    if v.text is not None:
        return v.text
    if v.kind == "money":
        return money(v.value, lang, style)
    return raw(v, style)


def raw(v: Value, style: Style = WEB) -> str:
    """A value written by its kind alone (codes as they are, numbers in `style`)."""
    x = v.value
    if missing(x):
        return style.missing
    if v.kind == "percent":
        return percent(x, v.digits, style)
    if v.kind == "whole":
        return whole(x, style) if v.total is None else of_total(x, v.total, style)
    if v.kind == "count":
        return whole(x, style) if v.total is None else ratio(x, v.total, style)
    if v.kind == "number":
        return number(x, v.digits, style)
    if v.kind == "figure":
        return figure(x, style)
    if v.kind == "change":
        return change(x, v.digits, style)
    if v.kind == "coordinate":
        return coordinate(x, v.digits or 5, style)
    if v.kind == "seconds":
        return seconds(x, style)
    if v.kind == "money":
        return money(x, "en", style)
    return str(x)


def cell(column: str, v: Any, style: Style = TERMINAL) -> str:
    """A cell of a table printed in the terminal: empty for missing, yes/no, whole
    people and VND, shares as %, 5 decimals for coordinates (about 1 m)."""
    if missing(v):
        return ""
    if isinstance(v, bool) or type(v).__name__ == "bool_":
        return "yes" if v else "no"
    if isinstance(v, numbers.Integral):
        return whole(int(v), style)
    if isinstance(v, float):
        return _float_cell(column, v, style)
    return str(v)


def _float_cell(column: str, v: float, style: Style) -> str:
    if column == "gap" or column.startswith("sharing"):
        return percent(v, 2, style)
    if column in ("lon", "lat"):
        return coordinate(v, 5, style)
    if column.startswith(("people", "weighted")) or abs(v) >= 1e6:
        return whole(v, style)
    return _significant(v, style) if abs(v) < 1 else _digits(v, 1, style)
