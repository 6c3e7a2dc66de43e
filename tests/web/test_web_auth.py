"""Signing in with a token (hatang.web.auth): the session cookie, CSRF on forms, the
bearer API, 401 / 403, expiry and revocation — through the real app and its store."""

from __future__ import annotations

import os
import re
import time

import pytest
from fastapi import Request

from hatang.store import web_queries as q
from hatang.web import auth


def _token(ws, name: str, role: str = "analyst", operator: str | None = None) -> str:
    with ws.connect() as con:
        return q.create_token(con, name, role, operator)


@pytest.fixture
def app_client(fresh_ws, make_client):
    """A client of a fresh workspace with two probe routes that use the module's API."""
    c = make_client(fresh_ws)

    @c.app.get("/probe/who")
    def who(request: Request) -> dict:
        a = auth.current_actor(request)
        return {"actor": None if a is None else [a.name, a.role, a.operator]}

    @c.app.post("/probe/analysts", dependencies=[auth.CsrfDep])
    def analysts(request: Request) -> dict:
        return {"name": auth.require_actor(request, "admin", "analyst").name}

    with c:
        yield c


def _csrf(c, path: str = "/login") -> str:
    page = c.get(path)
    return re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)


def _sign_in(c, token: str, next_: str = "/"):
    return c.post(
        "/login",
        data={"token": token, "csrf_token": _csrf(c), "next": next_},
        follow_redirects=False,
    )


def test_login_sets_a_signed_httponly_strict_session(app_client, fresh_ws):
    token = _token(fresh_ws, "Sở TTTT — Lan")
    first = app_client.get("/login")
    csrf_cookie = first.headers["set-cookie"]
    assert "hatang_csrf=" in csrf_cookie and "HttpOnly" in csrf_cookie
    assert "SameSite=Strict" in csrf_cookie or "samesite=strict" in csrf_cookie.lower()
    r = _sign_in(app_client, token, "/probe/who")
    assert r.status_code == 303 and r.headers["location"] == "/probe/who"
    cookie = r.headers["set-cookie"]
    assert cookie.startswith("hatang_session=")
    assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower()
    assert f"Max-Age={12 * 3600}" in cookie
    assert token not in cookie and token[4:20] not in cookie  # the secret never travels back
    assert app_client.get("/probe/who").json() == {"actor": ["Sở TTTT — Lan", "analyst", None]}
    assert "Sở TTTT — Lan" in app_client.get("/").text  # the pages say who is signed in


def test_login_refuses_without_csrf_and_with_a_bad_token(app_client, fresh_ws):
    token = _token(fresh_ws, "lan")
    app_client.get("/login")
    no_csrf = app_client.post("/login", data={"token": token}, follow_redirects=False)
    assert no_csrf.status_code == 403 and "hatang_session" not in no_csrf.headers.get(
        "set-cookie", ""
    )
    wrong = app_client.post(
        "/login", data={"token": token, "csrf_token": "x" * 43}, follow_redirects=False
    )
    assert wrong.status_code == 403
    bad = _sign_in(app_client, "hat_not-a-token")
    assert bad.status_code == 401 and "không hợp lệ" in bad.text
    assert app_client.get("/probe/who").json() == {"actor": None}


def test_next_is_only_a_path_of_this_site(app_client, fresh_ws):
    token = _token(fresh_ws, "lan")
    for target in ("//evil.example/x", "https://evil.example/", "/\\evil.example"):
        assert _sign_in(app_client, token, target).headers["location"] == "/"


def test_form_posts_need_the_csrf_token_and_a_role(app_client, fresh_ws):
    analyst, operator = _token(fresh_ws, "lan"), _token(fresh_ws, "vt", "operator", "viettel")
    assert (
        app_client.post("/probe/analysts", data={"csrf_token": _csrf(app_client)}).status_code
        == 401
    )
    _sign_in(app_client, analyst)
    assert app_client.post("/probe/analysts", data={}).status_code == 403  # no CSRF token
    ok = app_client.post("/probe/analysts", data={"csrf_token": _csrf(app_client)})
    assert ok.status_code == 200 and ok.json() == {"name": "lan"}
    header = app_client.post("/probe/analysts", headers={"X-CSRF-Token": _csrf(app_client)})
    assert header.status_code == 200
    _sign_in(app_client, operator)
    refused = app_client.post("/probe/analysts", data={"csrf_token": _csrf(app_client)})
    assert refused.status_code == 403 and "operator" in refused.text


def test_bearer_api_needs_no_cookie_and_no_csrf(fresh_ws, make_client):
    token = _token(fresh_ws, "script")
    c = make_client(fresh_ws)

    @c.app.post("/probe/api")
    def api(request: Request) -> dict:
        return {"name": auth.require_actor(request).name}

    with c:
        assert c.post("/probe/api").status_code == 401
        assert c.post("/probe/api", headers={"Authorization": "Bearer hat_nope"}).status_code == 401
        r = c.post("/probe/api", headers={"Authorization": f"Bearer {token}"})
        assert r.status_code == 200 and r.json() == {"name": "script"}


def test_revoked_token_ends_the_session_and_logout_clears_it(app_client, fresh_ws):
    token = _token(fresh_ws, "lan")
    _sign_in(app_client, token)
    assert app_client.get("/probe/who").json()["actor"][0] == "lan"
    out = app_client.post(
        "/logout", data={"csrf_token": _csrf(app_client, "/")}, follow_redirects=False
    )
    assert out.status_code == 303 and 'hatang_session=""' in out.headers["set-cookie"]
    assert app_client.get("/probe/who").json() == {"actor": None}
    _sign_in(app_client, token)
    with fresh_ws.connect() as con:
        q.revoke_token(con, "lan")
    assert app_client.get("/probe/who").json() == {"actor": None}


def test_session_values_are_signed_and_expire(tmp_path):
    key = auth.load_key(tmp_path)
    assert auth.load_key(tmp_path) == key and len(key) == 32
    assert (tmp_path / "session.key").stat().st_mode & 0o777 == 0o600
    v = auth.session_value(key, "ab" * 32, hours=1, now=1_000_000)
    assert auth.session_hash(key, v, now=1_000_000 + 3599) == "ab" * 32
    assert auth.session_hash(key, v, now=1_000_000 + 3601) is None  # expired
    assert auth.session_hash(b"another key" * 3, v, now=1_000_000) is None
    body, _, mac = v.partition(".")
    forged = auth._b64(auth._unb64(body).replace(b"ab", b"cd", 1)) + "." + mac
    assert auth.session_hash(key, forged, now=1_000_000) is None
    assert auth.session_hash(key, "", now=time.time()) is None


def test_cached_pages_never_show_another_visitors_sign_in(app_client, fresh_ws):
    from fastapi.testclient import TestClient

    _sign_in(app_client, _token(fresh_ws, "Nguyễn Thị Lan"))
    assert "Nguyễn Thị Lan" in app_client.get("/").text  # builds and caches the overview
    other = TestClient(app_client.app)
    page = other.get("/").text
    assert "Nguyễn Thị Lan" not in page and 'href="/login?next=/"' in page
    mine = re.search(
        r'action="/logout"><input type="hidden" name="csrf_token" value="([^"]+)"',
        app_client.get("/").text,
    )
    assert mine and mine.group(1) == _csrf(app_client)  # the sign-out form carries my token


def test_a_workspace_folder_the_server_cannot_write_still_signs(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o500)
    try:
        if os.access(folder, os.W_OK):
            pytest.skip("running as a user who may write anywhere (root)")
        key = auth.load_key(folder)
        assert len(key) == 32 and not (folder / "session.key").exists()
    finally:
        folder.chmod(0o700)
