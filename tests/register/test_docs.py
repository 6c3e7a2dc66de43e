"""docs/register.md stays true: the life cycle and the reason codes are generated from
the declarations, and every [register] setting is documented."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from hatang.register import codes
from hatang.register.docs import (
    CODES_BEGIN,
    FILES_BEGIN,
    MACHINE_BEGIN,
    codes_tables,
    current,
    files_tables,
    life_cycle,
)
from hatang.settings import RegisterSettings

DOC = Path(__file__).resolve().parents[2] / "docs" / "register.md"


def test_life_cycle_and_codes_are_generated():
    assert current(DOC, MACHINE_BEGIN) == life_cycle().strip(), (
        "run: python -m hatang.register.docs"
    )
    assert current(DOC, CODES_BEGIN) == codes_tables().strip(), (
        "run: python -m hatang.register.docs"
    )
    assert current(DOC, FILES_BEGIN) == files_tables().strip(), (
        "run: python -m hatang.register.docs"
    )


def test_every_setting_is_documented():
    text = DOC.read_text(encoding="utf-8")
    for f in fields(RegisterSettings):
        assert f"`{f.name}`" in text, f"[register] {f.name} is not in docs/register.md"


def test_codes_are_complete_and_bilingual():
    for kind in codes.KINDS:
        assert "other" in codes.names(kind)
        for c in codes.codes()[kind].values():
            assert c.vi and c.en and c.vi != c.en


def test_a_broken_codes_file_is_refused():
    import pytest

    from hatang.errors import ConfigError

    with pytest.raises(ConfigError, match="no \\[\\[reject\\]\\] codes"):
        codes.parse({"report": [{"code": "x", "vi": "x", "en": "y", "evidence": "z"}]})
    with pytest.raises(ConfigError, match="declared twice"):
        entry = {"code": "x", "vi": "x", "en": "y", "evidence": "z"}
        codes.parse({"report": [entry, entry], "reject": [entry], "dispute": [entry]})
