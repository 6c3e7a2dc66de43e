"""Time `hatang demo` (build_demo) end to end, and its parts.

    python benchmarks/demo.py [--seed 137] [--keep DIR]

Prints: generation (pure), writing the raw files, importing them, total; and the
machine's load average, because other work on the cores changes the figures.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=137)
    ap.add_argument("--keep", type=Path, default=None, help="build here and keep it")
    args = ap.parse_args()

    import importlib

    from hatang import io as hio

    build_mod = importlib.import_module("hatang.demo.build")
    files_mod = importlib.import_module("hatang.demo.files")
    gen_mod = importlib.import_module("hatang.demo.generate")

    timings = {"generate": 0.0, "write files": 0.0, "import": 0.0}

    def timed(name, fn):
        def run(*a, **kw):
            t = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                timings[name] += time.perf_counter() - t

        return run

    build_mod.generate = timed("generate", gen_mod.generate)
    build_mod.write_all = timed("write files", files_mod.write_all)
    hio.import_file = timed("import", hio.import_file)

    with tempfile.TemporaryDirectory() as tmp:
        root = args.keep or Path(tmp) / "demo"
        load = os.getloadavg()
        t = time.perf_counter()
        build_mod.build_demo(root, seed=args.seed, force=True)
        total = time.perf_counter() - t
    print(
        f"cores: {os.cpu_count()}, load average before: {load[0]:.1f}, after: {os.getloadavg()[0]:.1f}"
    )
    for k, v in timings.items():
        print(f"{k:12s} {v:6.1f} s")
    print(f"{'init+other':12s} {total - sum(timings.values()):6.1f} s")
    print(f"{'total':12s} {total:6.1f} s")


if __name__ == "__main__":
    main()
