"""The fixture province (hatang.testing) with two modelled dead spots of its run
"fixture", for the register's tests:

    spot any-1  box 106.270–106.280 × 20.042–20.055 (around V5), 120 people; the open
                report DS2 (106.276, 20.040) lies ≈ 220 m south of it → matched
    spot any-2  box 106.120–106.140 × 20.080–20.090, 40 people, no report near → opened
                by sync
    spot viettel-1  the same box as any-2, scope viettel, 40 people

Reports open (dead_spots): DS2 (V5), DS4 (V6, 106.225, 20.06), DS5 (no village; nearest
V1). Tests copy `reg_ws` before writing.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest


def _box(x0: float, x1: float, y0: float, y1: float) -> str:
    return f"POLYGON (({x0} {y0}, {x1} {y0}, {x1} {y1}, {x0} {y1}, {x0} {y0}))"


def modelled_spots() -> pd.DataFrame:
    rows = [
        (
            "any-1",
            "any",
            _box(106.27, 106.28, 20.042, 20.055),
            106.275,
            20.05,
            120.0,
            "V5",
            "N2",
            "C3",
        ),
        (
            "any-2",
            "any",
            _box(106.12, 106.14, 20.08, 20.09),
            106.13,
            20.085,
            40.0,
            "V3",
            "N1",
            "C2",
        ),
        (
            "viettel-1",
            "viettel",
            _box(106.12, 106.14, 20.08, 20.09),
            106.13,
            20.085,
            40.0,
            "V3",
            "N1",
            "C2",
        ),
    ]
    return pd.DataFrame(
        [
            dict(
                run_id="fixture",
                dead_spot_id=i,
                scope=s,
                technology="4G",
                geometry=g,
                lon=lo,
                lat=la,
                area_km2=1.0,
                population=p,
                cells=10,
                nearest_village_code=v,
                commune_code=c,
                commune_code_2024=c24,
                reports=0,
                status="model-only",
                synthetic=True,
            )
            for i, s, g, lo, la, p, v, c, c24 in rows
        ]
    )


@pytest.fixture(scope="session")
def reg_ws(tmp_path_factory: pytest.TempPathFactory):
    from hatang.model.schema import TABLES
    from hatang.store import db
    from hatang.testing import fixture_workspace

    ws = fixture_workspace(tmp_path_factory.mktemp("regfx") / "ws", register=False)
    with ws.connect() as con, db.transaction(con):
        db.upsert_frame(con, TABLES["modelled_dead_spots"], modelled_spots())
    return ws


@pytest.fixture
def ws(reg_ws, tmp_path: Path):
    """A copy of the register fixture of its own."""
    from hatang.store import Workspace

    shutil.copytree(reg_ws.root, tmp_path / "ws")
    return Workspace.open(tmp_path / "ws")


@pytest.fixture
def cli(monkeypatch, capsys):
    """Run `hatang ARGS` as a user does (errors: 'Error: …', exit 1): (code, stdout, stderr)."""
    import sys

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


@pytest.fixture
def snapshot():
    """Every table as sorted CSV text: equal dumps mean equal database content."""

    def dump(ws) -> dict[str, str]:
        out = {}
        with ws.connect(read_only=True) as con:
            names = con.execute("SELECT table_name FROM information_schema.tables ORDER BY 1")
            for (name,) in names.fetchall():
                lines = (
                    con.execute(f'SELECT * FROM "{name}"')
                    .df()
                    .astype(str)
                    .to_csv(index=False)
                    .splitlines()
                )
                out[name] = "\n".join([lines[0], *sorted(lines[1:])])
        return out

    return dump
