"""Planner scenarios as every renderer shows them: facts and labelled values.

A scenario is a stored row (`scenarios`, written by `hatang plan-sites`) and its ranked
actions. `hatang scenarios show|compare`, the /scenarios and /scenario/<name> pages and
the reports all read it through these functions: what the problem was, what the
solver's status, bound and gap mean, which coverage run it was planned against, how
demand was weighted, the indicators before → after, and the comparison of scenarios.
Nothing is re-planned: every figure is the stored one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from hatang.views.values import Message, Value, missing, plain

Scenario = Mapping[str, Any]

#: fields of a comparison (`hatang scenarios compare`, /scenarios?compare=...)
COMPARE_FIELDS = (
    "coverage_run",
    "weighting",
    "problem",
    "status",
    "cost_vnd",
    "people_new",
    "objective_weighted",
    "gap",
    "villages_covered_after",
    "population_covered_after",
    "sharing_after",
    "dead_spots_closed",
    "uncoverable_people",
    "facilities_new",
)
#: comparison fields shown as words, not numbers
_TEXT_FIELDS = ("coverage_run", "weighting", "problem", "status")

#: action kinds, in the order a legend lists them
ACTION_KINDS = ("colocation", "other-sector", "new-tower")


@dataclass(frozen=True)
class CoverageRun:
    """The coverage run a scenario was planned against (None fields: not recorded)."""

    run_id: str | None
    period: str | None
    resolution_m: float | None
    created_at: str | None

    @property
    def recorded(self) -> bool:
        return self.run_id is not None


@dataclass(frozen=True)
class Weighting:
    """How demand was weighted: `value` is None when the scenario did not record it,
    'none' for plain people, else the factors (e.g. 'school=2, health-station=3')."""

    value: str | None

    @property
    def weighted(self) -> bool:
        return self.value not in (None, "", "none")


@dataclass(frozen=True)
class CompareRow:
    field: str
    label: str  # catalogue key ("cmp_<field>"), or the field itself when it has none
    values: list[Value]


def _text(v: Any) -> str | None:
    return v if isinstance(v, str) and v else None


def coverage_run(s: Scenario) -> CoverageRun | None:
    """The run planned against; None for a store that does not record it at all."""
    if "coverage_run" not in s:
        return None
    res: Any = s.get("resolution_m")
    at = s.get("coverage_run_created_at")
    return CoverageRun(
        run_id=_text(s.get("coverage_run")),
        period=None if missing(s.get("coverage_period")) else str(s.get("coverage_period")),
        resolution_m=None if missing(res) else float(res),
        created_at=None if missing(at) else str(at)[:19],
    )


def weighting(s: Scenario) -> Weighting | None:
    """The demand weighting; None for a store that does not record it at all."""
    return Weighting(_text(s.get("weighting"))) if "weighting" in s else None


def weighting_words(v: Any) -> tuple[Message, ...] | None:
    """'none' → plain people; 'school=2, health-station=3' → each facility in words."""
    text = _text(v)
    if text is None:
        return None
    if text == "none":
        return (Message("weighting_none"),)
    parts = [p.strip().partition("=") for p in text.split(",")]
    return tuple(
        Message(
            "weighting_factor", {"facility": Message("facility_" + k.replace("-", "_")), "n": n}
        )
        for k, _, n in parts
    )


def facility_words(v: str) -> tuple[Message, ...] | None:
    """'2 school, 1 health-station' → '2 trường học · 1 trạm y tế'; '' → none."""
    parts = [p.strip().partition(" ") for p in v.split(",") if p.strip()]
    if not parts:
        return (Message("facilities_none"),)
    return tuple(
        Message("facility_count", {"n": n, "facility": Message("facility_" + k.replace("-", "_"))})
        for n, _, k in parts
    )


def weighted(s: Scenario) -> bool:
    w = weighting(s)
    return w is not None and w.weighted


def has_facilities(s: Scenario) -> bool:
    return not missing(s.get("facilities"))


def problem(s: Scenario) -> list[Message]:
    """What the scenario asked: full / partial cover or a budget, then a sharing target."""
    if s.get("problem") == "max-cover":
        b = s.get("budget_vnd")
        first = (
            Message("problem_max_cover")
            if missing(b)
            else Message("problem_budget", {"budget": Value(b, "whole")})
        )
    else:
        c: Any = s.get("cover_share")
        first = (
            Message("problem_cover_all")
            if missing(c) or float(c) >= 1 - 1e-9
            else Message("problem_cover_share", {"share": Value(c, "percent")})
        )
    target = s.get("sharing_target")
    if missing(target):
        return [first]
    return [first, Message("problem_sharing", {"share": Value(target, "percent")})]


def status(s: Scenario) -> Value:
    """The solver's status, in words where the catalogue has them."""
    from hatang import i18n

    v = s.get("status")
    key = "scen_status_" + str(v).replace("-", "_")
    return Value(v, "text", label="solver_status", text=Message(key) if i18n.has(key) else None)


def solved(s: Scenario) -> bool:
    return s.get("status") == "optimal"


_NOTES = {
    "optimal": "note_optimal_{side}",
    "time_limit": "note_time_limit_{side}",
    "greedy": "note_greedy_{side}",
    "infeasible": "note_infeasible",
    "no-plan-found": "note_no_plan_found",
}


def solver_note(s: Scenario) -> Message | None:
    """One plain sentence on what the status, bound and gap mean for this plan."""
    key = _NOTES.get(str(s.get("status")))
    if key is None:
        return None
    side = "min" if s.get("problem") == "min-cost" else "max"
    params: dict[str, Value | str] = {
        "bound": Value(s.get("bound"), "whole"),
        "gap": Value(s.get("gap"), "percent", digits=2),
    }
    return Message(key.replace("{side}", side), params)


def bound(s: Scenario) -> Value:
    """The solver's bound: VND for a least-cost plan, (weighted) people otherwise."""
    if s.get("problem") == "min-cost":
        unit = "VND"
    else:
        unit = "weighted_people_unit" if weighted(s) else "people_unit"
    return Value(s.get("bound"), "whole", label="bound", unit=unit)


def villages_new(s: Scenario) -> int | None:
    a: Any = s.get("villages_covered_after")
    b: Any = s.get("villages_covered_before")
    return None if missing(a) or missing(b) else int(a) - int(b)


def dead_spots_left(s: Scenario) -> int | None:
    if missing(s.get("dead_spots")):
        return None
    return int(s["dead_spots"]) - int(s.get("dead_spots_closed") or 0)


def totals(s: Scenario, actions: int) -> dict[str, Value]:
    """The headline figures of a scenario."""
    return {
        "cost_vnd": Value(s.get("cost_vnd"), "whole", label="cost_vnd", unit="VND"),
        "people_new": Value(s.get("people_new"), "whole", label="people_new"),
        "villages_new": Value(villages_new(s), "count", label="villages_new"),
        "dead_spots_closed": Value(s.get("dead_spots_closed"), "count", "dead_spots_closed"),
        "dead_spots": Value(s.get("dead_spots"), "count", label="dead_spots_modelled"),
        "actions": Value(actions, "count", label="actions_count"),
    }


def before_after(s: Scenario) -> list[tuple[str, Value, Value]]:
    """The indicators the plan moves: (label key, before, after)."""
    villages, population = s.get("villages"), s.get("population")
    return [
        (
            "villages_covered",
            Value(s.get("villages_covered_before"), "count", total=villages),
            Value(s.get("villages_covered_after"), "count", total=villages),
        ),
        (
            "population_covered",
            Value(s.get("population_covered_before"), "whole", total=population),
            Value(s.get("population_covered_after"), "whole", total=population),
        ),
        (
            "sharing_ratio",
            Value(s.get("sharing_before"), "percent"),
            Value(s.get("sharing_after"), "percent"),
        ),
        (
            "dead_spots_modelled",
            Value(s.get("dead_spots"), "count"),
            Value(dead_spots_left(s), "count"),
        ),
    ]


def demand(s: Scenario) -> Message:
    """People in the dead spots planned for, and those no candidate can cover."""
    return Message(
        "demand_line",
        {
            "people": Value(s.get("demand_people"), "whole"),
            "spots": Value(s.get("dead_spots"), "count"),
            "lost": Value(s.get("uncoverable_people"), "whole"),
        },
    )


def operator(op: Any) -> Value:
    """An operator by its name ('any' in words)."""
    from hatang.model.operators import OPERATORS

    if missing(op) or str(op) == "any":
        return Value(op, "text", label="operator", text=Message("operator_any"))
    return Value(op, "text", label="operator", text=OPERATORS.get(str(op), (str(op),))[0])


def action_kind(kind: Any) -> Value:
    """An action's kind in words (co-locate, another sector's structure, new tower)."""
    from hatang import i18n

    key = "kind_" + str(kind).replace("-", "_")
    return Value(kind, "text", label="what", text=Message(key) if i18n.has(key) else None)


def compare_value(field: str, v: Any, s: Scenario) -> Value:
    """One cell of a comparison: words for the problem and status, shares as %, the
    villages and population after with their totals, VND and people whole."""
    v = plain(v)
    if field == "problem":
        return Value(v, "text", text=tuple(problem(s)))
    if field == "status":
        return status(s)
    if field == "weighting":
        return Value(v, "text", text=weighting_words(v))
    if field == "facilities_new" and isinstance(v, str):
        return Value(v, "text", text=facility_words(v))
    if field in _TEXT_FIELDS or isinstance(v, str):
        return Value(v, "text")
    if field == "gap" or field.startswith("sharing"):
        return Value(v, "percent", digits=2 if field == "gap" else None)
    if field == "villages_covered_after":
        return Value(v, "count", total=s.get("villages"))
    if field == "population_covered_after":
        return Value(v, "whole", total=s.get("population"))
    return Value(v, "whole")


def comparison(scenarios: Sequence[Scenario], actions: Sequence[pd.DataFrame]) -> list[CompareRow]:
    """The scenarios side by side: COMPARE_FIELDS, then the number of actions and the
    actions they all share (by candidate id). A field a scenario lacks reads missing."""
    from hatang import i18n

    rows = []
    for f in COMPARE_FIELDS:
        key = "cmp_" + f
        values = [compare_value(f, s.get(f), s) for s in scenarios]
        rows.append(CompareRow(f, key if i18n.has(key) else f, values))
    ids = [set(a["candidate_id"]) if len(a) else set() for a in actions]
    common = len(set.intersection(*ids)) if ids else 0
    rows.append(CompareRow("actions", "cmp_actions", [Value(len(a), "whole") for a in actions]))
    same = [Value(common, "whole") for _ in actions]
    rows.append(CompareRow("actions in common", "cmp_actions_in_common", same))
    return rows


def comparison_frame(rows: list[CompareRow], names: Sequence[str]) -> pd.DataFrame:
    """The comparison as a frame: a `field` column and one raw-value column per scenario
    (what `--format csv|json` prints)."""
    return pd.DataFrame(
        [
            dict(field=r.field, **{n: v.value for n, v in zip(names, r.values, strict=True)})
            for r in rows
        ]
    )


def run_message(s: Scenario) -> Message | None:
    """'Planned against coverage run X (period P, R m grid)', or that none was recorded."""
    run = coverage_run(s)
    if run is None:
        return None
    res = "—" if run.resolution_m is None else f"{run.resolution_m:g}"
    key = "coverage_run_line" if run.recorded else "coverage_run_none"
    return Message(key, {"run": run.run_id or "", "period": run.period or "—", "res": res})


def action(a: Mapping[str, Any]) -> dict[str, Value]:
    """One ranked action: what, where, on which site or structure, and what it adds
    given the actions ranked above it."""
    host = a.get("host_site_id") or a.get("structure_id") or ""
    return {
        "rank": Value(a.get("rank"), "text", label="rank"),
        "what": action_kind(a.get("kind")),
        "lon": Value(a.get("lon"), "coordinate"),
        "lat": Value(a.get("lat"), "coordinate"),
        "host": Value(host, "text", label="host"),
        "operator": operator(a.get("operator")),
        "height": Value(a.get("height_m"), "number", label="height"),
        "cost_vnd": Value(a.get("cost_vnd"), "whole", label="cost_vnd", unit="VND"),
        "people_new": Value(a.get("people_new"), "whole", label="people_new"),
        "villages_new": Value(a.get("villages_new"), "count", label="villages_new"),
        "dead_spots_closed": Value(a.get("dead_spots_closed"), "count", "dead_spots_closed"),
    }


def _close(a: float, b: float) -> bool:
    return abs(a - b) < 0.5


def _reference_reason(s: Scenario, without: str) -> Message:
    """What the sharing target / weighting changed against the plan without them: the
    cost of a least-cost plan, the people a budget covers."""
    what = without.replace("+", "_")
    if s.get("problem") == "min-cost":
        ref, cost = float(s.get("reference_cost_vnd") or 0), float(s.get("cost_vnd") or 0)
        free = _close(cost, ref)
        diff = Value(cost - ref, "money")
        key = f"why_{what}_free" if free else f"why_{what}_adds"
        return Message(key, {"diff": diff, "ref": Value(ref, "money")})
    ref_people = float(s.get("reference_people_new") or 0)
    people = float(s.get("people_new") or 0)
    if _close(ref_people, people) or ref_people < people:
        label = Value(what, "text", text=Message(f"why_what_{what}"))
        return Message("why_people_same", {"what": label})
    diff = Value(ref_people - people, "whole")
    return Message(f"why_{what}_people", {"diff": diff, "ref": Value(ref_people, "whole")})


def cost_reasons(s: Scenario) -> list[Message]:
    """Why the plan costs what it costs: the budget it spends, and what the sharing
    target and the facility weighting add against the same question without them
    (`planning.scenario`'s reference plan). Empty for a plain least-cost plan."""
    out = []
    if s.get("problem") == "max-cover" and not missing(s.get("budget_vnd")):
        spent = {
            "cost": Value(s.get("cost_vnd"), "money"),
            "budget": Value(s["budget_vnd"], "money"),
        }
        out.append(Message("why_budget", spent))
    without = s.get("reference_without")
    if missing(without) or not without or missing(s.get("reference_cost_vnd")):
        return out
    out.append(_reference_reason(s, str(without)))
    if s.get("reference_status") not in ("optimal", None) or s.get("status") != "optimal":
        out.append(Message("why_approximate"))
    return out
