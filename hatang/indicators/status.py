"""Status of a value against a target, with a projection to the deadline (pure).

A status is about one period, the one asked (`as_of`: `--period`, else the latest
period with values). Rule (documented in docs/indicators.md, "Status against a target"):

1. no value in any period up to `as_of` → ``no data`` (the reason says which input);
2. the value is older than `as_of` allows (each indicator's values count for
   `current_for` quarters) → ``no current data``: the old value is shown with its
   period, never judged;
3. the value covers only part of its unit (fewer units reported than the share the
   settings require) → ``partial data``;
4. fewer respondents or tests than the indicator's minimum → ``too few responses`` /
   ``too few tests``: the value is shown with its n, no verdict;
5. the value meets the target → ``met``; for a sample estimate whose 95 % interval
   reaches below the target, ``met within margin`` (catalogue `ci_rule = "margin"`) or
   not met at all (`ci_rule = "lower-bound"`: met only if the lower bound clears it);
6. `as_of` ends on or after the deadline and the target is not met → ``missed``; there
   is no projection past the deadline;
7. only one status-grade value → ``no data: only one period — no trend to project``;
8. otherwise an ordinary least-squares line through the last ``TREND_POINTS`` values
   (x = the period's end as a decimal year) is projected to the end of the deadline.
   With 3 or more points a 95 % band is the confidence band of the fitted line at the
   deadline (Student t, n − 2 degrees of freedom). ``on track`` when the projection
   and the whole band meet the target, ``at risk`` when the band straddles it,
   ``off track`` when the projection and the whole band miss it. With exactly 2 points
   there is no band: ``on track`` if the projection meets the target, else
   ``off track`` (the reason says the projection rests on two points).
   Projections of percentages are clipped to [0, 100]. Before the deadline a
   projection (and band) is reported with every status once there are 2 values.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hatang.indicators.plans import Target
from hatang.model.periods import period_end, period_fraction

TREND_POINTS = 4
STATUSES = (
    "met",
    "met within margin",
    "on track",
    "at risk",
    "off track",
    "missed",
    "no current data",
    "partial data",
    "too few responses",
    "too few tests",
    "no data",
)
CI_RULES = ("margin", "lower-bound", "none")


@dataclass(frozen=True)
class Status:
    status: str
    reason: str
    projection: float | None = None
    band_low: float | None = None
    band_high: float | None = None
    #: the period asked ends on or after the deadline: nothing left to project
    past_deadline: bool = False


@dataclass(frozen=True)
class Reading:
    """The value a status is about, with what qualifies it (see the module's rule)."""

    period: str
    value: float
    ci_low: float | None = None
    ci_high: float | None = None
    #: older than the period asked allows: shown, not judged
    stale: bool = False
    #: "56 of 57 communes (98.2 % of people)" when the value covers only part of its unit
    partial: str | None = None
    #: "responses" or "tests" when the sample is below the indicator's minimum
    too_few: str | None = None
    sample_size: int | None = None
    min_sample: int | None = None


def _fmt(v: float) -> str:
    return f"{v:,.4g}" if abs(v) < 1e4 else f"{v:,.0f}"


def quarters_between(earlier: str, later: str) -> int:
    """Whole quarters from the end of `earlier` to the end of `later` (0: the same)."""
    a, b = period_end(earlier), period_end(later)
    return (b.year - a.year) * 4 + (b.month - 1) // 3 - (a.month - 1) // 3


def project(
    series: list[tuple[str, float]], deadline: str
) -> tuple[float, float | None, float | None]:
    """OLS projection of the last TREND_POINTS values to the deadline's end, with a 95 % band."""
    from scipy import stats

    pts = series[-TREND_POINTS:]
    x = np.array([period_fraction(p) for p, _ in pts])
    y = np.array([v for _, v in pts], dtype=float)
    x0 = period_fraction(deadline)
    n = len(x)
    xbar = x.mean()
    sxx = float(((x - xbar) ** 2).sum())
    slope = float(((x - xbar) * (y - y.mean())).sum() / sxx) if sxx > 0 else 0.0
    intercept = float(y.mean() - slope * xbar)
    proj = intercept + slope * x0
    if n < 3 or sxx == 0:
        return proj, None, None
    resid = y - (intercept + slope * x)
    s = float(np.sqrt((resid**2).sum() / (n - 2)))
    se = s * np.sqrt(1 / n + (x0 - xbar) ** 2 / sxx)
    t = float(stats.t.ppf(0.975, n - 2))
    return proj, proj - t * se, proj + t * se


def _projection(
    series: list[tuple[str, float]], target: Target, percent: bool
) -> tuple[float | None, float | None, float | None]:
    if len(series) < 2:
        return None, None, None
    proj, lo, hi = project(series, target.deadline)
    if percent:
        return (
            float(np.clip(proj, 0, 100)),
            None if lo is None else float(np.clip(lo, 0, 100)),
            None if hi is None else float(np.clip(hi, 0, 100)),
        )
    return proj, lo, hi


def _verdict(target: Target, r: Reading, ci_rule: str) -> tuple[str | None, str]:
    """'met' / 'met within margin' / None (not met), and why."""
    goal = f"{target.comparator} {_fmt(target.value)}"
    said = f"{_fmt(r.value)} in {r.period}"
    bound = r.ci_low if target.comparator == ">=" else r.ci_high
    if target.comparator == "==" or bound is None or ci_rule == "none":
        return ("met", f"{said} meets {goal}") if target.met(r.value) else (None, "")
    ci = f"95 % interval {_fmt(r.ci_low or 0)}–{_fmt(r.ci_high or 0)}"
    if target.met(bound):
        return "met", f"{said} meets {goal} ({ci} clears it)"
    if target.met(r.value) and ci_rule == "margin":
        return "met within margin", f"{said} meets {goal}, within the margin of error ({ci})"
    if target.met(r.value):
        return None, f"{said} meets {goal} but the {ci} does not clear it"
    return None, ""


def _unjudged(target: Target, r: Reading, as_of: str) -> tuple[str, str] | None:
    """Statuses that show the value without a verdict: stale, partial, too few."""
    if r.stale:
        return "no current data", f"latest value {_fmt(r.value)} is from {r.period}, not {as_of}"
    if r.partial:
        return "partial data", f"partial: {r.partial} in {r.period}; {_fmt(r.value)} from those"
    if r.too_few:
        n = "—" if r.sample_size is None else f"{r.sample_size:,}"
        least = "" if r.min_sample is None else f" (at least {r.min_sample:,} needed)"
        return f"too few {r.too_few}", f"{n} {r.too_few} in {r.period}{least}"
    return None


def assess(
    target: Target,
    series: list[tuple[str, float]],
    *,
    current: Reading | None = None,
    as_of: str | None = None,
    percent: bool = False,
    ci_rule: str = "none",
    no_data_reason: str | None = None,
) -> Status:
    """Status of `current` against `target`, projected from `series` (chronological
    (period, value) pairs fit to judge: current, complete, enough sample)."""
    series = [(p, float(v)) for p, v in series if v is not None and v == v]
    if current is None and series:
        current = Reading(*series[-1])
    if current is None:
        return Status("no data", no_data_reason or "no value in any period")
    as_of = as_of or current.period
    past = period_end(as_of) >= period_end(target.deadline)
    proj, lo, hi = (None, None, None) if past else _projection(series, target, percent)
    unjudged = _unjudged(target, current, as_of)
    if unjudged:
        return Status(*unjudged, proj, lo, hi, past)
    verdict, why = _verdict(target, current, ci_rule)
    if verdict:
        return Status(verdict, why, proj, lo, hi, past)
    goal = f"{target.comparator} {_fmt(target.value)}"
    if past:
        said = why or f"{_fmt(current.value)} in {current.period} misses {goal}"
        return Status("missed", f"deadline {target.deadline} reached: {said}", past_deadline=True)
    if proj is None:
        return Status(
            "no data",
            f"only one period with a value ({current.period}: {_fmt(current.value)}) — "
            "no trend to project",
        )
    return _trend_status(target, series, proj, lo, hi)


def _trend_status(
    target: Target, series: list[tuple[str, float]], proj: float, lo: float | None, hi: float | None
) -> Status:
    goal = f"{target.comparator} {_fmt(target.value)}"
    n = min(len(series), TREND_POINTS)
    where = f"projected {_fmt(proj)} by end of {target.deadline} from {n} periods"
    if lo is None or hi is None:  # two points: no band (project gives both or neither)
        ok = target.met(proj)
        return Status(
            "on track" if ok else "off track",
            f"{where} (2 points, no uncertainty band) {'meets' if ok else 'misses'} {goal}",
            proj,
        )
    band = f"{where}, 95 % band {_fmt(lo)}–{_fmt(hi)}"
    lo_ok, hi_ok, p_ok = target.met(lo), target.met(hi), target.met(proj)
    if lo_ok and hi_ok and p_ok:
        return Status("on track", f"{band} meets {goal}", proj, lo, hi)
    if not lo_ok and not hi_ok and not p_ok:
        return Status("off track", f"{band} misses {goal}", proj, lo, hi)
    return Status("at risk", f"{band} straddles {goal}", proj, lo, hi)
