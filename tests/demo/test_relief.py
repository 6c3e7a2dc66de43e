"""The synthetic DEM of a province with relief (hatang.demo.relief): deterministic,
at the province's heights, upland where communes are thinly peopled, villages in
valleys."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hatang.demo import relief as rel


def _province() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two plain communes (dense) in the west, two upland ones (sparse) in the east,
    a village at each centroid."""
    communes = pd.DataFrame(
        {
            "code": ["1", "2", "3", "4"],
            "lon": [105.05, 105.05, 105.35, 105.35],
            "lat": [21.05, 21.25, 21.05, 21.25],
            "population": [40_000, 35_000, 3_000, 2_500],
            "area_km2": [40.0, 45.0, 300.0, 280.0],
        }
    )
    villages = communes[["lon", "lat"]].copy()
    return communes, villages


BOUNDS = (104.95, 20.95, 105.45, 21.35)
RELIEF = rel.Relief(low_m=20, high_m=1_800, upland_share=0.5)


def test_the_same_seed_gives_the_same_dem_and_another_seed_another():
    c, v = _province()
    a = rel.synthetic_dem(c, v, BOUNDS, RELIEF, seed=5, cell_deg=1 / 240)
    b = rel.synthetic_dem(c, v, BOUNDS, RELIEF, seed=5, cell_deg=1 / 240)
    other = rel.synthetic_dem(c, v, BOUNDS, RELIEF, seed=6, cell_deg=1 / 240)
    np.testing.assert_array_equal(a.elevation, b.elevation)
    assert not np.array_equal(a.elevation, other.elevation)


def test_heights_follow_the_province_plain_west_uplands_east():
    c, v = _province()
    dem = rel.synthetic_dem(c, v, BOUNDS, RELIEF, seed=5, cell_deg=1 / 240)
    z = dem.elevation
    assert dem.elevation.dtype == np.float32
    ny, nx = z.shape
    assert nx == 120 and ny == 96  # 0.5° × 0.4° at 15″
    assert z.min() >= 0 and z.max() <= RELIEF.high_m + 7
    west, east = z[:, : nx // 5], z[:, -nx // 5 :]
    assert west.max() < RELIEF.low_m + 7  # the plain: a few metres of undulation
    assert np.quantile(east, 0.95) > RELIEF.low_m + 0.4 * (RELIEF.high_m - RELIEF.low_m)


def test_villages_sit_in_valleys():
    c, v = _province()
    dem = rel.synthetic_dem(c, v, BOUNDS, RELIEF, seed=5, cell_deg=1 / 240)
    upland_villages = dem.at(v["lon"].to_numpy()[2:], v["lat"].to_numpy()[2:])
    rng = np.random.default_rng(0)
    lon, lat = rng.uniform(105.25, 105.45, 500), rng.uniform(20.95, 21.35, 500)
    around = dem.at(lon, lat)
    assert upland_villages.max() < np.median(around)


@pytest.mark.parametrize("code", ["33", "82", "86", "92", "96"])
def test_a_flat_province_gets_no_dem(code):
    assert rel.relief_of(code) is None


@pytest.mark.parametrize("code", ["12", "15", "40", "66"])
def test_a_mountain_province_gets_one(code):
    r = rel.relief_of(code)
    assert r is not None and r.high_m - r.low_m >= rel.MIN_RELIEF_M


def test_every_2025_province_has_a_relief():
    from hatang.model import admin

    codes = {p.code for p in admin.provinces(map="2025")}
    assert codes == set(rel.RELIEF)
