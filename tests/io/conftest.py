"""A small workspace for importer tests: real DuckDB file, a handful of units on both
maps with official-looking codes (one with a leading zero), and the province extent.

Codes used by docs/examples/ exist here, so every example file imports cleanly.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from hatang import settings as settings_mod
from hatang.model.schema import UNITS
from hatang.settings import Settings
from hatang.store import Workspace, db

BBOX = "105.9,19.9,106.6,20.5"

#: (map, code, name, level, parent)
UNIT_ROWS = [
    ("2024", "36", "Tỉnh Nam Định", "province", None),
    ("2024", "356", "Huyện Giao Thủy", "district", "36"),
    ("2024", "13654", "Xã Giao Thiện", "commune", "356"),
    ("2024", "13657", "Xã Giao An", "commune", "356"),
    ("2024", "01234", "Xã Thử Nghiệm", "commune", "356"),
    ("2025", "37", "Tỉnh Ninh Bình", "province", None),
    ("2025", "13654", "Xã Giao Thủy", "commune", "37"),
    ("2025", "01240", "Xã Mẫu", "commune", "37"),
    ("2025", "13654-01", "Thôn Nam Hải", "village", "13654"),
    ("2025", "13654-02", "Thôn Bắc Hải", "village", "13654"),
]


#: positions of the villages (a facility given only its village is placed there)
POSITIONS = {"13654-01": (106.452, 20.251), "13654-02": (106.461, 20.262)}


def units_frame() -> pd.DataFrame:
    rows = []
    for map_, code, name, level, parent in UNIT_ROWS:
        row = dict.fromkeys(UNITS.column_names)
        row.update(map=map_, code=code, name=name, level=level, parent_code=parent, import_id=0)
        row["lon"], row["lat"] = POSITIONS.get(code, (None, None))
        rows.append(row)
    return pd.DataFrame(rows, columns=UNITS.column_names)


def make_workspace(root: Path) -> Workspace:
    settings = Settings()
    settings.workspace.province = "36"
    ws = Workspace.create(root, settings)
    with ws.connect() as con, db.transaction(con):
        db.upsert_frame(con, UNITS, units_frame())
        db.set_meta(con, "bbox", BBOX)
    return ws


@pytest.fixture(scope="session")
def _template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_workspace(tmp_path_factory.mktemp("io-template") / "ws").root


@pytest.fixture
def ws(tmp_path: Path, _template: Path) -> Workspace:
    """A fresh copy of the fixture workspace (copying is faster than creating)."""
    root = tmp_path / "ws"
    shutil.copytree(_template, root)
    return Workspace(root, settings_mod.load(root / "hatang.toml"))  # schema already there


EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


@pytest.fixture
def examples() -> Path:
    return EXAMPLES


def dump(ws: Workspace) -> dict[str, str]:
    """Every table as sorted CSV text: equal dumps mean equal database content."""
    out = {}
    with ws.connect(read_only=True) as con:
        for (name,) in con.execute(
            "SELECT table_name FROM information_schema.tables ORDER BY 1"
        ).fetchall():
            frame = con.execute(f'SELECT * FROM "{name}"').df()
            lines = frame.astype(str).to_csv(index=False).splitlines()
            out[name] = "\n".join([lines[0], *sorted(lines[1:])])
    return out


@pytest.fixture
def snapshot():
    return dump
