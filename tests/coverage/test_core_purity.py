"""The coverage core imports no database, web or CLI code (STYLE.md: pure core, thin shells)."""

from __future__ import annotations

import subprocess
import sys

CORE = ["propagation", "antenna", "link", "grid", "engine", "population", "deadspots"]


def test_core_modules_import_no_store_code() -> None:
    code = (
        "import sys\n"
        + "".join(f"import hatang.coverage.{m}\n" for m in CORE)
        + "bad = [m for m in ('duckdb', 'hatang.store', 'hatang.cli', 'fastapi', 'typer') if m in sys.modules]\n"
        + "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
