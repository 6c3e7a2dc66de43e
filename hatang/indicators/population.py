"""The population base of per-inhabitant figures: which population divides them.

Units carry the 2025 merger plans' "population size" (quy mô dân số: 2.26 M for the 57
communes of old Nam Định), which counts people registered elsewhere; the statistics
office's average resident population (dân số trung bình) is the base of official
per-inhabitant statistics (1.78 M in 2020). The base is a setting,
`[indicators] population_base`:

- ``resident`` (default): the resident figure of the unit the workspace holds, from
  `resident_population_file` or the shipped `hatang/data/population/resident.csv`
  (one row per unit, with its year and source). Every unit's population and adults on
  each map are scaled by resident / (the communes' population on that map), so the
  communes keep their merger-plan proportions and add up to the official total. With
  no resident figure for the workspace's units, the plan's figures are used and the
  base says why.
- ``plan``: the units' population as they carry it.

`choose` is pure (tables in, a `PopulationBase` out); `rebase` scales the units.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hatang.errors import ConfigError

if TYPE_CHECKING:  # pandas is imported where it is used: `fingerprint` runs without it
    import pandas as pd

SHIPPED = Path(__file__).parents[1] / "data" / "population" / "resident.csv"
BASES = ("resident", "plan")
#: the workspace meta key holding the base of the values computed last
META_KEY = "population_base"
PLAN_SOURCE = "merger plans' population size (units.population)"
#: the unit columns a base scales (households are counted, not estimated from people)
SCALED = ("population", "adults")
#: the indicators divided by people or adults (their value depends on the base)
PER_PERSON = {
    "mobile_broadband_per_100",
    "fixed_broadband_per_100",
    "mobile_subscriptions_per_100",
    "cloud_accounts_per_adult",
}


@dataclass(frozen=True)
class PopulationBase:
    base: str  # "resident" or "plan"
    source: str
    year: int | None
    #: the people the base counts in the workspace's area (None: unknown)
    total: float | None
    #: what the units' populations are multiplied by, per map
    factors: dict[str, float]
    #: why a resident base is not used (empty when it is)
    note: str = ""

    def label(self) -> str:
        """'resident population 2020: 1,780,333 (source)' — how every output names it."""
        n = "" if self.total is None else f": {self.total:,.0f}"
        if self.base == "resident":
            return f"resident population {self.year}{n} — {self.source}"
        why = f" ({self.note})" if self.note else ""
        return f"plan population{n} — {self.source}{why}"

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)


def read_resident(path: str | Path | None = None) -> pd.DataFrame:
    """The resident figures (map, code, name, year, population, source)."""
    import pandas as pd

    p = Path(path) if path else SHIPPED
    try:
        frame = pd.read_csv(p, dtype={"map": str, "code": str}, keep_default_na=False)
    except (OSError, ValueError) as e:
        raise ConfigError(f"{p}: cannot read the resident population: {e}") from e
    missing = {"map", "code", "year", "population", "source"} - set(frame.columns)
    if missing:
        raise ConfigError(f"{p}: missing column(s) {', '.join(sorted(missing))}")
    return frame


def fingerprint(path: str | Path | None = None) -> str:
    """The resident file's hash, so a changed figure recomputes the indicators."""
    p = Path(path) if path else SHIPPED
    return hashlib.sha256(p.read_bytes()).hexdigest() if p.exists() else ""


def _communes_sum(units: pd.DataFrame, map_: str) -> float:
    import pandas as pd

    here = units[(units["map"].astype(str) == map_) & (units["level"] == "commune")]
    return float(pd.to_numeric(here["population"], errors="coerce").sum())


def _plan(units: pd.DataFrame, note: str = "") -> PopulationBase:
    total = _communes_sum(units, "2025") or _communes_sum(units, "2024") or None
    return PopulationBase("plan", PLAN_SOURCE, None, total, {}, note)


def _holds_only(units: pd.DataFrame, map_: str, code: str) -> bool:
    """Whether the workspace's units on `map_` are `code` and the units below it."""
    here = units[units["map"].astype(str) == map_].set_index("code")
    parent = here["parent_code"].astype(object).where(here["parent_code"].notna(), None)
    tops = [c for c, p in parent.items() if p is None or p not in here.index]
    return tops == [code]


def choose(units: pd.DataFrame, resident: pd.DataFrame, base: str) -> PopulationBase:
    """The base the settings ask for, on these units (see the module docstring)."""
    if base not in BASES:
        raise ConfigError(f"[indicators] population_base = {base!r} — expected one of {BASES}")
    if base == "plan":
        return _plan(units)
    rows: list[dict[str, str]] = [
        {str(k): str(v) for k, v in r.items()}
        for r in resident.to_dict("records")
        if _holds_only(units, str(r["map"]), str(r["code"]))
    ]
    if not rows:
        return _plan(units, "no resident figure for the workspace's province")
    r = rows[0]
    try:
        total, year = float(r["population"]), int(r["year"])
    except ValueError:
        raise ConfigError(
            f"resident population of {r['code']}: population {r['population']!r} and year "
            f"{r['year']!r} must be numbers"
        ) from None
    factors = {m: total / s for m in ("2024", "2025") if (s := _communes_sum(units, m)) and s > 0}
    return PopulationBase("resident", r["source"], year, total, factors)


def rebase(units: pd.DataFrame, base: PopulationBase) -> pd.DataFrame:
    """The units with their population and adults on the base (scaled per map)."""
    import pandas as pd

    if not base.factors:
        return units
    out = units.copy()
    factor = out["map"].astype(str).map(base.factors).fillna(1.0)
    for c in SCALED:
        if c in out:
            out[c] = pd.to_numeric(out[c], errors="coerce") * factor
    return out


def from_json(text: str | None) -> PopulationBase | None:
    """The stored base (None: values computed before bases were recorded)."""
    if not text:
        return None
    d = json.loads(text)
    return PopulationBase(**d)
