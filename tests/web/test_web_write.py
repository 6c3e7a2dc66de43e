"""Write API: tokens (CLI and store), auth, upload through the same importers, size limit."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from hatang.store import web_queries as q

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def _services_count(ws) -> int:
    with ws.connect() as con:
        return con.execute("SELECT count(*) FROM services").fetchone()[0]


def test_token_cli_create_list_revoke(fresh_ws):
    from hatang.cli import app

    runner = CliRunner()
    r = runner.invoke(app, ["token", "create", "sở-tt", "--workspace", str(fresh_ws.root)])
    assert r.exit_code == 0, r.output
    token = r.output.splitlines()[0].strip()
    assert token.startswith("hat_") and len(token) > 40
    with fresh_ws.connect() as con:
        stored = con.execute("SELECT token_sha256 FROM api_tokens").fetchall()
        assert stored == [(q.hash_token(token),)]  # only the hash is kept
        assert q.token_holder(con, token) == "sở-tt"
    listed = runner.invoke(app, ["token", "list", "--workspace", str(fresh_ws.root)])
    assert "sở-tt" in listed.output and "active" in listed.output and token not in listed.output
    dup = runner.invoke(app, ["token", "create", "sở-tt", "--workspace", str(fresh_ws.root)])
    assert dup.exit_code != 0
    r = runner.invoke(app, ["token", "revoke", "sở-tt", "--workspace", str(fresh_ws.root)])
    assert r.exit_code == 0
    with fresh_ws.connect() as con:
        assert q.token_holder(con, token) is None
    missing = runner.invoke(app, ["token", "revoke", "nobody", "--workspace", str(fresh_ws.root)])
    assert missing.exit_code != 0


@pytest.fixture
def token(fresh_ws) -> str:
    with fresh_ws.connect() as con:
        return q.create_token(con, "tester")


def _upload(c, kind, content: bytes, name="services.csv", token=None, **form):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return c.post(
        f"/api/import/{kind}",
        files={"file": (name, content, "text/csv")},
        data=form,
        headers=headers,
    )


def test_write_needs_a_valid_token(make_client, fresh_ws, token):
    c = make_client(fresh_ws)
    good = (EXAMPLES / "services.csv").read_bytes()
    before = _services_count(fresh_ws)
    for headers in (
        {},
        {"Authorization": "Bearer hat_wrong"},
        {"Authorization": "Basic abc"},
        {"X-API-Key": "x' OR '1'='1"},
    ):
        r = c.post(
            "/api/import/services", files={"file": ("s.csv", good, "text/csv")}, headers=headers
        )
        assert r.status_code == 403, r.text
        assert r.json()["success"] is False and r.json()["error"]["message"]
        assert c.post("/api/compute", headers=headers).status_code == 403
    assert _services_count(fresh_ws) == before
    r = _upload(c, "services", good, token=token)
    assert r.status_code == 200, r.text
    rep = r.json()["result"]["report"]
    assert rep["rows_loaded"] > 0 and rep["file"] == "services.csv"
    assert _services_count(fresh_ws) > before
    # the dashboard sees the new rows at once
    assert rep["rows_loaded"] <= len(c.get("/services?format=csv&period=").text.splitlines())
    # revoked: refused again
    with fresh_ws.connect() as con:
        q.revoke_token(con, "tester")
    assert _upload(c, "services", good, token=token).status_code == 403


def test_x_api_key_header_works_too(make_client, fresh_ws, token):
    c = make_client(fresh_ws)
    r = c.post(
        "/api/import/services",
        files={"file": ("s.csv", (EXAMPLES / "services.csv").read_bytes(), "text/csv")},
        headers={"X-API-Key": token},
    )
    assert r.status_code == 200, r.text


def test_bad_file_answers_422_with_every_problem(make_client, fresh_ws, token):
    c = make_client(fresh_ws)
    bad = "Kỳ,Mã thủ tục,Tên thủ tục,Cơ quan,Mức độ,Tích hợp Cổng DVC quốc gia\n2025Q3,1,A,B,hoàn hảo,có\n2025Q3,2,C,D,Toàn trình,có lẽ\n"
    before = _services_count(fresh_ws)
    r = _upload(c, "services", bad.encode("utf-8"), name="../../etc/dịch vụ.csv", token=token)
    assert r.status_code == 422, r.text
    err = r.json()["error"]
    assert len(err["problems"]) >= 2
    for p in err["problems"]:
        assert (
            p["text"].startswith("dich_vu.csv:")
            or p["text"].startswith("_.csv:")
            or ".csv:" in p["text"]
        )
        assert "/tmp" not in p["text"] and "hatang-upload" not in p["text"]
        assert p["row"] is not None and p["reason"]
    # 'hoàn hảo' is no services level; 'có lẽ' is no yes/no value
    assert [p["type"] for p in err["problems"]] == ["not-allowed", "type-error"]
    assert err["problem_types"] == {"not-allowed": 1, "type-error": 1}
    assert _services_count(fresh_ws) == before


def test_unknown_kind_and_file_type(make_client, fresh_ws, token):
    c = make_client(fresh_ws)
    r = _upload(c, "passwords", b"a,b\n1,2\n", token=token)
    assert r.status_code == 422 and "unknown import kind" in r.json()["error"]["message"]
    r = _upload(c, "services", b"MZ...", name="evil.exe", token=token)
    assert r.status_code == 422 and "unsupported file type" in r.json()["error"]["message"]
    r = c.post("/api/import/services", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 422 and r.json()["success"] is False


def test_body_size_limit_is_413_json(make_client, fresh_ws, token):
    fresh_ws.settings.web.max_upload_mb = 1
    c = make_client(fresh_ws)
    big = b"x" * (1024 * 1024 + 10)
    r = _upload(c, "services", big, token=token)
    assert r.status_code == 413
    assert "max_upload_mb" in r.json()["error"]["message"]

    # chunked bodies without a length are counted too
    def chunks():
        for _ in range(3):
            yield b"y" * (600 * 1024)

    r = c.post(
        "/api/3/action/package_list", content=chunks(), headers={"content-type": "application/json"}
    )
    assert r.status_code == 413
    assert (
        _upload(c, "services", (EXAMPLES / "services.csv").read_bytes(), token=token).status_code
        == 200
    )


def test_public_endpoints_are_read_only(client):
    for path in ("/", "/map", "/dataset/sites/sites.csv", "/catalog.jsonld"):
        assert client.post(path).status_code == 405
    assert client.delete("/api/3/action/package_show").status_code == 405
    assert client.get("/api/import/services").status_code == 405


def test_compute_endpoint(make_client, fresh_ws, token):
    c = make_client(fresh_ws)
    r = c.post("/api/compute", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code in (200, 503), r.text
    body = r.json()
    if r.status_code == 503:
        assert "indicator engine" in body["error"]["message"]
    else:
        assert body["success"] is True


def test_busy_workspace_answers_503(make_client, fresh_ws):
    """Another process holding the database: a clear 503, not a traceback."""
    import subprocess
    import sys
    import time

    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); print('locked', flush=True); time.sleep(30)",
            str(fresh_ws.db_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        c = make_client(fresh_ws)
        r = c.get("/api/3/action/package_list")
        assert r.status_code == 503 and "busy" in r.json()["error"]["message"]
        page = c.get("/")
        # the page in its language (Vietnamese by default), naming who holds it
        assert page.status_code == 503 and "đang được cập nhật" in page.text
        assert "busy" in c.get("/?lang=en").text
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    time.sleep(0.2)
    assert make_client(fresh_ws).get("/api/3/action/package_list").status_code == 200


def test_serve_command_is_registered():
    from hatang.cli import app

    r = CliRunner().invoke(app, ["serve", "--help"])
    assert r.exit_code == 0 and "--port" in r.output and "--host" in r.output


def test_unexpected_errors_are_json_under_api(make_client, fresh_ws, monkeypatch):
    import warnings

    from fastapi.testclient import TestClient

    from hatang.publish import ckan
    from hatang.web import create_app

    def boom(p, params):
        raise RuntimeError("boom")

    monkeypatch.setitem(ckan.ACTIONS, "package_list", boom)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        c = TestClient(create_app(fresh_ws), raise_server_exceptions=False)
    r = c.get("/api/3/action/package_list")
    assert r.status_code == 500
    assert r.json()["success"] is False and "RuntimeError" in r.json()["error"]["message"]
