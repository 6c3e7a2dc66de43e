"""The plan's scorecard as every renderer shows it, over `indicators.scorecard`'s frame.

One `Target` per row of the frame (a target of the plan, for one unit): the value with
its unit and reliability, the target, the status in words with its reason, the
projection to the deadline and the trend. `hatang scorecard`, the overview and commune
pages and the coming reports render these; none of them reads the frame itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd

from hatang import i18n
from hatang.indicators.scorecards import coverage_text
from hatang.publish.render import records
from hatang.views.values import Message, Value, missing

#: a status → the class its badge is drawn with (pages, reports)
STATUS_CLASS = {
    "met": "met",
    "met within margin": "margin",
    "on track": "ontrack",
    "at risk": "atrisk",
    "off track": "offtrack",
    "missed": "missed",
    "no current data": "caution",
    "partial data": "caution",
    "too few responses": "caution",
    "too few tests": "caution",
    "no data": "nodata",
}


@dataclass(frozen=True)
class Target:
    no: Any
    pillar: str
    indicator: str
    name_vi: str
    name_en: str
    unit_code: str
    unit_name: str
    period: str
    value: Value
    target: Value
    comparator: str
    deadline: str
    status: Value
    status_class: str
    reason: str
    projection: Value
    trend: list[tuple[str, float]]
    reliable: bool | None
    synthetic: bool
    #: how the value was computed (direct, survey-weighted, median-tests, ookla-tiles-mean…)
    method: str = ""
    #: respondents or tests behind a sample estimate or a median (count; None otherwise)
    sample: Value = Value(None, "count", label="sample_size")
    #: the value covers only part of its unit ('1 of 2 communes (85.0 % of the people)')
    partial: str | None = None
    #: where the series breaks: (first period after the break, why), in period order
    breaks: tuple[tuple[str, str], ...] = ()

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" else self.name_vi

    @property
    def flagged(self) -> bool:
        """A value the engine marks unreliable (e.g. too few speed tests)."""
        return self.reliable not in (None, True) and not missing(self.value.value)


def _text(v: Any) -> str:
    return "" if missing(v) else str(v)


def measure(v: Any, unit: str) -> Value:
    """An indicator's value: counts whole, other units measured."""
    return Value(v, "whole" if unit == "count" else "number", unit=unit)


def status(st: Any) -> Value:
    """A status in words ('met / đạt'); an unknown one as it is."""
    code = _text(st) or "no data"
    key = f"status_{code}"
    return Value(code, "text", label="status", text=Message(key) if i18n.has(key) else None)


def projection(r: dict[str, Any], unit: str) -> Value:
    """The projection to the deadline; once the period asked reaches the deadline there is
    none, and the value says so."""
    if r.get("past_deadline") is True:
        return Value(None, "text", text=Message("projection_past_deadline"))
    return measure(r.get("projection"), unit)


def _trend(v: Any) -> list[tuple[str, float]]:
    out = []
    for point in v if isinstance(v, list | tuple) else []:
        p, x = point
        if not missing(x):
            out.append((str(p), float(x)))
    return out


def _breaks(v: Any) -> tuple[tuple[str, str], ...]:
    return tuple((str(b["period"]), str(b["reason"])) for b in v if isinstance(b, dict))


def target(r: dict[str, Any]) -> Target:
    """One row of the scorecard frame as a view."""
    unit = _text(r.get("unit"))
    st = status(r.get("status"))
    reliable = r.get("reliable")
    return Target(
        no=r.get("target_no"),
        pillar=_text(r.get("pillar")),
        indicator=_text(r.get("indicator")),
        name_vi=_text(r.get("name_vi")),
        name_en=_text(r.get("name_en")),
        unit_code=_text(r.get("unit_code")),
        unit_name=_text(r.get("unit_name")),
        period=_text(r.get("period")),
        value=measure(r.get("value"), unit),
        target=Value(r.get("target"), "figure", label="target", unit=unit),
        comparator=_text(r.get("comparator")),
        deadline=_text(r.get("deadline")),
        status=st,
        status_class=STATUS_CLASS.get(str(st.value), "nodata"),
        reason=_text(r.get("status_reason")),
        projection=projection(r, unit),
        trend=_trend(r.get("trend")),
        reliable=None if missing(reliable) else bool(reliable),
        synthetic=bool(r.get("synthetic")) and not missing(r.get("synthetic")),
        method=_text(r.get("method")),
        sample=Value(r.get("sample_size"), "count", label="sample_size"),
        partial=coverage_text(r),
        breaks=_breaks(r.get("breaks") if isinstance(r.get("breaks"), list) else []),
    )


def targets(frame: pd.DataFrame) -> list[Target]:
    return [target(r) for r in records(frame)]


def one_unit(frame: pd.DataFrame) -> bool:
    """True when every row is about the same unit (the plan's scope)."""
    return bool(frame["unit_code"].nunique() == 1)


def iter_trend_values(t: Target, last: int = 6) -> Iterator[float]:
    """The last values of the trend (what a sparkline draws)."""
    yield from (v for _, v in t.trend[-last:])


def by_target(frame: pd.DataFrame) -> list[list[Target]]:
    """The rows grouped by target, in the plan's order (a commune scorecard: each target
    with its communes, as `--worst` ranked them)."""
    groups: dict[Any, list[Target]] = {}
    for t in targets(frame):
        groups.setdefault(t.no, []).append(t)
    return list(groups.values())
