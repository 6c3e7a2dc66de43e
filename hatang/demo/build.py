"""`build_demo`: a synthetic province on the real map of the old Nam Định, end to end.

init the workspace (real units) → generate every table (pure) → write the raw files
under DIR/incoming/ → import each through hatang.io.import_file (synthetic=True), but
2025Q3's operator and services files, which come in as filings (demo/filings.py).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from hatang.demo import calibration as cal
from hatang.demo.files import write_all
from hatang.demo.filings import file_all, filed_later, plan
from hatang.demo.generate import DEFAULT_SEED, generate
from hatang.demo.inputs import inputs_from_frames
from hatang.demo.register import build_register, finish_register
from hatang.store import db
from hatang.store.workspace import Workspace

#: generation steps reported to the progress callback (see generate.generate)
_GEN_STEPS = 8

#: `progress(stage, description, done, total)`: stage "generate" or "import"; the CLI
#: draws one bar per stage
Progress = Callable[[str, str, int, int], None]


def _quiet(stage: str, description: str, done: int, total: int) -> None:
    pass


#: who issues the demo's report: made-up bodies and place, so that a report of synthetic
#: figures never reads as one of the real province's offices (its notice says the same)
DEMO_REPORT = {
    "parent_body": "UBND tỉnh Mô Phỏng",
    "issuing_body": "Sở Khoa học và Công nghệ tỉnh Mô Phỏng",
    "abbreviation": "SKHCN-MP",
    "place": "Mô Phỏng",
}


def build_demo(
    root: Path | str,
    *,
    seed: int = DEFAULT_SEED,
    progress: Progress | None = None,
    force: bool = False,
) -> Workspace:
    """Build the demo workspace in `root` (deterministic from `seed`) and return it."""
    from hatang import settings as settings_mod
    from hatang.io import import_file
    from hatang.store.init import init_workspace
    from hatang.store.workspace import CONFIG

    started = time.perf_counter()
    report = progress or _quiet
    root = Path(root)
    ws = init_workspace(root, cal.PROVINCE, force=force, synthetic=True)
    # the synthetic subscriptions and accounts are drawn per the units' (merger-plan)
    # population, so that is the base their per-inhabitant figures are read on
    ws.settings.indicators.population_base = "plan"
    for key, value in DEMO_REPORT.items():
        setattr(ws.settings.report, key, value)
    settings_mod.save(ws.settings, ws.root / CONFIG)
    with ws.connect(read_only=True) as con:
        units = db.read_table(con, "units")
        crosswalk = db.read_table(con, "crosswalk")
    inputs = inputs_from_frames(units, crosswalk, cal.PROVINCE)
    report("generate", "Sinh dữ liệu mô phỏng / generating", 0, _GEN_STEPS)
    done = 0

    def step(name: str) -> None:
        nonlocal done
        done += 1
        report("generate", f"Sinh dữ liệu / generating: {name}", done, _GEN_STEPS)

    data = generate(inputs, seed, step=step)
    report("generate", "Sinh dữ liệu mô phỏng / generated", _GEN_STEPS, _GEN_STEPS)
    every = write_all(data, units, ws.root / "incoming")
    files, filed = filed_later(every)
    report("import", "Nhập tệp / importing", 0, len(files))
    for i, f in enumerate(files):
        report("import", f"Nhập / importing {f.kind}: {f.path.name}", i, len(files))
        import_file(ws, f.kind, f.path, period=f.period, synthetic=True, options=f.options)
        report("import", f"Nhập / importing {f.kind}: {f.path.name}", i + 1, len(files))
    report("import", "Nhập tệp / imported", len(files), len(files))
    report("filings", "Hồ sơ nộp quý / quarterly filings", 0, 1)
    file_all(ws, plan(filed, every, ws.root / "incoming" / "nop-ho-so"))
    report("filings", "Hồ sơ nộp quý / quarterly filings", 1, 1)
    report("register", "Sổ điểm lõm sóng / dead-spot register", 0, 1)
    build_register(ws, seed, ws.root / "incoming")
    report("register", "Sổ điểm lõm sóng / dead-spot register", 1, 1)
    with ws.connect() as con:
        db.set_meta(con, "synthetic", "true")
        db.set_meta(con, "demo_seed", str(seed))
        db.set_meta(con, "demo_build_seconds", f"{time.perf_counter() - started:.1f}")
    return ws


def compute_results(
    ws: Workspace, *, progress: Callable[[str, int, int], None] | None = None
) -> list[str]:
    """Run the modelled coverage and the indicator engine on a demo workspace, so every
    table (dead spots found by the model, indicator values) is filled at once.
    `progress(what, done, total)` follows the indicators (the CLI draws it).

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
        with ws.connect(read_only=True) as con:
            seed = int(db.get_meta(con, "demo_seed") or DEFAULT_SEED)
        lines.append(finish_register(ws, seed))
    except HatangError as e:
        lines.append(f"register not finished / chưa hoàn tất sổ điểm lõm sóng: {e}")
    try:
        from hatang.indicators import compute_workspace

        t = time.perf_counter()
        compute_workspace(ws, progress=progress)
        lines.append(f"indicators: {time.perf_counter() - t:.0f} s")
    except (HatangError, ImportError) as e:
        lines.append(f"indicators not computed / chưa tính chỉ tiêu: {e}")
    return lines
