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
from numpy.typing import NDArray

from hatang.errors import ConfigError
from hatang.planning import milp
from hatang.planning.heuristic import Problem, State, greedy, lp_rounding, rank, state_from
from hatang.planning.instance import (
    Sharing,
    as_matrix,
    check,
    operator_arrays,
    reduced_problem,
    vector,
)
from hatang.planning.reduce import Reduced

__all__ = ["Plan", "Sharing", "optimise"]

#: a gap at or below this is reported as proven optimal
OPTIMAL_GAP = 1e-6

#: branch and bound is not started with less time than this left of time_limit
MIN_MILP_SECONDS = 0.05

#: under a time limit, the greedy construction stops at this share of it (the rest:
#: swaps, LP bound, branch and bound)
GREEDY_SHARE = 0.5


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
    greedy_objective: float = 0.0  # max: weight, min: cost of the heuristic plan (NaN: none)
    lp_bound: float | None = None
    sharing_ratio: float | None = None
    reduced_shape: tuple[int, int] = (0, 0)
    notes: list[str] = field(default_factory=list)

    @property
    def coverable_weight(self) -> float:
        return self.total_weight - self.uncoverable_weight


@dataclass
class _Clock:
    """`time_limit` as a wall-clock budget charged from the start of the call."""

    t0: float
    limit: float | None

    def elapsed(self) -> float:
        return time.perf_counter() - self.t0

    def left(self) -> float:
        """Seconds left (infinite without a limit)."""
        return np.inf if self.limit is None else max(0.0, self.limit - self.elapsed())

    def left_or_none(self) -> float | None:
        return None if self.limit is None else self.left()

    def search_window(self) -> float:
        """Seconds for a swap search: 1 s, or 20 % of the limit, never past it."""
        if self.limit is None:
            return 1.0
        return max(0.0, min(1.0, 0.2 * self.limit, 0.5 * self.left()))

    def share(self, fraction: float) -> float | None:
        """The perf_counter() time at `fraction` of the limit (None without one)."""
        return None if self.limit is None else self.t0 + fraction * self.limit


@dataclass
class _Search:
    """The best plan found so far and what is proven about it."""

    st: State
    chosen: NDArray[np.int64]
    feasible: bool
    status: str
    used: str
    bound: float | None = None
    lp_bound: float | None = None
    greedy_value: float = 0.0
    notes: list[str] = field(default_factory=list)

    def value(self, st: State | None = None) -> float:
        st = self.st if st is None else st
        return st.covered if st.P.mode == "max" else st.cost

    def better(self, other: State) -> bool:
        """`other` is feasible and better than the plan kept (or the kept one is not)."""
        if not other.feasible():
            return False
        if not self.feasible:
            return True
        return (
            other.covered > self.st.covered if other.P.mode == "max" else other.cost < self.st.cost
        )


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
    clock = _Clock(time.perf_counter(), time_limit)
    if method not in ("exact", "greedy"):
        raise ConfigError(f"method must be 'exact' or 'greedy', got {method!r}")
    mode, share = check(p, budget, cover)
    A = as_matrix(coverage)
    m, n = A.shape
    w = vector(weight, m, "weight", 1.0)
    c = vector(cost, n, "cost", 1.0)
    op_codes, op_budget = operator_arrays(operator, operator_budget, n)
    P, R = reduced_problem(A, w, c, mode, share, p, budget, sharing, op_codes, op_budget)
    t_reduced = clock.elapsed()
    if P.n == 0:
        return _trivial_plan(P, w, c, m, R, clock.t0, mode, sharing)
    search = _heuristics(P, clock, threads)
    if method == "exact":
        _branch_and_bound(P, search, clock, threads)
        if mode == "max" and search.status == "optimal" and len(search.chosen):
            _cheapest_same_cover(P, search, clock, threads)
    plan = _plan(P, R, A, w, c, search, method, sharing, clock)
    if time_limit is not None and plan.solve_time > 1.1 * time_limit + 0.1:
        plan.notes.append(
            f"the time limit ({time_limit:g} s) is shorter than the work that cannot be "
            f"interrupted (reading and reducing the instance took {t_reduced:.1f} s): "
            f"stopped after {plan.solve_time:.1f} s with the best plan found"
        )
    return plan


def _heuristics(P: Problem, clock: _Clock, threads: int | None) -> _Search:
    """Greedy + swaps, the LP bound, LP-guided rounding when the bound leaves a gap."""
    st = greedy(P, search_seconds=clock.search_window(), build_deadline=clock.share(GREEDY_SHARE))
    feasible = st.feasible()
    search = _Search(
        st, st.selected(), feasible, "greedy" if feasible else "no-plan-found", "greedy+swap"
    )
    search.greedy_value = search.value() if feasible else float("nan")
    lp = milp.lp_bound(P, time_limit=clock.left_or_none(), threads=threads)
    search.bound = search.lp_bound = lp.bound
    if lp.status not in ("optimal", "infeasible"):  # stopped by the time limit
        search.bound = _simple_bound(P)
        search.notes.append(f"no LP bound ({lp.status}); a simple combinatorial bound instead")
    # a heuristic that found no feasible plan proves nothing: only the LP or MILP may say
    # "infeasible"
    if lp.status == "infeasible":
        search.status = "infeasible"
        search.notes.append("no plan satisfies the constraints (the LP relaxation is infeasible)")
    elif lp.bound is not None:
        search.used += "+lp"
        gap = _gap(P.mode, search.greedy_value, lp.bound)
        if lp.x is not None and (not search.feasible or gap > OPTIMAL_GAP):
            r = lp_rounding(P, lp.x, search_seconds=clock.search_window())
            if search.better(r):
                search.st, search.chosen, search.feasible = r, r.selected(), True
                search.greedy_value = search.value()
                search.status, search.used = "greedy", search.used + "+rounding"
        if search.feasible and _gap(P.mode, search.greedy_value, lp.bound) <= OPTIMAL_GAP:
            search.status = "optimal"
    return search


def _branch_and_bound(P: Problem, search: _Search, clock: _Clock, threads: int | None) -> None:
    """HiGHS branch and bound in the time left, unless the heuristics settled it."""
    if search.status in ("optimal", "infeasible"):
        return
    if clock.limit is not None and clock.left() < MIN_MILP_SECONDS:
        # no time left for branch and bound: the heuristic plan with the LP bound
        search.status = "time_limit" if search.feasible else "no-plan-found"
        search.notes.append("time limit reached before branch and bound")
        return
    start = search.chosen if search.feasible else None
    res = milp.solve_milp(P, start=start, time_limit=clock.left_or_none(), threads=threads)
    search.used = "milp"
    if res.status == "infeasible":
        search.status = "infeasible"
        search.notes.append("no plan satisfies the constraints")
        return
    if res.chosen is not None:
        ms = state_from(P, res.chosen)
        if search.better(ms):
            search.chosen, search.st, search.feasible = res.chosen, ms, True
    if res.bound is not None:
        b = search.bound
        tighter = min if P.mode == "max" else max
        search.bound = res.bound if b is None else tighter(b, res.bound)
    search.status = "optimal" if res.status == "optimal" else res.status
    if not search.feasible:
        search.status = "infeasible" if res.status == "optimal" else search.status


def _plan(
    P: Problem,
    R: Reduced,
    A: sp.csr_matrix,
    w: NDArray[np.float64],
    c: NDArray[np.float64],
    search: _Search,
    method: str,
    sharing: Sharing | None,
    clock: _Clock,
) -> Plan:
    """The `Plan` of the search's best plan, re-evaluated from its selection."""
    final, mode = search.st, P.mode
    order, contrib = rank(P, search.chosen)
    value = search.value()
    bound = search.bound
    if bound is None:
        bound = float("nan")
    elif final.feasible():  # a bound beyond a feasible plan's value is solver round-off
        bound = max(bound, value) if mode == "max" else min(bound, value)
    gap = _gap(mode, value, bound) if np.isfinite(bound) else float("nan")
    status = search.status
    if status == "optimal" and gap > OPTIMAL_GAP:
        status = "time_limit" if method == "exact" else "greedy"
    selected = R.cols[order]
    covered = np.asarray(A[:, selected].sum(axis=1)).ravel() > 0
    return Plan(
        selected=selected,
        contribution=contrib,
        objective=float(w[covered].sum()),
        cost=float(c[selected].sum()),
        bound=float(bound),
        gap=float(gap),
        problem="max-cover" if mode == "max" else "min-cost",
        method=search.used,
        status=status,
        covered=covered,
        total_weight=float(w.sum()),
        uncoverable_weight=R.uncoverable_weight,
        solve_time=clock.elapsed(),
        greedy_objective=float(search.greedy_value),
        lp_bound=search.lp_bound,
        sharing_ratio=None if sharing is None else sharing.ratio(selected),
        reduced_shape=(P.m, P.n),
        notes=search.notes,
    )


def _cheapest_same_cover(P: Problem, search: _Search, clock: _Clock, threads: int | None) -> None:
    """Second stage of maximal covering: among plans covering as much, the cheapest."""
    remaining = clock.left_or_none()
    if remaining is not None and remaining < 0.1:
        return
    st, total = search.st, float(P.w.sum())
    if st.covered >= total * (1 - 1e-9):
        target = total  # everything coverable: the set-cover rows, no near-degenerate target row
    else:
        target = st.covered * (1 - 1e-7)
    P2 = dataclasses.replace(P, mode="min", target=target)
    res = milp.solve_milp(P2, start=search.chosen, time_limit=remaining, threads=threads)
    if res.chosen is not None:
        ms = state_from(P, res.chosen)
        if (
            ms.feasible()
            and ms.covered >= target * (1 - 1e-9)
            and ms.cost < st.cost - 1e-9 * max(1.0, st.cost)
        ):
            search.chosen, search.st, search.used = res.chosen, ms, search.used + "+min-cost"


def _trivial_plan(
    P: Problem,
    w: NDArray[np.float64],
    c: NDArray[np.float64],
    m: int,
    R: Reduced,
    t0: float,
    mode: str,
    sharing: Sharing | None,
) -> Plan:
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
    if P.target < P.w.sum() * (1 - 1e-12) or P.m == 0:
        return 0.0
    Ar = P.Ar
    cheapest = np.minimum.reduceat(P.c[Ar.indices], Ar.indptr[:-1])
    return float(cheapest.max())


def _gap(mode: str, value: float, bound: float) -> float:
    if mode == "max":
        return max(0.0, bound - value) / bound if bound > 0 else 0.0
    return max(0.0, value - bound) / value if value > 0 else 0.0
