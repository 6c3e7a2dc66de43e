"""Submissions as every renderer shows them: the grid of a quarter (filers × kinds)
and the list of filings — their columns, labels and raw values, declared once here.
The CLI (submissions_show) and the pages (web/routes/submissions) render these."""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import Any

import pandas as pd

from hatang import i18n
from hatang.submissions.grid import Cell
from hatang.views import format as fmt

#: the grid's columns: (field, catalogue label)
GRID_COLUMNS = (
    ("filer", "sub_filer"),
    ("kind", "sub_kind"),
    ("due", "sub_due"),
    ("status", "sub_status"),
    ("filing_id", "sub_filing"),
    ("received", "sub_received"),
    ("problems", "sub_problems"),
    ("flagged", "sub_flagged"),
    ("staged", "sub_staged"),
    ("accepted", "sub_accepted"),
    ("late_days", "sub_late_days"),
)
#: the list's columns
LIST_COLUMNS = (
    ("filing_id", "sub_filing"),
    ("filer", "sub_filer"),
    ("kind", "sub_kind"),
    ("period", "sub_period"),
    ("state", "sub_state"),
    ("file_name", "sub_file"),
    ("filed_at", "sub_filed_at"),
    ("filed_by", "sub_filed_by"),
    ("rows_read", "sub_rows_read"),
    ("problems", "sub_problems"),
    ("flagged", "sub_flagged"),
    ("reason", "sub_reason"),
)


def state_label(state: str, lang: str) -> str:
    return i18n.t(f"sub_state_{state}", lang)


def grid_frame(cells: list[Cell]) -> pd.DataFrame:
    """The grid's raw values, one row per file owed (CSV / JSON, the page)."""
    columns = [f for f, _ in GRID_COLUMNS] + ["period", "filings", "in_on"]
    return pd.DataFrame([asdict(c) for c in cells], columns=columns)


def list_frame(filings: pd.DataFrame) -> pd.DataFrame:
    columns = [f for f, _ in LIST_COLUMNS] + ["rows_valid", "decided_at", "decided_by"]
    return filings.reindex(columns=columns)


def late_text(cell: Cell, lang: str) -> str:
    """'12' when late, '' when in time; a file still owed after its due date says so."""
    if not cell.late_days:
        return ""
    still = "" if cell.in_on else (" (chưa nộp)" if lang == "vi" else " (still owed)")
    return f"{cell.late_days}{still}"


def summary(cells: list[Cell]) -> dict[str, Any]:
    """How many files are owed, received, staged, accepted and late."""
    return {
        "owed": len(cells),
        "received": sum(c.received for c in cells),
        "staged": sum(c.staged for c in cells),
        "accepted": sum(c.accepted for c in cells),
        "late": sum(1 for c in cells if c.late_days),
        "with_problems": sum(1 for c in cells if c.status == "refused"),
    }


# ---- a filing's page: its kind, figures, moves and flags in words --------------------

#: a flag's English half (hatang.submissions.review) and the catalogue key saying it
_FLAGS = (
    (re.compile(r"^(?P<table>\w+) fall by more than (?P<share>[\d.,]+) ?%"), "sub_flag_drop"),
    (re.compile(r"^moves by more than ±(?P<share>[\d.,]+) ?%"), "sub_flag_change"),
)


def kind_label(kind: str, lang: str) -> str:
    """A kind of data in words ('subscriptions' → 'thuê bao'); the kind when uncatalogued."""
    return i18n.label("sub_kind_", kind, lang)


def event_note(note: str | None, lang: str) -> str:
    """A filing's step note in `lang`: the notes hatang.submissions.filing leaves ('import
    #12', the import that loaded it; 'replaced by F3') in words; a person's note as they
    wrote it."""
    m = re.fullmatch(r"import #(\d+)", note or "")
    if m:
        return i18n.message("sub_note_import", lang, id=m[1])
    m = re.fullmatch(r"replaced by (\S+) / thay bằng \1", note or "")
    if m:  # a newer filing of the same filer, kind and period took its place
        return i18n.message("sub_note_replaced", lang, id=m[1])
    return note or ""


def figure_label(figure: str, lang: str) -> str:
    """A figure a filing moves ('subscriptions mobile', 'cells 4G', 'sites',
    'subscriptions 11111 ftth', 'services rows') in words."""
    table, *rest = figure.split()
    if table == "subscriptions" and rest:
        sub = i18n.t(f"sub_subscription_{rest[-1]}", lang)
        if len(rest) == 1:
            return i18n.message("sub_fig_subscriptions", lang, kind=sub)
        return i18n.message("sub_fig_subscriptions_unit", lang, kind=sub, unit=rest[0])
    if table == "cells" and rest:
        return i18n.message("sub_fig_cells", lang, technology=rest[0])
    if rest == ["rows"]:
        return i18n.message("sub_fig_rows", lang, kind=kind_label(table, lang))
    return kind_label(table, lang)


def flag_text(flag: str, lang: str) -> str:
    """Why a figure is flagged, in `lang` (review writes 'English / Vietnamese')."""
    for pattern, key in _FLAGS:
        m = pattern.match(flag)
        if m:
            share = m["share"].replace(".", ",") if lang == "vi" else m["share"]
            table = kind_label(m.groupdict().get("table") or "", lang)
            return i18n.message(key, lang, table=table, share=share)
    return flag


def move_rows(report: dict[str, Any], lang: str) -> list[dict[str, Any]]:
    """The figures a filing moves, flagged first: figure, before, after, the change in
    per cent (signed, with a minus sign), why it is flagged."""
    style = fmt.web(lang)
    return [
        {
            "figure": figure_label(str(m["figure"]), lang),
            "before": fmt.number(m.get("before"), 0, style),
            "after": fmt.number(m.get("after"), 0, style),
            "share": _share(m.get("share"), style),
            "flag": flag_text(str(m.get("flag") or ""), lang),
        }
        for m in [*report.get("flags", []), *report.get("moves", [])]
    ]


def _share(share: Any, style: fmt.Style) -> str:
    """'+12.5%' / '−12,5 %' (a minus sign); — when there was nothing before."""
    if share is None:
        return style.missing
    return fmt.change(100 * float(share), 1, style) + style.percent_mark


def problem_type(name: str, lang: str) -> str:
    """A problem's type in words ('type-error' → 'sai kiểu dữ liệu')."""
    from hatang.errors import PROBLEM_TYPES

    found = PROBLEM_TYPES.get(name)
    if found is None:
        return name
    return found.en if lang == "en" else found.vi


def one_language(text: str | None, lang: str) -> str:
    """One half of a text hatang writes 'English / Vietnamese' (an importer's reason):
    the half in `lang`; a text of one language as it is."""
    english, sep, vietnamese = (text or "").rpartition(" / ")
    if not sep or not english:
        return text or ""
    return english if lang == "en" else vietnamese


def diff_value(v: Any, lang: str) -> str:
    """A value before or after in the diff: numbers in the page's style, text as it is."""
    if v is None:
        return ""
    if isinstance(v, int | float) and not isinstance(v, bool):
        return fmt.number(v, None, fmt.web(lang))
    return str(v)
