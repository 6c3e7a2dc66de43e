"""The plan scorecard: every target of a plan against the stored indicator values.

`scorecard(ws, ...)` is the one function the CLI and the web call; its columns are
stable (SCORECARD_COLUMNS). A plan's scope is a unit on either map; on the other map
it is the set of communes the crosswalk links to it, stored by the engine as the
virtual unit ``<map>:<code>`` (level ``scope``), e.g. ``2024:36`` on the 2025 map.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from hatang.errors import ConfigError, NotFound, WorkspaceBusy
from hatang.indicators.boundaries import Context, sort_periods
from hatang.indicators.catalogue import load_catalogue
from hatang.indicators.compute import compute_workspace, plan_scopes
from hatang.indicators.plans import Plan, get_plan
from hatang.indicators.status import assess
from hatang.model.periods import MAPS, parse_period, period_end
from hatang.store import indicators as store
from hatang.store.workspace import Workspace

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
]


def _check_map(map_: str) -> str:
    if str(map_) not in MAPS:
        raise ConfigError(f"--map {map_!r}: expected 2024 or 2025")
    return str(map_)


def scope_code(plan: Plan, map_: str) -> str:
    """The unit code holding the plan's scope on `map_` (virtual '<map>:<code>' on the other map)."""
    return plan.scope_code if plan.scope_map == map_ else f"{plan.scope_map}:{plan.scope_code}"


def _read(
    ws: Workspace, map_: str, indicators: list[str]
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    with ws.connect() as con:
        vals = store.read_values(con, map_=map_, indicators=indicators)
        units = store.read_units(con)
        crosswalk = store.read_crosswalk(con)
    vals["order"] = vals["period"].map(
        {p: i for i, p in enumerate(sort_periods(vals["period"].unique()))}
    )
    vals = vals.sort_values("order")
    return vals, units, crosswalk


def _resolve_unit(
    unit: str | None, plan: Plan, map_: str, vals: pd.DataFrame, units: pd.DataFrame
) -> str:
    here = set(units[units["map"].astype(str) == map_]["code"].astype(str))
    present = set(vals["unit_code"].astype(str))
    if unit is None:
        code = scope_code(plan, map_)
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


def _members(code: str, map_: str, units: pd.DataFrame, crosswalk: pd.DataFrame) -> list[str]:
    """Communes inside `code` on `map_` (a real unit, or a virtual '<map>:<code>' scope)."""
    frames = {"units": units, "crosswalk": crosswalk}
    if ":" in code:
        smap, scode = code.split(":", 1)
        return plan_scopes(frames, map_, [(smap, scode)]).get(code, [])
    ctx = Context(frames, map_, [])
    anc = ctx.ancestors
    inside = anc[(anc["anc_code"] == code) & (anc["code"].map(ctx.units["level"]) == "commune")]
    return sorted(inside["code"].astype(str))


def _gap(value: float, comparator: str, target: float) -> float:
    scale = max(abs(target), 1e-9)
    if comparator == ">=":
        return (target - value) / scale
    if comparator == "<=":
        return (value - target) / scale
    return abs(value - target) / scale


def scorecard(
    ws: Workspace,
    *,
    plan_id: str = "kh-137-2024",
    period: str | None = None,
    map: str = "2025",
    unit: str | None = None,
    level: str | None = None,
    worst: int | None = None,
    refresh: bool = True,
) -> pd.DataFrame:
    """One row per target (and per commune with level='commune' or worst=N) — SCORECARD_COLUMNS."""
    map_ = _check_map(map)
    plan = get_plan(plan_id, ws.root)
    if period is not None:
        try:
            period = parse_period(period)
        except ValueError as e:
            raise ConfigError(f"--period: {e}") from None
    if level not in (None, "commune"):
        raise ConfigError(
            f"--level {level!r}: only 'commune' is supported (default: the plan's scope)"
        )
    if worst is not None and worst < 1:
        raise ConfigError("--worst must be 1 or more")
    if refresh:
        try:
            compute_workspace(ws)
        except WorkspaceBusy:  # another process holds the workspace: use the stored values
            pass
    catalogue = load_catalogue()
    vals, units, crosswalk = _read(ws, map_, sorted({t.indicator for t in plan.targets}))
    code = _resolve_unit(unit, plan, map_, vals, units)
    codes = _members(code, map_, units, crosswalk) if (level == "commune" or worst) else [code]
    names = units[units["map"].astype(str) == map_].set_index("code")["name"].to_dict()
    if ":" in code:
        smap, scode = code.split(":", 1)
        base = units[(units["map"].astype(str) == smap) & (units["code"] == scode)]["name"]
        names[code] = f"{base.iloc[0] if len(base) else scode} (bản đồ {smap} / {smap} map)"
    by_key = {
        k: g
        for k, g in vals[vals["unit_code"].isin(codes)].groupby(
            ["indicator", "unit_code"], sort=False
        )
    }
    levels = {i: set(g["level"].dropna().astype(str)) for i, g in vals.groupby("indicator")}
    rows = []
    for t in plan.targets:
        ind = catalogue[t.indicator]
        missing = _missing_reason(levels.get(t.indicator, set()), level == "commune" or worst)
        for c in codes:
            g = by_key.get((t.indicator, c))
            rows.append(_row(t, ind, c, names.get(c, c), g, period, ws.synthetic, missing))
    out = pd.DataFrame(rows, columns=SCORECARD_COLUMNS)
    if worst:
        out = out[out["value"].notna()].copy()
        out["_gap"] = [
            _gap(v, c, tv)
            for v, c, tv in zip(out["value"], out["comparator"], out["target"], strict=True)
        ]
        out = (
            out.sort_values(["target_no", "_gap"], ascending=[True, False])
            .groupby("target_no")
            .head(worst)
            .drop(columns=["_gap"])
        )
    return out.reset_index(drop=True)


def _missing_reason(levels: set[str], per_commune: bool) -> str:
    """Why a unit has no stored value of an indicator."""
    if per_commune and levels and "commune" not in levels:
        shown = ", ".join(sorted(levels - {"scope"}) or levels)
        return f"not computed per commune: this indicator has values at {shown} level only"
    return "no values computed for this unit (run `hatang compute`)"


def _row(
    t,
    ind,
    code: str,
    name: str,
    g: pd.DataFrame | None,
    period: str | None,
    synthetic: bool,
    missing: str = "no values computed for this unit (run `hatang compute`)",
) -> dict:
    row = {
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
    }
    if g is None or g.empty:
        st = assess(t, [], no_data_reason=missing)
        return {
            **row,
            "period": period,
            "status": st.status,
            "status_reason": st.reason,
            "no_data_reason": missing,
            "trend": [],
            "method": None,
            "reliable": None,
            "level": None,
        }
    if period is not None:
        g = g[g["period"].map(period_end) <= period_end(period)]
    has = g[g["value"].notna()]
    trend = [[p, float(v)] for p, v in zip(has["period"], has["value"], strict=True)]
    cur = (
        g[g["period"] == period]
        if period is not None
        else (has.tail(1) if not has.empty else g.tail(1))
    )
    reason = None
    if not cur.empty and pd.isna(cur.iloc[0]["value"]):
        reason = cur.iloc[0]["no_data_reason"]
    if period is not None and cur.empty:
        reason = f"no value for {period}"
    st = assess(
        t,
        trend if (cur.empty or pd.notna(cur.iloc[0]["value"])) else [],
        percent=ind.unit == "%",
        no_data_reason=reason
        or (g["no_data_reason"].dropna().iloc[-1] if g["no_data_reason"].notna().any() else None),
    )
    r = cur.iloc[0] if not cur.empty else None

    def val(col):
        if r is None:
            return None
        v = r[col]
        return None if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA else v

    return {
        **row,
        "period": val("period") or period,
        "numerator": val("numerator"),
        "denominator": val("denominator"),
        "value": val("value"),
        "status": st.status,
        "status_reason": st.reason,
        "projection": st.projection,
        "projection_low": st.band_low,
        "projection_high": st.band_high,
        "trend": trend,
        "method": val("method"),
        "reliable": None if val("reliable") is None else bool(val("reliable")),
        "synthetic": bool(val("synthetic")) if val("synthetic") is not None else synthetic,
        "level": val("level"),
        "sample_size": None if val("sample_size") is None else int(val("sample_size")),
        "ci_low": val("ci_low"),
        "ci_high": val("ci_high"),
        "no_data_reason": val("no_data_reason"),
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
            "rows": rows,
        },
        ensure_ascii=False,
        indent=2,
    )
