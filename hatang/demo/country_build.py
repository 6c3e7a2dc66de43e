"""`build_country_demo`: the synthetic country on the real map, end to end.

init a national workspace (every real unit) → generate the country (pure,
`demo.country`) → write the raw files under DIR/incoming/ → import each through
hatang.io.import_file (synthetic=True). `scale` sizes the crowdsourced speed tests
(`SPEED_TESTS` × scale rows: 20 M at full scale); `provinces` keeps the synthetic data
to some 2025 provinces (the units stay national), so tests and benchmarks can build a
small country quickly.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from hatang.demo import country as cty
from hatang.demo.country_files import write_country
from hatang.errors import NotFound
from hatang.store import db
from hatang.store.workspace import Workspace

#: speed-test rows of the national demo at full scale (issue 16: at least 20 M)
SPEED_TESTS = 20_000_000
#: the national demo's default seed
DEFAULT_SEED = 2025

Progress = Callable[[str, str, int, int], None]


def _quiet(stage: str, description: str, done: int, total: int) -> None:
    pass


def country_communes(units: pd.DataFrame, provinces: Sequence[str] | None) -> pd.DataFrame:
    """The 2025 communes (with population, area, centroid) the synthetic data cover."""
    c = units[(units["map"] == "2025") & (units["level"] == "commune")]
    if provinces:
        unknown = sorted(set(provinces) - set(c["parent_code"]))
        if unknown:
            raise NotFound(f"not a 2025 province: {', '.join(unknown)}; see `hatang provinces`")
        c = c[c["parent_code"].isin(list(provinces))]
    return c.sort_values("code").reset_index(drop=True)


def build_country_demo(
    root: Path | str,
    *,
    seed: int = DEFAULT_SEED,
    scale: float = 1.0,
    provinces: Sequence[str] | None = None,
    progress: Progress | None = None,
    force: bool = False,
) -> Workspace:
    """Build the national demo workspace in `root` (deterministic from seed, scale and
    provinces) and return it."""
    from hatang.io import import_file
    from hatang.store.init import init_workspace

    if not 0 <= scale <= 10:
        raise NotFound(f"--scale {scale}: give a fraction of the full demo between 0 and 10")
    started = time.perf_counter()
    report = progress or _quiet
    ws = init_workspace(Path(root), country=True, force=force, synthetic=True)
    with ws.connect(read_only=True) as con:
        units = db.read_table(con, "units")
        crosswalk = db.read_table(con, "crosswalk")
    communes = country_communes(units, provinces)
    report("generate", "Sinh dữ liệu mô phỏng / generating", 0, 2)
    country = cty.generate_country(communes, crosswalk, seed)
    report("generate", "Ghi tệp / writing files", 1, 2)
    files = write_country(country, round(SPEED_TESTS * scale), ws.root / "incoming", units)
    report("generate", "Sinh dữ liệu mô phỏng / generated", 2, 2)
    for i, f in enumerate(files):
        report("import", f"Nhập / importing {f.kind}: {f.path.name}", i, len(files))
        import_file(ws, f.kind, f.path, period=f.period, synthetic=True, options=f.options)
    report("import", "Nhập tệp / imported", len(files), len(files))
    _add_example_plan(ws)
    with ws.connect() as con:
        db.set_meta(con, "synthetic", "true")
        db.set_meta(con, "demo_seed", str(seed))
        db.set_meta(con, "demo_scale", f"{scale:g}")
        db.set_meta(con, "demo_build_seconds", f"{time.perf_counter() - started:.1f}")
    return ws


#: the example national plan the demo ships (hatang/demo/plans/, marked an example)
EXAMPLE_PLAN = "vn-example-2025.toml"


def _add_example_plan(ws: Workspace) -> None:
    """Copy the example national plan into the workspace's plans/ (checked as any plan)."""
    from importlib import resources

    from hatang.indicators import add_plan

    source = resources.files("hatang.demo").joinpath("plans", EXAMPLE_PLAN)
    with resources.as_file(source) as path:
        add_plan(ws.root, path, replace=True)


def compute_country_results(
    ws: Workspace, *, progress: Callable[[str, int, int], None] | None = None
) -> list[str]:
    """Coverage (province by province, on a local Dask cluster: docs/national.md) and
    every indicator of the national demo; a step that fails is reported, not raised."""
    from hatang.coverage.run import run_coverage
    from hatang.errors import HatangError
    from hatang.indicators import compute_workspace

    lines = []
    try:
        t = time.perf_counter()
        r = run_coverage(ws)
        lines.append(f"coverage {r.run_id} ({r.grid_text}): {time.perf_counter() - t:.0f} s")
    except (HatangError, ImportError) as e:
        lines.append(f"coverage not computed / chưa tính vùng phủ: {e}")
    try:
        t = time.perf_counter()
        compute_workspace(ws, progress=progress)
        lines.append(f"indicators: {time.perf_counter() - t:.0f} s")
    except (HatangError, ImportError) as e:
        lines.append(f"indicators not computed / chưa tính chỉ tiêu: {e}")
    return lines


def country_figures(ws: Workspace) -> list[tuple[str, float]]:
    """What the national demo holds (latest period), to print beside docs/demo.md."""
    from hatang.store.national import country_counts

    last = cty.PERIODS[-1]
    n = country_counts(ws, last)
    labels = {
        "provinces": "Tỉnh có dữ liệu / provinces with data",
        "villages": "Thôn mô phỏng / villages",
        "people": "Dân số / people",
        "sites": f"Trạm BTS / sites ({last})",
        "cells": f"Ô (cell) / cells ({last})",
        "speed_tests": "Lượt đo tốc độ / speed tests",
        "dead_spots": "Điểm lõm sóng báo cáo / reported dead spots",
    }
    return [(label, n[key]) for key, label in labels.items()]
