"""A filing against the filer's rows of the previous quarter (pure: frames in, records out).

`diff` lists the rows added, removed and changed (one record per changed value), keyed
by the table's key without the period; `moves` sums the figures the filing sets
(subscriptions per kind, sites, cells per technology) before → after; `flags` names
the changes big enough to review before accepting: a commune's subscriptions of a
kind moving by more than `[submissions] review_subscriptions_change` (30 %), the
site or cell count falling by more than `review_sites_drop` (10 %).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from hatang.model.schema import TABLES
from hatang.views import format as fmt

#: the styles of a flag's two halves: "20% / 20 %"
EN, VI = fmt.web("en"), fmt.web("vi")

#: columns never compared: where a row came from, not what it says
_IGNORED = ("period", "import_id")


@dataclass(frozen=True)
class Change:
    """One difference: a row added or removed, or one value changed."""

    change: str  # added, removed, changed
    key: str
    column: str | None = None
    old: Any = None
    new: Any = None


@dataclass(frozen=True)
class Move:
    """A figure the filing sets, before (previous quarter) → after; `flag` says why it
    should be reviewed ('' when it need not)."""

    figure: str
    before: float | None
    after: float | None
    flag: str = ""

    @property
    def share(self) -> float | None:
        if self.before in (None, 0) or self.after is None:
            return None
        return self.after / self.before - 1


def _clean(v: Any) -> Any:
    if v is None or v is pd.NA or v is pd.NaT:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "item") and not isinstance(v, str):
        return v.item()
    return v


def _keyed(frame: pd.DataFrame, key: list[str]) -> dict[str, dict[str, Any]]:
    out = {}
    for rec in frame.to_dict("records"):
        out[" · ".join(str(rec[k]) for k in key)] = {c: _clean(v) for c, v in rec.items()}
    return out


def diff(table: str, previous: pd.DataFrame, new: pd.DataFrame) -> list[Change]:
    """Rows added, removed and changed between two quarters of one table, in key order."""
    t = TABLES[table]
    key = [k for k in t.key if k != "period"]
    columns = [c for c in t.column_names if c not in _IGNORED and c not in key]
    before, after = _keyed(previous, key), _keyed(new, key)
    out: list[Change] = []
    for k in sorted(before.keys() | after.keys()):
        if k not in before:
            out.append(Change("added", k))
        elif k not in after:
            out.append(Change("removed", k))
        else:
            out += [
                Change("changed", k, c, before[k].get(c), after[k].get(c))
                for c in columns
                if before[k].get(c) != after[k].get(c)
            ]
    return out


def _sums(frame: pd.DataFrame, by: str, value: str | None) -> dict[str, float]:
    if frame.empty:
        return {}
    grouped = frame.groupby(by)
    return {
        str(k): float(v) for k, v in (grouped[value].sum() if value else grouped.size()).items()
    }


def moves(table: str, previous: pd.DataFrame, new: pd.DataFrame, drop: float) -> list[Move]:
    """The totals the filing sets, before → after; a count falling by more than `drop`
    is flagged (sites, cells)."""
    if table == "subscriptions":
        b, a = _sums(previous, "kind", "count"), _sums(new, "kind", "count")
        return [Move(f"subscriptions {k}", b.get(k), a.get(k)) for k in sorted(b.keys() | a.keys())]
    if table not in ("sites", "cells"):
        return [Move(f"{table} rows", float(len(previous)), float(len(new)))]
    out = [_count_move(table, float(len(previous)), float(len(new)), drop)]
    if table == "cells":
        b, a = _sums(previous, "technology", None), _sums(new, "technology", None)
        out += [Move(f"cells {k}", b.get(k), a.get(k)) for k in sorted(b.keys() | a.keys())]
    return out


def _count_move(table: str, before: float, after: float, drop: float) -> Move:
    flag = ""
    if before and after / before - 1 < -drop:
        flag = (
            f"{table} fall by more than {fmt.percent(drop, 0, EN)} "
            f"/ số {table} giảm hơn {fmt.percent(drop, 0, VI)}"
        )
    return Move(table, before, after, flag)


def flags(
    table: str,
    previous: pd.DataFrame,
    new: pd.DataFrame,
    change: float,
    drop: float,
    same_map: bool = True,
) -> list[Move]:
    """Every figure to review: the flagged totals, and for subscriptions each commune's
    count of a kind moving by more than `change` (a commune the filing leaves out moves by
    −100 %). Across a change of the administrative map (`same_map` false) communes are
    not compared: their codes differ."""
    out = [m for m in moves(table, previous, new, drop) if m.flag]
    if table != "subscriptions" or previous.empty or not same_map:
        return out
    b = _by_unit(previous)
    a = _by_unit(new)
    for k in sorted(b):
        after = a.get(k, 0.0)
        if b[k] and abs(after / b[k] - 1) > change:
            why = (
                f"moves by more than ±{fmt.percent(change, 0, EN)} "
                f"/ thay đổi quá ±{fmt.percent(change, 0, VI)}"
            )
            out.append(Move(f"subscriptions {k}", b[k], after, why))
    return out


def _by_unit(frame: pd.DataFrame) -> dict[str, float]:
    sums = frame.groupby(["unit_code", "kind"])["count"].sum()
    return {f"{u} {k}": float(v) for (u, k), v in sums.items()}
