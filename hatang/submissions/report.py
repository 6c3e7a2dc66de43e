"""A filing's validation report: what the filer needs to fix its file (pure).

The report is JSON stored with the filing (`filings.report`) and answered by the API:
the counts, every problem (`FILE:ROW:COLUMN: VALUE — reason` with its type), the notes,
the figures the filing moves and those flagged for review, and the diff against the
previous quarter. `problem_rows` gives its problems as a table with Vietnamese headers
for the CSV and XLSX downloads (hatang.publish.tabular writes them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

import pandas as pd

from hatang.errors import PROBLEM_TYPES, Problem, count_types
from hatang.submissions.review import Change, Move

#: the download's columns: (key in a problem's JSON, Vietnamese header)
PROBLEM_COLUMNS = (
    ("file", "Tệp"),
    ("row", "Dòng"),
    ("column", "Cột"),
    ("value", "Giá trị"),
    ("reason", "Lý do"),
    ("type", "Loại lỗi"),
    ("type_vi", "Mô tả loại lỗi"),
    ("text", "Lỗi (TỆP:DÒNG:CỘT: GIÁ TRỊ — lý do)"),
    ("reason_vi", "Lý do (tiếng Việt)"),
)
#: the diff's columns in a download
CHANGE_COLUMNS = (
    ("change", "Thay đổi"),
    ("key", "Khoá"),
    ("column", "Cột"),
    ("old", "Giá trị cũ"),
    ("new", "Giá trị mới"),
)


def build(
    *,
    file: str,
    rows_read: int,
    rows_valid: int,
    problems: Sequence[Problem],
    notes: Sequence[str] = (),
    previous_period: str | None = None,
    moves: Sequence[Move] = (),
    flags: Sequence[Move] = (),
    changes: Sequence[Change] = (),
) -> dict[str, Any]:
    """The report as stored and answered (JSON-ready)."""
    counted = {c: sum(1 for x in changes if x.change == c) for c in ("added", "removed")}
    changed = len({x.key for x in changes if x.change == "changed"})
    return {
        "file": file,
        "rows_read": rows_read,
        "rows_valid": rows_valid,
        "rows_with_problems": len({p.row for p in problems if p.row is not None}),
        "problems": [p.as_dict() for p in problems],
        "problem_types": count_types(list(problems)),
        "notes": list(notes),
        "previous_period": previous_period,
        "moves": [_move(m) for m in moves],
        "flags": [_move(m) for m in flags],
        "diff": {
            "rows_added": counted["added"],
            "rows_removed": counted["removed"],
            "rows_changed": changed,
            "changes": [asdict(c) for c in changes],
        },
    }


def _move(m: Move) -> dict[str, Any]:
    return {
        "figure": m.figure,
        "before": m.before,
        "after": m.after,
        "share": m.share,
        "flag": m.flag,
    }


def problem_rows(report: dict[str, Any]) -> pd.DataFrame:
    """The report's problems with Vietnamese headers, one row each: the reason as stored
    (English) and in Vietnamese (hatang.io.reasons)."""
    from hatang.io.reasons import text

    rows = [
        {
            **p,
            "type_vi": PROBLEM_TYPES[p["type"]].vi if p["type"] in PROBLEM_TYPES else "",
            "reason_vi": text(str(p.get("reason") or ""), "vi"),
        }
        for p in report.get("problems", [])
    ]
    return pd.DataFrame(
        [[r.get(k) for k, _ in PROBLEM_COLUMNS] for r in rows],
        columns=[h for _, h in PROBLEM_COLUMNS],
    )


def change_rows(report: dict[str, Any]) -> pd.DataFrame:
    changes = report.get("diff", {}).get("changes", [])
    return pd.DataFrame(
        [[c.get(k) for k, _ in CHANGE_COLUMNS] for c in changes],
        columns=[h for _, h in CHANGE_COLUMNS],
    )
