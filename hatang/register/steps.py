"""What a step sets on a case, pure: a step's inputs checked and turned into the case
fields it changes (`changes`). Inputs arrive as text or values from the CLI, a form,
the API or a bulk file; a wrong one is refused in one line naming the input, the value
and what is accepted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from hatang.errors import ConfigError
from hatang.io.reasons import reason
from hatang.model.operators import TECHNOLOGIES, operator_code
from hatang.register import codes, machine

#: the reason code kind each step's `reason` input is checked against
REASON_KIND = {"reject": "reject", "dispute": "dispute"}


@dataclass(frozen=True)
class Windows:
    """Deadlines (days) from the workspace's [register] settings."""

    response_days: int = 60
    correction_days: int = 30


def parse_day(name: str, value: Any) -> dt.date:
    """A date from a date, ISO text (2025-09-30) or Vietnamese text (30/09/2025)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ConfigError(reason("register_not_day", name=name, value=text))


def _operator(value: Any) -> str:
    try:
        return operator_code(str(value))
    except ValueError as e:
        raise ConfigError(f"operator: {e}") from None


def _action(name: str, value: Any) -> str:
    text = str(value).strip().lower()
    if text not in machine.FIX_ACTIONS:
        raise ConfigError(
            reason(
                "register_not_action", name=name, value=value, known=", ".join(machine.FIX_ACTIONS)
            )
        )
    return text


def _int(name: str, value: Any, lo: int, hi: int) -> int:
    try:
        n = int(str(value).strip())
    except ValueError:
        raise ConfigError(reason("register_not_whole", name=name, value=value)) from None
    if not lo <= n <= hi:
        raise ConfigError(reason("register_outside", name=name, value=n, lo=lo, hi=hi))
    return n


def operators_text(value: Any) -> str | None:
    """'viettel;vnpt' from a list or any spellings separated by ; or , (empty: all)."""
    items = (
        value if isinstance(value, list | tuple) else str(value or "").replace(",", ";").split(";")
    )
    found = sorted(
        {_operator(v) for v in items if str(v).strip() and str(v).strip().lower() != "all"}
    )
    return ";".join(found) or None


def reasons_text(value: Any) -> str | None:
    items = (
        value if isinstance(value, list | tuple) else str(value or "").replace(",", ";").split(";")
    )
    found = [codes.get("report", str(v).strip()).code for v in items if str(v).strip()]
    return ";".join(dict.fromkeys(found)) or None


def technology(value: Any) -> str:
    text = str(value or "4G").strip().upper()
    if text not in TECHNOLOGIES:
        raise ConfigError(f"technology: {value!r} is not one of {', '.join(TECHNOLOGIES)}")
    return text


def opening(inputs: Mapping[str, Any], today: dt.date) -> dict[str, Any]:
    """The fields an `open` step sets (before the places and people are filled in)."""
    lon, lat = float(inputs["lon"]), float(inputs["lat"])
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        raise ConfigError(f"lon/lat: ({lon}, {lat}) is not a position")
    source = str(inputs["source"])
    if source not in machine.SOURCES:
        raise ConfigError(f"source: {source!r} (known: {', '.join(machine.SOURCES)})")
    opened = parse_day("opened_on", inputs.get("opened_on") or today)
    if opened > today:
        raise ConfigError(reason("register_in_future", name="opened_on", value=opened))
    return {
        "source": source,
        "source_ref": inputs.get("source_ref") or None,
        "opened_on": opened,
        "lon": lon,
        "lat": lat,
        "geometry": inputs.get("geometry") or None,
        "village_code": inputs.get("village_code") or None,
        "technology": technology(inputs.get("technology")),
        "operators": operators_text(inputs.get("operators")),
        "reasons": reasons_text(inputs.get("reasons")),
        "description": (str(inputs["description"]).strip() or None)
        if inputs.get("description")
        else None,
    }


def changes(
    s: machine.Step,
    case: Mapping[str, Any],
    inputs: Mapping[str, Any],
    today: dt.date,
    windows: Windows = Windows(),
) -> dict[str, Any]:
    """The case fields step `s` sets from `inputs` (required inputs present: the caller
    checked with machine.missing_inputs)."""
    a = s.action
    if a == "reject":
        return {"reject_reason": codes.get("reject", str(inputs["reason"])).code}
    if a == "dispute":
        return {"dispute_reason": codes.get("dispute", str(inputs["reason"])).code}
    if a == "assign":
        days = _int("due_days", inputs.get("due_days") or windows.response_days, 1, 730)
        return {
            "assigned_operator": _operator(inputs["operator"]),
            "assigned_on": today,
            "response_due": today + dt.timedelta(days=days),
        }
    if a == "accept":
        return _accept(case, inputs)
    if a in ("uphold", "overturn"):
        out: dict[str, Any] = {
            "decision": "upheld" if a == "uphold" else "overturned",
            "decided_on": today,
        }
        if a == "uphold":
            days = _int("due_days", inputs.get("due_days") or windows.correction_days, 1, 730)
            out["response_due"] = today + dt.timedelta(days=days)
        return out
    if a == "fix":
        return _fix(case, inputs, today)
    if a == "verify":
        return {"verified_on": today, "verification": str(inputs["verification"])}
    if a == "verification-failed":
        return {"verification": str(inputs["verification"])}
    if a == "close":
        return {"closed_on": today}
    if a == "reopen":
        return {"closed_on": None, "verified_on": None}
    if a == "update":
        keys = ("people_affected", "people_source", "modelled_ref", "geometry")
        return {k: inputs[k] for k in keys if k in inputs}
    return {}


def _accept(case: Mapping[str, Any], inputs: Mapping[str, Any]) -> dict[str, Any]:
    planned = parse_day("planned_on", inputs["planned_on"])
    opened = case.get("opened_on")
    if opened is not None and planned < opened:
        raise ConfigError(
            reason("register_before_opened", name="planned_on", value=planned, opened=opened)
        )
    out: dict[str, Any] = {
        "planned_on": planned,
        "planned_action": _action("planned_action", inputs["planned_action"]),
        "scenario": inputs.get("scenario") or None,
        "scenario_rank": _int("scenario_rank", inputs["scenario_rank"], 1, 10**6)
        if inputs.get("scenario_rank") not in (None, "")
        else None,
    }
    if inputs.get("rnas_code") not in (None, ""):
        out["rnas_code"] = _int("rnas_code", inputs["rnas_code"], 0, 7)
    return out


def _fix(case: Mapping[str, Any], inputs: Mapping[str, Any], today: dt.date) -> dict[str, Any]:
    fixed = parse_day("fixed_on", inputs["fixed_on"])
    if fixed > today:
        raise ConfigError(reason("register_in_future", name="fixed_on", value=fixed))
    opened = case.get("opened_on")
    if opened is not None and fixed < opened:
        raise ConfigError(
            reason("register_before_opened", name="fixed_on", value=fixed, opened=opened)
        )
    return {
        "fixed_on": fixed,
        "fix_action": _action("fix_action", inputs["fix_action"]),
        "site_id": str(inputs["site_id"]).strip() if inputs.get("site_id") else None,
    }
