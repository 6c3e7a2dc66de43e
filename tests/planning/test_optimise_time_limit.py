"""time_limit is a wall-clock limit on the whole optimise() call (issue: a 60 s limit ran
138 s on the 16× synthetic instance with sharing), and a plan stopped early is still
valid: feasible, with an honest bound, gap and status."""

from __future__ import annotations

import os
import time

import numpy as np
import pytest

from hatang.planning import optimise
from hatang.planning.synthetic import dead_spot_instance

#: the call may overrun its limit by 10 % plus this (phases that cannot be interrupted;
#: 2.83 s for the 2 s limit was seen with a core to itself:
#: reduction, greedy construction, building the model, ranking the plan)
SLACK_S = 1.0


class Clock:
    """Wall and CPU time of a call. On a machine other jobs load, the phases that cannot
    be interrupted take longer in wall time by the share of a core the process got
    (wall / CPU): the slack is stretched by that, so the limit is checked, not the load."""

    def __enter__(self) -> Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.elapsed = time.perf_counter() - self.wall
        self.stretch = max(1.0, self.elapsed / max(time.process_time() - self.cpu, 1e-3))

    def slack(self, seconds: float) -> float:
        return seconds * self.stretch


@pytest.fixture(scope="module")
def instance():
    # 4× the demo's shape: 13,443 demand cells × 26,028 candidates, synthetic
    return dead_spot_instance(scale=4, dead_spots=96, existing_sites=2050, seed=137)


def _check_valid(inst, plan) -> None:
    A = inst.coverage.tocsr()
    sel = plan.selected
    assert len(np.unique(sel)) == len(sel)
    covered = np.asarray(A[:, sel].sum(axis=1)).ravel() > 0
    coverable = np.diff(A.indptr) > 0
    # full cover: every coverable person is covered
    assert covered[coverable].all()
    assert plan.objective == pytest.approx(float(inst.weight[coverable].sum()))
    assert plan.cost == pytest.approx(float(inst.cost[sel].sum()))
    # sharing constraint holds
    assert inst.sharing.ratio(sel) >= inst.sharing.target - 1e-12
    assert plan.sharing_ratio == pytest.approx(inst.sharing.ratio(sel))
    # a lower bound on the cost, and the gap it certifies
    assert np.isfinite(plan.bound)
    assert 0 <= plan.bound <= plan.cost
    assert plan.gap == pytest.approx((plan.cost - plan.bound) / plan.cost, abs=1e-12)
    if plan.status == "optimal":
        assert plan.gap <= 1e-6
    else:
        assert plan.status == "time_limit"
        assert plan.gap > 0


def _skip_when_loaded() -> None:
    """A wall-clock limit cannot be checked while other jobs hold the cores: the solver's
    uninterruptible phases then take many times their quiet wall time (31.7 s of wall
    against a 2 s limit was seen at load 8.5 on 2 cores), so the check would measure the
    load. It runs on a machine with a free core (CI runs one test process)."""
    load, cores = os.getloadavg()[0], os.cpu_count() or 1
    if load > cores:
        pytest.skip(f"machine loaded (load {load:.1f} on {cores} cores): wall limit unmeasurable")


def test_exact_with_sharing_keeps_a_two_second_limit(instance):
    _skip_when_loaded()
    limit = 2.0
    with Clock() as clock:
        plan = optimise(
            instance.coverage,
            instance.weight,
            cost=instance.cost,
            sharing=instance.sharing,
            method="exact",
            time_limit=limit,
        )
    elapsed = clock.elapsed
    allowed = 1.1 * limit + clock.slack(SLACK_S)
    assert elapsed <= allowed, (
        f"{elapsed:.2f} s against a {limit} s limit (stretch {clock.stretch:.1f})"
    )
    assert plan.solve_time <= elapsed
    _check_valid(instance, plan)
    # the bound is never weaker than the LP relaxation's; on a loaded machine the LP may
    # not finish inside the limit — then the plan says which bound it gives instead
    if plan.lp_bound is None and clock.stretch > 1.5:
        assert any("no LP bound" in n for n in plan.notes), plan.notes
        return
    assert plan.lp_bound is not None
    assert plan.bound >= plan.lp_bound * (1 - 1e-9)


def test_no_time_for_branch_and_bound_returns_the_heuristic_plan(instance):
    # the reduction alone takes longer than this: no branch and bound, no swap search,
    # but still a feasible plan with a valid bound, reported as stopped by the limit
    limit = 0.05
    with Clock() as clock:
        plan = optimise(
            instance.coverage,
            instance.weight,
            cost=instance.cost,
            sharing=instance.sharing,
            method="exact",
            time_limit=limit,
        )
    elapsed = clock.elapsed
    assert elapsed <= clock.slack(3.0), f"{elapsed:.2f} s (stretch {clock.stretch:.1f})"
    _check_valid(instance, plan)
    if plan.status == "time_limit":
        assert "milp" not in plan.method
    # the overrun is said, not hidden
    assert plan.solve_time > 1.1 * limit + 0.1
    assert any("shorter than the work that cannot be interrupted" in n for n in plan.notes)


@pytest.mark.parametrize("mode", ["min", "max"])
def test_greedy_stopped_at_its_deadline_still_returns_a_feasible_plan(instance, mode):
    # a construction deadline already passed: least cost is finished by covering each
    # remaining row with its cheapest candidate; maximal covering keeps what it has
    from hatang.planning.heuristic import Problem, greedy

    A = instance.coverage.tocsr()[:, :4000]
    rows = np.diff(A.indptr) > 0
    A, w, c = A[rows].tocsc(), instance.weight[rows], instance.cost[:4000]
    if mode == "min":
        P = Problem(A, w, c, "min", target=float(w.sum()))
    else:
        P = Problem(A, w, c, "max", budget=float(np.sort(c)[:20].sum()))
    st = greedy(P, search_seconds=0.0, build_deadline=time.perf_counter() - 1.0)
    assert st.feasible()
    if mode == "min":
        assert st.covered == pytest.approx(float(w.sum()))
    else:
        assert st.cost <= P.budget * (1 + 1e-9)
