"""Terrain benchmark: the demo province's coverage run with and without a DEM.

    python benchmarks/terrain.py                    # builds the demo (seed 137) in a temp dir
    python benchmarks/terrain.py --workspace DIR    # a copy of an existing demo workspace
    python benchmarks/terrain.py --relief 300       # a hilly synthetic DEM instead of a delta
    python benchmarks/terrain.py --workspace DIR --own-dem   # the workspace's own DEM, e.g.
                                                    # `hatang demo DIR --province 12`'s

A synthetic DEM (labelled synthetic: the demo's) over the workspace's extent — by default
a delta like Nam Định's, 3 m ± 1 m of smooth relief; with --relief R, smooth hills up to
R metres — is imported with `hatang import dem`, then `run_coverage` is timed with
`[coverage] terrain = off` and `on`, interleaved, --repeat times each. It prints the grid
time (engine plus terrain) min and median, their ratio (min over min) and the population
covered by each, and the difference in percentage points.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import tempfile
from pathlib import Path

import numpy as np


def synthetic_dem(path: Path, bbox: tuple[float, float, float, float], relief: float) -> None:
    import rasterio
    from rasterio.transform import from_origin
    from scipy import ndimage

    west, south, east, north = (bbox[0] - 0.05, bbox[1] - 0.05, bbox[2] + 0.05, bbox[3] + 0.05)
    step = 0.001
    w, h = int((east - west) / step) + 1, int((north - south) / step) + 1
    rng = np.random.default_rng(137)
    coarse = rng.normal(0, 1, (h // 25 + 2, w // 25 + 2))
    z = ndimage.zoom(coarse, 25, order=3)[:h, :w]
    z = 3.0 + z if relief <= 0 else relief * (z - z.min()) / (z.max() - z.min())
    profile = dict(
        driver="GTiff",
        height=h,
        width=w,
        count=1,
        dtype="float32",
        crs="EPSG:4326",
        transform=from_origin(west, north, step, step),
    )
    with rasterio.open(path, "w", **profile) as dst:
        dst.write(z.astype("float32"), 1)


def _dem_name(args: argparse.Namespace) -> str:
    if args.own_dem:
        return "the workspace's own"
    return "delta 3 ± 1 m" if args.relief <= 0 else f"hills up to {args.relief:g} m"


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--workspace", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--relief", type=float, default=0.0)
    ap.add_argument("--own-dem", action="store_true", help="keep the workspace's DEM")
    args = ap.parse_args()

    from hatang.coverage.run import run_coverage
    from hatang.demo import build_demo
    from hatang.io.run import import_file
    from hatang.store import Workspace
    from hatang.store import coverage as store

    tmp = Path(tempfile.mkdtemp(prefix="hatang-terrain-"))
    root = tmp / "ws"
    if args.workspace:
        shutil.copytree(args.workspace, root)
        if not args.own_dem:
            shutil.rmtree(root / "terrain", ignore_errors=True)  # this DEM only
    else:
        build_demo(root)
    ws = Workspace.open(root)
    if not args.own_dem:
        bbox = store.read_network(ws, None).bbox
        dem = tmp / "dem.tif"
        synthetic_dem(dem, bbox, args.relief)
        import_file(ws, "dem", dem, synthetic=True)
    times: dict[str, list[float]] = {"off": [], "on": []}
    covered: dict[str, int] = {}
    people = 0.0
    for _ in range(args.repeat):
        for mode in ("off", "on"):
            ws.settings.coverage.terrain = mode
            r = run_coverage(ws, write_files=False)
            times[mode].append(r.network.seconds)
            covered[mode] = round(r.population_covered)
            people = r.network.people.total
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"load {os.getloadavg()[0]:.1f}; DEM: {_dem_name(args)}"
    )
    for mode in ("off", "on"):
        t = times[mode]
        print(
            f"terrain {mode:3}: grid {min(t):6.2f} s min, {statistics.median(t):6.2f} s median; "
            f"people covered {covered[mode]:,} ({100 * covered[mode] / people:.2f} %)"
        )
    print(
        f"ratio on/off (min/min): {min(times['on']) / min(times['off']):.1f}x; "
        f"covered differs by {100 * (covered['on'] - covered['off']) / people:+.2f} pp"
    )
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
