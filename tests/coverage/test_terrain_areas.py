"""Terrain on the area-by-area path (a national workspace, or any run on a Dask
cluster): each tile task adds its sites' terrain loss over the tile, and the result is
the one-grid run's, cell for cell."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from hatang.coverage.areas import Area
from hatang.coverage.cluster import LocalRunner
from hatang.coverage.grid import check_projected
from hatang.coverage.national import model_areas
from hatang.coverage.network import model_network
from hatang.coverage.run import run_coverage, terrain_source
from hatang.errors import ConfigError
from hatang.io.run import import_file
from hatang.store import coverage as store
from hatang.testing import fixture_workspace

sys.path.insert(0, str(Path(__file__).parent))
from test_terrain_outputs import _dem, _hills  # noqa: E402


@pytest.fixture
def hilly(tmp_path):
    ws = fixture_workspace(tmp_path / "ws")
    import_file(ws, "dem", _dem(tmp_path / "hills.tif", _hills()))
    return ws


def test_tile_tasks_with_terrain_give_the_one_grid_runs_power(hilly):
    ws = hilly
    cs = ws.settings.coverage
    cs.tile_cells = 16  # many tiles: windows cut by tiles
    network = store.read_network(ws, None)
    crs = check_projected(ws.settings.workspace.crs)
    terrain = terrain_source(ws)
    one = model_network(
        network.cells, network.villages, network.bbox, cs, resolution=200, crs=crs,
        terrain=terrain,
    )  # fmt: skip
    flat = model_network(network.cells, network.villages, network.bbox, cs, resolution=200, crs=crs)
    area = Area(ws.settings.workspace.province, ws.settings.workspace.name, crs, network.bbox)
    reported = store.read_run_inputs(ws, network.period, technology="4G", measured=False).reported
    by_area = model_areas(
        network.cells, network.villages, reported, [area], {}, cs, LocalRunner(),
        resolution=200, terrain=terrain,
    )  # fmt: skip
    (block,) = by_area.blocks
    assert block.grid == one.grid
    np.testing.assert_array_equal(block.best, one.power.best_any("4G"))
    assert (flat.power.best_any("4G") - block.best).max() > 8  # the hills do cost signal


def test_a_national_run_adds_the_terrain_province_by_province(tmp_path):
    """A national workspace's run (area by area, in this process) with a DEM over Lai
    Châu is a terrain run and covers fewer people than the same run flat; calibrating
    with terrain over several provinces asks for one province."""
    from hatang.demo import relief
    from hatang.demo.country_build import build_country_demo
    from hatang.demo.province_build import write_dem
    from hatang.store import db

    ws = build_country_demo(tmp_path / "vn", scale=0.0001, provinces=["12"])
    ws.settings.compute.workers = 1
    flat = run_coverage(ws, resolution=2000, write_files=False)
    with ws.connect(read_only=True) as con:
        units = db.read_table(con, "units")
    communes = units[(units["map"] == "2025") & (units["parent_code"] == "12")]
    villages = units[(units["level"] == "village") & (units["map"] == "2025")]
    dem = write_dem(communes, villages, relief.RELIEF["12"], 5, tmp_path)
    import_file(ws, "dem", dem.path, synthetic=True)
    hilly = run_coverage(ws, resolution=2000, write_files=False)
    assert hilly.areas is not None and hilly.run_id == flat.run_id + "-terrain"
    assert hilly.population_covered < flat.population_covered
    assert hilly.population == pytest.approx(flat.population)


def test_calibration_with_terrain_needs_one_area(hilly, monkeypatch):
    from hatang.coverage import run as run_mod

    areas = run_mod._areas

    def two(ws, network, province):
        (a,) = areas(ws, network, province)
        return [a, a]

    monkeypatch.setattr(run_mod, "_areas", two)
    with pytest.raises(ConfigError, match="--province"):
        run_coverage(hilly, resolution=200, write_files=False, calibrate=True)
