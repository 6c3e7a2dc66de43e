"""Time to compute every indicator on the demo province (target: under 10 s on 2 cores).

    python benchmarks/indicators.py [WORKSPACE]

Without WORKSPACE the demo is built first (hatang.demo.build_demo, seed 137) in a
temporary folder; the build is not timed. Prints the full compute (--force), an
incremental run with nothing changed, and the scorecard.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    from hatang.indicators import compute_workspace as compute
    from hatang.indicators import scorecard
    from hatang.store import Workspace

    if len(sys.argv) > 1:
        ws = Workspace.open(sys.argv[1])
    else:
        from hatang.demo import build_demo

        root = Path(tempfile.mkdtemp()) / "demo"
        t = time.perf_counter()
        ws = build_demo(root, seed=137)
        print(f"demo built in {time.perf_counter() - t:.1f} s (not part of the figure)")
    t = time.perf_counter()
    report = compute(ws, only_changed=False)
    full = time.perf_counter() - t
    print(
        f"compute (all {len(report.computed)} indicators, both maps, {report.rows:,} values): {full:.1f} s"
    )
    t = time.perf_counter()
    again = compute(ws)
    print(
        f"compute again, nothing changed ({len(again.skipped)} skipped): {time.perf_counter() - t:.2f} s"
    )
    t = time.perf_counter()
    sc = scorecard(ws, refresh=False)
    print(f"scorecard (Plan 137, {len(sc)} targets): {time.perf_counter() - t:.2f} s")
    t = time.perf_counter()
    sc = scorecard(ws, level="commune", refresh=False)
    print(f"scorecard --level commune ({len(sc)} rows): {time.perf_counter() - t:.2f} s")


if __name__ == "__main__":
    main()
