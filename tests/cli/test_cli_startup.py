"""`hatang --help` and every command's `--help` start light: neither pandas, numpy nor
DuckDB (nor the other large libraries) is imported, and `hatang --help` imports exactly
the modules pinned here — a command imports what it needs when it runs.

The help of a few commands lists a registry that lives in a package which still loads
a large library when imported; each is listed in KNOWN_HEAVY with why, and the test
fails when an entry is no longer needed (so the list only shrinks).

A no-op `hatang compute` (its indicators current) imports the set pinned in NOOP: no
rich where rich adds nothing to its two lines (stdout no terminal, the lines within the
width), Babel for its numbers.
"""

from __future__ import annotations

import json
import os
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


#: what a no-op `hatang compute` imports of hatang (`hatang compute` run on a workspace
#: whose indicators are current): the command's module, the workspace and its lock, the
#: fingerprints' read (hatang.store.fingerprints), the catalogue and the plans the
#: fingerprints cover, and the number format of its line — not the indicator tables
#: (hatang.cli.indicator_show, hatang.cli.tables)
NOOP = {
    "hatang",
    "hatang.catalogue",
    "hatang.cli",
    "hatang.cli.clickerrors",
    "hatang.cli.clicktext",
    "hatang.cli.coercion",
    "hatang.cli.helptext",
    "hatang.cli.indicator_cmds",
    "hatang.cli.options",
    "hatang.cli.output",
    "hatang.errors",
    "hatang.i18n",
    "hatang.indicators",
    "hatang.indicators.catalogue",
    "hatang.indicators.incremental",
    "hatang.indicators.plans",
    "hatang.indicators.population",
    "hatang.model",
    "hatang.model.names",
    "hatang.model.operators",
    "hatang.model.periods",
    "hatang.model.runs",
    "hatang.model.schema",
    "hatang.settings",
    "hatang.store",
    "hatang.store.db",
    "hatang.store.fingerprints",
    "hatang.store.lock",
    "hatang.store.runs",
    "hatang.store.workspace",
    "hatang.views",
    "hatang.views.format",
    "hatang.views.values",
}


@pytest.fixture(scope="module")
def current(tmp_path_factory):
    """The fixture province (synthetic) with every indicator computed."""
    from hatang.indicators import compute_workspace
    from hatang.testing import fixture_workspace

    ws = fixture_workspace(tmp_path_factory.mktemp("noop") / "ws")
    compute_workspace(ws)
    return ws


def _noop(ws, columns: str) -> tuple[list[str], list[str]]:
    """The lines a no-op `hatang compute` prints (stdout a pipe) and the modules it loads."""
    probe = (
        "import json, sys\n"
        "from hatang.cli import main\n"
        f"sys.argv = ['hatang', 'compute', '--workspace', {str(ws.root)!r}]\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as e:\n"
        "    assert not e.code, e.code\n"
        "print(json.dumps(sorted(sys.modules)), file=sys.stderr)\n"
    )
    env = {**os.environ, "COLUMNS": columns, "HATANG_LANG": "vi"}
    env.pop("FORCE_COLOR", None)
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env,
        timeout=120,
    )  # fmt: skip
    return out.stdout.splitlines(), json.loads(out.stderr.splitlines()[-1])


def test_noop_compute_imports_the_pinned_set(current):
    """Two lines, numbers through Babel, the fingerprints through DuckDB's engine alone:
    neither rich (its console is for what it adds: colour in a terminal, wrapping) nor
    pandas, numpy or duckdb's Python package."""
    lines, mods = _noop(current, "100")
    assert lines[0].startswith("Đã tính / computed: 0 indicators, 0 values in 0,")
    assert lines[1:] == ["dữ liệu mô phỏng / synthetic data"]
    top = {m.split(".")[0] for m in mods}
    assert {"_duckdb", "babel"} <= top
    assert top & ({"rich", "duckdb", *HEAVY, *UNUSED} - {"_duckdb"}) == set()
    assert {m for m in mods if m.split(".")[0] == "hatang"} == NOOP


def test_noop_compute_wrapped_by_rich(current):
    # a line longer than the width is rich's to wrap
    lines, mods = _noop(current, "60")
    assert len(lines) == 3 and max(map(len, lines)) <= 60
    assert "rich.console" in mods
