"""The joint audit log (hatang.register.audit): the register's steps and the filings'
filing, refiling, acceptance and rejection in one list, in time order, with their
actors — through the library, `hatang audit` and `GET /api/audit` (the office only).
Both histories stay append-only and the register still rebuilds from its own."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pandas as pd
import pytest

from hatang.register import actions, audit, workflow
from hatang.register.machine import Actor
from hatang.store import web_queries as q
from hatang.submissions import filing

DESK = Actor("desk", "admin")
OFFICE = Actor("office", "analyst")
VIETTEL = Actor("vt-planner", "operator", "viettel")


def _day(n: int) -> dt.datetime:
    return dt.datetime(2026, 1, 5, 9, 0) + dt.timedelta(days=n)


@pytest.fixture
def acted(ws, rows_of, write):
    """Day 0 sync (3 cases); 1 F1 filed; 2 F2 refiles it; 3 C00001 confirmed; 4 F2
    accepted; 5 F3 (sites) filed; 6 F3 rejected; 7 C00001 assigned to viettel."""
    workflow.sync(ws, DESK, now=_day(0))
    subs = rows_of("subscriptions", "2025Q4", "viettel")
    filing.file_submission(
        ws, VIETTEL, "subscriptions", "2025Q4", write(subs, "a.csv"), now=_day(1)
    )
    subs.loc[0, "count"] = 721
    filing.file_submission(
        ws, VIETTEL, "subscriptions", "2025Q4", write(subs, "b.csv"), now=_day(2)
    )
    seen = {"evidence": actions.evidence(ws, refs=["drive test DT-7"]), "note": "seen"}
    actions.act(ws, "C00001", "confirm", OFFICE, seen, now=_day(3))
    filing.accept(ws, OFFICE, "F2", now=_day(4), recompute=False)
    sites = rows_of("sites", "2025Q4", "viettel")
    filing.file_submission(ws, VIETTEL, "sites", "2025Q4", write(sites, "tram.csv"), now=_day(5))
    filing.reject(ws, OFFICE, "F3", "thiếu trạm S6", now=_day(6))
    actions.act(ws, "C00001", "assign", OFFICE, {"operator": "viettel"}, now=_day(7))
    return ws


#: (day, actor, role, subject kind, subject id, action, from, to), hand-written
EXPECTED = [
    (0, "desk", "admin", "register", "C00001", "open", None, "reported"),
    (0, "desk", "admin", "register", "C00002", "open", None, "reported"),
    (0, "desk", "admin", "register", "C00003", "open", None, "reported"),
    (1, "vt-planner", "operator", "filing", "F1", "file", None, "staged"),
    (2, "vt-planner", "operator", "filing", "F2", "file", None, "staged"),
    (2, "vt-planner", "operator", "filing", "F1", "replace", "staged", "replaced"),
    (3, "office", "analyst", "register", "C00001", "confirm", "reported", "confirmed"),
    (4, "office", "analyst", "filing", "F2", "accept", "staged", "accepted"),
    (5, "vt-planner", "operator", "filing", "F3", "file", None, "staged"),
    (6, "office", "analyst", "filing", "F3", "reject", "staged", "rejected"),
    (7, "office", "analyst", "register", "C00001", "assign", "confirmed", "assigned"),
]


def _rows(frame: pd.DataFrame) -> list[tuple]:
    out = frame.astype(object).where(frame.notna(), None)
    return [
        ((r["at"] - _day(0)).days, *(r[c] for c in audit.store.COLUMNS[1:8]))
        for r in out.to_dict("records")
    ]


def test_every_filing_and_step_in_one_trail_in_time_order(acted):
    trail = audit.trail(acted)
    assert list(trail.columns) == list(audit.store.COLUMNS)
    assert _rows(trail) == EXPECTED
    by = {(r["subject_id"], r["action"]): r for r in audit.records(trail)}
    assert json.loads(by["F1", "file"]["changes"]) == {
        "filer": "viettel",
        "kind": "subscriptions",
        "period": "2025Q4",
    }
    (raw,) = json.loads(by["F1", "file"]["evidence"])
    assert raw["name"] == "a.csv" and len(raw["sha256"]) == 64
    assert by["F3", "reject"]["note"] == "thiếu trạm S6"
    assert json.loads(by["C00001", "confirm"]["evidence"]) == [
        {"kind": "ref", "ref": "drive test DT-7"}
    ]
    assert json.loads(by["C00001", "assign"]["changes"])["assigned_operator"] == "viettel"


def test_kind_and_since_narrow_the_trail(acted):
    assert _rows(audit.trail(acted, kind="filing")) == [e for e in EXPECTED if e[3] == "filing"]
    assert _rows(audit.trail(acted, kind="register")) == [e for e in EXPECTED if e[3] == "register"]
    assert _rows(audit.trail(acted, since=dt.date(2026, 1, 10))) == [
        e for e in EXPECTED if e[0] >= 5
    ]
    with pytest.raises(Exception, match="--kind must be register or filing, not 'case'"):
        audit.checked_kind("case")


def test_the_trail_copies_nothing_and_the_register_still_rebuilds(acted):
    with acted.connect(read_only=True) as con:
        (n,) = con.execute(
            "SELECT (SELECT count(*) FROM register_events) + (SELECT count(*) FROM filing_events)"
        ).fetchone()
        before = con.execute("SELECT * FROM register_cases ORDER BY case_id").df()
    assert n == len(EXPECTED)
    assert workflow.rebuild(acted) == 3
    with acted.connect(read_only=True) as con:
        after = con.execute("SELECT * FROM register_cases ORDER BY case_id").df()
    pd.testing.assert_frame_equal(after, before)
    assert _rows(audit.trail(acted)) == EXPECTED


def test_hatang_audit_on_the_command_line(acted, cli):
    code, out, _ = cli("audit", "--kind", "filing", "--format", "csv", "-w", str(acted.root))
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [(r["subject_id"], r["action"]) for r in rows] == [
        ("F1", "file"),
        ("F2", "file"),
        ("F1", "replace"),
        ("F2", "accept"),
        ("F3", "file"),
        ("F3", "reject"),
    ]
    code, out, _ = cli("audit", "--since", "2026-01-11", "--format", "json", "-w", str(acted.root))
    data = json.loads(out)
    assert [(d["at"], d["actor"], d["action"]) for d in data] == [
        ("2026-01-11T09:00:00", "office", "reject"),
        ("2026-01-12T09:00:00", "office", "assign"),
    ]
    code, out, _ = cli("audit", "-w", str(acted.root))
    assert code == 0 and "F3" in out and "C00001" in out and "vt-planner" in out
    code, _, err = cli("audit", "--since", "5/1/2026", "-w", str(acted.root))
    assert code == 1 and "Error: --since: '5/1/2026' is not a date (YYYY-MM-DD)" in err
    code, _, err = cli("audit", "--kind", "case", "-w", str(acted.root))
    assert code == 1 and "Error: --kind must be register or filing, not 'case'" in err


def test_api_audit_is_for_the_office(acted):
    import warnings

    from hatang.web import create_app

    with warnings.catch_warnings():  # starlette prefers httpx2 (as tests/web/conftest.py)
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    with acted.connect() as con:
        analyst = q.create_token(con, "office", "analyst")
        operator = q.create_token(con, "vt", "operator", "viettel")
    client = TestClient(create_app(acted, refresh_on_start=False))
    assert client.get("/api/audit").status_code == 401
    r = client.get("/api/audit", headers={"Authorization": f"Bearer {operator}"})
    assert r.status_code == 403
    r = client.get(
        "/api/audit", params={"kind": "register"}, headers={"Authorization": f"Bearer {analyst}"}
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["count"] == 5 and [(d["subject_id"], d["action"]) for d in body["result"]] == [
        (e[4], e[5]) for e in EXPECTED if e[3] == "register"
    ]
    r = client.get(
        "/api/audit", params={"since": "x"}, headers={"Authorization": f"Bearer {analyst}"}
    )
    assert r.status_code == 422 and "since: 'x' is not a date" in r.text
