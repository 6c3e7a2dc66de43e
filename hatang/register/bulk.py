"""The register's bulk files, pure: which rows of a challenge or a responses file the
register can take, and the steps they become.

* A **challenge** file has one row per location × reason code (the FCC's bulk challenge
  CSV); the rows of one location (challenger, location_id) become one case with all
  their reason codes (`source = challenge`, `source_ref = CHALLENGER/LOCATION_ID`). A
  row whose reason code is not a report code is refused.
* A **responses** file has one row per case: `accept` (planned_on, planned_action),
  `dispute` (reason_code, evidence) or `fixed` (fixed_on, fix_action). A row is refused
  when its case does not exist, is assigned to another operator than the row's, or its
  state or the actor does not allow the step; a row the register already holds (the
  case is in the step's state with the same values) is left out as already recorded, so
  a file sent twice under another name changes nothing either.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from hatang.errors import ConfigError, Forbidden, StepNotAllowed
from hatang.io.reasons import reason, reason_of
from hatang.register import codes, machine, steps
from hatang.register.history import Pending, take
from hatang.register.machine import Actor

#: a responses file's `response` → the step it is
RESPONSE_STEP = {"accept": "accept", "dispute": "dispute", "fixed": "fix"}
#: a step's input → the column of the responses file it comes from
COLUMN_OF = {"reason": "reason_code"}

RECORDED = "recorded"


@dataclass(frozen=True)
class Refusal:
    """Why a row is not taken: printed as FILE:ROW:COLUMN: VALUE — reason."""

    column: str | None
    value: Any
    reason: str
    type: str


def _text(v: Any) -> str | None:
    if v is None or (not isinstance(v, str) and bool(pd.isna(v))):
        return None
    text = str(v).strip()
    return text or None


def challenge_refusal(row: Mapping[str, Any]) -> Refusal | None:
    code = _text(row.get("reason_code"))
    if code is not None and code not in codes.names("report"):
        known = ", ".join(codes.names("report"))
        return Refusal(
            "reason_code", code, reason("register_not_report_code", known=known), "not-allowed"
        )
    return None


def challenge_openings(rows: pd.DataFrame, file: str) -> list[dict[str, Any]]:
    """The `open` inputs of a challenge file's locations (in file order)."""
    out = []
    for (challenger, location), g in rows.groupby(["challenger", "location_id"], sort=False):
        first = g.iloc[0]
        measured = _measured(g)
        out.append(
            {
                "source": "challenge",
                "source_ref": f"{challenger}/{location}",
                "lon": float(first["lon"]),
                "lat": float(first["lat"]),
                "opened_on": min(g["observed_on"]),
                "village_code": _text(first.get("village_code")),
                "operators": _text(first.get("operator")),
                "technology": _text(first.get("technology")) or "4G",
                "reasons": ";".join(dict.fromkeys(str(c) for c in g["reason_code"])),
                "description": " · ".join(t for t in map(_text, g["description"]) if t) or None,
                "evidence": [{"kind": "ref", "ref": f"{file}: {challenger}, {location}{measured}"}],
            }
        )
    return out


def _measured(g: pd.DataFrame) -> str:
    parts = []
    for col, unit in (
        ("download_mbps", "Mbit/s down"),
        ("upload_mbps", "Mbit/s up"),
        ("rsrp_dbm", "dBm"),
    ):
        v = pd.to_numeric(g[col], errors="coerce").dropna()
        if len(v):
            parts.append(f"{v.median():g} {unit}")
    return f" ({', '.join(parts)})" if parts else ""


def response_inputs(row: Mapping[str, Any]) -> dict[str, Any]:
    """A responses row as the inputs of its step."""
    refs = [r.strip() for r in (_text(row.get("evidence")) or "").split(";") if r.strip()]
    out: dict[str, Any] = {
        "note": _text(row.get("note")),
        "evidence": [{"kind": "ref", "ref": r} for r in refs],
        "reason": _text(row.get("reason_code")),
    }
    for k in (
        "planned_on",
        "planned_action",
        "scenario",
        "scenario_rank",
        "rnas_code",
        "fixed_on",
        "fix_action",
        "site_id",
    ):
        v = row.get(k)
        out[k] = None if v is None or (not isinstance(v, str) and bool(pd.isna(v))) else v
    return out


def response_refusal(
    row: Mapping[str, Any],
    case: Mapping[str, Any] | None,
    actor: Actor,
    today: dt.date,
    win: steps.Windows = steps.Windows(),
) -> Refusal | str | None:
    """None when the row's step can be taken, RECORDED when the register holds it
    already, else the Refusal."""
    cid = _text(row.get("case_id"))
    if case is None:
        return Refusal("case_id", cid, reason("register_no_case"), "unknown-reference")
    op = _text(row.get("operator"))
    assigned = case.get("assigned_operator")
    if op is not None and op != assigned:
        why = (
            reason("register_case_assigned", case=cid, assigned=assigned)
            if assigned
            else reason("register_case_unassigned", case=cid)
        )
        return Refusal("operator", op, why, "register-step")
    s = machine.step(RESPONSE_STEP[str(row["response"])])
    inputs = response_inputs(row)
    missing = machine.missing_inputs(s, inputs)
    if missing and case["state"] in s.sources:
        col = COLUMN_OF.get(missing[0], missing[0])
        why = reason("register_needs", response=row["response"], column=col)
        return Refusal(col, None, why, "missing-value")
    try:
        if _recorded(s, case, inputs, today, win):
            return RECORDED
        take(
            Pending(0, 0, dt.datetime.combine(today, dt.time()), False),
            case,
            s.action,
            actor,
            inputs,
            channel="import",
            today=today,
            win=win,
        )
    except (Forbidden, StepNotAllowed) as e:
        return Refusal("response", row["response"], reason_of(e), "register-step")
    except ConfigError as e:
        name = str(e).split(":", 1)[0]
        column: str | None = COLUMN_OF.get(name, name if name in row else None)
        kind = "not-allowed" if ("not a" in str(e) or "unknown" in str(e)) else "inconsistent"
        return Refusal(column, row.get(column) if column else None, reason_of(e), kind)
    return None


def _recorded(
    s: machine.Step,
    case: Mapping[str, Any],
    inputs: Mapping[str, Any],
    today: dt.date,
    win: steps.Windows,
) -> bool:
    """The case is in the step's state already, with the values the row would set."""
    if case["state"] != s.target:
        return False
    values = steps.changes(s, case, inputs, today, win)
    return all(case.get(k) == v for k, v in values.items() if v is not None)
