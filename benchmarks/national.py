"""National figures: the national demo's build, coverage province by province on a
local Dask cluster of 1 and 2 workers, and `hatang compute` — wall time and peak
memory of each, each in a fresh process.

    python benchmarks/national.py --scale 0.01 --province 12 --province 51 --resolution 250
    python benchmarks/national.py              # the whole country, 20 M speed tests, 100 m
    python benchmarks/national.py --no-coverage   # the build and `compute` only
    python benchmarks/national.py --workspace DIR # `compute` on a copy of a built one
    python benchmarks/national.py --workspace DIR --only coverage --resolution 100
                                                  # coverage (1, 2 workers) on a copy

Peak memory is the largest resident set of the stage's process and of its Dask worker
processes (their own high-water marks are not summed); CPU is the user + system seconds
of the stage's process and of the processes it reaped (its Dask workers included),
printed with each part: a cluster's excess shows first as system time."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_COVERAGE = """
import sys
from hatang.coverage.run import run_coverage
from hatang.store import Workspace
ws = Workspace.open(sys.argv[1])
ws.settings.compute.workers = int(sys.argv[2])
r = run_coverage(ws, resolution=float(sys.argv[3]), write_files=False)
print(f"{r.areas.runner}; {r.grid_text}; {r.evaluations:,} evaluations; "
      f"{r.evaluations / max(r.seconds, 1e-9) / 1e6:.1f} M evaluations/s")
"""
_COMPUTE = """
import sys
from hatang.indicators import compute_workspace
from hatang.store import Workspace
compute_workspace(Workspace.open(sys.argv[1]))
"""


def _stage(name: str, args: list[str]) -> None:
    """Run one stage in a fresh process; print its wall time and peak memory."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    out = proc.stdout.read().strip().splitlines() if proc.stdout else []
    proc.returncode = os.waitstatus_to_exitcode(status)
    note = out[-1] if out and name.startswith("coverage") else ""
    peak = usage.ru_maxrss / 1024  # kB on Linux; children reaped by it are included
    cpu = usage.ru_utime + usage.ru_stime
    print(
        f"{name:28s} {seconds:8.1f} s  CPU {cpu:7.1f} s (user {usage.ru_utime:.1f}, "
        f"system {usage.ru_stime:.1f}; {usage.ru_minflt / 1e6:.2f} M page faults)  "
        f"peak {peak:7.0f} MB  rc {proc.returncode}  {note}"
    )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--scale", type=float, default=1.0)
    p.add_argument("--province", action="append", default=[])
    p.add_argument("--resolution", type=float, default=100.0)
    p.add_argument("--no-coverage", action="store_true", help="time the build and compute only")
    p.add_argument("--workspace", help="time compute (or --only), on a copy of this workspace")
    p.add_argument(
        "--only",
        choices=["compute", "coverage"],
        default="compute",
        help="with --workspace: the stage to time (coverage: 1, then 2 workers)",
    )
    a = p.parse_args()
    py = [sys.executable, "-c"]
    print(f"cores {os.cpu_count()}, load {os.getloadavg()[0]:.1f}; scale {a.scale:g}, "
          f"provinces {a.province or 'all'}, {a.resolution:g} m")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        ws = str(Path(tmp) / "vn")
        if a.workspace:  # a copy: compute stores its values, the next run must start afresh
            shutil.copytree(a.workspace, ws)
            for stale in Path(ws).glob(".hatang.lock*"):  # the copy's, not a live lock
                stale.unlink()
            if a.only == "coverage":
                for workers in (1, 2):
                    _stage(
                        f"coverage, {workers} worker(s)",
                        [*py, _COVERAGE, ws, str(workers), str(a.resolution)],
                    )
            else:
                _stage("compute (indicators)", [*py, _COMPUTE, ws])
            print(f"load at the end {os.getloadavg()[0]:.1f}")
            return
        cli = [*py, "from hatang.cli import main; main()", "demo", ws, "--country"]
        args = [*cli, "--scale", str(a.scale), "--no-results"]
        for code in a.province:
            args += ["--province", code]
        _stage("demo --country (build)", args)
        for workers in () if a.no_coverage else (1, 2):
            _stage(
                f"coverage, {workers} worker(s)",
                [*py, _COVERAGE, ws, str(workers), str(a.resolution)],
            )
        _stage("compute (indicators)", [*py, _COMPUTE, ws])
    print(f"load at the end {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
