"""POST /api/submissions, the problems downloads and the submissions pages, in-process."""

from __future__ import annotations

import io

import pandas as pd
import pytest


@pytest.fixture
def sub_client(fresh_ws, make_client):
    from hatang.store import web_queries

    with fresh_ws.connect() as con:
        tokens = {
            "viettel": web_queries.create_token(con, "vt", role="operator", operator="viettel"),
            "office": web_queries.create_token(con, "office", role="analyst"),
        }
    with make_client(fresh_ws) as c:
        yield c, tokens, fresh_ws


def _csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8")


def _q4(operator: str | None = None) -> pd.DataFrame:
    from hatang.testing import fixture_frames

    f = fixture_frames()["subscriptions"]
    f = f[f["period"] == "2025Q4"].drop(columns=["period"])
    return f if operator is None else f[f["operator"] == operator]


def _post(c, token: str, body: bytes, name: str = "thuê bao.csv", **data: str):
    return c.post(
        "/api/submissions",
        files={"file": (name, body)},
        data={"kind": "subscriptions", "period": "2025Q4", **data},
        headers={"Authorization": f"Bearer {token}"},
    )


def test_the_api_answers_the_validation_report(sub_client):
    c, tokens, _ = sub_client
    r = _post(c, tokens["viettel"], _csv(_q4()))
    assert r.status_code == 200
    f = r.json()["result"]
    assert (f["filing_id"], f["state"], f["problems"]) == ("F1", "refused", 7)
    first = f["report"]["problems"][0]
    assert first["text"].startswith("thuê_bao.csv:3:operator: 'vnpt' — not a row of Viettel")
    assert f["report"]["problem_types"] == {"operator-scope": 7}
    r = _post(c, tokens["viettel"], _csv(_q4("viettel")))
    assert r.json()["result"]["state"] == "staged"
    assert r.json()["result"]["report"]["diff"]["rows_changed"] == 6


def test_an_operator_token_gets_403_on_another_operators_kind(sub_client):
    c, tokens, ws = sub_client
    r = _post(c, tokens["viettel"], _csv(_q4("vnpt")), filer="vnpt")
    assert r.status_code == 403
    assert "viettel token cannot file for vnpt" in r.json()["error"]["message"]
    r = _post(c, tokens["viettel"], _csv(_q4("vnpt")), kind="services")
    assert r.status_code == 403
    assert _post(c, "hatang_wrong", _csv(_q4("viettel"))).status_code == 403
    with ws.connect(read_only=True) as con:
        assert con.execute("SELECT count(*) FROM filings").fetchone() == (0,)


def test_a_filing_is_shown_to_its_filer_and_the_office_only(sub_client):
    from hatang.store import web_queries

    c, tokens, ws = sub_client
    _post(c, tokens["viettel"], _csv(_q4("viettel")))
    with ws.connect() as con:
        vnpt = web_queries.create_token(con, "vn", role="operator", operator="vnpt")
    get = lambda t: c.get("/api/submissions/F1", headers={"Authorization": f"Bearer {t}"})  # noqa: E731
    assert get(tokens["viettel"]).status_code == 200
    assert get(tokens["office"]).json()["result"]["filer"] == "viettel"
    assert get(vnpt).status_code == 403


def test_the_problems_download_as_csv_and_xlsx_with_vietnamese_headers(sub_client):
    c, tokens, _ = sub_client
    _post(c, tokens["viettel"], _csv(_q4()))
    c.headers["Authorization"] = f"Bearer {tokens['viettel']}"  # its filer (see access below)
    csv = c.get("/submissions/F1/problems.csv")
    assert csv.status_code == 200
    frame = pd.read_csv(io.BytesIO(csv.content), encoding="utf-8-sig")
    assert list(frame.columns[:6]) == ["Tệp", "Dòng", "Cột", "Giá trị", "Lý do", "Loại lỗi"]
    assert frame["Dòng"].tolist() == [3, 5, 7, 8, 9, 13, 14]
    xlsx = c.get("/submissions/F1/problems.xlsx")
    book = pd.read_excel(io.BytesIO(xlsx.content), sheet_name="loi")
    assert book["Dòng"].tolist() == [3, 5, 7, 8, 9, 13, 14]


def test_the_grid_and_the_filing_page(sub_client):
    c, tokens, _ = sub_client
    _post(c, tokens["viettel"], _csv(_q4()))
    _post(c, tokens["viettel"], _csv(_q4("viettel")))
    grid = c.get("/submissions?period=2025Q4&lang=en")
    assert grid.status_code == 200
    assert 'data-testid="cell-viettel-subscriptions" class="sub-staged"' in grid.text
    assert 'data-testid="cell-vnpt-subscriptions" class="sub-missing"' in grid.text
    _sign_in(c, tokens["office"])
    page = c.get("/submissions/F1?lang=en")
    assert page.status_code == 200 and "not a row of Viettel" in page.text
    assert "replaced" in page.text and 'href="/submissions/F2"' in page.text
    page = c.get("/submissions/F1?lang=vi")  # the importer's reason in the page's language
    assert "không phải dòng của Viettel" in page.text and "not a row of" not in page.text
    assert c.get("/submissions/F9").status_code == 404


def _csrf(c, path: str) -> str:
    import re

    return re.search(r'name="csrf_token" value="([^"]+)"', c.get(path).text).group(1)


def _sign_in(c, token: str) -> None:
    r = c.post(
        "/login",
        data={"token": token, "csrf_token": _csrf(c, "/login"), "next": "/"},
        follow_redirects=False,
    )
    assert r.status_code == 303


def test_the_filing_form_needs_a_sign_in_and_files_as_the_signed_in_operator(sub_client):
    c, tokens, _ = sub_client
    first = c.get("/submissions/file", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"].startswith("/login")
    _sign_in(c, tokens["viettel"])
    page = c.get("/submissions/file")
    assert 'value="viettel"' in page.text and 'value="vnpt"' not in page.text
    post = dict(kind="subscriptions", period="2025Q4", filer="viettel")
    body = {"file": ("thuê bao.csv", _csv(_q4("viettel")))}
    no_csrf = c.post("/submissions/file", data=post, files=body, follow_redirects=False)
    assert no_csrf.status_code == 403
    token = _csrf(c, "/submissions/file")
    done = c.post(
        "/submissions/file", data={**post, "csrf_token": token}, files=body, follow_redirects=False
    )
    assert (done.status_code, done.headers["location"]) == (303, "/submissions/F1")
    other = c.post(
        "/submissions/file", data={**post, "filer": "vnpt", "csrf_token": token}, files=body
    )
    assert other.status_code == 403 and "cannot file for vnpt" in other.text
    assert 'data-testid="decide"' not in c.get("/submissions/F1").text  # operators do not decide


def test_the_office_accepts_and_rejects_from_the_filing_page(sub_client):
    c, tokens, ws = sub_client
    _post(c, tokens["viettel"], _csv(_q4("viettel")))
    _post(c, tokens["viettel"], _csv(_q4("viettel").assign(count=1)), name="b.csv")
    _sign_in(c, tokens["office"])
    page = c.get("/submissions/F2")
    assert 'data-testid="decide"' in page.text
    token = _csrf(c, "/submissions/F2")
    refused = c.post("/submissions/F2/reject", data={"csrf_token": token, "reason": ""})
    assert refused.status_code == 422
    r = c.post(
        "/submissions/F2/reject",
        data={"csrf_token": token, "reason": "counts of 1 cannot be right"},
        follow_redirects=False,
    )
    assert r.status_code == 303
    assert "counts of 1 cannot be right" in c.get("/submissions/F2").text
    _post(c, tokens["viettel"], _csv(_q4("viettel")), name="c.csv")
    r = c.post("/submissions/F3/accept", data={"csrf_token": token}, follow_redirects=False)
    assert r.status_code == 303
    with ws.connect(read_only=True) as con:
        states = dict(con.execute("SELECT filing_id, state FROM filings").fetchall())
    assert states == {"F1": "replaced", "F2": "replaced", "F3": "accepted"}


def test_a_grid_of_a_period_that_is_no_quarter_is_a_clear_422_page(sub_client):
    c, _, _ = sub_client
    for bad in ("0000Q1", "9999Q4", "2025", "soon"):
        r = c.get(f"/submissions?period={bad}&lang=en")
        assert r.status_code == 422, bad
        assert "--period" in r.text and "<html" in r.text.lower(), bad


def test_a_filing_not_accepted_is_shown_to_its_filer_and_the_office_only(sub_client):
    """Staged (F2) and refused-then-replaced (F1) filings: signed out → the sign-in page
    (the page) or 401 (the downloads); VNPT → 403; Viettel, its filer, and the office → 200.
    Once accepted (F3) the page is public, with roles in place of names."""
    from hatang.store import web_queries

    c, tokens, ws = sub_client
    _post(c, tokens["viettel"], _csv(_q4()), name="thue-bao_lan-1.csv")
    _post(c, tokens["viettel"], _csv(_q4("viettel")), name="thue-bao_lan-2.csv")
    with ws.connect() as con:
        tokens["vnpt"] = web_queries.create_token(con, "vn-staff", role="operator", operator="vnpt")
    paths = ["/submissions/F1", "/submissions/F2", "/submissions/F1/problems.csv"]
    paths.append("/submissions/F1/problems.xlsx")
    for path in paths:
        r = c.get(path, follow_redirects=False)
        if path.endswith(("csv", "xlsx")):
            assert r.status_code == 401, path
        else:
            assert r.status_code == 303, path
            assert r.headers["location"] == f"/login?next={path}&lang=vi"
    for who, status in (("vnpt", 403), ("viettel", 200), ("office", 200)):
        bearer = {"Authorization": f"Bearer {tokens[who]}"}
        for path in paths:
            assert c.get(path, headers=bearer).status_code == status, (who, path)
    _sign_in(c, tokens["vnpt"])  # the session cookie, not a bearer token: the same answers
    assert c.get("/submissions/F2").status_code == 403
    assert c.get("/submissions/F1/problems.csv").status_code == 403
    grid = c.get("/submissions?period=2025Q4")
    assert grid.status_code == 200 and 'class="sub-staged"' in grid.text
    assert "thue-bao_lan-2.csv" not in grid.text and "<td>vt</td>" not in grid.text
    _sign_in(c, tokens["viettel"])
    mine = c.get("/submissions?period=2025Q4").text
    assert "thue-bao_lan-2.csv" in mine and "<td>vt</td>" in mine
    _post(c, tokens["viettel"], _csv(_q4("viettel")), name="thue-bao_lan-3.csv")
    from hatang.register.machine import Actor
    from hatang.submissions import filing

    filing.accept(ws, Actor("office", "analyst"), "F3", recompute=False)
    c.cookies.clear()
    public = c.get("/submissions/F3?lang=en")
    assert public.status_code == 200 and "accepted" in public.text
    assert "thue-bao_lan-3.csv" not in public.text and "office (analyst)" not in public.text
    assert "(analyst)" in public.text and "(operator)" in public.text
    assert c.get("/submissions/F2", follow_redirects=False).status_code == 303
