"""Series breaks: where two consecutive values of a unit's series are not comparable.

A value's `method` names its source (`median-tests`, `ookla-tiles-mean`,
`survey-weighted` …) and how it reached its unit on the map asked
(`direct`, `crosswalk-population-share` …; docs/indicators.md, "Boundaries"). Between
two consecutive values of one unit the series breaks when

- the source changes (a speed from the tests' median one quarter and from the Ookla
  tiles' mean the next: a change of definition, 5–11 % apart on the demo), or
- below the province, one value is re-expressed through the crosswalk and the other is
  not (the 2025 reorganisation: an old commune's share of its new commune's count before
  July 2025, its own count after — or the reverse on the old map).

A province or a plan's scope is re-expressed whole (the crosswalk's shares of each old
unit add up to one inside it), so its sums stay comparable across the reorganisation.
The population base is one per computation, never per period, so it cannot break a
series. Pure: strings in, records out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from hatang.indicators.boundaries import METHODS

#: the part of a method that says how the value reached its unit, not what it measures
BOUNDARY = frozenset(METHODS.values())
REEXPRESSED = "crosswalk-population-share"
#: levels whose values the crosswalk splits (a province is re-expressed whole)
SPLIT_LEVELS = frozenset({"district", "commune", "village"})


def _parts(method: Any) -> list[str]:
    return [p.strip() for p in str(method or "").split(";") if p.strip()]


def source(method: Any) -> str:
    """What a value measures: its method without the boundary part ('' for a count); a
    median of fewer tests than the minimum is still a median of tests."""
    kept = (p.removesuffix(" (few tests)") for p in _parts(method) if p not in BOUNDARY)
    return "; ".join(kept)


def reexpressed(method: Any) -> bool:
    """True for a value re-expressed from the other map by population shares."""
    return REEXPRESSED in _parts(method)


def reason(before: Any, after: Any, level: Any) -> str | None:
    """Why two consecutive values are not comparable (None: they are)."""
    if source(before) != source(after):
        return f"method {source(before) or 'count'} → {source(after) or 'count'}"
    if str(level) in SPLIT_LEVELS and reexpressed(before) != reexpressed(after):
        side = "re-expressed from the other map" if reexpressed(before) else "reported"
        now = "re-expressed from the other map" if reexpressed(after) else "reported"
        return f"map change: {side} → {now}"
    return None


def breaks(periods: Sequence[Any], methods: Sequence[Any], level: Any) -> list[dict[str, str]]:
    """Each break of a series in period order: {period (the first after it), after (the
    last before it), reason}."""
    out = []
    for i in range(1, len(periods)):
        why = reason(methods[i - 1], methods[i], level)
        if why:
            out.append({"period": str(periods[i]), "after": str(periods[i - 1]), "reason": why})
    return out


def last_segment(periods: Sequence[Any], found: Sequence[dict[str, str]]) -> int:
    """The index in `periods` where the series after its last break starts (0: none)."""
    if not found:
        return 0
    start = found[-1]["period"]
    return next((i for i, p in enumerate(periods) if str(p) == start), 0)
