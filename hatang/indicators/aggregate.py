"""The aggregation rules over rolled-up contributions (pure): ratio of sums, count,
survey estimate with its Wilson interval, median of speed tests or tiles' mean, median
of cases (the register's days to fix).

Each rule returns the values of every group (unit × period) as arrays, keyed by the
groups' sorted keys (`Groups.keys`): numerator, denominator, value, sample_size,
ci_low, ci_high, method, reliable, no_data_reason and synthetic.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from hatang.indicators.boundaries import METHODS
from hatang.indicators.catalogue import Indicator
from hatang.indicators.rollup import Array, Groups, Rolled

Z95 = 1.959963984540054
MIN_SURVEY_N = 30

Values = dict[str, Array]


def wilson(p: Array, n: Array, z: float = Z95) -> tuple[Array, Array]:
    """Wilson score interval of a proportion p with (effective) sample size n."""
    p = np.asarray(p, dtype=float)
    n = np.asarray(n, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        denom = 1 + z * z / n
        centre = (p + z * z / (2 * n)) / denom
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)


def _labels(codes: Array) -> npt.NDArray[np.object_]:
    """The boundary method's name of each code (the largest of a group's rows)."""
    return np.asarray([METHODS[int(c)] for c in codes], dtype=object)


def _reason(ok: Array, reason: str) -> npt.NDArray[np.object_]:
    """None where `ok`, else `reason`."""
    return np.where(ok, np.array(None, dtype=object), reason)


def _nan(n: int) -> npt.NDArray[np.float64]:
    return np.full(n, np.nan)


def ratio(r: Rolled, contrib: pd.DataFrame, ind: Indicator, g: Groups) -> Values:
    """Ratio of sums (numerator and denominator summed over every unit below), or a count."""
    s = g.sums(numerator=r.take(contrib["numerator"]), denominator=r.take(contrib["denominator"]))
    num = s["numerator"].astype(float)
    den = np.where(g.count(r.take(contrib["denominator"])) > 0, s["denominator"], np.nan)
    n = len(g)
    if ind.aggregation == "count":
        value, den, reason = num * ind.scale, _nan(n), np.full(n, None, dtype=object)
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            value = np.where(den > 0, num / den * ind.scale, np.nan)
        reason = _reason(den > 0, "denominator is zero")
    return {
        "numerator": num,
        "denominator": den.astype(float),
        "value": value,
        "sample_size": _nan(n),
        "ci_low": _nan(n),
        "ci_high": _nan(n),
        "method": _labels(g.max(r.take(contrib["method_code"]))),
        "reliable": np.ones(n, dtype=bool),
        "no_data_reason": reason,
        "synthetic": g.any(r.take(contrib["synthetic"])),
    }


def respondent_w2(r: Rolled, contrib: pd.DataFrame, g: Groups, w: Array, w2: Array) -> Array:
    """Σ w² per group with each respondent's pieces summed first: a response the crosswalk
    split over several units is one respondent where its pieces meet again, so the
    effective sample does not grow by re-expressing it (design-based: the respondent is
    the sampling unit). Groups where no respondent repeats keep `w2` as summed."""
    if "respondent" not in contrib or not len(w):
        return w2
    resp = r.take(contrib["respondent"]).astype(np.int64)
    pair = g.codes * (int(resp.max()) + 1) + resp
    codes, pairs = pd.factorize(pair, sort=True)
    if len(pairs) == len(pair):
        return w2
    per = np.bincount(codes, weights=w, minlength=len(pairs))
    group = np.asarray(pairs, dtype=np.int64) // (int(resp.max()) + 1)
    merged = np.bincount(group, weights=per * per, minlength=len(g))
    repeats = np.bincount(group, minlength=len(g)) < np.bincount(g.codes, minlength=len(g))
    return np.where(repeats, merged, w2)


def survey(r: Rolled, contrib: pd.DataFrame, ind: Indicator, g: Groups) -> Values:
    """p = Σ w·y / Σ w with a 95 % Wilson interval at Kish's n_eff = (Σ w)² / Σ w²
    (respondents, not the crosswalk's pieces of them); a census has no interval."""
    w = r.take(contrib["w"]).astype(float)
    y = r.take(contrib["y"]).astype(float)
    s = g.sums(wy=w * y, w=w, w2=w * w, rows=r.take(contrib["rows"]))
    num, den = s["wy"], s["w"]
    w2 = respondent_w2(r, contrib, g, w, s["w2"])
    with np.errstate(divide="ignore", invalid="ignore"):
        p = np.where(den > 0, num / den, np.nan)
        n_eff = np.where(w2 > 0, den**2 / w2, np.nan)
    lo, hi = wilson(p, n_eff)
    if ind.design == "census":  # every unit answered: no sampling error to state
        lo, hi = _nan(len(g)), _nan(len(g))
    size = np.round(s["rows"]).astype(int)
    codes = g.max(r.take(contrib["method_code"]))
    method = np.where(codes > 0, "survey-weighted; " + _labels(codes), "survey-weighted")
    return {
        "numerator": num,
        "denominator": den,
        "value": p * ind.scale,
        "sample_size": size.astype(float),
        "ci_low": lo * ind.scale,
        "ci_high": hi * ind.scale,
        "method": method.astype(object),
        "reliable": size >= MIN_SURVEY_N,
        "no_data_reason": _reason(den > 0, "respondents' weights sum to zero"),
        "synthetic": g.any(r.take(contrib["synthetic"])),
    }


def _on(g: Groups, sub: Groups, values: Array, fill: float | bool) -> Array:
    """Values of the groups `sub` (a subset of `g`) spread onto `g`, `fill` elsewhere."""
    out = np.full(len(g), fill, dtype=np.asarray(values).dtype)
    out[np.searchsorted(g.keys, sub.keys)] = values
    return out


def median(
    r: Rolled,
    contrib: pd.DataFrame,
    g: Groups,
    min_speed_tests: int,
    min_tile_tests: int,
    medians: Array | None = None,
) -> Values:
    """The median of raw speed tests where there are enough, else the tests-weighted mean
    of the tiles (numerator Σ mean × tests, denominator Σ tests). `medians` (per group of
    `g`): the tests' medians taken by the store over the raw tests below each unit, the
    test rows then counting `tests` each (hatang.store.speed_tests)."""
    source = r.take(contrib["source"])
    x = r.take(contrib["x"]).astype(float)
    syn = r.take(contrib["synthetic"])
    test, tile = source == "test", source == "tile"
    gt, gi = Groups.of(r.key[test]), Groups.of(r.key[tile])
    tests = r.take(contrib["tests"]).astype(float)
    s = gi.sums(xt=x[tile] * tests[tile], t=tests[tile])
    n = _on(g, gt, np.bincount(gt.codes, weights=tests[test], minlength=len(gt)), 0.0)
    t = _on(g, gi, s["t"], 0.0)
    xt = _on(g, gi, s["xt"], np.nan)
    if medians is None:
        med = pd.Series(x[test]).groupby(gt.codes, sort=True).median().to_numpy()
        med = _on(g, gt, med, np.nan)
    else:
        med = np.where(n > 0, medians, np.nan)
    use_tests = n >= min_speed_tests
    use_tiles = ~use_tests & (t > 0)
    few_tests = ~use_tests & ~use_tiles & (n > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        tile_mean = xt / t
    method = np.select(
        [use_tests, use_tiles], ["median-tests", "ookla-tiles-mean"], "median-tests (few tests)"
    )
    return {
        "numerator": np.where(use_tiles, xt, np.nan),
        "denominator": np.where(use_tiles, t, np.nan),
        "value": np.select([use_tests, use_tiles, few_tests], [med, tile_mean, med], np.nan),
        "sample_size": np.where(use_tiles, t, n).astype(int).astype(float),
        "ci_low": _nan(len(g)),
        "ci_high": _nan(len(g)),
        "method": method.astype(object),
        "reliable": np.select(
            [use_tests, use_tiles], [np.ones(len(g), bool), t >= min_tile_tests], False
        ),
        "no_data_reason": np.full(len(g), None, dtype=object),
        "synthetic": _on(g, gt, gt.any(syn[test]), False) | _on(g, gi, gi.any(syn[tile]), False),
    }


def median_of_cases(r: Rolled, contrib: pd.DataFrame, g: Groups) -> Values:
    """The median of the contributions' numerators over every case in the unit (each
    contribution row is one case: the register's days from report to fix). A median
    does not add up, so it is taken over the rolled-up cases of each unit, never over
    the units' medians."""
    x = r.take(contrib["numerator"]).astype(float)
    med = pd.Series(x).groupby(g.codes, sort=True).median().to_numpy()
    n = np.bincount(g.codes, weights=~np.isnan(x), minlength=len(g))
    codes = g.max(r.take(contrib["method_code"]))
    return {
        "numerator": _nan(len(g)),
        "denominator": _nan(len(g)),
        "value": np.where(n > 0, med, np.nan),
        "sample_size": n.astype(float),
        "ci_low": _nan(len(g)),
        "ci_high": _nan(len(g)),
        "method": np.asarray(["median; " + m for m in _labels(codes)], dtype=object),
        "reliable": n > 0,
        "no_data_reason": _reason(n > 0, "no case to take a median of"),
        "synthetic": g.any(r.take(contrib["synthetic"])),
    }
