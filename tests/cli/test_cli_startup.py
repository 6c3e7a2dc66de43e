"""`hatang --help` and every command's `--help` start light: neither pandas, numpy nor
DuckDB (nor the other large libraries) is imported, and `hatang --help` imports exactly
the modules pinned here — a command imports what it needs when it runs.

The help of a few commands lists a registry that lives in a package which still loads
a large library when imported; each is listed in KNOWN_HEAVY with why, and the test
fails when an entry is no longer needed (so the list only shrinks).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ("pandas", "numpy", "duckdb", "pyarrow", "scipy", "shapely", "fastapi", "rasterio")
#: what a help never needs either: Typer's parameter conversion through pydantic
#: (hatang.cli.coercion), rich's Markdown (markdown-it, Pygments) and pretty tracebacks
#: (attrs), which typer.rich_utils imports (hatang.cli.clicktext defers them)
UNUSED = ("_duckdb", "pydantic", "pydantic_core", "markdown_it", "pygments", "attr")

#: what `hatang --help` imports of hatang: the command modules (their options only),
#: the error types, the workspace lock (the CLI reports a wait on it), the reader
#: of Typer's texts' catalogue and the plain conversion of option values
STARTUP = {
    "hatang",
    "hatang.catalogue",
    "hatang.cli",
    "hatang.cli.clickerrors",
    "hatang.cli.clicktext",
    "hatang.cli.coercion",
    "hatang.cli.coverage_cmds",
    "hatang.cli.demo_cmds",
    "hatang.cli.helptext",
    "hatang.cli.import_cmds",
    "hatang.cli.indicator_cmds",
    "hatang.cli.options",
    "hatang.cli.planning_cmds",
    "hatang.cli.register_cmds",
    "hatang.cli.report_cmds",
    "hatang.cli.submissions_cmds",
    "hatang.cli.web_cmds",
    "hatang.cli.workspace_cmds",
    "hatang.errors",
    "hatang.store",
    "hatang.store.lock",
}

#: command → large libraries its --help still loads, and why
KNOWN_HEAVY = {
    # --model lists coverage.propagation.MODELS, which lives with the numpy models
    "pathloss": {"numpy"},
}


@pytest.fixture(scope="module")
def loaded() -> dict[str, list[str]]:
    probe = Path(__file__).with_name("startup_probe.py")
    out = subprocess.run(
        [sys.executable, str(probe)], capture_output=True, text=True, check=True, timeout=300
    )
    return json.loads(out.stdout)


def _heavy(modules: list[str]) -> set[str]:
    return {m.split(".")[0] for m in modules} & set(HEAVY + UNUSED)


def test_hatang_help_imports_the_pinned_set(loaded):
    mods = loaded[""]
    assert _heavy(mods) == set()
    assert {m for m in mods if m.split(".")[0] == "hatang"} == STARTUP


def test_every_command_help_is_light(loaded):
    assert len(loaded) > 20, "every command and group is probed"
    got = {cmd: _heavy(mods) for cmd, mods in loaded.items() if cmd}
    assert {c: h for c, h in got.items() if h and c not in KNOWN_HEAVY} == {}
    assert {c: got.get(c) for c in KNOWN_HEAVY if got.get(c) != KNOWN_HEAVY[c]} == {}, (
        "a registry got light: shrink KNOWN_HEAVY"
    )


def test_status_reads_the_workspace_without_pandas(demo_workspace):
    """`hatang status` asks DuckDB and prints a table: pandas (0.45 s of imports) has no
    part in it — a catalogue look-up through a pandas-importing view once more than
    doubled its time."""
    probe = (
        "import sys\n"
        "from hatang.cli import main\n"
        f"sys.argv = ['hatang', 'status', '--workspace', {str(demo_workspace.root)!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as e:\n"
        "    assert not e.code, e.code\n"
        "print('PANDAS' if 'pandas' in sys.modules else 'LIGHT')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    assert out.stdout.strip().splitlines()[-1] == "LIGHT"
