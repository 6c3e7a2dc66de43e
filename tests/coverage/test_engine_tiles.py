"""Tiles, threads and the site index change nothing: properties on random small networks."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hatang.coverage import engine, points
from hatang.coverage.grid import Grid
from hatang.coverage.sites import assign, group_sites, windows
from hatang.settings import CoverageSettings

CRS = "EPSG:32648"


@st.composite
def networks(draw: st.DrawFn) -> tuple[pd.DataFrame, Grid, str]:
    """Up to 6 sites (some off the grid) with 1–4 radios each, and a grid to cover."""
    model = draw(st.sampled_from(["extended-hata", "extended-hata", "38901-uma"]))
    side = draw(st.sampled_from([3000.0, 6000.0, 9000.0]))
    res = draw(st.sampled_from([50.0, 100.0, 200.0]))
    rows = []
    for _ in range(draw(st.integers(1, 6))):
        x = draw(st.floats(-1500, side + 1500))
        y = draw(st.floats(-1500, side + 1500))
        h = draw(st.floats(15, 60))
        for _ in range(draw(st.integers(1, 4))):
            omni = draw(st.booleans())
            rows.append(
                dict(
                    x=x,
                    y=y,
                    height_m=h,
                    eirp_dbm=draw(st.floats(45, 62)),
                    band_mhz=3500.0
                    if model == "38901-uma"
                    else draw(st.sampled_from([900.0, 1800.0, 2600.0])),
                    bandwidth_mhz=draw(st.sampled_from([10.0, 20.0])),
                    azimuth_deg=np.nan if omni else draw(st.floats(0, 359.9)),
                    beamwidth_deg=draw(st.sampled_from([65.0, 90.0, np.nan])),
                    technology="5G" if model == "38901-uma" else "4G",
                    operator=draw(st.sampled_from(["viettel", "vnpt"])),
                )
            )
    tile = draw(st.integers(3, 70))
    return pd.DataFrame(rows), Grid.from_bounds(0, 0, side, side, res, CRS, tile), model


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), st.sampled_from([1, 2, 3]))
def test_tiled_threaded_equals_untiled(net: tuple[pd.DataFrame, Grid, str], workers: int) -> None:
    cells, grid, model = net
    s = CoverageSettings(model=model)
    radios = engine.prepare(cells, s)
    tiled = engine.compute_grid(radios, grid, workers=workers)
    whole = dataclasses.replace(grid, tile_cells=max(grid.nx, grid.ny))
    untiled = engine.compute_grid(radios, whole)
    # bit for bit: a cell's value never depends on how the grid is cut or shared
    np.testing.assert_array_equal(tiled.best, untiled.best)
    assert tiled.evaluations == untiled.evaluations
    # and against a direct evaluation of every radio at every cell centre, no windows:
    # within the 0.1° pattern tabulation where any radio reaches the threshold
    xx, yy = grid.centres()
    exact = engine.received_power(cells, np.column_stack([xx.ravel(), yy.ravel()]), s)
    for g in range(len(radios.groups)):
        ref = exact[:, radios.group == g].max(axis=1).reshape(grid.shape)
        threshold = float(radios.threshold[radios.group == g][0]) + s.indoor_margin_db
        reached = ref >= threshold
        assert np.abs(tiled.best[g][reached] - ref[reached]).max(initial=0.0) < 0.06
        covered = tiled.covered(g)
        assert not (covered & (ref < threshold - 0.06)).any()
        assert not (~covered & (ref >= threshold + 0.06)).any()


@settings(max_examples=40, deadline=None)
@given(networks())
def test_sites_assigned_to_exactly_the_tiles_their_windows_meet(
    net: tuple[pd.DataFrame, Grid, str],
) -> None:
    cells, grid, _ = net
    sites = group_sites(engine.prepare(cells, CoverageSettings()))
    plan = assign(sites, grid)
    win = windows(sites, grid)
    for t, tile in enumerate(plan.tiles):
        expected = [
            s
            for s in range(len(sites))
            if win[s, 0] < win[s, 1]
            and win[s, 2] < win[s, 3]
            and win[s, 0] < tile.row0 + tile.rows
            and win[s, 1] > tile.row0
            and win[s, 2] < tile.col0 + tile.cols
            and win[s, 3] > tile.col0
        ]
        assert sorted(plan.sites_of(t).tolist()) == expected


def test_sites_group_radios_by_position() -> None:
    cells = pd.DataFrame(
        dict(
            x=[0.0, 0.001, 500.0, 0.0],
            y=[0.0, 0.0, 0.0, 0.0],
            height_m=30.0,
            eirp_dbm=[60.0, 60.0, 60.0, -40.0],  # the last one reaches nothing
            band_mhz=1800.0,
            azimuth_deg=[0.0, 120.0, np.nan, 240.0],
            technology="4G",
            operator=["viettel", "viettel", "vnpt", "viettel"],
        )
    )
    radios = engine.prepare(cells, CoverageSettings())
    sites = group_sites(radios)
    assert len(sites) == 2
    members = sorted(sorted(sites.radios_of(s).tolist()) for s in range(len(sites)))
    assert members == [[0, 1], [2]]
    # the two viettel sectors on one site share a bucket (same group and slope)
    buckets = sites.buckets
    assert buckets is not None
    counts = sorted(buckets.count(b) for s in range(len(sites)) for b in buckets.of_site(s))
    assert counts == [1, 2]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(networks(), st.integers(0, 400), st.sampled_from([0.0, 20.0, 40.0]), st.integers(0, 2**31))
def test_point_api_equals_brute_force(
    net: tuple[pd.DataFrame, Grid, str], n_points: int, margin: float, seed: int
) -> None:
    """best_received_power (tiles and bounds) and coverage_matrix (pairs from a k-d
    tree) equal the maximum over every radio within its radius, bit for bit."""
    cells, grid, model = net
    s = CoverageSettings(model=model)
    rng = np.random.default_rng(seed)
    x0, y0, x1, y1 = grid.bounds
    pts = np.column_stack(
        [rng.uniform(x0 - 2000, x1 + 2000, n_points), rng.uniform(y0, y1, n_points)]
    )
    radios = engine.prepare(cells, s, margin_db=margin)
    rx = engine.received_power(cells, pts, s)
    d2 = (pts[:, :1] - radios.x[None, :]) ** 2 + (pts[:, 1:] - radios.y[None, :]) ** 2
    within = (d2 <= radios.radius_m[None, :] ** 2) & (radios.radius_m[None, :] > 0)
    expected = np.where(within, rx, engine.NO_SIGNAL).max(axis=1, initial=engine.NO_SIGNAL)
    np.testing.assert_array_equal(
        engine.best_received_power(cells, pts, s, margin_db=margin), expected
    )
    # and with chunks, tiles and probes small enough that the bounds prune radios
    saved = points.POINTS_PER_CHUNK, points.TILE_M, points.PROBE_SITES
    try:
        points.POINTS_PER_CHUNK, points.TILE_M, points.PROBE_SITES = 16, 300.0, 1
        got = engine.best_received_power(cells, pts, s, margin_db=margin)
    finally:
        points.POINTS_PER_CHUNK, points.TILE_M, points.PROBE_SITES = saved
    np.testing.assert_array_equal(got, expected)
    plain = engine.prepare(cells, s)
    inside = (d2 <= plain.radius_m[None, :] ** 2) & (plain.radius_m[None, :] > 0)
    covers = inside & ((rx - s.indoor_margin_db) >= plain.threshold[None, :])
    np.testing.assert_array_equal(engine.coverage_matrix(cells, pts, s).toarray(), covers)


def test_progress_is_reported_to_the_last_tile_with_workers() -> None:
    cells = pd.DataFrame(
        dict(
            x=[1000.0, 7000.0],
            y=[1000.0, 6000.0],
            height_m=30.0,
            eirp_dbm=60.0,
            band_mhz=1800.0,
            technology="4G",
            operator=["viettel", "vnpt"],
        )
    )
    grid = Grid.from_bounds(0, 0, 9000, 9000, 100, CRS, tile_cells=30)
    radios = engine.prepare(cells, CoverageSettings())
    for workers in (1, 2):
        seen: list[tuple[int, int]] = []
        power = engine.compute_grid(
            radios, grid, workers=workers, progress=lambda d, n, seen=seen: seen.append((d, n))
        )
        assert seen[-1] == (9, 9) and all(n == 9 for _, n in seen)
        assert power.covered_any().any()
