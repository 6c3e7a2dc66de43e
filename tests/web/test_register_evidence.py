"""Evidence files on the register's web: an upload with a step (form and API), archived
under raw/ by its SHA-256 and downloadable from the case's page by the office and the
operators the case concerns; too big (413), wrong type by content (415), nothing kept.

The fixture's register (hatang.testing): C00001 assigned to viettel, C00005 reported
(no operator named).
"""

from __future__ import annotations

import hashlib
import json
import re

import pytest

from hatang.register import evidence
from hatang.store import web_queries as q

#: a JPEG's first bytes (SOI, APP0 JFIF) and some body: what a phone's photo starts with
PHOTO = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + bytes(range(256)) * 4
#: a drive test's CSV as a measurement app exports it (UTF-8 with BOM, semicolons)
DRIVE_TEST = "\ufeffthời_điểm;kinh_độ;vĩ_độ;rsrp_dbm\n2025-11-20 09:00;106.275;20.05;-97\n"


@pytest.fixture
def web(fresh_ws, make_client):
    fresh_ws.settings.register.evidence_max_bytes = 4000
    with fresh_ws.connect() as con:
        tokens = {
            "office": q.create_token(con, "office-1", "analyst"),
            "viettel": q.create_token(con, "vt-1", "operator", "viettel"),
            "vnpt": q.create_token(con, "vn-1", "operator", "vnpt"),
        }
    with make_client(fresh_ws) as c:
        yield c, fresh_ws, tokens


def _csrf(c, path: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', c.get(path).text).group(1)


def _sign_in(c, token: str) -> None:
    r = c.post("/login", data={"token": token, "csrf_token": _csrf(c, "/login"), "next": "/"})
    assert r.status_code == 200


def _written(ws) -> tuple[int, list[str]]:
    with ws.connect(read_only=True) as con:
        (events,) = con.execute("SELECT count(*) FROM register_events").fetchone()
    return events, sorted(p.name for p in ws.raw_dir.iterdir())


def _confirm(c, body: bytes, name: str):
    return c.post(
        "/register/C00005/confirm",
        data={"csrf_token": _csrf(c, "/register/C00005"), "note": "seen on site"},
        files={"evidence_file": (name, body, "image/jpeg")},
        follow_redirects=False,
    )


def test_the_office_confirms_with_a_photo_and_downloads_it(web):
    c, ws, tokens = web
    _sign_in(c, tokens["office"])
    page = c.get("/register/C00005").text
    assert 'enctype="multipart/form-data"' in page and 'name="evidence_file"' in page
    r = _confirm(c, PHOTO, "ảnh hiện trường.jpg")
    assert (r.status_code, r.headers["location"]) == (303, "/register/C00005#timeline")
    digest = hashlib.sha256(PHOTO).hexdigest()
    kept = ws.raw_dir / f"{digest}.jpg"
    assert kept.read_bytes() == PHOTO and not kept.stat().st_mode & 0o222  # archived, read-only
    with ws.connect(read_only=True) as con:
        (text,) = con.execute(
            "SELECT evidence FROM register_events WHERE case_id = 'C00005' AND action = 'confirm'"
        ).fetchone()
    (item,) = [i for i in json.loads(text) if i["kind"] == "file"]
    assert item == {
        "kind": "file",
        "name": "ảnh_hiện_trường.jpg",  # the shown name made safe (spaces, paths)
        "sha256": digest,
        "media_type": "image/jpeg",
        "bytes": len(PHOTO),
    }
    page = c.get("/register/C00005").text
    assert f'href="/register/C00005/evidence/{digest}"' in page
    got = c.get(f"/register/C00005/evidence/{digest}")
    assert got.status_code == 200 and got.content == PHOTO
    assert got.headers["content-type"] == "image/jpeg"
    assert got.headers["content-disposition"].startswith("attachment;")
    assert got.headers["x-content-type-options"] == "nosniff"


def test_the_download_is_for_the_office_and_the_operators_the_case_concerns(web):
    c, ws, tokens = web
    _sign_in(c, tokens["office"])
    assert _confirm(c, PHOTO, "anh.jpg").status_code == 303
    url = f"/register/C00005/evidence/{hashlib.sha256(PHOTO).hexdigest()}"
    c.cookies.clear()
    assert c.get(url).status_code == 401
    assert "evidence-files" not in c.get("/register/C00005").text  # signed out: no links
    bearer = lambda who: {"Authorization": f"Bearer {tokens[who]}"}  # noqa: E731
    assert c.get(url, headers=bearer("viettel")).status_code == 403  # C00005 is no case of it
    assert c.get(url, headers=bearer("office")).status_code == 200
    assert c.get(url.replace("C00005", "C00001"), headers=bearer("office")).status_code == 404
    assert c.get(url[:-1] + "0", headers=bearer("office")).status_code == 404


def test_an_operator_attaches_a_drive_test_through_the_api(web):
    """Viettel comments C00001 (assigned to it) with its drive test's CSV (multipart,
    bearer token): viettel and the office download it, VNPT may not."""
    c, ws, tokens = web
    body = DRIVE_TEST.encode("utf-8")
    r = c.post(
        "/api/register/cases/C00001/steps/comment",
        data={"note": "drive test of 20 Nov"},
        files={"evidence_file": ("do-kiem.csv", body, "text/csv")},
        headers={"Authorization": f"Bearer {tokens['viettel']}"},
    )
    assert r.status_code == 200 and r.json()["result"]["action"] == "comment"
    url = f"/register/C00001/evidence/{hashlib.sha256(body).hexdigest()}"
    for who, status in (("viettel", 200), ("office", 200), ("vnpt", 403)):
        got = c.get(url, headers={"Authorization": f"Bearer {tokens[who]}"})
        assert got.status_code == status, who
    assert got.status_code == 403
    ok = c.get(url, headers={"Authorization": f"Bearer {tokens['viettel']}"})
    assert ok.content == body and ok.headers["content-type"].startswith("text/csv")


def _drive_test_on_c00001(c, tokens) -> tuple[bytes, str]:
    """Viettel comments C00001 (assigned to it) with its drive test: the body, its URL."""
    body = DRIVE_TEST.encode("utf-8")
    r = c.post(
        "/api/register/cases/C00001/steps/comment",
        data={"note": "drive test of 20 Nov"},
        files={"evidence_file": ("do-kiem.csv", body, "text/csv")},
        headers={"Authorization": f"Bearer {tokens['viettel']}"},
    )
    assert r.status_code == 200
    return body, f"/register/C00001/evidence/{hashlib.sha256(body).hexdigest()}"


def test_the_timeline_names_a_file_only_to_those_who_may_download_it(web):
    """VNPT, signed in, reads that Viettel's comment carried one file, not its name;
    Viettel and the office read the name as a link to the file."""
    c, ws, tokens = web
    _, url = _drive_test_on_c00001(c, tokens)
    _sign_in(c, tokens["vnpt"])
    page = c.get("/register/C00001").text
    assert "do-kiem.csv" not in page and url not in page and "evidence-files" not in page
    assert "1 tệp minh chứng" in page
    assert "1 evidence file(s)" in c.get("/register/C00001?lang=en").text
    for who in ("viettel", "office"):
        c.cookies.clear()
        _sign_in(c, tokens[who])
        page = c.get("/register/C00001").text
        link = f'<a href="{url}" data-testid="timeline-evidence-file">do-kiem.csv</a>'
        assert link in page and "1 tệp minh chứng" not in page, who


def test_the_api_lists_a_case_s_files_to_those_who_may_download_them(web):
    c, ws, tokens = web
    body, url = _drive_test_on_c00001(c, tokens)
    expected = [
        {
            "name": "do-kiem.csv",
            "media_type": "text/csv",
            "bytes": len(body),
            "sha256": hashlib.sha256(body).hexdigest(),
            "url": url,
        }
    ]
    for who in ("viettel", "office", "vnpt", None):
        headers = {"Authorization": f"Bearer {tokens[who]}"} if who else {}
        result = c.get("/api/register/cases/C00001", headers=headers).json()["result"]
        assert result.get("evidence_files") == (None if who in ("vnpt", None) else expected), who
        assert result["state"] == "assigned"


def test_a_file_over_the_limit_is_refused_and_nothing_is_kept(web):
    c, ws, tokens = web
    _sign_in(c, tokens["office"])
    before = _written(ws)
    big = PHOTO + bytes(4001 - len(PHOTO))
    r = _confirm(c, big, "anh.jpg")
    assert r.status_code == 413 and "over the 4,000 bytes" in r.text
    assert _written(ws) == before
    api = c.post(
        "/api/register/cases/C00001/steps/comment",
        data={"note": "n"},
        files={"evidence_file": ("a.jpg", big)},
        headers={"Authorization": f"Bearer {tokens['viettel']}"},
    )
    assert api.status_code == 413 and api.json()["error"]["__type"] == "Request Too Large"
    assert _written(ws) == before


@pytest.mark.parametrize(
    "name,body,why",
    [
        ("anh.jpg", b"MZ\x90\x00\x03\x00\x00\x00" + bytes(200), "not a photo (JPEG, PNG, WebP)"),
        ("anh.jpg", b"%PDF-1.7\n" + bytes(100), "the content is a PDF, not a .jpg"),
        ("ket-qua.csv", PHOTO, "the content is a JPEG photo, not a .csv"),
        ("thu.txt", "Kính gửi Sở\nĐã lắp trạm mới".encode(), "not a photo"),
    ],
)
def test_a_file_whose_content_is_not_what_hatang_takes_is_refused(web, name, body, why):
    c, ws, tokens = web
    _sign_in(c, tokens["office"])
    before = _written(ws)
    r = _confirm(c, body, name)
    assert r.status_code == 415 and why in r.text
    assert _written(ws) == before
    assert "reported" in c.get("/api/register/cases/C00005").json()["result"]["state"]


def test_the_content_decides_the_type():
    assert evidence.sniff(PHOTO) == "image/jpeg"
    assert evidence.sniff(b"\x89PNG\r\n\x1a\n" + bytes(8)) == "image/png"
    assert evidence.sniff(b"RIFF\x10\x00\x00\x00WEBPVP8 ") == "image/webp"
    assert evidence.sniff(b"%PDF-1.4\n") == "application/pdf"
    assert evidence.sniff(DRIVE_TEST.encode()) == "text/csv"
    assert evidence.sniff("a,b\n1,2".encode("utf-16")) is None  # NUL bytes: not UTF-8 text
    assert evidence.sniff("đo kiểm".encode()[:-1]) is None  # no delimiter in the first line
    assert evidence.check("a.JPEG", PHOTO, len(PHOTO), 10_000) == "image/jpeg"
    with pytest.raises(Exception, match="a.jpg: the file is empty"):
        evidence.check("a.jpg", b"", 0, 10_000)


def _fixed_c00004(ws) -> None:
    """Viettel reports C00004 (accepted by it) fixed: the office may verify it."""
    from hatang.register import actions
    from hatang.register.machine import Actor

    fix = {"fixed_on": "2025-12-20", "fix_action": "sharing"}
    actions.act(ws, "C00004", "fix", Actor("vt-1", "operator", "viettel"), fix)


def test_the_verify_form_keeps_its_evidence_files(web):
    """The office verifies C00004 with a drive test's CSV through the form: the file is
    archived, kept with the step, and linked from the case's page; the verdict is the
    register's own (no test after the fix in the fixture: it stays fixed)."""
    c, ws, tokens = web
    _fixed_c00004(ws)
    _sign_in(c, tokens["office"])
    page = c.get("/register/C00004").text
    assert 'data-testid="evidence-input-verify"' in page
    body = DRIVE_TEST.encode("utf-8")
    r = c.post(
        "/register/C00004/verify",
        data={"csrf_token": _csrf(c, "/register/C00004"), "note": "đo kiểm 22/12"},
        files={"evidence_file": ("../đo kiểm\x1b.csv", body, "text/csv")},
        follow_redirects=False,
    )
    assert (r.status_code, r.headers["location"]) == (303, "/register/C00004#timeline")
    digest = hashlib.sha256(body).hexdigest()
    assert (ws.raw_dir / f"{digest}.csv").read_bytes() == body
    with ws.connect(read_only=True) as con:
        action, state, note, text = con.execute(
            "SELECT action, to_state, note, evidence FROM register_events "
            "WHERE case_id = 'C00004' ORDER BY seq DESC LIMIT 1"
        ).fetchone()
    assert (action, state, note) == ("verification-failed", "fixed", "đo kiểm 22/12")
    assert json.loads(text) == [
        {
            "kind": "file",
            "name": "đo_kiểm.csv",
            "sha256": digest,
            "media_type": "text/csv",
            "bytes": len(body),
        }
    ]
    page = c.get("/register/C00004").text
    assert page.count(f'href="/register/C00004/evidence/{digest}"') == 2  # files, timeline
    assert c.get(f"/register/C00004/evidence/{digest}").content == body


def test_verify_through_the_api_takes_files_too(web):
    c, ws, tokens = web
    _fixed_c00004(ws)
    r = c.post(
        "/api/register/cases/C00004/steps/verify",
        files={"evidence_file": ("anh.jpg", PHOTO, "image/jpeg")},
        headers={"Authorization": f"Bearer {tokens['office']}"},
    )
    assert r.status_code == 200, r.text
    got = r.json()["result"]
    assert got["action"] == "verification-failed" and got["passed"] is False
    assert got["why"].startswith("0 test(s) after 2025-12-20 in the area, 10 needed")
    digest = hashlib.sha256(PHOTO).hexdigest()
    assert (ws.raw_dir / f"{digest}.jpg").read_bytes() == PHOTO
