"""How `hatang register …` prints: tables of labelled values (hatang.views.register) in
the terminal's style, CSV / JSON / GeoJSON of the public fields, one line per step."""

from __future__ import annotations

import io
import sys
from typing import Any

import pandas as pd

from hatang import i18n
from hatang.cli.output import SYNTHETIC, console, lang, number_style, print_json, say
from hatang.views import format as fmt
from hatang.views import register as views


def _say(text: str) -> None:
    say(text, soft_wrap=True)


def _synthetic() -> None:
    console().print(f"[yellow]{SYNTHETIC}[/yellow]")


def _table(title: str, labels: list[str], rows: list[dict[str, Any]]) -> None:
    """A table whose first column (an id, a time) is never wrapped (`cli.tables`: one
    record per row where the columns do not fit the terminal)."""
    from hatang.cli import tables

    fields = [f"c{i}" for i in range(len(labels))]
    columns = [
        tables.Column(f, h, nowrap=i == 0)
        for i, (f, h) in enumerate(zip(fields, labels, strict=True))
    ]
    cells = [
        dict(zip(fields, [fmt.text(v, lang(), number_style()) for v in row.values()], strict=True))
        for row in rows
    ]
    tables.print_table(tables.Table(columns, cells, title=title))


def cases(frame: pd.DataFrame, form: str, limit: int) -> None:
    """The cases listed: a table, or the public fields as CSV, JSON or GeoJSON."""
    public = views.public_frame(frame)
    if form == "csv":
        buf = io.StringIO()
        public.drop(columns=["geometry"], errors="ignore").to_csv(buf, index=False)
        sys.stdout.write(buf.getvalue())
    elif form == "json":
        print_json(_records(public))
    elif form == "geojson":
        from hatang.publish.geojson import dumps, feature_collection

        synthetic = bool(frame["synthetic"].fillna(False).any()) if len(frame) else False
        doc = feature_collection(
            public,
            name="dead-spot-register",
            geometry=frame["geometry"].tolist(),
            id_column="case_id",
            members={"synthetic": synthetic},
        )
        sys.stdout.write(dumps(doc).decode("utf-8") + "\n")
    else:
        _cases_table(frame, limit)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    from hatang.publish.geojson import plain

    return [{k: plain(v) for k, v in r.items()} for r in frame.to_dict("records")]


def _cases_table(frame: pd.DataFrame, limit: int) -> None:
    if frame.empty:
        _say(i18n.both("reg_empty"))
        return
    if bool(frame["synthetic"].fillna(False).any()):
        _synthetic()
    labels = [i18n.t(c.label, lang()) for c in views.LIST_COLUMNS]
    _table(
        f"{i18n.both('reg_title')} — {len(frame)} {i18n.both('reg_cases_total')}",
        labels,
        views.list_rows(frame, limit),
    )
    if 0 < limit < len(frame):
        _say(
            i18n.message("reg_more_cases", lang(), n=fmt.whole(len(frame) - limit, number_style()))
        )


def case_file(found: Any, json_out: bool) -> None:
    from hatang.register.machine import next_steps

    case = found.case
    if json_out:
        out = {k: v for k, v in _records(pd.DataFrame([case]))[0].items() if k != "geometry"}
        out["history"] = _records(found.events)
        print_json(out)
        return
    if case.get("synthetic"):
        _synthetic()
    for v in views.facts(case, private=True):
        _say(f"{i18n.both(v.label)}: {fmt.text(v, lang(), number_style())}")
    steps = [i18n.t(f"reg_step_{s}", lang()) for s in next_steps(str(case["state"]))]
    _say(f"{i18n.both('reg_next_steps')}: {', '.join(steps) or '—'}")
    history(found.events, False)


def history(events: pd.DataFrame, json_out: bool) -> None:
    if json_out:
        print_json(_records(events))
        return
    rows = views.timeline(events, private=True)
    labels = [i18n.t(v.label, lang()) for v in rows[0].values()] if rows else []
    case = str(events["case_id"].iloc[0]) if len(events) else ""
    _table(f"{case} — {i18n.both('reg_history')}", labels, rows)


def step_done(event: dict[str, Any]) -> None:
    """'C00001: assign → assigned (event 3, …)': the step and the state in words, in the
    CLI's language."""
    step = i18n.t(f"reg_step_{event['action']}", lang())
    state = i18n.t(f"reg_state_{event['to_state']}", lang())
    _say(f"{event['case_id']}: {step} → {state} (event {event['seq']}, {event['actor']})")


def opened(case_id: str) -> None:
    _say(f"{case_id}: opened → reported / đã mở hồ sơ")


def synced(r: Any) -> None:
    params = {
        "run": r.run_id or "—",
        "reported": len(r.opened_reported),
        "modelled": len(r.opened_modelled),
        "updated": len(r.updated),
    }
    _say(i18n.message("reg_sync_done", "en", **params))
    _say(i18n.message("reg_sync_done", "vi", **params))


def verified(case_id: str, passed: bool, why: str) -> None:
    """'C00003: stays fixed — 0 test(s) after …' in the CLI's language: each verdict
    (written 'English / Vietnamese', joined by ' · ') in its half of that language."""
    from hatang.views.submissions import one_language

    key = "reg_verified_ok" if passed else "reg_verified_no"
    said = " · ".join(one_language(part, lang()) for part in why.split(" · "))
    _say(i18n.message(key, lang(), case=case_id, why=said))


def stats(counts: pd.Series, board: pd.DataFrame, flagged: pd.DataFrame, json_out: bool) -> None:
    if json_out:
        out = {
            "states": {k: int(v) for k, v in counts.items()},
            "open": int(flagged["open"].sum()) if len(flagged) else 0,
            "overdue": int(flagged["overdue"].notna().sum()) if len(flagged) else 0,
            "scoreboard": _records(board),
        }
        print_json(out)
        return
    if len(flagged) and bool(flagged["synthetic"].fillna(False).any()):
        _synthetic()
    states = [
        f"{i18n.t(v.label, lang())} {fmt.raw(v, number_style())}"
        for v in views.state_counts(counts)
        if v.value
    ]
    _say(f"{i18n.both('reg_by_state')}: " + (", ".join(states) or "—"))
    overdue = int(flagged["overdue"].notna().sum()) if len(flagged) else 0
    _say(
        f"{i18n.both('reg_open')}: {int(flagged['open'].sum()) if len(flagged) else 0}; {i18n.both('reg_overdue')}: {overdue}"
    )
    if len(board):
        labels = [i18n.t(c.label, lang()) for c in views.SCOREBOARD]
        _table(i18n.both("reg_scoreboard"), labels, views.scoreboard_rows(board))


def rebuilt(n: int) -> None:
    _say(f"rebuilt the register from its history: {n} cases / đã dựng lại sổ từ lịch sử: {n} hồ sơ")


def audit(frame: pd.DataFrame, form: str, synthetic: bool) -> None:
    """The joint audit trail: a table (when, who, role, subject, step, from → to,
    note), or every column as CSV or JSON."""
    from hatang.register.audit import records

    if form == "json":
        print_json(records(frame))
        return
    if form == "csv":
        from hatang.views import tabular

        sys.stdout.write(tabular.data_text(frame, "csv", synthetic))
        return
    keys = (
        "reg_when",
        "reg_who",
        "audit_role",
        "audit_subject",
        "reg_step",
        "reg_from_to",
        "reg_note",
    )
    rows = [
        dict(
            zip(
                keys,
                (
                    str(r["at"])[:19],
                    r["actor"],
                    r["role"],
                    f"{r['subject_kind']} {r['subject_id']}",
                    r["action"],
                    f"{r['from_state'] or '—'} → {r['to_state'] or '—'}",
                    r["note"] or "",
                ),
                strict=True,
            )
        )
        for r in frame.astype(object).where(frame.notna(), None).to_dict("records")
    ]
    if synthetic:
        _synthetic()
    _plain_table(i18n.both("audit_title"), keys, rows)


def _plain_table(title: str, keys: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
    from hatang.cli import tables

    columns = [tables.col(k, k, nowrap=i == 0) for i, k in enumerate(keys)]
    tables.print_table(tables.Table(columns, rows, title=title))
