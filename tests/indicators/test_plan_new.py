"""A new province's workspace: no plan is said so, `plan new` writes a template, `plan add` checks it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hatang.cli import app
from hatang.errors import ConfigError
from hatang.indicators import load_catalogue
from hatang.indicators.planfile import plan_template
from hatang.indicators.plans import parse_plan

runner = CliRunner()


@pytest.fixture(scope="module")
def hanoi(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("ws") / "ws01"
    assert runner.invoke(app, ["init", str(root), "--province", "01"]).exit_code == 0
    return root


def _said(res) -> str:
    """What the user reads: output, or the one-line error `hatang` prints for it."""
    return res.output + (str(res.exception) if res.exception else "")


def _filled(text: str, indicators: list[str]) -> str:
    """The template with number and title filled in and the given targets uncommented."""
    text = text.replace('number = ""', 'number = "99/KH-UBND"')
    text = text.replace('title = ""', 'title = "Kế hoạch thử"', 1)
    for ind in indicators:
        block = re.search(rf'# \[\[target\]\]\n(# .*\n)*?# indicator = "{ind}"\n(# .*\n)*', text)
        assert block, ind
        text = text.replace(block.group(0), block.group(0).replace("# ", ""))
    return text


def test_scorecard_without_a_plan_says_how_to_add_one(hanoi):
    res = runner.invoke(app, ["scorecard", "-w", str(hanoi)])
    assert res.exit_code == 1
    said = _said(res)
    assert "Thành phố Hà Nội, 01" in said and "has no plan" in said
    assert "hatang plan new" in said and "hatang plan add" in said
    assert "unit 36" not in said  # not Nam Định's plan against another province


def test_plan_new_then_add(hanoi, tmp_path):
    file = tmp_path / "plan.toml"
    res = runner.invoke(app, ["plan", "new", str(file), "-w", str(hanoi)])
    assert res.exit_code == 0, res.output
    text = file.read_text(encoding="utf-8")
    assert 'scope = { map = "2025", code = "01" }' in text
    again = runner.invoke(app, ["plan", "new", str(file), "-w", str(hanoi)])
    assert again.exit_code == 1 and "already exists" in _said(again)
    untouched = runner.invoke(app, ["plan", "add", str(file), "-w", str(hanoi)])
    assert untouched.exit_code == 1 and "no [[target]] table" in _said(untouched)
    file.write_text(_filled(text, ["mobile_broadband_per_100"]), encoding="utf-8")
    added = runner.invoke(app, ["plan", "add", str(file), "-w", str(hanoi)])
    assert added.exit_code == 0, added.output
    assert "kh-01-" in added.output and "1 targets" in added.output
    res = runner.invoke(app, ["scorecard", "-w", str(hanoi)])  # the plan applies; no data yet
    assert res.exit_code == 1 and "no indicator values" in _said(res)


def test_template_lists_every_indicator_and_parses_once_uncommented():
    """Every indicator once; a per-operator one (register_open_cases_viettel …) not as a
    block of its own but named under its parent, which the planner may point at."""
    text = plan_template(code="01", map_="2025", name="Thành phố Hà Nội", today=dt.date(2026, 1, 5))
    catalogue = load_catalogue()
    entries = [k for k, ind in catalogue.items() if not ind.of]
    assert len(entries) < len(catalogue)  # the catalogue has per-operator variants
    plan = parse_plan(_filled(text, entries), "plan.toml")
    assert [t.indicator for t in plan.targets] == entries
    assert 'indicator = "register_open_cases_<operator>"' in text
    assert "viettel, vnpt, mobifone, vietnamobile, gmobile" in text
    assert 'indicator = "register_open_cases_viettel"' not in text
    assert {t.deadline for t in plan.targets} == {"2031"}
    assert (plan.scope_map, plan.scope_code, plan.id) == ("2025", "01", "kh-01-2026")


def test_empty_title_is_named():
    text = plan_template(code="01", map_="2025", name="Hà Nội", today=dt.date(2026, 1, 5))
    text = _filled(text, ["smartphone_share"]).replace('title = "Kế hoạch thử"', 'title = ""')
    with pytest.raises(ConfigError, match=r"plan.toml: title = '' — fill in the plan's title"):
        parse_plan(text, "plan.toml")
