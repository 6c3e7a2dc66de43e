"""Coverage engine benchmark: evaluations per second against a plain numpy chain, workers,
scaling.

    python benchmarks/coverage.py                      # builds the demo (seed 137) in a temp dir
    python benchmarks/coverage.py --workspace DIR      # an existing demo workspace
    python benchmarks/coverage.py --synthetic          # 2,000 sites / 6,000 sectors at random
                                                       # over the Nam Định extent (no demo needed)
    python benchmarks/coverage.py --workspace DIR --scaling 1,2,4   # k×k copies of the network

Engine mode (default), for each resolution (100 m, 25 m): the **reference** — a plain
numpy chain over the same 4G radios and the same windows, sharing distance and bearing
per site (one pass of path loss, pattern and running maximum per radio, no tiles) —
and `engine.compute_grid` with each worker count, interleaved, --repeat times each.
It prints min and median seconds, evaluations/s, the engine's evaluations/s as a ratio
to the chain's (min over min, measured in the same run), and the largest difference
between the two results (the engine tabulates sector patterns at 0.1°). The radios are
prepared once (`engine.prepare`, timed on its own line).

Scaling mode: k×k copies of the network side by side (constant density, k² times the
sites and the grid), 100 m, one worker; each k's time and its ratio to k = 1.

With a workspace: the calibration fit of `hatang coverage --calibrate` (predicted
RSRP at every measured point) against the grid it calibrates, as a ratio; then one
full `hatang coverage` run (grid + population + units + dead spots + store + files) at
100 m with 1 and 2 workers.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from hatang.coverage import engine
from hatang.coverage.grid import Grid, to_xy
from hatang.settings import CoverageSettings

NAM_DINH = (105.92, 19.88, 106.60, 20.50)  # west, south, east, north (the demo's bbox)
CRS = "EPSG:32648"


def synthetic_cells(n_sites: int = 2000, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    w, s, e, n = NAM_DINH
    x, y = to_xy(rng.uniform(w, e, n_sites), rng.uniform(s, n, n_sites), CRS)
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


# ---- the reference: a plain numpy chain ------------------------------------------------


def numpy_chain(radios: engine.Radios, grid: Grid) -> tuple[np.ndarray, int]:
    """Best received power per group, site by site over the whole grid (no tiles): per
    site one distance and one bearing array over its window, per radio path loss +
    pattern + running maximum. Log-line models only (the default extended Hata)."""
    xs, ys, half = grid.xs(), grid.ys(), grid.res / 2
    best = np.full((len(radios.groups), grid.ny, grid.nx), engine.NO_SIGNAL, dtype=np.float32)
    live = np.flatnonzero(radios.radius_m > 0)
    pos = np.column_stack([np.round(radios.x[live], 2), np.round(radios.y[live], 2)])
    _, site = np.unique(pos, axis=0, return_inverse=True)
    order = np.argsort(site.ravel(), kind="stable")
    cuts = np.flatnonzero(np.diff(site.ravel()[order])) + 1
    evaluations = 0
    for idx in np.split(live[order], cuts):
        sx, sy = round(float(radios.x[idx[0]]), 2), round(float(radios.y[idx[0]]), 2)
        r = radios.radius_m[idx].max()
        c0, c1 = np.searchsorted(xs, sx - r - half), np.searchsorted(xs, sx + r + half)
        r0, r1 = np.searchsorted(-ys, -(sy + r + half)), np.searchsorted(-ys, -(sy - r - half))
        if c0 >= c1 or r0 >= r1:
            continue
        dx = (xs[c0:c1] - sx).astype(np.float32)[None, :]
        dy = (ys[r0:r1] - sy).astype(np.float32)[:, None]
        logd = np.log10(np.maximum(np.sqrt(dx * dx + dy * dy) * np.float32(0.001), 0.1))
        bearing = np.degrees(np.arctan2(dx, dy))
        for i in idx:
            rx = (
                np.float32(radios.eirp_eff[i] - radios.intercept[i])
                - np.float32(radios.slope[i]) * logd
            )
            if not np.isnan(radios.azimuth[i]):
                t = np.abs(bearing - np.float32(radios.azimuth[i] % 360.0))
                t = np.minimum(t, np.float32(360.0) - t)
                k = np.float32(12.0 / radios.beamwidth[i] ** 2)
                rx -= np.minimum(k * t * t, np.float32(radios.max_attenuation_db))
            win = best[radios.group[i], r0:r1, c0:c1]
            np.maximum(win, rx, out=win)
            evaluations += rx.size
    return best, evaluations


# ---- measuring ---------------------------------------------------------------------


def _interleaved(
    jobs: dict[str, Callable[[], object]],
    repeat: int,
    cpu: dict[str, list[float]] | None = None,
) -> dict[str, list[float]]:
    """Run every job once per round, `repeat` rounds, so that load changes hit all alike;
    wall times returned, process CPU times into `cpu` when given."""
    times: dict[str, list[float]] = {k: [] for k in jobs}
    for _ in range(max(1, repeat)):
        for name, job in jobs.items():
            t, c = time.perf_counter(), time.process_time()
            job()
            times[name].append(time.perf_counter() - t)
            if cpu is not None:
                cpu.setdefault(name, []).append(time.process_time() - c)
    return times


def _line(name: str, ts: list[float], evaluations: int, ratio_to_chain: float | None) -> str:
    lo, med = min(ts), statistics.median(ts)
    ratio = f"{ratio_to_chain:5.2f}×" if ratio_to_chain else "    —"
    return (
        f"{name:<22} {lo:8.3f} {med:8.3f} {evaluations:>13,} {evaluations / lo / 1e6:9.1f} {ratio}"
    )


def engine_mode(cells: pd.DataFrame, settings: CoverageSettings, bbox, args) -> None:
    t = time.perf_counter()
    radios = engine.prepare(cells, settings)
    print(f"engine.prepare: {time.perf_counter() - t:.3f} s (once, not in the times below)")
    workers = [int(v) for v in args.workers.split(",")]
    for res in (float(v) for v in args.resolutions.split(",")):
        grid = Grid.from_lonlat_bounds(*bbox, res, CRS, settings.tile_cells)
        ref, ref_n = numpy_chain(radios, grid)
        power = engine.compute_grid(radios, grid)
        inside = ref >= -140.0
        diff = float(np.abs(power.best - ref)[inside].max()) if inside.any() else 0.0
        jobs: dict[str, Callable[[], object]] = {
            "numpy chain": lambda g=grid: numpy_chain(radios, g)
        }
        for w in workers:
            jobs[f"engine, {w} worker(s)"] = lambda w=w, g=grid: engine.compute_grid(
                radios, g, workers=w
            )
        times = _interleaved(jobs, args.repeat)
        print(
            f"\n{res:g} m: grid {grid.nx} × {grid.ny}, tiles of {grid.tile_cells} cells; "
            f"evaluations: chain {ref_n:,}, engine {power.evaluations:,}; "
            f"largest difference engine − chain where the chain ≥ −140 dBm: {diff:.3f} dB"
        )
        print(f"{'':<22} {'min s':>8} {'median s':>8} {'evaluations':>13} {'M eval/s':>9} vs chain")
        chain_rate = ref_n / min(times["numpy chain"])
        for name, ts in times.items():
            n = ref_n if name == "numpy chain" else power.evaluations
            rel = None if name == "numpy chain" else (n / min(ts)) / chain_rate
            print(_line(name, ts, n, rel))
        if len(workers) > 1:
            one = min(times[f"engine, {workers[0]} worker(s)"])
            for w in workers[1:]:
                print(
                    f"{w} workers vs {workers[0]}: {one / min(times[f'engine, {w} worker(s)']):.2f}× faster"
                )


def calibration_line(ws, repeat: int) -> None:
    """`hatang coverage --calibrate`'s fit (predictions at every measured point, per
    operator) against the grid it calibrates (100 m, 1 worker), interleaved."""
    from hatang.coverage import calibrate
    from hatang.coverage.network import area_grid, radio_frame, with_xy
    from hatang.store import coverage as store

    crs, cs = ws.settings.workspace.crs, ws.settings.coverage
    network = store.read_network(ws)
    measured = store.read_run_inputs(ws, network.period, technology="4G", measured=True).measured
    radios = radio_frame(with_xy(network.cells, crs), cs, "4G", None)
    tests = with_xy(measured, crs)
    grid = area_grid(network.bbox, network.villages, cs, 100.0, crs)
    jobs = {
        "calibration fit": lambda: calibrate.fit_offsets(radios, tests, cs),
        "grid (prepare + compute_grid)": lambda: engine.compute_grid(
            engine.prepare(radios, cs), grid
        ),
    }
    cpu: dict[str, list[float]] = {}
    times = _interleaved(jobs, repeat, cpu)
    fit = calibrate.fit_offsets(radios, tests, cs)
    print(f"\ncalibration: {len(tests):,} measured points, offsets {fit.as_dict()['offsets_db']}")
    for name, ts in times.items():
        print(
            f"{name:<30} min {min(ts):.3f} s, median {statistics.median(ts):.3f} s; "
            f"CPU min {min(cpu[name]):.3f} s, median {statistics.median(cpu[name]):.3f} s"
        )
    fit_name, grid_name = "calibration fit", "grid (prepare + compute_grid)"
    ratio = min(times[fit_name]) / min(times[grid_name])
    cpu_ratio = min(cpu[fit_name]) / min(cpu[grid_name])
    print(f"calibration / grid: {ratio:.2f}× wall, {cpu_ratio:.2f}× CPU")


def tiled_copies(cells: pd.DataFrame, bbox, k: int) -> tuple[pd.DataFrame, tuple]:
    """k×k copies of the network side by side, each shifted by the extent of the bbox."""
    x, y = to_xy([bbox[0], bbox[2]], [bbox[1], bbox[3]], CRS)
    w, h = float(x[1] - x[0]), float(y[1] - y[0])
    parts = []
    for i in range(k):
        for j in range(k):
            part = cells.copy()
            part["x"] = part["x"] + i * w
            part["y"] = part["y"] + j * h
            parts.append(part)
    return pd.concat(parts, ignore_index=True), (x[0], y[0], x[0] + k * w, y[0] + k * h)


def scaling_mode(cells: pd.DataFrame, settings: CoverageSettings, bbox, args) -> None:
    print(
        f"\nscaling: k×k copies at 100 m, 1 worker, {args.repeat} interleaved runs each "
        "(prepare excluded); wall and CPU (process) time"
    )
    ks = [int(v) for v in args.scaling.split(",")]
    inputs = {}
    for k in ks:
        many, (x0, y0, x1, y1) = tiled_copies(cells, bbox, k)
        grid = Grid.from_bounds(x0, y0, x1, y1, 100.0, CRS, settings.tile_cells)
        inputs[k] = (many, engine.prepare(many, settings), grid)
    wall: dict[int, list[float]] = {k: [] for k in ks}
    cpu: dict[int, list[float]] = {k: [] for k in ks}
    for _ in range(max(1, args.repeat)):
        for k in ks:
            t, c = time.perf_counter(), time.process_time()
            engine.compute_grid(inputs[k][1], inputs[k][2])
            wall[k].append(time.perf_counter() - t)
            cpu[k].append(time.process_time() - c)
    print(
        f"{'copies':>7} {'sites':>7} {'grid':>11} {'min s':>7} {'median s':>8} "
        f"{'× 1×':>6} {'CPU s':>7} {'CPU × 1×':>8}"
    )
    base, base_cpu = min(wall[ks[0]]), min(cpu[ks[0]])
    for k in ks:
        many, _, grid = inputs[k]
        sites = many[["x", "y"]].drop_duplicates().shape[0]
        print(
            f"{k * k:>6}× {sites:>7,} {grid.nx:>5}x{grid.ny:<5} {min(wall[k]):7.3f} "
            f"{statistics.median(wall[k]):8.3f} {min(wall[k]) / base:6.2f} "
            f"{min(cpu[k]):7.3f} {min(cpu[k]) / base_cpu:8.2f}"
        )


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--workspace", type=Path)
    ap.add_argument("--synthetic", action="store_true")
    ap.add_argument("--resolutions", default="100,25")
    ap.add_argument("--workers", default="1,2")
    ap.add_argument("--repeat", type=int, default=5, help="runs of each measurement")
    ap.add_argument("--scaling", default="", help="k values for k×k copies, e.g. 1,2,4")
    ap.add_argument("--no-full-run", action="store_true", help="skip the `hatang coverage` runs")
    args = ap.parse_args()
    ws = None
    if args.synthetic:
        cells, settings, bbox = synthetic_cells(), CoverageSettings(), NAM_DINH
        source = "synthetic 2,000 sites"
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
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, numpy {np.__version__}; "
        f"load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}"
    )
    print(
        f"network: {source}: {sites} sites, {len(cells)} 4G cells "
        f"({cells['azimuth_deg'].notna().sum() if 'azimuth_deg' in cells else 0} sectored)"
    )
    if args.scaling:
        scaling_mode(cells, settings, bbox, args)
    else:
        engine_mode(cells, settings, bbox, args)
    if ws is not None and not args.scaling:
        calibration_line(ws, args.repeat)
    if ws is not None and not args.no_full_run and not args.scaling:
        from hatang.coverage.run import run_coverage

        for w in (1, 2):
            t = time.perf_counter()
            r = run_coverage(ws, resolution=100, workers=w)
            print(
                f"full `hatang coverage` at 100 m, {w} worker(s): {time.perf_counter() - t:.2f} s "
                f"(grid {r.seconds:.2f} s; {len(r.dead_spots)} dead spots, "
                f"{(r.checks['status'] == 'matched').sum()}/{len(r.checks)} reported matched)"
            )
    print(f"load average at the end: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
