"""A national plan: every province's planning instance solved as a Dask task, the
country's figures the sum of the provinces' (`hatang plan-sites --by province`).

Each 2025 province is planned as `plan-sites --province CODE` plans it (its own grid
and UTM zone, its people, every site within reach as radios, its own sites counted),
with the same question: `--cover` is each province's share; a budget is split as
`split` says — `each`: every province gets the whole `--budget`; `need`: `--budget` is
the country's, split where it covers the most people (`planning.allocation`: every
province planned with the whole budget, then re-planned with its share); `plan`: each
province spends its own `budget_vnd` of the national plan file (`--budget`, if given,
for the provinces without one; provinces with neither are not planned). The client
reads each province's inputs from the workspace (`base.read_base_inputs`) and ships them with the task (`plan_task`), which models
the network and solves on a worker without opening the workspace; the client stores
one scenario per province, `NAME-pCODE`, with its province. The tasks run where
coverage's run (`coverage.cluster.open_runner`): `--scheduler`, `[compute] scheduler`,
`$DASK_SCHEDULER_ADDRESS`, else a local cluster, or this process with `[compute]
workers = 1` — the same scenarios either way, since each task is the same pure
function of the same inputs.

The national figure is the sum: provinces' plans are independent (a province's
actions are counted only for its own people), so people newly covered, costs,
villages and dead spots add up. Sharing is recomputed from the summed sites.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from hatang.errors import ConfigError, NotFound
from hatang.planning.allocation import split_budget
from hatang.planning.base import BaseInputs, model_inputs, read_base_inputs
from hatang.planning.ranking import Question
from hatang.planning.scenario import check_name, demand_factors, solve
from hatang.store import coverage as store_coverage
from hatang.store import scenarios as store
from hatang.store.workspace import Workspace

#: scenario figures that add up over provinces (the national plan's totals)
SUMMED = (
    "cost_vnd",
    "people_new",
    "demand_people",
    "uncoverable_people",
    "candidates",
    "population",
    "population_covered_before",
    "population_covered_after",
    "villages",
    "villages_covered_before",
    "villages_covered_after",
    "sites_before",
    "shared_sites_before",
    "dead_spots",
    "dead_spots_closed",
)


@dataclass(frozen=True)
class NationalPlan:
    """The provinces' scenarios (code order), their actions, and the country's sums."""

    scenarios: list[dict[str, Any]]
    actions: list[pd.DataFrame]
    totals: dict[str, float]
    runner: str  # where the tasks ran
    split: str = "each"  # how a budget was shared (module docstring)
    unplanned: tuple[str, ...] = ()  # provinces left out: no share, no budget of their own


#: how `plan_country` shares a budget between provinces (module docstring)
SPLITS = ("each", "need", "plan")


def plan_task(
    read: BaseInputs, name: str, question: Question, factors: Mapping[str, float], limit: float
) -> tuple[dict[str, Any], pd.DataFrame]:
    """One province's plan (a Dask task: pure over what was read and shipped)."""
    base = model_inputs(read, operator=question.operator)
    result = solve(base, name, question, factors, read.settings, limit, read.province)
    return result.scenario, result.actions


def provinces_with_people(network: store_coverage.NetworkInputs) -> list[str]:
    """The 2025 provinces holding population points in the network, in code order."""
    communes = network.villages["commune_2025"].astype(str)
    found = {network.province_of.get(c) for c in communes}
    return sorted(p for p in found if p)


def plan_country(
    ws: Workspace,
    *,
    name: str,
    question: Question,
    provinces: Sequence[str] | None = None,
    time_limit: float | None = None,
    priority: Mapping[str, float] | None = None,
    replace: bool = False,
    scheduler: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    split: str = "each",
    budgets: Mapping[str, float] | None = None,
) -> NationalPlan:
    """Plan every province (or `provinces`) as its own task and sum them (module
    docstring); the scenarios are stored as `name-pCODE`. `budgets` (province → VND)
    are the plan file's, for `split="plan"`."""
    from hatang.coverage.cluster import open_runner, scheduler_address

    network = store_coverage.read_network(ws)
    codes = list(provinces) if provinces else provinces_with_people(network)
    if not codes:
        raise NotFound("no province holds population points in this workspace")
    asked = _questions(codes, question, split, budgets)
    for c in codes:
        check_name(ws, f"{name}-p{c}", replace)
    factors = demand_factors(ws, priority)
    limit = time_limit if time_limit is not None else ws.settings.planner.time_limit_s
    reads = {c: read_base_inputs(ws, province=c, network=network) for c in codes}
    address = scheduler_address(scheduler, ws.settings.compute)
    with open_runner(address, ws.settings.compute, in_process=len(codes) == 1) as runner:
        shipped = {c: runner.put(r) for c, r in reads.items()}

        def run(questions: Mapping[str, Question]) -> list[tuple[dict[str, Any], pd.DataFrame]]:
            handles = [
                runner.submit(plan_task, shipped[c], f"{name}-p{c}", q, factors, limit)
                for c, q in questions.items()
            ]
            return list(runner.results(handles, progress))

        if split == "need":
            whole = dict(zip(asked, (a for _, a in run(asked)), strict=True))
            value = "weighted_new" if factors else "people_new"
            shares = split_budget(whole, float(question.budget or 0.0), value)
            asked = {c: dataclasses.replace(q, budget=shares[c]) for c, q in asked.items()
                     if shares[c] > 0}  # fmt: skip
        results = run(asked) if asked else []
        where = runner.description
    for scen, actions in results:
        store.write_scenario(ws, scen, actions)
    scenarios, actions = [s for s, _ in results], [a for _, a in results]
    left_out = tuple(c for c in codes if c not in asked)
    totals = national_totals(scenarios, actions)
    return NationalPlan(scenarios, actions, totals, where, split, left_out)


def _questions(
    codes: Sequence[str], question: Question, split: str, budgets: Mapping[str, float] | None
) -> dict[str, Question]:
    """Each province's question before any split by need (module docstring)."""
    if split not in SPLITS:
        raise ConfigError(f"split {split!r}: one of {', '.join(SPLITS)}")
    if split == "need" and question.budget is None:
        raise ConfigError("a budget split by need needs the country's budget (--budget)")
    if split != "plan":
        return dict.fromkeys(codes, question)
    own = dict(budgets or {})
    if question.budget is None and not own:
        raise ConfigError(
            "no province has a budget: the national plan file gives none (budget_vnd) "
            "and no --budget was given"
        )
    out = {}
    for c in codes:
        b = own.get(c, question.budget)
        if b is not None:
            out[c] = dataclasses.replace(question, budget=float(b), cover=None)
    return out


def national_totals(
    scenarios: Sequence[Mapping[str, Any]], actions: Sequence[pd.DataFrame]
) -> dict[str, float]:
    """The country's figures: the provinces' summed (`SUMMED`), their actions counted,
    and the sharing ratio before of the summed sites."""
    out = {k: float(sum(float(s.get(k) or 0.0) for s in scenarios)) for k in SUMMED}
    sites = out["sites_before"]
    out["sharing_before"] = out["shared_sites_before"] / sites if sites else float("nan")
    out["actions"] = float(sum(len(a) for a in actions))
    out["budget_vnd"] = float(sum(float(s.get("budget_vnd") or 0.0) for s in scenarios))
    out["provinces"] = float(len(scenarios))
    return out
