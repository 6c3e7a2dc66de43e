"""Latency and throughput of `hatang serve` under load, measured with wrk on loopback.

    python benchmarks/serve.py [--workspace DIR] [--duration 10] [--connections 1,50,200,1000]

Needs `wrk` (Debian: `apt-get install wrk`); the script installs nothing and says so
when it is missing. It starts `hatang serve` for the workspace (default: builds the demo
province in a temporary folder) on a free 127.0.0.1 port in a subprocess, waits until
its caches are warm, then runs wrk (2 threads — the machine has 2 cores and wrk shares
them with the server) for `--duration` seconds at each number of connections against:

- the overview page (/),
- CKAN package_show (/api/3/action/package_show?id=sites),
- a searched list (/dead-spots?q=xa) — the same query each time: after the first, the
  page the snapshot keeps for it,
- searched lists, a different query each request (/dead-spots?q=<two letters>, 484 of
  them, more than the snapshot keeps): pandas filtering and a 200-row template render
  on almost every request.

For each it prints requests/s, p50 / p95 / p99 latency, errors (socket errors,
timeouts and non-2xx answers) and the server's CPU milliseconds per answered request
(from /proc: what the machine's other load does not inflate), as a Markdown table for
docs/benchmarks.md. A run at many connections lasts long enough for the queue to
settle (`--max-duration`). Every run is bounded and stops by itself; only 127.0.0.1 is
addressed.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PATHS = {
    "overview": "/",
    "package_show": "/api/3/action/package_show?id=sites",
    "dead-spots?q": "/dead-spots?q=xa",
    "dead-spots?q=varied": "/dead-spots",
}

#: wrk's request() hook for "dead-spots?q=varied": 22 × 22 two-letter searches in turn
VARIED = """
local letters = "abcdeghiklmnopqrstuvxy"
local i = 0
request = function()
  i = i + 1
  local a = (i % 22) + 1
  local b = (math.floor(i / 22) % 22) + 1
  local q = letters:sub(a, a) .. letters:sub(b, b)
  return wrk.format("GET", "/dead-spots?q=" .. q)
end
"""

#: printed by wrk's done() hook: one line wrk's own summary lacks (p95, error counts)
LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("HATANG %d %d %.0f %.0f %.0f %d %d %d %d %d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    latency:percentile(99), e.connect, e.read, e.write, e.timeout, e.status))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(workspace: Path, port: int) -> subprocess.Popen[bytes]:
    code = "import sys; from hatang.cli import main; sys.argv[0] = 'hatang'; main()"
    args = ["serve", "--workspace", str(workspace), "--host", "127.0.0.1", "--port", str(port)]
    return subprocess.Popen(
        [sys.executable, "-c", code, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )


def wait_warm(base: str, proc: subprocess.Popen[bytes], timeout: float = 300) -> float:
    """Wait until the server's start-up warming has finished (/healthz says "ok": until
    then a thread deriving the published tables competes with the requests measured)
    and it answers every measured path quickly; returns seconds."""
    import httpx

    t0 = time.monotonic()
    with httpx.Client(timeout=120) as c:
        while time.monotonic() - t0 < timeout:
            if proc.poll() is not None:
                err = proc.stderr.read().decode() if proc.stderr else ""
                raise SystemExit(f"server exited: {err}")
            try:
                if c.get(base + "/healthz").text != "ok":
                    time.sleep(0.5)
                    continue
                t = time.perf_counter()
                ok = all(c.get(base + p).status_code == 200 for p in PATHS.values())
                if ok and time.perf_counter() - t < 0.3:
                    return time.monotonic() - t0
            except httpx.TransportError:
                pass
            time.sleep(0.5)
    raise SystemExit("server not ready in time")


def run_wrk(url: str, connections: int, seconds: int, script: Path) -> dict[str, float]:
    """One wrk run → requests/s, p50/p95/p99 (ms), errors."""
    cmd = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(script),
        url,
    ]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60).stdout
    m = re.search(r"^HATANG (.*)$", out, re.M)
    if m is None:
        raise SystemExit(f"wrk printed no summary:\n{out}")
    n, dur_us, p50, p95, p99, *errs = (float(x) for x in m.group(1).split())
    return {
        "rps": n / (dur_us / 1e6),
        "p50": p50 / 1000,
        "p95": p95 / 1000,
        "p99": p99 / 1000,
        "errors": sum(errs),
        "requests": n,
    }


def server_cpu(pid: int) -> float:
    """CPU seconds (user + system, all threads) the server process has used so far:
    per request it is a cost the machine's other load does not inflate."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workspace", "-w", default=os.environ.get("HATANG_WORKSPACE"))
    ap.add_argument("--duration", type=int, default=10, help="least seconds per wrk run")
    ap.add_argument(
        "--max-duration",
        type=int,
        default=60,
        help="most seconds per wrk run: a run lasts at least 3 × connections ÷ the "
        "requests/s of the level before, so that requests still queued when it ends "
        "(wrk counts only finished ones) do not pass for a fall in throughput",
    )
    ap.add_argument("--connections", default="1,50,200,1000")
    ap.add_argument("--paths", default=",".join(PATHS), help="which of: " + ", ".join(PATHS))
    args = ap.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install wrk (Debian), then run this again")
        return 2
    levels = [int(x) for x in args.connections.split(",")]
    tmp = tempfile.TemporaryDirectory(prefix="hatang-bench-")
    if args.workspace:
        workspace = Path(args.workspace)
    else:
        from hatang.demo import build_demo

        print("building the demo province ...", flush=True)
        workspace = build_demo(Path(tmp.name) / "demo", seed=137).root
    script = Path(tmp.name) / "summary.lua"
    script.write_text(LUA, encoding="utf-8")
    varied = Path(tmp.name) / "varied.lua"
    varied.write_text(LUA + VARIED, encoding="utf-8")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_server(workspace, port)
    try:
        print(f"server warm after {wait_warm(base, proc):.1f} s (workspace {workspace})")
        print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        print(
            "| endpoint | connections | requests/s | p50 ms | p95 ms | p99 ms | errors "
            "| server CPU ms/request | seconds |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        errors = 0.0
        for name in args.paths.split(","):
            rps = 0.0
            for c in levels:
                seconds = args.duration
                if rps:
                    seconds = min(args.max_duration, max(seconds, int(3 * c / rps) + 1))
                cpu0 = server_cpu(proc.pid)
                lua = varied if name.endswith("=varied") else script
                r = run_wrk(base + PATHS[name], c, seconds, lua)
                rps = r["rps"]
                cpu = (server_cpu(proc.pid) - cpu0) * 1000 / max(r["requests"], 1)
                errors += r["errors"]
                print(
                    f"| {name} | {c} | {r['rps']:.0f} | {r['p50']:.1f} | {r['p95']:.1f} | "
                    f"{r['p99']:.1f} | {r['errors']:.0f} of {r['requests']:.0f} | {cpu:.2f} "
                    f"| {seconds} |",
                    flush=True,
                )
        print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
        return 1 if errors else 0
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        tmp.cleanup()


if __name__ == "__main__":
    raise SystemExit(main())
