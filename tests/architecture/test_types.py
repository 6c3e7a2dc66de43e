"""mypy (strict) on the pure cores, as part of the test command, so CI checks the types.

The files and the strictness come from `[tool.mypy]` in pyproject.toml (docs/architecture.md
names the cores); `make typecheck` runs the same check on its own.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]


def test_the_pure_cores_type_check_strictly() -> None:
    api = pytest.importorskip("mypy.api", reason="mypy is in the [test] extras")
    cache = os.environ.get("MYPY_CACHE_DIR") or str(ROOT / ".mypy_cache")
    cwd = os.getcwd()
    os.chdir(ROOT)  # [tool.mypy] files are relative to the repository root
    try:
        stdout, stderr, status = api.run(["--cache-dir", cache, "--no-error-summary"])
    finally:
        os.chdir(cwd)
    assert status == 0, f"mypy found type errors:\n{stdout}{stderr}"
