"""How the report writes values and words: one place for its language and number style.

A thin layer over `views.format` (style `report_style(lang)`) and `hatang.i18n`, so a
figure in a report is written by the same function as everywhere else, in the style
of a Vietnamese administrative document ('84,66', '95,28%', '1.915.699').
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hatang import i18n
from hatang.views import format as fmt
from hatang.views.values import Message, Value

#: the plan's units of measure as the report writes them after a value
UNITS = {"%": "%", "Mbit/s": " Mbit/s", "per 100": "", "per adult": "", "count": ""}
COMPARATORS = {">=": "≥", "<=": "≤", "==": "="}
ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class Writer:
    lang: str

    @property
    def style(self) -> fmt.Style:
        return fmt.report_style(self.lang)

    def t(self, key: str) -> str:
        return i18n.t(key, self.lang)

    def m(self, key: str, **params: Value | str) -> str:
        return fmt.message(Message(key, params), self.lang, self.style)

    def v(self, value: Value) -> str:
        return fmt.text(value, self.lang, self.style)

    def msg(self, m: Message) -> str:
        return fmt.message(m, self.lang, self.style)

    def measure(self, value: Value) -> str:
        """A value with its unit of measure: '95,28%', '75 Mbit/s', '84,66'."""
        text = self.v(value)
        if text == self.style.missing:
            return text
        if value.kind == "change" and value.unit == "%":
            return text + " " + self.t("rp_points")  # a change of a share: points
        return text + UNITS.get(value.unit, "")

    def goal(self, comparator: str, target: Value) -> str:
        """'≥ 85', '≥ 95%'."""
        return f"{COMPARATORS.get(comparator, comparator)} {self.measure(target)}"

    def unit_name(self, unit: str) -> str:
        """The unit of measure in words, for a table heading ('per 100 inhabitants')."""
        return self.t(f"unit_{unit.replace(' ', '_').replace('/', '_')}")

    def quarter(self, period: str) -> str:
        """'quý IV năm 2025' / 'Q4 2025'; a year as 'năm 2025' / '2025'."""
        if "Q" not in period:
            return self.m("year_name", year=period)
        return self.m("quarter_name", q=ROMAN[int(period[5]) - 1], year=period[:4])

    def period(self, period: Any) -> str:
        """A period as written in a table: 'Q4/2025' (both languages)."""
        p = str(period)
        return f"Q{p[5]}/{p[:4]}" if "Q" in p else p

    def date(self, day: Any) -> str:
        """dd/mm/yyyy (both languages: the decree's and the British order)."""
        s = str(day)[:10]
        return f"{s[8:10]}/{s[5:7]}/{s[:4]}" if len(s) == 10 and s[4] == "-" else s
