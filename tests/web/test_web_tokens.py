"""A signed-in visitor while a CLI import holds the workspace (hatang.web.tokens): the
server answers at once, from what it knew, instead of stalling every visitor until the
writer is done; a revocation still ends the session on the next request."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx

from hatang.store import web_queries as q

REPO = Path(__file__).resolve().parents[2]

HOLD = """
import sys, time, pathlib
from hatang.store import lock
root = pathlib.Path(sys.argv[1])
with lock.workspace_lock(root, exclusive=True, wait_s=30):
    (root / "held").write_text("yes")
    time.sleep(float(sys.argv[2]))
(root / "released").write_text("yes")
"""


def _sign_in(c: httpx.Client, token: str) -> None:
    page = c.get("/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    r = c.post("/login", data={"token": token, "csrf_token": csrf, "next": "/"})
    assert r.status_code in (200, 303)


def test_a_signed_in_page_is_answered_while_a_writer_holds_the_workspace(fresh_ws, serve):
    with fresh_ws.connect() as con:
        token = q.create_token(con, "Trần Thị Lan", "analyst", None)
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with serve(fresh_ws) as server, httpx.Client(base_url=server.url, timeout=60) as c:
        _sign_in(c, token)
        assert "Trần Thị Lan" in c.get("/dead-spots").text
        holder = subprocess.Popen(
            [sys.executable, "-c", HOLD, str(fresh_ws.root), "8"], env=env, cwd=REPO
        )
        try:
            while not (fresh_ws.root / "held").exists():
                assert holder.poll() is None, "the lock holder died"
                time.sleep(0.05)
            page = c.get("/dead-spots")
            # answered while the other process still held the lock, naming the visitor
            assert not (fresh_ws.root / "released").exists()
            assert page.status_code == 200 and "Trần Thị Lan" in page.text
        finally:
            holder.wait(30)


def test_a_revoked_token_is_refused_on_the_next_request(fresh_ws, serve):
    with fresh_ws.connect() as con:
        token = q.create_token(con, "lan", "analyst", None)
    with serve(fresh_ws) as server, httpx.Client(base_url=server.url, timeout=60) as c:
        bearer = {"Authorization": f"Bearer {token}"}
        assert c.get("/api/audit", headers=bearer).status_code == 200
        assert c.get("/api/audit", headers=bearer).status_code == 200  # remembered
        with fresh_ws.connect() as con:
            q.revoke_token(con, "lan")
        assert c.get("/api/audit", headers=bearer).status_code == 401
