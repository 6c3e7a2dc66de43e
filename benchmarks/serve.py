"""Latency and throughput of `hatang serve` on loopback (bounded loops; stops by itself).

    python benchmarks/serve.py [--workspace DIR] [--requests 300] [--burst 2000]

Starts `hatang serve` for the workspace (default: builds the demo province in a
temporary folder) on a free 127.0.0.1 port in a subprocess, waits until its caches
are warm, then measures with httpx.AsyncClient:

- p50 / p95 latency of the overview page (/) and of CKAN package_show, one client;
- throughput at 50 concurrent clients (requests/s, both endpoints);
- errors at 200 concurrent clients.

Targets on the demo: p95 < 50 ms for both, no errors at 200 clients.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

PATHS = {"overview": "/", "package_show": "/api/3/action/package_show?id=sites"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(workspace: Path, port: int) -> subprocess.Popen[bytes]:
    code = "import sys; from hatang.cli import main; sys.argv[0] = 'hatang'; main()"
    return subprocess.Popen(
        [
            sys.executable,
            "-c",
            code,
            "serve",
            "--workspace",
            str(workspace),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_warm(base: str, proc: subprocess.Popen[bytes], timeout: float = 300) -> float:
    """Wait until the server answers and the overview comes from the cache; returns seconds."""
    t0 = time.monotonic()
    with httpx.Client(timeout=120) as c:
        while True:
            if proc.poll() is not None:
                raise SystemExit(
                    f"server exited: {proc.stderr.read().decode() if proc.stderr else ''}"
                )
            if time.monotonic() - t0 > timeout:
                raise SystemExit("server not ready in time")
            try:
                c.get(base + "/healthz")
                t = time.perf_counter()
                r1 = c.get(base + "/")
                r2 = c.get(base + PATHS["package_show"])
                if (
                    r1.status_code == 200
                    and r2.status_code == 200
                    and time.perf_counter() - t < 0.2
                ):
                    return time.monotonic() - t0
            except httpx.TransportError:
                pass
            time.sleep(0.5)


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    k = max(0, min(len(values) - 1, round(p / 100 * (len(values) - 1))))
    return values[k]


async def sequential(base: str, path: str, n: int) -> list[float]:
    out = []
    async with httpx.AsyncClient(base_url=base, timeout=30) as c:
        for _ in range(n):
            t = time.perf_counter()
            r = await c.get(path)
            out.append((time.perf_counter() - t) * 1000)
            r.raise_for_status()
    return out


async def concurrent(
    base: str, paths: list[str], clients: int, total: int
) -> tuple[float, int, int]:
    """`total` requests spread over `clients` concurrent clients → (seconds, ok, errors)."""
    ok = errors = 0
    queue: asyncio.Queue[str] = asyncio.Queue()
    for i in range(total):
        queue.put_nowait(paths[i % len(paths)])
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as c:

        async def worker() -> None:
            nonlocal ok, errors
            while True:
                try:
                    path = queue.get_nowait()
                except asyncio.QueueEmpty:
                    return
                try:
                    r = await c.get(path)
                    if r.status_code == 200:
                        ok += 1
                    else:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1

        t = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        return time.perf_counter() - t, ok, errors


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workspace", "-w", default=os.environ.get("HATANG_WORKSPACE"))
    ap.add_argument("--requests", type=int, default=300, help="sequential requests per endpoint")
    ap.add_argument("--burst", type=int, default=2000, help="requests in each concurrent run")
    args = ap.parse_args()

    tmp = None
    if args.workspace:
        workspace = Path(args.workspace)
    else:
        from hatang.demo import build_demo

        tmp = tempfile.TemporaryDirectory(prefix="hatang-bench-")
        print("building the demo province ...", flush=True)
        workspace = build_demo(Path(tmp.name) / "demo", seed=137).root
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    proc = start_server(workspace, port)
    try:
        warm = wait_warm(base, proc)
        print(f"server warm after {warm:.1f} s (workspace {workspace})")
        for name, path in PATHS.items():
            lat = asyncio.run(sequential(base, path, args.requests))
            print(
                f"{name:13s} latency over {len(lat)} requests: p50 {statistics.median(lat):.1f} ms, "
                f"p95 {pct(lat, 95):.1f} ms, max {max(lat):.1f} ms"
            )
        for name, path in PATHS.items():
            secs, ok, err = asyncio.run(concurrent(base, [path], 50, args.burst))
            print(
                f"{name:13s} 50 clients: {ok / secs:.0f} requests/s ({ok} ok, {err} errors in {secs:.1f} s)"
            )
        secs, ok, err = asyncio.run(concurrent(base, list(PATHS.values()), 200, args.burst))
        print(
            f"mixed         200 clients: {ok / secs:.0f} requests/s, {err} errors ({ok} ok in {secs:.1f} s)"
        )
        return 1 if err else 0
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        if tmp is not None:
            tmp.cleanup()


if __name__ == "__main__":
    raise SystemExit(main())
