"""Planner benchmark: solve time, objective, bound and gap.

    python benchmarks/planner.py [--demo DIR [--run RUN_ID]] [--skip-demo] [--scales 4 16]
                                 [--time-limit 60]

* the demo province (all modelled dead spots, all candidate types): `--demo DIR` uses
  an existing demo workspace (`hatang demo DIR`), otherwise one is built in a
  temporary folder (about 2–3 minutes). Timed separately: the coverage grid, demand,
  candidates and coverage matrix (the shell) and each solve (the core);
* synthetic dead-spot instances (`hatang.planning.synthetic`, labelled synthetic) of
  the demo's shape — 96 dead spots and 2,050 sites per unit of scale — at 1×, 4× and
  16×.

For each instance: the least-cost full cover, maximal covering within a budget, and the
least-cost full cover with the 30 % sharing constraint — each by greedy + LP bound only
("greedy") and by the exact solver ("exact"). Figures are printed as a markdown table.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hatang.planning import Sharing, optimise  # noqa: E402
from hatang.planning.synthetic import dead_spot_instance  # noqa: E402

HEADER = (
    "| instance | rows × cols (reduced) | problem | method | status | time s | objective "
    "| cost VND bn | bound | gap | LP bound |"
)


def _fmt(plan, value):
    if value is None:
        return "—"
    return f"{value / 1e9:,.3f} bn" if plan.problem == "min-cost" else f"{value:,.0f}"


def _row(name, M, plan, label, secs):
    print(
        f"| {name} | {M.shape[0]:,} × {M.shape[1]:,} ({plan.reduced_shape[0]:,} × {plan.reduced_shape[1]:,}) "
        f"| {plan.problem} | {label} | {plan.status} | {secs:.2f} | {plan.objective:,.0f} "
        f"| {plan.cost / 1e9:,.3f} | {_fmt(plan, plan.bound)} | {plan.gap:.3%} "
        f"| {_fmt(plan, plan.lp_bound)} |",
        flush=True,
    )


def solve_all(name, M, w, cost, sharing, budget, time_limit):
    for label, kw in (
        ("greedy", dict(method="greedy")),
        ("exact", dict(method="exact")),
        ("greedy, budget", dict(method="greedy", budget=budget)),
        ("exact, budget", dict(method="exact", budget=budget)),
        ("greedy, sharing 30 %", dict(method="greedy", sharing=sharing)),
        ("exact, sharing 30 %", dict(method="exact", sharing=sharing)),
    ):
        t = time.perf_counter()
        plan = optimise(M, w, cost=cost, time_limit=time_limit, **kw)
        _row(name, M, plan, label, time.perf_counter() - t)


def demo_instance(root: Path | None, run_id: str | None = None):
    from hatang.planning import candidates as cands
    from hatang.planning.base import load_base
    from hatang.planning.demand import uncovered_demand
    from hatang.store.workspace import Workspace

    if root is None:
        from hatang.demo import build_demo

        root = Path(tempfile.mkdtemp(prefix="hatang-bench-")) / "demo"
        t = time.perf_counter()
        build_demo(root, seed=137)
        print(f"(built the demo province in {time.perf_counter() - t:.0f} s)", flush=True)
    ws = Workspace.open(root)
    t = time.perf_counter()
    base = load_base(ws, run_id=run_id)
    t_grid = time.perf_counter() - t
    t = time.perf_counter()
    demand = uncovered_demand(base.grid, base.covered_scope, base.people)
    cand = cands.build_candidates(
        base.cells, base.structures, demand, ws.settings.planner, ws.settings.coverage
    )
    t_cand = time.perf_counter() - t
    t = time.perf_counter()
    M = cands.coverage_of(cand, demand, ws.settings.coverage)
    t_matrix = time.perf_counter() - t
    kinds = cand["kind"].value_counts().to_dict()
    print(
        f"demo shell (coverage run {base.run.run_id if base.run else 'none'}): coverage grid {t_grid:.1f} s; demand + candidates {t_cand:.1f} s "
        f"({len(demand):,} demand cells, {demand.people.sum():,.0f} people in {len(demand.spots_people)} dead spots; "
        f"candidates {kinds}); coverage matrix {t_matrix:.1f} s ({M.nnz:,} non-zeros)",
        flush=True,
    )
    sharing = Sharing(
        float(base.shared_total),
        float(base.sites_total),
        adds_shared=cand["makes_shared"].to_numpy(dtype=float),
        adds_site=cand["adds_site"].to_numpy(dtype=float),
        target=0.30,
        host=cand["host"].to_numpy(),
    )
    return M, demand.weight, cand["cost_vnd"].to_numpy(dtype=float), sharing


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--demo", type=Path, default=None, help="existing demo workspace")
    ap.add_argument(
        "--run", default=None, help="coverage run to plan against (default: the newest)"
    )
    ap.add_argument("--skip-demo", action="store_true")
    ap.add_argument("--scales", type=float, nargs="*", default=[1, 4, 16])
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--budget", type=float, default=5e9, help="budget per unit of scale, VND")
    args = ap.parse_args()
    print(f"machine: {os.cpu_count()} CPUs visible; Python {sys.version.split()[0]}", flush=True)
    print(HEADER)
    print("|" + "---|" * 11)
    if not args.skip_demo:
        M, w, c, sharing = demo_instance(args.demo, args.run)
        solve_all("demo province (synthetic data)", M, w, c, sharing, args.budget, args.time_limit)
    for s in args.scales:
        t = time.perf_counter()
        inst = dead_spot_instance(scale=s, dead_spots=96, existing_sites=2050, seed=137)
        gen = time.perf_counter() - t
        print(f"(synthetic {s:g}×: generated in {gen:.1f} s)", flush=True)
        solve_all(
            f"synthetic {s:g}×",
            inst.coverage,
            inst.weight,
            inst.cost,
            inst.sharing,
            args.budget * s,
            args.time_limit,
        )
    _ = np  # numpy is used by the instances


if __name__ == "__main__":
    main()
