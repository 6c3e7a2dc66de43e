"""Choose sites: maximal covering and least-cost covering over a sparse coverage matrix.

    optimise(coverage, weight, *, cost=None, p=None, budget=None, cover=None,
             sharing=None, time_limit=None, operator=None, operator_budget=None,
             method="exact") -> Plan

``coverage`` is a scipy.sparse matrix, rows = demand points, columns = candidates,
non-zero = the candidate covers the point. ``weight`` is the demand of each row
(people), ``cost`` the cost of each candidate (default 1).

Two problems:

* **maximal covering** (MCLP; Church & ReVelle, "The maximal covering location
  problem", Papers of the Regional Science Association 32, 1974): given ``p`` (at
  most p candidates) and/or ``budget`` (total cost), maximise the weight covered;
* **least-cost cover** (weighted set cover): given ``cover`` — the share of the
  coverable weight that must be covered (default 1.0 when neither p nor budget is
  given) — minimise the cost.

Optional side constraints: ``sharing`` (a `Sharing`: the share of shared sites after
the plan must reach a target) and per-operator budgets (``operator`` labels per
candidate + ``operator_budget`` {label: limit}).

Method: reduce the instance (merge identical demand rows, drop dominated candidates,
`hatang.planning.reduce`); lazy greedy + swap local search
(`hatang.planning.heuristic`); LP-relaxation bound from HiGHS's interior-point
solver; then (``method="exact"``) branch and bound with HiGHS on the reduced
instance under ``time_limit``, warm-started from the greedy plan
(`hatang.planning.milp`). ``method="greedy"`` stops after the LP bound.

``time_limit`` (seconds) is a wall-clock limit on the whole call, charged from its
start: the dominance test stops at 30 % of it (fewer candidates dropped, still exact),
the greedy construction at 50 % (a least-cost plan is then finished by covering each
remaining row with its cheapest candidate), the swap searches get at most 20 % of it
(1 s at most) and never more than half of what is left, the LP bound and branch and
bound get what is left (HiGHS is stopped by a callback at the deadline, with its
uninterruptible MIP presolve switched off where it is known to overrun,
`milp.presolve_allowed`), and branch and bound is skipped when less than
MIN_MILP_SECONDS are left. What cannot be interrupted — reading the matrix, merging
rows, one chunk of the dominance test, building the LP — is linear in its size (about
0.5 s on the 16× synthetic instance). A plan stopped early has status "time_limit" and
a valid bound: the LP bound, or, when even the LP was stopped, a simple combinatorial
one (`_simple_bound`).

Every `Plan` reports its objective (weight covered), cost, a bound (an upper bound
on the weight any feasible plan covers for maximal covering; a lower bound on the
cost of any feasible plan for least-cost cover) and the relative gap between them.

Pure: arrays in, a `Plan` out; no files, no database.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from hatang.errors import ConfigError
from hatang.planning import milp
from hatang.planning.heuristic import Problem, greedy, lp_rounding, rank, state_from
from hatang.planning.reduce import reduce_instance

#: a gap at or below this is reported as proven optimal
OPTIMAL_GAP = 1e-6

#: branch and bound is not started with less time than this left of time_limit
MIN_MILP_SECONDS = 0.05

#: under a time limit, the greedy construction stops at this share of it (the rest:
#: swaps, LP bound, branch and bound)
GREEDY_SHARE = 0.5


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


@dataclass
class Plan:
    """The chosen candidates and how good the choice is proven to be."""

    selected: np.ndarray  # candidate column indices, by decreasing contribution
    contribution: np.ndarray  # weight newly covered by each, given the ones before it
    objective: float  # weight covered
    cost: float
    bound: float  # max: upper bound on the weight coverable; min: lower bound on the cost
    gap: float  # relative gap between objective (max) or cost (min) and bound
    problem: str  # "max-cover" or "min-cost"
    method: str  # e.g. "greedy+swap+lp", "milp"
    status: str  # optimal, time_limit, greedy, infeasible, no-plan-found (heuristics only, none feasible)
    covered: np.ndarray  # bool per demand row: covered by the plan
    total_weight: float
    uncoverable_weight: float  # weight of rows that no candidate covers
    solve_time: float
    greedy_objective: float = 0.0  # max: weight, min: cost of the greedy plan
    lp_bound: float | None = None
    sharing_ratio: float | None = None
    reduced_shape: tuple[int, int] = (0, 0)
    notes: list[str] = field(default_factory=list)

    @property
    def coverable_weight(self) -> float:
        return self.total_weight - self.uncoverable_weight


def _as_matrix(coverage: object) -> sp.csr_matrix:
    if not sp.issparse(coverage):
        coverage = sp.csr_matrix(np.asarray(coverage))
    A = sp.csr_matrix(coverage, copy=True)
    A.eliminate_zeros()
    A.data = np.ones_like(A.data, dtype=np.int32)
    A = A.astype(np.int32)
    A.sum_duplicates()
    A.data[:] = 1
    return A


def _vector(values: object, n: int, name: str, default: float) -> np.ndarray:
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


def _check(p: int | None, budget: float | None, cover: float | None) -> tuple[str, float | None]:
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


def optimise(
    coverage: object,
    weight: object,
    *,
    cost: object = None,
    p: int | None = None,
    budget: float | None = None,
    cover: float | None = None,
    sharing: Sharing | None = None,
    time_limit: float | None = None,
    operator: Sequence[str] | np.ndarray | None = None,
    operator_budget: Mapping[str, float] | None = None,
    method: str = "exact",
    threads: int | None = None,
) -> Plan:
    """Choose candidates; see the module docstring."""
    t0 = time.perf_counter()
    if method not in ("exact", "greedy"):
        raise ConfigError(f"method must be 'exact' or 'greedy', got {method!r}")
    mode, share = _check(p, budget, cover)
    A = _as_matrix(coverage)
    m, n = A.shape
    w = _vector(weight, m, "weight", 1.0)
    c = _vector(cost, n, "cost", 1.0)
    label = np.zeros(n, dtype=np.int64)
    op_codes = op_budget = None
    if operator_budget:
        if operator is None:
            raise ConfigError("operator_budget needs operator labels, one per candidate")
        ops = np.asarray(operator, dtype=object).ravel()
        if ops.shape != (n,):
            raise ConfigError(f"operator has {ops.size} labels, expected {n}")
        names, op_codes = np.unique(ops.astype(str), return_inverse=True)
        op_budget = np.array([float(operator_budget.get(k, np.inf)) for k in names])
        label = label * (len(names) + 1) + op_codes
    site = group = None
    n_groups, need, t = 0, 0.0, 0.0
    if sharing is not None:
        site, group, n_groups, need, t = _sharing_arrays(sharing, n)
        # label by sharing effect so that dominance never trades sharing away
        sig = np.unique(np.stack([site, group]), axis=1, return_inverse=True)[1].ravel()
        label = label * (sig.max() + 1) + sig
    cost_matters = mode == "min" or budget is not None or operator_budget is not None
    keep_empty = None if sharing is None else (group >= 0)
    R = reduce_instance(
        A,
        w,
        c,
        label,
        cost_matters=cost_matters,
        keep_empty=keep_empty,
    )
    t_reduced = time.perf_counter() - t0
    cols = R.cols
    coverable = R.coverable_weight
    target = None if mode == "max" else share * coverable

    def sub(a: np.ndarray | None) -> np.ndarray | None:
        return None if a is None else a[cols]

    sub_group = None
    if group is not None:
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
        target=target,
        op=sub(op_codes),
        op_budget=op_budget,
        site=sub(site),
        group=sub_group,
        n_groups=n_groups,
        need=need,
        t=t,
    )
    notes: list[str] = []
    if P.n == 0:
        return _trivial_plan(P, w, c, m, R, t0, mode, sharing)

    def left() -> float | None:
        """Seconds left of time_limit, charged from the start of the call."""
        return None if time_limit is None else max(0.0, time_limit - (time.perf_counter() - t0))

    def search_window() -> float:
        """Seconds for a swap search: 1 s, or 20 % of the limit, never past it."""
        if time_limit is None:
            return 1.0
        return max(0.0, min(1.0, 0.2 * time_limit, 0.5 * left()))

    st = greedy(
        P,
        search_seconds=search_window(),
        build_deadline=None if time_limit is None else t0 + GREEDY_SHARE * time_limit,
    )
    g_chosen = st.selected()
    g_feasible = st.feasible()
    g_value = st.covered if mode == "max" else st.cost
    lp = milp.lp_bound(P, time_limit=left(), threads=threads)
    bound = lp.bound
    if lp.status not in ("optimal", "infeasible"):  # stopped by the time limit
        bound = _simple_bound(P)
        notes.append(f"no LP bound ({lp.status}); a simple combinatorial bound instead")
    # a heuristic that found no feasible plan proves nothing: only the LP or MILP may say
    # "infeasible"
    chosen, status, used = g_chosen, ("greedy" if g_feasible else "no-plan-found"), "greedy+swap"
    if lp.status == "infeasible":
        status = "infeasible"
        notes.append("no plan satisfies the constraints (the LP relaxation is infeasible)")
    elif lp.bound is not None:
        used += "+lp"
        if lp.x is not None and (not g_feasible or _gap(mode, g_value, lp.bound) > OPTIMAL_GAP):
            r = lp_rounding(P, lp.x, search_seconds=search_window())
            better = (r.covered > st.covered) if mode == "max" else (r.cost < st.cost)
            if r.feasible() and (better or not g_feasible):
                st, g_chosen, g_feasible = r, r.selected(), True
                g_value = st.covered if mode == "max" else st.cost
                chosen, status, used = g_chosen, "greedy", used + "+rounding"
        if g_feasible and _gap(mode, g_value, lp.bound) <= OPTIMAL_GAP:
            status = "optimal"
    if (
        method == "exact"
        and status not in ("optimal", "infeasible")
        and time_limit is not None
        and left() < MIN_MILP_SECONDS
    ):
        # no time left for branch and bound: the heuristic plan with the LP bound
        status = "time_limit" if g_feasible else "no-plan-found"
        notes.append("time limit reached before branch and bound")
    elif method == "exact" and status not in ("optimal", "infeasible"):
        remaining = left()
        res = milp.solve_milp(
            P, start=g_chosen if g_feasible else None, time_limit=remaining, threads=threads
        )
        used = "milp"
        if res.status == "infeasible":
            status = "infeasible"
            notes.append("no plan satisfies the constraints")
        else:
            if res.chosen is not None:
                ms = state_from(P, res.chosen)
                better = (ms.covered > st.covered) if mode == "max" else (ms.cost < st.cost)
                if ms.feasible() and (better or not g_feasible):
                    chosen, st = res.chosen, ms
                    g_feasible = True
            if res.bound is not None:
                bound = (
                    res.bound
                    if bound is None
                    else (min(bound, res.bound) if mode == "max" else max(bound, res.bound))
                )
            status = "optimal" if res.status == "optimal" else res.status
            if not g_feasible:
                status = "infeasible" if res.status == "optimal" else status
    if mode == "max" and method == "exact" and status == "optimal" and len(chosen):
        chosen, st, used = _cheapest_same_cover(P, chosen, st, used, t0, time_limit, threads)
    final = st
    order, contrib = rank(P, chosen)
    value = final.covered if mode == "max" else final.cost
    if bound is None:
        bound = float("nan")
    elif final.feasible():  # a bound beyond a feasible plan's value is solver round-off
        bound = max(bound, value) if mode == "max" else min(bound, value)
    gap = _gap(mode, value, bound) if np.isfinite(bound) else float("nan")
    if status == "optimal" and gap > OPTIMAL_GAP:
        status = "time_limit" if method == "exact" else "greedy"
    selected = cols[order]
    covered = np.asarray(A[:, selected].sum(axis=1)).ravel() > 0
    elapsed = time.perf_counter() - t0
    if time_limit is not None and elapsed > 1.1 * time_limit + 0.1:
        notes.append(
            f"the time limit ({time_limit:g} s) is shorter than the work that cannot be "
            f"interrupted (reading and reducing the instance took {t_reduced:.1f} s): "
            f"stopped after {elapsed:.1f} s with the best plan found"
        )
    return Plan(
        selected=selected,
        contribution=contrib,
        objective=float(w[covered].sum()),
        cost=float(c[selected].sum()),
        bound=float(bound),
        gap=float(gap),
        problem="max-cover" if mode == "max" else "min-cost",
        method=used,
        status=status,
        covered=covered,
        total_weight=float(w.sum()),
        uncoverable_weight=R.uncoverable_weight,
        solve_time=elapsed,
        greedy_objective=float(g_value),
        lp_bound=lp.bound,
        sharing_ratio=None if sharing is None else sharing.ratio(selected),
        reduced_shape=(P.m, P.n),
        notes=notes,
    )


def _cheapest_same_cover(P, chosen, st, used, t0, time_limit, threads):
    """Second stage of maximal covering: among plans covering as much, the cheapest."""
    remaining = None if time_limit is None else time_limit - (time.perf_counter() - t0)
    if remaining is not None and remaining < 0.1:
        return chosen, st, used
    total = float(P.w.sum())
    if st.covered >= total * (1 - 1e-9):
        target = total  # everything coverable: the set-cover rows, no near-degenerate target row
    else:
        target = st.covered * (1 - 1e-7)
    P2 = dataclasses.replace(P, mode="min", target=target)
    res = milp.solve_milp(P2, start=chosen, time_limit=remaining, threads=threads)
    if res.chosen is not None:
        ms = state_from(P, res.chosen)
        if (
            ms.feasible()
            and ms.covered >= target * (1 - 1e-9)
            and ms.cost < st.cost - 1e-9 * max(1.0, st.cost)
        ):
            return res.chosen, ms, used + "+min-cost"
    return chosen, st, used


def _trivial_plan(P, w, c, m, R, t0, mode, sharing) -> Plan:
    """No candidate can help: the empty plan, feasible unless sharing demands more."""
    ok = not P.sharing or P.need <= 1e-9
    return Plan(
        selected=np.zeros(0, dtype=np.int64),
        contribution=np.zeros(0),
        objective=0.0,
        cost=0.0,
        bound=0.0,
        gap=0.0,
        problem="max-cover" if mode == "max" else "min-cost",
        method="trivial",
        status="optimal" if ok else "infeasible",
        covered=np.zeros(m, dtype=bool),
        total_weight=float(w.sum()),
        uncoverable_weight=R.uncoverable_weight,
        solve_time=time.perf_counter() - t0,
        sharing_ratio=None if sharing is None else sharing.ratio(np.zeros(0, dtype=np.int64)),
        notes=[] if ok else ["no candidate can raise the sharing ratio to the target"],
    )


def _simple_bound(P: Problem) -> float:
    """A bound that needs no solver, for when the LP ran out of time.

    Maximal covering: all the weight (the reduced instance has only coverable rows).
    Full cover: every plan covers every row, so it pays at least the cheapest candidate
    of the row whose cheapest candidate costs most. Partial cover: 0."""
    if P.mode == "max":
        return float(P.w.sum())
    if P.target is None or P.target < P.w.sum() * (1 - 1e-12) or P.m == 0:
        return 0.0
    Ar = P.Ar
    cheapest = np.minimum.reduceat(P.c[Ar.indices], Ar.indptr[:-1])
    return float(cheapest.max())


def _gap(mode: str, value: float, bound: float) -> float:
    if mode == "max":
        return max(0.0, bound - value) / bound if bound > 0 else 0.0
    return max(0.0, value - bound) / value if value > 0 else 0.0


def _sharing_arrays(s: Sharing, n: int) -> tuple[np.ndarray, np.ndarray, int, float, float]:
    shared = _vector(s.adds_shared, n, "sharing.adds_shared", 0.0) > 0
    site = _vector(s.adds_site, n, "sharing.adds_site", 0.0)
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
