"""Reporting periods: quarters (`2025Q3`) and years (`2025`).

Vietnamese reporting is by quarter (quý) and by year; a deadline "by 2025" means the
end of 2025. A period also says which administrative map is in force: the map at the
period's last day (the two-level map began on 1 July 2025).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

MAP_2025_START = dt.date(2025, 7, 1)
MAPS = ("2024", "2025")

_QUARTER = re.compile(r"^\s*(\d{4})\s*[-_ ]?\s*(?:Q|q|quý\s*|Quý\s*)([1-4])\s*$")
_QUARTER_VN = re.compile(r"^\s*(?:Q|q|quý|Quý)\s*([1-4])\s*[/\-_ ]\s*(\d{4})\s*$")
_YEAR = re.compile(r"^\s*(\d{4})\s*$")


def parse_period(text: str) -> str:
    """Normalise '2025Q3', '2025-Q3', 'Q3/2025', 'Quý 3/2025' or '2025' to '2025Q3' / '2025'."""
    s = str(text).strip()
    if m := _QUARTER.match(s):
        return f"{m.group(1)}Q{m.group(2)}"
    if m := _QUARTER_VN.match(s):
        return f"{m.group(2)}Q{m.group(1)}"
    if m := _YEAR.match(s):
        return m.group(1)
    raise ValueError(f"not a period: {text!r} (expected e.g. 2025Q3 or 2025)")


def period_start(period: str) -> dt.date:
    p = parse_period(period)
    if "Q" in p:
        year, q = int(p[:4]), int(p[5])
        return dt.date(year, 3 * (q - 1) + 1, 1)
    return dt.date(int(p), 1, 1)


def period_end(period: str) -> dt.date:
    """Last day of the period."""
    p = parse_period(period)
    if "Q" in p:
        year, q = int(p[:4]), int(p[5])
        month = 3 * q
        nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
        return nxt - dt.timedelta(days=1)
    return dt.date(int(p), 12, 31)


def sort_periods(periods: Iterable[Any]) -> list[str]:
    """Distinct periods, oldest first (a quarter before the year it ends); missing ones left out."""
    return sorted(
        {str(p) for p in periods if p is not None and str(p) != "nan"},
        key=lambda p: (period_end(p), len(p)),
    )


def period_of(day: dt.date | dt.datetime) -> str:
    """The quarter a date falls in."""
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"


def map_for_period(period: str) -> str:
    """'2024' (three-level map) or '2025' (two-level map), as in force at the period's end."""
    return "2025" if period_end(period) >= MAP_2025_START else "2024"


def quarters(first: str, last: str) -> list[str]:
    """All quarters from first to last inclusive."""
    a, b = parse_period(first), parse_period(last)
    y, q = int(a[:4]), int(a[5])
    out = []
    while (y, q) <= (int(b[:4]), int(b[5])):
        out.append(f"{y}Q{q}")
        y, q = (y + 1, 1) if q == 4 else (y, q + 1)
    return out


def period_fraction(period: str) -> float:
    """A period as a decimal year at its end (2025Q2 → 2025.5), for trends."""
    end = period_end(period)
    return end.year + (end.timetuple().tm_yday / (366 if end.year % 4 == 0 else 365))
