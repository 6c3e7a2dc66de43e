"""Submissions as every renderer shows them: the grid of a quarter (filers × kinds)
and the list of filings — their columns, labels and raw values, declared once here.
The CLI (submissions_show) and the pages (web/routes/submissions) render these."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

import pandas as pd

from hatang import i18n
from hatang.submissions.grid import Cell

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
