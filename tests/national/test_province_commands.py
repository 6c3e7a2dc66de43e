"""`--province CODE` on the commands a provincial analyst runs in a national workspace:
each narrows to the province the same way (`views.province`), and its figures are the
province's rows of the national ones."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

from hatang.cli import app
from hatang.coverage.stored import read_dead_spots
from hatang.errors import HatangError
from hatang.indicators import scorecard
from hatang.model import admin
from hatang.store import Workspace
from tests.national.conftest import PROVINCES

runner = CliRunner()


def _cli(ws: Workspace, *args: str) -> str:
    result = runner.invoke(app, [*args, "--workspace", str(ws.root)])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_demo_scores_each_province_against_the_example_national_plan(
    country: Workspace,
) -> None:
    by = scorecard(country, by="province", refresh=False)
    assert by.attrs["plan"] == "vn-example-2025"
    # the plan file's own targets for Lai Châu (12), the national ones for Điện Biên's
    # target 5 and for every target of a province the file does not name (e.g. 01)
    t = by.set_index(["unit_code", "target_no"])["target"]
    assert (t["12", 1], t["12", 2], t["12", 5], t["11", 5], t["01", 1]) == (70, 35, 97, 99, 85)


def test_scorecard_province_is_that_province_s_rows_of_the_ranking(country: Workspace) -> None:
    by = scorecard(country, by="province", refresh=False)
    out = json.loads(_cli(country, "scorecard", "--province", "Lai Châu", "--format", "json"))
    rows = pd.DataFrame(out["rows"])
    assert set(rows["unit_code"]) == {"12"} and out["plan"] == "vn-example-2025"
    mine = by[by["unit_code"] == "12"].set_index("target_no")
    for r in out["rows"]:
        assert r["target"] == mine.loc[r["target_no"], "target"]
        assert r["status"] == mine.loc[r["target_no"], "status"]
        value = mine.loc[r["target_no"], "value"]
        assert r["value"] == (None if pd.isna(value) else pytest.approx(value))


def test_a_national_plan_is_scored_for_the_whole_country(country: Workspace) -> None:
    """`hatang scorecard` (and `--unit VN`) scores the national plan for the country:
    one stored value per indicator and period, its numerator and denominator the sums
    of the provinces' (each province counted once)."""
    out = json.loads(_cli(country, "scorecard", "--format", "json"))
    assert out["plan"] == "vn-example-2025" and {r["unit_code"] for r in out["rows"]} == {"VN"}
    assert json.loads(_cli(country, "scorecard", "--unit", "VN", "--format", "json")) == out
    with country.connect(read_only=True) as con:
        v = con.execute("SELECT * FROM indicator_values WHERE map = '2025'").df()
    vn = v[v["unit_code"] == "VN"]
    assert (vn.groupby(["indicator", "period"]).size() == 1).all() and len(vn) > 0
    provinces = v[v["level"] == "province"].groupby(["indicator", "period"])
    sums = provinces[["numerator", "denominator"]].sum(min_count=1)
    mine = vn.set_index(["indicator", "period"])[["numerator", "denominator"]]
    pd.testing.assert_frame_equal(mine.sort_index(), sums.loc[mine.index].sort_index())
    share = vn[(vn["indicator"] == "mobile_broadband_per_100") & vn["value"].notna()]
    assert len(share) and (share["value"] == share["numerator"] / share["denominator"] * 100).all()
    for r in out["rows"]:
        row = vn[(vn["indicator"] == r["indicator"]) & (vn["period"] == r["period"])]
        if r["value"] is not None:
            assert r["value"] == pytest.approx(row["value"].iloc[0])


def test_deadspots_province_lists_exactly_the_province_s_dead_spots(country: Workspace) -> None:
    _, every, _ = read_dead_spots(country)
    assert len(every) > 0
    parts = [read_dead_spots(country, province=p)[1] for p in PROVINCES]
    units = admin.load_units("2025")
    communes = {p: set(units[units["parent_code"] == p]["code"]) for p in PROVINCES}
    for p, spots in zip(PROVINCES, parts, strict=True):
        assert set(spots["commune_code"]) <= communes[p]
    # the provinces partition the national run's dead spots
    assert sorted(pd.concat(parts)["dead_spot_id"]) == sorted(every["dead_spot_id"])
    out = json.loads(_cli(country, "deadspots", "--province", "51", "--format", "json"))
    rows = out if isinstance(out, list) else out.get("dead_spots", out.get("rows"))
    assert len(rows) == len(parts[2])


def test_an_unknown_province_is_one_line_naming_it(country: Workspace) -> None:
    result = runner.invoke(app, ["deadspots", "--province", "99", "--workspace", str(country.root)])
    assert isinstance(result.exception, HatangError) and "'99'" in str(result.exception)
    # Ninh Bình (37) is on the national map but has no synthetic data here: nothing listed
    assert len(read_dead_spots(country, province="37")[1]) == 0


def test_plan_sites_province_plans_on_the_province_s_own_grid(country: Workspace) -> None:
    """The planner models the province as the national run did: same people, same
    people covered before any action; only its own sites are counted."""
    from hatang.planning.scenario import plan_sites

    r = plan_sites(country, name="lai-chau", province="12", budget=5e9)
    s = r.scenario
    with country.connect(read_only=True) as con:
        unit = con.execute(
            "SELECT population, population_covered FROM coverage_units WHERE map = '2025' "
            "AND unit_code = '12' AND operator = 'any' AND run_id = ?",
            [s["coverage_run"]],
        ).fetchone()
        own_sites = con.execute(
            "SELECT count(DISTINCT site_id) FROM sites WHERE period = ? AND commune_code IN "
            "(SELECT code FROM units WHERE map = '2025' AND parent_code = '12')",
            [s["coverage_period"]],
        ).fetchone()[0]
    assert s["province"] == "12" and s["sites_before"] == own_sites
    assert s["population"] == pytest.approx(unit[0], rel=1e-9)
    assert s["population_covered_before"] == pytest.approx(unit[1], rel=1e-9)
    assert s["cost_vnd"] <= 5e9 and s["population_covered_after"] >= unit[1]
    listed = json.loads(_cli(country, "scenarios", "list", "--format", "json"))
    assert [r["province"] for r in listed if r["name"] == "lai-chau"] == ["12"]


def test_report_province_is_that_province_s_report(country: Workspace, tmp_path) -> None:
    from hatang.report.data import Options, gather

    data = gather(country, Options(plan_id=None, province="12"), refresh=False)
    assert data.province == "Tỉnh Lai Châu" and data.plan.scope_code == "12"
    by_no = {t.no: t for t in data.targets}
    assert (by_no[1].target.value, by_no[2].target.value, by_no[3].target.value) == (70, 35, 100)
    units = admin.load_units("2025")
    mine = set(units[units["parent_code"] == "12"]["code"])
    assert set(data.communes_map["code"]) == mine
    assert set(data.dead_spots["commune_code"]) <= mine
    assert {t.unit_code for t in data.communes} <= mine and data.communes
    _cli(country, "report", "--province", "12", "--format", "docx", "--out", str(tmp_path))
    assert [p.name for p in tmp_path.iterdir()] == [
        f"bao-cao-vn-example-2025-p12-{data.period}.docx"
    ]
