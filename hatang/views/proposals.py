"""A scenario's actions by area and by who would pay for them: what a report proposes.

An action either adds an operator's radios to a site that exists (a site-sharing
investment, `colocation`) or puts a new site up — on another sector's structure or a
new tower (a new-site investment). Over the stored actions with the commune holding
each one (`planning.export.with_communes`): the sums are of the stored figures, so the
columns add up to the scenario's totals.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from hatang.views.deadspots import named
from hatang.views.values import Value

#: action kind → who carries its cost
INVESTOR = {"colocation": "sharing", "other-sector": "new_site", "new-tower": "new_site"}
INVESTORS = ("sharing", "new_site")


@dataclass(frozen=True)
class Area:
    """One commune's actions: per investor the number and cost, then what they add."""

    commune: Value
    actions: dict[str, Value]
    cost: dict[str, Value]
    total_cost: Value
    people_new: Value
    villages_new: Value


def _investor(actions: pd.DataFrame) -> pd.Series:
    return actions["kind"].astype(str).map(INVESTOR).fillna("new_site")


def _area(code: object, name: object, g: pd.DataFrame) -> Area:
    who = _investor(g)
    cost = pd.to_numeric(g["cost_vnd"], errors="coerce")
    return Area(
        commune=Value(code, "text", text=named(name, code)),
        actions={i: Value(int((who == i).sum()), "count") for i in INVESTORS},
        cost={i: Value(float(cost[who == i].sum()), "whole", unit="VND") for i in INVESTORS},
        total_cost=Value(float(cost.sum()), "whole", unit="VND"),
        people_new=Value(float(pd.to_numeric(g["people_new"], errors="coerce").sum()), "whole"),
        villages_new=Value(int(pd.to_numeric(g["villages_new"], errors="coerce").sum()), "count"),
    )


def by_commune(actions: pd.DataFrame) -> list[Area]:
    """One row per commune with actions, dearest first (then by name)."""
    if actions.empty:
        return []
    a = actions.assign(
        _code=actions["commune_code"].astype(object).where(actions["commune_code"].notna(), "")
    )
    rows = [_area(code, g["commune_name"].iloc[0], g) for code, g in a.groupby("_code", sort=True)]
    return sorted(rows, key=lambda r: (-float(r.total_cost.value), str(r.commune.text)))


def investment(actions: pd.DataFrame) -> dict[str, tuple[Value, Value]]:
    """Per investor: (number of actions, their cost in VND)."""
    who = _investor(actions) if len(actions) else pd.Series(dtype=object)
    cost = pd.to_numeric(actions.get("cost_vnd", pd.Series(dtype=float)), errors="coerce")
    return {
        i: (
            Value(int((who == i).sum()), "count", label=f"investor_{i}"),
            Value(float(cost[who == i].sum()) if len(actions) else 0.0, "whole", unit="VND"),
        )
        for i in INVESTORS
    }
