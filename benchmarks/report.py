"""The quarterly report and the brief on the demo province, as `hatang report` writes them.

    python benchmarks/report.py                  # builds the demo (seed 137) in a temp dir
    python benchmarks/report.py --workspace DIR  # a copy of an existing demo workspace
    python benchmarks/report.py --repeat 5

Target (issue 13): the demo's report (DOCX and PDF) in at most 20 s on 2 cores. On a
copy of the workspace, a full-cover scenario is planned and the register synced (what
the report's sections II and III show), then each measurement is a fresh
`python -m hatang report` process — start-up, reading, the scorecards (the plan's
scope, every commune, the communes furthest from each target on both maps), charts,
both renderers, writing — repeated --repeat times; wall and CPU (user + system) time,
min and median. On a shared machine wall time follows the load; CPU time much less.
Then the steps in-process: gather, content, DOCX, PDF.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _run(args: list[str], root: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one `python -m hatang ARGS -w ROOT` (children's CPU)."""
    before = os.times()
    t = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "hatang", *args, "-w", str(root)],
        check=True,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    wall = time.perf_counter() - t
    after = os.times()
    return wall, (after.children_user - before.children_user) + (
        after.children_system - before.children_system
    )


def _figures(xs: list[float]) -> str:
    return f"min {min(xs):.2f} s, median {statistics.median(xs):.2f} s"


def _steps(root: Path) -> None:
    sys.path.insert(0, str(REPO))
    from hatang.report import content, docx, pdf
    from hatang.report.data import Options, gather
    from hatang.store import Workspace

    ws = Workspace.open(root)
    t = time.perf_counter()
    data = gather(ws, Options(period="2025Q4"), refresh=False)
    t1 = time.perf_counter()
    doc = content.report(data, ws.settings.report)
    t2 = time.perf_counter()
    docx.render(doc)
    t3 = time.perf_counter()
    pdf.render(doc)
    t4 = time.perf_counter()
    print(
        f"  in-process: gather {t1 - t:.2f} s, content (charts, map) {t2 - t1:.2f} s, DOCX {t3 - t2:.2f} s, PDF {t4 - t3:.2f} s"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--workspace", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="hatang-bench-report-"))
    root = tmp / "ws"
    try:
        if a.workspace:
            shutil.copytree(a.workspace, root)
        else:
            subprocess.run(
                [sys.executable, "-m", "hatang", "demo", str(root)],
                check=True,
                capture_output=True,
                env={**os.environ, "PYTHONPATH": str(REPO)},
            )
        _run(
            ["plan-sites", "--cover", "100%", "--sharing", "30%", "--name", "full", "--replace"],
            root,
        )
        _run(["register", "sync"], root)
        print(
            f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}"
        )
        for label, extra in (("report (docx,pdf)", []), ("brief (docx,pdf)", ["--brief"])):
            walls, cpus = [], []
            for _ in range(a.repeat):
                w, c = _run(
                    ["report", "--period", "2025Q4", "--out", str(tmp / "out"), *extra], root
                )
                walls.append(w)
                cpus.append(c)
            print(
                f"  hatang report {label}: wall {_figures(walls)}; CPU {_figures(cpus)} (n = {a.repeat})"
            )
        _steps(root)
        print(f"  load after: {os.getloadavg()[0]:.1f}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
