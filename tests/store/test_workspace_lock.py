"""One workspace, several processes (hatang.store.lock): writers wait, then say who holds it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hatang.errors import WorkspaceBusy
from hatang.store import Workspace
from hatang.testing import fixture_workspace

HOLD = """
import sys, time
from hatang.store import Workspace
ws = Workspace.open(sys.argv[1])
with ws.connect() as con:
    print("holding", flush=True)
    time.sleep(float(sys.argv[2]))
    con.execute("INSERT INTO meta VALUES ('held-by-child', 'yes')")
"""


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return fixture_workspace(tmp_path / "ws")


def _hold(ws: Workspace, seconds: float) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    p = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(ws.root), str(seconds), "import", "x.csv"],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert p.stdout is not None and p.stdout.readline().strip() == "holding"
    return p


def _end(p: subprocess.Popen[str], kill: bool = False) -> None:
    if kill:
        p.kill()
    p.wait(timeout=30)
    if p.stdout is not None:
        p.stdout.close()


def test_a_writer_waits_for_another_process_then_writes(ws: Workspace, monkeypatch):
    monkeypatch.setenv("HATANG_LOCK_WAIT", "30")
    child = _hold(ws, 1.5)
    try:
        start = time.monotonic()
        with ws.connect() as con:  # waits for the child's write
            waited = time.monotonic() - start
            row = con.execute("SELECT value FROM meta WHERE key = 'held-by-child'").fetchone()
        assert waited >= 0.5 and row == ("yes",)  # the child's write landed before ours
    finally:
        _end(child)


def test_a_reader_waits_too_and_sees_the_finished_write(ws: Workspace, monkeypatch):
    monkeypatch.setenv("HATANG_LOCK_WAIT", "30")
    child = _hold(ws, 1.0)
    try:
        with ws.connect(read_only=True) as con:
            row = con.execute("SELECT value FROM meta WHERE key = 'held-by-child'").fetchone()
        assert row == ("yes",)
    finally:
        _end(child)


def test_the_wait_is_bounded_and_names_the_holder(ws: Workspace, monkeypatch):
    monkeypatch.setenv("HATANG_LOCK_WAIT", "0.3")
    child = _hold(ws, 5)
    try:
        with pytest.raises(WorkspaceBusy) as e, ws.connect():
            pass
        msg = str(e.value)
        assert "busy" in msg and f"pid {child.pid}" in msg and "HATANG_LOCK_WAIT" in msg
        assert "\n" not in msg
        # the web's snapshot reads never wait
        monkeypatch.setenv("HATANG_LOCK_WAIT", "30")
        start = time.monotonic()
        with pytest.raises(WorkspaceBusy), ws.connect(read_only=True, blocking=False):
            pass
        assert time.monotonic() - start < 0.5
    finally:
        _end(child, kill=True)
    with ws.connect() as con:  # a killed holder's lock is gone with it
        con.execute("SELECT 1")


def test_the_cli_waits_with_a_message_then_fails_in_one_line(ws: Workspace):
    child = _hold(ws, 5)
    try:
        env = {**os.environ, "HATANG_LOCK_WAIT": "1.5"}
        env["PYTHONPATH"] = str(Path(__file__).parents[2])
        r = subprocess.run(
            [sys.executable, "-m", "hatang", "compute", "-w", str(ws.root)],
            capture_output=True,
            text=True,
            env=env,
        )
        assert r.returncode == 1
        assert "waiting for the workspace" in r.stderr
        last = r.stderr.strip().splitlines()[-1]
        assert last.startswith("Error: the workspace") and f"pid {child.pid}" in last
        assert "Traceback" not in r.stderr
    finally:
        _end(child, kill=True)


def test_nested_connections_in_one_process(ws: Workspace):
    with ws.connect() as a:
        with ws.connect() as b:  # re-entrant: no deadlock on our own lock
            b.execute("SELECT 1")
        a.execute("SELECT 1")
    assert not (ws.root / ".hatang.lock.owner").exists()
