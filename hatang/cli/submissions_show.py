"""How `hatang submissions …` prints: the quarter's grid and the filings as tables
(cli.tables), CSV / JSON of their raw values (views.tabular), a filing's report."""

from __future__ import annotations

from typing import Any

import pandas as pd

from hatang import i18n
from hatang.cli.output import console, lang, number_style, print_json, say, write
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
        {
            **r,
            "kind": views.kind_label(r["kind"], lang()),
            "status": views.state_label(r["status"], lang()),
            "late_days": views.late_text(c, lang()),
        }
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
    rows = [_in_words(r) for r in listed.to_dict("records")]
    _table(i18n.both("sub_title"), views.LIST_COLUMNS, rows, synthetic, wide)


def _in_words(r: dict[str, Any]) -> dict[str, Any]:
    """A filing's row with its kind, state and reason in the CLI's language."""
    return {
        **r,
        "kind": views.kind_label(str(r["kind"]), lang()),
        "state": views.state_label(str(r["state"]), lang()),
        "reason": views.one_language(r["reason"], lang()) if isinstance(r["reason"], str) else "",
    }


def _headline(f: dict[str, Any]) -> str:
    """'F1: viettel BTS sites 2025Q3 (file.csv) — accepted; 819 rows read, …' in the
    CLI's language."""
    r = f["report"]
    return i18n.message(
        "sub_headline",
        lang(),
        filing=f["filing_id"],
        filer=f["filer"],
        kind=views.kind_label(f["kind"], lang()),
        period=f["period"],
        file=f["file_name"],
        state=views.state_label(f["state"], lang()),
        read=_num(r.get("rows_read", 0)),
        valid=_num(r.get("rows_valid", 0)),
        problems=_num(len(r.get("problems", []))),
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
    reason = views.one_language(f.get("reason"), lang())
    say(_headline(f) + (f" — {reason}" if reason else ""))


def filing(f: dict[str, Any], form: str) -> None:
    from hatang.submissions.report import problem_rows

    if form == "json":
        print_json(f)
    elif form == "csv":
        write(tabular.data_csv(problem_rows(f["report"])))
    else:
        _report(f)
        _history(f["history"])


def _role(role: str) -> str:
    return i18n.label("role_", role, lang())


def _history(events: list[dict[str, Any]]) -> None:
    """The filing's steps as a table: when, the step, from → to, who (role), the note —
    in the CLI's language."""
    from hatang.cli import tables

    def state(s: str | None) -> str:
        return views.state_label(s, lang()) if s else "—"

    keys = ("reg_when", "reg_step", "reg_from_to", "reg_who", "reg_note")
    rows = [
        dict(
            zip(
                keys,
                (
                    _text(pd.Timestamp(e["at"])),
                    i18n.t(f"sub_action_{e['action']}", lang()),
                    f"{state(e['from_state'])} → {state(e['to_state'])}",
                    f"{e['actor']} ({_role(e['role'])})",
                    views.one_language(e["note"], lang()),
                ),
                strict=True,
            )
        )
        for e in events
    ]
    columns = [tables.col(k, k, nowrap=i == 0) for i, k in enumerate(keys)]
    tables.print_table(tables.Table(columns, rows, title=i18n.both("sub_history")))


def _report(f: dict[str, Any]) -> None:
    r = f["report"]
    say(_headline(f), soft_wrap=True)
    if f.get("reason"):
        say(f"  {i18n.both('sub_reason')}: {views.one_language(f['reason'], lang())}")
    for p in r.get("problems", [])[:200]:
        console().print(_problem(p), markup=False, highlight=False, soft_wrap=True)
    for m in r.get("flags", []):
        figure, flag = views.figure_label(m["figure"], lang()), views.flag_text(m["flag"], lang())
        say(f"  ! {figure}: {_num(m['before'])} → {_num(m['after'])} — {flag}")
    d = r.get("diff", {})
    if r.get("previous_period"):
        say(
            f"  {i18n.both('sub_diff')} ({r['previous_period']}): +{d.get('rows_added', 0)} "
            f"−{d.get('rows_removed', 0)} ~{d.get('rows_changed', 0)}"
        )
    for m in r.get("moves", []):
        say(
            f"  {views.figure_label(m['figure'], lang())}: {_num(m['before'])} → {_num(m['after'])}"
        )


def _problem(p: dict[str, Any]) -> str:
    """A problem's line; in Vietnamese its reason in Vietnamese (hatang.io.reasons), and
    a reason that is none of the importers' in English only is followed by its type's
    Vietnamese ('— binary data … / tệp hỏng hoặc sai định dạng')."""
    from hatang.io import reasons

    text, said = str(p["text"]), str(p.get("reason") or "")
    if lang() == "en":
        return text
    if said and text.endswith(said) and reasons.recognise(said) is not None:
        return text[: len(text) - len(said)] + reasons.text(said, "vi")
    if " / " in said:
        return text
    return f"{text} / {views.problem_type(str(p.get('type')), 'vi')}"


def _num(v: Any) -> str:
    return fmt.whole(v, number_style())
