"""Status of a value against a target, with a projection to the deadline (pure).

Rule (documented in docs/indicators.md):

1. no value in any period → ``no data`` (reason says which input is missing);
2. the latest value meets the target → ``met``;
3. the latest period ends on or after the deadline → ``off track`` (deadline passed);
4. fewer than 2 periods with a value → ``no data: only one period — no trend``;
5. otherwise an ordinary least-squares line through the last ``TREND_POINTS`` values
   (x = the period's end as a decimal year) is projected to the end of the deadline.
   With 3 or more points a 95 % band is the confidence band of the fitted line at the
   deadline (Student t, n − 2 degrees of freedom). ``on track`` when the projection
   and the whole band meet the target, ``at risk`` when the band straddles it,
   ``off track`` when the projection and the whole band miss it. With exactly 2 points
   there is no band: ``on track`` if the projection meets the target, else
   ``off track`` (the reason says the projection rests on two points).
   Projections of percentages are clipped to [0, 100]. A projection (and band) is
   reported with every status once there are 2 periods, met or not.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from hatang.indicators.plans import Target
from hatang.model.periods import period_end, period_fraction

TREND_POINTS = 4
STATUSES = ("met", "on track", "at risk", "off track", "no data")


@dataclass(frozen=True)
class Status:
    status: str
    reason: str
    projection: float | None = None
    band_low: float | None = None
    band_high: float | None = None


def _fmt(v: float) -> str:
    return f"{v:,.4g}" if abs(v) < 1e4 else f"{v:,.0f}"


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


def assess(
    target: Target,
    series: list[tuple[str, float]],
    *,
    percent: bool = False,
    no_data_reason: str | None = None,
) -> Status:
    """Status of `series` (chronological (period, value) pairs with values) against `target`."""
    series = [(p, float(v)) for p, v in series if v is not None and v == v]
    if not series:
        return Status("no data", no_data_reason or "no value in any period")
    latest_p, latest = series[-1]
    goal = f"{target.comparator} {_fmt(target.value)}"
    proj = lo = hi = None
    if len(series) >= 2:
        proj, lo, hi = project(series, target.deadline)
        if percent:
            proj = float(np.clip(proj, 0, 100))
            lo = None if lo is None else float(np.clip(lo, 0, 100))
            hi = None if hi is None else float(np.clip(hi, 0, 100))
    if target.met(latest):
        return Status("met", f"{_fmt(latest)} in {latest_p} meets {goal}", proj, lo, hi)
    if period_end(latest_p) >= period_end(target.deadline):
        return Status(
            "off track",
            f"deadline {target.deadline} passed: {_fmt(latest)} in {latest_p} misses {goal}",
            proj,
            lo,
            hi,
        )
    if proj is None:
        return Status(
            "no data",
            f"only one period with a value ({latest_p}: {_fmt(latest)}) — no trend to project",
        )
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
