"""Start-up time of the `hatang` command, against a bare `python -c pass` in the same run.

    python benchmarks/cli_startup.py [--workspace DIR] [--runs 15]

Each command runs as a fresh process (`python -m hatang ...`, the interpreter of this
script, so no shell shim is timed); min and median wall time and median CPU time
(user + system: what the command itself costs, less sensitive to a loaded machine) of
`--runs` runs:

- `python -c pass` — the floor;
- `hatang --help`, `hatang scorecard --help`, `hatang import --help` — help only;
- `hatang compute` with nothing to do (the indicators are up to date), `hatang status`
  — on the workspace (default: the demo province built in a temporary folder, then
  `hatang compute` once so that the timed runs have nothing to do).

Each command runs once untimed first, with Python allowed to write its bytecode cache
(PYTHONDONTWRITEBYTECODE is dropped from the environment), so that the timed runs
load compiled modules as an installed hatang does rather than compiling edited
sources every time. "target" judges the median CPU time, which a loaded machine
inflates far less than the wall time. "× pass" and "CPU × pass" are each command's
min wall and median CPU time over those of `python -c pass` in the same run: the
ratios to compare across machines and loads.

Targets (2 cores): `hatang --help` ≤ 0.25 s, no-op `hatang compute` ≤ 0.35 s. The
modules `hatang --help` and a no-op `hatang compute` load are pinned by
tests/cli/test_cli_startup.py; a no-op loading no pandas by
tests/indicators/test_noop_startup.py.

The commands run with COLUMNS=100 and stdout to /dev/null: the no-op's line (87
characters) then fits, and rich, which would add nothing to it, is not loaded
(`hatang.cli.output.print_lines`); in a terminal (colour) or at 80 columns (rich wraps
it) the no-op loads rich's console as well, about 15-20 ms more.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS = {"hatang --help": 0.25, "hatang compute (nothing to do)": 0.35}


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def timed(cmd: list[str], runs: int, env: dict[str, str]) -> tuple[float, float, float]:
    """min and median wall time, median CPU time (user + system) of `runs` runs."""
    wall, cpu = [], []
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)  # bytecode cached
    for _ in range(runs):
        t, c = time.perf_counter(), _cpu()
        subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
        wall.append(time.perf_counter() - t)
        cpu.append(_cpu() - c)
    return min(wall), statistics.median(wall), statistics.median(cpu)


def demo_workspace() -> Path:
    from hatang.demo import build_demo
    from hatang.indicators import compute_workspace

    root = Path(tempfile.mkdtemp(prefix="hatang-bench-")) / "demo"
    ws = build_demo(root, seed=137)
    compute_workspace(ws)
    return ws.root


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workspace", type=Path, help="a workspace (default: build the demo)")
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    ws = args.workspace or demo_workspace()
    env = {**os.environ, "HATANG_WORKSPACE": str(ws), "COLUMNS": "100"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    hatang = [sys.executable, "-m", "hatang"]
    subprocess.run([*hatang, "compute"], env=env, check=True, stdout=subprocess.DEVNULL)
    cases = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "hatang --help": [*hatang, "--help"],
        "hatang scorecard --help": [*hatang, "scorecard", "--help"],
        "hatang import --help": [*hatang, "import", "--help"],
        "hatang compute (nothing to do)": [*hatang, "compute"],
        "hatang status": [*hatang, "status"],
    }
    load = os.getloadavg()
    print(
        f"{os.cpu_count()} cores, load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {args.runs} runs"
    )
    print(
        f"{'command':34} {'min s':>7} {'median s':>9} {'CPU s':>7} {'× pass':>7} "
        f"{'CPU × pass':>10} {'target':>7}"
    )
    floor: tuple[float, float] | None = None
    for name, cmd in cases.items():
        lo, med, cpu = timed(cmd, args.runs, env)
        floor = floor or (lo, cpu)  # `python -c pass`, the in-run reference
        target = TARGETS.get(name)
        mark = "" if target is None else f"{target:7.2f} {'ok' if cpu <= target else 'MISSED'}"
        print(
            f"{name:34} {lo:7.3f} {med:9.3f} {cpu:7.3f} {lo / floor[0]:7.1f} "
            f"{cpu / floor[1]:10.1f} {mark}"
        )


if __name__ == "__main__":
    main()
