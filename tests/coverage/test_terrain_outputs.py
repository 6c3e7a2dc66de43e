"""What a terrain run shows a planner: the terrain's loss as a second GeoTIFF band
(`hatang coverage --terrain-band`) and a site's viewshed (`--viewshed SITE_ID`)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import rasterio
from affine import Affine

from hatang.coverage.run import run_coverage
from hatang.io.run import import_file
from hatang.testing import fixture_workspace


def _dem(path, z, *, west=105.95, north=20.25):  # over the fixture's sites
    profile = dict(
        driver="GTiff", height=z.shape[0], width=z.shape[1], count=1, dtype="float32",
        crs="EPSG:4326", transform=Affine(0.001, 0.0, west, 0.0, -0.001, north), nodata=None,
    )  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        with rasterio.open(path, "w", **profile) as dst:
            dst.write(z.astype("float32"), 1)
    return path


def _hills(shape=(400, 400), seed=2) -> np.ndarray:
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0 : shape[0], 0 : shape[1]]
    z = np.zeros(shape)
    for _ in range(40):
        cy, cx = rng.uniform(0, shape[0]), rng.uniform(0, shape[1])
        z += rng.uniform(200, 500) * np.exp(-((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * 8.0**2))
    return z


def _bands(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PendingDeprecationWarning)
        with rasterio.open(path) as src:
            return src.count, src.descriptions, src.read(masked=True)


@pytest.fixture
def ws(tmp_path):
    return fixture_workspace(tmp_path / "ws")


def test_flat_ground_has_a_terrain_band_of_zeros(ws, tmp_path):
    import_file(ws, "dem", _dem(tmp_path / "flat.tif", np.full((400, 400), 4.0)))
    r = run_coverage(ws, resolution=200, terrain_band=True)
    count, names, bands = _bands(r.files["geotiff"])
    assert count == 2 and "terrain loss" in names[1]
    loss = bands[1].compressed()
    assert loss.size > 100 and np.abs(loss).max() == 0.0


def test_hills_show_where_the_terrain_takes_the_signal(ws, tmp_path):
    import_file(ws, "dem", _dem(tmp_path / "hills.tif", _hills()))
    r = run_coverage(ws, resolution=200, terrain_band=True)
    _, _, bands = _bands(r.files["geotiff"])
    power, loss = bands[0], bands[1]
    assert (loss.mask == power.mask).all()  # defined wherever a site reaches
    values = loss.compressed()
    assert np.quantile(values, 0.95) > 3 and values.max() > 8  # the hills shadow some cells
    flat = run_coverage(ws, resolution=200, write_files=False, terrain_band=False)
    assert flat.files == {} and r.terrain_loss() is not None
    plain = ws.settings.coverage
    plain.terrain = "off"
    assert run_coverage(ws, resolution=200, terrain_band=True).terrain_loss() is None


def test_a_viewshed_sees_over_flat_ground_and_not_behind_hills(ws, tmp_path):
    """`hatang coverage --viewshed SITE`: on flat ground every cell in reach sees the
    antenna and loses nothing; over hills some do not, and lose to diffraction."""
    import json

    from typer.testing import CliRunner

    from hatang.cli import app
    from hatang.store import coverage as store

    site = "S2"  # the fixture's site in the hills' shadow (S1 stands clear of them)
    assert site in set(store.read_network(ws, None).cells["site_id"])
    import_file(ws, "dem", _dem(tmp_path / "flat.tif", np.full((400, 400), 4.0)))
    args = ["coverage", "--viewshed", site, "-r", "200", "--json", "-w", str(ws.root)]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    (flat,) = json.loads(res.output)
    assert flat["site_id"] == site and flat["visible_share"] == 1.0 and flat["cells"] > 10
    count, names, bands = _bands(flat["geotiff"])
    assert count == 2 and "line of sight" in names[0]
    assert (bands[0].compressed() == 1).all() and np.abs(bands[1].compressed()).max() == 0
    assert (tmp_path / "ws" / "output" / "coverage").is_dir() and flat["png"].endswith(".png")

    hills = fixture_workspace(tmp_path / "hills")  # a second tile would merge with the first
    import_file(hills, "dem", _dem(tmp_path / "hills.tif", _hills()))
    res = CliRunner().invoke(app, [*args[:-1], str(hills.root)])
    assert res.exit_code == 0, res.output
    (hilly,) = json.loads(res.output)
    assert hilly["visible_share"] < 0.95
    _, _, bands = _bands(hilly["geotiff"])
    seen, loss = bands[0].compressed(), bands[1].compressed()
    assert loss[seen == 0].mean() > loss[seen == 1].mean() + 3


def test_a_viewshed_needs_a_dem_and_a_known_site(ws):
    from hatang.coverage.viewshed_run import write_viewshed
    from hatang.errors import ConfigError

    with pytest.raises(ConfigError, match="hatang import dem"):
        write_viewshed(ws, "X")
    ws.settings.coverage.terrain = "on"
    with pytest.raises(ConfigError, match="no DEM in this workspace"):
        write_viewshed(ws, "S1")


def test_an_unknown_site_or_technology_is_named(ws, tmp_path):
    from hatang.coverage.viewshed_run import write_viewshed
    from hatang.errors import NotFound

    import_file(ws, "dem", _dem(tmp_path / "flat.tif", np.full((400, 400), 4.0)))
    with pytest.raises(NotFound, match="'NO-SUCH'"):
        write_viewshed(ws, "NO-SUCH")
    with pytest.raises(NotFound, match="no 5G cells"):
        write_viewshed(ws, "S1", technology="5G")
