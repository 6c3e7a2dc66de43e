"""Plans as data, the scorecard, explain, incremental compute and no-data reasons."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from hatang.cli import app
from hatang.errors import ConfigError, NotFound
from hatang.indicators import (
    SCORECARD_COLUMNS,
    add_plan,
    compute_workspace,
    explain,
    get_plan,
    list_plans,
    load_catalogue,
    scorecard,
)
from hatang.indicators.plans import parse_plan
from hatang.store.indicators import read_inputs
from hatang.testing import write_table

PLAN137 = (
    Path(__file__).parents[2] / "hatang" / "indicators" / "plans" / "nam-dinh-kh-137-2024.toml"
)


def fixture_plan(tmp_path: Path, **replace: str) -> Path:
    text = (
        PLAN137.read_text(encoding="utf-8")
        .replace('code = "36"', 'code = "P1"')
        .replace('id = "kh-137-2024"', 'id = "fixture-plan"')
    )
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "plan.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_plan_137_ships_with_14_targets():
    plan = get_plan("kh-137-2024")
    assert plan.number == "137/KH-UBND"
    assert plan.issuing_body == "UBND tỉnh Nam Định"
    assert str(plan.date) == "2024-10-08"
    assert (plan.scope_map, plan.scope_code) == ("2024", "36")
    assert [t.no for t in plan.targets] == list(range(1, 15))
    assert {t.deadline for t in plan.targets} == {"2025"}
    assert plan.targets[0].indicator == "mobile_broadband_per_100" and plan.targets[0].value == 85


@pytest.mark.parametrize(
    "old,new,message",
    [
        (
            'indicator = "smartphone_share"',
            'indicator = "smartphones"',
            "target[2].indicator = 'smartphones' — not in the indicator catalogue",
        ),
        (
            'comparator = ">="\nvalue = 95',
            'comparator = "=>"\nvalue = 95',
            "target[2].comparator = '=>' — expected one of >=, <=, ==",
        ),
        (
            'value = 95\ndeadline = "2025"',
            'value = 95\ndeadline = "end of 2025"',
            "target[2].deadline = 'end of 2025' — expected a year",
        ),
        ("value = 95\n", 'value = "95"\n', "target[2].value = '95' — expected a number"),
        (
            'scope = { map = "2024", code = "P1" }',
            'scope = { map = "2023", code = "P1" }',
            "scope = ",
        ),
        ('id = "fixture-plan"', 'id = "Fixture Plan"', "id = 'Fixture Plan' — use lower-case"),
    ],
)
def test_plan_add_validation_names_file_and_key(tmp_path, old, new, message):
    path = fixture_plan(tmp_path, **{old: new})
    with pytest.raises(ConfigError) as e:
        add_plan(tmp_path, path)
    assert str(e.value).startswith(str(path) + ": ")
    assert message in str(e.value)
    assert not (tmp_path / "plans").exists()


def test_plan_add_list_show(tmp_path):
    path = fixture_plan(tmp_path)
    plan = add_plan(tmp_path, path)
    assert (tmp_path / "plans" / "fixture-plan.toml").is_file()
    assert set(list_plans(tmp_path)) == {"kh-137-2024", "fixture-plan"}
    with pytest.raises(ConfigError, match="already in the workspace"):
        add_plan(tmp_path, path)
    assert add_plan(tmp_path, path, replace=True) == plan
    with pytest.raises(NotFound, match="no plan 'nope'"):
        get_plan("nope", tmp_path)
    with pytest.raises(ConfigError, match="not valid TOML"):
        parse_plan("id = ", "broken.toml")


def test_scorecard_on_fixture(fresh_copy, tmp_path):
    add_plan(fresh_copy.root, fixture_plan(tmp_path))
    sc = scorecard(fresh_copy, plan_id="fixture-plan")
    assert list(sc.columns) == SCORECARD_COLUMNS
    assert len(sc) == 14
    assert set(sc["unit_code"]) == {"2024:P1"}  # the 2024 province on the 2025 map: its communes
    row = sc.set_index("indicator").loc["mobile_broadband_per_100"]
    assert (row["numerator"], row["denominator"], row["value"]) == (850, 1000, 85)
    assert row["status"] == "met" and row["period"] == "2025Q4"
    assert row["trend"] == [["2024Q4", 66.0], ["2025Q2", 75.0], ["2025Q3", 78.0], ["2025Q4", 85.0]]
    # province-level data (services, systems, agencies) counts for a scope holding all its communes
    assert sc.set_index("indicator").loc["agencies_using_platforms", "value"] == pytest.approx(75)
    assert sc.set_index("indicator").loc["shared_systems_on_cloud", "value"] == pytest.approx(
        200 / 3
    )
    # an earlier period: projection from the values up to it. By hand: x = the periods'
    # ends in years after 2025-01-01 (2024Q4 → 0, 2025Q2 → 181/365, 2025Q3 → 273/365),
    # y = 66, 75, 78; the OLS line at the deadline's end (x = 1) is 82.56 < 85, and the
    # 95 % band (t with 1 degree of freedom) reaches above 85: at risk
    early = scorecard(fresh_copy, plan_id="fixture-plan", period="2025Q3").set_index("indicator")
    mbb = early.loc["mobile_broadband_per_100"]
    assert mbb["value"] == pytest.approx(78) and mbb["period"] == "2025Q3"
    x, y = [0.0, 181 / 365, 273 / 365], [66.0, 75.0, 78.0]
    xbar, ybar = sum(x) / 3, sum(y) / 3
    slope = sum((a - xbar) * (b - ybar) for a, b in zip(x, y, strict=True)) / sum(
        (a - xbar) ** 2 for a in x
    )
    assert mbb["projection"] == pytest.approx(ybar + slope * (1 - xbar), rel=1e-9)
    assert mbb["projection"] == pytest.approx(82.5634, abs=1e-4)
    assert math.isfinite(mbb["projection_low"]) and math.isfinite(mbb["projection_high"])
    assert mbb["projection_low"] < 85 < mbb["projection_high"]
    assert mbb["status"] == "at risk"
    assert mbb["status_reason"].startswith("projected 82.56 by end of 2025 from 3 periods")
    # the 2024 map: the scope is a real unit
    old = scorecard(fresh_copy, plan_id="fixture-plan", map="2024")
    assert set(old["unit_code"]) == {"P1"}


def test_scorecard_levels_and_worst(fresh_copy, tmp_path):
    add_plan(fresh_copy.root, fixture_plan(tmp_path))
    communes = scorecard(fresh_copy, plan_id="fixture-plan", level="commune")
    assert len(communes) == 28 and set(communes["unit_code"]) == {"N1", "N2"}
    worst = scorecard(fresh_copy, plan_id="fixture-plan", worst=1)
    w = worst.set_index("indicator")
    assert w.loc["mobile_broadband_per_100", "unit_code"] == "N2"  # 80 < 85.9
    assert w.loc["households_fibre", "unit_code"] == "N2"  # 28.6 % < 100 %
    old = scorecard(fresh_copy, plan_id="fixture-plan", map="2024", level="commune")
    assert set(old["unit_code"]) == {"C1", "C2", "C3"}
    with pytest.raises(NotFound, match="not on the 2025 map"):
        scorecard(fresh_copy, plan_id="fixture-plan", unit="ZZ")
    # without --plan: the workspace's plan over P1, not Plan 137 (old Nam Định is not here)
    assert scorecard(fresh_copy).attrs["plan"] == "fixture-plan"
    with pytest.raises(NotFound, match="covers unit 36"):
        scorecard(fresh_copy, plan_id="kh-137-2024")
    with pytest.raises(ConfigError, match="--map"):
        scorecard(fresh_copy, plan_id="fixture-plan", map="2030")


def test_scorecard_json_cli(fresh_copy, tmp_path):
    add_plan(fresh_copy.root, fixture_plan(tmp_path))
    res = CliRunner().invoke(
        app,
        [
            "scorecard",
            "-w",
            str(fresh_copy.root),
            "--plan",
            "fixture-plan",
            "--level",
            "commune",
            "--format",
            "json",
        ],
    )
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert doc["plan"] == "fixture-plan" and doc["synthetic"] is True and doc["map"] == "2025"
    assert len(doc["rows"]) == 28
    for key in (
        "indicator",
        "unit_code",
        "unit",
        "period",
        "numerator",
        "denominator",
        "value",
        "target",
        "comparator",
        "status",
        "synthetic",
    ):
        assert key in doc["rows"][0]
    # anyone can check ratio of sums from the JSON: Σ commune numerators = province numerator
    rows = [r for r in doc["rows"] if r["indicator"] == "mobile_broadband_per_100"]
    assert sum(r["numerator"] for r in rows) == pytest.approx(850)
    for fmt in ("csv", "markdown", "table"):
        res = CliRunner().invoke(
            app, ["scorecard", "-w", str(fresh_copy.root), "--plan", "fixture-plan", "-f", fmt]
        )
        assert res.exit_code == 0, res.output
        assert "85" in res.output


def test_explain(computed_fixture):
    e = explain(
        computed_fixture, "mobile_broadband_per_100", unit="N1", period="2024Q4", map="2025"
    )
    assert e["numerator"]["value"] == pytest.approx(585) and e["denominator"]["value"] == 850
    assert e["method"] == "crosswalk-population-share"
    assert e["rows_by_table"] == {"subscriptions": 4, "units": 1}
    names = {f["file_name"] for f in e["files"]}
    assert names == {"subscriptions-2024Q4.csv", "units.csv"}
    assert all(len(f["sha256"]) == 64 for f in e["files"])
    assert "585 / 850 × 100 = 68.8235" in e["formula"]
    assert "ITU" in " ".join(e["sources"])
    res = CliRunner().invoke(
        app,
        [
            "explain",
            "adults_smartphone",
            "-w",
            str(computed_fixture.root),
            "--unit",
            "P2",
            "--period",
            "2025Q4",
            "--json",
        ],
    )
    assert res.exit_code == 0, res.output
    doc = json.loads(res.output)
    assert doc["sample_size"] == 6 and "Wilson" in doc["formula"]
    res = CliRunner().invoke(
        app,
        ["explain", "shared_sites", "-w", str(computed_fixture.root), "-u", "N2", "-p", "2025Q4"],
    )
    assert res.exit_code == 0 and "sites-2025Q4.csv" in res.output
    with pytest.raises(NotFound, match="no stored value"):
        explain(computed_fixture, "shared_sites", unit="N9", period="2025Q4")


def test_missing_input_is_no_data_with_reason(pick):
    row = pick("services_full", "P2", "2025Q3")
    assert row["value"] is None or row["value"] != row["value"]
    assert row["no_data_reason"] == "no services data for 2025Q3"
    row = pick("population_4g_modelled", "N1", "2024Q4")
    assert row["no_data_reason"] == "no coverage_units data for 2024Q4"
    row = pick("households_smartphone", "P2", "2025Q2")
    assert row["no_data_reason"] == "no survey_responses data for this unit in 2025Q2"
    assert row["method"] == "none"


def test_scorecard_status_no_data_reason(fresh_copy, tmp_path):
    path = fixture_plan(
        tmp_path,
        **{
            'indicator = "shared_systems_on_cloud"\ncomparator = ">="\nvalue = 90\ndeadline = "2025"': 'indicator = "population_4g_modelled"\ncomparator = ">="\nvalue = 90\ndeadline = "2025"'
        },
    )
    add_plan(fresh_copy.root, path)
    sc = scorecard(fresh_copy, plan_id="fixture-plan", period="2025Q3").set_index("indicator")
    row = sc.loc["population_4g_modelled"]
    assert row["status"] == "no data" and pd.isna(row["value"])
    assert "coverage_units" in row["status_reason"]


def test_incremental_compute_skips_unchanged(fresh_copy):
    again = compute_workspace(fresh_copy)
    assert again.computed == [] and len(again.skipped) == len(load_catalogue())
    with fresh_copy.connect() as con:
        frames = read_inputs(con, ["cloud_accounts"])
    extra = (
        frames["cloud_accounts"]
        .iloc[:1]
        .drop(columns=["import_id"])
        .assign(period="2025Q4", unit_code="N2", provider="other-cloud", accounts=50)
    )
    write_table(fresh_copy, "cloud_accounts", extra, file_name="cloud-extra.csv", period="2025Q4")
    after = compute_workspace(fresh_copy)
    assert after.computed == ["cloud_accounts_per_adult"]
    e = explain(fresh_copy, "cloud_accounts_per_adult", unit="P2", period="2025Q4")
    assert e["numerator"]["value"] == 650
    assert len(compute_workspace(fresh_copy, only_changed=False).computed) == len(load_catalogue())


def test_compute_cli(fresh_copy):
    res = CliRunner().invoke(app, ["compute", "-w", str(fresh_copy.root), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["computed"] == []
    res = CliRunner().invoke(app, ["plan", "show", "kh-137-2024", "-w", str(fresh_copy.root)])
    assert res.exit_code == 0 and "137/KH-UBND" in res.output
    res = CliRunner().invoke(app, ["indicators", "--json"])
    assert res.exit_code == 0 and len(json.loads(res.output)) == len(load_catalogue())


def test_missing_table_gives_no_data_on_both_maps():
    from hatang.indicators import compute_frames, load_catalogue
    from hatang.testing import fixture_frames

    frames = fixture_frames()
    frames["subscriptions"] = frames["subscriptions"].iloc[0:0]
    v = compute_frames(frames, [load_catalogue()["mobile_broadband_per_100"]])
    prov = v[v["level"] == "province"]
    assert len(prov) == 8 and prov["value"].isna().all()
    assert set(prov["no_data_reason"]) == {
        f"no subscriptions data for {p}" for p in ("2024Q4", "2025Q2", "2025Q3", "2025Q4")
    }
    # a workspace with units only: nothing to compute, no crash
    assert compute_frames(
        {"units": fixture_frames()["units"]}, list(load_catalogue().values())
    ).empty


def test_cli_error_is_one_line(tmp_path, computed_fixture):
    import subprocess
    import sys

    bad = fixture_plan(
        tmp_path, **{'comparator = ">="\nvalue = 95': 'comparator = "=>"\nvalue = 95'}
    )
    res = subprocess.run(
        [
            sys.executable,
            "-c",
            "from hatang.cli import main; main()",
            "plan",
            "add",
            str(bad),
            "-w",
            str(computed_fixture.root),
        ],
        capture_output=True,
        text=True,
    )
    assert res.returncode == 1
    assert res.stderr.strip().startswith(f"Error: {bad}: target[2].comparator = '=>'")
