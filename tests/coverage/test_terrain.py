"""Terrain diffraction against hand-computed values (ITU-R P.526) and its invariants."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hatang.coverage import terrain as t
from hatang.coverage.grid import Grid
from hatang.coverage.terrain_grid import SiteRadio, Terrain, site_loss

NO_CURVATURE = 1e12  # a k so large the Earth is flat: the hand values need no bulge


@pytest.mark.parametrize(
    ("v", "expected"),
    [
        # J(v) = 6.9 + 20 log10(√((v − 0.1)² + 1) + v − 0.1), worked by hand
        (0.0, 6.9 + 20 * math.log10(math.sqrt(1.01) - 0.1)),  # 6.03 dB: grazing
        (1.0, 6.9 + 20 * math.log10(math.sqrt(1.81) + 0.9)),  # 13.93 dB
        (2.4, 6.9 + 20 * math.log10(math.sqrt(2.3**2 + 1) + 2.3)),
        (-0.5, 6.9 + 20 * math.log10(math.sqrt(0.36 + 1) - 0.6)),
        (-0.78, 0.0),
        (-2.0, 0.0),
    ],
)
def test_knife_edge_loss_is_p526_j(v, expected):
    assert t.knife_edge_loss(v) == pytest.approx(expected, abs=1e-9)
    assert t.knife_edge_loss(0.0) == pytest.approx(6.0329, abs=1e-4)


def test_a_single_knife_edge_gives_j_of_its_v():
    """10 km at 900 MHz, both antennas 10 m over flat ground, an edge 60 m high at 4 km:
    h = 50 m over the line, v = h √(2 d / (λ d₁ d₂)) = 2.5009, J = 20.88 dB."""
    lam = 299_792_458.0 / 900e6
    v = 50.0 * math.sqrt(2 * 10_000 / (lam * 4_000 * 6_000))
    assert v == pytest.approx(2.5009, abs=1e-4)
    r = t.profile_diffraction([0, 4_000, 10_000], [0, 60, 0], 10, 10, 900, k=NO_CURVATURE)
    assert r.loss_db == pytest.approx(float(t.knife_edge_loss(v)), abs=0.1)
    assert r.loss_db == pytest.approx(20.88, abs=0.01)
    assert not r.line_of_sight and [e.role for e in r.edges] == ["principal"]
    assert r.edges[0].distance_m == 4_000 and r.edges[0].v == pytest.approx(v)


def test_two_edges_by_hand_deygout():
    """Ridges of 40 m at 3 km and 50 m at 7 km on a 10 km path, antennas 10 m, 900 MHz.

    Over the line (10 m everywhere): 30 m at 3 km, 40 m at 7 km. v at 3 km =
    30 √(2·10000/(λ·3000·7000)), at 7 km = 40 √(2·10000/(λ·7000·3000)): the 7 km ridge
    is the principal edge. The sub-path transmitter (10 m) → its top (50 m at 7 km): the
    line is at 10 + 40·3/7 = 27.14 m at 3 km, so that ridge rises 12.86 m over it, with
    d₁ = 3000, d₂ = 4000: v = 12.857 √(2·7000/(λ·3000·4000)). Loss = J(v₇) + J(v₃')."""
    lam = 299_792_458.0 / 900e6
    v7 = 40 * math.sqrt(2 * 10_000 / (lam * 7_000 * 3_000))
    v3 = (40 - (10 + 40 * 3 / 7)) * math.sqrt(2 * 7_000 / (lam * 3_000 * 4_000))
    d = [0, 1_000, 3_000, 5_000, 7_000, 9_000, 10_000]
    z = [0, 0, 40, 0, 50, 0, 0]
    r = t.profile_diffraction(d, z, 10, 10, 900, k=NO_CURVATURE)
    by_hand = float(t.knife_edge_loss(v7) + t.knife_edge_loss(v3))
    assert r.loss_db == pytest.approx(by_hand, abs=1e-6)
    assert [(e.role, e.distance_m) for e in r.edges] == [("principal", 7_000), ("before", 3_000)]
    one = t.profile_diffraction(d, z, 10, 10, 900, k=NO_CURVATURE, max_edges=1)
    assert one.loss_db == pytest.approx(float(t.knife_edge_loss(v7)), abs=1e-6)


def test_flat_ground_gives_no_diffraction():
    d = np.arange(0, 15_001, 100.0)
    r = t.profile_diffraction(d, np.zeros_like(d), 30, 1.5, 1800)
    assert r.loss_db == 0.0 and r.line_of_sight and r.edges == ()


def test_the_earth_bulge_obstructs_beyond_the_radio_horizon():
    """Antennas 10 m and 1.5 m: the radio horizon (k = 4/3) is √(2kah₁) + √(2kah₂) ≈
    13.0 + 5.0 = 18.1 km; sea-level ground before it is clear, beyond it obstructs."""
    a = t.K_FACTOR * t.EARTH_RADIUS_M
    horizon = math.sqrt(2 * a * 10) + math.sqrt(2 * a * 1.5)
    assert horizon == pytest.approx(18_070, rel=0.01)
    d = np.arange(0, 30_001, 100.0)
    r = t.radial_diffraction(d, np.zeros((1, len(d))), 10, 1.5, 900)
    clear = r.loss_db[0, d < horizon - 500]
    beyond = r.loss_db[0, d > horizon + 500]
    assert (clear == 0).all() and (beyond > 6).all()


def test_a_rounded_hill_is_one_edge_however_fine_the_sampling():
    losses = []
    for step in (100.0, 50.0, 25.0):
        d = np.arange(0, 10_001, step)
        z = 80 * np.exp(-(((d - 5_000) / 500) ** 2))
        r = t.profile_diffraction(d, z, 30, 1.5, 900)
        assert [e.role for e in r.edges] == ["principal"]
        losses.append(r.loss_db)
    assert max(losses) - min(losses) < 0.5


def test_effective_height_is_over_the_mean_terrain_3_to_15_km_out():
    d = np.arange(0, 20_001, 1_000.0)
    z = np.where((d >= 3_000) & (d <= 15_000), 20.0, 5.0)[None, :]
    z[0, 0] = 50.0  # the site on a 50 m hill, antenna 30 m: 80 m over the sea
    assert t.effective_height(d, z, 30.0)[0] == pytest.approx(80 - 20)
    # a radial shorter than 3 km: the mean over all of it beyond the site
    short = np.arange(0, 2_001, 500.0)
    assert t.effective_height(short, np.array([[0, 10, 10, 10, 10.0]]), 30.0)[0] == 20.0


profiles = st.lists(st.floats(0, 300, allow_nan=False), min_size=3, max_size=40)


@settings(max_examples=60, deadline=None)
@given(profiles, st.floats(5, 80), st.floats(1, 10), st.sampled_from([700.0, 1800.0, 3500.0]))
def test_every_sample_of_a_radial_is_the_profile_cut_there(z, h_tx, h_rx, f):
    """The grid's radial (a receiver at every sample) and the calculator (one receiver at
    the end) agree; more edges never lose less; a loss is never negative."""
    z = np.array(z)
    d = np.arange(len(z)) * 250.0
    r = t.radial_diffraction(d, z[None, :], h_tx, h_rx, f)
    one = t.radial_diffraction(d, z[None, :], h_tx, h_rx, f, max_edges=1)
    assert (r.loss_db >= 0).all() and (r.loss_db >= one.loss_db - 1e-9).all()
    for i in range(1, len(z)):
        cut = t.profile_diffraction(d[: i + 1], z[: i + 1], h_tx, h_rx, f)
        assert cut.loss_db == pytest.approx(r.loss_db[0, i], abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(profiles, st.floats(5, 80))
def test_a_line_of_sight_path_gets_no_loss(z, h_tx):
    """Terrain lowered below the line from the antenna to the receiver: no loss."""
    z = np.array(z)
    d = np.arange(len(z)) * 250.0
    top = max(z) + h_tx
    low = np.minimum(z, top - 1 - (top - 1) * d / d[-1])  # under the line to the end
    low[0], low[-1] = z.max(), 0.0
    r = t.profile_diffraction(d, low, h_tx, 1.0, 900, k=NO_CURVATURE)
    assert r.loss_db == 0.0 and r.line_of_sight


def _ridge() -> tuple[Grid, np.ndarray, np.ndarray]:
    """A 10 km grid at 100 m with a wall 100 m high 2 km east of its centre."""
    g = Grid.from_bounds(-5_000, -5_000, 5_000, 5_000, 100, "EPSG:3405")
    xs = g.x0 + (np.arange(g.nx) + 0.5) * g.res
    elev = np.zeros(g.shape, np.float32)
    elev[:, (xs > 1_900) & (xs < 2_100)] = 100.0
    return g, xs, elev


def test_a_ridge_shadows_the_far_side_only():
    g, xs, elev = _ridge()
    site = SiteRadio(0.0, 0.0, 30.0, 900.0, "extended-hata", "suburban", 1.5)
    window = (0, g.ny, 0, g.nx)
    loss = site_loss(Terrain(elev), g, site, window)
    row = g.ny // 2
    near = np.searchsorted(xs, [-3_000, 1_000, 1_500])
    far = np.searchsorted(xs, [3_000, 4_500])
    assert (loss[row, near] == 0).all()
    assert (loss[row, far] > 20).all()
    flat = site_loss(Terrain(np.zeros(g.shape, np.float32)), g, site, window)
    assert np.abs(flat).max() == 0.0


def _one_site(x: float = 0.0, y: float = 0.0):
    import pandas as pd

    from hatang.coverage import engine
    from hatang.settings import CoverageSettings

    cells = pd.DataFrame(
        dict(
            x=[x],
            y=[y],
            height_m=[30.0],
            eirp_dbm=[60.0],
            band_mhz=[1800.0],
            bandwidth_mhz=[10.0],
            technology=["4G"],
            operator=["viettel"],
        )
    )
    return engine, engine.prepare(cells, CoverageSettings(environment="suburban"))


def test_on_the_grid_a_ridge_leaves_the_village_behind_it_uncovered():
    """A village 3 km east, behind the wall at 2 km, is dark; one 1.5 km east, in front,
    is covered; without the wall both are (the site reaches about 4 km)."""
    g, xs, elev = _ridge()
    engine, radios = _one_site()
    row = g.ny // 2
    near, behind = np.searchsorted(xs, [1_500, 3_000])
    flat = engine.compute_grid(radios, g).covered(0)
    assert flat[row, near] and flat[row, behind]
    hilly = engine.compute_grid(radios, g, terrain=Terrain(elev))
    assert hilly.covered(0)[row, near] and not hilly.covered(0)[row, behind]
    # the same with two workers and small tiles: tiles cut the sites' windows
    import dataclasses

    tiled = engine.compute_grid(
        radios, dataclasses.replace(g, tile_cells=16), workers=2, terrain=Terrain(elev)
    )
    np.testing.assert_array_equal(tiled.best, hilly.best)


def test_flat_terrain_changes_nothing_on_the_grid():
    g, _, _ = _ridge()
    engine, radios = _one_site(120.0, -340.0)
    flat = engine.compute_grid(radios, g)
    level = engine.compute_grid(radios, g, terrain=Terrain(np.full(g.shape, 7.0, np.float32)))
    np.testing.assert_array_equal(level.best, flat.best)


@given(
    st.lists(st.floats(0, 300), min_size=3, max_size=40),
    st.floats(5, 60),
    st.data(),
)
@settings(max_examples=60, deadline=None)
def test_the_loss_at_one_sample_is_the_radials_loss_there(z, h_tx, data):
    d = np.arange(len(z)) * 50.0
    zz = np.array([z, z[::-1]])
    at = np.array([data.draw(st.integers(1, len(z) - 1)) for _ in range(2)])
    every = t.radial_loss(d, zz, h_tx, 1.5, 900.0)
    np.testing.assert_allclose(t.loss_at(d, zz, h_tx, 1.5, 900.0, at), every[[0, 1], at])
