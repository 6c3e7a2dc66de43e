#!/usr/bin/env python3
"""Timings of the administrative-units area: packaged-file loading, province subsets,
`hatang init` for a small and a large province, and `workspace_status`.

    python benchmarks/admin.py
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path


def _time(label: str, fn, repeat: int = 3):
    best, result = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    print(f"{label:<58} {best * 1000:8.0f} ms")
    return result


def main() -> None:
    t = time.perf_counter()
    from hatang.model import admin

    admin.load_units()
    print(
        f"{'first load of the packaged units (import + read)':<58} {(time.perf_counter() - t) * 1000:8.0f} ms"
    )
    _time("load_units() (cached, copy of 14,165 rows)", admin.load_units)
    _time("resolve_province('Tỉnh Nam Định')", lambda: admin.resolve_province("Tỉnh Nam Định"))
    for code in ("36", "37", "79"):
        ref = admin.resolve_province(code)
        _time(f"province_subset({ref.name}, {ref.map})", lambda r=ref: admin.province_subset(r))
    refs = admin.provinces()
    _time(
        f"province_subset for all {len(refs)} provinces",
        lambda: [admin.province_subset(r) for r in refs],
        1,
    )

    from hatang.store.init import init_workspace
    from hatang.store.status import workspace_status

    with tempfile.TemporaryDirectory() as tmp:
        for code in ("36", "01"):
            ws = _time(
                f"init_workspace({code}) incl. DuckDB schema and load",
                lambda c=code: init_workspace(Path(tmp) / c, c, force=True),
            )
        _time("workspace_status (Hà Nội workspace)", lambda: workspace_status(ws))


if __name__ == "__main__":
    main()
