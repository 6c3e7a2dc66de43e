"""The register's library API: open cases, take steps on them, verify, sync — each one
append-only history written with the case's new fold, in one transaction.

The CLI, the web forms, the API, the bulk imports and the demo all call these. Who
acts is an `Actor` (machine.py); what a step may do is decided by `machine.check`
and `steps.changes` (pure); this module reads what they need, archives evidence
files and writes through `hatang.store.register`.
"""

from __future__ import annotations

import datetime as dt
import getpass
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from hatang.errors import ConfigError, NotFound
from hatang.io.names import safe_display_name
from hatang.register import cases as fold
from hatang.register import machine, steps
from hatang.register.history import Pending, required, take
from hatang.register.machine import Actor
from hatang.register.places import locate
from hatang.register.sync import Geometry, affected
from hatang.settings import Settings
from hatang.store import register as store
from hatang.store.workspace import Workspace


def admin_actor() -> Actor:
    """The CLI's actor: whoever can open the workspace's files is its admin."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return Actor(f"workspace admin ({user})", "admin")


def token_actor(ws: Workspace, token: str) -> Actor:
    """The actor a token stands for (its name, role and operator; never the secret)."""
    from hatang.store import web_queries

    with ws.connect(read_only=True) as con:
        info = web_queries.token_info(con, token)
    if info is None:
        raise ConfigError("--token: the token is not valid or has been revoked / mã không hợp lệ")
    return Actor(info.name, info.role, info.operator)


def geometry(settings: Settings) -> Geometry:
    """The register's distances and the projected CRS, from a workspace's settings."""
    r = settings.register
    return Geometry(
        settings.workspace.crs, r.match_m, r.area_radius_m, settings.coverage.village_radius_m
    )


def windows(settings: Settings) -> steps.Windows:
    r = settings.register
    return steps.Windows(r.response_days, r.correction_days)


def evidence(
    ws: Workspace, files: Sequence[Path] = (), refs: Sequence[str] = ()
) -> list[dict[str, Any]]:
    """Evidence items: each file checked as the web checks an upload (its type by its
    content, at most `[register] evidence_max_bytes`) then archived under raw/ by its
    SHA-256 (kept for good, like an import); each reference (a site id, a drive-test
    campaign, a URL) as text. Every file is checked before any is archived; its name is
    recorded as the web records an upload's (hatang.io.names: no path, no control
    characters, at most 100 characters)."""
    checked = [(Path(f), _checked(ws, Path(f))) for f in files]
    out = [evidence_file(ws, path, safe_display_name(path.name), media) for path, media in checked]
    return out + [{"kind": "ref", "ref": str(r).strip()} for r in refs if str(r).strip()]


def _checked(ws: Workspace, path: Path) -> str:
    """A file's media type by hatang.register.evidence, or one line naming it and why."""
    from hatang.register import evidence as kinds

    shown = safe_display_name(path.name)
    if not path.is_file():
        raise ConfigError(f"--evidence {shown}: no such file / không tìm thấy tệp")
    with open(path, "rb") as f:
        head = f.read(kinds.HEAD_BYTES)
    limit = int(ws.settings.register.evidence_max_bytes)
    try:
        return kinds.check(shown, head, path.stat().st_size, limit)
    except ConfigError as e:
        raise ConfigError(f"--evidence {e}") from e


def evidence_file(ws: Workspace, path: Path, name: str, media_type: str) -> dict[str, Any]:
    """An uploaded evidence file (its type checked by hatang.register.evidence) archived
    under raw/ by its SHA-256 like an import: the item a step's history keeps."""
    digest, kept = ws.archive(path)
    return {
        "kind": "file",
        "name": name,
        "sha256": digest,
        "media_type": media_type,
        "bytes": kept.stat().st_size,
    }


def evidence_path(ws: Workspace, sha256: str) -> Path | None:
    """The archived file of an evidence item (raw/<sha256><suffix>), None when absent."""
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        return None
    found = [p for p in ws.raw_dir.glob(f"{sha256}*") if not p.name.endswith(".part")]
    return min(found) if found else None


def pending(con: Any, synthetic: bool, now: dt.datetime | None = None) -> Pending:
    """An empty batch of steps numbered from the store's next event and case numbers."""
    seq, number = store.next_numbers(con)
    return Pending(seq, number, now or dt.datetime.now().replace(microsecond=0), synthetic)


def _current(con: Any, case_id: str, batch: Pending | None = None) -> dict[str, Any]:
    if batch is not None and case_id in batch.cases:
        return batch.cases[case_id]
    row = store.read_case(con, case_id)
    if row is None:
        raise NotFound(f"no case {case_id!r} in the register (see `hatang register list`)")
    return fold.record(row)


def step_on(
    con: Any,
    batch: Pending,
    case_id: str,
    action: str,
    actor: Actor,
    inputs: Mapping[str, Any],
    *,
    channel: str,
    today: dt.date,
    win: steps.Windows,
    import_id: int | None = None,
) -> dict[str, Any]:
    """Check and add one step on an existing case to `batch` (nothing written yet)."""
    case = _current(con, case_id, batch)
    return take(
        batch,
        case,
        action,
        actor,
        inputs,
        channel=channel,
        today=today,
        win=win,
        import_id=import_id,
    )


def act(
    ws: Workspace,
    case_id: str,
    action: str,
    actor: Actor,
    inputs: Mapping[str, Any] | None = None,
    *,
    channel: str = "cli",
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Take step `action` on case `case_id` as `actor`; returns the event written.

    Refused (nothing written): Forbidden (role, operator), StepNotAllowed (state; the
    allowed steps named), ConfigError (a missing or wrong input), NotFound."""
    today = today or dt.date.today()
    with ws.connect() as con:
        batch = pending(con, ws.synthetic, now)
        event = step_on(
            con,
            batch,
            case_id,
            action,
            actor,
            inputs or {},
            channel=channel,
            today=today,
            win=windows(ws.settings),
        )
        store.append(con, batch.events, list(batch.cases.values()))
    return event


@dataclass(frozen=True)
class Scheduled:
    """One step of a batch (`act_many`): on which case, what, by whom, when."""

    case_id: str
    action: str
    actor: Actor
    inputs: Mapping[str, Any]
    at: dt.datetime


def act_many(ws: Workspace, planned: Sequence[Scheduled], *, channel: str = "cli") -> int:
    """Take many steps, in the order given, in one transaction (all or nothing); each
    is dated `at` (its day is the step's today). Returns the events written."""
    with ws.connect() as con:
        batch = pending(con, ws.synthetic)
        for item in planned:
            batch.now = item.at
            step_on(
                con,
                batch,
                item.case_id,
                item.action,
                item.actor,
                item.inputs,
                channel=channel,
                today=item.at.date(),
                win=windows(ws.settings),
            )
        store.append(con, batch.events, list(batch.cases.values()))
    return len(batch.events)


def open_cases(
    ws: Workspace,
    actor: Actor,
    items: Sequence[Mapping[str, Any]],
    *,
    channel: str = "cli",
    today: dt.date | None = None,
    now: dt.datetime | None = None,
    contacts: Sequence[str | None] = (),
) -> list[str]:
    """Open a case for each item (inputs of the `open` step); returns their ids."""
    today = today or dt.date.today()
    with ws.connect() as con:
        batch = pending(con, ws.synthetic, now)
        ids = add_openings(ws.settings, con, batch, actor, items, channel=channel, today=today)
        for cid, contact in zip(ids, contacts, strict=False):
            if contact:
                batch.contacts.append(
                    {"case_id": cid, "contact": contact, "submitted_at": batch.now}
                )
        store.append(con, batch.events, list(batch.cases.values()), batch.contacts)
    return ids


def add_openings(
    settings: Settings,
    con: Any,
    batch: Pending,
    actor: Actor,
    items: Sequence[Mapping[str, Any]],
    *,
    channel: str,
    today: dt.date,
    import_id: int | None = None,
) -> list[str]:
    """Add `open` steps to `batch`: places and people filled in (places.py)."""
    s = machine.check("open", None, actor)
    for item in items:
        required(s, item, "new case")
    fields = [steps.opening(item, today) for item in items]
    if not fields:
        return []
    villages = store.read_villages(con)
    run, spots = store.read_run(con)
    g = geometry(settings)
    for f in fields:
        place = locate(f["lon"], f["lat"], villages, g.crs, f["village_code"])
        f.update(
            village_code=place.village_code,
            commune_code=place.commune_code,
            commune_code_2024=place.commune_code_2024,
        )
    people = affected(
        pd.DataFrame(fields), None if run is None else str(run["run_id"]), spots, villages, g
    )
    ids = []
    for f, item, (_, p) in zip(fields, items, people.iterrows(), strict=True):
        cid = f"C{batch.number:05d}"
        batch.number += 1
        value = p["people_affected"]
        f.update(
            opened_at=batch.now,
            people_affected=None if value is None or pd.isna(value) else round(float(value), 1),
            people_source=p["people_source"],
            modelled_ref=p["modelled_ref"],
        )
        batch.add(None, cid, s, actor, channel, f, item, import_id)
        ids.append(cid)
    return ids
