"""Issue 11 §3: every response carries the security headers, HEAD answers as GET, the API
docs work offline, uploads keep their (sanitised) name, chunked bodies over the limit
get 413 — and docs/web.md's checks by hand say what these tests check."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from hatang.io.names import safe_display_name
from hatang.store import web_queries as q
from hatang.web.middleware import CONTENT_SECURITY_POLICY, SECURITY_HEADERS

DOCS = Path(__file__).resolve().parents[2] / "docs" / "web.md"
EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"
PATHS = [
    "/",
    "/map",
    "/dead-spots?q=anything",
    "/dataset/sites/sites.csv",
    "/api/3/action/package_list",
    "/no-such-page",
    "/api/openapi.json",
    "/api/docs",
    "/static/hatang.css",
    "/favicon.ico",
]


@pytest.mark.parametrize("path", PATHS)
def test_every_response_has_the_security_headers(client, path):
    r = client.get(path)
    for name, value in SECURITY_HEADERS:
        assert r.headers[name.decode()] == value.decode(), (path, name)
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-eval" not in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]


def test_server_errors_have_the_headers_too(make_client, fresh_ws, monkeypatch):
    import warnings

    from fastapi.testclient import TestClient

    from hatang.publish import ckan
    from hatang.web import create_app

    monkeypatch.setitem(ckan.ACTIONS, "package_list", lambda p, params: 1 / 0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        c = TestClient(create_app(fresh_ws), raise_server_exceptions=False)
    r = c.get("/api/3/action/package_list")
    assert r.status_code == 500
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["content-security-policy"] == CONTENT_SECURITY_POLICY


@pytest.mark.parametrize(
    "path", ["/", "/dead-spots", "/dataset/sites/sites.csv", "/nope", "/favicon.ico"]
)
def test_head_answers_like_get(client, path):
    got, head = client.get(path), client.head(path)
    assert head.status_code == got.status_code
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert int(head.headers["content-length"]) == len(got.content)


def test_api_docs_work_offline(client):
    page = client.get("/api/docs")
    assert page.status_code == 200
    assert not re.search(r"(src|href)=\"(https?:)?//", page.text), "a CDN in the docs page"
    assert "<script>" not in page.text  # the start-up script is a file (CSP)
    for asset in re.findall(r'(?:src|href)="(/[^"]+)"', page.text):
        r = client.get(asset)
        assert r.status_code == 200 and len(r.content) > 100, asset
    assert client.get("/api/openapi.json").json()["paths"]


def test_favicon(client):
    r = client.get("/favicon.ico")
    assert r.status_code == 200 and r.headers["content-type"] == "image/x-icon"
    assert r.content[:4] == b"\x00\x00\x01\x00"  # an ICO file


@pytest.fixture
def token(fresh_ws) -> str:
    with fresh_ws.connect() as con:
        return q.create_token(con, "tester")


def test_upload_keeps_its_file_name(make_client, fresh_ws, token):
    c = make_client(fresh_ws)
    data = (EXAMPLES / "services.csv").read_bytes()
    r = c.post(
        "/api/import/services",
        files={"file": ("../dịch vụ công\x1b[2J 2025.csv", data, "text/csv")},
        data={"period": "2025Q3"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert r.status_code == 200, r.text
    assert r.json()["result"]["report"]["file"] == "dịch_vụ_công_2J_2025.csv"
    with fresh_ws.connect() as con:
        names = [n for (n,) in con.execute("SELECT file_name FROM imports").fetchall()]
    assert "dịch_vụ_công_2J_2025.csv" in names and "upload.csv" not in names


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("a.csv", "a.csv"),
        ("C:\\Users\\x\\Trạm BTS.xlsx", "Trạm_BTS.xlsx"),
        ("../../etc/passwd\n.csv", "passwd.csv"),
        ("\x1b]0;title\x07.csv", "0_title.csv"),
        ("..\n.csv", "upload.csv"),
        (None, "upload"),
        ("x" * 300 + ".csv", "x" * 96 + ".csv"),
    ],
)
def test_shown_file_names_are_sanitised(given, shown):
    assert safe_display_name(given) == shown


def test_chunked_upload_over_the_limit_is_413(make_client, fresh_ws, token):
    fresh_ws.settings.web.max_upload_mb = 1
    c = make_client(fresh_ws)
    head = (
        b'--XX\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n'
        b"Content-Type: text/csv\r\n\r\n"
    )
    body = head + b"x" * (3 << 20) + b"\r\n--XX--\r\n"

    def chunks():  # no Content-Length: the server counts as it reads
        for i in range(0, len(body), 1 << 16):
            yield body[i : i + (1 << 16)]

    r = c.post(
        "/api/import/services",
        content=chunks(),
        headers={
            "content-type": "multipart/form-data; boundary=XX",
            "Authorization": f"Bearer {token}",
        },
    )
    assert r.status_code == 413, r.text
    assert "max_upload_mb" in r.json()["error"]["message"]
    assert r.headers["x-content-type-options"] == "nosniff"


def _doc_section(title: str) -> str:
    text = DOCS.read_text(encoding="utf-8")
    start = text.index(title)
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else None]


def test_docs_list_exactly_the_headers_sent(client):
    """docs/web.md's table of headers is what every response carries."""
    section = _doc_section("## Security headers and limits")
    documented = dict(re.findall(r"^\| `([A-Za-z-]+)` \| `([^`]+)` \|", section, re.M))
    sent = {k.decode(): v.decode() for k, v in SECURITY_HEADERS}
    assert {k.lower(): v for k, v in documented.items()} == sent
    r = client.get("/")
    for name, value in documented.items():
        assert r.headers[name] == value


def test_docs_limits_are_the_settings(fresh_ws):
    """The limits docs/web.md states are the settings' defaults."""
    from hatang.settings import Settings

    section = _doc_section("## Security headers and limits")
    mb = int(re.search(r"max_upload_mb = (\d+)", section).group(1))
    assert Settings().web.max_upload_mb == mb
    assert "413" in section and "HEAD" in section
