"""The register on the web: the list (filters, map, downloads of what is shown), a
case's page (public vs signed in, the forms of the allowed steps), steps through forms
and the API (401 / 403 / 409 / 422), citizens' reports (form and API, the contact
kept but never shown, size and rate limits), the scoreboard and the overview.

The fixture province's register (hatang.testing): C00001 assigned to viettel, overdue
(response due 2025-09-13); C00002 closed (vnpt); C00003 rejected; C00004 accepted by
viettel, planned 2025-12-15 (overdue after it); C00005 reported.
"""

from __future__ import annotations

import io
import re

import pandas as pd
import pytest

from hatang.store import web_queries as q

OPEN = ["C00001", "C00004", "C00005"]


@pytest.fixture
def web(fresh_ws, make_client):
    fresh_ws.settings.register.report_rate_per_hour = 3
    with make_client(fresh_ws) as c:
        yield c, fresh_ws


def _token(ws, name, role="analyst", operator=None):
    with ws.connect() as con:
        return q.create_token(con, name, role, operator)


def _csrf(c, path="/register/report") -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', c.get(path).text).group(1)


def _sign_in(c, token):
    r = c.post("/login", data={"token": token, "csrf_token": _csrf(c, "/login")})
    assert r.status_code == 200  # followed to /register


def _ids(page: str) -> list[str]:
    return re.findall(r'data-case="([^"]+)"', page)


def _state(c, case_id):
    return c.get(f"/api/register/cases/{case_id}").json()["result"]["state"]


def test_list_filters_and_downloads_what_is_shown(web):
    c, _ = web
    assert _ids(c.get("/register").text) == ["C00001", "C00002", "C00003", "C00004", "C00005"]
    assert _ids(c.get("/register?state=assigned").text) == ["C00001"]
    assert _ids(c.get("/register?operator=viettel").text) == ["C00001", "C00004"]
    assert _ids(c.get("/register?commune=N2").text) == ["C00001"]
    assert _ids(c.get("/register?overdue=true").text) == ["C00001", "C00004"]
    page = c.get("/register?operator=viettel&overdue=true")
    assert 'href="/register?operator=viettel&amp;overdue=true&amp;format=csv"' in page.text
    body = c.get("/register?operator=viettel&overdue=true&format=csv").content.decode("utf-8-sig")
    table = pd.read_csv(io.StringIO(body), dtype=str)
    assert list(table["case_id"]) == ["C00001", "C00004"]
    assert list(table["overdue"]) == ["response", "fix"]
    assert not {"description", "contact", "actor", "note"} & set(table.columns)
    gj = c.get("/register?state=reported&format=geojson").json()
    assert [f["properties"]["case_id"] for f in gj["features"]] == ["C00005"]
    assert gj["synthetic"] is True and gj["features"][0]["geometry"]["type"] == "Point"
    assert c.get("/register?format=xls").status_code == 422


def test_english_and_the_scoreboard(web):
    c, _ = web
    assert "Dead-spot register" in c.get("/register?lang=en").text
    assert "Sổ theo dõi điểm lõm sóng" in c.get("/register?lang=vi").text
    board = c.get("/register/scoreboard").text
    assert 'data-operator="viettel"' in board and 'data-operator="vnpt"' in board


def test_overview_shows_the_register_figures(web):
    c, _ = web
    page = c.get("/").text
    figs = dict(re.findall(r'data-testid="(reg_fig_\w+)"><span class="n">([^<]+)<', page))
    assert figs["reg_fig_open"] == "3" and figs["reg_fig_overdue"] == "2"
    assert figs["reg_fig_verified"] == "1"


def test_a_case_page_public_and_signed_in(web):
    c, ws = web
    public = c.get("/register/C00001").text
    assert 'action="/register/C00001/' not in public and "/login?next=/register/C00001" in public
    _sign_in(c, _token(ws, "vt", "operator", "viettel"))
    mine = c.get("/register/C00001").text
    assert re.findall(r'data-step="([^"]+)"', mine) == ["accept", "dispute", "fix", "comment"]
    assert re.findall(r'data-step="([^"]+)"', c.get("/register/C00005").text) == []
    _sign_in(c, _token(ws, "lan"))
    steps = re.findall(r'data-step="([^"]+)"', c.get("/register/C00005").text)
    assert steps == ["confirm", "reject", "comment"]
    assert c.get("/register/C99999").status_code == 404


def test_steps_through_forms_refused_with_reasons(web):
    c, ws = web
    _sign_in(c, _token(ws, "vt", "operator", "viettel"))
    form = {"planned_on": "2026-03-31", "planned_action": "new-site", "note": "ghi chú nội bộ 42"}
    no_csrf = c.post("/register/C00001/accept", data=form)
    assert no_csrf.status_code == 403 and _state(c, "C00001") == "assigned"
    assert (
        c.post(
            "/register/C00001/assign", data={"operator": "vnpt", "csrf_token": _csrf(c)}
        ).status_code
        == 403
    )
    ok = c.post(
        "/register/C00001/accept", data={**form, "csrf_token": _csrf(c)}, follow_redirects=False
    )
    assert ok.status_code == 303 and ok.headers["location"] == "/register/C00001#timeline"
    assert _state(c, "C00001") == "accepted"
    again = c.post(
        "/register/C00001/dispute",
        data={"reason": "site-on-air", "evidence": "x", "csrf_token": _csrf(c)},
    )
    assert again.status_code == 409 and "fix" in again.text  # the allowed steps are named
    page = c.get("/register/C00001").text
    assert (
        "ghi chú nội bộ 42" in page and "vt (nhà mạng, viettel)" in page
    )  # signed in: note and who
    c.post("/logout", data={"csrf_token": _csrf(c)})
    public = c.get("/register/C00001").text
    assert "ghi chú nội bộ 42" not in public and "vt (" not in public  # the public: role only


def test_step_api_answers_401_403_409_422(web):
    c, ws = web
    vt = {"Authorization": f"Bearer {_token(ws, 'vt', 'operator', 'viettel')}"}
    vnpt = {"Authorization": f"Bearer {_token(ws, 'vn', 'operator', 'vnpt')}"}
    analyst = {"Authorization": f"Bearer {_token(ws, 'lan')}"}
    url = "/api/register/cases/C00001/steps/"
    assert c.post(url + "accept", json={}).status_code == 401
    r = c.post(
        url + "accept", json={"planned_on": "2026-03-31", "planned_action": "sector"}, headers=vnpt
    )
    assert r.status_code == 403 and "viettel" in r.json()["error"]["message"]
    r = c.post(url + "close", json={}, headers=analyst)
    assert r.status_code == 409 and r.json()["error"]["allowed"] == ["assign", "comment", "update"]
    r = c.post(url + "accept", json={"planned_on": "soon", "planned_action": "sector"}, headers=vt)
    assert r.status_code == 422 and "planned_on" in r.json()["error"]["message"]
    r = c.post(
        url + "accept", json={"planned_on": "2026-03-31", "planned_action": "sector"}, headers=vt
    )
    assert r.status_code == 200 and r.json()["result"]["to_state"] == "accepted"
    r = c.post(
        "/api/register/cases/C99999/steps/confirm", json={"evidence": ["x"]}, headers=analyst
    )
    assert r.status_code == 404
    confirm = c.post(
        "/api/register/cases/C00005/steps/confirm",
        json={"evidence": ["drive test 10/2025"]},
        headers=analyst,
    )
    assert confirm.status_code == 200 and _state(c, "C00005") == "confirmed"


def test_citizen_reports_kept_apart_from_the_public(web):
    c, ws = web
    r = c.post(
        "/api/register/reports",
        json={
            "lon": 106.13,
            "lat": 20.051,
            "description": "Nhà ông A, số 5",
            "reasons": ["no-data"],
            "contact": "0912 345 678",
        },
    )
    assert r.status_code == 201
    cid = r.json()["result"]["case_id"]
    case = c.get(f"/api/register/cases/{cid}").json()["result"]
    assert (case["source"], case["state"], case["village_code"], case["reasons"]) == (
        "citizen",
        "reported",
        "V3",
        "no-data",
    )
    assert "description" not in case and "0912" not in str(case)
    everything = c.get("/register?format=csv").text + c.get(f"/register/{cid}").text
    assert "0912" not in everything and "Nhà ông A" not in everything
    with ws.connect(read_only=True) as con:
        from hatang.store import register as store

        assert store.read_contact(con, cid) == "0912 345 678"
    by_village = c.post(
        "/api/register/reports", json={"village_code": "V5", "description": "mất sóng"}
    )
    found = c.get(f"/api/register/cases/{by_village.json()['result']['case_id']}").json()["result"]
    assert (found["lon"], found["lat"], found["village_code"]) == (106.275, 20.05, "V5")


def test_report_limits_size_and_rate(web):
    c, ws = web
    assert c.post("/api/register/reports", json={"description": "x"}).status_code == 422  # no place
    long = {"lon": 106.1, "lat": 20.05, "description": "x" * 2001}
    assert c.post("/api/register/reports", json=long).status_code == 422
    big = {"lon": 106.1, "lat": 20.05, "description": "y", "pad": "z" * 17000}
    assert c.post("/api/register/reports", json=big).status_code == 413
    assert c.post("/api/register/reports", json={"lon": 200, "lat": 20}).status_code == 422
    ok = {"lon": 106.1, "lat": 20.05}
    assert [c.post("/api/register/reports", json=ok).status_code for _ in range(3)] == [201] * 3
    r = c.post("/api/register/reports", json=ok)
    assert r.status_code == 429 and r.headers["retry-after"] == "3600"
    with ws.connect(read_only=True) as con:
        n = con.execute("SELECT count(*) FROM register_cases WHERE source = 'citizen'").fetchone()[
            0
        ]
    assert n == 3  # the refused ones wrote nothing


def test_report_form_needs_its_csrf_token(web):
    c, _ = web
    page = c.get("/register/report").text
    assert 'name="village_code"' in page and 'data-pick="1"' in page and "Thôn Năm (V5)" in page
    data = {
        "lon": "106.2",
        "lat": "20.05",
        "description": "không có sóng 4G",
        "reasons": ["no-signal-outdoor", "no-data"],
    }
    assert c.post("/register/report", data=data).status_code == 403
    r = c.post("/register/report", data={**data, "csrf_token": _csrf(c)})
    assert r.status_code == 201 and "C00006" in r.text
    assert (
        c.get("/api/register/cases/C00006").json()["result"]["reasons"]
        == "no-signal-outdoor;no-data"
    )


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("vi", "không có hồ sơ C99999 trong sổ theo dõi điểm lõm sóng"),
        ("en", "no case &#39;C99999&#39; in the register"),
    ],
)
def test_an_unknown_case_s_page_names_it_in_both_languages(client, lang, said):
    """The 404 of a case says which case, in Vietnamese too (it said 'không có hồ sơ
    này', the Vietnamese half of an uncoded message, without the id)."""
    r = client.get(f"/register/C99999?lang={lang}")
    assert r.status_code == 404 and said in r.text


def test_an_unknown_evidence_file_names_the_case_and_the_file(web):
    c, ws = web
    _sign_in(c, _token(ws, "lan"))
    r = c.get("/register/C00005/evidence/" + "ab" * 32 + "?lang=vi")
    assert r.status_code == 404
    assert "hồ sơ C00005 không có tệp minh chứng abababababab…" in r.text
    r = c.get("/register/C00005/evidence/" + "ab" * 32 + "?lang=en")
    assert "no evidence file abababababab… on C00005" in r.text
