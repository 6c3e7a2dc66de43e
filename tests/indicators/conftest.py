"""Fixtures of the indicators tests: the hand-built province of hatang.testing, computed once."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pandas as pd
import pytest

from hatang.indicators import compute_workspace
from hatang.store import Workspace
from hatang.testing import fixture_workspace

# When a property test fails, hypothesis' pytest plugin imports hypothesis.extra._patching
# (→ libcst → mypy_extensions, which warns on import) to report it; under
# `filterwarnings = error` that hides the real failure behind an INTERNALERROR. Import
# it once here with the warning silenced.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    try:
        import hypothesis.extra._patching  # noqa: F401
    except ImportError:
        pass


@pytest.fixture(scope="session")
def computed_fixture(tmp_path_factory):
    """The fixture workspace with every indicator computed (do not modify: copy it)."""
    ws = fixture_workspace(tmp_path_factory.mktemp("ind") / "ws")
    compute_workspace(ws)
    return ws


@pytest.fixture
def fresh_copy(computed_fixture, tmp_path):
    target = tmp_path / "ws"
    shutil.copytree(computed_fixture.root, target)
    return Workspace.open(target)


PLAN137 = (
    Path(__file__).parents[2] / "hatang" / "indicators" / "plans" / "nam-dinh-kh-137-2024.toml"
)


@pytest.fixture
def planned(fresh_copy):
    """A copy of the fixture workspace with Plan 137's targets over its province P1
    (plan id `fixture-plan`)."""
    text = (
        PLAN137.read_text(encoding="utf-8")
        .replace('code = "36"', 'code = "P1"')
        .replace('id = "kh-137-2024"', 'id = "fixture-plan"')
    )
    (fresh_copy.root / "plans").mkdir(exist_ok=True)
    (fresh_copy.root / "plans" / "fixture-plan.toml").write_text(text, encoding="utf-8")
    return fresh_copy


@pytest.fixture(scope="session")
def values(computed_fixture) -> pd.DataFrame:
    with computed_fixture.connect() as con:
        return con.execute("SELECT * FROM indicator_values").df()


@pytest.fixture(scope="session")
def pick(values):
    """pick(indicator, unit, period, map) → the stored row as a dict."""
    return lambda *a, **k: _pick(values, *a, **k)


def _pick(values: pd.DataFrame, indicator: str, unit: str, period: str, map_: str = "2025") -> dict:
    rows = values[
        (values["indicator"] == indicator)
        & (values["unit_code"] == unit)
        & (values["period"] == period)
        & (values["map"] == map_)
    ]
    assert len(rows) == 1, f"{indicator} {unit} {period} map {map_}: {len(rows)} rows"
    return rows.iloc[0].to_dict()
