"""The coverage run's rasters as GDAL reads them (gdalinfo, Debian gdal-bin): the
GeoTIFF's band description and unit, the PNG placed by its world file, the classes
overview with its colour table."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from affine import Affine

from hatang.coverage.export import BAND_DESCRIPTION, PALETTE, world_file
from hatang.coverage.run import run_coverage
from hatang.testing import fixture_workspace


def gdalinfo(path) -> dict:
    tool = shutil.which("gdalinfo")
    if tool is None:
        pytest.skip("gdalinfo not installed (Debian: apt-get install gdal-bin)")
    run = subprocess.run(
        [tool, "-json", str(path)], capture_output=True, text=True, timeout=60, check=True
    )
    assert "Warning" not in run.stderr and "ERROR" not in run.stderr, run.stderr
    return json.loads(run.stdout)


def test_world_file_names_the_centre_of_the_top_left_pixel():
    t = Affine(0.01, 0.0, 106.0, 0.0, -0.02, 20.5)
    assert world_file(t).splitlines() == ["0.01", "0", "0", "-0.02", "106.005", "20.49"]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    ws = fixture_workspace(tmp_path_factory.mktemp("covgis") / "ws")
    r = run_coverage(ws, resolution=100)
    return ws.output_dir / "coverage", r.run_id


def test_geotiff_band_has_a_description_and_a_unit(outputs):
    folder, run = outputs
    info = gdalinfo(folder / f"{run}.tif")
    (band,) = info["bands"]
    assert band["description"] == BAND_DESCRIPTION and band["unit"] == "dBm"
    assert band["noDataValue"] == -250
    assert info["metadata"][""]["synthetic"] == "true"


def test_png_is_placed_by_its_world_file_alone(outputs, tmp_path):
    folder, run = outputs
    overview = gdalinfo(folder / f"{run}-classes.tif")
    png = gdalinfo(folder / f"{run}.png")
    assert png["geoTransform"] == pytest.approx(overview["geoTransform"])
    assert "WGS 84" in png["coordinateSystem"]["wkt"]
    only = tmp_path / "alone.png"  # without the .aux.xml GDAL writes: the world file
    shutil.copy(folder / f"{run}.png", only)
    shutil.copy(folder / f"{run}.pgw", tmp_path / "alone.pgw")
    assert gdalinfo(only)["geoTransform"] == pytest.approx(overview["geoTransform"])


def test_classes_overview_has_the_colour_table_and_class_names(outputs):
    folder, run = outputs
    info = gdalinfo(folder / f"{run}-classes.tif")
    (band,) = info["bands"]
    assert band["colorInterpretation"] == "Palette"
    entries = band["colorTable"]["entries"]
    assert [list(e)[:3] for e in entries[:3]] == [list(c)[:3] for c in PALETTE]
    assert band["noDataValue"] == 0  # no signal: transparent
    assert band["description"].startswith("coverage class: 0 none")
    assert "WGS 84" in info["coordinateSystem"]["wkt"]
