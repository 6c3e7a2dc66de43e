"""run_coverage on the hand-built fixture province (a real DuckDB workspace) and the CLI."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from hatang.cli import app
from hatang.coverage import calibrate, engine
from hatang.coverage.run import run_coverage
from hatang.errors import ConfigError, NotFound
from hatang.settings import CoverageSettings
from hatang.testing import fixture_workspace


@pytest.fixture(scope="module")
def fixture_run(tmp_path_factory):
    ws = fixture_workspace(tmp_path_factory.mktemp("cov") / "ws")
    return ws, run_coverage(ws, resolution=100)


def test_units_add_up_and_conserve_population(fixture_run) -> None:
    ws, r = fixture_run
    with ws.connect(read_only=True) as con:
        units = con.execute("SELECT * FROM coverage_units WHERE run_id = ?", [r.run_id]).df()
        village_total = con.execute(
            "SELECT sum(population) FROM units WHERE level = 'village' AND map = '2025'"
        ).fetchone()[0]
    assert r.population == pytest.approx(village_total, rel=1e-3)
    anyop = units[units["operator"] == "any"]
    for map_, prov in (("2024", "P1"), ("2025", "P2")):
        u = anyop[anyop["map"] == map_].set_index("unit_code")
        assert u.loc[prov, "population"] == pytest.approx(village_total, rel=1e-3)
        communes = u[u["level"] == "commune"]
        for col in ("population", "population_covered", "villages", "villages_covered"):
            assert u.loc[prov, col] == pytest.approx(communes[col].sum())
        assert u.loc[prov, "villages"] == 6
    assert anyop["synthetic"].all()
    assert set(units["operator"]) >= {"any", "viettel"}
    # per-operator coverage never exceeds the union over operators
    wide = units.pivot_table(
        index=["map", "unit_code"], columns="operator", values="population_covered"
    )
    for op in wide.columns.drop("any"):
        assert (wide[op] <= wide["any"] + 1e-6).all()


def test_village_covered_rule(fixture_run) -> None:
    ws, r = fixture_run
    v = r.units[
        (r.units["level"] == "village")
        & (r.units["operator"] == "any")
        & (r.units["map"] == "2025")
    ]
    share = v["population_covered"] / v["population"]
    np.testing.assert_array_equal(v["villages_covered"].to_numpy() == 1, (share >= 0.9).to_numpy())


def test_run_is_stored_and_rerun_replaces(fixture_run) -> None:
    ws, r = fixture_run
    with ws.connect(read_only=True) as con:
        runs = con.execute("SELECT * FROM coverage_runs").df()
        n_units = con.execute("SELECT count(*) FROM coverage_units").fetchone()[0]
        checks = con.execute("SELECT * FROM dead_spot_checks WHERE run_id = ?", [r.run_id]).df()
    assert sorted(runs["run_id"]) == sorted(["fixture", r.run_id])  # the fixture's own run
    mine = runs[runs["run_id"] == r.run_id].iloc[0]
    assert json.loads(mine["settings"])["model"] == "extended-hata"
    # open reports at the end of 2025Q4: DS2, DS4, DS5
    assert sorted(checks["dead_spot_id"]) == ["DS2", "DS4", "DS5"]
    for f in r.files.values():
        assert f.is_file()
    gj = json.loads(r.files["geojson"].read_text(encoding="utf-8"))
    assert gj["synthetic"] is True and len(gj["features"]) == len(r.dead_spots)
    run_coverage(ws, resolution=100, write_files=False)
    with ws.connect(read_only=True) as con:
        assert con.execute("SELECT count(*) FROM coverage_units").fetchone()[0] == n_units


def test_operator_run_and_errors(fixture_run, tmp_path) -> None:
    ws, _ = fixture_run
    r = run_coverage(ws, resolution=200, operator="vnpt", write_files=False)
    assert r.run_id.endswith("-vnpt-200m")
    assert set(r.units["operator"]) == {"vnpt"}
    with pytest.raises(NotFound, match="no 5G cells"):
        run_coverage(ws, technology="5G", write_files=False)


def test_fit_offsets_recovers_a_known_bias() -> None:
    s = CoverageSettings()
    cells = pd.DataFrame(
        dict(
            x=[0.0, 3000.0],
            y=[0.0, 0.0],
            height_m=30.0,
            eirp_dbm=60.0,
            band_mhz=1800.0,
            technology="4G",
            operator=["viettel", "vnpt"],
        )
    )
    rng = np.random.default_rng(3)
    pts = np.column_stack([rng.uniform(-2000, 5000, 60), rng.uniform(-2000, 2000, 60)])
    ops = np.where(np.arange(60) % 2 == 0, "viettel", "vnpt")
    pred = np.array(
        [
            engine.best_received_power(cells[cells.operator == o], p[None, :], s)[0]
            for o, p in zip(ops, pts, strict=True)
        ]
    )
    measured = pred - 6.0 + rng.normal(0, 1.0, 60)
    tests = pd.DataFrame({"operator": ops, "x": pts[:, 0], "y": pts[:, 1], "rsrp_dbm": measured})
    fit = calibrate.fit_offsets(cells, tests, s)
    for f in fit.fits:
        assert f.offset_db == pytest.approx(-6.0, abs=0.6)
        assert f.rmse_after < f.rmse_before
        assert abs(f.bias_after) < 1e-9
    few = calibrate.fit_offsets(cells, tests.head(8), s)
    assert few.fits == [] and set(few.skipped) == {"viettel", "vnpt"}


def test_calibrated_run_records_offsets(tmp_path) -> None:
    ws = fixture_workspace(tmp_path / "ws")
    with ws.connect() as con:
        con.execute("UPDATE speed_tests SET rsrp_dbm = -100.0 WHERE kind = 'mobile'")
        extra = con.execute(
            "SELECT * FROM speed_tests WHERE kind = 'mobile' AND operator = 'viettel' LIMIT 1"
        ).df()
        for i in range(12):
            row = extra.copy()
            row["test_id"] = f"cal{i}"
            row["lon"] = 106.02 + 0.01 * i
            con.register("extra_row", row)
            con.execute("INSERT INTO speed_tests SELECT * FROM extra_row")
            con.unregister("extra_row")
    r = run_coverage(ws, resolution=200, calibrate=True, write_files=False)
    assert r.run_id.endswith("-cal")
    assert "viettel" in r.calibration["offsets_db"]
    with ws.connect(read_only=True) as con:
        stored = json.loads(
            con.execute(
                "SELECT calibration FROM coverage_runs WHERE run_id = ?", [r.run_id]
            ).fetchone()[0]
        )
    assert stored["offsets_db"] == r.calibration["offsets_db"]


runner = CliRunner()


def test_cli_pathloss() -> None:
    out = runner.invoke(
        app,
        [
            "pathloss",
            "--model",
            "hata",
            "--freq",
            "869",
            "--hb",
            "30",
            "--hm",
            "1",
            "--env",
            "urban",
            "-d",
            "2,1",
        ],
    )
    assert out.exit_code == 0, out.output
    assert out.output.splitlines() == [
        "2 km\t137.88 dB",
        "1 km\t127.27 dB",
    ]  # 137.88 − 35.225·log10 2
    out = runner.invoke(app, ["pathloss", "--freq", "869", "-d", "x"])
    assert isinstance(out.exception, ConfigError)


def test_cli_coverage_and_deadspots(fixture_run) -> None:
    ws, _ = fixture_run
    out = runner.invoke(app, ["coverage", "--resolution", "100", "--json", "-w", str(ws.root)])
    assert out.exit_code == 0, out.output
    summary = json.loads(out.output)
    assert summary["synthetic"] is True and summary["reported_open"] == 3
    out = runner.invoke(app, ["deadspots", "--format", "csv", "-w", str(ws.root)])
    assert out.exit_code == 0, out.output
    rows = pd.read_csv(__import__("io").StringIO(out.output))
    assert list(rows["population"]) == sorted(rows["population"], reverse=True)
    out = runner.invoke(app, ["deadspots", "-w", str(ws.root)])
    assert "Reported open" in out.output and "synthetic" in out.output
    out = runner.invoke(
        app, ["deadspots", "--format", "geojson", "--min-population", "100", "-w", str(ws.root)]
    )
    gj = json.loads(out.output)
    assert all(f["properties"]["population"] >= 100 for f in gj["features"])
    out = runner.invoke(app, ["deadspots", "--format", "xml", "-w", str(ws.root)])
    assert isinstance(out.exception, ConfigError)


def test_workspace_without_villages_uses_communes(tmp_path) -> None:
    ws = fixture_workspace(tmp_path / "ws")
    with ws.connect() as con:
        con.execute("DELETE FROM units WHERE level = 'village'")
        con.execute("UPDATE units SET area_km2 = 2.0 WHERE level = 'commune'")
    r = run_coverage(ws, resolution=100, write_files=False)
    assert r.population == pytest.approx(1000.0)  # N1 850 + N2 150 on the 2025 map
    u = r.units[(r.units["operator"] == "any")].set_index(["map", "unit_code"])
    assert u.loc[("2025", "P2"), "population"] == pytest.approx(1000.0)
    assert u["villages"].isna().all()
    assert "2024" not in set(r.units["map"])  # population points are 2025 communes
    with ws.connect(read_only=True) as con:
        stored = con.execute(
            "SELECT count(*), count(villages) FROM coverage_units WHERE run_id = ?", [r.run_id]
        ).fetchone()
    assert stored[0] > 0 and stored[1] == 0


def test_cli_runs_and_operator_scope(tmp_path) -> None:
    ws = fixture_workspace(tmp_path / "ws")
    run_coverage(ws, resolution=200, write_files=False)
    r = run_coverage(ws, resolution=200, operator="viettel", write_files=False)
    out = runner.invoke(app, ["deadspots", "--runs", "--format", "csv", "-w", str(ws.root)])
    assert out.exit_code == 0, out.output
    runs = pd.read_csv(__import__("io").StringIO(out.output))
    assert set(runs["run_id"]) == {"fixture", "2025Q4-4G-any-200m", r.run_id}
    # by default the newest all-operator run, although the viettel run is newer
    out = runner.invoke(app, ["deadspots", "--format", "csv", "-w", str(ws.root)])
    rows = pd.read_csv(__import__("io").StringIO(out.output))
    assert len(rows) > 0 and not rows["dead_spot_id"].str.startswith("M-viettel-").any()
    # --run names the one-operator run
    out = runner.invoke(
        app, ["deadspots", "--run", r.run_id, "--format", "csv", "-w", str(ws.root)]
    )
    rows = pd.read_csv(__import__("io").StringIO(out.output))
    assert (
        len(rows) == len(r.dead_spots) and rows["dead_spot_id"].str.startswith("M-viettel-").all()
    )
    out = runner.invoke(app, ["deadspots", "--run", "nope", "-w", str(ws.root)])
    assert isinstance(out.exception, NotFound)


def test_cli_period_option(fixture_run) -> None:
    ws, _ = fixture_run
    out = runner.invoke(
        app,
        ["coverage", "--period", "Q2/2025", "--resolution", "200", "--json", "-w", str(ws.root)],
    )
    assert out.exit_code == 0, out.output
    s = json.loads(out.output)
    assert s["period"] == "2025Q2" and s["run_id"] == "2025Q2-4G-any-200m"
    out = runner.invoke(app, ["coverage", "--period", "2023Q1", "-w", str(ws.root)])
    assert isinstance(out.exception, NotFound)
    out = runner.invoke(app, ["coverage", "--period", "soon", "-w", str(ws.root)])
    assert isinstance(out.exception, ConfigError)


def test_cells_outside_the_model_band_are_skipped(tmp_path) -> None:
    ws = fixture_workspace(tmp_path / "ws")
    with ws.connect() as con:
        first = con.execute(
            "SELECT min(cell_id) FROM cells WHERE period = '2025Q4' AND technology = '4G'"
        ).fetchone()[0]
        con.execute(
            "UPDATE cells SET band_mhz = 5900 WHERE period = '2025Q4' AND cell_id = ?", [first]
        )
    r = run_coverage(ws, resolution=200, write_files=False)
    assert r.skipped_cells == 1
    with ws.connect() as con:
        con.execute(
            "UPDATE cells SET band_mhz = 5900 WHERE period = '2025Q4' AND technology = '4G'"
        )
    with pytest.raises(NotFound, match="model's range"):
        run_coverage(ws, resolution=200, write_files=False)
