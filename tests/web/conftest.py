"""Fixtures for the web tests: the fixture province served in-process and on loopback."""

from __future__ import annotations

import socket
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

from hatang.cli.web_cmds import SERVER_OPTIONS

with warnings.catch_warnings():
    # starlette warns at import that it prefers httpx2; the client works the same
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient


#: the README's and docs' screenshots, rewritten only on purpose
DOCS_IMG = Path(__file__).resolve().parents[2] / "docs" / "img"

#: set to 1 to let the browser tests rewrite docs/img/*.png (docs/web.md, "Screenshots")
UPDATE_SCREENSHOTS = "HATANG_UPDATE_SCREENSHOTS"


def screenshot_folder(tmp: Path) -> Path:
    """docs/img when $HATANG_UPDATE_SCREENSHOTS is 1, else `tmp`: a normal test run
    never rewrites a tracked PNG."""
    import os

    return DOCS_IMG if os.environ.get(UPDATE_SCREENSHOTS) == "1" else tmp


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    """Where a browser test saves the docs' screenshots (`screenshot_folder`)."""
    return screenshot_folder(tmp_path / "img")


@pytest.fixture(scope="session")
def web_ws(tmp_path_factory: pytest.TempPathFactory):
    """The hand-made fixture province (read-only for tests: copy it to write)."""
    from hatang.testing import fixture_workspace, write_fixture_plan
    from hatang.web.views import refresh_indicators

    ws = fixture_workspace(tmp_path_factory.mktemp("webfx") / "ws")
    write_fixture_plan(ws)  # the province's own plan: Plan 137's targets over P1
    refresh_indicators(
        ws
    )  # what `hatang serve` does at start; done here so tests see a still store
    return ws


@pytest.fixture(scope="session")
def client(web_ws) -> Iterator[TestClient]:
    from hatang.web import create_app

    with TestClient(create_app(web_ws)) as c:
        yield c


@pytest.fixture
def fresh_ws(web_ws, tmp_path: Path):
    """A copy of the fixture workspace of its own, for tests that write."""
    import shutil

    from hatang.store import Workspace

    shutil.copytree(web_ws.root, tmp_path / "ws", ignore=shutil.ignore_patterns(".hatang.lock*"))
    return Workspace.open(tmp_path / "ws")


@pytest.fixture
def make_client():
    """Build an in-process client for any workspace."""
    from hatang.web import create_app

    return lambda ws: TestClient(create_app(ws))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    """uvicorn serving an app on a free loopback port, in a thread."""

    def __init__(self, ws, **app_options):
        import uvicorn

        from hatang.web import create_app

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            create_app(ws, **app_options), host="127.0.0.1", port=self.port, **SERVER_OPTIONS
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def serve():
    """Start a loopback uvicorn server for a workspace: `with serve(ws) as server: server.url`."""
    return LiveServer


@pytest.fixture(scope="session")
def live_server(web_ws) -> Iterator[LiveServer]:
    with LiveServer(web_ws) as server:
        yield server
