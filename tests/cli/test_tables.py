"""Tables readable at 80 columns and piped (`hatang.cli.tables`): the default columns
fit, headers are never cut, a table too wide for the terminal becomes records, --wide
shows every column, and a commune scorecard prints each target once over its communes.
"""

from __future__ import annotations

import io
import json
import re

import pandas as pd
import pytest
from rich.console import Console
from typer.testing import CliRunner

from hatang.cli import app, tables
from hatang.indicators import add_plan
from hatang.planning.scenario import plan_sites
from hatang.testing import fixture_workspace
from tests.indicators.test_plans_scorecard import fixture_plan


def _render(table: tables.Table, width: int, wide: bool = False) -> str:
    out = Console(record=True, width=width, color_system=None)
    tables.print_table(table, wide=wide, out=out)
    return out.export_text()


def _table(n_columns: int) -> tables.Table:
    columns = [
        tables.Column(f"c{i}", f"column {i}\ncột {i}", wide=i >= 4) for i in range(n_columns)
    ]
    rows = [{f"c{i}": f"value {r}-{i}" for i in range(n_columns)} for r in range(3)]
    return tables.Table(columns, rows, title="t")


def test_default_columns_fit_and_wide_adds_the_rest():
    narrow = _render(_table(14), 80)
    assert "column 3" in narrow and "column 4" not in narrow
    assert max(len(line) for line in narrow.splitlines()) <= 80
    assert "column 13" in _render(_table(14), 200, wide=True)


def test_too_wide_becomes_records_with_whole_headers():
    text = _render(_table(14), 80, wide=True)
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 80
    for i in range(14):  # every header whole, beside its value, once per row
        assert sum(line.startswith(f"column {i} / cột {i} ") for line in lines) == 3
        assert f"value 2-{i}" in text


@pytest.fixture(scope="module")
def planned(tmp_path_factory):
    ws = fixture_workspace(tmp_path_factory.mktemp("tables") / "ws")
    plan_sites(ws, name="full")
    return ws


def _cli(args: list[str], columns: int = 80) -> str:
    r = CliRunner().invoke(app, args, env={"COLUMNS": str(columns)})
    assert r.exit_code == 0, r.output
    return r.output


def test_actions_at_80_columns(planned):
    out = _cli(["scenarios", "show", "full", "-w", str(planned.root)])
    table = out[out.index("Actions of scenario") :]
    assert max(len(line) for line in table.splitlines()) <= 80
    header = "\n".join(table.splitlines()[:8])
    for word in ("Rank", "Action", "Commune", "Cost", "People", "Dead", "spots", "closed"):
        assert word in header  # whole words, not 'Ra…'
    assert "lon" not in header
    wide = _cli(["scenarios", "show", "full", "--wide", "-w", str(planned.root)], 240)
    assert "lon" in wide and "Height" in wide


def test_scenario_list_files_carry_every_column(planned):
    from hatang.planning.scenarios import list_scenarios

    stored = list_scenarios(planned)
    csv = pd.read_csv(
        io.StringIO(_cli(["scenarios", "list", "--format", "csv", "-w", str(planned.root)]))
    )
    assert list(csv.columns) == list(stored.columns)
    rows = json.loads(_cli(["scenarios", "list", "--format", "json", "-w", str(planned.root)]))
    assert rows[0]["cost_vnd"] == pytest.approx(stored["cost_vnd"].iloc[0])
    assert set(rows[0]) == set(stored.columns)


def test_commune_scorecard_groups_by_target(tmp_path):
    ws = fixture_workspace(tmp_path / "ws")
    from hatang.indicators import compute_workspace

    compute_workspace(ws)
    add_plan(ws.root, fixture_plan(tmp_path))
    out = _cli(["scorecard", "--plan", "fixture-plan", "--level", "commune", "-w", str(ws.root)])
    lines = out.splitlines()
    under = ("Ký hiệu / marks", "Cơ sở dân số")  # the marks' legend, the population base
    note = next(i for i, line in enumerate(lines) if line.startswith(under))
    assert lines[note].startswith("Ký hiệu / marks")  # the communes' values carry marks
    lines = lines[: note - 1]  # the table, without the notes under it
    headings = [line for line in lines if re.match(r"\d+\. ", line)]
    assert len(headings) == 14  # each target once
    assert max(len(line) for line in lines) <= 80
    # 14 targets x 2 communes: a heading, a line per commune and a blank line each, one
    # header (2 lines and its rule), the title; headings may wrap onto a second line; a
    # status as long as "quá ít người trả lời / too few responses" cannot fit beside the
    # others in 80 columns and takes two (a short projection never wraps beside it)
    long_status = sum("quá ít người trả lời" in line for line in lines)
    assert "deadline" not in "".join(line for line in lines if "past the" not in line)
    assert len(lines) <= 14 * (1 + 1 + 2 + 1) + 4 + long_status
    # the people the per-inhabitant figures divide by, under the table
    assert "population base: plan population: 1,000" in " ".join(out.split())
    worst = _cli(["scorecard", "--plan", "fixture-plan", "--worst", "1", "-w", str(ws.root)])
    assert len(worst.splitlines()) < len(lines)
