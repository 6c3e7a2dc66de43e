"""`hatang serve` running while a CLI import, a compute and 20 web uploads all write.

Everything lands, no read fails, and the database ends equal to the one built by the
same writes one after another (issue: the CLI and the server share one workspace).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pandas as pd

from hatang.io import import_file
from hatang.store import Workspace
from hatang.testing import fixture_workspace

from .conftest import free_port

REPO = Path(__file__).parents[2]
UPLOADS = 20


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), "HATANG_LOCK_WAIT": "120"}


def _hatang(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "hatang", *args], capture_output=True, text=True, env=_env()
    )


def _speed_file(folder: Path, i: int) -> Path:
    """Three mobile tests inside the fixture province, ids unique to file i."""
    path = folder / f"tests-{i:02d}.csv"
    rows = [
        f"W{i:02d}-{k},{10 + k:02d}/11/2025 09:{i:02d},{106.05 + 0.1 * k:.4f},20.0500,"
        f"Viettel,mobile,{40000 + 1000 * i + k},9000,25,"
        for k in range(3)
    ]
    header = "test_id,time,lon,lat,operator,kind,download_kbps,upload_kbps,latency_ms,rsrp_dbm"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def _content(ws: Workspace) -> dict[str, pd.DataFrame]:
    """What the writes decide: the tests (without their import ids) and the indicators."""
    with ws.connect(read_only=True) as con:
        tests = con.execute("SELECT * EXCLUDE (import_id) FROM speed_tests ORDER BY test_id").df()
        values = con.execute(
            "SELECT indicator, unit_code, map, period, value FROM indicator_values ORDER BY ALL"
        ).df()
        imports = con.execute(
            "SELECT kind, sha256, rows_loaded FROM imports ORDER BY sha256, kind"
        ).df()
    return {"tests": tests, "values": values, "imports": imports}


def test_server_cli_and_web_writers_share_the_workspace(tmp_path: Path):
    ws = fixture_workspace(tmp_path / "ws")
    shutil.copytree(ws.root, tmp_path / "seq", ignore=shutil.ignore_patterns(".hatang.lock*"))
    files = [_speed_file(tmp_path, i) for i in range(UPLOADS + 1)]
    token = _hatang("token", "create", "analyst", "-w", str(ws.root)).stdout.strip()
    assert token.startswith("hat_")

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "hatang", "serve", "-w", str(ws.root), "--port", str(port)],
        env=_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=url, timeout=180) as http:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if http.get("/").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.2)

            done = threading.Event()
            reads: list[int] = []

            def read_all_the_time() -> None:
                while not done.is_set():
                    for path in ("/", "/api/3/action/package_list", "/speeds"):
                        reads.append(http.get(path).status_code)

            def upload(path: Path) -> httpx.Response:
                with open(path, "rb") as f:
                    return http.post(
                        "/api/import/speed-tests",
                        files={"file": (path.name, f, "text/csv")},
                        headers={"Authorization": f"Bearer {token}"},
                    )

            reader = threading.Thread(target=read_all_the_time)
            reader.start()
            cli_import = subprocess.Popen(
                [sys.executable, "-m", "hatang", "import", "speed-tests", str(files[0]),
                 "-w", str(ws.root)],
                env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )  # fmt: skip
            cli_compute = subprocess.Popen(
                [sys.executable, "-m", "hatang", "compute", "-w", str(ws.root)],
                env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )  # fmt: skip
            with ThreadPoolExecutor(8) as pool:
                answers = list(pool.map(upload, files[1:]))
            outs = [p.communicate(timeout=300) for p in (cli_import, cli_compute)]
            done.set()
            reader.join(timeout=60)

        assert [a.status_code for a in answers] == [200] * UPLOADS, [a.text for a in answers]
        assert all(a.json()["result"]["report"]["rows_loaded"] == 3 for a in answers)
        assert cli_import.returncode == 0, outs[0][1]
        assert cli_compute.returncode == 0, outs[1][1]
        assert reads and set(reads) == {200}, sorted(set(reads))
    finally:
        server.terminate()
        server.wait(timeout=30)
        assert server.stderr is not None
        log = server.stderr.read()
        server.stderr.close()
    assert "Traceback" not in log, log

    # the same writes one after another, then both recomputed: equal databases
    seq = Workspace.open(tmp_path / "seq")
    for path in files:
        import_file(seq, "speed-tests", path, synthetic=True)
    assert _hatang("compute", "-w", str(seq.root)).returncode == 0
    assert _hatang("compute", "-w", str(ws.root)).returncode == 0
    got, want = _content(Workspace.open(ws.root)), _content(seq)
    assert len(got["tests"]) == len(want["tests"]) >= 3 * (UPLOADS + 1)
    for name in want:
        pd.testing.assert_frame_equal(got[name], want[name], check_dtype=False)
