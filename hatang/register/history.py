"""Steps waiting to be written, pure: each taken on a case's current fold, checked by
the machine, turned into an event (the row of `register_events`) and folded into the
case's new row. The store appends a `Pending`'s events and cases in one transaction;
tests drive the same code without a database.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from hatang.errors import ConfigError
from hatang.register import cases as fold
from hatang.register import machine, steps
from hatang.register.machine import Actor


@dataclass
class Pending:
    """Events and case rows to append together, numbered from the store's next seq."""

    seq: int
    number: int
    now: dt.datetime
    synthetic: bool
    events: list[dict[str, Any]] = field(default_factory=list)
    cases: dict[str, dict[str, Any]] = field(default_factory=dict)
    contacts: list[dict[str, Any]] = field(default_factory=list)

    def add(
        self,
        case: Mapping[str, Any] | None,
        case_id: str,
        s: machine.Step,
        actor: Actor,
        channel: str,
        changes: Mapping[str, Any],
        inputs: Mapping[str, Any],
        import_id: int | None = None,
    ) -> dict[str, Any]:
        state = None if case is None else str(case["state"])
        items = list(inputs.get("evidence") or [])
        event = {
            "seq": self.seq,
            "case_id": case_id,
            "at": self.now,
            "actor": actor.name,
            "role": actor.role,
            "actor_operator": actor.operator,
            "channel": channel,
            "action": s.action,
            "from_state": state,
            "to_state": s.target_from(state or ""),
            "changes": fold.dumps(changes),
            "note": (str(inputs["note"]).strip() or None) if inputs.get("note") else None,
            "evidence": json.dumps(items, ensure_ascii=False) if items else None,
            "import_id": import_id,
            "synthetic": self.synthetic,
        }
        self.seq += 1
        self.events.append(event)
        self.cases[case_id] = fold.apply(case, event)
        return event


def required(s: machine.Step, inputs: Mapping[str, Any], case_id: str) -> None:
    """Refuse a step whose required inputs are missing, naming them."""
    missing = machine.missing_inputs(s, inputs)
    if missing:
        raise ConfigError(
            f"{case_id}: {s.action} needs {', '.join(missing)} / thiếu thông tin: {', '.join(missing)}"
        )


def take(
    pending: Pending,
    case: Mapping[str, Any],
    action: str,
    actor: Actor,
    inputs: Mapping[str, Any],
    *,
    channel: str,
    today: dt.date,
    win: steps.Windows = steps.Windows(),
    import_id: int | None = None,
) -> dict[str, Any]:
    """Check step `action` by `actor` on `case` (its current fold) and add it."""
    s = machine.check(action, str(case["state"]), actor, case.get("assigned_operator"))
    required(s, inputs, str(case["case_id"]))
    changes = steps.changes(s, case, inputs, today, win)
    return pending.add(case, str(case["case_id"]), s, actor, channel, changes, inputs, import_id)
