"""Coverage engine benchmark: cell × grid-cell evaluations per second and wall time.

    python benchmarks/coverage.py                      # builds the demo (seed 137) in a temp dir
    python benchmarks/coverage.py --workspace DIR      # an existing demo workspace
    python benchmarks/coverage.py --synthetic          # 2,000 sites / 6,000 sectors at random
                                                       # over the Nam Định extent (no demo needed)

For each resolution (100 m, 25 m) and worker count (1, 2) it times `compute_grid`
(4G cells of the latest period, sector patterns; best of --repeat runs, process-pool
start-up included) and prints one line; then one full
`hatang coverage` run (grid + population + units + dead spots + store + files) at 100 m.
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from hatang.coverage import engine
from hatang.coverage.grid import Grid, to_xy
from hatang.settings import CoverageSettings

NAM_DINH = (105.92, 19.88, 106.60, 20.50)  # west, south, east, north (the demo's bbox)


def synthetic_cells(n_sites: int = 2000, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    w, s, e, n = NAM_DINH
    x, y = to_xy(rng.uniform(w, e, n_sites), rng.uniform(s, n, n_sites), "EPSG:32648")
    ops = ["viettel", "vnpt", "mobifone", "vietnamobile"]
    rows = []
    for i in range(n_sites):
        band, h = rng.choice([1800.0, 2100.0, 2600.0]), rng.uniform(20, 45)
        for k in range(3):
            rows.append(
                dict(
                    x=x[i],
                    y=y[i],
                    height_m=h,
                    eirp_dbm=rng.uniform(54, 60),
                    band_mhz=band,
                    bandwidth_mhz=rng.choice([10.0, 20.0]),
                    azimuth_deg=(k * 120 + rng.uniform(0, 40)) % 360,
                    technology="4G",
                    operator=ops[i % 4],
                )
            )
    return pd.DataFrame(rows)


def demo_cells(ws) -> tuple[pd.DataFrame, CoverageSettings, tuple[float, float, float, float]]:
    from hatang.coverage.network import radio_frame, with_xy
    from hatang.store.coverage import read_network

    inputs = read_network(ws)
    cells = with_xy(inputs.cells, ws.settings.workspace.crs)
    return radio_frame(cells, ws.settings.coverage, "4G", None), ws.settings.coverage, inputs.bbox


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--workspace", type=Path)
    ap.add_argument("--synthetic", action="store_true")
    ap.add_argument("--resolutions", default="100,25")
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--repeat", type=int, default=3, help="best of N runs")
    args = ap.parse_args()
    ws = None
    if args.synthetic:
        cells, settings, bbox, source = (
            synthetic_cells(),
            CoverageSettings(),
            NAM_DINH,
            "synthetic 2,000 sites",
        )
    else:
        from hatang.store import Workspace

        if args.workspace:
            ws = Workspace.open(args.workspace)
        else:
            from hatang.demo import build_demo

            root = Path(tempfile.mkdtemp(prefix="hatang-bench-")) / "demo"
            t = time.perf_counter()
            ws = build_demo(root, seed=137)
            print(f"built the demo in {time.perf_counter() - t:.1f} s at {root}")
        cells, settings, bbox = demo_cells(ws)
        source = f"demo workspace {ws.root}"
    sites = cells[["x", "y"]].drop_duplicates().shape[0]
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}"
    )
    print(
        f"network: {source}: {sites} sites, {len(cells)} 4G cells "
        f"({cells['azimuth_deg'].notna().sum() if 'azimuth_deg' in cells else 0} sectored)"
    )
    radios = engine.prepare(cells, settings)
    print(
        f"mean evaluation radius {radios.radius_m.mean() / 1000:.2f} km (max {radios.radius_m.max() / 1000:.2f} km)"
    )
    print(
        f"{'res m':>6} {'workers':>7} {'grid':>11} {'evaluations':>13} {'seconds':>8} {'M eval/s':>9}"
    )
    for res in (float(v) for v in args.resolutions.split(",")):
        grid = Grid.from_lonlat_bounds(
            *bbox, res, settings_crs := "EPSG:32648", settings.tile_cells
        )
        del settings_crs
        for w in (int(v) for v in args.workers.split(",")):
            times = []
            for _ in range(max(1, args.repeat)):
                t = time.perf_counter()
                power = engine.compute_grid(engine.prepare(cells, settings), grid, workers=w)
                times.append(time.perf_counter() - t)
            dt = min(times)
            print(
                f"{res:>6g} {w:>7} {grid.nx:>5}x{grid.ny:<5} {power.evaluations:>13,} {dt:>8.2f} "
                f"{power.evaluations / dt / 1e6:>9.1f}"
            )
    if ws is not None:
        from hatang.coverage.run import run_coverage

        for w in (1, 2):
            t = time.perf_counter()
            r = run_coverage(ws, resolution=100, workers=w)
            print(
                f"full `hatang coverage` at 100 m, {w} worker(s): {time.perf_counter() - t:.2f} s "
                f"(grid {r.seconds:.2f} s; {len(r.dead_spots)} dead spots, "
                f"{(r.checks['status'] == 'matched').sum()}/{len(r.checks)} reported matched)"
            )


if __name__ == "__main__":
    main()
