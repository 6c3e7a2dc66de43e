"""Contributions rolled up the hierarchy on integer codes: the engine's hot path (pure).

The units of a context's map, then its plan scopes, are numbered once; each unit's
ancestors (itself, every unit above it, the scopes that hold it — `Context.ancestors`)
are kept as one flat list per unit (CSR). Rolling contributions up repeats each
contribution row once per ancestor and keys it by ``ancestor × periods + period``, so
the engine's group-bys work on one integer key instead of three string columns, and
every group still sees its rows in the contributions' own order (a sum over them is
the same, to the last bit, as over the merge it replaces).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from hatang.indicators.boundaries import Context

IntArray = npt.NDArray[np.int64]
#: a column of values (numbers, flags or objects)
Array = npt.NDArray[Any]


@dataclass(frozen=True)
class Hierarchy:
    """Units (then scopes) of one map as integers, with their ancestors."""

    codes: npt.NDArray[np.object_]  # unit codes, then scope codes
    levels: npt.NDArray[np.object_]  # their levels ('scope' for scopes)
    n_units: int
    index: pd.Index  # code → number
    periods: pd.Index  # the context's periods, in order
    #: per unit: ptr[u]:ptr[u + 1] slices `ancestors` (all, or without village level)
    ptr: dict[bool, IntArray]
    ancestors: dict[bool, IntArray]


@dataclass(frozen=True)
class KeySpace:
    """The keys of one computation over several maps: map i's units are numbered from
    `offsets[i]`, a key is unit × periods + period."""

    codes: npt.NDArray[np.object_]
    levels: npt.NDArray[np.object_]
    maps: npt.NDArray[np.object_]
    periods: npt.NDArray[np.object_]
    offsets: tuple[int, ...]

    @classmethod
    def of(cls, hierarchies: list[Hierarchy], maps: list[str]) -> KeySpace:
        sizes = [len(h.codes) for h in hierarchies]
        periods = hierarchies[0].periods if hierarchies else pd.Index([], dtype=object)
        return cls(
            np.concatenate([h.codes for h in hierarchies]) if hierarchies else _objects(0),
            np.concatenate([h.levels for h in hierarchies]) if hierarchies else _objects(0),
            np.repeat(np.asarray(maps, dtype=object), sizes),
            np.asarray(periods, dtype=object),
            tuple(int(x) for x in np.cumsum([0, *sizes[:-1]])),
        )

    @property
    def n_periods(self) -> int:
        return len(self.periods)

    def unit(self, key: IntArray) -> IntArray:
        return key // self.n_periods

    def period(self, key: IntArray) -> npt.NDArray[np.object_]:
        return self.periods[key % self.n_periods]


def _objects(n: int) -> npt.NDArray[np.object_]:
    return np.empty(n, dtype=object)


def hierarchy(ctx: Context) -> Hierarchy:
    """The context's units as integers (built once per context)."""
    found = ctx._cache.get("hierarchy")
    if isinstance(found, Hierarchy):
        return found
    units = ctx.units
    codes = np.asarray(list(units.index) + list(ctx.scopes), dtype=object)
    levels = np.asarray(list(units["level"]) + ["scope"] * len(ctx.scopes), dtype=object)
    index = pd.Index(codes)
    anc = ctx.ancestors
    code = index.get_indexer(anc["code"])
    up = index.get_indexer(anc["anc_code"])
    ptr, ancestors = {}, {}
    for villages in (True, False):
        keep = (code >= 0) & (up >= 0)
        if not villages:
            keep &= (anc["anc_level"] != "village").to_numpy()
        c, a = code[keep], up[keep]
        order = np.argsort(c, kind="stable")
        counts = np.bincount(c, minlength=len(codes))
        ptr[villages] = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        ancestors[villages] = a[order].astype(np.int64)
    h = Hierarchy(
        codes, levels, len(units), index, pd.Index(ctx.periods, dtype=object), ptr, ancestors
    )
    ctx._cache["hierarchy"] = h
    return h


@dataclass(frozen=True)
class Rolled:
    """Contribution rows repeated once per ancestor: `rows` indexes the contributions,
    `key` is ancestor × periods + period."""

    rows: IntArray
    key: IntArray
    #: per contribution row: unit × periods + period (-1: left out) — what `key` follows from
    origin: IntArray

    FIELDS = ("rows", "key", "origin")

    def take(self, values: pd.Series | Array) -> Array:
        """A contribution column, one value per rolled-up row."""
        return np.asarray(values)[self.rows]


def roll_up(
    h: Hierarchy, unit_code: pd.Series, period: pd.Series, villages: bool, offset: int = 0
) -> Rolled:
    """Every contribution row once per ancestor (village-level ancestors with `villages`),
    ancestors numbered from `offset`; rows whose unit is not on the map or whose period
    is not computed are left out."""
    uid = h.index.get_indexer(pd.Index(unit_code.to_numpy(dtype=object)))
    pid = h.periods.get_indexer(pd.Index(period.to_numpy(dtype=object)))
    src = np.flatnonzero((uid >= 0) & (pid >= 0))
    ptr, ancestors = h.ptr[villages], h.ancestors[villages]
    start = ptr[uid[src]]
    count = ptr[uid[src] + 1] - start
    rows = np.repeat(src, count)
    first = np.repeat(np.cumsum(count) - count, count)
    anc = ancestors[np.repeat(start, count) + (np.arange(len(rows)) - first)]
    origin = np.where((uid >= 0) & (pid >= 0), (uid + offset) * len(h.periods) + pid, -1)
    return Rolled(
        rows.astype(np.int64), (anc + offset) * len(h.periods) + pid[rows], origin.astype(np.int64)
    )


@dataclass(frozen=True)
class Groups:
    """The distinct keys of rolled-up rows (sorted) and each row's group among them."""

    keys: IntArray
    codes: IntArray

    @classmethod
    def of(cls, key: IntArray) -> Groups:
        codes, keys = pd.factorize(key, sort=True)
        return cls(np.asarray(keys, dtype=np.int64), codes.astype(np.int64))

    def __len__(self) -> int:
        return len(self.keys)

    def sums(self, **columns: Array) -> dict[str, Array]:
        """Per group, the sum of each column: pandas' compensated group sums, each group's
        rows in their order (the same bits as a group-by over the merged rows)."""
        summed = pd.DataFrame(columns).groupby(self.codes, sort=True).sum()
        return {name: summed[name].to_numpy() for name in columns}

    def max(self, values: Array) -> IntArray:
        out = np.full(len(self), np.iinfo(np.int64).min, dtype=np.int64)
        np.maximum.at(out, self.codes, np.asarray(values, dtype=np.int64))
        return out

    def any(self, flags: Array) -> npt.NDArray[np.bool_]:
        return (
            np.bincount(self.codes, weights=np.asarray(flags, dtype=bool), minlength=len(self)) > 0
        )

    def count(self, values: Array) -> IntArray:
        """Values that are not missing, per group."""
        present = ~pd.isna(values)
        return np.bincount(self.codes, weights=present, minlength=len(self)).astype(np.int64)
