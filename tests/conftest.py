"""Fixtures shared by every test area.

`demo_workspace` builds the synthetic demo province once per test session (a real
DuckDB file in a temporary folder); tests must not modify it — copy it first
(`copy_workspace`) to change anything.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# The CLI writes numbers in the user's language (HATANG_LANG, else the locale): the
# tests read English unless they choose Vietnamese themselves.
os.environ["HATANG_LANG"] = "en"


@pytest.fixture(scope="session")
def demo_workspace(tmp_path_factory: pytest.TempPathFactory):
    from hatang.demo import build_demo

    root = tmp_path_factory.mktemp("demo") / "ws"
    return build_demo(root, seed=137)


@pytest.fixture
def copy_workspace(tmp_path: Path):
    """Return a function that copies a workspace into tmp_path and opens the copy."""
    from hatang.store import Workspace

    def _copy(ws) -> Workspace:
        target = tmp_path / ws.root.name
        shutil.copytree(ws.root, target, ignore=shutil.ignore_patterns(".hatang.lock*"))
        return Workspace.open(target)

    return _copy
