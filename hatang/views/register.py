"""The dead-spot register as every renderer shows it: the list of cases, a case's facts
and timeline, the operator scoreboard, the counts per state.

The CLI, the pages and the quarterly report render these; the columns, their labels
are declared once here; what anyone may see (the open-data dataset, the public pages)
is `hatang.register.public.PUBLIC`: never a description, a contact or who acted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from hatang.publish.render import records
from hatang.register import evidence
from hatang.register.public import PUBLIC
from hatang.views import register_changes as changed
from hatang.views.deadspots import named
from hatang.views.values import Message, Value, missing


@dataclass(frozen=True)
class Column:
    field: str
    label: str  # catalogue key


LIST_COLUMNS = (
    Column("case_id", "reg_case"),
    Column("state", "reg_state"),
    Column("village", "reg_village"),
    Column("commune", "reg_commune_2025"),
    Column("operators", "reg_operators"),
    Column("assigned_operator", "reg_assigned"),
    Column("people_affected", "reg_people"),
    Column("opened_on", "reg_opened"),
    Column("response_due", "reg_due"),
    Column("overdue", "reg_overdue"),
)


def _day(v: Any) -> Value:
    if missing(v):
        return Value(None, "text")
    return Value(str(v)[:10], "text")


def _code(prefix: str, v: Any) -> Value:
    """A code with its words (state, source, action, reason) from the catalogue."""
    if missing(v) or v == "":
        return Value(None, "text")
    return Value(v, "text", text=Message(f"{prefix}{v}"))


def _operators(v: Any) -> Value:
    if missing(v) or not str(v):
        return Value(None, "text", text=Message("reg_all_operators"))
    return Value(v, "text", text=str(v).replace(";", ", "))


def _overdue(v: Any) -> Value:
    return (
        Value(v, "text", text=Message(f"reg_overdue_{v}"))
        if not missing(v)
        else Value(None, "text", text="")
    )


def list_row(r: Mapping[str, Any]) -> dict[str, Value]:
    """One case of the list: id, state, where, who, how many people, when, overdue."""
    return {
        "case_id": Value(r.get("case_id"), "text"),
        "state": _code("reg_state_", r.get("state")),
        "village": Value(
            r.get("village_code"), "text", text=named(r.get("village_name"), r.get("village_code"))
        ),
        "commune": Value(
            r.get("commune_code"), "text", text=named(r.get("commune_name"), r.get("commune_code"))
        ),
        "operators": _operators(r.get("operators")),
        "assigned_operator": Value(r.get("assigned_operator"), "text"),
        "people_affected": Value(r.get("people_affected"), "whole"),
        "opened_on": _day(r.get("opened_on")),
        "response_due": _day(r.get("response_due")),
        "overdue": _overdue(r.get("overdue")),
    }


def list_rows(cases: pd.DataFrame, limit: int = 0) -> list[dict[str, Value]]:
    shown = cases if limit <= 0 else cases.head(limit)
    return [list_row(r) for r in records(shown)]


def public_frame(cases: pd.DataFrame) -> pd.DataFrame:
    """The cases with the public fields only (what may be downloaded or published)."""
    return cases.reindex(columns=list(PUBLIC)).reset_index(drop=True)


def _people(r: Mapping[str, Any]) -> Value:
    source = r.get("people_source")
    note = None
    if source == "model":
        note = Message("reg_people_model", {"ref": str(r.get("modelled_ref") or "")})
    elif source == "village":
        note = Message("reg_people_village")
    return Value(r.get("people_affected"), "whole", label="reg_people", note=note)


def facts(r: Mapping[str, Any], *, private: bool = False) -> list[Value]:
    """A case's facts, labelled, in reading order; empty ones left out. `private`
    (a signed-in analyst, operator or admin) adds the description."""
    out = [
        Value(r.get("case_id"), "text", label="reg_case"),
        _code("reg_state_", r.get("state")),
        _code("reg_source_", r.get("source")),
        Value(
            r.get("village_code"),
            "text",
            label="reg_village",
            text=named(r.get("village_name"), r.get("village_code")),
        ),
        Value(
            r.get("commune_code"),
            "text",
            label="reg_commune_2025",
            text=named(r.get("commune_name"), r.get("commune_code")),
        ),
        Value(
            r.get("commune_code_2024"),
            "text",
            label="reg_commune_2024",
            text=named(r.get("commune_name_2024"), r.get("commune_code_2024")),
        ),
        Value(r.get("lon"), "coordinate", label="reg_position", text=_position(r)),
        Value(r.get("technology"), "text", label="reg_technology"),
        _labelled(_operators(r.get("operators")), "reg_operators"),
        Value(r.get("reasons"), "text", label="reg_reasons", text=_reasons(r.get("reasons"))),
        _people(r),
        _labelled(_day(r.get("opened_on")), "reg_opened"),
        Value(r.get("assigned_operator"), "text", label="reg_assigned"),
        _labelled(_day(r.get("assigned_on")), "reg_assigned_on"),
        _labelled(_day(r.get("response_due")), "reg_due"),
        _labelled(_overdue(r.get("overdue")), "reg_overdue"),
        _labelled(_day(r.get("planned_on")), "reg_planned"),
        _labelled(_code("reg_action_", r.get("planned_action")), "reg_planned_action"),
        _labelled(_code("reg_code_dispute_", r.get("dispute_reason")), "reg_dispute_reason"),
        _labelled(_code("reg_state_", r.get("decision")), "reg_decision"),
        _labelled(_day(r.get("fixed_on")), "reg_fixed"),
        _labelled(_code("reg_action_", r.get("fix_action")), "reg_fix_action"),
        Value(r.get("site_id"), "text", label="reg_site"),
        _labelled(_day(r.get("verified_on")), "reg_verified"),
        Value(r.get("verification"), "text", label="reg_verification"),
        _labelled(_code("reg_code_reject_", r.get("reject_reason")), "reg_reject_reason"),
        _labelled(_day(r.get("closed_on")), "reg_closed"),
    ]
    out[1] = _labelled(out[1], "reg_state")
    out[2] = _labelled(out[2], "reg_source")
    if private:
        out.append(Value(r.get("description"), "text", label="reg_description"))
    return [v for v in out if not missing(v.value) and v.value != ""]


def _labelled(v: Value, label: str) -> Value:
    return Value(v.value, v.kind, label=label, unit=v.unit, text=v.text, note=v.note)


def _position(r: Mapping[str, Any]) -> str:
    if missing(r.get("lon")) or missing(r.get("lat")):
        return ""
    return f"{float(r['lat']):.5f}, {float(r['lon']):.5f}"


def _reasons(v: Any) -> tuple[Message, ...] | None:
    if missing(v) or not v:
        return None
    return tuple(Message(f"reg_code_report_{c}") for c in str(v).split(";") if c)


def _evidence(text: Any, files: bool) -> Value:
    """The references, and the files by name when the reader may download them
    (hatang.register.evidence.may_see), else only how many there are."""
    items = evidence.items(None if missing(text) else text)
    kept = [i for i in items if i.get("kind") == "file"]
    shown = "; ".join(str(i.get("ref")) for i in items if i.get("kind") == "ref")
    if kept and files:
        names = "; ".join(f"{i['name']} (sha256 {i['sha256'][:12]})" for i in kept)
        shown = "; ".join(p for p in (shown, names) if p)
    elif kept:
        count = Message("reg_evidence_files", {"n": str(len(kept))})
        return Value(
            len(items),
            "count",
            label="reg_evidence",
            text=Message("reg_evidence_refs", {"refs": shown, "files": count}) if shown else count,
        )
    return Value(len(items), "count", label="reg_evidence", text=shown)


def timeline(
    events: pd.DataFrame, *, private: bool = False, files: bool | None = None
) -> list[dict[str, Value]]:
    """The case's history, oldest first: when, who, step, from → to, what it set, the
    note and the evidence. The public reads the role only (no token name) and no note;
    `private` (signed-in readers) both. An evidence file's name is for those who may
    download it (`files`; default: `private`), the others read how many files."""
    files = private if files is None else files
    out = []
    for e in records(events):
        who = str(e.get("actor") or "")
        role = changed.role(e.get("role"), e.get("actor_operator"))
        out.append(
            {
                "at": Value(str(e.get("at"))[:19], "text", label="reg_when"),
                "who": Value(
                    who,
                    "text",
                    label="reg_who",
                    text=Message("reg_who_role", {"who": who, "role": role}) if private else role,
                ),
                "step": Value(
                    e.get("action"),
                    "text",
                    label="reg_step",
                    text=Message(f"reg_step_{e.get('action')}"),
                ),
                "move": Value(
                    e.get("to_state"),
                    "text",
                    label="reg_from_to",
                    text=changed.move(e.get("from_state"), e.get("to_state")),
                ),
                "changes": Value(
                    e.get("changes"),
                    "text",
                    label="reg_changes",
                    text=changed.changes(e.get("changes"), e.get("action")),
                ),
                "note": Value(
                    e.get("note"),
                    "text",
                    label="reg_note",
                    text="" if missing(e.get("note")) or not private else str(e["note"]),
                ),
                "evidence": _evidence(e.get("evidence"), files),
            }
        )
    return out


SCOREBOARD = (
    Column("operator", "reg_sb_operator"),
    Column("assigned", "reg_sb_assigned"),
    Column("open", "reg_sb_open"),
    Column("overdue", "reg_sb_overdue"),
    Column("median_days_to_respond", "reg_sb_respond"),
    Column("median_days_assignment_to_fix", "reg_sb_fix"),
    Column("fixed", "reg_sb_fixed"),
    Column("verified", "reg_sb_verified"),
    Column("verified_share", "reg_sb_verified_share"),
)


def scoreboard_rows(board: pd.DataFrame) -> list[dict[str, Value]]:
    """The scoreboard (figures.scoreboard), one row per operator."""
    out = []
    for r in records(board):
        out.append(
            {
                "operator": Value(r.get("operator"), "text"),
                "assigned": Value(r.get("assigned"), "count"),
                "open": Value(r.get("open"), "count"),
                "overdue": Value(r.get("overdue"), "count"),
                "median_days_to_respond": Value(
                    r.get("median_days_to_respond"), "number", digits=0
                ),
                "median_days_assignment_to_fix": Value(
                    r.get("median_days_assignment_to_fix"), "number", digits=0
                ),
                "fixed": Value(r.get("fixed"), "count"),
                "verified": Value(r.get("verified"), "count"),
                "verified_share": Value(r.get("verified_share"), "percent", digits=0),
            }
        )
    return out


def state_counts(counts: pd.Series) -> list[Value]:
    return [Value(int(n), "count", label=f"reg_state_{s}") for s, n in counts.items()]
