"""How far the plan has come: each target's change since the previous period and since
the plan's baseline, the targets counted by status, the targets furthest from their
goal. Over `views.scorecard.Target`, whose trend is the scorecard's (up to the period
asked), so a change is the difference of two figures the scorecard shows.

The baseline of a plan is the value of the last period that ended before the plan was
issued (2024Q3 for a plan of 8 October 2024); a series that starts later has its first
period as the baseline, and says so by naming it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from hatang.indicators.plans import relative_gap
from hatang.model.periods import period_end
from hatang.views import reading
from hatang.views.scorecard import Target
from hatang.views.values import Value, missing

#: what each status counts as in a tally (a leader reads five words); the others —
#: no data, no current data, partial data, too few responses or tests — are "no data"
GROUPS = {
    "met": "met",
    "met within margin": "met",
    "on track": "on track",
    "at risk": "at risk",
    "off track": "off track",
    "missed": "missed",
}
TALLY = ("met", "on track", "at risk", "off track", "missed", "no data")
#: statuses that section II of a report lists as short of their target
SHORT = ("at risk", "off track", "missed")


@dataclass(frozen=True)
class Change:
    """`delta` = the value now − the value in period `since` (None: nothing to compare;
    `broken`: the series breaks in between, so the difference is not a change)."""

    since: str | None
    delta: Value
    broken: bool = False


def _current(t: Target) -> float | None:
    if missing(t.value.value) or not t.trend or t.trend[-1][0] != t.period:
        return None
    return t.trend[-1][1]


def _change(t: Target, since: str | None) -> Change:
    now = _current(t)
    earlier = dict(t.trend).get(since) if since else None
    if now is None or earlier is None or since is None or since == t.period:
        return Change(None, Value(None, "change", unit=t.value.unit))
    if reading.broken_between(t, since, t.period, [p for p, _ in t.trend]):
        return Change(since, Value(None, "change", unit=t.value.unit), broken=True)
    return Change(since, Value(now - earlier, "change", unit=t.value.unit))


def previous(t: Target) -> Change:
    """Since the period before the current one in the series (a quarter, or the last
    survey round for half-yearly surveys)."""
    periods = [p for p, _ in t.trend]
    return _change(t, periods[-2] if len(periods) >= 2 else None)


def baseline_period(t: Target, issued: dt.date | None) -> str | None:
    """The last period of the series that ended before `issued`, else its first."""
    periods = [p for p, _ in t.trend]
    if not periods:
        return None
    before = [p for p in periods if issued is not None and period_end(p) < issued]
    return before[-1] if before else periods[0]


def since_baseline(t: Target, issued: dt.date | None) -> Change:
    return _change(t, baseline_period(t, issued))


def group(t: Target) -> str:
    return GROUPS.get(str(t.status.value), "no data")


def tally(targets: Sequence[Target]) -> list[Value]:
    """How many targets are met, on track, at risk, off track, missed, without data."""
    counts = {g: 0 for g in TALLY}
    for t in targets:
        counts[group(t)] += 1
    return [
        Value(counts[g], "count", label=f"tally_{g.replace(' ', '_')}", total=len(targets))
        for g in TALLY
    ]


def short(targets: Sequence[Target]) -> list[Target]:
    """The targets at risk, off track or missed, in the plan's order."""
    return [t for t in targets if group(t) in SHORT]


def gap(t: Target) -> float | None:
    """How far the value falls short of the target, as a share of the target."""
    if missing(t.value.value) or missing(t.target.value):
        return None
    return relative_gap(float(t.value.value), t.comparator, float(t.target.value))


def worst(targets: Sequence[Target], n: int) -> list[Target]:
    """The `n` targets short of their goal with the largest relative gap."""
    ranked = [(g, i, t) for i, t in enumerate(short(targets)) if (g := gap(t)) is not None]
    return [t for g, _, t in sorted(ranked, key=lambda x: (-x[0], x[1])) if g > 0][:n]
