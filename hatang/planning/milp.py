"""The covering problems as linear programs for HiGHS (via highspy).

Variables: x_j ∈ {0,1} (candidate j chosen), y_i ∈ [0,1] (demand row i covered),
z_g ∈ [0,1] (existing site g becomes shared). Rows:

* max:  maximise Σ w_i y_i  with  y_i − Σ_{j∈N_i} x_j ≤ 0
* min:  minimise Σ c_j x_j  with  Σ_{j∈N_i} x_j ≥ 1 for every row (full cover), or
  y_i − Σ_{j∈N_i} x_j ≤ 0 and Σ w_i y_i ≥ target (partial cover)
* Σ x_j ≤ p;  Σ c_j x_j ≤ budget;  Σ_{j of operator o} c_j x_j ≤ budget_o
* sharing:  Σ z_g − t·Σ site_j x_j ≥ t·T0 − S0  and  z_g − Σ_{j shares g} x_j ≤ 0

y and z may stay continuous: for integral x some optimum has them integral.
The LP relaxation (interior point, no crossover) gives the bound that certifies a
heuristic plan; the MILP is solved under a time limit, warm-started from it.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from typing import Any

import highspy
import numpy as np
import scipy.sparse as sp

from hatang.planning.heuristic import Problem

#: an interior-point optimum is trusted to this relative accuracy when used as a bound
LP_BOUND_PAD = 1e-7

#: HiGHS's MIP presolve (highspy 1.16) neither checks the user interrupt nor keeps to
#: its time limit: on the 16× synthetic instance with the sharing row (35,964 rows,
#: 304,512 non-zeros) it ran 23–31 s against a 9 s limit (26 s with probing, 31 s
#: without, 24 s without symmetry detection) and past 80 s against a 53 s limit, which
#: made a 60 s call take 138 s. Without presolve HiGHS stops within 0.1 s of the
#: limit. So, under a time limit, presolve is off for a model with the sharing row and
#: at least SHARING_PRESOLVE_NNZ non-zeros, and for any model whose time left is under
#: PRESOLVE_SECONDS_PER_NNZ per non-zero. The threshold sits between the two measured
#: cases: the demo province's full cover with sharing (179,710 non-zeros) needs presolve
#: to prove optimality (2.8 s with it; still 0.33 % open at a 60 s limit without it),
#: the 16x synthetic instance (304,512) must not run it.
PRESOLVE_SECONDS_PER_NNZ = 1e-4
SHARING_PRESOLVE_NNZ = 250_000


def presolve_allowed(P: Problem, nnz: int, time_limit: float | None) -> bool:
    """Whether HiGHS's (uninterruptible) MIP presolve may run; see PRESOLVE_SECONDS_PER_NNZ."""
    if time_limit is None:
        return True
    if P.sharing and nnz >= SHARING_PRESOLVE_NNZ:
        return False
    return time_limit >= PRESOLVE_SECONDS_PER_NNZ * nnz


@dataclass
class Layout:
    nx: int
    ny: int
    nz: int
    obj_scale: float = 1.0  # the model's objective × obj_scale = weight (max) or VND (min)

    @property
    def nvar(self) -> int:
        return self.nx + self.ny + self.nz


def _needs_y(P: Problem) -> bool:
    return P.mode == "max" or P.target < P.w.sum() * (1 - 1e-12)


def build(P: Problem, *, integer: bool) -> tuple[highspy.HighsLp, Layout]:
    inf = highspy.kHighsInf
    n, m = P.n, P.m
    ny = m if _needs_y(P) else 0
    nz = P.n_groups if P.sharing else 0
    # HiGHS misjudges optimality with costs of 1e9 VND next to 0/1 rows: scale costs and
    # weights to at most 1 (found on the demo province; see tests)
    cs = float(P.c.max()) if n and P.c.max() > 0 else 1.0
    wsc = float(P.w.max()) if m and P.w.max() > 0 else 1.0
    c, w = P.c / cs, P.w / wsc
    L = Layout(n, ny, nz, wsc if P.mode == "max" else cs)
    rows, cols, vals, lo, hi = [], [], [], [], []
    r = 0

    def add_row(c: np.ndarray, v: np.ndarray, row_lo: float, row_hi: float) -> None:
        nonlocal r
        rows.append(np.full(len(c), r))
        cols.append(np.asarray(c))
        vals.append(np.asarray(v, dtype=float))
        lo.append(row_lo)
        hi.append(row_hi)
        r += 1

    Acoo = P.Ar.tocoo()
    if ny:
        rows.append(Acoo.row.astype(np.int64))
        cols.append(Acoo.col.astype(np.int64))
        vals.append(-np.ones(Acoo.nnz))
        rows.append(np.arange(m))
        cols.append(n + np.arange(m))
        vals.append(np.ones(m))
        lo.extend([-inf] * m)
        hi.extend([0.0] * m)
    else:
        rows.append(Acoo.row.astype(np.int64))
        cols.append(Acoo.col.astype(np.int64))
        vals.append(np.ones(Acoo.nnz))
        lo.extend([1.0] * m)
        hi.extend([inf] * m)
    r = m
    if P.mode == "min" and ny:
        add_row(n + np.arange(m), w, P.target / wsc * (1 - 1e-12), inf)
    if P.p is not None:
        add_row(np.arange(n), np.ones(n), -inf, float(P.p))
    if P.budget is not None:
        add_row(np.arange(n), c, -inf, float(P.budget) / cs)
    if P.has_op_budgets:
        for o, b in enumerate(P.op_budget):
            if np.isfinite(b):
                js = np.flatnonzero(P.op == o)
                add_row(js, c[js], -inf, float(b) / cs)
    if P.sharing:
        z0 = n + ny
        js = np.flatnonzero(P.site > 0)
        add_row(
            np.concatenate([z0 + np.arange(nz), js]),
            np.concatenate([np.ones(nz), -P.t * P.site[js]]),
            P.need,
            inf,
        )
        if nz:  # z_g − Σ_{j shares g} x_j ≤ 0, one row per host site
            js = np.flatnonzero(P.group >= 0)
            rows.append(np.concatenate([r + np.arange(nz), r + P.group[js]]))
            cols.append(np.concatenate([z0 + np.arange(nz), js]))
            vals.append(np.concatenate([np.ones(nz), -np.ones(len(js))]))
            lo.extend([-inf] * nz)
            hi.extend([0.0] * nz)
            r += nz
    M = sp.csc_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(r, L.nvar)
    )
    lp = highspy.HighsLp()
    lp.num_col_ = L.nvar
    lp.num_row_ = r
    cost = np.zeros(L.nvar)
    if P.mode == "max":
        cost[n : n + m] = w
        lp.sense_ = highspy.ObjSense.kMaximize
    else:
        cost[:n] = c
        lp.sense_ = highspy.ObjSense.kMinimize
    lp.col_cost_ = cost
    lp.col_lower_ = np.zeros(L.nvar)
    lp.col_upper_ = np.ones(L.nvar)
    lp.row_lower_ = np.array(lo, dtype=float)
    lp.row_upper_ = np.array(hi, dtype=float)
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = M.indptr.astype(np.int32)
    lp.a_matrix_.index_ = M.indices.astype(np.int32)
    lp.a_matrix_.value_ = M.data.astype(float)
    lp.a_matrix_.num_col_ = L.nvar
    lp.a_matrix_.num_row_ = r
    if integer:
        lp.integrality_ = [highspy.HighsVarType.kInteger] * n + [
            highspy.HighsVarType.kContinuous
        ] * (L.nvar - n)
    return lp, L


_quiet = False


def _stop_at(h: highspy.Highs, deadline: float) -> None:
    """Interrupt HiGHS at the deadline. Its own time_limit is checked only now and then:
    on the 4× synthetic instance with sharing a 16 s limit ran 35 s."""

    def stop(event: Any) -> None:
        if time.perf_counter() > deadline:
            event.data_in.user_interrupt = True

    for name in ("cbMipInterrupt", "cbSimplexInterrupt", "cbIpmInterrupt"):
        hook = getattr(h, name, None)
        if hook is not None:
            hook.subscribe(stop)


def _new_highs() -> highspy.Highs:
    """A Highs object; the first one prints a banner on stdout, which would corrupt
    piped CSV/JSON output, so that one is built with stdout sent to /dev/null."""
    global _quiet
    if _quiet:
        return highspy.Highs()  # type: ignore[no-untyped-call]
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as null:
            os.dup2(null.fileno(), 1)
            h = highspy.Highs()  # type: ignore[no-untyped-call]
    finally:
        os.dup2(saved, 1)
        os.close(saved)
    _quiet = True
    return h


def _highs(time_limit: float | None, threads: int | None) -> highspy.Highs:
    h = _new_highs()
    h.setOptionValue("output_flag", False)
    if time_limit is not None:
        h.setOptionValue("time_limit", float(max(time_limit, 0.01)))
        _stop_at(h, time.perf_counter() + max(time_limit, 0.01))
    if threads:
        h.setOptionValue("threads", int(threads))
    return h


@dataclass
class LPResult:
    bound: float | None  # valid bound on the optimum (None: not solved / infeasible)
    status: str
    seconds: float
    x: np.ndarray | None = None  # the relaxation's candidate values (for LP-guided rounding)


def lp_bound(
    P: Problem, *, time_limit: float | None = None, threads: int | None = None
) -> LPResult:
    """Bound from the LP relaxation (HiGHS interior point, crossover off)."""
    lp, L = build(P, integer=False)
    h = _highs(time_limit, threads)
    h.setOptionValue("solver", "ipm")
    h.setOptionValue("run_crossover", "off")
    h.passModel(lp)
    h.run()
    status = h.getModelStatus()
    stopped = (highspy.HighsModelStatus.kTimeLimit, highspy.HighsModelStatus.kInterrupt)
    if status not in (
        highspy.HighsModelStatus.kOptimal,
        highspy.HighsModelStatus.kInfeasible,
        *stopped,
    ):
        # the interior point stopped short (numerical trouble): dual simplex instead
        # (not when it was stopped by the time limit: that would run on past it)
        h.setOptionValue("solver", "simplex")
        h.clearSolver()
        h.run()
        status = h.getModelStatus()
    secs = h.getRunTime()
    if status == highspy.HighsModelStatus.kInfeasible:
        return LPResult(None, "infeasible", secs)
    if status != highspy.HighsModelStatus.kOptimal:
        return LPResult(None, h.modelStatusToString(status), secs)
    v = h.getInfo().objective_function_value  # in the model's scaled units (≤ 1 per term)
    pad = LP_BOUND_PAD * max(1.0, abs(v))
    bound = (v + pad if P.mode == "max" else max(0.0, v - pad)) * L.obj_scale
    x = np.asarray(h.getSolution().col_value)[: P.n]
    return LPResult(bound, "optimal", secs, x)


def _set_start(h: highspy.Highs, P: Problem, L: Layout, start: np.ndarray) -> None:
    x = np.zeros(L.nvar)
    x[start] = 1.0
    if L.ny:
        x[L.nx : L.nx + L.ny] = np.minimum(1.0, np.asarray(P.Ar[:, start].sum(axis=1)).ravel())
    if L.nz:
        hit = P.group[start]
        x[L.nx + L.ny + np.unique(hit[hit >= 0])] = 1.0
    sol = highspy.HighsSolution()
    sol.col_value = list(x)
    sol.value_valid = True
    h.setSolution(sol)


@dataclass
class MILPResult:
    chosen: np.ndarray | None  # candidate indices of the best plan found (None: none)
    bound: float | None
    status: str  # optimal, time_limit, infeasible, ...
    seconds: float


def solve_milp(
    P: Problem,
    *,
    start: np.ndarray | None,
    time_limit: float | None,
    threads: int | None = None,
    rel_gap: float = 1e-7,
    warm_start: bool = False,
) -> MILPResult:
    """Exact branch and bound (HiGHS).

    `warm_start` passes `start` to HiGHS as an incumbent. It is off by default: with
    highspy 1.16 a start given through `setSolution` made HiGHS report "optimal" with a
    dual bound below the true optimum and hand back the start itself (reproduced on the
    synthetic 1× instance with the sharing constraint: 74.52 bn returned, 72.42 bn
    optimal). The caller keeps the better of the greedy and the MILP plan instead.
    """
    lp, L = build(P, integer=True)
    h = _highs(time_limit, threads)
    h.setOptionValue("mip_rel_gap", rel_gap)
    nnz = len(lp.a_matrix_.index_)
    if not presolve_allowed(P, nnz, time_limit):
        h.setOptionValue("presolve", "off")
    h.passModel(lp)
    if warm_start and start is not None and len(start):
        _set_start(h, P, L, start)
    h.run()
    status = h.getModelStatus()
    secs = h.getRunTime()
    info = h.getInfo()
    MS = highspy.HighsModelStatus
    if status == MS.kInfeasible:
        return MILPResult(None, None, "infeasible", secs)
    name = {MS.kOptimal: "optimal", MS.kTimeLimit: "time_limit", MS.kInterrupt: "time_limit"}.get(
        status, h.modelStatusToString(status)
    )
    chosen = None
    if info.primal_solution_status == 2:  # feasible
        xv = np.asarray(h.getSolution().col_value)[: L.nx]
        chosen = np.flatnonzero(xv > 0.5)
    dual = float(info.mip_dual_bound)
    bound = float(dual * L.obj_scale) if np.isfinite(dual) else None
    return MILPResult(chosen, bound, name, secs)
