"""`explain`: where a stored indicator value comes from.

Reads the value's row of indicator_values and its `inputs` (the tables, import ids
and row counts behind it) and joins them to the `imports` table (file name, SHA-256
content hash, period, synthetic flag) — the raw file is raw/<sha256><ext>.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from hatang.errors import ConfigError, NotFound
from hatang.indicators import population
from hatang.indicators.areas import area_name
from hatang.indicators.catalogue import get_indicator
from hatang.model.periods import MAPS, parse_period, sort_periods
from hatang.store import indicators as store
from hatang.store.db import get_meta
from hatang.store.workspace import Workspace


def _count(v: float) -> int | float:
    """A row count as an int (a crosswalk share may make it fractional: kept as float)."""
    return int(v) if float(v).is_integer() else v


def _num(v: Any) -> float | None:
    if v is None or v is pd.NA:
        return None
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return None if f != f else f


def _g(v: float | None) -> str:
    if v is None:
        return "—"
    return f"{v:,.0f}" if abs(v) >= 1e5 else f"{v:,.6g}"


def formula(ind, row: dict) -> str:
    """The computation applied, with the numbers filled in."""
    n, d, v = row.get("numerator"), row.get("denominator"), row.get("value")
    if v is None:
        return f"no value: {row.get('no_data_reason')}"
    method = row.get("method") or ""
    if ind.aggregation == "count":
        return f"{ind.numerator} = {_g(n)}"
    if ind.aggregation == "survey":
        lo, hi = row.get("ci_low"), row.get("ci_high")
        interval = (
            "a census: no sampling interval"
            if ind.design == "census" or lo is None or hi is None
            else "95 % Wilson interval with Kish effective sample size (Σw)²/Σw² over "
            f"respondents: {lo:.4g}–{hi:.4g}"
        )
        return (
            f"Σ w·y / Σ w × {ind.scale:g} = {_g(n)} / {_g(d)} × {ind.scale:g} = {_g(v)}; "
            f"{interval}; n = {row.get('sample_size')}"
        )
    if ind.aggregation == "median-of-cases":
        return f"median of {row.get('sample_size')} cases = {_g(v)} {ind.unit}"
    if ind.aggregation == "median":
        if method.startswith("ookla-tiles-mean"):
            return (
                f"Σ (tile mean × tests) / Σ tests = {_g(n)} / {_g(d)} = {_g(v)} Mbit/s over {row.get('sample_size')} "
                f"tests{'' if row.get('reliable') else ' (unreliable: too few tests)'}"
            )
        return f"median of {row.get('sample_size')} speed tests = {_g(v)} Mbit/s"
    return (
        f"{_g(n)} / {_g(d)} × {ind.scale:g} = {_g(v)}  (sums over every unit below; ratio of sums)"
    )


def unit_candidates(code: str, map_: str) -> list[str]:
    """The stored unit codes on `map_` that `code` may mean: itself, and for a bare code
    the other map's unit of that code too (a plan scope, stored as '<map>:<code>', e.g.
    36 → 2024:36 on the 2025 map); '<map_>:<code>' is the map's own unit <code>."""
    if code.startswith(f"{map_}:"):
        return [code.split(":", 1)[1]]
    if ":" in code:
        return [code]
    return [code, *(f"{m}:{code}" for m in MAPS if m != map_)]


def ambiguous(code: str, matches: list[str], names: dict[str, str]) -> ConfigError:
    """The error for a bare code held on both maps: each choice with its name."""
    listed = "; ".join(f"--unit {c} ({names.get(c, c)})" for c in matches)
    return ConfigError(
        f"unit {code} is on both maps / mã đơn vị {code} có trên cả hai bản đồ; "
        f"choose one / chọn một: {listed}"
    )


def latest_period(keys: pd.DataFrame) -> str | None:
    """The latest period with a value (the scorecard's default), else the latest stored."""
    with_value = sort_periods(keys[keys["has_value"].astype(bool)]["period"])
    stored = with_value or sort_periods(keys["period"])
    return stored[-1] if stored else None


def default_unit(ws: Workspace, map_: str) -> str:
    """The unit the scorecard shows: the workspace plan's scope on `map_`; without a
    plan (or with several), the workspace's province."""
    from hatang.indicators.scorecards import choose_plan, scope_code

    try:
        return scope_code(choose_plan(ws, None), map_)
    except (NotFound, ConfigError):
        w = ws.settings.workspace
        return w.province if str(w.province_map) == map_ else f"{w.province_map}:{w.province}"


def _names(con: Any, codes: list[str], map_: str) -> dict[str, str]:
    """Each code's name: a '<map>:<code>' scope says its map."""
    out = {}
    for c in codes:
        smap, scode = c.split(":", 1) if ":" in c else (map_, c)
        found = store.read_units(con, map_=smap, code=scode)
        name = str(found["name"].iloc[0]) if len(found) else c
        out[c] = f"{name}, {smap} map / bản đồ {smap}"
    return out


def explain(
    ws: Workspace,
    indicator: str,
    *,
    unit: str | None = None,
    period: str | None = None,
    map: str = "2025",
) -> dict[str, Any]:
    """Definition, numerator and denominator with values, inputs and source files of one value.

    `unit` defaults to the unit the scorecard shows (`default_unit`) and may be a bare
    code of either map (`unit_matches`); `period` to the latest period with a value."""
    ind = get_indicator(indicator)
    map = str(map)
    if period is not None:
        try:
            period = parse_period(period)
        except ValueError as e:
            raise NotFound(str(e)) from None
    code = default_unit(ws, map) if unit is None else unit.strip()
    with ws.connect() as con:
        candidates = unit_candidates(code, map)
        keys = store.read_value_keys(con, indicator, units=candidates, map_=map)
        present = set(keys["unit_code"].astype(str))
        matches = [c for c in candidates if c in present]
        if len(matches) > 1:
            raise ambiguous(code, matches, _names(con, matches, map))
        unit = matches[0] if matches else candidates[0]
        if period is None:
            period = latest_period(keys[keys["unit_code"].astype(str) == unit])
        if period is None:
            other = [m for m in MAPS if m != map and len(store.read_units(con, map_=m, code=unit))]
            hint = (
                f"; {unit} is a unit of the {other[0]} map: try --map {other[0]}" if other else ""
            )
            hint_vi = (
                f"; {unit} là đơn vị của bản đồ {other[0]}: thử --map {other[0]}" if other else ""
            )
            raise NotFound(
                f"no stored value of {indicator} for unit {unit} on the {map} map "
                f"(run `hatang compute`; check --unit and --map{hint}) "
                f"/ chưa có giá trị {indicator} của đơn vị {unit} trên bản đồ {map} "
                f"(chạy `hatang compute`; kiểm tra --unit và --map{hint_vi})"
            )
        row = store.read_value(con, indicator, unit=unit, period=period, map_=str(map))
        if row is None:
            raise NotFound(
                f"no stored value of {indicator} for unit {unit} in {period} on the {map} map "
                f"(run `hatang compute`; check --unit, --period and --map) "
                f"/ chưa có giá trị {indicator} của đơn vị {unit} kỳ {period} trên bản đồ {map} "
                f"(chạy `hatang compute`; kiểm tra --unit, --period và --map)"
            )
        inputs = json.loads(row["inputs"]) if row.get("inputs") else []
        files = store.read_imports(
            con, [int(i["import_id"]) for i in inputs if i.get("import_id") is not None]
        )
        stored_base = population.from_json(get_meta(con, population.META_KEY))
        names = store.read_units(con, map_=str(map), code=unit)
        if len(names):
            names = names.assign(
                name=area_name(
                    unit,
                    str(names["name"].iloc[0]),
                    str(map),
                    store.read_units(con),
                    store.read_crosswalk(con),
                )
            )
        if names.empty and ":" in unit:  # a plan scope on the other map, e.g. 2024:36
            smap, scode = unit.split(":", 1)
            base = store.read_units(con, map_=smap, code=scode)
            if len(base):
                names = base.assign(name=f"{base['name'].iloc[0]} (bản đồ {smap} / {smap} map)")
    per_table: dict[str, float] = {}
    for i in inputs:
        per_table[i["table"]] = per_table.get(i["table"], 0) + float(i["rows"])
    per_table = {k: _count(v) for k, v in per_table.items()}
    file_rows = []
    for _, f in files.iterrows():
        file_rows.append(
            {
                "import_id": int(f["import_id"]),
                "kind": f["kind"],
                "file_name": f["file_name"],
                "sha256": f["sha256"],
                "period": None if pd.isna(f["period"]) else str(f["period"]),
                "synthetic": bool(f["synthetic"]),
                "rows": _count(
                    sum(
                        float(i["rows"])
                        for i in inputs
                        if i.get("import_id") == int(f["import_id"])
                    )
                ),
            }
        )
    return {
        "indicator": ind.id,
        "name_vi": ind.name_vi,
        "name_en": ind.name_en,
        "definition": ind.definition,
        "unit_of_measure": ind.unit,
        "aggregation": ind.aggregation,
        "sources": list(ind.sources),
        "unit_code": unit,
        "unit_name": names["name"].iloc[0] if len(names) else unit,
        "level": row.get("level"),
        "map": str(map),
        "period": period,
        "numerator": {"definition": ind.numerator, "value": _num(row.get("numerator"))},
        "denominator": {"definition": ind.denominator, "value": _num(row.get("denominator"))},
        # the people a per-inhabitant value divides by (docs/indicators.md, the base)
        "population_base": (
            stored_base.label() if stored_base and ind.id in population.PER_PERSON else None
        ),
        "value": _num(row.get("value")),
        "sample_size": None if row.get("sample_size") is None else int(row["sample_size"]),
        "ci_low": _num(row.get("ci_low")),
        "ci_high": _num(row.get("ci_high")),
        "method": row.get("method"),
        "reliable": None if row.get("reliable") is None else bool(row["reliable"]),
        "no_data_reason": row.get("no_data_reason"),
        "synthetic": bool(row.get("synthetic")),
        "formula": formula(
            ind,
            {
                **row,
                "numerator": _num(row.get("numerator")),
                "denominator": _num(row.get("denominator")),
                "value": _num(row.get("value")),
            },
        ),
        "rows_by_table": per_table,
        "files": file_rows,
        "computed_at": str(row.get("computed_at")),
    }
