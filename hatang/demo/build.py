"""`build_demo`: a synthetic province on the real map of the old Nam Định, end to end.

init the workspace (real units) → generate every table (pure) → write the raw files
under DIR/incoming/ → import each through hatang.io.import_file (synthetic=True).
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hatang.demo import calibration as cal
from hatang.demo.files import write_all
from hatang.demo.generate import DEFAULT_SEED, generate
from hatang.demo.inputs import inputs_from_frames
from hatang.store import db
from hatang.store.workspace import Workspace

#: generation steps reported to the progress display (see generate.generate)
_GEN_STEPS = 8


@contextmanager
def _progress(enabled: bool) -> Iterator:
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        transient=False,
    ) as p:
        yield p


def build_demo(
    root: Path | str, *, seed: int = DEFAULT_SEED, progress: bool = False, force: bool = False
) -> Workspace:
    """Build the demo workspace in `root` (deterministic from `seed`) and return it."""
    from hatang.io import import_file
    from hatang.store.init import init_workspace

    started = time.perf_counter()
    root = Path(root)
    ws = init_workspace(root, cal.PROVINCE, force=force, synthetic=True)
    with ws.connect(read_only=True) as con:
        units = db.read_table(con, "units")
        crosswalk = db.read_table(con, "crosswalk")
    inputs = inputs_from_frames(units, crosswalk, cal.PROVINCE)
    with _progress(progress) as bar:
        task = bar.add_task("Sinh dữ liệu mô phỏng / generating", total=_GEN_STEPS) if bar else None

        def step(name: str) -> None:
            if bar is not None:
                bar.update(task, advance=1, description=f"Sinh dữ liệu / generating: {name}")

        data = generate(inputs, seed, step=step)
        if bar is not None:
            bar.update(task, completed=_GEN_STEPS, description="Sinh dữ liệu mô phỏng / generated")
        files = write_all(data, units, ws.root / "incoming")
        itask = bar.add_task("Nhập tệp / importing", total=len(files)) if bar else None
        for f in files:
            if bar is not None:
                bar.update(itask, description=f"Nhập / importing {f.kind}: {f.path.name}")
            import_file(ws, f.kind, f.path, period=f.period, synthetic=True, options=f.options)
            if bar is not None:
                bar.update(itask, advance=1)
        if bar is not None:
            bar.update(itask, description="Nhập tệp / imported")
    with ws.connect() as con:
        db.set_meta(con, "synthetic", "true")
        db.set_meta(con, "demo_seed", str(seed))
        db.set_meta(con, "demo_build_seconds", f"{time.perf_counter() - started:.1f}")
    return ws


def compute_results(ws: Workspace, *, progress: bool = False) -> list[str]:
    """Run the modelled coverage and the indicator engine on a demo workspace, so every
    table (dead spots found by the model, indicator values) is filled at once.

    Returns one line per step; a step that fails is reported, not raised: the demo's
    data stay usable and the step can be rerun (`hatang coverage`, `hatang compute`).
    """
    from hatang.errors import HatangError

    lines = []
    try:
        from hatang.coverage.run import run_coverage

        t = time.perf_counter()
        r = run_coverage(ws, calibrate=True)
        lines.append(f"coverage {r.run_id}: {time.perf_counter() - t:.0f} s")
    except (HatangError, ImportError) as e:
        lines.append(f"coverage not computed / chưa tính vùng phủ: {e}")
    try:
        from hatang.indicators import compute_workspace

        t = time.perf_counter()
        with _progress(progress) as bar:
            task = bar.add_task("chỉ tiêu / indicators") if bar else None

            def tick(what: str, done: int, total: int) -> None:
                bar.update(task, completed=done, total=total, description=what)

            compute_workspace(ws, progress=tick if bar else None)
        lines.append(f"indicators: {time.perf_counter() - t:.0f} s")
    except (HatangError, ImportError) as e:
        lines.append(f"indicators not computed / chưa tính chỉ tiêu: {e}")
    return lines
