"""The register's view-models (hatang.views.register): what the public sees holds no
personal data, the timeline names who acted in which role, the words come from the
catalogue in both languages."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from hatang import i18n
from hatang.register import actions, queries
from hatang.register.machine import CITIZEN, Actor
from hatang.views import format as fmt
from hatang.views import register as views

TODAY = dt.date(2025, 10, 15)
ADMIN = Actor("workspace admin (test)", "admin")


def test_public_fields_hold_no_personal_data():
    assert "description" not in views.PUBLIC and "contact" not in views.PUBLIC
    frame = pd.DataFrame(
        [{"case_id": "C1", "description": "Nhà ông Nguyễn Văn A", "state": "reported"}]
    )
    assert "description" not in views.public_frame(frame).columns


def test_a_citizen_report_and_its_timeline(ws, tmp_path):
    item = {"source": "citizen", "lon": 106.13, "lat": 20.05, "description": "Nhà ông A, số 5"}
    (cid,) = actions.open_cases(ws, CITIZEN, [item], contacts=["0912 345 678"], today=TODAY)
    photo = tmp_path / "p.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 a JPEG's start")
    files = actions.evidence(ws, [photo], ["drive test 12/10"])
    actions.act(ws, cid, "confirm", ADMIN, {"evidence": files}, today=TODAY)
    found = queries.show(ws, cid, today=TODAY)
    public = views.timeline(found.events)
    private = views.timeline(found.events, private=True)
    other = views.timeline(found.events, private=True, files=False)  # another operator
    assert fmt.text(public[0]["who"], "en") == "citizen"  # not the form's name
    assert fmt.text(public[1]["evidence"], "en") == "drive test 12/10; 1 evidence file(s)"
    assert fmt.text(public[1]["evidence"], "vi") == "drive test 12/10; 1 tệp minh chứng"
    assert "p.jpg (sha256 " in fmt.text(private[1]["evidence"], "en")
    assert fmt.text(other[1]["evidence"], "en") == "drive test 12/10; 1 evidence file(s)"
    assert fmt.text(other[1]["who"], "en") != fmt.text(public[1]["who"], "en")  # names who
    assert (
        fmt.text(public[1]["step"], "vi") == "xác nhận"
        and fmt.text(public[1]["step"], "en") == "confirm"
    )
    labels = {v.label for v in views.facts(found.case)}
    assert "reg_description" not in labels and "reg_description" in {
        v.label for v in views.facts(found.case, private=True)
    }
    with ws.connect(read_only=True) as con:
        from hatang.store import register as store

        assert store.read_contact(con, cid) == "0912 345 678"
        assert "0912" not in store.read_events(con).to_csv()  # never in the history


def test_list_rows_and_words_in_both_languages(ws):
    (cid,) = actions.open_cases(
        ws, ADMIN, [{"source": "province", "lon": 106.13, "lat": 20.05}], today=TODAY
    )
    row = views.list_rows(queries.list_cases(ws, today=TODAY))[0]
    assert (
        fmt.text(row["state"], "vi") == "đã tiếp nhận"
        and fmt.text(row["state"], "en") == "reported"
    )
    assert (
        fmt.text(row["village"], "en") == "Thôn Ba (V3)"
        and fmt.text(row["operators"], "en") == "all operators"
    )
    assert fmt.text(row["people_affected"], "en") == "100"
    for key, (vi, en) in i18n.TEXT.items():
        if key.startswith("reg_"):
            assert vi and en, key
