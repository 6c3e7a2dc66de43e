"""`hatang import dem`: tiles archived, merged, voids filled, refusals clear; coverage
then adds the terrain's loss (a real workspace, real GeoTIFFs written by rasterio)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import rasterio
from affine import Affine

from hatang.coverage.dem_grid import dem_on_grid
from hatang.coverage.grid import Grid
from hatang.coverage.run import run_coverage
from hatang.errors import ConfigError, DataError
from hatang.io.run import import_file
from hatang.testing import fixture_workspace


def _tif(path, z, *, west=106.0, north=20.5, crs="EPSG:4326", nodata=-32768, bands=1):
    z = np.asarray(z)
    profile = dict(
        driver="GTiff",
        height=z.shape[-2],
        width=z.shape[-1],
        count=bands,
        dtype=z.dtype,
        crs=crs,
        transform=Affine(0.001, 0.0, west, 0.0, -0.001, north),
        nodata=nodata,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PendingDeprecationWarning)  # rasterio's Affine * tuple
        with rasterio.open(path, "w", **profile) as dst:
            for b in range(1, bands + 1):
                dst.write(z if z.ndim == 2 else z[b - 1], b)
    return path


@pytest.fixture
def ws(tmp_path):
    return fixture_workspace(tmp_path / "ws")


def test_tiles_merge_voids_fill_and_a_second_import_writes_nothing(ws, tmp_path):
    z = np.full((50, 50), 12, dtype="int16")
    z[20:23, 20:23] = -32768  # SRTM's void
    a = _tif(tmp_path / "a.tif", z)
    b = _tif(tmp_path / "b.tif", np.full((50, 50), 40, dtype="int16"), west=106.05)
    first = import_file(ws, "dem", a, synthetic=True)
    assert first.import_id and first.rows_read == 2500 and first.rows_loaded == 2491
    assert "9 void cells" in first.notes[0]
    import_file(ws, "dem", b)
    again = import_file(ws, "dem", a)
    assert again.already_imported and again.previous_import_id == first.import_id
    with rasterio.open(ws.dem_path) as dem:
        merged = dem.read(1)
        assert dem.crs.to_epsg() == 4326 and merged.shape == (50, 100)
        assert dem.descriptions == ("elevation (m above sea level)",)
    assert np.isfinite(merged).all()
    assert (merged[:, :50] == 12).all() and (merged[:, 50:] == 40).all()  # voids filled from around
    with ws.connect(read_only=True) as con:
        kinds = [
            r[0] for r in con.execute("SELECT kind FROM imports WHERE kind = 'dem'").fetchall()
        ]
    assert len(kinds) == 2
    assert len(list((ws.terrain_dir / "tiles").glob("*.tif"))) == 2


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda p: p.write_text("not a raster"), "not a raster GDAL can read"),
        (lambda p: _tif(p, np.zeros((3, 4, 4), "int16"), bands=3), "has 3"),
        (lambda p: _tif(p, np.full((4, 4), -32768, "int16")), "no cell holds a plausible height"),
        (lambda p: _tif(p, np.zeros((4, 4), "int16"), crs=None), "no coordinate reference system"),
    ],
)
def test_a_file_that_is_no_dem_is_refused_and_nothing_changes(ws, tmp_path, make, reason):
    good = import_file(ws, "dem", _tif(tmp_path / "good.tif", np.full((10, 10), 5, "int16")))
    before = ws.dem_path.read_bytes()
    bad = tmp_path / "bad.tif"
    make(bad)
    with pytest.raises(DataError, match=reason) as e:
        import_file(ws, "dem", bad)
    assert e.value.problems and e.value.problems[0].file == "bad.tif"
    assert ws.dem_path.read_bytes() == before and good.import_id


def test_the_dem_is_reprojected_to_each_coverage_grid(ws, tmp_path):
    z = np.add.outer(np.arange(100), np.arange(100)).astype("float32")  # rises to the south-east
    import_file(ws, "dem", _tif(tmp_path / "ramp.tif", z, nodata=None))
    grid = Grid.from_lonlat_bounds(106.01, 20.41, 106.09, 20.49, 200, "EPSG:32648")
    t = dem_on_grid(ws.dem_path, grid, k=4 / 3, max_edges=3, synthetic=False)
    assert t.elevation.shape == grid.shape and np.isfinite(t.elevation).all()
    assert t.elevation[-1, -1] > t.elevation[0, 0] + 100  # south-east higher than north-west
    with pytest.raises(ConfigError, match="hatang import dem"):
        dem_on_grid(tmp_path / "none.tif", grid, k=4 / 3, max_edges=3, synthetic=False)


def test_coverage_uses_the_dem_once_imported_and_flat_ground_changes_nothing(ws, tmp_path):
    flat = run_coverage(ws, resolution=100, write_files=False)
    import_file(
        ws,
        "dem",
        _tif(tmp_path / "flat.tif", np.full((400, 400), 4, "int16"), west=105.8, north=20.7),
    )
    level = run_coverage(ws, resolution=100, write_files=False)
    assert level.run_id == flat.run_id + "-terrain"
    assert level.population_covered == pytest.approx(flat.population_covered)
    ws.settings.coverage.terrain = "off"
    assert run_coverage(ws, resolution=100, write_files=False).run_id == flat.run_id
    ws.settings.coverage.terrain = "sometimes"
    with pytest.raises(ConfigError, match="auto, on or off"):
        run_coverage(ws, resolution=100, write_files=False)
