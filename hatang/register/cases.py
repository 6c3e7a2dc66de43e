"""A case and its history, pure: an event folds into a case, and the register is the
fold of its events (`replay`). The store writes each new case row by the same fold,
so the table `register_cases` is always what `replay(register_events)` gives — a
test rebuilds the register from its history and compares.

An event is a dict with the columns of `register_events`; its `changes` (JSON) are
the case's fields the step set. A case is a dict with the columns of `register_cases`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from hatang.errors import StepNotAllowed
from hatang.model.schema import TABLES
from hatang.register import machine

CASES = TABLES["register_cases"]
EVENTS = TABLES["register_events"]
CASE_FIELDS = tuple(CASES.column_names)
#: the fields a step may set through `changes` (the rest the fold keeps itself)
SETTABLE = frozenset(CASE_FIELDS) - {"case_id", "state", "updated_at", "last_seq", "synthetic"}
_TYPES = {c.name: c.type for c in CASES.columns}


def to_json(value: Any) -> Any:
    """A field's value as JSON holds it: dates as ISO text, numpy scalars as Python."""
    if value is None:
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    item = getattr(value, "item", None)
    return item() if callable(item) else value


def from_json(name: str, value: Any) -> Any:
    """A field's value from JSON, typed as the case column is."""
    if value is None:
        return None
    kind = _TYPES.get(name, "text")
    if kind == "date":
        return dt.date.fromisoformat(str(value)[:10])
    if kind == "timestamp":
        return dt.datetime.fromisoformat(str(value))
    if kind == "int":
        return int(value)
    if kind == "float":
        return float(value)
    if kind == "bool":
        return bool(value)
    return str(value)


def dumps(changes: Mapping[str, Any]) -> str:
    return json.dumps(
        {k: to_json(v) for k, v in changes.items()}, ensure_ascii=False, sort_keys=True
    )


def loads(text: str | None) -> dict[str, Any]:
    raw = json.loads(text) if text else {}
    return {k: from_json(k, v) for k, v in raw.items()}


def empty_case(case_id: str) -> dict[str, Any]:
    case: dict[str, Any] = dict.fromkeys(CASE_FIELDS)
    case.update(case_id=case_id, reopened=0)
    return case


def apply(case: Mapping[str, Any] | None, event: Mapping[str, Any]) -> dict[str, Any]:
    """The case after `event` (a new case when `case` is None). Refuses an event whose
    from-state is not the case's state or whose step does not allow it (a history that
    does not replay is damaged)."""
    state = None if case is None else case["state"]
    if event.get("from_state") != state and not (state is None and not event.get("from_state")):
        raise StepNotAllowed(
            f"event {event['seq']} of {event['case_id']} starts from {event.get('from_state')!r}, "
            f"but the case is {state!r}"
        )
    s = machine.step(str(event["action"]))
    if (state is None) != (not s.sources) or (state is not None and state not in s.sources):
        raise StepNotAllowed(f"event {event['seq']}: {s.action} is not allowed from {state!r}")
    if s.target_from(state or "") != event["to_state"]:
        raise StepNotAllowed(
            f"event {event['seq']}: {s.action} leads to {s.target_from(state or '')!r}"
        )
    out = empty_case(str(event["case_id"])) if case is None else dict(case)
    changes = loads(event.get("changes"))
    unknown = set(changes) - SETTABLE
    if unknown:
        raise StepNotAllowed(f"event {event['seq']} sets unknown fields {sorted(unknown)}")
    out.update(changes)
    if s.action == "reopen":
        out["reopened"] = int(out.get("reopened") or 0) + 1
    out.update(
        state=event["to_state"],
        updated_at=event["at"],
        last_seq=int(event["seq"]),
        synthetic=bool(event["synthetic"]) or bool(out.get("synthetic")),
    )
    return out


def event_record(row: Mapping[Any, Any]) -> dict[str, Any]:
    """A stored event (pandas values) with missing values as None."""
    out = {}
    for k, v in row.items():
        missing = v is None or (not isinstance(v, str) and bool(pd.isna(v)))
        out[str(k)] = None if missing else v
    return out


def replay(events: Iterable[Mapping[Any, Any]]) -> dict[str, dict[str, Any]]:
    """Every case, folded from `events` in `seq` order: case_id → case."""
    cases: dict[str, dict[str, Any]] = {}
    for ev in sorted((event_record(e) for e in events), key=lambda e: int(e["seq"])):
        cid = str(ev["case_id"])
        cases[cid] = apply(cases.get(cid), ev)
    return cases


def frame(cases: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Cases as a frame with the columns of register_cases, sorted by case_id."""
    rows = [{k: c.get(k) for k in CASE_FIELDS} for c in cases]
    out = pd.DataFrame(rows, columns=list(CASE_FIELDS))
    return out.sort_values("case_id", kind="stable").reset_index(drop=True)


def record(row: Mapping[str, Any]) -> dict[str, Any]:
    """A stored row (pandas values: NaN, NaT, Timestamps) as a case of plain values."""
    out: dict[str, Any] = {}
    for k in CASE_FIELDS:
        v = row.get(k)
        if v is None or (not isinstance(v, str) and pd.isna(v)):
            out[k] = None
        elif isinstance(v, pd.Timestamp):
            out[k] = v.to_pydatetime() if _TYPES[k] == "timestamp" else v.date()
        else:
            out[k] = from_json(k, to_json(v))
    return out


def operators_of(case: Mapping[str, Any]) -> list[str]:
    text = case.get("operators") or ""
    return [o for o in str(text).split(";") if o]
