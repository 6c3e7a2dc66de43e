"""The generator modules are pure: no store, no importers, no file writing."""

from __future__ import annotations

import ast
from pathlib import Path

import hatang.demo

PURE = (
    "calibration",
    "deadspots",
    "egov",
    "generate",
    "geometry",
    "inputs",
    "network",
    "radio",
    "relief",
    "usage",
    "villages",
)
FORBIDDEN_MODULES = ("hatang.store", "hatang.io", "duckdb", "openpyxl", "pyarrow")
FORBIDDEN_CALLS = ("open", "to_csv", "to_parquet", "write_text", "write_bytes", "mkdir")


def test_pure_modules_touch_no_files_or_database():
    root = Path(hatang.demo.__file__).parent
    for name in PURE:
        tree = ast.parse((root / f"{name}.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom | ast.Import):
                mods = (
                    [node.module or ""]
                    if isinstance(node, ast.ImportFrom)
                    else [a.name for a in node.names]
                )
                for m in mods:
                    assert not m.startswith(FORBIDDEN_MODULES), (name, m)
            if isinstance(node, ast.Call):
                f = node.func
                called = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
                assert called not in FORBIDDEN_CALLS, (name, called)
