"""`plan-sites --run RUN_ID`: the planner models today's network as the chosen stored
coverage run modelled it (its period, grid and calibration offsets), refuses what it cannot
honour with a clear error, and the scenario records the run it was planned against."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from hatang.cli import app
from hatang.coverage import engine
from hatang.coverage.grid import to_xy
from hatang.coverage.network import radio_frame, with_xy
from hatang.coverage.run import run_coverage
from hatang.errors import ConfigError, NotFound
from hatang.planning.base import load_base
from hatang.planning.scenario import plan_sites
from hatang.planning.scenarios import get_scenario, recorded_run_state
from hatang.planning.verify import verify_scenario
from hatang.store import Workspace
from hatang.store.coverage import read_network
from hatang.testing import fixture_workspace, write_table

GAIN_DB = 10.0  # the drive tests measure this much more than the model predicts


def _drive_tests(ws: Workspace) -> None:
    """Measured RSRP GAIN_DB above the model around every 4G site, per operator, so that
    `hatang coverage --calibrate` fits an offset of about +GAIN_DB for each operator."""
    crs = ws.settings.workspace.crs
    cells = with_xy(read_network(ws, "2025Q4").cells, crs)
    radios = radio_frame(cells, ws.settings.coverage, "4G", None)
    rows = []
    for op, mine in radios.groupby("operator"):
        sites = mine.drop_duplicates("site_id")
        pts = [
            (lon + d * np.cos(b) / 104.0, lat + d * np.sin(b) / 111.0)
            for lon, lat in zip(sites["lon"], sites["lat"], strict=True)
            for d in (0.8, 1.5)
            for b in np.linspace(0, 2 * np.pi, 7)[:-1]
        ]
        lon, lat = np.array(pts).T
        xy = np.column_stack(to_xy(lon, lat, crs))
        pred = engine.best_received_power(mine, xy, ws.settings.coverage, margin_db=40.0)
        for i, (x, y, p) in enumerate(zip(lon, lat, pred, strict=True)):
            rows.append(
                dict(
                    measurement_id=f"{op}-{i}",
                    time=pd.Timestamp("2025-11-15 10:00"),
                    period="2025Q4",
                    lon=x,
                    lat=y,
                    operator=op,
                    technology="4G",
                    rsrp_dbm=float(p) + GAIN_DB,
                )
            )
    write_table(ws, "drive_tests", pd.DataFrame(rows), file_name="drive.csv", period="2025Q4")


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """The fixture province with three stored 4G runs, oldest first: 200 m, 100 m
    uncalibrated, 100 m calibrated."""
    ws = fixture_workspace(tmp_path_factory.mktemp("runs") / "ws")
    _drive_tests(ws)
    coarse = run_coverage(ws, resolution=200, write_files=False)
    plain = run_coverage(ws, resolution=100, write_files=False)
    cal = run_coverage(ws, resolution=100, calibrate=True, write_files=False)
    assert cal.calibration["offsets_db"], cal.calibration
    return ws, coarse, plain, cal


def _uncovered(run) -> float:
    return run.population - run.population_covered


def test_pinned_run_brings_its_calibration(runs):
    ws, _, plain, cal = runs
    offsets = cal.calibration["offsets_db"]
    assert set(offsets) == {"viettel", "vnpt", "mobifone"}
    assert all(v == pytest.approx(GAIN_DB, abs=0.5) for v in offsets.values())
    p = plan_sites(ws, name="plain", run_id=plain.run_id).scenario
    c = plan_sites(ws, name="cal", run_id=cal.run_id).scenario
    # each plan's demand is the people its run left uncovered: the planner models today's
    # network as that run did, calibrated or not
    assert p["demand_people"] == pytest.approx(_uncovered(plain))
    assert c["demand_people"] == pytest.approx(_uncovered(cal))
    assert c["demand_people"] < p["demand_people"]  # +10 dB: fewer people without signal
    assert (p["coverage_run"], c["coverage_run"]) == (plain.run_id, cal.run_id)
    stored, _ = get_scenario(ws, "plain")
    assert stored["coverage_run"] == plain.run_id
    assert stored["coverage_period"] == "2025Q4" and stored["resolution_m"] == 100
    assert pd.Timestamp(stored["coverage_run_created_at"]) == pd.Timestamp(
        p["coverage_run_created_at"]
    )
    assert recorded_run_state(ws, stored) == "current"


def test_default_is_the_newest_all_operator_run_resolved_to_its_id(runs):
    ws, _, plain, cal = runs
    run_coverage(ws, resolution=100, operator="viettel", write_files=False)  # never the default
    s = plan_sites(ws, name="latest").scenario
    assert s["coverage_run"] == cal.run_id
    assert s["demand_people"] == pytest.approx(_uncovered(cal))
    # without --run the grid is still --resolution / coverage.resolution_m, as before
    assert load_base(ws, resolution=200).grid.res == 200


def test_pinned_run_brings_its_grid(runs):
    ws, coarse, _, _ = runs
    s = plan_sites(ws, name="coarse", run_id=coarse.run_id).scenario
    assert s["resolution_m"] == 200 and s["coverage_run"] == coarse.run_id
    assert s["demand_people"] == pytest.approx(_uncovered(coarse))
    same = plan_sites(ws, name="coarse2", run_id=coarse.run_id, resolution=200.0).scenario
    assert same["resolution_m"] == 200  # an explicit --resolution equal to the run's is fine
    with pytest.raises(ConfigError, match=r"--resolution 100 m does not match .*200 m"):
        plan_sites(ws, name="bad", run_id=coarse.run_id, resolution=100)


def test_unknown_run_is_a_clear_error_listing_the_runs(runs):
    ws, coarse, plain, cal = runs
    with pytest.raises(NotFound, match="no coverage run 'nope' / không có lượt") as e:
        plan_sites(ws, name="x", run_id="nope")
    listed = str(e.value).split("mới nhất trước: ")[1]
    # newest first
    assert listed.index(cal.run_id) < listed.index(plain.run_id + ",") < listed.index(coarse.run_id)
    r = CliRunner().invoke(app, ["plan-sites", "--run", "nope", "-w", str(ws.root)])
    assert r.exit_code != 0 and isinstance(r.exception, NotFound)
    with pytest.raises(NotFound, match="no scenario named 'x'"):
        get_scenario(ws, "x")  # nothing was stored


def test_a_run_the_planner_cannot_model_is_refused(runs):
    ws, _, _, _ = runs
    op_run = run_coverage(ws, resolution=100, operator="vnpt", write_files=False)
    with pytest.raises(ConfigError, match="operator vnpt only"):
        plan_sites(ws, name="x", run_id=op_run.run_id)
    run3g = run_coverage(ws, resolution=200, technology="3G", write_files=False)
    with pytest.raises(ConfigError, match="models 3G"):
        plan_sites(ws, name="x", run_id=run3g.run_id)


def test_show_prints_the_run(runs):
    ws, _, plain, _ = runs
    plan_sites(ws, name="shown", budget=1e9, run_id=plain.run_id)
    w = ["-w", str(ws.root)]
    r = CliRunner().invoke(app, ["scenarios", "show", "shown", *w], env={"COLUMNS": "240"})
    assert r.exit_code == 0, r.output
    assert f"coverage run / lượt tính phủ sóng: {plain.run_id} (2025Q4, 100 m" in r.output
    r = CliRunner().invoke(app, ["scenarios", "show", "shown", "--format", "json", *w])
    rows = json.loads(r.stdout)
    assert rows and {a["coverage_run"] for a in rows} == {plain.run_id}
    r = CliRunner().invoke(app, ["scenarios", "show", "shown", "--format", "geojson", *w])
    assert json.loads(r.stdout)["coverage_run"] == plain.run_id
    r = CliRunner().invoke(
        app, ["plan-sites", "--run", plain.run_id, "--name", "cli", "--budget", "1e9", *w]
    )
    assert r.exit_code == 0, r.output
    assert get_scenario(ws, "cli")[0]["coverage_run"] == plain.run_id


def test_verification_models_the_recorded_run(runs):
    """The newest run is calibrated; a scenario pinned to the uncalibrated run is checked
    against the uncalibrated network it was planned on."""
    ws, _, plain, _ = runs
    plan_sites(ws, name="checked", run_id=plain.run_id)
    check = verify_scenario(ws, "checked")
    assert check.claimed > 0 and check.ok, check


def test_recomputed_run_and_old_workspace(runs, tmp_path):
    ws0, coarse, _, _ = runs
    plan_sites(ws0, name="before", run_id=coarse.run_id)
    shutil.copytree(ws0.root, tmp_path / "ws")
    ws = Workspace.open(tmp_path / "ws")
    # a later `hatang coverage` with the same run id replaces the run
    run_coverage(ws, resolution=200, write_files=False)
    assert recorded_run_state(ws, get_scenario(ws, "before")[0]) == "recomputed"
    # a workspace made before the scenario recorded its run: the columns are added on open
    with ws.connect() as con:
        con.execute("ALTER TABLE scenarios DROP COLUMN coverage_run")
        con.execute("ALTER TABLE scenarios DROP COLUMN coverage_run_created_at")
    ws = Workspace.open(ws.root)
    s, _ = get_scenario(ws, "before")
    assert s["coverage_run"] is None and recorded_run_state(ws, s) is None
    r = CliRunner().invoke(app, ["scenarios", "show", "before", "-w", str(ws.root)])
    assert r.exit_code == 0 and "not recorded" in r.output, r.output
    assert plan_sites(ws, name="after").scenario["coverage_run"] is not None
