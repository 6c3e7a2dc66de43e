"""A national budget split between provinces by need (pure): money goes where the next
đồng covers the most people, whichever province that is.

Each province is first planned with the whole budget (no province can use more); its
ranked actions, each with the people it adds given the ones before, trace how many
people each amount of money covers there. The upper concave hull of that curve gives
the province's best prices, in falling order (people per đồng). All provinces' hull
segments are taken best price first while the budget lasts; a province whose next
segment no longer fits stops there (its later actions build on that one), the others
go on. As in the greedy rule for a knapsack, the result is compared with giving the
whole budget to the one province that covers the most with it, and the better is
kept: a cheap good segment taken first may leave too little for a large better one.
Each province's share is the cost of the segments it got — a budget it can spend in
full on the first actions of its own ranking, so re-planning it with that budget
covers at least as many people.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Segment:
    """A run of a province's ranked actions bought together: its cost, what it adds."""

    province: str
    cost: float
    value: float
    end: int  # actions 0..end-1 are bought once this segment is

    @property
    def price(self) -> float:
        """People per đồng (a free segment first)."""
        return self.value / self.cost if self.cost > 0 else float("inf")


def hull_segments(province: str, cost: np.ndarray, value: np.ndarray) -> list[Segment]:
    """The upper concave hull of the cumulative (cost, value) curve of ranked actions,
    as segments of falling price: an action that pays off only with the next ones is
    bought together with them."""
    x = np.concatenate([[0.0], np.cumsum(cost, dtype=float)])
    y = np.concatenate([[0.0], np.cumsum(value, dtype=float)])
    hull = [0]
    for i in range(1, len(x)):
        while len(hull) >= 2 and _below(x, y, hull[-2], hull[-1], i):
            hull.pop()
        hull.append(i)
    return [
        Segment(province, float(x[b] - x[a]), float(y[b] - y[a]), b)
        for a, b in zip(hull, hull[1:], strict=False)
        if y[b] > y[a]
    ]


def _below(x: np.ndarray, y: np.ndarray, a: int, b: int, c: int) -> bool:
    """Point b lies on or under the chord from a to c (so b is not a hull corner)."""
    return bool((y[b] - y[a]) * (x[c] - x[a]) <= (y[c] - y[a]) * (x[b] - x[a]))


def split_budget(
    actions: Mapping[str, pd.DataFrame], budget: float, value: str = "people_new"
) -> dict[str, float]:
    """Each province's share of `budget` (module docstring): `actions` are every
    province's ranked actions planned with the whole budget (columns cost_vnd and
    `value`); provinces that get nothing have 0."""
    segments = [
        s
        for code, a in actions.items()
        for s in hull_segments(
            code, a["cost_vnd"].to_numpy(dtype=float), a[value].fillna(0).to_numpy(dtype=float)
        )
    ]
    segments.sort(key=lambda s: (-s.price, s.province, s.end))
    share = dict.fromkeys(actions, 0.0)
    stopped: set[str] = set()
    left, got = float(budget), 0.0
    for s in segments:
        if s.province in stopped:
            continue
        if s.cost > left + 1e-6:
            stopped.add(s.province)
            continue
        share[s.province] += s.cost
        left -= s.cost
        got += s.value
    best, cost, alone = _best_alone(actions, budget, value)
    if alone > got + 1e-9:
        return {**dict.fromkeys(actions, 0.0), best: cost}
    return share


def _best_alone(
    actions: Mapping[str, pd.DataFrame], budget: float, value: str
) -> tuple[str, float, float]:
    """The province covering the most with the whole budget alone (its longest ranked
    prefix within it): its code, that prefix's cost and value."""
    best = ("", 0.0, 0.0)
    for code, a in actions.items():
        cost = np.cumsum(a["cost_vnd"].to_numpy(dtype=float))
        gain = np.cumsum(a[value].fillna(0).to_numpy(dtype=float))
        n = int(np.searchsorted(cost, budget + 1e-6, side="right"))
        if n and gain[n - 1] > best[2]:
            best = (code, float(cost[n - 1]), float(gain[n - 1]))
    return best
