"""Indicators on the demo province: `hatang compute --force` through the CLI and in-process.

    python benchmarks/indicators.py                 # builds the demo (seed 137) in a temp dir
    python benchmarks/indicators.py --workspace DIR # a copy of an existing demo workspace
    python benchmarks/indicators.py --repeat 7

Target (issue: speed where users feel it): `hatang compute --force` on the demo in at
most 2 s through the CLI on 2 cores. Each measurement runs --repeat times, CLI and
in-process interleaved, on a copy of the workspace (the given one is never written);
min and median are printed. The CLI figure is a fresh `python -m hatang compute
--force` process: start-up, imports, reading, computing (shared with a forked copy of
the process on two cores, hatang.indicators.parallel) and writing, as a user waits
for it; its CPU time (the fork's included) is printed too (on a shared machine wall time follows the load,
CPU time much less). A first, untimed run writes Python's bytecode cache (an installed
hatang has it; PYTHONDONTWRITEBYTECODE is dropped for these runs). In-process, `compute_workspace(ws, only_changed=False)` is split into its
steps. Then an incremental run with nothing changed and the scorecard.

The in-run reference, timed after each CLI run: a fresh `python -c 'import pandas,
duckdb, pyarrow'` (what any compute process pays before it reads anything); the CLI's
min wall and median CPU time are printed as multiples of the reference's.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _figures(times: list[float]) -> str:
    return f"min {min(times):.2f} s, median {statistics.median(times):.2f} s (n = {len(times)})"


def _cli(root: Path) -> tuple[float, float]:
    """Wall and CPU (user + system, every thread) seconds of one `hatang compute --force`."""
    # bytecode cached (the first run writes it), as for an installed hatang
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(REPO)
    cmd = [sys.executable, "-m", "hatang", "compute", "--force", "--json", "-w", str(root)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


#: what every `compute` process pays before it reads anything: Python and the
#: libraries the indicators use, loaded in a fresh process (the in-run reference)
REFERENCE_NAME = "python -c 'import pandas, duckdb, pyarrow'"


def _reference() -> tuple[float, float]:
    """Wall and CPU seconds of the reference process."""
    cmd = [sys.executable, "-c", "import pandas, duckdb, pyarrow"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def _timed(fn: Callable[[], object]) -> tuple[float, object]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def _steps(ws) -> dict[str, float]:
    """The in-process compute, step by step (what compute_workspace does)."""
    from hatang.indicators import compute_frames, compute_workspace, list_plans, load_catalogue
    from hatang.indicators.incremental import INPUT_TABLES
    from hatang.store import fingerprints
    from hatang.store import indicators as store

    out = {}
    out["compute_workspace"], report = _timed(lambda: compute_workspace(ws, only_changed=False))
    with ws.connect() as con:
        out["  read inputs"], frames = _timed(lambda: store.read_inputs(con, INPUT_TABLES))
    s = ws.settings.indicators

    def frames_computed(workers: int):
        return compute_frames(
            frames,
            list(load_catalogue().values()),
            plans=list(list_plans(ws.root).values()),
            synthetic=ws.synthetic,
            min_speed_tests=s.min_speed_tests,
            min_tile_tests=s.min_tile_tests,
            workers=workers,
        )

    out["  compute_frames"], values = _timed(lambda: frames_computed(1))
    # as the CLI computes them: shared with a forked copy where two cores are free to it
    out["  compute_frames, workers=2"], _ = _timed(lambda: frames_computed(2))
    values["computed_at"] = None
    with ws.connect() as con:
        fps = {
            k: v or "" for k, v in fingerprints.stored_fingerprints(con, report.computed).items()
        }
        out["  write values"], _ = _timed(lambda: store.write_values(con, values, fps))
    out["rows"] = float(report.rows)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workspace", type=Path, help="an existing demo workspace (copied)")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()

    from hatang.indicators import compute_workspace, scorecard
    from hatang.store import Workspace

    tmp = Path(tempfile.mkdtemp(prefix="hatang-bench-"))
    root = tmp / "ws"
    if args.workspace:
        shutil.copytree(args.workspace, root)
    else:
        from hatang.demo import build_demo
        from hatang.demo.build import compute_results

        t = time.perf_counter()
        compute_results(build_demo(root, seed=137))
        print(f"demo built in {time.perf_counter() - t:.1f} s (not part of the figures)")
    ws = Workspace.open(root)
    load = os.getloadavg()
    print(
        f"machine: {os.cpu_count()} cores, {platform.python_implementation()} "
        f"{platform.python_version()}, load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}"
    )
    cli, cpu, steps, ref, ref_cpu = [], [], [], [], []
    _cli(root)  # untimed: writes the bytecode cache
    for _ in range(args.repeat):
        wall, used = _cli(root)
        cli.append(wall)
        cpu.append(used)
        wall, used = _reference()
        ref.append(wall)
        ref_cpu.append(used)
        steps.append(_steps(ws))
    rows = int(steps[0].pop("rows"))
    for s in steps[1:]:
        s.pop("rows")
    print(f"hatang compute --force (CLI, new process), {rows:,} values: {_figures(cli)}")
    print(f"  its CPU time (user + system): {_figures(cpu)}")
    print(f"reference, {REFERENCE_NAME}: {_figures(ref)}; CPU {_figures(ref_cpu)}")
    print(
        f"  compute --force ÷ the reference: {min(cli) / min(ref):.2f}× wall (min), "
        f"{statistics.median(cpu) / statistics.median(ref_cpu):.2f}× CPU (median)"
    )
    for name in steps[0]:
        print(f"{name} (in-process): {_figures([s[name] for s in steps])}")
    again = [_timed(lambda: compute_workspace(ws))[0] for _ in range(args.repeat)]
    print(f"compute_workspace again, nothing changed: {_figures(again)}")
    sc = [_timed(lambda: scorecard(ws, refresh=False))[0] for _ in range(args.repeat)]
    print(f"scorecard (Plan 137, 14 targets): {_figures(sc)}")
    communes = [
        _timed(lambda: scorecard(ws, level="commune", refresh=False))[0] for _ in range(args.repeat)
    ]
    print(f"scorecard --level commune (798 rows): {_figures(communes)}")
    load = os.getloadavg()
    print(f"load average after: {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
