"""`hatang explain IND` without --unit and --period explains the value the scorecard
shows (the plan's scope, the latest period with a value); a bare unit code finds its
map (36 → 2024:36 on the 2025 map) and, held on both maps, is refused with the choices."""

from __future__ import annotations

import json
import shutil
from importlib import resources
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from hatang.cli import app
from hatang.indicators.provenance import latest_period, unit_candidates

IND = "mobile_broadband_per_100"


def test_a_bare_code_may_mean_either_map_and_a_prefixed_code_one():
    assert unit_candidates("36", "2025") == ["36", "2024:36"]
    assert unit_candidates("2024:36", "2025") == ["2024:36"]
    assert unit_candidates("2025:13669", "2025") == ["13669"]
    assert unit_candidates("13669", "2024") == ["13669", "2025:13669"]


def test_the_latest_period_is_the_latest_with_a_value():
    keys = pd.DataFrame(
        {"period": ["2025Q3", "2025Q4", "2025Q2"], "has_value": [True, False, True]}
    )
    assert latest_period(keys) == "2025Q3"
    assert latest_period(keys.assign(has_value=False)) == "2025Q4"
    assert latest_period(keys.iloc[:0]) is None


@pytest.fixture(scope="module")
def root(demo_workspace, tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("explain") / "ws"
    shutil.copytree(demo_workspace.root, root, ignore=shutil.ignore_patterns(".hatang.lock*"))
    return root


def _run(root: Path, *args: str) -> tuple[int, str]:
    """The exit code and what the command printed (the error's message when it failed,
    which `hatang.cli.main` prints)."""
    result = CliRunner().invoke(app, [*args, "-w", str(root)], env={"COLUMNS": "200"})
    return result.exit_code, result.output if result.exit_code == 0 else str(result.exception)


def test_explain_defaults_to_the_value_the_scorecard_shows(root):
    code, out = _run(root, "scorecard", "--format", "json")
    assert code == 0, out
    row = next(r for r in json.loads(out)["rows"] if r["indicator"] == IND)
    code, default = _run(root, "explain", IND, "--json")
    assert code == 0, default
    doc = json.loads(default)
    assert (
        (doc["unit_code"], doc["period"])
        == (row["unit_code"], row["period"])
        == (
            "2024:36",
            "2025Q4",
        )
    )
    assert doc["value"] == pytest.approx(row["value"])
    long = _run(root, "explain", IND, "--unit", "2024:36", "--period", "2025Q4")
    assert long == _run(root, "explain", IND) == _run(root, "explain", IND, "--unit", "36")
    assert long[0] == 0 and "2024:36" in long[1]


def test_a_unit_of_the_other_map_only_says_which_map_holds_it(root):
    code, out = _run(root, "explain", IND, "--unit", "13636")  # an old commune (2024 map)
    assert code == 1
    assert "13636 is a unit of the 2024 map: try --map 2024" in out
    assert "13636 là đơn vị của bản đồ 2024" in out
    code, out = _run(root, "explain", IND, "--unit", "13636", "--map", "2024")
    assert code == 0 and "(13636, commune, map 2024)" in out


def test_a_code_on_both_maps_is_refused_with_the_choices(demo_workspace, tmp_path):
    """A plan over the old commune 13669 (its area stored on the 2025 map as 2024:13669)
    while the new commune 13669 of the 2025 map kept its code: which one is asked."""
    root = tmp_path / "ws"
    shutil.copytree(demo_workspace.root, root, ignore=shutil.ignore_patterns(".hatang.lock*"))
    plans = resources.files("hatang.indicators").joinpath("plans")
    toml = plans.joinpath("nam-dinh-kh-137-2024.toml").read_text("utf-8")
    toml = toml.replace('id = "kh-137-2024"', 'id = "cua-bac"').replace(
        'scope = { map = "2024", code = "36" }', 'scope = { map = "2024", code = "13669" }'
    )
    assert 'id = "cua-bac"' in toml and 'code = "13669"' in toml
    (tmp_path / "cua-bac.toml").write_text(toml, encoding="utf-8")
    assert _run(root, "plan", "add", str(tmp_path / "cua-bac.toml"))[0] == 0
    assert _run(root, "compute")[0] == 0
    code, out = _run(root, "explain", IND, "--unit", "13669")
    assert code == 1
    said = " ".join(out.split())
    assert "unit 13669 is on both maps" in said and "có trên cả hai bản đồ" in said
    assert "--unit 13669 (Phường Nam Định, 2025 map" in said
    assert "--unit 2024:13669 (Phường Cửa Bắc, 2024 map" in said
    # the workspace's own plan is now the scorecard's: explain follows it
    code, out = _run(root, "explain", IND, "--json")
    assert code == 0 and json.loads(out)["unit_code"] == "2024:13669"
    code, out = _run(root, "explain", IND, "--unit", "2025:13669", "--json")
    assert code == 0 and json.loads(out)["unit_name"].startswith("Phường Nam Định")
