"""The indicator engine: contributions rolled up the hierarchy (pure core).

`compute_indicator(ctx, indicator)` turns one catalogue entry into rows of
`indicator_values` for every unit and period on the context's map:

- ratio-of-sums: numerator and denominator are summed over every unit below (never
  an average of ratios); value = numerator / denominator × scale;
- count: the numerator summed; a unit with none counts 0 when the period has data;
- survey: p = Σ w·y / Σ w, 95 % Wilson interval with Kish's effective sample size
  n_eff = (Σ w)² / Σ w² (numerator Σ w·y and denominator Σ w are additive);
- median: the median of raw tests when there are at least `min_speed_tests` in the
  unit (method median-tests), else the tests-weighted mean of the tiles whose centre
  lies in the unit (ookla-tiles-mean; unreliable under `min_tile_tests` tests).

Units without a value get a row with `no_data_reason` (communes and above).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from hatang.indicators.boundaries import METHODS, Context
from hatang.indicators.catalogue import Indicator
from hatang.indicators.functions import FUNCTIONS
from hatang.model.schema import TABLES

Z95 = 1.959963984540054
MIN_SURVEY_N = 30
#: functions whose values are stored for villages too (others stop at communes: a
#: village's share of itself covered is 0 or 100 and is read from village_services)
VILLAGE_LEVEL = {"fibre_households", "dead_spots_open"}

#: the columns of indicator_values the engine fills (`computed_at` is stamped when stored)
VALUE_COLUMNS = [c for c in TABLES["indicator_values"].column_names if c != "computed_at"]


def wilson(p: np.ndarray, n: np.ndarray, z: float = Z95) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval of a proportion p with (effective) sample size n."""
    p = np.asarray(p, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        denom = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def _inputs_json(c: pd.DataFrame) -> pd.Series:
    """Per (anc_code, period): JSON list of {table, import_id, rows}."""
    g = (
        c.groupby(["anc_code", "period", "table", "import_id"], dropna=False, sort=True)["rows"]
        .sum()
        .reset_index()
    )
    num = pd.to_numeric(g["import_id"], errors="coerce")
    imp = num.fillna(-1).round().astype(int).astype(str).where(num.notna(), "null").astype(object)
    rows = pd.to_numeric(g["rows"], errors="coerce").fillna(0).round(3)
    rows_s = rows.astype(str).str.replace(r"\.0$", "", regex=True).astype(object)
    s = (
        '{"table": "'
        + g["table"].astype(object)
        + '", "import_id": '
        + imp
        + ', "rows": '
        + rows_s
        + "}, "
    ).to_numpy(dtype=object)
    key = (g["anc_code"].astype(str) + "\x1f" + g["period"].astype(str)).to_numpy(dtype=object)
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    joined = np.add.reduceat(s, starts) if len(s) else np.array([], dtype=object)
    idx = pd.MultiIndex.from_arrays(
        [g["anc_code"].to_numpy()[starts], g["period"].to_numpy()[starts]]
    )
    return pd.Series(["[" + j[:-2] + "]" for j in joined], index=idx, dtype=object)


def _rollup(ctx: Context, contrib: pd.DataFrame, villages: bool) -> pd.DataFrame:
    anc = ctx.ancestors
    if not villages:
        anc = anc[anc["anc_level"] != "village"]
    return contrib.merge(anc, left_on="unit_code", right_on="code", how="inner")


def _method_label(codes: pd.Series, prefix: str = "") -> pd.Series:
    lab = codes.astype(int).map(METHODS)
    return (prefix + lab) if prefix else lab


def _ratio(c: pd.DataFrame, ind: Indicator) -> pd.DataFrame:
    g = (
        c.groupby(["anc_code", "anc_level", "period"])
        .agg(
            numerator=("numerator", "sum"),
            denominator=("denominator", "sum"),
            den_n=("denominator", "count"),
            rows=("rows", "sum"),
            method_code=("method_code", "max"),
            synthetic=("synthetic", "max"),
        )
        .reset_index()
    )
    g["denominator"] = g["denominator"].where(g.pop("den_n") > 0)
    if ind.aggregation == "count":
        g["value"] = g["numerator"] * ind.scale
        g["denominator"] = np.nan
        g["no_data_reason"] = None
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            g["value"] = np.where(
                g["denominator"] > 0, g["numerator"] / g["denominator"] * ind.scale, np.nan
            )
        g["no_data_reason"] = np.where(g["denominator"] > 0, None, "denominator is zero")
    g["sample_size"] = pd.NA
    g["ci_low"] = np.nan
    g["ci_high"] = np.nan
    g["reliable"] = True
    g["method"] = _method_label(g["method_code"])
    return g


def _survey(c: pd.DataFrame, ind: Indicator) -> pd.DataFrame:
    c = c.assign(wy=c["w"] * c["y"], w2=c["w"] * c["w"])
    g = (
        c.groupby(["anc_code", "anc_level", "period"])
        .agg(
            numerator=("wy", "sum"),
            denominator=("w", "sum"),
            w2=("w2", "sum"),
            sample_size=("rows", "sum"),
            method_code=("method_code", "max"),
            synthetic=("synthetic", "max"),
        )
        .reset_index()
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(g["denominator"] > 0, g["numerator"] / g["denominator"], np.nan)
        n_eff = np.where(g["w2"] > 0, g["denominator"] ** 2 / g["w2"], np.nan)
    lo, hi = wilson(p, n_eff)
    g["value"] = p * ind.scale
    g["ci_low"] = lo * ind.scale
    g["ci_high"] = hi * ind.scale
    g["sample_size"] = g["sample_size"].round().astype(int)
    g["reliable"] = g["sample_size"] >= MIN_SURVEY_N
    g["no_data_reason"] = np.where(g["denominator"] > 0, None, "respondents' weights sum to zero")
    meth = _method_label(g["method_code"])
    g["method"] = np.where(g["method_code"] > 0, "survey-weighted; " + meth, "survey-weighted")
    return g.drop(columns=["w2"])


def _median(c: pd.DataFrame, ind: Indicator, ctx: Context) -> pd.DataFrame:
    keys = ["anc_code", "anc_level", "period"]
    tests = c[c["source"] == "test"]
    tiles = c[c["source"] == "tile"].assign(xt=lambda d: d["x"] * d["tests"])
    a = tests.groupby(keys).agg(median=("x", "median"), n=("x", "size"), syn_a=("synthetic", "max"))
    b = tiles.groupby(keys).agg(xt=("xt", "sum"), t=("tests", "sum"), syn_b=("synthetic", "max"))
    g = a.join(b, how="outer").reset_index()
    g["n"] = g["n"].fillna(0)
    g["t"] = g["t"].fillna(0)
    use_tests = g["n"] >= ctx.min_speed_tests
    use_tiles = ~use_tests & (g["t"] > 0)
    few_tests = ~use_tests & ~use_tiles & (g["n"] > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        tile_mean = g["xt"] / g["t"]
    g["value"] = np.select(
        [use_tests, use_tiles, few_tests], [g["median"], tile_mean, g["median"]], np.nan
    )
    g["numerator"] = np.where(use_tiles, g["xt"], np.nan)
    g["denominator"] = np.where(use_tiles, g["t"], np.nan)
    g["sample_size"] = np.where(use_tiles, g["t"], g["n"]).astype(int)
    g["reliable"] = np.select([use_tests, use_tiles], [True, g["t"] >= ctx.min_tile_tests], False)
    g["method"] = np.select(
        [use_tests, use_tiles], ["median-tests", "ookla-tiles-mean"], "median-tests (few tests)"
    )
    g["ci_low"] = np.nan
    g["ci_high"] = np.nan
    g["synthetic"] = g[["syn_a", "syn_b"]].eq(True).any(axis=1)
    g["no_data_reason"] = None
    return g


def _no_data_rows(
    ctx: Context, ind: Indicator, have: pd.DataFrame, contrib: pd.DataFrame
) -> pd.DataFrame:
    """Rows for units (communes and above) and periods without a value, with the reason."""
    levels = set(have["level"]) - {"village", "scope"} if not have.empty else {"province"}
    levels |= {"province"}
    units = ctx.units[ctx.units["level"].isin(levels)]["code"].tolist() + list(ctx.scopes)
    if "level_of" not in ctx._cache:
        ctx._cache["level_of"] = {
            **ctx.units["level"].to_dict(),
            **{s: "scope" for s in ctx.scopes},
        }
    level_of = ctx._cache["level_of"]
    grid = pd.MultiIndex.from_product([units, ctx.periods], names=["unit_code", "period"]).to_frame(
        index=False
    )
    if not have.empty:
        known = have[["unit_code", "period"]].drop_duplicates().assign(_known=True)
        grid = grid.merge(known, on=["unit_code", "period"], how="left")
        grid = grid[grid["_known"].isna()].drop(columns=["_known"])
    if grid.empty:
        return grid
    primary = ind.tables[0]
    frame = ctx.frame(primary)
    with_data = (
        {str(p) for p in frame["period"].to_numpy()}
        if "period" in frame and not frame.empty
        else set()
    )
    if primary == "dead_spots" and not frame.empty:
        with_data = set(ctx.periods)
    with_contrib = {str(p) for p in contrib["period"].to_numpy()} if not contrib.empty else set()
    grid = grid.assign(level=grid["unit_code"].map(level_of))
    data_periods = with_data | with_contrib
    in_period = grid["period"].isin(data_periods)
    if ind.aggregation == "count":
        zero = grid[in_period].assign(
            numerator=0.0, value=0.0, method="direct", reliable=True, no_data_reason=None
        )
        rest = grid[~in_period]
    else:
        zero, rest = grid.iloc[0:0], grid
    here = rest["period"].isin(data_periods)
    rest = rest.assign(
        no_data_reason=np.where(
            here,
            "no " + primary + " data for this unit in " + rest["period"],
            "no " + primary + " data for " + rest["period"],
        ),
        method="none",
        reliable=False,
    )
    return pd.concat([zero, rest], ignore_index=True)


def compute_indicator(
    ctx: Context,
    ind: Indicator,
    synthetic: bool = False,
    import_synthetic: dict[int, bool] | None = None,
) -> pd.DataFrame:
    """Every value of one indicator on the context's map (indicator_values columns)."""
    fn = FUNCTIONS[ind.function]
    contrib = fn(ctx, **ind.params)
    contrib = contrib[contrib["unit_code"].notna()] if not contrib.empty else contrib
    if not contrib.empty:
        if "synthetic" not in contrib:
            contrib = contrib.assign(synthetic=contrib["import_id"].map(import_synthetic or {}))
        contrib["synthetic"] = contrib["synthetic"].eq(True) | synthetic
        c = _rollup(ctx, contrib, ind.function in VILLAGE_LEVEL)
        if ind.aggregation == "survey":
            g = _survey(c, ind)
        elif ind.aggregation == "median":
            g = _median(c, ind, ctx)
        else:
            g = _ratio(c, ind)
        inputs = _inputs_json(c).rename("inputs")
        inputs.index.names = ["anc_code", "period"]
        g = g.merge(inputs.reset_index(), on=["anc_code", "period"], how="left")
        g = g.rename(columns={"anc_code": "unit_code", "anc_level": "level"})
        g = g[g["period"].isin(ctx.periods)]
    else:
        g = pd.DataFrame(columns=VALUE_COLUMNS)
    missing = _no_data_rows(ctx, ind, g, contrib)
    out = pd.concat([g, missing], ignore_index=True) if not missing.empty else g
    out["indicator"] = ind.id
    out["map"] = ctx.map
    out["synthetic"] = (out["synthetic"].eq(True) | synthetic) if "synthetic" in out else synthetic
    for col in VALUE_COLUMNS:
        if col not in out:
            out[col] = None
    out = out[VALUE_COLUMNS].copy()
    for col in ("numerator", "denominator", "value", "ci_low", "ci_high"):
        out[col] = pd.to_numeric(out[col], errors="coerce").astype(float)
    out["sample_size"] = pd.to_numeric(out["sample_size"], errors="coerce").astype("Int64")
    out["reliable"] = out["reliable"].astype("boolean")
    return out
