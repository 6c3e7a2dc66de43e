"""The importers' layering: no SQL in hatang/io, a registry that stays light, no
drawing in the library, and a closed list of problem types."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from hatang.errors import PROBLEM_TYPES, Problem

IO = Path(__file__).resolve().parents[2] / "hatang" / "io"


def test_no_sql_and_no_drawing_in_the_importers():
    for path in sorted(IO.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        assert ".execute(" not in text, f"{path.name} runs SQL: move it to hatang/store"
        assert not re.search(r"^\s*(import|from) duckdb", text, re.M), f"{path.name} imports duckdb"
        assert not re.search(r"^\s*(import|from) rich", text, re.M), f"{path.name} draws (rich)"


def test_registry_loads_no_heavy_module():
    """The CLI builds `--help` from the registry: pandas, numpy, duckdb stay unloaded."""
    code = (
        "import sys, hatang.io, hatang.io.registry as r\n"
        "lines = [f'{k}: {i.description}' for k, i in r.IMPORTERS.items()]\n"
        "assert len(lines) == len(hatang.io.IMPORTERS) > 10\n"
        "heavy = ('pandas', 'numpy', 'duckdb', 'pyarrow', 'rich', 'openpyxl', 'shapely')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_problem_types_are_a_closed_list():
    with pytest.raises(ValueError, match="unknown problem type"):
        Problem("f.csv", 2, "x", "1", "bad", "typo-error")
    p = Problem("f.csv", 2, "count", -5, "", "out-of-range")
    assert p.reason == "the value is outside the column's range / giá trị ngoài khoảng cho phép"
    assert str(p) == f"f.csv:2:count: -5 — {p.reason}"
    assert p.as_dict() == {
        "file": "f.csv",
        "row": 2,
        "column": "count",
        "value": "-5",
        "type": "out-of-range",
        "reason": p.reason,
        "text": str(p),
    }
    for name, t in PROBLEM_TYPES.items():
        assert name == t.name and re.fullmatch(r"[a-z]+(-[a-z]+)*", name)
        assert t.en and t.vi and t.en != t.vi
