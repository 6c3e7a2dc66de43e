"""The indicator core imports no database, file, web or CLI code (STYLE.md: pure core,
thin shells); only compute.py's `compute_workspace`, scorecards.py and provenance.py
reach the workspace, through hatang.store. Checked on the source: importing a module
of the package runs the package's __init__, which loads the shells too."""

from __future__ import annotations

import ast
from pathlib import Path

from hatang.indicators import boundaries

PACKAGE = Path(boundaries.__file__).parent
CORE = [
    "aggregate",
    "boundaries",
    "catalogue",
    "engine",
    "functions",
    "geo",
    "inputs",
    "parallel",
    "plans",
    "rollup",
    "status",
]
FORBIDDEN = ("duckdb", "hatang.store", "hatang.io", "hatang.web", "hatang.cli", "rich", "typer")


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_core_modules_import_no_shell_code():
    for name in CORE:
        bad = {m for m in _imports(PACKAGE / f"{name}.py") if m.startswith(FORBIDDEN)}
        assert not bad, f"{name}.py imports {sorted(bad)}"
