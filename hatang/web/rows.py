"""View-models as the templates read them: rows of labelled values written in the web's
style and language (`hatang.views`, `hatang.views.format.web(lang)`)."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pandas as pd

from hatang import i18n
from hatang.views import format as fmt_
from hatang.views import reading, reasons
from hatang.views import scenarios as vs
from hatang.views import scorecard as scorecard_view
from hatang.views.format import unit
from hatang.views.values import Message, Value, missing
from hatang.web.render import value
from hatang.web.views import sparkline


def _mark_title(t: scorecard_view.Target, lang: str) -> str:
    """The marks in words; a partial value's coverage ('1 of 2 communes …') after them."""
    words = [i18n.t(m.label, lang) for m in reading.marks(t)]
    return " · ".join(words + ([reasons.translate(t.partial, lang)] if t.partial else []))


def _break_title(t: scorecard_view.Target, lang: str) -> str:
    return " · ".join(
        fmt_.message(
            Message("series_break_before", {"period": p, "reason": reasons.translate(why, lang)}),
            lang,
        )
        for p, why in t.breaks
    )


def scorecard_rows(sc: pd.DataFrame, lang: str) -> list[dict[str, Any]]:
    """The scorecard's targets (overview, commune pages), each value with its marks
    (estimated, fallback, modelled, re-expressed, partial) and series breaks."""
    base = reading.base_note(sc.attrs.get("population_base"))
    base_text = fmt_.message(base, lang) if base is not None else ""
    return [
        {
            "no": t.no,
            "pillar": t.pillar,
            "indicator": t.indicator,
            "name": t.name(lang),
            "value": value(t.value, lang),
            "unit": unit(t.value.unit or "", lang),
            "target": f"{t.comparator} {value(t.target, lang)}",
            "status": value(t.status, lang),
            "status_class": t.status_class,
            "reason": reasons.translate(t.reason, lang),
            "projection": value(t.projection, lang),
            "period": t.period,
            "deadline": t.deadline,
            "spark": sparkline(t.trend, [p for p, _ in t.breaks], lang=lang, digits=t.value.digits),
            "reliable": t.reliable,
            "synthetic": t.synthetic,
            "marks": reading.symbols(t),
            "marks_title": _mark_title(t, lang),
            "method": t.method,
            "partial": t.partial or "",
            "base": base_text if reading.per_person(t) else "",
            "breaks": _break_title(t, lang),
        }
        for t in scorecard_view.targets(sc)
    ]


def reading_notes(sc: pd.DataFrame | None, lang: str) -> dict[str, Any]:
    """What the notes under a scorecard table say: the legend of the marks shown, the
    population base of its per-inhabitant values, whether a series breaks, and the
    targets whose units' values were obtained in different ways."""
    if sc is None or sc.empty:
        return {"legend": [], "base": "", "breaks": False, "mixed": ""}
    targets = scorecard_view.targets(sc)
    base = reading.base_note(sc.attrs.get("population_base"))
    mixed = reading.mixed(targets)
    return {
        "legend": [(m.symbol, i18n.t(m.label, lang)) for m in reading.legend(targets)],
        "measured": i18n.t("mark_measured", lang),
        "base": fmt_.message(base, lang)
        if base is not None and any(reading.per_person(t) for t in targets)
        else "",
        "breaks": any(t.breaks for t in targets),
        "mixed": i18n.message("methods_mixed", lang, targets=", ".join(map(str, mixed)))
        if mixed
        else "",
    }


# ---- planner scenarios ----------------------------------------------------------------


def problem(sc: dict[str, Any], lang: str) -> str:
    return " · ".join(fmt_.message(m, lang) for m in vs.problem(sc))


def scenario_url(name: str) -> str:
    return "/scenario/" + quote(name, safe="")


def created(s: dict[str, Any]) -> str:
    v = s.get("created_at")
    return "" if missing(v) else str(v)[:16].replace("T", " ")


def status_class(s: dict[str, Any]) -> str:
    return "met" if vs.solved(s) else "atrisk"


def scenario_row(s: dict[str, Any], lang: str) -> dict[str, Any]:
    """One line of the scenario list, every value formatted for reading."""
    totals = vs.totals(s, 0)
    return {
        "name": s["name"],
        "url": scenario_url(str(s["name"])),
        "problem": problem(s, lang),
        "operator": value(vs.operator(s.get("operator")), lang),
        **{k: value(totals[k], lang) for k in ("cost_vnd", "people_new", "villages_new")},
        **{k: value(totals[k], lang) for k in ("dead_spots_closed", "dead_spots")},
        "sharing_after": value(Value(s.get("sharing_after"), "percent"), lang),
        "status": value(vs.status(s), lang),
        "status_class": status_class(s),
        "gap": value(Value(s.get("gap"), "percent", digits=2), lang),
        "created": created(s),
    }


def compared(rows: list[vs.CompareRow], lang: str) -> list[dict[str, Any]]:
    return [
        {
            "field": r.field,
            "label": i18n.t(r.label, lang),
            "cells": [value(v, lang) for v in r.values],
        }
        for r in rows
    ]


def action_row(a: dict[str, Any], lang: str) -> dict[str, Any]:
    view = vs.action(a)
    lon, lat = view.pop("lon"), view.pop("lat")
    where = (
        "—"
        if missing(lon.value) or missing(lat.value)
        else f"{value(lon, lang)}, {value(lat, lang)}"
    )
    return {
        **{k: value(v, lang) for k, v in view.items()},
        "rank": a.get("rank"),
        "kind": str(a.get("kind")),
        "commune_code": a.get("commune_code"),
        "commune_name": a.get("commune_name"),
        "lonlat": where,
        "makes_shared": bool(a.get("makes_shared")),
    }


# ---- catalogue ------------------------------------------------------------------------
