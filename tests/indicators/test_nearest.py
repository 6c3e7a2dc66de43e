"""Points outside every commune polygon go to the nearest commune centre: found directly
for few pairs, by scipy's KD-tree for many — the same centre either way."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.spatial import cKDTree

from hatang.indicators import boundaries

coords = st.floats(-1000, 1000, allow_nan=False, allow_subnormal=False)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(coords, coords), min_size=1, max_size=40),
    st.lists(st.tuples(coords, coords), min_size=1, max_size=15, unique=True),
)
def test_nearest_centre_is_the_kd_trees(points, centres):
    p, c = np.asarray(points, dtype=float), np.asarray(centres, dtype=float)
    got = boundaries.nearest(p, c)
    _, want = cKDTree(c).query(p)
    d_got = np.hypot(*(p - c[got]).T)
    d_want = np.hypot(*(p - c[want]).T)
    # the same centre, or one exactly as near (a tie either may pick)
    assert ((got == want) | (d_got == d_want)).all()


def test_many_pairs_go_to_the_kd_tree(monkeypatch):
    rng = np.random.default_rng(5)
    p, c = rng.uniform(0, 10, (500, 2)), rng.uniform(0, 10, (40, 2))
    direct = boundaries.nearest(p, c)
    monkeypatch.setattr(boundaries, "_BRUTE_FORCE_PAIRS", 0)
    assert (boundaries.nearest(p, c) == direct).all()
