"""How to read a figure, as every renderer marks it (docs/indicators.md, "How to read a
figure"): what a value rests on — the population base it divides by, the way it was
obtained (its mark), where its series breaks.

A value is **measured** (counted from the reported files or the registers, a median of
speed tests) unless marked:

| mark | kind | when |
|---|---|---|
| `*` | estimated | a weighted sample survey (n respondents, a 95 % interval); a census (every agency answers) is a count |
| `†` | fallback | the Ookla tiles' tests-weighted mean, or a median of fewer tests than a status needs |
| `‡` | modelled | the radio coverage model, not a measurement |
| `§` | re-expressed | carried over from the other map by population shares (the crosswalk) |
| `#` | partial | only part of the unit reported (coverage of the data) |

The web and the reports put the symbols after the value and a legend of those shown
under the table; a table of communes whose values were obtained in different ways
says so (`mixed`). A table that shows no status or trend of its own (the CLI's
scorecard, the report's communes furthest from a target, the one-page brief) also
marks what those would say (`flags`):

| mark | kind | when |
|---|---|---|
| `ⁿ` | too_few | too few responses or tests for a status (the value shows, not judged) |
| `°` | stale | no current data: the value is of an earlier period, not judged |
| `¦` | break | the series breaks (a change of method or of map): no change across it |
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from hatang.indicators.breaks import reexpressed, source
from hatang.indicators.catalogue import load_catalogue
from hatang.views.scorecard import Target, targets
from hatang.views.values import Message, Value, missing

#: kind → symbol, in the order a legend lists them
SYMBOLS = {
    "estimated": "*",
    "fallback": "†",
    "modelled": "‡",
    "reexpressed": "§",
    "partial": "#",
}
#: kind → symbol of the flags (`flags`): the marks, the status's qualifiers, the break
FLAGS = {**SYMBOLS, "too_few": "ⁿ", "stale": "°", "break": "¦"}
FALLBACK = ("ookla-tiles-mean", "median-tests (few tests)")


@dataclass(frozen=True)
class Mark:
    kind: str

    @property
    def symbol(self) -> str:
        return FLAGS[self.kind]

    @property
    def label(self) -> str:
        """The catalogue key of the legend's words."""
        return f"mark_{self.kind}"


def _modelled(indicator: str) -> bool:
    ind = load_catalogue().get(indicator)
    return ind is not None and ind.function == "modelled_coverage"


def _census(indicator: str) -> bool:
    """A survey every unit answers (the agencies): a count, not an estimate."""
    ind = load_catalogue().get(indicator)
    return ind is not None and ind.design == "census"


def kinds(t: Target) -> list[str]:
    """What sets this value apart from a measured one (none: measured, or no value)."""
    if missing(t.value.value):
        return []
    method = t.method
    parts = [p.strip() for p in method.split(";")]
    out = []
    if "survey-weighted" in parts and not _census(t.indicator):
        out.append("estimated")
    if any(p in FALLBACK for p in parts):
        out.append("fallback")
    if _modelled(t.indicator):
        out.append("modelled")
    if reexpressed(method):
        out.append("reexpressed")
    if t.partial:
        out.append("partial")
    return out


def marks(t: Target) -> tuple[Mark, ...]:
    return tuple(Mark(k) for k in kinds(t))


def symbols(t: Target) -> str:
    """'*§' after a value (empty for a measured one)."""
    return "".join(m.symbol for m in marks(t))


def legend(targets: Iterable[Target]) -> list[Mark]:
    """The marks the targets carry, each once, in the legend's order."""
    present = {k for t in targets for k in kinds(t)}
    return [Mark(k) for k in SYMBOLS if k in present]


def flags(t: Target) -> list[str]:
    """The marks, and what a status and a trend column would say: too few responses or
    tests, no current data, a series break."""
    out = kinds(t)
    status = str(t.status.value)
    if status.startswith("too few"):
        out.append("too_few")
    if status == "no current data":
        out.append("stale")
    if t.breaks:
        out.append("break")
    return out


def flag_symbols(t: Target) -> str:
    """'*¦' after a value in a table without status or trend columns."""
    return "".join(FLAGS[k] for k in flags(t))


def flag_legend(targets: Iterable[Target]) -> list[Mark]:
    """The flags the targets carry, each once, in the legend's order."""
    present = {k for t in targets for k in flags(t)}
    return [Mark(k) for k in FLAGS if k in present]


def flags_column(frame: pd.DataFrame) -> list[list[str]]:
    """Each row's flags (the scorecard's JSON `marks`)."""
    return [flags(t) for t in targets(frame)]


def mixed(targets: Iterable[Target]) -> list[Any]:
    """The target numbers whose rows (communes) were obtained in different ways: a
    different source, some re-expressed and some not, some partial."""
    seen: dict[Any, set[tuple[str, tuple[str, ...]]]] = {}
    for t in targets:
        if t.value.value is not None and t.method:
            seen.setdefault(t.no, set()).add((source(t.method), tuple(kinds(t))))
    return [no for no, ways in seen.items() if len(ways) > 1]


def base_note(base: dict[str, Any] | None) -> Message | None:
    """'Per-inhabitant figures divide by: resident population 2020: 1,780,333 — source'."""
    if not base:
        return None
    total = Value(base.get("total"), "whole")
    if base.get("base") == "resident":
        what = Message(
            "base_resident",
            {"year": str(base.get("year")), "total": total, "source": base["source"]},
        )
    else:
        what = Message("base_plan", {"total": total})
    return Message("base_note", {"base": what})


def per_person(t: Target) -> bool:
    """Whether the value divides by people or adults (its base matters)."""
    from hatang.indicators.population import PER_PERSON

    return t.indicator in PER_PERSON


def break_before(t: Target, period: str) -> str | None:
    """Why the series breaks just before `period` (None: it does not)."""
    return next((why for p, why in t.breaks if p == period), None)


def broken_between(t: Target, since: str, until: str, periods: Sequence[str]) -> bool:
    """Whether a break lies after `since` and up to `until` in the series' `periods`."""
    if since not in periods or until not in periods:
        return False
    inside = periods[periods.index(since) + 1 : periods.index(until) + 1]
    return any(p in inside for p, _ in t.breaks)
