"""The planner's input checked and reduced: arrays in, a `heuristic.Problem` out.

`optimise` hands its arguments here: the coverage matrix, weights and costs are
checked (one clear `ConfigError` per problem), per-operator budgets and the sharing
constraint become arrays, and the instance is reduced (`reduce.reduce_instance`) and
restated as a `Problem` on the kept rows and columns.

Pure: arrays in, arrays out.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from hatang.errors import ConfigError
from hatang.planning.heuristic import Problem
from hatang.planning.reduce import Reduced, reduce_instance


@dataclass(frozen=True)
class Sharing:
    """The sharing-ratio constraint: shared sites ÷ all sites ≥ target after the plan.

    ``adds_shared[j]`` is 1 when candidate j makes an existing, not yet shared site
    shared (a co-location); ``host[j]`` names that site (any integer id; several
    candidates on one host make it shared once) — without ``host`` every such
    candidate counts on its own. ``adds_site[j]`` is 1 when j adds a site to the
    denominator (a new tower or an other-sector structure).
    """

    existing_shared: float
    existing_total: float
    adds_shared: np.ndarray
    adds_site: np.ndarray
    target: float = 0.30
    host: np.ndarray | None = None

    def ratio(self, selected: np.ndarray) -> float:
        """Sharing ratio after adding the selected candidates."""
        sel = np.asarray(selected, dtype=np.int64)
        shared_sel = sel[np.asarray(self.adds_shared)[sel] > 0]
        if self.host is None:
            new_shared = len(shared_sel)
        else:
            new_shared = len(np.unique(np.asarray(self.host)[shared_sel]))
        total = self.existing_total + float(np.asarray(self.adds_site)[sel].sum())
        return (self.existing_shared + new_shared) / total if total > 0 else 0.0


def as_matrix(coverage: object) -> sp.csr_matrix:
    """The coverage as a 0/1 int32 CSR matrix (a copy: the caller's stays untouched)."""
    if sp.issparse(coverage):
        A: sp.csr_matrix = sp.csr_matrix(cast(Any, coverage), copy=True)
    else:
        A = sp.csr_matrix(np.asarray(coverage))
    A.eliminate_zeros()
    A = sp.csr_matrix((np.ones(A.nnz, dtype=np.int32), A.indices, A.indptr), shape=A.shape)
    A.sum_duplicates()
    A.data[:] = 1
    return A


def vector(values: object, n: int, name: str, default: float) -> NDArray[np.float64]:
    if values is None:
        return np.full(n, default, dtype=float)
    v = np.asarray(values, dtype=float).ravel()
    if v.shape != (n,):
        raise ConfigError(
            f"{name} has {v.size} values, expected {n} (one per {'row' if name == 'weight' else 'candidate'})"
        )
    if not np.all(np.isfinite(v)) or (v < 0).any():
        raise ConfigError(f"{name} must be finite and non-negative")
    return v


def check(p: int | None, budget: float | None, cover: float | None) -> tuple[str, float | None]:
    if p is not None and (int(p) != p or p < 0):
        raise ConfigError(f"p must be a non-negative whole number, got {p!r}")
    if budget is not None and not (np.isfinite(budget) and budget >= 0):
        raise ConfigError(f"budget must be a non-negative number, got {budget!r}")
    if cover is not None:
        if p is not None or budget is not None:
            raise ConfigError(
                "give either cover (least-cost plan) or p / budget (maximal covering), not both"
            )
        if not (0 < cover <= 1):
            raise ConfigError(f"cover is a share of the coverable weight in (0, 1], got {cover!r}")
    if p is None and budget is None:
        return "min", 1.0 if cover is None else float(cover)
    return "max", None


def operator_arrays(
    operator: Sequence[str] | np.ndarray | None, budgets: Mapping[str, float] | None, n: int
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """(operator code per candidate, budget per code); both empty without budgets."""
    if not budgets:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    if operator is None:
        raise ConfigError("operator_budget needs operator labels, one per candidate")
    ops = np.asarray(operator, dtype=object).ravel()
    if ops.shape != (n,):
        raise ConfigError(f"operator has {ops.size} labels, expected {n}")
    names, inverse = np.unique(ops.astype(str), return_inverse=True)
    limits = np.array([float(budgets.get(k, np.inf)) for k in names])
    return inverse.ravel().astype(np.int64), limits


def reduced_problem(
    A: sp.csr_matrix,
    w: NDArray[np.float64],
    c: NDArray[np.float64],
    mode: str,
    share: float | None,
    p: int | None,
    budget: float | None,
    sharing: Sharing | None,
    op_codes: NDArray[np.int64],
    op_budget: NDArray[np.float64],
) -> tuple[Problem, Reduced]:
    """The instance reduced (`reduce.reduce_instance`) and restated as a `Problem`."""
    n = A.shape[1]
    label = np.zeros(n, dtype=np.int64)
    if len(op_budget):
        label = label * (len(op_budget) + 1) + op_codes
    site, group = np.zeros(0), np.zeros(0, dtype=np.int64)
    need, t = 0.0, 0.0
    if sharing is not None:
        site, group, _, need, t = sharing_arrays(sharing, n)
        # label by sharing effect so that dominance never trades sharing away
        sig = np.unique(np.stack([site, group]), axis=1, return_inverse=True)[1].ravel()
        label = label * (sig.max() + 1) + sig
    cost_matters = mode == "min" or budget is not None or len(op_budget) > 0
    keep_empty = None if sharing is None else np.asarray(group >= 0)
    R = reduce_instance(A, w, c, label, cost_matters=cost_matters, keep_empty=keep_empty)
    cols = R.cols
    sub_group, n_groups = np.zeros(0, dtype=np.int64), 0
    if sharing is not None:
        g = group[cols]
        uniq, inv = np.unique(g[g >= 0], return_inverse=True)
        sub_group = np.full(len(cols), -1, dtype=np.int64)
        sub_group[g >= 0] = inv
        n_groups = len(uniq)
    P = Problem(
        R.A,
        R.w,
        c[cols],
        mode,
        p=None if p is None else int(p),
        budget=budget,
        target=0.0 if share is None else share * R.coverable_weight,
        op=op_codes[cols] if len(op_budget) else op_codes,
        op_budget=op_budget,
        site=site[cols] if sharing is not None else site,
        group=sub_group,
        n_groups=n_groups,
        need=need,
        t=t,
        sharing=sharing is not None,
    )
    return P, R


def sharing_arrays(
    s: Sharing, n: int
) -> tuple[NDArray[np.float64], NDArray[np.int64], int, float, float]:
    shared = vector(s.adds_shared, n, "sharing.adds_shared", 0.0) > 0
    site = vector(s.adds_site, n, "sharing.adds_site", 0.0)
    if not 0 <= s.target <= 1:
        raise ConfigError(f"sharing target must be a share in [0, 1], got {s.target!r}")
    if s.host is None:
        host = np.arange(n)
    else:
        host = np.asarray(s.host).ravel()
        if host.shape != (n,):
            raise ConfigError(f"sharing.host has {host.size} values, expected {n}")
    group = np.full(n, -1, dtype=np.int64)
    if shared.any():
        _, inv = np.unique(host[shared], return_inverse=True)
        group[shared] = inv.ravel()
    n_groups = int(group.max() + 1) if shared.any() else 0
    need = s.target * s.existing_total - s.existing_shared
    return site, group, n_groups, float(need), float(s.target)
