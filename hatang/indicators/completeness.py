"""How much of its unit an aggregate of reported data covers (pure).

Data reported per unit (subscriptions and cloud accounts per commune, village
services per village, modelled coverage per commune) can miss units: an operator's
file without one commune, a village not reported on. A sum over the units that did
report is then a figure for *part* of the unit. Each such value carries

- ``coverage_level``: the level the data is reported at (commune, village ...);
- ``units_reporting`` / ``units_expected``: the units at that level with data in the
  period, and all of them inside the unit in the workspace;
- ``coverage_share``: the reporting units' share of the unit's people (their
  population over the unit's own population, or over the expected units' where the
  unit has none — a unit bigger than what the workspace holds, such as the new
  province of which the workspace has one old province's communes, is covered only
  in part however complete its communes are); empty where populations are unknown;
- ``partial``: that share (else the share of units) is below the settings' threshold
  (default 100 %).

Register data (sites, dead spots, services), samples (surveys, speed tests) and
province-level reports have no units to miss: their coverage columns are empty.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from hatang.indicators.boundaries import LEVEL_ORDER
from hatang.indicators.rollup import Array, Groups, Hierarchy, KeySpace, Rolled

#: compute functions whose contributions are reports per unit (coverage is measured)
REPORTED = {
    "subscriptions_ratio",
    "subscriptions_count",
    "cloud_accounts",
    "village_share",
    "fibre_households",
    "commune_service",
    "modelled_coverage",
}
#: floating-point slack when a share is compared with its threshold
_SLACK = 1e-9


def reporting_level(space: KeySpace, r: Rolled) -> str | None:
    """The level most contribution rows are reported at (None: no placed rows)."""
    origin = r.origin[r.origin >= 0]
    if not len(origin):
        return None
    # rows per unit, then per level: the units' few levels, not a string per row
    per_unit = np.bincount(space.unit(origin), minlength=len(space.levels))
    names, of_unit = np.unique(space.levels.astype(str), return_inverse=True)
    per_level = np.bincount(of_unit, weights=per_unit, minlength=len(names))
    levels, counts = names[per_level > 0], per_level[per_level > 0].astype(np.int64)
    best = sorted(zip(counts, levels, strict=True), key=lambda c: (-c[0], -_order(c[1])))
    return str(best[0][1])


def _order(level: str) -> int:
    return LEVEL_ORDER.get(level, -1)


def expected(
    hierarchies: list[Hierarchy], space: KeySpace, level: str, population: Array
) -> tuple[Array, Array]:
    """Per unit of the key space: how many units at `level` it holds (itself at that
    level counts) and their population (NaN where one is unknown)."""
    n = len(space.codes)
    count = np.zeros(n)
    people = np.zeros(n)
    for h, offset in zip(hierarchies, space.offsets, strict=True):
        units = np.flatnonzero(h.levels[: h.n_units] == level)
        ptr, anc = h.ptr[True], h.ancestors[True]
        sizes = ptr[units + 1] - ptr[units]
        owner = np.repeat(units, sizes)
        first = np.repeat(np.cumsum(sizes) - sizes, sizes)
        above = anc[np.repeat(ptr[units], sizes) + np.arange(len(owner)) - first] + offset
        np.add.at(count, above, 1.0)
        np.add.at(people, above, population[owner + offset])
    return count, people


def distinct(values: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """The sorted distinct values, by a sort: numpy 2.4's `np.unique` hashes integers
    first and is 50-60× slower than this on a million mostly distinct ones (the demo's
    group × unit pairs)."""
    s = np.sort(values)
    return s[np.r_[True, s[1:] != s[:-1]]] if len(s) else s


def _reporting_pairs(r: Rolled, g: Groups, space: KeySpace, level: str) -> npt.NDArray[np.int64]:
    """group × units + unit of the rolled-up rows whose contribution is reported at
    `level` (with repeats). Contribution rows of the same unit and period roll up to the
    same groups, so only the first of each is rolled out here: the distinct pairs are
    the same, from a fraction of the rows."""
    origin = r.origin
    here = np.flatnonzero(
        (origin >= 0) & (space.levels == level)[space.unit(np.maximum(origin, 0))]
    )
    by_origin = here[np.argsort(origin[here], kind="stable")]
    first = np.zeros(len(origin), dtype=bool)
    if len(by_origin):
        o = origin[by_origin]
        first[by_origin[np.r_[True, o[1:] != o[:-1]]]] = True
    keep = first[r.rows]
    return g.codes[keep] * len(space.codes) + space.unit(origin[r.rows[keep]])


def measure(
    r: Rolled,
    g: Groups,
    space: KeySpace,
    hierarchies: list[Hierarchy],
    population: Array,
    threshold: float,
) -> dict[str, Array]:
    """The coverage columns of every group of `g` (see the module docstring)."""
    level = reporting_level(space, r)
    n = len(g)
    if level is None:
        return {}
    exp_n, exp_people = expected(hierarchies, space, level, population)
    pairs = distinct(_reporting_pairs(r, g, space, level))
    group, unit = pairs // len(space.codes), pairs % len(space.codes)
    reporting = np.bincount(group, minlength=n).astype(float)
    people = np.bincount(group, weights=population[unit], minlength=n)
    target = space.unit(g.keys)
    own = population[target]
    whole = np.where(np.isfinite(own) & (own > exp_people[target]), own, exp_people[target])
    with np.errstate(divide="ignore", invalid="ignore"):
        by_people = people / whole
        by_units = reporting / exp_n[target]
    share = np.where(np.isfinite(by_people), by_people, by_units)
    return {
        "coverage_level": np.full(n, level, dtype=object),
        "units_reporting": reporting,
        "units_expected": exp_n[target],
        "coverage_share": by_people,
        "partial": share < threshold - _SLACK,
    }


def unit_population(hierarchies: list[Hierarchy], people: list[Array]) -> Array:
    """The population of every unit of the key space (scopes: NaN), map by map."""
    parts: list[npt.NDArray[np.float64]] = []
    for h, p in zip(hierarchies, people, strict=True):
        parts.append(np.r_[np.asarray(p, dtype=float), np.full(len(h.codes) - h.n_units, np.nan)])
    return np.concatenate(parts) if parts else np.zeros(0)
