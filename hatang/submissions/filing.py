"""File, accept and reject: a filing's road from the filer's file to the figures.

`file_submission` archives the file under its hash and validates it at once with the
normal importer without writing a figure (`import_file(check_only=True)`): a file
with problems is refused with its report, one without is staged. A refiling of the
same filer, kind and quarter replaces the earlier filings not yet accepted (an
accepted one stays in the figures until its refiling is accepted). `accept` imports a
staged filing atomically (the operator's rows of that quarter become the file's) and
recomputes the indicators; `reject` records the reason the filer sees. Every step is
an event of `filing_events`; nothing is overwritten.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pandas as pd

from hatang.errors import ConfigError, DataError, Forbidden, NotFound, Problem
from hatang.io.scope import SCOPE_COLUMNS, code_of
from hatang.model.periods import map_for_period
from hatang.register.machine import STAFF, Actor
from hatang.store import submissions as store
from hatang.store.workspace import Workspace
from hatang.submissions import calendar, review
from hatang.submissions import report as reports
from hatang.submissions.calendar import Filer
from hatang.submissions.queries import filers_of, show

STATES = ("staged", "refused", "accepted", "rejected", "replaced")


def filer_for(filers: tuple[Filer, ...], actor: Actor, kind: str, given: str | None) -> Filer:
    """Who files: an operator token files for its operator only, and only the kinds its
    operator owes; the office (admin, analyst) files for any filer."""
    if actor.role == "operator":
        if given and given != actor.operator:
            raise Forbidden(
                f"a {actor.operator} token cannot file for {given} / không được nộp thay"
            )
        given = actor.operator
    elif actor.role not in STAFF:
        raise Forbidden(f"a {actor.role} cannot file / không có quyền nộp")
    if not given:
        owing = [f for f in filers if kind in f.kinds]
        if len(owing) != 1:
            names = ", ".join(f.id for f in owing) or "nobody"
            raise ConfigError(f"--filer: say who files {kind} (owed by {names}) / cần --filer")
        return owing[0]
    filer = calendar.filer(filers, given)
    if kind not in filer.kinds:
        raise Forbidden(
            f"{filer.id} does not file {kind} (it files {', '.join(filer.kinds)}) / "
            "không thuộc danh mục phải nộp"
        )
    return filer


def _now(now: dt.datetime | None) -> dt.datetime:
    return (now or dt.datetime.now(dt.UTC)).replace(tzinfo=None, microsecond=0)


def _event(
    seq: int,
    fid: str,
    at: dt.datetime,
    actor: Actor,
    channel: str,
    action: str,
    before: str | None,
    after: str,
    note: str | None,
    synthetic: bool,
) -> dict[str, Any]:
    return dict(
        seq=seq,
        filing_id=fid,
        at=at,
        actor=actor.name,
        role=actor.role,
        channel=channel,
        action=action,
        from_state=before,
        to_state=after,
        note=note,
        synthetic=synthetic,
    )


def file_submission(
    ws: Workspace,
    actor: Actor,
    kind: str,
    period: str,
    path: Path,
    *,
    filer: str | None = None,
    file_name: str | None = None,
    channel: str = "cli",
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """File `path` as `kind` for `period`; returns the filing (its report as a dict)."""
    from hatang.io.registry import get_importer

    importer = get_importer(kind)
    period = calendar.quarter(period)
    who = filer_for(filers_of(ws), actor, kind, filer)
    name = file_name or Path(path).name
    sha256, _raw = ws.archive(Path(path))
    options: dict[str, Any] = {"file_name": name}
    if who.type == "operator":
        options["operator"] = who.id
    checked = _validate(ws, kind, Path(path), period, options, name)
    table = importer.tables[0]
    report = _review(ws, table, who, period, checked, name)
    state = "refused" if report["problems"] else "staged"
    at = _now(now)
    with ws.connect() as con:
        number, seq = store.next_numbers(con)
        fid = f"F{number}"
        row = dict(
            filing_id=fid,
            filer=who.id,
            kind=kind,
            period=period,
            file_name=name,
            sha256=sha256,
            filed_at=at,
            filed_by=actor.name,
            state=state,
            rows_read=report["rows_read"],
            rows_valid=report["rows_valid"],
            problems=len(report["problems"]),
            flagged=bool(report["flags"]),
            report=json.dumps(report, ensure_ascii=False, default=str),
            synthetic=ws.synthetic,
        )
        events = [_event(seq, fid, at, actor, channel, "file", None, state, None, ws.synthetic)]
        replaced = []
        for old in store.open_filings(con, who.id, kind, period):
            if old["state"] == "accepted":
                continue
            seq += 1
            note = f"replaced by {fid} / thay bằng {fid}"
            events.append(
                _event(
                    seq,
                    old["filing_id"],
                    at,
                    actor,
                    channel,
                    "replace",
                    old["state"],
                    "replaced",
                    note,
                    ws.synthetic,
                )
            )
            replaced.append(
                {
                    **old,
                    "report": _report_text(con, old["filing_id"]),
                    "state": "replaced",
                    "replaced_by": fid,
                }
            )
        store.record(con, [*replaced, row], events)
    if state == "staged" and ws.settings.submissions.auto_accept and not report["flags"]:
        return accept(
            ws,
            Actor("auto-accept ([submissions] auto_accept)", "admin"),
            fid,
            channel=channel,
            now=now,
        )
    return show(ws, fid)


def _report_text(con: Any, fid: str) -> str:
    found = store.read_filing(con, fid)
    return str(found["report"]) if found else "{}"


class _Checked:
    """What validation found: rows read and valid, problems, notes, the rows it brings."""

    def __init__(
        self, rows_read: int, problems: list[Problem], notes: list[str], rows: pd.DataFrame | None
    ):
        self.rows_read, self.problems, self.notes, self.rows = rows_read, problems, notes, rows

    @property
    def rows_valid(self) -> int:
        return 0 if self.rows is None else len(self.rows)


def _validate(
    ws: Workspace, kind: str, path: Path, period: str, options: dict[str, Any], name: str
) -> _Checked:
    from hatang.io import import_file

    try:
        r = import_file(
            ws, kind, path, period=period, synthetic=ws.synthetic, options=options, check_only=True
        )
    except DataError as e:  # refused as a whole: its problems are the report
        problems = e.problems or [Problem(name, None, None, None, str(e), "format")]
        return _Checked(0, problems, [], None)
    except ConfigError as e:
        return _Checked(0, [Problem(name, None, None, None, str(e), "format")], [], None)
    frames = list(r.rows.values())
    return _Checked(r.rows_read, list(r.problems), list(r.notes), frames[0] if frames else None)


def _scoped(frame: pd.DataFrame, table: str, filer: Filer) -> pd.DataFrame:
    column = SCOPE_COLUMNS.get(table)
    if filer.type != "operator" or column is None or frame.empty:
        return frame
    return frame[frame[column].map(code_of) == filer.id]


def _review(
    ws: Workspace, table: str, filer: Filer, period: str, checked: _Checked, name: str
) -> dict[str, Any]:
    from hatang.model.schema import TABLES

    s = ws.settings.submissions
    new = checked.rows
    previous_period = calendar.previous_quarter(period)
    moves: list[review.Move] = []
    flags: list[review.Move] = []
    changes: list[review.Change] = []
    if new is not None and TABLES[table].temporal:
        with ws.connect(read_only=True) as con:
            before = _scoped(store.period_rows(con, table, previous_period), table, filer)
        moves = review.moves(table, before, new, s.review_sites_drop)
        same_map = map_for_period(previous_period) == map_for_period(period)
        change, drop = s.review_subscriptions_change, s.review_sites_drop
        flags = review.flags(table, before, new, change, drop, same_map)
        changes = review.diff(table, before, new)
    return reports.build(
        file=name,
        rows_read=checked.rows_read,
        rows_valid=checked.rows_valid,
        problems=checked.problems,
        notes=checked.notes,
        previous_period=previous_period,
        moves=moves,
        flags=flags,
        changes=changes,
    )


def _decided(ws: Workspace, actor: Actor, fid: str) -> dict[str, Any]:
    if actor.role not in STAFF:
        raise Forbidden(
            "only the office (analyst, admin) accepts or rejects a filing / "
            "chỉ cán bộ Sở duyệt hồ sơ"
        )
    with ws.connect(read_only=True) as con:
        found = store.read_filing(con, fid)
    if found is None:
        raise NotFound(f"no filing {fid} (see `hatang submissions list`) / không có hồ sơ {fid}")
    if found["state"] != "staged":
        raise ConfigError(
            f"{fid} is {found['state']}: only a staged filing can be decided / "
            "chỉ duyệt hồ sơ đang chờ"
        )
    return found


def raw_path(ws: Workspace, sha256: str) -> Path:
    found = sorted(ws.raw_dir.glob(f"{sha256}*"))
    if not found:
        raise NotFound(f"the filed file raw/{sha256} is missing from the workspace")
    return found[0]


def accept(
    ws: Workspace,
    actor: Actor,
    fid: str,
    *,
    channel: str = "cli",
    now: dt.datetime | None = None,
    recompute: bool = True,
) -> dict[str, Any]:
    """Import a staged filing (all or nothing), recompute the indicators, record it."""
    from hatang.io import import_file

    found = _decided(ws, actor, fid)
    filer = calendar.filer(filers_of(ws), found["filer"])
    options: dict[str, Any] = {"file_name": found["file_name"]}
    if filer.type == "operator":
        options["operator"] = filer.id
    imported = import_file(
        ws,
        found["kind"],
        raw_path(ws, found["sha256"]),
        period=found["period"],
        synthetic=ws.synthetic,
        options=options,
    )
    import_id = imported.import_id or imported.previous_import_id
    if recompute:
        from hatang.indicators import compute_workspace

        compute_workspace(ws)
    at = _now(now)
    with ws.connect() as con:
        _, seq = store.next_numbers(con)
        row = {
            **found,
            "state": "accepted",
            "import_id": import_id,
            "decided_at": at,
            "decided_by": actor.name,
        }
        events = [
            _event(
                seq,
                fid,
                at,
                actor,
                channel,
                "accept",
                "staged",
                "accepted",
                f"import #{import_id}",
                ws.synthetic,
            )
        ]
        changed = [row]
        for old in store.open_filings(con, found["filer"], found["kind"], found["period"]):
            if old["state"] == "accepted" and old["filing_id"] != fid:
                seq += 1
                events.append(
                    _event(
                        seq,
                        old["filing_id"],
                        at,
                        actor,
                        channel,
                        "replace",
                        "accepted",
                        "replaced",
                        f"replaced by {fid} / thay bằng {fid}",
                        ws.synthetic,
                    )
                )
                changed.append(
                    {
                        **old,
                        "report": _report_text(con, old["filing_id"]),
                        "state": "replaced",
                        "replaced_by": fid,
                    }
                )
        store.record(con, changed, events)
    return show(ws, fid)


def reject(
    ws: Workspace,
    actor: Actor,
    fid: str,
    reason: str,
    *,
    channel: str = "cli",
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Reject a staged filing with the reason its filer sees."""
    reason = (reason or "").strip()
    if not reason:
        raise ConfigError("--reason: say why the filing is rejected / cần nêu lý do")
    found = _decided(ws, actor, fid)
    at = _now(now)
    with ws.connect() as con:
        _, seq = store.next_numbers(con)
        row = {
            **found,
            "state": "rejected",
            "decided_at": at,
            "decided_by": actor.name,
            "reason": reason,
        }
        store.record(
            con,
            [row],
            [
                _event(
                    seq,
                    fid,
                    at,
                    actor,
                    channel,
                    "reject",
                    "staged",
                    "rejected",
                    reason,
                    ws.synthetic,
                )
            ],
        )
    return show(ws, fid)


__all__ = ["STATES", "accept", "file_submission", "reject"]
