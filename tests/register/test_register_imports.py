"""The register's bulk files through the normal import pipeline: Vietnamese headers,
every problem with its row and reason, all or nothing, quarantine, idempotent."""

from __future__ import annotations

import csv
import datetime as dt

import pandas as pd
import pytest

from hatang.errors import ImportFailed
from hatang.io import import_file
from hatang.register import actions, queries, workflow
from hatang.register.machine import Actor
from hatang.store import register as store

ADMIN = Actor("workspace admin (test)", "admin")
TODAY = dt.date.today()

CHALLENGES = """Đơn vị khiếu nại,Mã vị trí,Kinh độ,Vĩ độ,Nhà mạng,Mã lý do,Ngày ghi nhận,Tốc độ tải xuống
UBND xã Một,L1,"106,13","20,05",Viettel,no-signal-outdoor,05/09/2025,
UBND xã Một,L1,"106,13","20,05",Viettel,speed-below-target,05/09/2025,"1,5"
UBND xã Một,L2,"106,17","20,05",,only-2g-3g,06/09/2025,
"""


def _write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _events(ws):
    with ws.connect(read_only=True) as con:
        return store.read_events(con)


def test_challenges_open_one_case_per_location(ws, tmp_path):
    report = import_file(ws, "challenges", _write(tmp_path, "khieu-nai.csv", CHALLENGES))
    assert report.rows_loaded == 3 and report.rows_rejected == 0
    assert any("register: 2 cases opened" in n for n in report.notes)
    cases = queries.list_cases(ws).set_index("source_ref")
    l1 = cases.loc["UBND xã Một/L1"]
    assert (l1["source"], l1["reasons"], l1["operators"]) == (
        "challenge",
        "no-signal-outdoor;speed-below-target",
        "viettel",
    )
    assert l1["opened_on"] == pd.Timestamp("2025-09-05") and l1["village_code"] == "V3"
    events = _events(ws)
    assert set(events["import_id"]) == {report.import_id} and set(events["channel"]) == {"import"}
    assert "1.5 Mbit/s down" in events["evidence"].iloc[0]
    again = import_file(ws, "challenges", _write(tmp_path, "khieu-nai.csv", CHALLENGES))
    assert again.already_imported and len(_events(ws)) == 2


def test_a_challenge_near_an_open_case_joins_it(ws, tmp_path):
    workflow.sync(ws, ADMIN, today=TODAY)  # DS4 at (106.225, 20.06), all operators
    near = "Đơn vị khiếu nại,Mã vị trí,Kinh độ,Vĩ độ,Mã lý do,Ngày ghi nhận\nXã,X9,106.226,20.061,no-data,01/09/2025\n"
    report = import_file(ws, "challenges", _write(tmp_path, "near.csv", near))
    assert any(
        "0 cases opened, 1 locations added to the open case within 500 m" in n for n in report.notes
    )
    ds4 = queries.list_cases(ws).set_index("source_ref").loc["DS4", "case_id"]
    last = _events(ws).iloc[-1]
    assert (last["case_id"], last["action"]) == (ds4, "comment") and "X9" in last["note"]
    # the challenger's same location in a later file is left alone
    later = near.replace("no-data", "dropped-calls")
    report = import_file(ws, "challenges", _write(tmp_path, "near2.csv", later))
    assert len(queries.list_cases(ws)) == 4


def test_a_bad_reason_code_refuses_the_file_or_is_quarantined(ws, tmp_path, snapshot):
    bad = CHALLENGES + "UBND xã Một,L3,106.2,20.05,,no-signal-at-all,07/09/2025,\n"
    path = _write(tmp_path, "bad.csv", bad)
    before = snapshot(ws)
    with pytest.raises(ImportFailed) as e:
        import_file(ws, "challenges", path)
    (p,) = e.value.problems
    assert (p.row, p.column, p.value, p.type) == (
        5,
        "reason_code",
        "no-signal-at-all",
        "not-allowed",
    )
    assert "not a report reason code (known: no-signal-outdoor, no-data" in p.reason
    assert snapshot(ws) == before  # nothing written, no case opened
    report = import_file(ws, "challenges", path, on_error="quarantine")
    assert report.rows_loaded == 3 and report.rows_rejected == 1
    assert len(queries.list_cases(ws)) == 2
    with open(report.quarantine_file, encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert (
        rows[0]["row"] == "5" and rows[0]["type"] == "not-allowed" and rows[0]["Mã vị trí"] == "L3"
    )


@pytest.fixture
def assigned(ws):
    """The four synced cases; C00001 and C00002 assigned to viettel, C00003 to vnpt,
    C00004 left reported."""
    workflow.sync(ws, ADMIN, today=TODAY)
    for cid, op in (("C00001", "viettel"), ("C00002", "viettel"), ("C00003", "vnpt")):
        actions.act(ws, cid, "confirm", ADMIN, {"evidence": ["x"]})
        actions.act(ws, cid, "assign", ADMIN, {"operator": op})
    return ws


RESPONSES = """Mã hồ sơ,Trả lời,Nhà mạng,Ngày dự kiến,Biện pháp,Mã lý do,Minh chứng,Ghi chú
C00001,accept,Viettel,31/03/2027,sharing,,,dùng chung trạm VNPT
C00002,dispute,Viettel,,,site-on-air,site S9 on air since 01/09/2025,
C00003,accept,Viettel,31/03/2027,new-site,,,
C00004,accept,,31/03/2027,new-site,,,
C00099,dispute,,,,site-on-air,x,
"""


def test_responses_are_steps_and_refusals_are_quarantined(assigned, tmp_path):
    ws = assigned
    path = _write(tmp_path, "tra-loi.csv", RESPONSES)
    with pytest.raises(ImportFailed) as e:
        import_file(ws, "responses", path)
    found = {(p.row, p.column, p.type) for p in e.value.problems}
    assert found == {
        (4, "operator", "register-step"),
        (5, "response", "register-step"),
        (6, "case_id", "unknown-reference"),
    }
    reasons = {p.row: p.reason for p in e.value.problems}
    assert reasons[4] == "case C00003 is assigned to vnpt"
    assert (
        "a case in state 'reported' cannot be taken to 'accept' (allowed next steps: confirm, reject, comment, update)"
        in reasons[5]
    )
    assert queries.show(ws, "C00001").case["state"] == "assigned"  # nothing written
    report = import_file(ws, "responses", path, on_error="quarantine")
    assert (report.rows_loaded, report.rows_rejected) == (2, 3)
    assert queries.show(ws, "C00001").case["state"] == "accepted"
    c2 = queries.show(ws, "C00002")
    assert c2.case["state"] == "disputed" and c2.case["dispute_reason"] == "site-on-air"
    last = c2.events.iloc[-1]
    assert last["import_id"] == report.import_id and "S9 on air" in last["evidence"]


def test_a_missing_value_names_the_column(assigned, tmp_path):
    text = "Mã hồ sơ,Trả lời,Mã lý do\nC00001,accept,\nC00002,dispute,measurement-error\n"
    with pytest.raises(ImportFailed) as e:
        import_file(assigned, "responses", _write(tmp_path, "r.csv", text))
    found = {(p.row, p.column, p.type, p.reason) for p in e.value.problems}
    assert found == {
        (2, "planned_on", "missing-value", "accept needs planned_on"),
        (3, "evidence", "missing-value", "dispute needs evidence"),
    }


def test_responses_sent_again_under_another_name_change_nothing(assigned, tmp_path):
    first = "Mã hồ sơ,Trả lời,Ngày dự kiến,Biện pháp\nC00001,accept,31/03/2027,sharing\n"
    import_file(assigned, "responses", _write(tmp_path, "a.csv", first))
    n = len(_events(assigned))
    report = import_file(assigned, "responses", _write(tmp_path, "b.csv", first + "\n"))
    assert any("1 responses were in the register already" in x for x in report.notes)
    assert report.rows_rejected == 0 and len(_events(assigned)) == n


def test_the_refusals_read_in_the_reader_s_language(assigned, tmp_path, cli, monkeypatch):
    """Each refused row's reason is a code (hatang.io.reasons): the CLI says it in
    Vietnamese with HATANG_LANG=vi, the states and steps in words, row, column and value
    kept; English as it always was."""
    path = _write(tmp_path, "tra-loi.csv", RESPONSES)
    args = ("import", "responses", str(path), "-w", str(assigned.root))
    monkeypatch.setenv("HATANG_LANG", "en")
    code, _, en = cli(*args)
    assert code == 1 and "tra-loi.csv:4:operator: 'viettel' — case C00003 is assigned to vnpt" in en
    monkeypatch.setenv("HATANG_LANG", "vi")
    code, _, vi = cli(*args)
    assert code == 1
    assert "tra-loi.csv:4:operator: 'viettel' — hồ sơ C00003 được giao cho vnpt" in vi
    assert (
        "tra-loi.csv:5:response: 'accept' — hồ sơ ở trạng thái «đã tiếp nhận» không thể chuyển "
        "sang bước «nhận khắc phục» (các bước tiếp theo được phép: xác nhận, không chấp nhận, "
        "ghi chú, cập nhật từ mô hình)"
    ) in vi
    assert (
        "tra-loi.csv:6:case_id: 'C00099' — không có hồ sơ này trong sổ theo dõi điểm lõm sóng" in vi
    )
    assert "cannot be taken" not in vi and "assigned to" not in vi


def test_every_bulk_refusal_is_a_coded_reason(ws, assigned, tmp_path):
    """A bad reason code, a missing value: each reason has its code and its Vietnamese
    (a stored filing's English is read back as the same reason)."""
    from hatang.io import reasons as R

    bad = CHALLENGES + "UBND xã Một,L3,106.2,20.05,,no-signal-at-all,07/09/2025,\n"
    with pytest.raises(ImportFailed) as e:
        import_file(ws, "challenges", _write(tmp_path, "bad.csv", bad))
    (p,) = e.value.problems
    assert R.code_of(p.reason) == R.code_of(str(p.reason)) == "register_not_report_code"
    assert R.text(str(p.reason), "vi").startswith(
        "không phải mã lý do phản ánh (các mã hợp lệ: no-signal-outdoor, no-data"
    )
    text = "Mã hồ sơ,Trả lời,Mã lý do\nC00001,accept,\nC00002,dispute,measurement-error\n"
    with pytest.raises(ImportFailed) as e:
        import_file(assigned, "responses", _write(tmp_path, "r.csv", text))
    said = sorted(R.text(str(p.reason), "vi") for p in e.value.problems)
    assert said == [
        "trả lời «accept» cần có giá trị ở cột planned_on",
        "trả lời «dispute» cần có giá trị ở cột evidence",
    ]
