"""The plan scorecard: every target of a plan against the stored indicator values.

`scorecard(ws, ...)` is the one function the CLI and the web call; its columns are
stable (SCORECARD_COLUMNS). A plan's scope is a unit on either map; on the other map
it is the set of communes the crosswalk links to it, stored by the engine as the
virtual unit ``<map>:<code>`` (level ``scope``), e.g. ``2024:36`` on the 2025 map.
"""

from __future__ import annotations

import json
from dataclasses import replace
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from hatang.errors import ConfigError, NotFound, WorkspaceBusy
from hatang.indicators import breaks as series
from hatang.indicators import population
from hatang.indicators.areas import area_name, communes_inside
from hatang.indicators.catalogue import Indicator, load_catalogue
from hatang.indicators.incremental import compute_workspace
from hatang.indicators.plans import (
    COUNTRY,
    Plan,
    Target,
    default_plan,
    get_plan,
    national_plans,
    province_plan,
    relative_gap,
)
from hatang.indicators.population import PopulationBase
from hatang.indicators.status import Reading, Status, assess, quarters_between
from hatang.model.periods import MAPS, parse_period, period_end, sort_periods
from hatang.store import indicators as store
from hatang.store.db import get_meta
from hatang.store.workspace import Workspace

#: the name a national plan's scorecard gives the whole country
COUNTRY_NAME = "Việt Nam (cả nước / the whole country)"

SCORECARD_COLUMNS = [
    "target_no",
    "pillar",
    "indicator",
    "name_vi",
    "name_en",
    "unit_code",
    "unit_name",
    "period",
    "numerator",
    "denominator",
    "value",
    "unit",
    "comparator",
    "target",
    "deadline",
    "status",
    "status_reason",
    "projection",
    "trend",
    "method",
    "reliable",
    "synthetic",
    # added after the first release (stable too)
    "level",
    "sample_size",
    "ci_low",
    "ci_high",
    "projection_low",
    "projection_high",
    "no_data_reason",
    # how to read the figure (docs/indicators.md)
    "as_of",
    "past_deadline",
    "coverage_level",
    "units_reporting",
    "units_expected",
    "coverage_share",
    "partial",
    "population_base",
    "breaks",
]
_COVERAGE = ("coverage_level", "units_reporting", "units_expected", "coverage_share", "partial")


def _check_map(map_: str) -> str:
    if str(map_) not in MAPS:
        raise ConfigError(f"--map {map_!r}: expected 2024 or 2025 / bản đồ phải là 2024 hoặc 2025")
    return str(map_)


def scope_code(plan: Plan, map_: str) -> str:
    """The unit code holding the plan's scope on `map_` (virtual '<map>:<code>' on the other map)."""
    return plan.scope_code if plan.scope_map == map_ else f"{plan.scope_map}:{plan.scope_code}"


def _read(
    ws: Workspace, map_: str, indicators: list[str]
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, PopulationBase | None]:
    with ws.connect() as con:
        vals = store.read_values(con, map_=map_, indicators=indicators)
        units = store.read_units(con)
        crosswalk = store.read_crosswalk(con)
        base = population.from_json(get_meta(con, population.META_KEY))
    vals["order"] = vals["period"].map(
        {p: i for i, p in enumerate(sort_periods(vals["period"].unique()))}
    )
    vals = vals.sort_values("order")
    return vals, units, crosswalk, base


def _resolve_unit(
    unit: str | None, plan: Plan, map_: str, vals: pd.DataFrame, units: pd.DataFrame
) -> str:
    here = set(units[units["map"].astype(str) == map_]["code"].astype(str))
    present = set(vals["unit_code"].astype(str))
    if unit is None:
        code = scope_code(plan, map_)
        if not present:
            raise NotFound(
                f"no indicator values for plan {plan.id}'s targets in this workspace yet: import "
                "data (`hatang import KIND FILE`), then run `hatang scorecard` again"
            )
        if code not in present:
            raise NotFound(
                f"plan {plan.id} covers unit {plan.scope_code} on the {plan.scope_map} map, which has no values on "
                f"the {map_} map in this workspace; run `hatang compute`, or pass --unit CODE"
            )
        return code
    if unit in here or unit in present:
        return unit
    other = "2024" if map_ == "2025" else "2025"
    if f"{other}:{unit}" in present:
        return f"{other}:{unit}"
    raise NotFound(f"unit {unit!r} is not on the {map_} map of this workspace (try --map {other})")


def _provinces(map_: str, units: pd.DataFrame) -> list[str]:
    """Every province of `map_` (a national workspace: all of them)."""
    p = units[(units["map"].astype(str) == map_) & (units["level"] == "province")]
    return sorted(p["code"].astype(str))


def ranked(out: pd.DataFrame) -> pd.DataFrame:
    """Under each target, the units best first (by how far they are past or short of the
    target, relative to it: `relative_gap`), units without a value last, unranked; `rank` 1…n."""
    out = out.copy()
    gaps = [
        relative_gap(v, c, t) if pd.notna(v) else np.inf
        for v, c, t in zip(out["value"], out["comparator"], out["target"], strict=True)
    ]
    out["_gap"] = gaps
    out = out.sort_values(["target_no", "_gap", "unit_code"], kind="mergesort")
    rank = out.groupby("target_no").cumcount() + 1
    out["rank"] = rank.where(np.isfinite(out["_gap"])).astype("Int64")
    return out.drop(columns=["_gap"]).reset_index(drop=True)


def choose_plan(ws: Workspace, plan_id: str | None, province: str | None = None) -> Plan:
    """The plan asked for, else the one plan whose scope is a unit of this workspace
    (of `province` when narrowed to one: `plans.province_plan`); a national
    workspace's default is its national plan when it has one."""
    if plan_id is not None:
        plan = get_plan(plan_id, ws.root)
        return plan.for_province(province) if province and plan.national else plan
    if province is not None:
        from hatang.store.national import read_province_scope

        return province_plan(ws.root, province, set(read_province_scope(ws, province).units))
    w = ws.settings.workspace
    if w.country and (national := national_plans(ws.root)):
        return national[0]
    with ws.connect() as con:
        units = store.read_units(con)
    keys = set(zip(units["map"].astype(str), units["code"].astype(str), strict=True))
    return default_plan(ws.root, keys, f"{w.name}, {w.province}")


def scorecard(
    ws: Workspace,
    *,
    plan_id: str | None = None,
    period: str | None = None,
    map: str = "2025",
    unit: str | None = None,
    level: str | None = None,
    worst: int | None = None,
    refresh: bool = True,
    by: str | None = None,
    province: str | None = None,
) -> pd.DataFrame:
    """One row per target (and per commune with level='commune' or worst=N; per province
    of `map` with by='province', ranked) — SCORECARD_COLUMNS (+ rank with `by`).

    Without `plan_id`, the plan that applies to the workspace (plans.default_plan).
    `province` (a 2025 province of a national workspace) narrows it to that province:
    its plan (`plans.province_plan`), its unit as the scope.
    """
    map_ = _check_map(map)
    plan = choose_plan(ws, plan_id, province)
    if province is not None and unit is None:
        unit = province if map_ == "2025" else f"2025:{province}"
    if period is not None:
        try:
            period = parse_period(period)
        except ValueError as e:
            raise ConfigError(f"--period: {e} / kỳ không hợp lệ") from None
    if level not in (None, "commune"):
        raise ConfigError(
            f"--level {level!r}: only 'commune' is supported (default: the plan's scope) / "
            "chỉ hỗ trợ 'commune' (mặc định: phạm vi của kế hoạch)"
        )
    if worst is not None and worst < 1:
        raise ConfigError("--worst must be 1 or more / --worst phải từ 1 trở lên")
    if by not in (None, "province"):
        raise ConfigError(f"--by {by!r}: only 'province' is supported / chỉ hỗ trợ 'province'")
    if refresh:
        try:
            compute_workspace(ws)
        except WorkspaceBusy:  # another process holds the workspace: use the stored values
            pass
    catalogue = load_catalogue()
    vals, units, crosswalk, people = _read(ws, map_, sorted({t.indicator for t in plan.targets}))
    label = people.label() if people else None
    code = "" if by == "province" and unit is None else _resolve_unit(unit, plan, map_, vals, units)
    if by == "province":
        codes = _provinces(map_, units)
    elif level == "commune" or worst:
        codes = communes_inside(code, map_, units, crosswalk)
    else:
        codes = [code]
    names = units[units["map"].astype(str) == map_].set_index("code")["name"].to_dict()
    if code == COUNTRY:  # a national plan for the whole country (the 2025 map's values)
        names[code] = COUNTRY_NAME
    elif code:
        names[code] = _scope_name(code, names.get(code, code), map_, units, crosswalk)
    by_key = _series(vals[vals["unit_code"].isin(codes)])
    levels = {i: set(g["level"].dropna().astype(str)) for i, g in vals.groupby("indicator")}
    as_of = period or _latest_period(vals[vals["unit_code"].isin(codes)])
    own = {c: plan.for_province(c).targets for c in codes} if plan.national else {}
    rows = []
    for i, t in enumerate(plan.targets):
        ind = catalogue[t.indicator]
        missing = _missing_reason(levels.get(t.indicator, set()), level == "commune" or worst)
        for c in codes:
            mine = own[c][i] if c in own else t  # a national plan: the province's own target
            g = by_key.get((t.indicator, c))
            row = _row(mine, ind, c, names.get(c, c), g, as_of, ws.synthetic, missing)
            row["population_base"] = label if t.indicator in population.PER_PERSON else None
            rows.append(row)
    out = pd.DataFrame(rows, columns=SCORECARD_COLUMNS)
    if by == "province":
        out = ranked(out)
    elif worst:
        out = furthest(out, worst)
    out = out.reset_index(drop=True)
    out.attrs["population_base"] = None if people is None else json.loads(people.to_json())
    out.attrs["plan"] = plan.id  # the plan chosen when none was named
    return out


def _scope_name(
    code: str, name: str, map_: str, units: pd.DataFrame, crosswalk: pd.DataFrame
) -> str:
    """The scope's name: a virtual '<map>:<code>' scope says its map; a unit held in
    part says which part (`areas.area_name`)."""
    if ":" not in code:
        return area_name(code, name, map_, units, crosswalk)
    smap, scode = code.split(":", 1)
    base = units[(units["map"].astype(str) == smap) & (units["code"] == scode)]["name"]
    return f"{base.iloc[0] if len(base) else scode} (bản đồ {smap} / {smap} map)"


def _latest_period(vals: pd.DataFrame) -> str | None:
    """The latest period with a value: what the scorecard reports on by default."""
    with_value = vals[vals["value"].notna()]["period"].unique()
    periods = sort_periods(with_value)
    return periods[-1] if periods else None


def furthest(frame: pd.DataFrame, n: int) -> pd.DataFrame:
    """The `n` units furthest from each target (`relative_gap`, largest first) among the
    rows with a value: what `--worst N` shows, also over a `level='commune'` frame."""
    out = frame[frame["value"].notna()].copy()
    out["_gap"] = [
        relative_gap(v, c, tv)
        for v, c, tv in zip(out["value"], out["comparator"], out["target"], strict=True)
    ]
    return (
        out.sort_values(["target_no", "_gap"], ascending=[True, False], kind="stable")
        .groupby("target_no")
        .head(n)
        .drop(columns=["_gap"])
        .reset_index(drop=True)
    )


def _missing_reason(levels: set[str], per_commune: bool) -> str:
    """Why a unit has no stored value of an indicator."""
    if per_commune and levels and "commune" not in levels:
        shown = ", ".join(sorted(levels - {"scope"}) or levels)
        return f"not computed per commune: this indicator has values at {shown} level only"
    return "no values computed for this unit (run `hatang compute`)"


def _clean(v: Any) -> Any:
    """None for a missing value (None, NaN, pandas NA)."""
    if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
        return None
    return v


Record = dict[str, Any]
#: a period's last day, looked up once per period (thousands of series share a few)
_period_end = lru_cache(maxsize=256)(period_end)


def _series(vals: pd.DataFrame) -> dict[tuple[str, str], list[Record]]:
    """Each (indicator, unit)'s stored rows as records, in the stored order — plain
    dicts, because a scorecard of every commune reads thousands of tiny series."""
    out: dict[tuple[str, str], list[Record]] = {}
    for r in vals.to_dict("records"):
        out.setdefault((str(r["indicator"]), str(r["unit_code"])), []).append(
            {str(k): v for k, v in r.items()}
        )
    return out


def _upto(g: list[Record], as_of: str | None) -> list[Record]:
    if as_of is None or not g:
        return g
    end = _period_end(as_of)
    return [r for r in g if _period_end(str(r["period"])) <= end]


def coverage_text(r: pd.Series | dict[str, Any]) -> str | None:
    """'56 of 57 communes (98.2 % of the people)' for a partial value, else None."""
    flag = _clean(r.get("partial"))
    if flag is None or not bool(flag):
        return None
    n, m, level = r.get("units_reporting"), r.get("units_expected"), r.get("coverage_level")
    text = f"{int(n):,} of {int(m):,} {level}s"
    share = _clean(r.get("coverage_share"))
    return text if share is None else f"{text} ({100 * float(share):.1f} % of the people)"


def _too_few(ind: Indicator, n: Any) -> str | None:
    """'responses' / 'tests' when the sample is below the indicator's minimum for a status."""
    if not ind.min_sample or n is None or float(n) >= ind.min_sample:
        return None
    return "responses" if ind.aggregation == "survey" else "tests"


def _reading(ind: Indicator, r: Record, as_of: str) -> Reading:
    """The row a status is about, with what qualifies it."""
    n = _clean(r.get("sample_size"))
    return Reading(
        period=str(r["period"]),
        value=float(r["value"]),
        ci_low=_clean(r.get("ci_low")),
        ci_high=_clean(r.get("ci_high")),
        stale=quarters_between(str(r["period"]), as_of) >= ind.current_for,
        partial=coverage_text(r),
        too_few=_too_few(ind, n),
        sample_size=None if n is None else int(n),
        min_sample=ind.min_sample or None,
    )


def _graded(ind: Indicator, has: list[Record]) -> list[tuple[str, float]]:
    """The values fit to project from: complete ones on enough sample (a partial sum or
    a handful of respondents is not a trend)."""
    out = []
    for r in has:
        n = _clean(r.get("sample_size"))
        if bool(_clean(r.get("partial"))) or (
            ind.min_sample and n is not None and n < ind.min_sample
        ):
            continue
        out.append((str(r["period"]), float(r["value"])))
    return out


def _row(
    t: Target,
    ind: Indicator,
    code: str,
    name: str,
    g: list[Record] | None,
    as_of: str | None,
    synthetic: bool,
    missing: str = "no values computed for this unit (run `hatang compute`)",
) -> dict[str, Any]:
    row: dict[str, Any] = {
        "target_no": t.no,
        "pillar": t.pillar,
        "indicator": t.indicator,
        "name_vi": ind.name_vi,
        "name_en": ind.name_en,
        "unit_code": code,
        "unit_name": name,
        "unit": ind.unit,
        "comparator": t.comparator,
        "target": t.value,
        "deadline": t.deadline,
        "synthetic": synthetic,
        "as_of": as_of,
        "trend": [],
        "breaks": [],
    }
    g = _upto(g or [], as_of)
    if not g:
        st = assess(t, [], as_of=as_of, no_data_reason=missing)
        return {**row, **_status(st), "period": as_of, "no_data_reason": missing}
    has = [r for r in g if _clean(r["value"]) is not None]
    trend = [[str(r["period"]), float(r["value"])] for r in has]
    asked = [r for r in g if r["period"] == as_of]
    why = _clean(asked[0]["no_data_reason"]) if asked else None
    why = why or (f"no value for {as_of}" if as_of is not None else None)
    if not has:
        st = assess(t, [], as_of=as_of, no_data_reason=why)
        return {**row, **_status(st), "period": as_of, "no_data_reason": why, "trend": trend}
    cur = has[-1]
    periods = [str(r["period"]) for r in has]
    found = series.breaks(periods, [r["method"] for r in has], cur.get("level"))
    reading = _reading(ind, cur, as_of or str(cur["period"]))
    st = assess(
        t,
        _graded(ind, has[series.last_segment(periods, found) :]),
        current=reading,
        as_of=as_of,
        percent=ind.unit == "%",
        ci_rule=ind.ci_rule,
    )
    if reading.stale and why:
        st = replace(st, reason=f"{st.reason} ({why})")
    return {**row, **_status(st), **_values(cur, synthetic), "trend": trend, "breaks": found}


def _status(st: Status) -> dict[str, Any]:
    return {
        "status": st.status,
        "status_reason": st.reason,
        "projection": st.projection,
        "projection_low": st.band_low,
        "projection_high": st.band_high,
        "past_deadline": st.past_deadline,
    }


def _values(r: Record, synthetic: bool) -> dict[str, Any]:
    """The stored columns of the value shown."""
    reliable, syn, n = _clean(r["reliable"]), _clean(r["synthetic"]), _clean(r["sample_size"])
    return {
        **{c: _clean(r[c]) for c in ("period", "numerator", "denominator", "value", "method")},
        **{c: _clean(r[c]) for c in ("level", "ci_low", "ci_high", "no_data_reason")},
        "reliable": None if reliable is None else bool(reliable),
        "synthetic": synthetic if syn is None else bool(syn),
        "sample_size": None if n is None else int(n),
        **{c: _clean(r.get(c)) for c in _COVERAGE},
    }


def scorecard_json(frame: pd.DataFrame, *, plan_id: str, map_: str, synthetic: bool) -> str:
    """The scorecard as JSON: {plan, map, synthetic, rows: [...]} (NaN → null)."""
    rows = json.loads(frame.to_json(orient="records", force_ascii=False))
    return json.dumps(
        {
            "plan": plan_id,
            "map": map_,
            "synthetic": synthetic,
            "label": "dữ liệu mô phỏng / synthetic data" if synthetic else None,
            "population_base": frame.attrs.get("population_base"),
            "rows": rows,
        },
        ensure_ascii=False,
        indent=2,
    )
