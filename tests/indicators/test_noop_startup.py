"""A `hatang compute` with nothing to do tells so from the stored fingerprints alone:
it loads neither pandas nor numpy, pyarrow, shapely or scipy (they are what made it
cost 0.8 s of CPU; docs/benchmarks.md, "CLI start-up"), nor pydantic or duckdb's Python
package. Each case runs the real CLI in
a fresh interpreter and reports the modules it loaded."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HEAVY = {"pandas", "numpy", "pyarrow", "shapely", "scipy", "rasterio"}

PROBE = """
import json, sys
from hatang.cli import main
sys.argv = ["hatang", *sys.argv[2:]]
try:
    main()
except SystemExit as e:
    code = e.code
else:
    code = 0
with open(OUT, "w") as f:
    json.dump({"code": code, "modules": sorted({m.split(".")[0] for m in sys.modules})}, f)
"""


def _run(ws: Path, tmp_path: Path, *args: str) -> tuple[dict, dict]:
    out = tmp_path / "modules.json"
    code = PROBE.replace("OUT", repr(str(out)))
    env = {**os.environ, "HATANG_WORKSPACE": str(ws.root), "COLUMNS": "100"}
    done = subprocess.run(
        [sys.executable, "-c", code, "-", *args, "--json"],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=True,
    )
    probe = json.loads(out.read_text())
    assert probe["code"] == 0, done.stderr
    return json.loads(done.stdout), probe


def test_nothing_to_do_loads_no_dataframe_library(fresh_copy, tmp_path):
    report, probe = _run(fresh_copy, tmp_path, "compute")
    assert report["computed"] == [] and len(report["skipped"]) > 20
    assert set(probe["modules"]) & HEAVY == set()
    # the fingerprints were read through DuckDB's engine alone, without its Python
    # package (hatang.store.db.connect's `light`)
    assert "_duckdb" in probe["modules"] and "duckdb" not in probe["modules"]
    assert "pydantic" not in probe["modules"]  # Typer's conversion (hatang.cli.coercion)


def test_work_to_do_loads_the_engine(fresh_copy, tmp_path):
    # the same probe sees pandas as soon as there is something to compute
    report, probe = _run(fresh_copy, tmp_path, "compute", "--force", "-i", "sites_count")
    assert report["computed"] == ["sites_count"]
    assert {"pandas", "numpy"} <= set(probe["modules"])
