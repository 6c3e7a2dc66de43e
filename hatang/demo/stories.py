"""What happens to each demo case in the register, pure: one storyline per case (its
steps, who takes them, when), legal by construction and merged in time order by
hatang.demo.register. Synthetic, deterministic from the seed.

The register opens on 1 October 2025, after the last report of the operators' list,
and the demo stops on 31 December 2025, the end of its last quarter. Of the reports
the office confirms most within four weeks and rejects the indoor-only ones; confirmed cases are assigned
to their operator (to one drawn by subscriber share when the report names none) with
60 days to respond. Operators accept most, dispute some (the office upholds about half
of the disputes and overturns a third), and leave the rest unanswered — late when the
60 days have run out. VNPT answers through a responses file; the others one by one.
Accepted fixes whose planned date has come are reported fixed (no test verifies them
yet); the reports the demo's network really fixed with a new site are fixed on their
resolution date and verified by a drive-test campaign (hatang.demo.register).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from hatang.demo import calibration as cal

START = dt.datetime(2025, 10, 1, 8, 0)
AS_OF = dt.date(2025, 12, 31)
END = dt.datetime(2025, 12, 31, 16, 0)
#: the responses file's day (VNPT answers in one batch) and the challenge file's
VNPT_FILE_AT = dt.datetime(2025, 12, 1, 10, 0)
CHALLENGE_AT = dt.datetime(2025, 11, 5, 10, 0)
#: steps planned from here on are left out: verification, closing and the sync with the
#: coverage run (hatang.demo.register.finish_register) take the last days
QUIET_FROM = dt.datetime(2025, 12, 28, 0, 0)
ACTIONS = ("new-site", "sharing", "sector", "power", "other")
ACTION_P = (0.35, 0.35, 0.15, 0.1, 0.05)
DISPUTES = ("site-on-air", "fix-planned", "measurement-error", "covered-by-sharing")


@dataclass(frozen=True)
class Step:
    at: dt.datetime
    case_id: str
    action: str
    actor: str  # "office" or an operator code
    inputs: dict[str, Any]


@dataclass
class Stories:
    steps: list[Step] = field(default_factory=list)
    #: rows of VNPT's responses file (dated VNPT_FILE_AT)
    vnpt_rows: list[dict[str, Any]] = field(default_factory=list)


def _at(day: dt.datetime | dt.date, rng: np.random.Generator) -> dt.datetime:
    base = day if isinstance(day, dt.datetime) else dt.datetime.combine(day, dt.time(8))
    return base.replace(hour=int(rng.integers(8, 17)), minute=int(rng.integers(0, 60)))


def _later(t: dt.datetime, lo: int, hi: int, rng: np.random.Generator) -> dt.datetime:
    """A working-hours time lo–hi days after `t`, always after it."""
    later = _at(t + dt.timedelta(days=int(rng.integers(lo, hi + 1))), rng)
    return later if later > t else t + dt.timedelta(minutes=int(rng.integers(20, 120)))


def _operator(case: pd.Series, rng: np.random.Generator) -> str:
    given = case.get("operators")
    ops = [] if given is None or pd.isna(given) else [o for o in str(given).split(";") if o]
    if ops:
        return ops[0]
    share = cal.OPERATOR_SUBS_SHARE
    return str(rng.choice(list(share), p=list(share.values())))


def storylines(
    cases: pd.DataFrame,
    resolved: dict[str, tuple[dt.date, str | None, str | None]],
    rng: np.random.Generator,
) -> Stories:
    """The storyline of every case opened on START. resolved: source_ref → (resolution
    date, the new site, its operator) of the reports the network fixed."""
    out = Stories()
    for _, case in cases.iterrows():
        ref = str(case["source_ref"])
        if ref in resolved:
            _resolved(out, case, *resolved[ref], rng)
        elif str(case.get("description") or "").startswith("Sóng yếu trong nhà"):
            _indoor(out, case, rng)
        elif rng.random() >= 0.04:  # the rest await triage
            _reported(out, case, rng)
    return out


def _evidence(text: str) -> list[dict[str, str]]:
    return [{"kind": "ref", "ref": text}]


def _confirm(out: Stories, cid: str, t: dt.datetime, ref: str) -> None:
    out.steps.append(Step(t, cid, "confirm", "office", {"evidence": _evidence(ref)}))


def _resolved(
    out: Stories,
    case: pd.Series,
    fixed_on: dt.date,
    site: str | None,
    builder: str | None,
    rng: np.random.Generator,
) -> None:
    """Assigned to the operator who put the new site up, fixed on the resolution date."""
    cid, op = str(case["case_id"]), builder or _operator(case, rng)
    t = _later(START, 1, 3, rng)
    _confirm(out, cid, t, "danh sách điểm lõm sóng của nhà mạng / the operator's list")
    t = _later(t, 1, 3, rng)
    out.steps.append(Step(t, cid, "assign", "office", {"operator": op}))
    fix = {
        "fixed_on": fixed_on,
        "fix_action": "new-site",
        "site_id": site,
        "note": "trạm mới đã phát sóng / new site on air",
    }
    out.steps.append(Step(_later(t, 4, 20, rng), cid, "fix", op, fix))


def _indoor(out: Stories, case: pd.Series, rng: np.random.Generator) -> None:
    cid = str(case["case_id"])
    t = _later(START, 3, 25, rng)
    note = "chỉ mất sóng trong nhà; ngoài trời đo được -105 dBm / indoor only"
    out.steps.append(Step(t, cid, "reject", "office", {"reason": "indoor-only", "note": note}))
    out.steps.append(Step(_later(t, 1, 10, rng), cid, "close", "office", {}))


def _reported(out: Stories, case: pd.Series, rng: np.random.Generator) -> None:
    cid, op = str(case["case_id"]), _operator(case, rng)
    t = _later(START, 1, 25, rng)
    ref = "khớp vùng lõm sóng của mô hình và danh sách nhà mạng / matches the operator's list"
    _confirm(out, cid, t, ref)
    t = _later(t, 0, 20, rng)
    if t.date() > AS_OF - dt.timedelta(days=5):
        return
    out.steps.append(Step(t, cid, "assign", "office", {"operator": op}))
    if op == "vnpt":
        if t < VNPT_FILE_AT - dt.timedelta(days=5) and rng.random() < 0.75:
            _vnpt_answer(out, case, rng)
        return
    if rng.random() < 0.3:
        return  # no answer: overdue once the 60 days have run out
    answered = _later(t, 3, 80, rng)
    if answered.date() <= AS_OF:
        _answer(out, cid, op, answered, rng)


def _plan(t: dt.datetime, rng: np.random.Generator) -> dict[str, Any]:
    action = str(rng.choice(ACTIONS, p=ACTION_P))
    planned = (t + dt.timedelta(days=int(rng.integers(20, 240)))).date()
    plan: dict[str, Any] = {"planned_on": planned, "planned_action": action}
    if action == "sharing":
        plan["rnas_code"] = int(rng.integers(1, 8))
    return plan


def _answer(out: Stories, cid: str, op: str, t: dt.datetime, rng: np.random.Generator) -> None:
    if rng.random() < 0.8:
        plan = _plan(t, rng)
        out.steps.append(Step(t, cid, "accept", op, plan))
        _maybe_fix(out, cid, op, plan, t, rng)
        return
    reason = str(rng.choice(DISPUTES))
    site = f"NDH-{int(rng.integers(100, 2000)):04d}"
    ev = _evidence(f"trạm {site} / site {site}; đo kiểm của nhà mạng / operator's tests")
    out.steps.append(Step(t, cid, "dispute", op, {"reason": reason, "evidence": ev}))
    _decide(out, cid, op, _later(t, 5, 20, rng), rng)


def _decide(out: Stories, cid: str, op: str, t: dt.datetime, rng: np.random.Generator) -> None:
    u = rng.random()
    if t.date() > AS_OF or u >= 0.8:
        return  # still to decide
    if u < 0.5:
        note = "đo kiểm của Sở vẫn không có sóng / the office's tests still find no signal"
        out.steps.append(Step(t, cid, "uphold", "office", {"note": note}))
        later = _later(t, 3, 20, rng)
        if later.date() <= AS_OF and rng.random() < 0.7:
            out.steps.append(Step(later, cid, "accept", op, _plan(later, rng)))
        return
    note = "trạm của nhà mạng phủ được khu vực / the operator's site covers the area"
    out.steps.append(Step(t, cid, "overturn", "office", {"note": note}))
    close = _later(t, 1, 7, rng)
    if close.date() <= AS_OF:
        out.steps.append(Step(close, cid, "close", "office", {}))
        again = _later(close, 5, 20, rng)
        if again.date() <= AS_OF and rng.random() < 0.3:  # new evidence shows it again
            ev = _evidence(
                "phản ánh của người dân, đo kiểm 12/2025 / a citizen's report and a test"
            )
            out.steps.append(Step(again, cid, "reopen", "office", {"evidence": ev}))


def _maybe_fix(
    out: Stories, cid: str, op: str, plan: dict[str, Any], t: dt.datetime, rng: np.random.Generator
) -> None:
    day = max(
        plan["planned_on"] - dt.timedelta(days=int(rng.integers(0, 15))),
        t.date() + dt.timedelta(days=1),
    )
    if day > AS_OF - dt.timedelta(days=2) or rng.random() >= 0.6:
        return
    fix = {"fixed_on": day, "fix_action": plan["planned_action"]}
    out.steps.append(Step(_at(day, rng), cid, "fix", op, fix))


def _vnpt_answer(out: Stories, case: pd.Series, rng: np.random.Generator) -> None:
    cid = str(case["case_id"])
    if rng.random() < 0.8:
        plan = _plan(VNPT_FILE_AT, rng)
        row = {"case_id": cid, "response": "accept", "operator": "VNPT", **plan}
        out.vnpt_rows.append(row)
        _maybe_fix(out, cid, "vnpt", plan, VNPT_FILE_AT, rng)
        return
    out.vnpt_rows.append(
        {
            "case_id": cid,
            "response": "dispute",
            "operator": "VNPT",
            "reason_code": str(rng.choice(DISPUTES)),
            "evidence": f"site VNP-{int(rng.integers(100, 999))} on air; VNPT drive test 11/2025",
        }
    )
    _decide(out, cid, "vnpt", _later(VNPT_FILE_AT, 5, 20, rng), rng)
