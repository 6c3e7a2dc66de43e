"""Population on the grid (conservation) and dead spots on small hand-made grids."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from hatang.coverage import deadspots as ds
from hatang.coverage import engine, population
from hatang.coverage.grid import Grid
from hatang.settings import CoverageSettings

CRS = "EPSG:32648"


@settings(max_examples=40, deadline=None)
@given(
    pts=st.lists(
        st.tuples(st.floats(-500, 5500), st.floats(-500, 5500), st.integers(0, 5000)),
        min_size=1,
        max_size=25,
    ),
    radius=st.sampled_from([10.0, 60.0, 300.0, 900.0]),
)
def test_village_spread_conserves_population(pts, radius: float) -> None:
    g = Grid.from_bounds(0, 0, 5000, 5000, 100, CRS)
    x, y, pop = (np.array(v, dtype=float) for v in zip(*pts, strict=True))
    pg = population.spread_villages(g, x, y, pop, radius)
    assert pg.total == pytest.approx(pop.sum(), rel=1e-9, abs=1e-6)  # well inside 0.1 %
    np.testing.assert_allclose(pg.village_totals(len(x)), pop, rtol=1e-9, atol=1e-6)
    assert (pg.people >= 0).all()


def test_disc_footprint_by_hand() -> None:
    g = Grid.from_bounds(0, 0, 1000, 1000, 100, CRS)
    # village at a cell centre (450, 550) with radius 100 m: itself and its 4 neighbours
    pg = population.spread_villages(g, [450.0], [550.0], [500.0], 100.0)
    assert np.count_nonzero(pg.people) == 5
    assert pg.people.max() == pytest.approx(100.0)
    # radius 10 m: no other centre that close, all in its own cell
    pg = population.spread_villages(g, [430.0], [560.0], [77.0], 10.0)
    r, c, _ = g.index(430.0, 560.0)
    assert pg.people[r, c] == 77.0


def test_raster_population_resampled_and_rescaled(tmp_path) -> None:
    import rasterio
    from affine import Affine

    path = tmp_path / "pop.tif"
    data = np.ones((40, 40), dtype=np.float32) * 2.0  # 50 m pixels, 2 people each
    data[0, 0] = -9999.0  # no-data
    with rasterio.open(
        path,
        "w",
        driver="GTiff",
        height=40,
        width=40,
        count=1,
        dtype="float32",
        crs=CRS,
        transform=Affine(50, 0, 0, 0, -50, 2000),
        nodata=-9999.0,
    ) as dst:
        dst.write(data, 1)
    g = Grid.from_bounds(0, 0, 2000, 2000, 100, CRS)
    people = population.raster_to_grid(path, g)
    assert people.sum() == pytest.approx(2.0 * (1600 - 1), rel=1e-3)
    scaled = population.raster_to_grid(path, g, total=10_000)
    assert scaled.sum() == pytest.approx(10_000)
    pg = population.attribute_to_villages(g, scaled, [500.0, 1500.0], [1000.0, 1000.0])
    totals = pg.village_totals(2)
    assert totals.sum() == pytest.approx(10_000)
    assert totals[0] == pytest.approx(totals[1], rel=0.05)


def test_labels_use_eight_connectivity() -> None:
    covered = np.ones((6, 6), dtype=bool)
    people = np.zeros((6, 6))
    for r, c in [(0, 0), (1, 1), (2, 2), (5, 5), (5, 4)]:
        covered[r, c] = False
        people[r, c] = 10.0
    covered[3, 0] = False  # uncovered but empty: not a dead spot
    g = Grid.from_bounds(0, 0, 600, 600, 100, CRS)
    frame, labels = ds.dead_spots(covered, people, g)
    assert len(frame) == 2
    assert list(frame["population"]) == [30.0, 20.0]  # sorted by population
    assert list(frame["cells"]) == [3, 2]
    assert frame.loc[0, "area_km2"] == pytest.approx(0.03)
    # the diagonal chain is one MultiPolygon of three squares touching at corners
    assert frame.loc[0, "geometry"].area == pytest.approx(3 * 100 * 100)
    assert frame.loc[1, "geometry"].area == pytest.approx(2 * 100 * 100)
    # population-weighted centroid of the pair (5,4),(5,5): x = 500, y = 50
    assert (frame.loc[1, "x"], frame.loc[1, "y"]) == pytest.approx((500.0, 50.0))
    big, _ = ds.dead_spots(covered, people, g, min_population=25)
    assert len(big) == 1


def test_compare_reported() -> None:
    box = shapely.box(0, 0, 1000, 1000)
    far = shapely.box(5000, 5000, 5200, 5200)
    detected = pd.DataFrame(
        {
            "dead_spot_id": ["M1", "M2", "V1"],
            "scope": ["any", "any", "viettel"],
            "geometry": [box, far, shapely.box(8000, 0, 9000, 1000)],
        }
    )
    reported = pd.DataFrame(
        {
            "dead_spot_id": ["in", "near", "away", "op"],
            "x": [500.0, 1400.0, 1600.0, 9300.0],
            "y": [500.0, 500.0, 500.0, 500.0],
            "operator": [None, "", None, "viettel"],
        }
    )
    rep, det = ds.compare_reported(detected, reported, 500.0)
    rep = rep.set_index("dead_spot_id")
    assert rep.loc["in", "status"] == "matched" and rep.loc["in", "distance_m"] == 0
    assert rep.loc["near", "status"] == "matched" and rep.loc[
        "near", "distance_m"
    ] == pytest.approx(400)
    assert rep.loc["away", "status"] == "missed"
    assert rep.loc["op", "matched_id"] == "V1"
    det = det.set_index("dead_spot_id")
    assert det.loc["M1", "reports"] == 2 and det.loc["M1", "status"] == "matched"
    assert det.loc["M2", "status"] == "model-only"


def test_hand_made_network_dead_spot() -> None:
    """Two omni sites 4 km apart; one village between them, one 9 km away: only the far
    village is a dead spot, holding all its people."""
    s = CoverageSettings(environment="suburban")
    cells = pd.DataFrame(
        dict(
            x=[0.0, 4000.0],
            y=[0.0, 0.0],
            height_m=30.0,
            eirp_dbm=60.0,
            band_mhz=1800.0,
            technology="4G",
            operator=["viettel", "vnpt"],
        )
    )
    g = Grid.from_bounds(-3000, -3000, 12000, 3000, 100, CRS)
    gp = engine.compute_grid(engine.prepare(cells, s), g)
    vx, vy, pop = np.array([2000.0, 11000.0]), np.array([0.0, 0.0]), np.array([800.0, 300.0])
    pg = population.spread_villages(g, vx, vy, pop, 300.0)
    covered = gp.covered_any()
    np.testing.assert_allclose(pg.village_covered(covered, 2), [800.0, 0.0])
    frame, _ = ds.dead_spots(covered, pg.people, g)
    assert len(frame) == 1
    assert frame.loc[0, "population"] == pytest.approx(300.0)
    assert frame.loc[0, "geometry"].contains(shapely.Point(11000, 0))
    assert gp.operators_covering()[g.index(2000.0, 0.0)[:2]] == 2


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), p_cov=st.floats(0.1, 0.9))
def test_dead_spots_hold_exactly_the_uncovered_people(seed: int, p_cov: float) -> None:
    rng = np.random.default_rng(seed)
    shape = (12, 15)
    covered = rng.random(shape) < p_cov
    people = np.where(rng.random(shape) < 0.6, rng.integers(1, 50, shape), 0).astype(float)
    g = Grid.from_bounds(0, 0, 1500, 1200, 100, CRS)
    frame, labels = ds.dead_spots(covered, people, g)
    assert frame["population"].sum() == pytest.approx(people[~covered].sum())
    assert frame["cells"].sum() == int(((people > 0) & ~covered).sum())
    assert ((labels > 0) == ((people > 0) & ~covered)).all()
    assert frame["population"].is_monotonic_decreasing
    assert np.allclose([geom.area for geom in frame["geometry"]], frame["cells"] * 100 * 100)
