"""Issue 12's acceptance: 50 citizens' reports and 20 operator responses at once through
a running `hatang serve` (loopback, a real HTTP client) while a CLI import of a
challenge file writes to the same register. Every one lands once: no report lost or
doubled, every response recorded once, case ids and history numbers unique, and the
register equal to the fold of its history.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from hatang.register import actions, workflow
from hatang.register.machine import Actor
from hatang.store import register as store
from hatang.testing import fixture_workspace

from .conftest import free_port
from .test_concurrent_writers import _env, _hatang

REPORTS, RESPONSES = 50, 20
ADMIN = Actor("workspace admin (test)", "admin")
PLANNED = (dt.date.today() + dt.timedelta(days=90)).isoformat()


def _assigned_cases(ws) -> list[str]:
    """20 cases assigned to viettel, opened and assigned through the library."""
    items = [
        {"source": "province", "lon": 106.02 + 0.01 * i, "lat": 19.98} for i in range(RESPONSES)
    ]
    ids = actions.open_cases(ws, ADMIN, items)
    steps = [
        actions.Scheduled(cid, a, ADMIN, inputs, dt.datetime.now().replace(microsecond=0))
        for cid in ids
        for a, inputs in (
            ("confirm", {"evidence": [{"kind": "ref", "ref": "test"}]}),
            ("assign", {"operator": "viettel"}),
        )
    ]
    actions.act_many(ws, steps)
    return ids


def _challenges(folder: Path) -> Path:
    rows = [
        f"UBND xã Một,L{k},106.{10 + 2 * k},20.12,Viettel,no-data,05/09/2025," for k in range(5)
    ]
    path = folder / "khieu-nai.csv"
    header = (
        "Đơn vị khiếu nại,Mã vị trí,Kinh độ,Vĩ độ,Nhà mạng,Mã lý do,Ngày ghi nhận,Tốc độ tải xuống"
    )
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def _wait_for(http: httpx.Client) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            if http.get("/healthz").status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.2)


def test_reports_and_responses_through_the_server_while_the_cli_imports(tmp_path: Path):
    ws = fixture_workspace(tmp_path / "ws")
    toml = ws.root / "hatang.toml"
    toml.write_text(
        toml.read_text().replace("report_rate_per_hour = 10", "report_rate_per_hour = 500")
    )
    cases = _assigned_cases(ws)
    token = _hatang(
        "token", "create", "vt", "--role", "operator", "--operator", "viettel", "-w", str(ws.root)
    ).stdout.strip()
    assert token.startswith("hat_")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "hatang", "serve", "-w", str(ws.root), "--port", str(port)],
        env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=180) as http:
            _wait_for(http)

            def report(i: int) -> httpx.Response:
                body = {
                    "lon": 106.02 + 0.006 * i,
                    "lat": 20.2,
                    "description": f"báo cáo số {i}",
                    "contact": f"09{i:08d}",
                }
                return http.post("/api/register/reports", json=body)

            def respond(k: int) -> httpx.Response:
                action, body = (
                    ("accept", {"planned_on": PLANNED, "planned_action": "new-site"})
                    if k % 2 == 0
                    else ("dispute", {"reason": "site-on-air", "evidence": [f"site VT-{k} on air"]})
                )
                url = f"/api/register/cases/{cases[k]}/steps/{action}"
                return http.post(url, json=body, headers={"Authorization": f"Bearer {token}"})

            cli = subprocess.Popen(
                [sys.executable, "-m", "hatang", "import", "challenges", str(_challenges(tmp_path)), "-w", str(ws.root)],
                env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )  # fmt: skip
            with ThreadPoolExecutor(16) as pool:
                reports = pool.map(report, range(REPORTS))
                responses = pool.map(respond, range(RESPONSES))
                reports, responses = list(reports), list(responses)
            out, err = cli.communicate(timeout=300)
    finally:
        server.terminate()
        server.wait(timeout=30)
        assert server.stderr is not None
        log = server.stderr.read()
        server.stderr.close()
    assert cli.returncode == 0, err
    assert [r.status_code for r in reports] == [201] * REPORTS, [r.text for r in reports]
    assert [r.status_code for r in responses] == [200] * RESPONSES, [r.text for r in responses]
    assert "Traceback" not in log, log

    with ws.connect(read_only=True) as con:
        table = store.read_cases(con)
        events = store.read_events(con)
    citizens = table[table["source"] == "citizen"]
    assert sorted(citizens["description"]) == sorted(f"báo cáo số {i}" for i in range(REPORTS))
    assert sorted(r.json()["result"]["case_id"] for r in reports) == sorted(citizens["case_id"])
    assert len(table[table["source"] == "challenge"]) == 5  # the CLI's import, all of it
    assert table["case_id"].is_unique and events["seq"].is_unique
    answered = events[events["action"].isin(["accept", "dispute"]) & events["case_id"].isin(cases)]
    assert sorted(answered["case_id"]) == sorted(cases)  # each response once
    mine = table.set_index("case_id").loc[cases, "state"]
    assert list(mine) == ["accepted" if k % 2 == 0 else "disputed" for k in range(RESPONSES)]
    replayed = workflow.replayed(ws).set_index("case_id").sort_index()
    assert list(replayed["state"]) == list(table.set_index("case_id").sort_index()["state"])
