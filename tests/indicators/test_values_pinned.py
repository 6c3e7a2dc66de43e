"""Every stored value of the fixture province, pinned exactly (values, provenance, methods).

The hand-computed checks (test_golden_indicators.py) hold the rules; this file holds
that a rewrite of the engine for speed changes no bit of any value, `inputs` JSON,
method or reason. Regenerate after a deliberate change of results, and say why in the
commit:

    python tests/indicators/test_values_pinned.py --write
"""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

import pandas as pd

from hatang.indicators import compute_frames, load_catalogue
from hatang.indicators.engine import VALUE_COLUMNS
from hatang.testing import fixture_frames

GOLDEN = Path(__file__).parent / "golden"
SEED = 11  # random counts: fractional crosswalk shares and weights everywhere


def canonical(values: pd.DataFrame) -> str:
    """The values as CSV text, sorted by key, floats to 17 significant digits."""
    v = values[VALUE_COLUMNS].sort_values(["indicator", "map", "unit_code", "period"])
    return v.to_csv(index=False, float_format="%.17g", lineterminator="\n")


def seeded_values() -> pd.DataFrame:
    return compute_frames(fixture_frames(seed=SEED), list(load_catalogue().values()))


def _check(text: str, name: str) -> None:
    want = (GOLDEN / name).read_text(encoding="utf-8")
    if text != want:
        diff = difflib.unified_diff(want.splitlines(), text.splitlines(), "pinned", "now", n=0)
        raise AssertionError(f"{name} changed:\n" + "\n".join(list(diff)[:20]))


def test_fixture_workspace_values_are_pinned(values):
    _check(canonical(values), "fixture_values.csv")


def test_seeded_fixture_values_are_pinned():
    _check(canonical(seeded_values()), f"fixture_values_seed{SEED}.csv")


def _write() -> None:
    import tempfile

    from hatang.indicators import compute_workspace
    from hatang.testing import fixture_workspace

    ws = fixture_workspace(Path(tempfile.mkdtemp()) / "ws")
    compute_workspace(ws)
    with ws.connect() as con:
        stored = con.execute("SELECT * FROM indicator_values").df()
    (GOLDEN / "fixture_values.csv").write_text(canonical(stored), encoding="utf-8")
    (GOLDEN / f"fixture_values_seed{SEED}.csv").write_text(
        canonical(seeded_values()), encoding="utf-8"
    )


if __name__ == "__main__" and sys.argv[1:] == ["--write"]:
    _write()
