"""`hatang scenarios list` reads as a person reads it: shares and gaps in %, counts with separators."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from hatang.cli import app
from hatang.errors import ConfigError
from hatang.planning.scenario import plan_sites
from hatang.planning.scenarios import list_scenarios
from hatang.testing import fixture_workspace
from hatang.views.format import cell as _fmt


@pytest.mark.parametrize(
    "column,value,text",
    [
        ("gap", 1e-07, "0.00%"),
        ("gap", 0.0123, "1.23%"),
        ("sharing_after", 0.3003, "30.03%"),
        ("villages_covered_after", 3500, "3,500"),
        ("makes_shared", True, "yes"),
        ("people_new", 236877.4, "236,877"),
        ("lon", 106.0236712, "106.02367"),
    ],
)
def test_cells(column, value, text):
    assert _fmt(column, value) == text


def test_list_table(tmp_path):
    ws = fixture_workspace(tmp_path / "ws")
    plan_sites(ws, name="s30", sharing=0.3)
    row = list_scenarios(ws).iloc[0]
    r = CliRunner().invoke(app, ["scenarios", "list", "-w", str(ws.root)], env={"COLUMNS": "240"})
    assert r.exit_code == 0, r.output
    assert f"{row['sharing_after']:.2%}" in r.output
    assert "gap" not in r.output  # a detail: --wide shows it
    w = ["scenarios", "list", "--wide", "-w", str(ws.root)]
    r = CliRunner().invoke(app, w, env={"COLUMNS": "240"})
    assert f"{row['gap']:.2%}" in r.output
    r = CliRunner().invoke(app, ["scenarios", "list", "--format", "xml", "-w", str(ws.root)])
    assert isinstance(r.exception, ConfigError)


def test_summary_counts_have_separators(capsys):
    from hatang.cli.planning_show import print_summary as _summary

    _summary(
        {
            "name": "s",
            "synthetic": False,
            "problem": "min-cost",
            "status": "optimal",
            "method": "milp",
            "gap": 0.0,
            "solve_seconds": 1.0,
            "bound": 8.1e9,
            "cost_vnd": 8.1e9,
            "people_new": 191665.3,
            "demand_people": 191665.3,
            "dead_spots": 62,
            "uncoverable_people": 0.0,
            "dead_spots_closed": 62,
            "population": 2262891.0,
            "population_covered_before": 2071226.0,
            "population_covered_after": 2262891.0,
            "villages": 3500,
            "villages_covered_before": 3123,
            "villages_covered_after": 3500,
            "sharing_before": 0.2,
            "sharing_after": 0.207,
        }
    )
    out = " ".join(capsys.readouterr().out.split())
    assert "villages covered 3,123/3,500 (89.2%) → 3,500 (100.0%)" in out
