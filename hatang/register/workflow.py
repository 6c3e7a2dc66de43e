"""The register's larger steps: `sync` from the reported list and the current coverage
run, `verify` a fixed case on its evidence, and `rebuild` the register from its
history. Each writes through the same append-only path as a single step (actions.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd
import shapely

from hatang.register import cases as fold
from hatang.register import machine
from hatang.register import sync as syncing
from hatang.register import verify as checks
from hatang.register.actions import _current, add_openings, geometry, pending, step_on, windows
from hatang.register.machine import Actor
from hatang.store import register as store
from hatang.store.workspace import Workspace


@dataclass(frozen=True)
class SyncReport:
    run_id: str | None
    opened_reported: list[str]
    opened_modelled: list[str]
    updated: list[str]


def sync(
    ws: Workspace,
    actor: Actor,
    *,
    channel: str = "sync",
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> SyncReport:
    """Open cases for the reported list and the current run's dead spots, and bring the
    people of open cases up to date (hatang.register.sync)."""
    today = today or dt.date.today()
    with ws.connect() as con:
        cases = store.read_cases(con)
        run, spots = store.read_run(con)
        run_id = None if run is None else str(run["run_id"])
        scope = "any" if run is None else str(run.get("operator") or "any")
        plan = syncing.plan(
            cases,
            store.read_reported(con),
            run_id,
            scope,
            spots,
            store.read_villages(con),
            geometry(ws.settings),
            today,
        )
        batch = pending(con, ws.synthetic, now)
        ids = add_openings(
            ws.settings, con, batch, actor, plan.opened, channel=channel, today=today
        )
        for cid, changes in plan.updates:
            step_on(
                con,
                batch,
                cid,
                "update",
                actor,
                {**changes, "note": f"coverage run {run_id}"},
                channel=channel,
                today=today,
                win=windows(ws.settings),
            )
        store.append(con, batch.events, list(batch.cases.values()))
    n_rep = sum(1 for o in plan.opened if o["source"] == "operator-report")
    return SyncReport(run_id, ids[:n_rep], ids[n_rep:], [cid for cid, _ in plan.updates])


def rules(ws: Workspace) -> checks.Rules:
    r, c = ws.settings.register, ws.settings.coverage
    return checks.Rules(
        rsrp_dbm={
            "2G": c.threshold_2g_dbm,
            "3G": c.threshold_3g_dbm,
            "4G": c.threshold_4g_dbm,
            "5G": c.threshold_5g_dbm,
        },
        min_samples=r.verify_min_samples,
        pass_share=r.verify_pass_share,
        min_download_kbps=r.verify_min_download_mbps * 1000.0,
        min_upload_kbps=r.verify_min_upload_mbps * 1000.0,
        max_age_days=r.test_max_age_days,
        area_radius_m=r.area_radius_m,
        match_m=r.match_m,
        crs=ws.settings.workspace.crs,
    )


def _bbox(case: dict[str, Any], margin_deg: float = 0.05) -> tuple[float, float, float, float]:
    """A box around the case wide enough for its area (0.05° ≈ 5 km)."""
    g = case.get("geometry")
    shape = shapely.from_wkt(g) if g else shapely.Point(case["lon"], case["lat"])
    w, s, e, n = shape.bounds
    return (w - margin_deg, s - margin_deg, e + margin_deg, n + margin_deg)


def evaluate(
    con: Any, ws: Workspace, case: dict[str, Any], run_id: str | None, today: dt.date
) -> list[checks.Verdict]:
    """The verdicts of the measurements and (when there is one) the coverage run."""
    r = rules(ws)
    verdicts = [checks.by_measurements(case, store.read_measurements(con, _bbox(case)), r, today)]
    run, spots = store.read_run(con, run_id)
    if run is not None:
        site = case.get("site_id")
        has_site = True if not site else store.site_in_period(con, str(site), str(run["period"]))
        verdicts.append(checks.by_run(case, run, spots, has_site, r))
    return verdicts


def verify(
    ws: Workspace,
    case_id: str,
    actor: Actor,
    *,
    run_id: str | None = None,
    inputs: Mapping[str, Any] | None = None,
    channel: str = "cli",
    today: dt.date | None = None,
    now: dt.datetime | None = None,
) -> tuple[bool, str, dict[str, Any]]:
    """Verify a fixed case: `verify` when the measurements or the run show it covered,
    else `verification-failed` (the case stays fixed); returns (passed, why, event).
    `inputs` may carry a note and evidence items (hatang.register.actions.evidence),
    kept with the step either way; the verdict reads only the imported tests and the run."""
    today = today or dt.date.today()
    given = {k: v for k, v in (inputs or {}).items() if k in ("note", "evidence") and v}
    with ws.connect() as con:
        case = _current(con, case_id)
        machine.check("verify", str(case["state"]), actor, case.get("assigned_operator"))
        verdicts = evaluate(con, ws, case, run_id, today)
        good = [v for v in verdicts if v.passed]
        text = good[0].text if good else " · ".join(v.text for v in verdicts)
        action = "verify" if good else "verification-failed"
        batch = pending(con, ws.synthetic, now)
        event = step_on(
            con,
            batch,
            case_id,
            action,
            actor,
            {**given, "verification": text},
            channel=channel,
            today=today,
            win=windows(ws.settings),
        )
        store.append(con, batch.events, list(batch.cases.values()))
    return bool(good), text, event


def replayed(ws: Workspace) -> pd.DataFrame:
    """The register as its history folds (without writing anything)."""
    with ws.connect(read_only=True) as con:
        events = store.read_events(con)
    return fold.frame(fold.replay(r for r in events.to_dict("records")).values())


def rebuild(ws: Workspace) -> int:
    """Rewrite register_cases from register_events; returns the number of cases."""
    with ws.connect() as con:
        events = store.read_events(con)
        cases = list(fold.replay(events.to_dict("records")).values())
        store.replace_all(con, cases)
    return len(cases)
