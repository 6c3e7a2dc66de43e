"""The terrain at measured points: what calibration predicts when the run has terrain."""

from __future__ import annotations

import numpy as np
import pandas as pd

from hatang.coverage import calibrate, engine
from hatang.coverage.grid import Grid
from hatang.coverage.terrain_grid import Terrain
from hatang.settings import CoverageSettings

SETTINGS = CoverageSettings(environment="suburban")


def _ridge() -> tuple[Grid, np.ndarray, np.ndarray]:
    """A 10 km grid at 100 m with a wall 100 m high 2 km east of its centre."""
    g = Grid.from_bounds(-5_000, -5_000, 5_000, 5_000, 100, "EPSG:3405")
    xs = g.x0 + (np.arange(g.nx) + 0.5) * g.res
    elev = np.zeros(g.shape, np.float32)
    elev[:, (xs > 1_900) & (xs < 2_100)] = 100.0
    return g, xs, elev


def _cells() -> pd.DataFrame:
    return pd.DataFrame(
        dict(
            x=[0.0, 0.0],
            y=[0.0, 0.0],
            height_m=[30.0, 30.0],
            eirp_dbm=[60.0, 58.0],
            band_mhz=[1800.0, 1800.0],
            bandwidth_mhz=[10.0, 10.0],
            azimuth_deg=[90.0, 270.0],
            technology=["4G", "4G"],
            operator=["viettel", "viettel"],
        )
    )


def _cell_centres(g: Grid, xs: np.ndarray, at_x: list[float]) -> np.ndarray:
    """Points at the centres of the cells of the middle row nearest to at_x."""
    row = g.ny // 2
    y = g.y1 - (row + 0.5) * g.res
    cols = np.searchsorted(xs, at_x)
    return np.column_stack([xs[cols], np.full(len(cols), y)])


def test_flat_terrain_predicts_what_the_flat_model_does():
    g, xs, _ = _ridge()
    pts = np.random.default_rng(3).uniform(-4_500, 4_500, (200, 2))
    flat = engine.best_received_power(_cells(), pts, SETTINGS, margin_db=40)
    level = engine.best_received_power(
        _cells(), pts, SETTINGS, margin_db=40, terrain=Terrain(np.zeros(g.shape, np.float32)),
        grid=g,
    )  # fmt: skip
    np.testing.assert_allclose(level, flat, atol=1e-4)


def test_at_a_cell_centre_the_point_gets_the_grid_runs_power():
    """Behind the wall the point's power is the grid run's at that cell (same site loss),
    and far below the flat model's; in front of it, the flat model's."""
    g, xs, elev = _ridge()
    pts = _cell_centres(g, xs, [-3_000, 1_000, 1_500, 2_600, 3_500, 4_400])
    t = Terrain(elev)
    at_points = engine.best_received_power(_cells(), pts, SETTINGS, margin_db=40, terrain=t, grid=g)
    on_grid = engine.compute_grid(engine.prepare(_cells(), SETTINGS, margin_db=40), g, terrain=t)
    cols = np.searchsorted(xs, pts[:, 0])
    np.testing.assert_allclose(at_points, on_grid.best[0, g.ny // 2, cols], atol=0.05)
    flat = engine.best_received_power(_cells(), pts, SETTINGS, margin_db=40)
    np.testing.assert_allclose(at_points[:3], flat[:3], atol=1e-4)
    assert (flat[3:] - at_points[3:] > 15).all()


def _tests(pts: np.ndarray, rsrp: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({"x": pts[:, 0], "y": pts[:, 1], "operator": "viettel", "rsrp_dbm": rsrp})


def test_calibration_with_terrain_recovers_the_planted_offset():
    """Tests measured as the terrain run models them, plus 4 dB: the fit with terrain
    finds 4 dB; a fit that ignores the ridge takes its loss for a lower offset."""
    g, xs, elev = _ridge()
    t = Terrain(elev)
    rng = np.random.default_rng(11)
    pts = np.column_stack([rng.uniform(-3_500, 3_500, 300), rng.uniform(-600, 600, 300)])
    truth = engine.best_received_power(_cells(), pts, SETTINGS, margin_db=40, terrain=t, grid=g)
    seen = truth > engine.NO_SIGNAL
    tests = _tests(pts[seen], truth[seen].astype(float) + 4.0)
    with_terrain = calibrate.fit_offsets(_cells(), tests, SETTINGS, terrain=t, grid=g)
    assert abs(with_terrain.offsets["viettel"] - 4.0) < 1e-3
    assert with_terrain.fits[0].rmse_after < 1e-3
    flat = calibrate.fit_offsets(_cells(), tests, SETTINGS)
    assert flat.offsets["viettel"] < 4.0 - 2.0


def _hills(g: Grid, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    yy, xx = np.mgrid[0 : g.ny, 0 : g.nx]
    z = np.zeros(g.shape)
    for _ in range(12):
        cy, cx, h, w = rng.uniform(0, g.ny), rng.uniform(0, g.nx), rng.uniform(50, 400), 6
        z += h * np.exp(-(((yy - cy) ** 2 + (xx - cx) ** 2) / (2 * w * w)))
    return z.astype(np.float32)


def test_point_loss_is_the_site_loss_of_those_cells():
    """On random hills, the loss at chosen cells equals the whole window's there."""
    from hatang.coverage.terrain_grid import SiteRadio, point_loss, site_loss

    g, _, _ = _ridge()
    t = Terrain(_hills(g, 4))
    site = SiteRadio(130.0, -420.0, 30.0, 1800.0, "extended-hata", "suburban", 1.5)
    window = (5, 90, 10, 95)
    full = site_loss(t, g, site, window)
    rng = np.random.default_rng(9)
    row, col = rng.integers(5, 90, 400), rng.integers(10, 95, 400)
    at = point_loss(t, g, site, window, row, col)
    np.testing.assert_array_equal(at, full[row - 5, col - 10])
    assert (at > 1).mean() > 0.2  # the hills do obstruct
