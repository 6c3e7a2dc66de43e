"""How `hatang submissions …` prints: the quarter's grid and the filings as tables
(cli.tables), CSV / JSON of their raw values (views.tabular), a filing's report."""

from __future__ import annotations

from typing import Any

import pandas as pd

from hatang import i18n
from hatang.cli.output import console, number_style, print_json, say, write
from hatang.errors import DataError, Problem
from hatang.views import format as fmt
from hatang.views import submissions as views
from hatang.views import tabular


def _text(v: Any) -> str:
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v):
        return ""
    if isinstance(v, bool):
        return "✓" if v else ""
    if isinstance(v, pd.Timestamp):
        return v.strftime("%Y-%m-%d %H:%M")
    return str(v)


#: columns shown only with --wide (the default ones fit 80 columns)
WIDE = {"due", "received", "staged", "accepted", "flagged", "file_name", "filed_by", "rows_read"}


def _table(
    title: str,
    columns: tuple[tuple[str, str], ...],
    rows: list[dict[str, Any]],
    synthetic: bool,
    wide: bool,
) -> None:
    from hatang.cli import tables

    cols = [
        tables.col(f, label, nowrap=i == 0, wide=f in WIDE, right=f in ("problems", "late_days"))
        for i, (f, label) in enumerate(columns)
    ]
    cells = [{f: _text(r.get(f)) for f, _ in columns} for r in rows]
    tables.print_table(tables.Table(cols, cells, title=title, synthetic=synthetic), wide=wide)


def due(period: str, cells: list[Any], form: str, synthetic: bool, wide: bool = False) -> None:
    """The quarter's grid: one row per file owed."""
    frame = views.grid_frame(cells)
    if form != "table":
        write(tabular.data_text(frame, form, synthetic))
        return
    rows = [
        {**r, "status": views.state_label(r["status"], "en"), "late_days": views.late_text(c, "en")}
        for r, c in zip(frame.to_dict("records"), cells, strict=True)
    ]
    _table(f"{i18n.both('sub_title')} — {period}", views.GRID_COLUMNS, rows, synthetic, wide)
    s = views.summary(cells)
    say(
        f"{s['owed']} owed, {s['received']} received, {s['staged']} staged, {s['accepted']} "
        f"accepted, {s['late']} late / phải nộp {s['owed']}, đã nhận {s['received']}, chờ duyệt "
        f"{s['staged']}, đã chấp nhận {s['accepted']}, trễ {s['late']}"
    )


def filings(frame: pd.DataFrame, form: str, synthetic: bool, wide: bool = False) -> None:
    listed = views.list_frame(frame)
    if form != "table":
        write(tabular.data_text(listed, form, synthetic))
        return
    if listed.empty:
        say(i18n.both("sub_none"))
        return
    _table(i18n.both("sub_title"), views.LIST_COLUMNS, listed.to_dict("records"), synthetic, wide)


def _headline(f: dict[str, Any]) -> str:
    r = f["report"]
    state = f"{f['state']} / {views.state_label(f['state'], 'vi')}"
    return (
        f"{f['filing_id']}: {f['filer']} {f['kind']} {f['period']} ({f['file_name']}) — "
        f"{state}; {r.get('rows_read', 0)} rows read, {r.get('rows_valid', 0)} valid, "
        f"{len(r.get('problems', []))} problems"
    )


def filed(f: dict[str, Any], json_out: bool) -> None:
    """The filing just made; a refused one ends as an error listing every problem."""
    if json_out:
        print_json(f)
    else:
        _report(f)
    if f["state"] == "refused":
        problems = [
            Problem(p["file"], p["row"], p["column"], p["value"], p["reason"], p["type"])
            for p in f["report"]["problems"]
        ]
        raise DataError(
            f"{f['filing_id']} refused: fix the file and file it again / "
            "hồ sơ bị từ chối, sửa tệp rồi nộp lại",
            problems,
        )


def decided(f: dict[str, Any]) -> None:
    say(_headline(f) + (f" — {f['reason']}" if f.get("reason") else ""))


def filing(f: dict[str, Any], form: str) -> None:
    from hatang.submissions.report import problem_rows

    if form == "json":
        print_json(f)
    elif form == "csv":
        write(tabular.data_csv(problem_rows(f["report"])))
    else:
        _report(f)
        for e in f["history"]:
            say(
                f"  {_text(pd.Timestamp(e['at']))}  {e['action']:<8} {e['from_state'] or '':>9} → "
                f"{e['to_state']:<9} {e['actor']} ({e['role']}) {e['note'] or ''}"
            )


def _report(f: dict[str, Any]) -> None:
    r = f["report"]
    say(_headline(f), soft_wrap=True)
    if f.get("reason"):
        say(f"  {i18n.both('sub_reason')}: {f['reason']}")
    for p in r.get("problems", [])[:200]:
        console().print(p["text"], markup=False, highlight=False, soft_wrap=True)
    for m in r.get("flags", []):
        say(f"  ! {m['figure']}: {_num(m['before'])} → {_num(m['after'])} — {m['flag']}")
    d = r.get("diff", {})
    if r.get("previous_period"):
        say(
            f"  {i18n.both('sub_diff')} ({r['previous_period']}): +{d.get('rows_added', 0)} "
            f"−{d.get('rows_removed', 0)} ~{d.get('rows_changed', 0)}"
        )
    for m in r.get("moves", []):
        say(f"  {m['figure']}: {_num(m['before'])} → {_num(m['after'])}")


def _num(v: Any) -> str:
    return fmt.whole(v, number_style())
