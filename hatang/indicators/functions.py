"""The registry of indicator compute functions (one per kind of input).

Each function takes a `Context` (tables + target map) and the catalogue entry's params
and returns *contributions*: rows at the finest unit the data allows (village,
commune or province on the target map), one per input row (or unit), with
``unit_code, period, table, import_id, rows, method_code`` and

- for ratio-of-sums / count: ``numerator, denominator`` (summed up the hierarchy);
- for survey: ``y`` (answer) and ``w`` (weight);
- for median: ``x`` (Mbit/s), ``tests`` and ``source`` ('test' or 'tile').

The engine (engine.py) rolls contributions up to every unit above them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from hatang.indicators.boundaries import Context
from hatang.indicators.site_cells import CELL_IMPORTS, cell_imports, cells_read
from hatang.model.periods import period_end
from hatang.model.services import mobile_broadband

ContributionFn = Callable[..., pd.DataFrame]
FUNCTIONS: dict[str, ContributionFn] = {}

BASE = ["unit_code", "period", "table", "import_id", "rows", "method_code"]
#: the cells, summarised: the frame `operators_per_site` returns (read so by the store)
SITE_OPERATORS = "site_operators"


def register(name: str) -> Callable[[ContributionFn], ContributionFn]:
    def deco(fn: ContributionFn) -> ContributionFn:
        FUNCTIONS[name] = fn
        return fn

    return deco


def _empty(extra: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in BASE + extra})


def _rows(frame: pd.DataFrame, table: str, numerator: Any, denominator: Any) -> pd.DataFrame:
    """Contribution rows of `frame` (numerator and denominator: arrays, series or scalars)."""
    out = pd.DataFrame(
        {
            "unit_code": frame["unit_code"].to_numpy(),
            "period": frame["period"].to_numpy(),
            "numerator": np.asarray(numerator, dtype=float),
            "denominator": np.asarray(denominator, dtype=float),
            "table": table,
            "import_id": frame["import_id"].to_numpy() if "import_id" in frame else None,
            "rows": 1,
            "method_code": frame["method_code"].to_numpy() if "method_code" in frame else 0,
        }
    )
    if "synthetic" in frame:
        out["synthetic"] = frame["synthetic"].to_numpy()
    return out


def _unit_denominator(ctx: Context, keys: pd.DataFrame, column: str) -> pd.DataFrame:
    """One row per (unit, period) in `keys` with the unit's `column` (population ...) as denominator."""
    k = keys[["unit_code", "period"]].drop_duplicates()
    vals = ctx.unit_values(k["unit_code"], column).astype(float)
    k = k.assign(
        import_id=k["unit_code"].map(ctx.units["import_id"]) if "import_id" in ctx.units else None,
        method_code=0,
    )
    return _rows(k, "units", np.zeros(len(k)), vals.to_numpy())


def _as_text(values: pd.Series) -> pd.Series:
    """The codes as text, missing ones kept missing (what `astype("string")` gives for
    `isin` and `fillna`), as Python strings: pandas' string dtype makes `isin` 20-40×
    slower on the sites' 15,000 codes."""
    if pd.api.types.infer_dtype(values, skipna=True) in ("string", "empty"):
        return values
    return values.astype("string").astype(object)


def _province_rows(ctx: Context, frame: pd.DataFrame) -> pd.DataFrame:
    prov = ctx.province_code
    f = frame.copy()
    f["unit_code"] = prov
    f["method_code"] = 0
    return f if prov is not None else f.iloc[0:0]


# ---- subscriptions ------------------------------------------------------------------


def _cached(ctx: Context, key: str, make: Callable[[], pd.DataFrame]) -> pd.DataFrame:
    """Contributions shared by several indicators are re-expressed once per map."""
    full = ("contrib", key)
    if full not in ctx._cache:
        ctx._cache[full] = make()
    found: pd.DataFrame = ctx._cache[full]
    return found


def _subscriptions(ctx: Context) -> pd.DataFrame:
    return _cached(
        ctx, "subscriptions", lambda: ctx.reexpress(ctx.frame("subscriptions"), ["count"])
    )


@register("subscriptions_ratio")
def subscriptions_ratio(
    ctx: Context,
    numerator_kind: str,
    denominator: str | None = None,
    denominator_kind: str | None = None,
) -> pd.DataFrame:
    kinds = [k for k in (numerator_kind, denominator_kind) if k]
    r = _subscriptions(ctx)
    r = r[r["kind"].isin(kinds)] if not r.empty else r
    if r.empty:
        return _empty(["numerator", "denominator"])
    is_num = (r["kind"] == numerator_kind).to_numpy()
    parts = [_rows(r[is_num], "subscriptions", r["count"][is_num], np.zeros(is_num.sum()))]
    if denominator_kind:
        is_den = (r["kind"] == denominator_kind).to_numpy()
        parts.append(_rows(r[is_den], "subscriptions", np.zeros(is_den.sum()), r["count"][is_den]))
    if denominator:
        parts.append(_unit_denominator(ctx, r[is_num], denominator))
    return pd.concat(parts, ignore_index=True)


@register("subscriptions_count")
def subscriptions_count(ctx: Context, kind: str) -> pd.DataFrame:
    r = _subscriptions(ctx)
    r = r[r["kind"] == kind] if not r.empty else r
    if r.empty:
        return _empty(["numerator", "denominator"])
    return _rows(r, "subscriptions", r["count"], np.full(len(r), np.nan))


@register("cloud_accounts")
def cloud_accounts(ctx: Context) -> pd.DataFrame:
    r = ctx.reexpress(ctx.frame("cloud_accounts"), ["accounts"])
    if r.empty:
        return _empty(["numerator", "denominator"])
    return pd.concat(
        [
            _rows(r, "cloud_accounts", r["accounts"], np.zeros(len(r))),
            _unit_denominator(ctx, r, "adults"),
        ],
        ignore_index=True,
    )


# ---- villages -----------------------------------------------------------------------


def _village_flag(r: pd.DataFrame, column: str) -> np.ndarray:
    if column == "fibre":
        return (pd.to_numeric(r["fibre_households"], errors="coerce").fillna(0) > 0).to_numpy()
    if column == "mobile_broadband":  # 3G, 4G or 5G: the union of what the report says
        return mobile_broadband(r).eq(True).to_numpy(dtype=bool)
    return r[column].eq(True).to_numpy()


def _reported(r: pd.DataFrame, column: str) -> pd.DataFrame:
    """The villages reported on for `column` (a row that fills no mobile column says
    nothing about mobile broadband, so it is left out of the denominator)."""
    if column != "mobile_broadband":
        return r
    return r[mobile_broadband(r).notna().to_numpy()]


def _villages(ctx: Context) -> pd.DataFrame:
    return _cached(
        ctx,
        "villages",
        lambda: ctx.reexpress(
            ctx.frame("village_services"), ["fibre_households"], unit_col="village_code"
        ),
    )


@register("village_share")
def village_share(ctx: Context, column: str) -> pd.DataFrame:
    r = _reported(_villages(ctx), column)
    if r.empty:
        return _empty(["numerator", "denominator"])
    return _rows(r, "village_services", _village_flag(r, column).astype(float), np.ones(len(r)))


@register("fibre_households")
def fibre_households(ctx: Context) -> pd.DataFrame:
    r = _villages(ctx)
    if r.empty:
        return _empty(["numerator", "denominator"])
    return pd.concat(
        [
            _rows(
                r,
                "village_services",
                pd.to_numeric(r["fibre_households"]).fillna(0),
                np.zeros(len(r)),
            ),
            _unit_denominator(ctx, r, "households"),
        ],
        ignore_index=True,
    )


@register("commune_service")
def commune_service(ctx: Context, column: str) -> pd.DataFrame:
    r = _reported(_villages(ctx), column)
    if r.empty:
        return _empty(["numerator", "denominator"])
    r = r.assign(flag=_village_flag(r, column), commune=ctx.parent_at(r["unit_code"], "commune"))
    r = r[r["commune"].notna()]
    g = _per_commune(r)
    out = _rows(g, "village_services", g["flag"].astype(float), np.ones(len(g)))
    out["rows"] = g["rows"].to_numpy()
    return out


def _per_commune(r: pd.DataFrame) -> pd.DataFrame:
    """unit_code (the commune), period, flag (any village's), import_id (the smallest),
    rows (villages) and method_code (the largest), per commune and period in the order
    of a sorted group-by on both: the groups numbered on integer codes (a group-by on
    two columns of strings with named aggregations cost more than the rest of it)."""
    if r.empty:
        g = r.groupby(["commune", "period"], as_index=False).agg(
            flag=("flag", "max"),
            import_id=("import_id", "min"),
            rows=("flag", "size"),
            method_code=("method_code", "max"),
        )
        return g.rename(columns={"commune": "unit_code"})
    communes, commune_names = pd.factorize(r["commune"].to_numpy(dtype=object), sort=True)
    periods, period_names = pd.factorize(r["period"].to_numpy(dtype=object), sort=True)
    ok = (communes >= 0) & (periods >= 0)
    codes, keys = pd.factorize(communes[ok] * len(period_names) + periods[ok], sort=True)
    keys = np.asarray(keys, dtype=np.int64)
    method = np.full(len(keys), np.iinfo(np.int64).min, dtype=np.int64)
    np.maximum.at(method, codes, r["method_code"].to_numpy(dtype=np.int64)[ok])
    first = pd.Series(r["import_id"].to_numpy()[ok]).groupby(codes, sort=True).min()
    return pd.DataFrame(
        {
            "unit_code": np.asarray(commune_names, dtype=object)[keys // len(period_names)],
            "period": np.asarray(period_names, dtype=object)[keys % len(period_names)],
            "flag": np.bincount(codes, weights=r["flag"].to_numpy(dtype=bool)[ok]) > 0,
            "import_id": first.to_numpy(),
            "rows": np.bincount(codes, minlength=len(keys)),
            "method_code": method,
        }
    )


# ---- sites --------------------------------------------------------------------------


def _site_units(ctx: Context) -> pd.DataFrame:
    return _cached(ctx, "sites", lambda: _place_sites(ctx))


def _place_sites(ctx: Context) -> pd.DataFrame:
    sites = ctx.frame("sites")
    if sites.empty:
        return sites.assign(unit_code=pd.Series(dtype=str), method_code=pd.Series(dtype=int))
    s = sites.copy()
    pmap = s["period"].map(
        {p: ctx._period_maps(pd.Series([p])).iloc[0] for p in s["period"].unique()}
    )
    given = _as_text(s["commune_code"])
    ok = (pmap == ctx.map) & given.isin(ctx.codes("commune"))
    located = ctx.assign_points(s["lon"], s["lat"])
    s["unit_code"] = np.where(ok, given.fillna(""), located)
    s["method_code"] = np.where(ok, 0, 1)
    return s[s["unit_code"].notna() & (s["unit_code"] != "")]


@register("shared_sites")
def shared_sites(ctx: Context) -> pd.DataFrame:
    s = _site_units(ctx)
    if s.empty:
        return _empty(["numerator", "denominator"])
    ops = _operators_per_site(ctx)
    found = ops.index.get_indexer(pd.MultiIndex.from_arrays([s["period"], s["site_id"]]))
    n_ops = np.where(found >= 0, ops.to_numpy()[found], 0)
    counted = _rows(s, "sites", (n_ops >= 2).astype(float), np.ones(len(s)))
    cells = ctx.frames.get(CELL_IMPORTS)
    cells = cell_imports(ctx.frame("cells")) if cells is None else cells
    return pd.concat([counted, cells_read(s, cells)], ignore_index=True)


def operators_per_site(cells: pd.DataFrame) -> pd.DataFrame:
    """period, site_id, operators: how many operators have cells on each site in each
    period — all the engine needs of the cells (the store reads the same in SQL)."""
    if cells.empty:
        return pd.DataFrame({"period": [], "site_id": [], "operators": []})
    n = cells.groupby(["period", "site_id"])["operator"].nunique()
    return n.rename("operators").reset_index()


def _operators_per_site(ctx: Context) -> pd.Series:
    """Operators per (period, site): the same on both maps, looked up once."""
    if "operators_per_site" not in ctx.shared:
        f = ctx.frames.get(SITE_OPERATORS)
        if f is None:
            f = operators_per_site(ctx.frame("cells"))
        index = pd.MultiIndex.from_arrays([f["period"], f["site_id"]])
        ctx.shared["operators_per_site"] = pd.Series(f["operators"].to_numpy(), index=index)
    ops: pd.Series = ctx.shared["operators_per_site"]
    return ops


@register("sites_count")
def sites_count(ctx: Context) -> pd.DataFrame:
    s = _site_units(ctx)
    if s.empty:
        return _empty(["numerator", "denominator"])
    return _rows(s, "sites", np.ones(len(s)), np.full(len(s), np.nan))


# ---- dead spots ---------------------------------------------------------------------


@register("dead_spots_open")
def dead_spots_open(ctx: Context) -> pd.DataFrame:
    ds = ctx.frame("dead_spots")
    if ds.empty or not ctx.periods:
        return _empty(["numerator", "denominator"])
    d = ds.copy()
    villages = ctx.codes("village")
    given = _as_text(d["village_code"])
    ok = given.isin(villages)
    if len(villages):
        located = ctx.assign_points(d["lon"], d["lat"], level="village")
    else:
        located = ctx.assign_points(d["lon"], d["lat"], level="commune")
    d["unit_code"] = np.where(ok, given.fillna(""), located)
    d["method_code"] = np.where(ok, 2, 1)
    d = d[d["unit_code"].notna()]
    reported = pd.to_datetime(d["reported_on"])
    resolved = pd.to_datetime(d["resolved_on"])
    parts = []
    for p in ctx.periods:
        end = pd.Timestamp(period_end(p))
        open_ = (reported <= end) & (resolved.isna() | (resolved > end))
        part = d[open_.to_numpy()].assign(period=p)
        parts.append(_rows(part, "dead_spots", np.ones(len(part)), np.full(len(part), np.nan)))
    return pd.concat(parts, ignore_index=True)


# ---- province-level administrative data ----------------------------------------------


@register("services_count")
def services_count(ctx: Context, level: str) -> pd.DataFrame:
    s = _province_rows(ctx, ctx.frame("services"))
    if s.empty:
        return _empty(["numerator", "denominator"])
    return _rows(s, "services", (s["level"] == level).astype(float), np.full(len(s), np.nan))


@register("services_portal")
def services_portal(ctx: Context) -> pd.DataFrame:
    s = _province_rows(ctx, ctx.frame("services"))
    if s.empty:
        return _empty(["numerator", "denominator"])
    return _rows(s, "services", s["on_national_portal"].eq(True).astype(float), np.ones(len(s)))


@register("info_systems_cloud")
def info_systems_cloud(ctx: Context) -> pd.DataFrame:
    s = ctx.frame("info_systems")
    s = _province_rows(ctx, s[s["shared"].eq(True)] if not s.empty else s)
    if s.empty:
        return _empty(["numerator", "denominator"])
    return _rows(s, "info_systems", s["on_cloud"].eq(True).astype(float), np.ones(len(s)))


@register("data_centre_cloud")
def data_centre_cloud(ctx: Context) -> pd.DataFrame:
    s = _province_rows(ctx, ctx.frame("info_systems"))
    if s.empty:
        return _empty(["numerator", "denominator"])
    flag = s["is_data_centre"].eq(True) & s["on_cloud"].eq(True)
    return _rows(s, "info_systems", flag.astype(float), np.full(len(s), np.nan))


# ---- surveys ------------------------------------------------------------------------


@register("survey_share")
def survey_share(ctx: Context, survey: str, question: str) -> pd.DataFrame:
    sv = ctx.frame("survey_responses")
    if sv.empty:
        return _empty(["y", "w"])
    # `respondent` numbers each response, so the pieces a crosswalk splits it into are
    # still one respondent when they meet again above (aggregate.survey)
    r = _cached(
        ctx,
        "surveys",
        lambda: ctx.reexpress(sv.assign(_n=1.0, respondent=np.arange(len(sv))), ["weight", "_n"]),
    )
    r = r[(r["survey"] == survey) & (r["question"] == question)]
    if r.empty:
        return _empty(["y", "w"])
    return pd.DataFrame(
        {
            "unit_code": r["unit_code"].to_numpy(),
            "period": r["period"].to_numpy(),
            "y": r["value"].astype(float).to_numpy(),
            "w": r["weight"].astype(float).to_numpy(),
            "table": "survey_responses",
            "import_id": r["import_id"].to_numpy(),
            "rows": r["_n"].to_numpy(),
            "method_code": r["method_code"].to_numpy(),
            "respondent": r["respondent"].to_numpy(),
        }
    )


# ---- modelled coverage ----------------------------------------------------------------


@register("modelled_coverage")
def modelled_coverage(ctx: Context, measure: str, technology: str = "4G") -> pd.DataFrame:
    cov = ctx.frame("coverage_units")
    if cov.empty:
        return _empty(["numerator", "denominator"])
    c = cov[(cov["operator"] == "any") & (cov["technology"] == technology)]
    if c.empty:
        return _empty(["numerator", "denominator"])
    # the frame holds the current run of each period only (the shell reads it by the one
    # rule of hatang.model.runs); rows on this map if the run has them
    on_map = c.groupby("period")["map"].transform(lambda m: (m.astype(str) == ctx.map).any())
    c = c[~on_map.astype(bool) | (c["map"].astype(str) == ctx.map)]
    finest = c.groupby(["period", "map"])["level"].transform(
        lambda lv: (
            "commune"
            if (lv == "commune").any()
            else ("village" if (lv == "village").any() else lv.iloc[0])
        )
    )
    c = c[c["level"] == finest]
    num_col, den_col = (
        ("population_covered", "population")
        if measure == "population"
        else ("villages_covered", "villages")
    )
    c = c.assign(num=c[num_col].astype(float), den=c[den_col].astype(float), import_id=None)
    native = c["map"].astype(str) == ctx.map
    a = c[native].copy()
    a["method_code"] = 0
    b = c[~native].copy()
    if (
        not b.empty
    ):  # rows of the other map: spread by the crosswalk (period map is irrelevant here)
        b["period_real"] = b["period"]
        b["period"] = "2024Q1" if ctx.map == "2025" else "2025Q4"
        b = ctx.reexpress(b, ["num", "den"])
        b["period"] = b["period_real"]
    r = pd.concat([a, b], ignore_index=True) if not b.empty else a
    out = _rows(r, "coverage_units", r["num"], r["den"])
    out["synthetic"] = r["synthetic"].eq(True).to_numpy()
    return out
