"""Why a target has its status, in the report's language: the scorecard's reason
(`status_reason`, in English) written as a sentence from the same facts — the value
and its period, the goal, the deadline, the projection."""

from __future__ import annotations

from hatang.model.periods import period_end
from hatang.report.write import Writer
from hatang.views.scorecard import Target
from hatang.views.values import missing

#: status → the sentence that explains it (the others keep the scorecard's words)
SENTENCES = {
    "met": "rp_reason_met",
    "met within margin": "rp_reason_margin",
    "on track": "rp_reason_on_track",
    "at risk": "rp_reason_at_risk",
    "off track": "rp_reason_off_track",
    "missed": "rp_reason_missed",
}


def past_deadline(t: Target) -> bool:
    return bool(t.period) and period_end(t.period) >= period_end(t.deadline)


def reason(w: Writer, t: Target) -> str:
    status = str(t.status.value)
    key = SENTENCES.get(status)
    if status == "off track" and past_deadline(t):
        key = "rp_reason_missed"
    if key is None or missing(t.value.value):
        return t.reason + ("." if t.reason and not t.reason.endswith(".") else "")
    return w.m(
        key,
        value=w.measure(t.value),
        period=w.quarter(t.period),
        goal=w.goal(t.comparator, t.target),
        deadline=w.quarter(t.deadline),
        projection=w.measure(t.projection),
    )
