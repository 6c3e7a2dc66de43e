"""Public facilities in the planner: weighting demand by them, and counting them.

A province wants the dead spots with a school or a health station closed first. The
`facilities` table (`hatang import facilities FILE`) says where those are; this module

* turns a *weighting* (`[planner] facility_weight` in hatang.toml, or `plan-sites
  --priority school=2,health-station=3`) into the per-village factor that
  `demand.uncovered_demand(village_factor=...)` takes. Rule: the people of a village
  with at least one facility of a weighted kind count `factor` times; a village with
  facilities of several weighted kinds takes the **largest** factor (not the product);
  every other village counts 1. Factors are ≥ 1, so weighting only ever raises a
  village's priority. A facility belongs to its `village_code` when that village is a
  population point of the grid, else to the population point nearest to it (as a
  modelled dead spot gets its nearest village);
* places facilities on the coverage grid, so each action can say which facilities it
  newly brings 4G to ("2 schools and 1 health station"): a facility is covered when
  the grid cell holding it is, the same rule as for people.

Pure (the store reads the facilities: `store.planning.read_facilities`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp
from numpy.typing import NDArray
from scipy.spatial import cKDTree

from hatang.errors import ConfigError
from hatang.model.schema import FACILITY_KINDS

#: scenario / action column counting the facilities of each kind newly covered
COUNT_COLUMNS = {
    "school": "schools_new",
    "health-station": "health_stations_new",
    "commune-office": "commune_offices_new",
    "other": "other_facilities_new",
}
NONE = "none"
_EXAMPLE = "e.g. school=2,health-station=3, or none / ví dụ school=2,health-station=3"


def _kind(text: str, where: str) -> str:
    from hatang.io.values import VALUE_ALIASES, allowed_value

    try:
        return allowed_value(text, FACILITY_KINDS, VALUE_ALIASES.get(("facilities", "kind")))
    except ValueError:
        raise ConfigError(
            f"{where}: unknown facility kind {text!r} (known: {', '.join(FACILITY_KINDS)}) "
            f"/ loại cơ sở không hợp lệ"
        ) from None


def _factor(value: object, kind: str, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ConfigError(f"{where}: the factor of {kind} must be a number, got {value!r}")
    try:
        f = float(str(value).strip().replace(",", ".")) if isinstance(value, str) else float(value)
    except ValueError:
        raise ConfigError(
            f"{where}: the factor of {kind} must be a number, got {value!r} — {_EXAMPLE}"
        ) from None
    if not np.isfinite(f) or f < 1:
        raise ConfigError(
            f"{where}: the factor of {kind} must be a number ≥ 1 (1 = no priority), got {value!r} "
            f"/ hệ số phải ≥ 1"
        )
    return f


def check_factors(factors: Mapping[str, object], where: str) -> dict[str, float]:
    """Validated kind → factor (Vietnamese kind names accepted), in FACILITY_KINDS order;
    raises ConfigError naming `where` (the setting or option)."""
    out: dict[str, float] = {}
    for key, value in factors.items():
        kind = _kind(str(key), where)
        if kind in out:
            raise ConfigError(f"{where}: {kind} is given twice / loại cơ sở bị lặp")
        out[kind] = _factor(value, kind, where)
    return {k: out[k] for k in FACILITY_KINDS if k in out}


def parse_priority(text: str) -> dict[str, float]:
    """`--priority school=2,health-station=3` → {kind: factor}; `none` → {} (plain people).
    Pairs are separated by `,` or `;`; decimals take a point (`2.5`)."""
    where = "--priority"
    t = text.strip()
    if t.lower() in (NONE, "0", "off", "khong", "không"):
        return {}
    if not t:
        raise ConfigError(f"{where} is empty: {_EXAMPLE}")
    pairs: dict[str, object] = {}
    for part in t.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        name, sep, value = part.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise ConfigError(f"{where}: {part!r} is not KIND=FACTOR: {_EXAMPLE}")
        kind = _kind(name.strip(), where)
        if kind in pairs:
            raise ConfigError(f"{where}: {kind} is given twice / loại cơ sở bị lặp")
        pairs[kind] = value.strip()
    return check_factors(pairs, where)


def label(factors: Mapping[str, float]) -> str:
    """How a scenario records its weighting: 'school=2, health-station=3' or 'none'."""
    return ", ".join(f"{k}={v:g}" for k, v in factors.items()) if factors else NONE


def village_of(
    codes: NDArray[np.object_] | list,
    xy: NDArray[np.float64],
    village_codes: NDArray[np.object_] | list,
    village_xy: NDArray[np.float64],
) -> NDArray[np.int64]:
    """Index of each facility's village: its code when that is a population point, else
    the population point nearest to it (−1 when there are none)."""
    n = len(codes)
    if not len(village_codes):
        return np.full(n, -1, dtype=np.int64)
    index = {str(c): i for i, c in enumerate(village_codes)}
    out = np.array(
        [index.get(str(c), -1) if isinstance(c, str) else -1 for c in codes], dtype=np.int64
    )
    todo = out < 0
    if todo.any():
        _, near = cKDTree(np.asarray(village_xy, dtype=float)).query(
            np.asarray(xy, dtype=float)[todo]
        )
        out[todo] = near
    return out


def village_factor(
    kinds: NDArray[np.object_] | list,
    village: NDArray[np.int64],
    n_villages: int,
    factors: Mapping[str, float],
) -> NDArray[np.float64] | None:
    """Factor per village (module docstring: the largest factor of its facilities' kinds,
    1 without any); None when no village gets a factor above 1, so that an unweighted
    demand stays exactly people."""
    out = np.ones(n_villages)
    for kind, f in factors.items():
        hit = np.asarray(village)[(np.asarray(kinds, dtype=object) == kind) & (village >= 0)]
        np.maximum.at(out, hit, f)
    return out if (out > 1).any() else None


@dataclass
class Placed:
    """Facilities on the coverage grid."""

    kind: NDArray[np.object_]
    village: NDArray[np.int64]  # index into the planner's villages (−1: none)
    cell: NDArray[np.int64]  # flat grid cell holding it (−1: outside the grid)
    xy: NDArray[np.float64]  # centre of that cell (coverage is evaluated there)

    def __len__(self) -> int:
        return len(self.kind)


def place(
    facilities: pd.DataFrame, grid, villages: pd.DataFrame, crs: str
) -> Placed:  # grid: coverage.grid.Grid
    """Each facility's village (`village_of`) and grid cell."""
    from hatang.coverage.grid import to_xy

    if facilities.empty:
        z = np.zeros(0, dtype=np.int64)
        return Placed(np.zeros(0, dtype=object), z, z.copy(), np.zeros((0, 2)))
    fx, fy = to_xy(facilities["lon"].to_numpy(float), facilities["lat"].to_numpy(float), crs)
    vx, vy = (
        to_xy(villages["lon"].to_numpy(float), villages["lat"].to_numpy(float), crs)
        if len(villages)
        else (np.zeros(0), np.zeros(0))
    )
    village = village_of(
        facilities["village_code"].to_numpy(object),
        np.column_stack([fx, fy]),
        villages["code"].to_numpy(object) if len(villages) else [],
        np.column_stack([vx, vy]),
    )
    row, col, inside = grid.index(fx, fy)
    cell = np.where(inside, row * grid.nx + col, -1)
    xs, ys = grid.xs(), grid.ys()
    centre = np.column_stack([xs[col], ys[row]])
    return Placed(facilities["kind"].to_numpy(object), village, cell, centre)


def newly_covered(
    cover: sp.spmatrix, kinds: NDArray[np.object_], order: list[int] | NDArray[np.int64]
) -> pd.DataFrame:
    """Facilities each action newly covers, given the actions ranked before it.

    `cover`: facilities × candidates (True: the candidate covers the facility's cell);
    only facilities without coverage before the plan belong in it. `order`: the
    candidates in rank order. One row per action, one column per kind (COUNT_COLUMNS)
    and `facilities_new`, so the columns add up to the plan's totals."""
    csc = sp.csc_matrix(cover, dtype=bool)
    got = np.zeros(csc.shape[0], dtype=bool)
    kinds = np.asarray(kinds, dtype=object)
    rows = []
    for j in order:
        pts = csc.indices[csc.indptr[j] : csc.indptr[j + 1]]
        new = pts[~got[pts]]
        got[new] = True
        counts = {col: int((kinds[new] == k).sum()) for k, col in COUNT_COLUMNS.items()}
        rows.append({"facilities_new": len(new), **counts})
    return pd.DataFrame(rows, columns=["facilities_new", *COUNT_COLUMNS.values()])


def describe(counts: Mapping[str, object]) -> str:
    """'2 school, 1 health-station' from a row with COUNT_COLUMNS (zeros left out)."""
    parts = []
    for kind, col in COUNT_COLUMNS.items():
        v = counts.get(col)
        if v is not None and not (isinstance(v, float) and v != v) and int(v):
            parts.append(f"{int(v)} {kind}")
    return ", ".join(parts)
