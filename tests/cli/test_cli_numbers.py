"""The CLI writes numbers in its language (Babel, `hatang.views.format`): Vietnamese
with a decimal comma and thousands by a dot, English the other way round; files for
machines (`--format csv|json`) keep plain values whatever the language."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from hatang.cli import app
from hatang.cli.output import lang, number_style
from hatang.planning.scenario import plan_sites
from hatang.planning.scenarios import list_scenarios
from hatang.testing import fixture_workspace

SUMMARY = {
    "name": "s",
    "synthetic": False,
    "problem": "min-cost",
    "status": "optimal",
    "method": "milp",
    "gap": 0.0,
    "solve_seconds": 1.25,
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


@pytest.mark.parametrize(
    "env,expected",
    [
        ({"HATANG_LANG": "vi"}, "vi"),
        ({"HATANG_LANG": "EN", "LANG": "vi_VN.UTF-8"}, "en"),
        ({"HATANG_LANG": "", "LANG": "vi_VN.UTF-8"}, "vi"),
        ({"HATANG_LANG": "", "LC_ALL": "en_US.UTF-8", "LANG": "vi_VN.UTF-8"}, "en"),
        ({"HATANG_LANG": "", "LANG": "C.UTF-8"}, "en"),
        ({"HATANG_LANG": "", "LANG": ""}, "en"),
    ],
)
def test_the_cli_language_comes_from_hatang_lang_then_the_locale(monkeypatch, env, expected):
    for name in ("LC_ALL", "LC_NUMERIC", "LANG"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert lang() == expected


@pytest.mark.parametrize(
    "language,people,villages",
    [
        ("vi", "dân được phủ mới 191.665", "thôn được phủ 3.123/3.500 (89,2 %) → 3.500"),
        ("en", "people newly covered 191,665", "villages covered 3,123/3,500 (89.2%) → 3,500"),
    ],
)
def test_the_scenario_summary_in_both_languages(monkeypatch, capsys, language, people, villages):
    from hatang.cli.planning_show import print_summary

    monkeypatch.setenv("HATANG_LANG", language)
    print_summary(SUMMARY)
    out = " ".join(capsys.readouterr().out.split())
    assert people in out and villages in out
    cost = "chi phí 8.100.000.000 VND" if language == "vi" else "cost 8,100,000,000 VND"
    assert cost in out
    assert ("1,2 s" if language == "vi" else "1.2 s") in out


def test_scenario_tables_in_vietnamese_and_files_without_a_locale(tmp_path):
    ws = fixture_workspace(tmp_path / "ws")
    plan_sites(ws, name="s30", sharing=0.3)
    row = list_scenarios(ws).iloc[0]
    share = round(100 * float(row["sharing_after"]), 2)
    base = ["scenarios", "list", "-w", str(ws.root)]
    vi = CliRunner().invoke(app, base, env={"COLUMNS": "240", "HATANG_LANG": "vi"})
    en = CliRunner().invoke(app, base, env={"COLUMNS": "240", "HATANG_LANG": "en"})
    assert vi.exit_code == 0 and en.exit_code == 0, vi.output + en.output
    assert f"{share:.2f}".replace(".", ",") + " %" in vi.output
    assert f"{share:.2f}%" in en.output
    for fmt in ("csv", "json"):
        files = [
            CliRunner().invoke(app, [*base, "--format", fmt], env={"HATANG_LANG": language})
            for language in ("vi", "en")
        ]
        assert files[0].output == files[1].output, fmt  # the same file in either language
    data = json.loads(files[0].output)
    assert data[0]["sharing_after"] == pytest.approx(float(row["sharing_after"]))
    assert data[0]["cost_vnd"] == float(row["cost_vnd"])  # a number, not "1.234.000"


def test_the_number_style_follows_the_language(monkeypatch):
    monkeypatch.setenv("HATANG_LANG", "vi")
    assert number_style().locale == "vi"
    monkeypatch.setenv("HATANG_LANG", "en")
    assert number_style().locale == "en"
