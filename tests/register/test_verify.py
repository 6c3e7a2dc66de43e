"""Verification on evidence: drive tests after the fix date inside the case area,
above the coverage threshold with enough samples, verify a fixed case; weaker or too
few leave it fixed with the reason recorded; a coverage run computed after the fix
whose register holds the new site, with no dead spot left there, verifies it too."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

from hatang.errors import StepNotAllowed
from hatang.model.schema import TABLES
from hatang.register import actions, queries, workflow
from hatang.register.machine import Actor
from hatang.store import db
from hatang.testing import write_table

TODAY = dt.date(2025, 10, 15)
ADMIN = Actor("workspace admin (test)", "admin")
VIETTEL = Actor("viettel-planner", "operator", "viettel")
V3, V4 = (106.13, 20.05), (106.17, 20.05)


def _fixed_case(ws, lon: float, lat: float, site: str | None = None) -> str:
    item = {"source": "province", "lon": lon, "lat": lat, "opened_on": "2025-08-01"}
    (cid,) = actions.open_cases(ws, ADMIN, [item], today=TODAY)
    actions.act(ws, cid, "confirm", ADMIN, {"evidence": ["complaints"]}, today=TODAY)
    actions.act(ws, cid, "assign", ADMIN, {"operator": "viettel"}, today=TODAY)
    actions.act(
        ws,
        cid,
        "accept",
        VIETTEL,
        {"planned_on": "2025-09-30", "planned_action": "new-site"},
        today=TODAY,
    )
    fix = {"fixed_on": "2025-09-01", "fix_action": "new-site", "site_id": site}
    actions.act(ws, cid, "fix", VIETTEL, fix, today=TODAY)
    return cid


def _drive_tests(
    ws,
    name: str,
    lon: float,
    lat: float,
    rsrp: list[float],
    day: str = "2025-09-10",
    operator: str = "viettel",
) -> None:
    rows = [
        dict(
            measurement_id=f"{name}-{i}",
            time=pd.Timestamp(f"{day} 10:00") + pd.Timedelta(minutes=i),
            period="2025Q3",
            lon=lon + 0.0002 * (i % 5),  # within ~100 m of the point
            lat=lat + 0.0002 * (i // 5),
            operator=operator,
            technology="4G",
            rsrp_dbm=r,
            cell_id=None,
        )
        for i, r in enumerate(rsrp)
    ]
    write_table(ws, "drive_tests", pd.DataFrame(rows), file_name=f"{name}.csv")


def test_strong_tests_after_the_fix_verify(ws):
    cid = _fixed_case(ws, *V3)
    _drive_tests(ws, "good", *V3, [-100.0] * 9 + [-118.0])  # 9 of 10 reach −115 dBm
    passed, why, event = workflow.verify(ws, cid, ADMIN, today=TODAY)
    assert passed, why
    assert why.startswith("9 of 10 tests after 2025-09-01 reach the threshold (90%), verified")
    case = queries.show(ws, cid, today=TODAY).case
    assert case["state"] == "verified" and case["verified_on"] == pd.Timestamp(TODAY)
    assert event["action"] == "verify"


def test_weak_tests_leave_it_fixed_with_the_reason(ws):
    cid = _fixed_case(ws, *V4)
    _drive_tests(ws, "weak", *V4, [-120.0] * 8 + [-100.0] * 2)
    passed, why, event = workflow.verify(ws, cid, ADMIN, today=TODAY)
    assert not passed
    assert "2 of 10 tests after 2025-09-01 reach the threshold (20%), 90% needed" in why
    assert "run fixture was computed before the fix" in why
    case = queries.show(ws, cid, today=TODAY).case
    assert case["state"] == "fixed" and case["verification"] == why
    assert event["action"] == "verification-failed"


def test_verify_on_the_cli_keeps_its_note_and_evidence_files(ws, cli, tmp_path):
    """`register verify ID --evidence FILE --ref TEXT --note TEXT`: the files are checked
    and archived and kept with the step, whatever the verdict (the tests decide it)."""
    cid = _fixed_case(ws, *V3)
    recent = (dt.date.today() - dt.timedelta(days=3)).isoformat()  # the CLI verifies today
    _drive_tests(ws, "good", *V3, [-100.0] * 10, day=recent)
    photo = tmp_path / "trạm mới.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n a PNG")
    code, out, _ = cli(
        "register", "verify", cid, "--evidence", str(photo), "--ref", "DT-9",
        "--note", "đã xem", "-w", str(ws.root),
    )  # fmt: skip
    assert code == 0, out
    events = queries.show(ws, cid).events
    last = events.iloc[-1]
    assert (last["action"], last["note"]) == ("verify", "đã xem")
    file, ref = json.loads(last["evidence"])
    assert (file["name"], file["media_type"], ref) == (
        "trạm_mới.png",
        "image/png",
        {"kind": "ref", "ref": "DT-9"},
    )
    assert (ws.raw_dir / f"{file['sha256']}.png").read_bytes() == photo.read_bytes()


def test_tests_before_the_fix_or_of_another_operator_do_not_count(ws):
    cid = _fixed_case(ws, *V3)
    _drive_tests(ws, "early", *V3, [-90.0] * 10, day="2025-08-31")
    _drive_tests(ws, "vnpt", *V3, [-90.0] * 10, operator="vnpt")
    _drive_tests(ws, "few", *V3, [-90.0] * 3)
    passed, why, _ = workflow.verify(ws, cid, ADMIN, today=TODAY)
    assert not passed and "3 test(s) after 2025-09-01 in the area, 10 needed" in why


def test_a_year_old_test_no_longer_counts(ws):
    cid = _fixed_case(ws, *V3)
    _drive_tests(ws, "good", *V3, [-100.0] * 10)
    passed, why, _ = workflow.verify(ws, cid, ADMIN, today=dt.date(2026, 9, 11))
    assert not passed and "0 test(s)" in why


def test_a_later_coverage_run_with_the_site_verifies(ws):
    cid = _fixed_case(ws, *V3, site="S3")
    run = {
        "run_id": "after",
        "created_at": pd.Timestamp("2025-10-01 08:00"),
        "period": "2025Q4",
        "technology": "4G",
        "operator": "any",
        "resolution_m": 100.0,
        "model": "extended-hata",
        "settings": "{}",
        "calibration": None,
        "population": 1000.0,
        "population_covered": 990.0,
        "evaluations": 0,
        "seconds": 0.0,
        "synthetic": True,
    }
    with ws.connect() as con, db.transaction(con):
        db.upsert_frame(con, TABLES["coverage_runs"], pd.DataFrame([run]))
    passed, why, _ = workflow.verify(ws, cid, ADMIN, today=TODAY)
    assert passed, why
    assert why.startswith(
        "run after (2025Q4, any) finds no dead spot within 500 m, 100 people covered"
    )
    # a site the run's register does not hold does not verify
    other = _fixed_case(ws, *V4, site="S99")
    passed, why, _ = workflow.verify(ws, other, ADMIN, run_id="after", today=TODAY)
    assert not passed and "does not include site S99" in why


def test_only_a_fixed_case_is_verified(ws):
    (cid,) = actions.open_cases(
        ws, ADMIN, [{"source": "province", "lon": V3[0], "lat": V3[1]}], today=TODAY
    )
    with pytest.raises(
        StepNotAllowed, match="allowed next steps: confirm, reject, comment, update"
    ):
        workflow.verify(ws, cid, ADMIN, today=TODAY)
