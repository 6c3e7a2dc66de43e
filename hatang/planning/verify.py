"""Check a stored scenario's claim: recompute coverage with its radios added.

The people newly covered when the grid is recomputed with the scenario's actions as
real radios must match the people the plan claimed (within 1 %): the planner's
coverage matrix and the coverage engine must agree.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from hatang.coverage.grid import to_xy
from hatang.planning import candidates as cands
from hatang.planning.base import Base, base_of_period, model_base
from hatang.planning.runs import TECHNOLOGY
from hatang.planning.scenarios import get_scenario
from hatang.store.workspace import Workspace


def action_radios(actions: pd.DataFrame, crs: str) -> pd.DataFrame:
    """The cells a scenario's actions add, in the engine's frame format (one per sector;
    an action for any operator is the operator 'planned')."""
    if actions.empty:
        return pd.DataFrame()
    x, y = to_xy(actions["lon"].to_numpy(), actions["lat"].to_numpy(), crs)
    base = actions.assign(x=x, y=y, technology=TECHNOLOGY)
    base["operator"] = base["operator"].replace({"any": "planned"})
    parts = [base.assign(azimuth_deg=a, beamwidth_deg=cands.BEAMWIDTH) for a in cands.SECTORS]
    return pd.concat(parts, ignore_index=True)


@dataclass
class Verification:
    claimed: float  # people newly covered, as the scenario says
    recomputed: float  # people newly covered when coverage is recomputed with the actions
    relative_difference: float

    @property
    def ok(self) -> bool:
        return self.relative_difference <= 0.01


def verify_scenario(
    ws: Workspace,
    name: str,
    *,
    operator: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Verification:
    """Recompute the grid with the scenario's radios and compare newly covered people.

    Today's network is modelled as the scenario modelled it: its period, grid and the
    offsets of the coverage run it recorded (a scenario without one: the current 4G run
    of its period, as when it was planned). `progress(done, total)` follows the tiles of
    each of the two grids."""
    scen, actions = get_scenario(ws, name)
    op = None if scen["operator"] == "any" else scen["operator"]
    res = float(scen["resolution_m"])
    run_id = scen.get("coverage_run")
    inputs, run = base_of_period(
        ws, str(scen["coverage_period"]), run_id if isinstance(run_id, str) and run_id else None
    )

    def model(extra: pd.DataFrame | None) -> Base:
        return model_base(ws, inputs, run, res, operator=op, progress=progress, extra_radios=extra)

    before = model(None)
    after = model(action_radios(actions, before.grid.crs))
    # the scenario's radios belong to the operator planned for ('planned' when any)
    new = after.covered_scope & ~before.covered_scope
    recomputed = float(before.people.people[new].sum())
    claimed = float(scen["people_new"])
    diff = abs(recomputed - claimed) / max(claimed, 1.0)
    return Verification(claimed, recomputed, diff)
