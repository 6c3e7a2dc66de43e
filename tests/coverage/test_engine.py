"""The grid engine: analytic disc, tiles, workers, sector patterns, point API."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from hatang.coverage import engine, propagation
from hatang.coverage.grid import Grid
from hatang.errors import ConfigError
from hatang.settings import CoverageSettings

CRS = "EPSG:32648"


def _cells(**kw) -> pd.DataFrame:
    base = dict(
        x=[5000.0],
        y=[5000.0],
        height_m=[30.0],
        eirp_dbm=[60.0],
        band_mhz=[1800.0],
        bandwidth_mhz=[10.0],
        technology=["4G"],
        operator=["viettel"],
    )
    base.update(kw)
    return pd.DataFrame(base)


@pytest.mark.parametrize(
    ("band", "env", "res"),
    [(1800.0, "suburban", 100.0), (900.0, "urban", 50.0), (2600.0, "open", 200.0)],
)
def test_omni_disc_matches_analytic_inverse(band: float, env: str, res: float) -> None:
    s = CoverageSettings(environment=env)
    cells = _cells(band_mhz=[band])
    # budget: EIRP − 27.78 dB (600 subcarriers) − (−115 dBm threshold)
    budget = 60.0 - 10 * np.log10(600) + 115.0
    radius_m = 1000 * float(
        propagation.max_distance_km("extended-hata", band, 30, 1.5, budget, env)
    )
    assert radius_m > 1000
    half = radius_m + 3 * res
    g = Grid.from_bounds(
        5000 - half, 5000 - half, 5000 + half, 5000 + half, res, CRS, tile_cells=64
    )
    gp = engine.compute_grid(engine.prepare(cells, s), g)
    cov = gp.covered(0)
    xx, yy = g.centres()
    d = np.hypot(xx - 5000, yy - 5000)
    # every covered cell centre lies within the radius, every uncovered one beyond it,
    # so the disc's edge is the analytic radius to within one grid cell
    assert d[cov].max() <= radius_m + 1e-6
    assert d[~cov].min() > radius_m
    assert abs(np.sqrt(cov.sum() * res * res / np.pi) - radius_m) < res


def test_tiles_and_workers_do_not_change_the_result() -> None:
    rng = np.random.default_rng(5)
    n = 12
    cells = pd.DataFrame(
        dict(
            x=rng.uniform(0, 12000, n),
            y=rng.uniform(0, 12000, n),
            height_m=rng.uniform(20, 45, n),
            eirp_dbm=rng.uniform(55, 62, n),
            band_mhz=rng.choice([900.0, 1800.0, 2600.0], n),
            azimuth_deg=np.where(rng.random(n) < 0.3, np.nan, rng.uniform(0, 360, n)),
            technology="4G",
            operator=rng.choice(["viettel", "vnpt"], n),
        )
    )
    s = CoverageSettings()
    radios = engine.prepare(cells, s)
    a = engine.compute_grid(radios, Grid.from_bounds(0, 0, 12000, 12000, 100, CRS, tile_cells=256))
    b = engine.compute_grid(radios, Grid.from_bounds(0, 0, 12000, 12000, 100, CRS, tile_cells=17))
    c = engine.compute_grid(
        radios, Grid.from_bounds(0, 0, 12000, 12000, 100, CRS, tile_cells=40), workers=2
    )
    np.testing.assert_array_equal(a.best, b.best)
    np.testing.assert_array_equal(a.best, c.best)
    # and the grid agrees with the exact per-point computation (pattern tabulated at 0.1°)
    xx, yy = a.grid.centres()
    exact = engine.received_power(cells, np.column_stack([xx.ravel(), yy.ravel()]), s)
    for gi, _ in enumerate(a.groups):
        best = exact[:, radios.group == gi].max(axis=1).reshape(a.grid.shape)
        inside = best >= s.threshold_4g_dbm
        assert np.abs(a.best[gi][inside] - best[inside]).max() < 0.06


def test_sector_reaches_further_in_front_than_behind() -> None:
    s = CoverageSettings(environment="suburban")
    cells = _cells(azimuth_deg=[90.0])  # pointing east
    g = Grid.from_bounds(-10000, -10000, 20000, 20000, 50, CRS)
    cov = engine.compute_grid(engine.prepare(cells, s), g).covered(0)
    row = int(g.index(5000, 5000)[0])
    xs = g.xs()
    dy = abs(g.ys()[row] - 5000)
    east = np.hypot(xs[cov[row] & (xs > 5000)].max() - 5000, dy)
    west = np.hypot(5000 - xs[cov[row] & (xs < 5000)].min(), dy)
    budget = 60.0 - 10 * np.log10(600) + 115.0
    r_front = 1000 * float(
        propagation.max_distance_km("extended-hata", 1800, 30, 1.5, budget, "suburban")
    )
    r_back = 1000 * float(
        propagation.max_distance_km("extended-hata", 1800, 30, 1.5, budget - 25.0, "suburban")
    )
    # the farthest covered cell centre along the row lies within one cell of the radius
    assert r_front - 50 <= east <= r_front
    assert r_back - 50 <= west <= r_back


def test_thresholds_per_technology_and_indoor_margin() -> None:
    s = CoverageSettings()
    cells = _cells(technology=["2G"], band_mhz=[900.0], bandwidth_mhz=[np.nan])
    r = engine.prepare(cells, s)
    assert r.threshold[0] == s.threshold_2g_dbm
    assert r.eirp_eff[0] == 60.0  # no per-subcarrier term for 2G
    indoor = engine.prepare(cells, CoverageSettings(indoor_margin_db=15.0))
    assert indoor.radius_m[0] < r.radius_m[0]
    budget = 60.0 + 95.0 - 15.0
    assert indoor.radius_m[0] == pytest.approx(
        1000 * propagation.max_distance_km("extended-hata", 900, 30, 1.5, budget, "suburban")
    )


def test_point_api_agrees_with_grid() -> None:
    s = CoverageSettings()
    cells = pd.concat(
        [_cells(), _cells(x=[9000.0], operator=["vnpt"], azimuth_deg=[270.0])], ignore_index=True
    )
    g = Grid.from_bounds(0, 0, 14000, 10000, 100, CRS)
    gp = engine.compute_grid(engine.prepare(cells, s), g)
    xx, yy = g.centres()
    pts = np.column_stack([xx.ravel(), yy.ravel()])
    mask = engine.covered_mask(cells, pts, s)
    grid_mask = gp.covered_any().ravel()
    assert (
        mask != grid_mask
    ).mean() < 1e-3  # only cells within 0.05 dB of the threshold may differ
    m = engine.coverage_matrix(cells, pts, s)
    assert m.shape == (len(pts), 2)
    np.testing.assert_array_equal(np.asarray(m.getnnz(axis=1) > 0), mask)
    best = engine.best_received_power(cells, pts, s)
    assert ((best >= -115) == mask).mean() > 0.999
    assert gp.operators_covering().max() == 2


def test_bad_cells_frame() -> None:
    with pytest.raises(ConfigError, match="lacks column"):
        engine.prepare(pd.DataFrame({"x": [0.0]}), CoverageSettings())
    with pytest.raises(ConfigError, match="empty eirp_dbm"):
        engine.prepare(_cells(eirp_dbm=[np.nan]), CoverageSettings())
    with pytest.raises(ConfigError, match="unknown technology"):
        engine.prepare(_cells(technology=["6G"]), CoverageSettings())


def test_no_cells_gives_no_signal() -> None:
    s = CoverageSettings()
    empty = _cells().iloc[0:0]
    g = Grid.from_bounds(0, 0, 1000, 1000, 100, CRS)
    gp = engine.compute_grid(engine.prepare(empty, s), g)
    assert gp.best.shape == (0, 10, 10)
    assert not gp.covered_any().any()


@pytest.mark.parametrize("model", ["38901-uma", "38901-rma", "hata"])
def test_other_models_on_the_grid(model: str) -> None:
    band = 900.0 if model == "hata" else 3500.0
    s = CoverageSettings(model=model)
    cells = _cells(
        band_mhz=[band],
        technology=["5G"] if band == 3500.0 else ["4G"],
        bandwidth_mhz=[100.0 if band == 3500.0 else 10.0],
    )
    r = engine.prepare(cells, s)
    radius_m = float(r.radius_m[0])
    assert radius_m > 300
    half = radius_m + 300
    g = Grid.from_bounds(5000 - half, 5000 - half, 5000 + half, 5000 + half, 50, CRS)
    cov = engine.compute_grid(r, g).covered(0)
    xx, yy = g.centres()
    d = np.hypot(xx - 5000, yy - 5000)
    assert d[cov].max() <= radius_m + 1e-3
    assert d[~cov].min() > radius_m - 1e-3


def test_grid_errors() -> None:
    with pytest.raises(ConfigError, match="positive"):
        Grid.from_bounds(0, 0, 100, 100, 0, CRS)
    from hatang.coverage.grid import check_projected

    with pytest.raises(ConfigError, match="not a projected CRS"):
        check_projected("EPSG:4326")
    with pytest.raises(ConfigError, match="not a CRS"):
        check_projected("EPSG:999999")
    g = Grid.from_bounds(0, 0, 1000, 500, 100, CRS, tile_cells=3)
    assert g.shape == (5, 10)
    assert sum(t.rows * t.cols for t in g.tiles()) == 50
    row, col, inside = g.index([50.0, 1050.0], [450.0, 450.0])
    assert (int(row[0]), int(col[0]), bool(inside[0]), bool(inside[1])) == (0, 0, True, False)
