"""Searched and paged lists kept per snapshot (`Snapshot.keep` / `recent`): bounded, one
page per distinct query, never anyone's own data, gone with the database state."""

from __future__ import annotations

import re
import socket
import threading
import time

import anyio
import httpx
from fastapi import Request

from hatang.store import web_queries as q
from hatang.web import state as web_state
from hatang.web.routes.common import build_page


def _total(html: str) -> int:
    m = re.search(r"<p>([\d.,]+) (?:dòng|rows)</p>", html)
    assert m is not None, "the list page shows no total"
    return int(m.group(1).replace(".", "").replace(",", ""))


def test_keep_holds_the_most_recently_used_pages_only(fresh_ws, monkeypatch):
    monkeypatch.setattr(web_state, "RECENT_PAGES", 3)
    s = web_state.WebState(fresh_ws).snapshot()
    for k in "abc":
        s.keep(k, k.upper())
    assert s.recent("a") == "A"  # used now: "b" is the least recently used
    s.keep("d", "D")
    assert s.recent("b") is None  # pushed out; kept: c, a, d (oldest use first)
    assert s.recent("c") == "C"  # kept: a, d, c
    s.keep("e", "E")  # pushes out "a"
    assert (s.recent("a"), s.recent("d"), s.recent("c"), s.recent("e")) == (None, "D", "C", "E")
    assert len(s._recent) == 3


def test_a_kept_page_is_the_page_and_each_query_has_its_own(fresh_ws, make_client):
    with make_client(fresh_ws) as c:
        everything = c.get("/dead-spots")
        again = c.get("/dead-spots")
        assert everything.status_code == again.status_code == 200
        assert again.text == everything.text
        none = c.get("/dead-spots?q=no-such-place-zzz")
        assert _total(none.text) == 0 < _total(everything.text)
        english = c.get("/dead-spots?lang=en")
        assert english.text != everything.text and 'lang="en"' in english.text
        s = c.app.state.web.snapshot()
        kept = [k for k in s._recent if k[0] == "list" and k[1] == "dead-spots"]
        assert len(kept) == 3  # "", q=…, lang=en: one per distinct query and language


def test_a_signed_in_visitor_never_shows_in_anyone_elses_page(fresh_ws, make_client):
    with fresh_ws.connect() as con:
        token = q.create_token(con, "Nguyễn Văn Kiểm", "analyst", None)
    with make_client(fresh_ws) as analyst, make_client(fresh_ws) as citizen:
        page = analyst.get("/login")
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        analyst.post("/login", data={"token": token, "csrf_token": csrf, "next": "/"})
        assert "Nguyễn Văn Kiểm" in analyst.get("/speeds?q=a").text
        assert "Nguyễn Văn Kiểm" not in citizen.get("/speeds?q=a").text


def test_a_new_database_state_is_never_answered_from_the_kept_pages(fresh_ws, make_client):
    with make_client(fresh_ws) as c:
        before = _total(c.get("/dead-spots").text)
        with fresh_ws.connect() as con:
            con.execute("DELETE FROM dead_spots WHERE rowid = (SELECT min(rowid) FROM dead_spots)")
        c.app.state.web.invalidate()
        assert _total(c.get("/dead-spots").text) == before - 1


def test_no_page_is_built_for_a_visitor_who_left_while_queued(web_ws, serve):
    """One build slot, held by a first visitor; a second one sends its request and
    hangs up while queued: when the slot frees, nothing is built for the second."""
    release, built = threading.Event(), []

    def build(name: str) -> str:
        built.append(name)
        if name == "first":
            release.wait(20)
        return name

    server = serve(web_ws)
    app = server.server.config.app

    @app.get("/probe/build/{name}")
    async def probe(request: Request, name: str) -> dict:
        return {"page": await build_page(request, build, name)}

    app.state.page_builds = anyio.CapacityLimiter(1)
    with server:
        first: list[httpx.Response] = []
        t = threading.Thread(
            target=lambda: first.append(httpx.get(server.url + "/probe/build/first", timeout=30))
        )
        t.start()
        deadline = time.monotonic() + 10
        while built != ["first"] and time.monotonic() < deadline:
            time.sleep(0.02)
        with socket.create_connection(("127.0.0.1", server.port)) as gone:
            gone.sendall(b"GET /probe/build/second HTTP/1.1\r\nHost: x\r\n\r\n")
            time.sleep(0.3)  # queued behind the first
        time.sleep(0.3)  # the server has seen the hang-up
        release.set()
        t.join(30)
        third = httpx.get(server.url + "/probe/build/third", timeout=30)
    assert (first[0].status_code, third.status_code) == (200, 200), (first[0].text, third.text)
    assert first[0].json() == {"page": "first"} and third.json() == {"page": "third"}
    assert built == ["first", "third"]  # never "second"
