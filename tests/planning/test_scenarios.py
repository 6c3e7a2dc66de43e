"""The planner shell on the hand-built fixture province and (slow) on the demo province."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from hatang.cli import app
from hatang.cli.options import money as _money
from hatang.cli.options import share as _share
from hatang.errors import ConfigError, NotFound
from hatang.planning.candidates import tower_points
from hatang.planning.demand import Demand
from hatang.planning.scenario import plan_sites
from hatang.planning.scenarios import compare, get_scenario, list_scenarios
from hatang.planning.verify import verify_scenario
from hatang.testing import fixture_workspace


@pytest.fixture(scope="module")
def planned(tmp_path_factory):
    ws = fixture_workspace(tmp_path_factory.mktemp("plan") / "ws")
    full = plan_sites(ws, name="full")
    budget = plan_sites(ws, name="b2", budget=2e9, sharing=0.3)
    return ws, full, budget


def test_full_cover_plan_covers_every_coverable_person(planned):
    ws, full, _ = planned
    s = full.scenario
    assert s["problem"] == "min-cost" and s["status"] == "optimal"
    assert s["demand_people"] > 0
    assert s["people_new"] == pytest.approx(s["demand_people"] - s["uncoverable_people"])
    assert s["population_covered_after"] == pytest.approx(
        s["population_covered_before"] + s["people_new"]
    )
    assert s["villages_covered_after"] >= s["villages_covered_before"]
    assert s["cost_vnd"] == pytest.approx(full.actions["cost_vnd"].sum())
    assert s["bound"] <= s["cost_vnd"] + 1e-6
    # ranked: contributions never increase down the list, and they add up
    people = full.actions["people_new"].to_numpy()
    assert (np.diff(people) <= 1e-9).all()
    assert people.sum() == pytest.approx(s["people_new"])
    assert s["synthetic"] and full.actions["synthetic"].all()


def test_budget_and_sharing_hold(planned):
    ws, _, b2 = planned
    s = b2.scenario
    assert s["problem"] == "max-cover" and s["cost_vnd"] <= 2e9
    assert s["sharing_after"] >= 0.3 - 1e-9
    assert s["people_new"] <= s["bound"] + 1e-6


def test_recomputed_coverage_agrees_with_claim(planned):
    ws, _, _ = planned
    check = verify_scenario(ws, "full")
    assert check.claimed > 0 and check.ok, check


def test_scenarios_read_back_and_compare(planned):
    ws, full, _ = planned
    assert set(list_scenarios(ws)["name"]) == {"full", "b2"}
    s, actions = get_scenario(ws, "full")
    assert s["people_new"] == pytest.approx(full.scenario["people_new"])
    assert list(actions["rank"]) == list(range(1, len(actions) + 1))
    cmp = compare(ws, "full", "b2").set_index("field")
    assert cmp.loc["problem", "full"] == "min-cost" and cmp.loc["problem", "b2"] == "max-cover"
    with pytest.raises(NotFound, match="no scenario named 'nope'"):
        get_scenario(ws, "nope")


def test_cli_outputs_parse(planned):
    ws, full, _ = planned
    r = CliRunner().invoke(
        app, ["scenarios", "show", "full", "--format", "geojson", "-w", str(ws.root)]
    )
    assert r.exit_code == 0, r.output
    gj = json.loads(r.stdout)
    assert len(gj["features"]) == len(full.actions) and gj["synthetic"] is True
    r = CliRunner().invoke(app, ["scenarios", "list", "--format", "csv", "-w", str(ws.root)])
    assert r.exit_code == 0 and "full" in r.stdout
    r = CliRunner().invoke(
        app,
        ["plan-sites", "--budget", "1 tỷ", "--name", "b1", "--format", "json", "-w", str(ws.root)],
    )
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert sum(a["cost_vnd"] for a in rows) <= 1e9


def test_cli_refuses_budget_and_cover(planned):
    ws, _, _ = planned
    r = CliRunner().invoke(
        app, ["plan-sites", "--budget", "1e9", "--cover", "100%", "-w", str(ws.root)]
    )
    assert r.exit_code != 0 and isinstance(r.exception, ConfigError)


@pytest.mark.parametrize("text, value", [("100%", 1.0), ("30 %", 0.3), ("0.5", 0.5)])
def test_share_parsing(text, value):
    assert _share(text, "--cover") == pytest.approx(value)


@pytest.mark.parametrize("text", ["150%", "0", "abc"])
def test_share_rejected(text):
    with pytest.raises(ConfigError):
        _share(text, "--cover")


@pytest.mark.parametrize(
    "text, value",
    [
        ("50e9", 50e9),
        ("50 tỷ", 50e9),
        ("50.000.000.000", 50e9),
        ("350 triệu", 350e6),
        ("2,5 tỷ", 2.5e9),
    ],
)
def test_money_parsing(text, value):
    assert _money(text) == pytest.approx(value)


def test_tower_points_by_hand():
    # one dead spot whose cells span a single point: a 5 × 5 grid at 500 m over ±1000 m,
    # and the centroid, which coincides with the grid's centre and is merged into it
    d = Demand(
        cell=np.zeros(1, dtype=np.int64),
        xy=np.zeros((1, 2)),
        people=np.ones(1),
        weight=np.ones(1),
        dead_spot=np.zeros(1, dtype=np.int64),
        spots_bbox=np.zeros((1, 4)),
        spots_centroid=np.zeros((1, 2)),
        spots_people=np.ones(1),
    )
    pts = tower_points(d, 500.0, 1000.0)
    assert len(pts) == 25
    assert pts[:, 0].min() == -1000 and pts[:, 0].max() == 1000


@pytest.mark.slow
def test_demo_full_cover_and_recomputation(demo_workspace, copy_workspace):
    ws = copy_workspace(demo_workspace)
    res = plan_sites(ws, name="demo-full", time_limit=60)
    s = res.scenario
    assert s["status"] in ("optimal", "time_limit")
    # every coverable dead-spot person is covered; what cannot be is reported
    assert s["people_new"] == pytest.approx(s["demand_people"] - s["uncoverable_people"], rel=1e-9)
    check = verify_scenario(ws, "demo-full")
    assert check.ok, check
    assert isinstance(res.actions, pd.DataFrame) and len(res.actions) > 0


def test_colocation_candidates_follow_the_register(planned):
    ws, full, _ = planned
    from hatang.planning.base import load_base

    base = load_base(ws)
    ops = base.cells.groupby("site_id")["operator"].agg(lambda s: set(s.astype(str)))
    coloc = full.candidates[full.candidates["kind"] == "colocation"]
    assert len(coloc) > 0
    for c in coloc.itertuples():
        assert c.operator not in ops[c.host_site_id]  # never on a site it is already on
        assert c.makes_shared == (len(ops[c.host_site_id]) == 1)
        assert c.cost_vnd == ws.settings.planner.cost_colocation_vnd
    towers = full.candidates[full.candidates["kind"] == "new-tower"]
    p = ws.settings.planner
    assert (
        towers["cost_vnd"]
        == p.cost_new_tower_base_vnd + p.cost_new_tower_per_m_vnd * p.new_tower_height_m
    ).all()


def test_unknown_operator_is_a_clear_error(planned):
    ws, _, _ = planned
    r = CliRunner().invoke(app, ["plan-sites", "--operator", "foo", "-w", str(ws.root)])
    assert r.exit_code != 0 and isinstance(r.exception, ConfigError)
    with pytest.raises(NotFound, match="no cells"):
        plan_sites(ws, name="g", operator="gmobile")


def test_uncoverable_people_are_reported():
    """People in cells no candidate reaches are summed per dead spot, with its position."""
    from hatang.coverage.grid import to_xy
    from hatang.planning.ranking import uncoverable_spots

    crs = "EPSG:32648"
    cx, cy = to_xy(np.array([106.1, 106.2]), np.array([20.05, 20.05]), crs)
    d = Demand(
        cell=np.arange(4),
        xy=np.zeros((4, 2)),
        people=np.array([10.0, 5.0, 7.0, 1.0]),
        weight=np.ones(4),
        dead_spot=np.array([0, 0, 1, 1]),
        spots_bbox=np.zeros((2, 4)),
        spots_centroid=np.column_stack([cx, cy]),
        spots_people=np.array([15.0, 8.0]),
    )
    out = uncoverable_spots(d, np.array([True, False, True, True]), crs)
    assert out["people"].tolist() == [10.0, 8.0]  # largest first
    assert out["lon"].round(6).tolist() == [106.1, 106.2]
    assert uncoverable_spots(d, np.zeros(4, dtype=bool), crs).empty


def test_a_stored_name_is_not_replaced_without_replace(tmp_path):
    ws = fixture_workspace(tmp_path / "ws")
    first = plan_sites(ws, name="b50", budget=2e9).scenario
    with pytest.raises(ConfigError, match=r"'b50' already exists.*--replace.*đã có"):
        plan_sites(ws, name="b50")
    assert get_scenario(ws, "b50")[0]["problem"] == first["problem"] == "max-cover"
    r = CliRunner().invoke(app, ["plan-sites", "--name", "b50", "-w", str(ws.root)])
    assert r.exit_code != 0 and isinstance(r.exception, ConfigError)
    assert "\n" not in str(r.exception)  # `Error: ...` is one line
    again = plan_sites(ws, name="b50", replace=True).scenario
    assert get_scenario(ws, "b50")[0]["problem"] == again["problem"] == "min-cost"
