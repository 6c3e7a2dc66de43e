"""The grid-helped nearest centre (hatang.indicators.centres) is the KD-tree's, batch
after batch: for points clustered as speed tests are, on the cells' edges, far outside
the centres, and for centres that coincide."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.spatial import cKDTree

from hatang.indicators import boundaries
from hatang.indicators.centres import CentreIndex

coords = st.floats(-50, 50, allow_nan=False, allow_subnormal=False)


def _same_or_as_near(p: np.ndarray, c: np.ndarray, got: np.ndarray) -> None:
    _, want = cKDTree(c).query(p)
    d_got = np.hypot(*(p - c[got]).T)
    d_want = np.hypot(*(p - c[want]).T)
    assert ((got == want) | (d_got == d_want)).all()


def test_clustered_points_in_batches_get_the_kd_trees_centre():
    rng = np.random.default_rng(7)
    c = rng.uniform(0, 10, (300, 2))
    c[1] = c[0]  # two communes at one centre
    around = c[rng.integers(0, len(c), 40_000)] + rng.normal(0, 0.05, (40_000, 2))
    p = np.r_[around, rng.uniform(-30, 40, (5_000, 2))]  # some far outside the centres
    index = CentreIndex(c)
    got = np.concatenate([index.nearest(b) for b in np.array_split(p, 7)])
    _same_or_as_near(p, c, got)
    sure = (index.cells >= 0).sum()
    assert sure > 0 and (index.cells == -1).sum() > 0  # the grid answered some, not all


def test_points_on_the_cells_edges():
    rng = np.random.default_rng(3)
    c = rng.uniform(0, 1, (50, 2))
    index = CentreIndex(c)
    ix, iy = np.meshgrid(np.arange(int(index.shape[0])), np.arange(int(index.shape[1])))
    edges = index.origin + np.column_stack([ix.ravel(), iy.ravel()]) * index.side
    got = index.nearest(edges)
    _same_or_as_near(edges, c, got)
    assert (got == index.nearest(edges)).all()  # learnt cells give the same answer


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(coords, coords), min_size=1, max_size=60),
    st.lists(st.tuples(coords, coords), min_size=1, max_size=12),
)
def test_any_points_and_centres(points, centres):
    p, c = np.asarray(points, dtype=float), np.asarray(centres, dtype=float)
    _same_or_as_near(p, c, CentreIndex(c).nearest(p))


def test_a_context_places_many_points_as_it_places_few(monkeypatch):
    """Many points (the grid and KD-tree) and few (compared directly): one commune each."""
    rng = np.random.default_rng(11)
    n = 200
    lon, lat = rng.uniform(105, 107, n), rng.uniform(20, 22, n)
    units = pd.DataFrame(
        {
            "map": "2025",
            "code": [f"{i:05d}" for i in range(n)],
            "name": "x",
            "level": "commune",
            "parent_code": None,
            "lon": lon,
            "lat": lat,
        }
    )
    ctx = boundaries.Context({"units": units}, "2025", [])
    x, y = rng.uniform(104.5, 107.5, 30_000), rng.uniform(19.5, 22.5, 30_000)
    monkeypatch.setattr(boundaries, "_BRUTE_FORCE_PAIRS", 10**12)
    few = ctx.locate(x, y)
    monkeypatch.setattr(boundaries, "_BRUTE_FORCE_PAIRS", 0)
    many = ctx.locate(x, y)
    assert ("centres", "commune") in ctx._cache  # the grid-helped path ran
    assert (few == many).all()
