"""Writing a bulk file's rows into the register, inside the import's transaction
(hatang.io.register calls these from the import pipeline): the challenges open cases
or are added to the open case near them, the responses are steps on their cases.
Every step is recorded with the import's id."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

from hatang.register import bulk
from hatang.register import cases as fold
from hatang.register.actions import add_openings, geometry, pending, step_on, windows
from hatang.register.machine import FINISHED, Actor
from hatang.register.places import case_shapes, nearest_within
from hatang.settings import Settings
from hatang.store import register as store


def _near(
    openings: list[dict[str, Any]], live: pd.DataFrame, settings: Settings
) -> list[str | None]:
    """For each new location, the open case of a compatible operator within match_m."""
    g = geometry(settings)
    if not openings or live.empty:
        return [None] * len(openings)
    shapes = case_shapes(pd.DataFrame(openings).assign(geometry=None), g.crs)
    found: list[str | None] = []
    for i, item in enumerate(openings):
        op = item.get("operators")
        ok = (
            live
            if not op
            else live[
                live["operators"].isna() | live["operators"].str.contains(str(op), regex=False)
            ]
        )
        j, _ = (
            nearest_within(shapes[i : i + 1], case_shapes(ok, g.crs), g.match_m)
            if len(ok)
            else (np.array([-1]), None)
        )
        found.append(None if j[0] < 0 else str(ok["case_id"].iloc[int(j[0])]))
    return found


def apply_challenges(
    con: Any,
    import_id: int,
    file: str,
    actor: Actor,
    settings: Settings,
    synthetic: bool,
    now: dt.datetime,
) -> list[str]:
    """Open a case for each location of import `import_id`, or add it to the open case
    within match_m, the steps dated `now`; returns notes for the import's report."""
    today = now.date()
    rows = store.read_import_rows(con, "register_challenges", import_id)
    cases = store.read_cases(con)
    known = set(zip(cases["source"].astype(str), cases["source_ref"].astype(str), strict=True))
    openings = [
        o
        for o in bulk.challenge_openings(rows, file)
        if ("challenge", o["source_ref"]) not in known
    ]
    again = len(bulk.challenge_openings(rows, file)) - len(openings)
    live = cases[~cases["state"].isin(FINISHED)]
    near = _near(openings, live, settings)
    batch = pending(con, synthetic, now)
    new = [o for o, n in zip(openings, near, strict=True) if n is None]
    opened = add_openings(
        settings, con, batch, actor, new, channel="import", today=today, import_id=import_id
    )
    for item, cid in zip(openings, near, strict=True):
        if cid is not None:
            note = f"challenge {item['source_ref']}: {item['reasons']} ({file})"
            step_on(
                con,
                batch,
                cid,
                "comment",
                actor,
                {"note": note, "evidence": item["evidence"]},
                channel="import",
                today=today,
                win=windows(settings),
                import_id=import_id,
            )
    store.append(con, batch.events, list(batch.cases.values()), own_transaction=False)
    added = len(openings) - len(opened)
    notes = [
        f"register: {len(opened)} cases opened, {added} locations added to the open case within {settings.register.match_m:g} m / mở {len(opened)} hồ sơ"
    ]
    if again:
        notes.append(
            f"{again} locations already in the register (an earlier file of the challenger)"
        )
    return notes


def apply_responses(
    con: Any,
    import_id: int,
    actor: Actor,
    settings: Settings,
    synthetic: bool,
    now: dt.datetime,
) -> list[str]:
    """Take the step of every (checked) row of import `import_id`, dated `now`; returns
    notes."""
    today = now.date()
    rows = store.read_import_rows(con, "register_responses", import_id)
    batch = pending(con, synthetic, now)
    recorded = 0
    for row in rows.to_dict("records"):
        case = _case(con, str(row["case_id"]))
        verdict = bulk.response_refusal(row, case, actor, today, windows(settings))
        if verdict == bulk.RECORDED:
            recorded += 1
            continue
        inputs = bulk.response_inputs(row)
        step_on(
            con,
            batch,
            str(row["case_id"]),
            bulk.RESPONSE_STEP[str(row["response"])],
            actor,
            inputs,
            channel="import",
            today=today,
            win=windows(settings),
            import_id=import_id,
        )
    store.append(con, batch.events, list(batch.cases.values()), own_transaction=False)
    notes = [
        f"register: {len(batch.events)} responses recorded / ghi nhận {len(batch.events)} trả lời"
    ]
    if recorded:
        notes.append(f"{recorded} responses were in the register already")
    return notes


def _case(con: Any, case_id: str) -> dict[str, Any] | None:
    row = store.read_case(con, case_id)
    return None if row is None else fold.record(row)


def all_cases(con: Any) -> dict[str, dict[str, Any]]:
    """Every case's current fold, by id."""
    return {str(r["case_id"]): fold.record(r) for r in store.read_cases(con).to_dict("records")}
