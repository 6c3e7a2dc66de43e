"""What a register step set, in words: the timeline's "changes" and "from → to" cells.

An event stores the fields a step set as JSON with their raw values (`people_affected:
552.0`, `decision: "upheld"`, `assigned_on: "2025-10-20"`). A reader reads each field
by its label from the catalogue and its value as the case page writes it: people as
"552 people / 552 người", dates as dates, states, actions and reason codes in words,
coordinates in degrees. A field no entry below names is shown with its catalogue label
`reg_field_<name>` and its value as it is (tests/views/test_register_changes.py holds
every field a step may set to a label).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from hatang.views.values import Message, Value, missing

#: what the timeline shows of an opening (the rest is on the case itself)
OPENING = ("source", "source_ref", "village_code", "people_affected")
#: never shown in the timeline: a shape, and the reporter's own words
HIDDEN = ("geometry", "description")


def _day(v: Any) -> Value:
    return Value(str(v)[:10], "text")


def _code(prefix: str) -> Callable[[Any], Value]:
    def render(v: Any) -> Value:
        return Value(v, "text", text=Message(f"{prefix}{v}"))

    return render


def _codes(prefix: str) -> Callable[[Any], Value]:
    def render(v: Any) -> Value:
        words = tuple(Message(f"{prefix}{c}") for c in str(v).split(";") if c)
        return Value(v, "text", text=words or None)

    return render


def _people(v: Any) -> Value:
    return Value(v, "text", text=Message("reg_people_n", {"n": Value(v, "whole")}))


def _operators(v: Any) -> Value:
    return Value(v, "text", text=None if str(v) else Message("reg_all_operators"))


#: field → (label key, how its value reads); the label of any other is reg_field_<name>
FIELDS: dict[str, tuple[str, Callable[[Any], Value]]] = {
    "source": ("reg_source", _code("reg_source_")),
    "people_affected": ("reg_people", _people),
    "village_code": ("reg_village", lambda v: Value(v, "text")),
    "commune_code": ("reg_commune_2025", lambda v: Value(v, "text")),
    "commune_code_2024": ("reg_commune_2024", lambda v: Value(v, "text")),
    "lon": ("reg_field_lon", lambda v: Value(v, "coordinate")),
    "lat": ("reg_field_lat", lambda v: Value(v, "coordinate")),
    "technology": ("reg_technology", lambda v: Value(v, "text")),
    "operators": ("reg_operators", _operators),
    "reasons": ("reg_reasons", _codes("reg_code_report_")),
    "assigned_operator": ("reg_assigned", lambda v: Value(v, "text")),
    "opened_on": ("reg_opened", _day),
    "opened_at": ("reg_field_opened_at", lambda v: Value(str(v)[:19], "text")),
    "assigned_on": ("reg_assigned_on", _day),
    "response_due": ("reg_due", _day),
    "planned_on": ("reg_planned", _day),
    "planned_action": ("reg_planned_action", _code("reg_action_")),
    "dispute_reason": ("reg_dispute_reason", _code("reg_code_dispute_")),
    "decision": ("reg_decision", _code("reg_state_")),
    "decided_on": ("reg_field_decided_on", _day),
    "fixed_on": ("reg_fixed", _day),
    "fix_action": ("reg_fix_action", _code("reg_action_")),
    "site_id": ("reg_site", lambda v: Value(v, "text")),
    "verified_on": ("reg_verified", _day),
    "verification": ("reg_verification", lambda v: Value(v, "text")),
    "reject_reason": ("reg_reject_reason", _code("reg_code_reject_")),
    "closed_on": ("reg_closed", _day),
    "scenario": ("reg_in_scenario", lambda v: Value(v, "text")),
    "scenario_rank": ("reg_in_scenario_rank", lambda v: Value(v, "count")),
    "rnas_code": ("reg_in_rnas_code", lambda v: Value(v, "text")),
    "people_source": ("reg_field_people_source", _code("reg_people_source_")),
    "modelled_ref": ("reg_field_modelled_ref", lambda v: Value(v, "text")),
}


def change(name: str, value: Any) -> Message:
    """'people affected: 552 people' / 'người bị ảnh hưởng: 552 người' (— for no value)."""
    label, render = FIELDS.get(name, (f"reg_field_{name}", lambda v: Value(v, "text")))
    shown: Value | str = "—" if missing(value) or value == "" else render(value)
    return Message("reg_change", {"field": Message(label), "value": shown})


def changes(text: Any, action: Any) -> tuple[Message, ...]:
    """The fields a step set, in words, sorted by field name (an opening: its source,
    village and people only)."""
    if missing(text) or not text:
        return ()
    data = json.loads(str(text))
    keep = OPENING if action == "open" else tuple(k for k in data if k not in HIDDEN)
    return tuple(change(k, data[k]) for k in sorted(keep) if k in data)


def move(before: Any, after: Any) -> Message:
    """'reported → confirmed' in words ('∅' before the case existed)."""
    start: Message | str = "∅" if missing(before) or not before else Message(f"reg_state_{before}")
    return Message("reg_move", {"from": start, "to": Message(f"reg_state_{after}")})


def role(name: Any, operator: Any) -> Message | str:
    """Who acted, in words: 'analyst', 'operator, vnpt' ('' when not recorded)."""
    if missing(name) or not name:
        return ""
    if missing(operator) or not operator:
        return Message(f"role_{name}")
    return Message(
        "reg_role_operator", {"role": Message(f"role_{name}"), "operator": str(operator)}
    )
