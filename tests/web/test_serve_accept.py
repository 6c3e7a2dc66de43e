"""New connections are accepted at once while the server is busy (`hatang serve`'s loop).

On uvloop, libuv accepts one connection per loop iteration: with the loop busy serving
open connections, 30 clients that connect together waited for seconds in the listen
queue, one loop iteration each (docs/benchmarks.md, web section). The handler here blocks
the loop for 20 ms, like a page built on the event loop; the hot clients keep it busy.
"""

from __future__ import annotations

import http.client
import threading
import time

import uvicorn

from hatang.cli.web_cmds import SERVER_OPTIONS
from tests.web.conftest import free_port

HANDLER_S = 0.02
HOT, NEW = 10, 30


async def busy_app(scope, receive, send) -> None:
    if scope["type"] != "http":
        return
    time.sleep(HANDLER_S)  # blocks the event loop on purpose: CPU-bound work
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"ok"})


def hot_client(port: int, stop: threading.Event) -> None:
    con = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while not stop.is_set():
        con.request("GET", "/")
        con.getresponse().read()
    con.close()


def first_answer_s(port: int, out: list[float]) -> None:
    start = time.monotonic()
    con = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    con.request("GET", "/")
    con.getresponse().read()
    out.append(time.monotonic() - start)
    con.close()


def test_connections_opened_together_are_served_in_turn_not_one_loop_pass_each():
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(busy_app, host="127.0.0.1", port=port, **SERVER_OPTIONS))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    stop = threading.Event()
    hot = [threading.Thread(target=hot_client, args=(port, stop)) for _ in range(HOT)]
    for t in hot:
        t.start()
    time.sleep(0.5)  # the hot clients keep every loop iteration busy
    waits: list[float] = []
    new = [threading.Thread(target=first_answer_s, args=(port, waits)) for _ in range(NEW)]
    for t in new:
        t.start()
    for t in new:
        t.join(timeout=60)
    stop.set()
    for t in hot:
        t.join(timeout=10)
    server.should_exit = True
    thread.join(timeout=10)
    assert len(waits) == NEW
    # served in turn: at worst every hot and new request once before the last new one
    # (0.8 s); accepted one per busy loop pass, the last waits NEW passes of HOT requests
    # each (6 s)
    fair_s = (HOT + NEW) * HANDLER_S
    assert max(waits) < 3 * fair_s, sorted(waits)[-5:]
