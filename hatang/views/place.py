"""Finding a village or commune by name, and what a village's page answers: "is my
village covered?" — its commune's modelled coverage (the current run), the village's
reported services, its commune's speeds and the open dead-spot cases in the village.

Pure over the workspace's frames. Names compare as `hatang.model.names.name_key`
does (accents, tone placement, case and spaces folded), with and without the unit's
type ("xuan truong" finds "Xã Xuân Trường"); the official spelling is what is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from hatang.model.names import name_key
from hatang.model.services import mobile_broadband
from hatang.views.overview import latest
from hatang.views.values import Value

#: the levels a citizen searches for
LEVELS = ("commune", "village")


def matches(units: pd.DataFrame, q: str, umap: str = "", limit: int = 50) -> pd.DataFrame:
    """Communes and villages whose name holds `q` (folded), on `umap` or both maps:
    map, code, name, level, parent_code, parent_name; exact names first, communes
    before villages, the 2025 map first."""
    needle = name_key(q[:100])
    cols = ["map", "code", "name", "level", "parent_code", "parent_name"]
    if not needle:
        return pd.DataFrame(columns=cols)
    u = units[units["level"].isin(LEVELS)]
    if umap:
        u = u[u["map"].astype(str) == umap]
    full = u["name"].astype(str).map(name_key)
    bare = u["name"].astype(str).map(lambda n: name_key(n, drop_prefix=True))
    hit = full.str.contains(needle, regex=False) | bare.str.contains(needle, regex=False)
    found = u[hit.to_numpy(bool)].copy()
    found["exact"] = (bare[hit] != needle) & (full[hit] != needle)
    parents = units.drop_duplicates(["map", "code"]).set_index(["map", "code"])["name"]
    keys = list(zip(found["map"].astype(str), found["parent_code"].astype(str), strict=True))
    found["parent_name"] = [parents.get(k, "") for k in keys]
    found = found.sort_values(
        ["exact", "level", "name", "map"], ascending=[True, True, True, False], kind="stable"
    )
    return found[cols].head(limit).reset_index(drop=True)


@dataclass(frozen=True)
class VillageFacts:
    unit: pd.Series
    commune: pd.Series | None
    coverage: pd.DataFrame  # the commune's modelled coverage, one row per operator
    coverage_values: list[tuple[str, str, Value, Value]]  # operator, technology, people, villages
    services: dict[str, Any]  # the village's reported services (latest period)
    service_period: str | None
    speeds: pd.DataFrame  # the commune's speed aggregates
    cases: pd.DataFrame  # open register cases in the village
    reported: pd.DataFrame  # reported dead spots in the village not marked resolved


def find_village(units: pd.DataFrame, code: str, umap: str = "") -> pd.Series | None:
    """The village with `code` on `umap` (else its newest map), or None."""
    v = units[(units["level"] == "village") & (units["code"].astype(str) == code)]
    if umap:
        v = v[v["map"].astype(str) == umap]
    return None if v.empty else v.sort_values("map").iloc[-1]


def village_facts(
    unit: pd.Series,
    *,
    units: pd.DataFrame,
    coverage_units: pd.DataFrame,
    village_services: pd.DataFrame,
    speeds: pd.DataFrame,
    cases: pd.DataFrame,
    dead_spots: pd.DataFrame,
) -> VillageFacts:
    """The facts of village `unit`; `coverage_units` holds the current runs' rows only,
    `cases` the register's cases (public fields), `speeds` the published aggregates."""
    code, umap, parent = str(unit["code"]), str(unit["map"]), str(unit["parent_code"])
    same = (units["map"].astype(str) == umap) & (units["code"].astype(str) == parent)
    commune = units[same].iloc[0] if same.any() else None
    cov = coverage_units[
        (coverage_units["map"].astype(str) == umap)
        & (coverage_units["unit_code"].astype(str) == parent)
    ]
    pv = latest(village_services)
    services = village_services[
        (village_services["period"] == pv) & (village_services["village_code"].astype(str) == code)
    ]
    return VillageFacts(
        unit=unit,
        commune=commune,
        coverage=cov,
        coverage_values=[_coverage_row(r) for _, r in cov.iterrows()],
        services=_services(services, unit.get("households")),
        service_period=pv,
        speeds=speeds[speeds["commune_code"].astype(str) == parent],
        cases=_open_cases(cases, code),
        reported=_reported(dead_spots, code),
    )


def _coverage_row(r: pd.Series) -> tuple[str, str, Value, Value]:
    people = Value(
        r["population_covered"], "whole", label="place_people_covered", total=r["population"]
    )
    villages = Value(r["villages_covered"], "count", label="villages", total=r["villages"])
    return str(r["operator"]), str(r["technology"]), people, villages


def _services(rows: pd.DataFrame, households: Any) -> dict[str, Any]:
    """Reported mobile and fixed broadband (yes/no) and fibre households of all."""
    if rows.empty:
        return {}
    r = rows.iloc[0]
    return {
        "mobile_bb": bool(mobile_broadband(rows.iloc[:1]).eq(True).iloc[0]),  # 3G/4G/5G
        "fixed_bb": bool(r["fixed_broadband"]),
        "fibre_hh": Value(r["fibre_households"], "count", label="fibre_hh", total=households),
    }


def _open_cases(cases: pd.DataFrame, code: str) -> pd.DataFrame:
    if cases.empty or "village_code" not in cases.columns:
        return cases.iloc[0:0]
    finished = ("closed", "rejected")
    keep = (cases["village_code"].astype(str) == code) & ~cases["state"].astype(str).isin(finished)
    return cases[keep]


def _reported(dead_spots: pd.DataFrame, code: str) -> pd.DataFrame:
    if dead_spots.empty:
        return dead_spots
    keep = (dead_spots["village_code"].astype(str) == code) & dead_spots["resolved_on"].isna()
    return dead_spots[keep]


def summary(f: VillageFacts) -> dict[str, Any]:
    """The page's short answer: the share of the commune's people the model covers (any
    operator's row, else the best operator's), reported mobile broadband, open cases."""
    c = f.coverage
    if len(c) and (c["operator"].astype(str) == "any").any():
        c = c[c["operator"].astype(str) == "any"]
    share = None
    if len(c):
        shares = c["population_covered"].astype(float) / c["population"].astype(float).clip(1.0)
        share = float(shares.max())
    return {
        "modelled_share": Value(share, "percent", label="place_modelled_share"),
        "reported_mobile": f.services.get("mobile_bb"),
        "open_cases": len(f.cases) + len(f.reported),
    }
