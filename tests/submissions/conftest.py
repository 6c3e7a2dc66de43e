"""The fixture province (hatang.testing) for the submissions' tests: filings of its
2025Q4 operator files against its 2025Q3 rows. Tests copy `sub_base` before writing.

Viettel's rows of the fixture (owner / operator viettel)::

    sites 2025Q3 and 2025Q4: S1 S2 S3 S5 S6 (S4, S7 are VNPT's)
    subscriptions 2025Q3: N1 mobile 700, mobile-broadband 560, smartphone 660;
                          N2 mobile 140, mobile-broadband 100, smartphone 120
                  2025Q4: N1 720 600 700; N2 150 120 140
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest


@pytest.fixture(scope="session")
def sub_base(tmp_path_factory: pytest.TempPathFactory):
    from hatang.testing import fixture_workspace

    return fixture_workspace(tmp_path_factory.mktemp("subfx") / "ws", register=False)


@pytest.fixture
def ws(sub_base, tmp_path: Path):
    """A copy of the fixture of its own."""
    from hatang.store import Workspace

    shutil.copytree(sub_base.root, tmp_path / "ws")
    return Workspace.open(tmp_path / "ws")


@pytest.fixture
def frames():
    from hatang.testing import fixture_frames

    return fixture_frames()


@pytest.fixture
def rows_of(frames):
    """The fixture's rows of a table and period, without the period column (a file)."""

    def _rows(table: str, period: str, operator: str | None = None) -> pd.DataFrame:
        f = frames[table]
        f = f[f["period"] == period].drop(columns=["period"])
        if operator is not None:
            f = f[f["owner" if table == "sites" else "operator"] == operator]
        return f.reset_index(drop=True)

    return _rows


@pytest.fixture
def write(tmp_path: Path):
    """Write a frame as a CSV file and return its path."""

    def _write(frame: pd.DataFrame, name: str) -> Path:
        path = tmp_path / name
        frame.to_csv(path, index=False)
        return path

    return _write


@pytest.fixture
def cli(monkeypatch, capsys):
    """Run `hatang ARGS` as a user does: (code, stdout, stderr)."""
    from hatang.cli import main

    def run(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["hatang", *args])
        code = 0
        try:
            main()
        except SystemExit as e:
            code = int(e.code or 0)
        out = capsys.readouterr()
        return code, out.out, " ".join(out.err.split())

    return run
