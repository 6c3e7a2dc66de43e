"""`hatang demo DIR --province CODE`: a mountain province's demo on its real communes
with a synthetic DEM, through the CLI; coverage runs with the terrain, and calibration
to the drive tests (measured on the terrain run's signal plus a planted offset per
operator) finds the planted offsets. A flat province gets no DEM."""

from __future__ import annotations

import pytest
import rasterio
from typer.testing import CliRunner

from hatang.cli import app
from hatang.demo.province_build import PLANTED_OFFSET_DB
from hatang.store import Workspace, db


def _demo(root, *args: str) -> tuple[Workspace, str]:
    result = CliRunner().invoke(app, ["demo", str(root), *args])
    assert result.exit_code == 0, result.output
    return Workspace.open(root), result.output


@pytest.fixture(scope="module")
def lai_chau(tmp_path_factory: pytest.TempPathFactory) -> tuple[Workspace, str]:
    root = tmp_path_factory.mktemp("demo") / "lai-chau"
    return _demo(root, "--province", "Lai Châu", "--resolution", "500")


def test_the_workspace_is_the_provinces_own_and_synthetic(lai_chau) -> None:
    ws, output = lai_chau
    s = ws.settings
    assert (s.workspace.province, s.workspace.synthetic) == ("12", True)
    assert s.coverage.resolution_m == 500
    assert "synthetic" in output.lower() and "SYNTHETIC" in output
    with ws.connect(read_only=True) as con:
        assert db.get_meta(con, "demo_province") == "12"
        villages = con.execute(
            "SELECT count(*), sum(population) FROM units WHERE level = 'village' AND map = '2025'"
        ).fetchone()
    assert villages[0] > 300 and villages[1] > 450_000  # Lai Châu: 512,601 (merger plans)


def test_a_mountain_province_gets_a_synthetic_dem_at_its_heights(lai_chau) -> None:
    ws, _ = lai_chau
    with rasterio.open(ws.dem_path) as src:
        z = src.read(1, masked=True).compressed()
    assert 200 < z.min() and z.max() < 3_100  # Lai Châu: valleys ~300 m, ridges ~3,000 m
    assert 700 < float(sorted(z)[len(z) // 2]) < 2_000
    with ws.connect(read_only=True) as con:
        (synthetic,) = con.execute("SELECT synthetic FROM imports WHERE kind = 'dem'").fetchone()
    assert synthetic


def test_coverage_runs_with_terrain_and_calibration_finds_the_planted_offsets(lai_chau) -> None:
    ws, output = lai_chau
    assert "-cal-terrain" in output
    for op, planted in PLANTED_OFFSET_DB.items():
        line = next(x for x in output.splitlines() if f"hiệu chỉnh {op}:" in x)
        found = float(line.split(":")[1].split("dB")[0].replace("\u2212", "-"))  # a true minus
        assert abs(found - planted) < 1.0, line


def test_a_flat_province_gets_no_dem_and_a_flat_run(tmp_path) -> None:
    ws, output = _demo(tmp_path / "hy", "--province", "33", "--resolution", "1000")
    assert not ws.dem_path.exists()
    assert "-cal " in output or "-cal:" in output or "-cal (" in output
    assert "terrain" not in output.split("coverage")[1].split("\n")[0]
    assert "flat province" in output


def test_more_than_one_province_needs_country(tmp_path) -> None:
    result = CliRunner().invoke(
        app, ["demo", str(tmp_path / "x"), "--province", "12", "--province", "15"]
    )
    assert result.exit_code == 1
    assert "--country" in str(result.exception)  # `hatang` prints it as one Error: line
