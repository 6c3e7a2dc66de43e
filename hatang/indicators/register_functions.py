"""The dead-spot register's supplementary indicators (docs/indicators.md, "Dead-spot
register"), pure: contributions per case, at its village, from the register's history.

A case's state at the end of a period is the fold of its events recorded by then
(`register_events.at`), so a period's figures stay what the register held at its end,
whatever happened after. Measures (`measure` param):

- `open` — cases in the register at the period's end, neither closed nor rejected;
- `overdue` — of those, overdue on the period's last day (hatang.register.figures);
- `fixed` — cases whose fix was recorded in the period;
- `verified` — cases verified in the period;
- `days_to_fix` — for the cases fixed in the period, each one's days from the report
  (`opened_on`) to the fix (`fixed_on`); the catalogue takes their median over the
  cases of each unit (`median-of-cases`), as the register's figures dataset does;
- `people_open` — people affected by the open cases, each modelled dead spot counted
  once however many cases match it.

With `operator` (the catalogue's per-operator indicators) only the cases assigned to
that operator at the period's end count — as the published figures' `operator`
(hatang.register.figures.period_figures); cases not yet assigned count in the
all-operator figure only. Each measure's contributions of every case are built once
per map (which cases it counts decided once for both maps, the cases located once per
map and period) and the per-operator indicators are slices of them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from hatang.indicators.boundaries import Context
from hatang.indicators.functions import _empty, _rows, register
from hatang.model.periods import period_end, period_start
from hatang.register.figures import as_of, overdue, recorded_in
from hatang.register.machine import FINISHED

MEASURES = ("open", "overdue", "fixed", "verified", "days_to_fix", "people_open")


def _measure(
    measure: str,
    cases: pd.DataFrame,
    events: pd.DataFrame,
    start: dt.date,
    end: dt.date,
    memo: dict[str, Any] | None = None,
) -> tuple[pd.DataFrame, np.ndarray]:
    """The cases counted and each one's numerator; `memo` keeps what several measures of
    the same cases and period share (the live cases, the cases fixed or verified)."""
    memo = {} if memo is None else memo
    if "live" not in memo:
        memo["live"] = cases[~cases["state"].isin(FINISHED)]
    live: pd.DataFrame = memo["live"]
    if measure == "open":
        return live, np.ones(len(live))
    if measure == "overdue":
        late = live[overdue(live, end).notna().to_numpy()]
        return late, np.ones(len(late))
    if measure in ("fixed", "verified", "days_to_fix"):
        action = "verify" if measure == "verified" else "fix"
        if action not in memo:
            memo[action] = cases[cases["case_id"].isin(recorded_in(events, action, start, end))]
        done: pd.DataFrame = memo[action]
        if measure != "days_to_fix":
            return done, np.ones(len(done))
        days = (pd.to_datetime(done["fixed_on"]) - pd.to_datetime(done["opened_on"])).dt.days
        return done, days.to_numpy(dtype=float)
    if measure == "people_open":
        people = pd.to_numeric(live["people_affected"], errors="coerce").fillna(0.0)
        ref = live["modelled_ref"]
        repeated = ref.notna() & ref.duplicated(keep="first")
        return live, np.where(repeated.to_numpy(), 0.0, people.to_numpy(dtype=float))
    raise ValueError(f"unknown register measure {measure!r} (known: {', '.join(MEASURES)})")


def _located(ctx: Context, cases: pd.DataFrame) -> pd.DataFrame:
    """Each case at its village on the target map, else at the commune holding its point."""
    villages = ctx.codes("village")
    given = cases["village_code"].astype(object)
    ok = given.isin(villages).to_numpy()
    level = "village" if len(villages) else "commune"
    at = (
        ctx.assign_points(cases["lon"].astype(float), cases["lat"].astype(float), level=level)
        if len(cases)
        else np.array([], dtype=object)
    )
    return cases.assign(
        unit_code=np.where(ok, given.fillna(""), at), method_code=np.where(ok, 2, 1)
    )


def _folded(ctx: Context, events: pd.DataFrame, end: dt.date) -> pd.DataFrame:
    """The register as of `end`, folded once per computation (every register indicator
    and map reads the same fold)."""
    key = ("register_as_of", len(events), int(events["seq"].max()), end)
    if key not in ctx.shared:
        ctx.shared[key] = as_of(events, end)
    folded: pd.DataFrame = ctx.shared[key]
    return folded


def _places(ctx: Context, events: pd.DataFrame, end: dt.date) -> tuple[np.ndarray, np.ndarray]:
    """Where each case of the register as of `end` lies on the context's map (unit code,
    method code; by position in the fold), once per map and period: every measure reads
    the same cases."""
    key = ("register_places", end)
    if key not in ctx._cache:
        located = _located(ctx, _folded(ctx, events, end))
        ctx._cache[key] = (located["unit_code"].to_numpy(), located["method_code"].to_numpy())
    found: tuple[np.ndarray, np.ndarray] = ctx._cache[key]
    return found


def _measured(
    ctx: Context, events: pd.DataFrame, measure: str, p: str
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """The cases `measure` counts in period `p`, each one's numerator in the all-case and
    in its operator's own figure; once for every map (which cases count does not depend
    on the map)."""
    key = ("register_measured", measure, len(events), int(events["seq"].max()), p)
    if key not in ctx.shared:
        start, end = period_start(p), period_end(p)
        memo = ctx.shared.setdefault(("register_memo", key[2:]), {})
        folded = _folded(ctx, events, end)
        chosen, numerator = _measure(measure, folded, events, start, end, memo)
        own = _people_each_operator(chosen) if measure == "people_open" else numerator
        ctx.shared[key] = (chosen, numerator, own)
    found: tuple[pd.DataFrame, np.ndarray, np.ndarray] = ctx.shared[key]
    return found


def _people_each_operator(live: pd.DataFrame) -> np.ndarray:
    """`people_open`'s numerator as each operator's own figure counts it: a modelled dead
    spot once per operator (the first of that operator's cases matching it), which is
    the all-case rule applied to the operator's cases alone."""
    people = pd.to_numeric(live["people_affected"], errors="coerce").fillna(0.0)
    pair = pd.DataFrame(
        {
            "operator": live["assigned_operator"].astype(object).to_numpy(),
            "ref": live["modelled_ref"].to_numpy(),
        }
    )
    repeated = live["modelled_ref"].notna().to_numpy() & pair.duplicated(keep="first").to_numpy()
    return np.where(repeated, 0.0, people.to_numpy(dtype=float))


def _period_rows(ctx: Context, events: pd.DataFrame, measure: str, p: str) -> dict[str, np.ndarray]:
    """One period's contributions of every case as columns (made into one frame for
    every period at once), with each one's assigned operator and its numerator in that
    operator's own figure."""
    chosen, numerator, own = _measured(ctx, events, measure, p)
    units, methods = _places(ctx, events, period_end(p))
    at = chosen.index.to_numpy()  # the fold's positions
    placed = pd.notna(units[at])
    keep = chosen[placed]
    out = {
        "unit_code": units[at][placed],
        "period": np.full(int(placed.sum()), p, dtype=object),
        "method_code": methods[at][placed],
    }
    for column in ("import_id", "synthetic"):  # as the cases have them
        if column in keep:
            out[column] = keep[column].to_numpy()
    out["numerator"] = np.asarray(numerator[placed], dtype=float)
    out["assigned"] = keep["assigned_operator"].astype(object).to_numpy()
    out["own"] = own[placed].astype(float)
    return out


def _every_case(
    ctx: Context, events: pd.DataFrame, measure: str
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """`measure`'s contributions of every case in every period, once per map: the
    per-operator indicators are slices of it (a pass per operator folded, measured and
    located the same cases again). The periods' columns are joined first and made into
    one frame (a frame per period, concatenated, cost more than the measures)."""
    key = ("register_cases", measure)
    if key not in ctx._cache:
        events = events.assign(case_id=events["case_id"].astype(str))
        parts = [_period_rows(ctx, events, measure, p) for p in ctx.periods]
        cols = {c: np.concatenate([part[c] for part in parts]) for c in parts[0]}
        assigned, own, numerator = cols.pop("assigned"), cols.pop("own"), cols.pop("numerator")
        d = pd.DataFrame(cols)
        n = len(d)
        denominator = np.ones(n) if measure == "days_to_fix" else np.full(n, np.nan)
        ctx._cache[key] = (_rows(d, "register_events", numerator, denominator), assigned, own)
    found: tuple[pd.DataFrame, np.ndarray, np.ndarray] = ctx._cache[key]
    return found


@register("register_cases")
def register_cases(ctx: Context, measure: str, operator: str | None = None) -> pd.DataFrame:
    """Contributions of the register's cases to `measure`, of `operator`'s cases only
    when given (module docstring)."""
    events = ctx.frame("register_events")
    if measure not in MEASURES:
        raise ValueError(f"unknown register measure {measure!r} (known: {', '.join(MEASURES)})")
    if events.empty or not ctx.periods:
        return _empty(["numerator", "denominator"])
    rows, assigned, own = _every_case(ctx, events, measure)
    if operator is None:
        return rows
    mine = pd.Series(assigned, dtype=object).eq(operator).fillna(False).to_numpy(dtype=bool)
    return rows[mine].reset_index(drop=True).assign(numerator=own[mine])
