"""Array helpers of the engine that replaced library calls for speed give the same
results: `completeness.distinct` is `np.unique`, and the values of many indicators
made into one frame at once are the frames of each indicator, concatenated."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from hatang.indicators import load_catalogue
from hatang.indicators.boundaries import Context
from hatang.indicators.completeness import distinct
from hatang.indicators.engine import compute_indicator, indicator_columns, values_frame
from hatang.store.indicators import python_strings
from hatang.testing import fixture_frames


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(-(2**62), 2**62), max_size=300))
def test_distinct_is_np_unique(values):
    a = np.array(values, dtype=np.int64)
    got = distinct(a)
    assert got.dtype == np.int64
    assert np.array_equal(got, np.unique(a))


def test_distinct_on_hand_made_values():
    assert distinct(np.array([3, 1, 3, -2, 1], dtype=np.int64)).tolist() == [-2, 1, 3]
    assert distinct(np.array([], dtype=np.int64)).tolist() == []


def test_one_frame_of_many_indicators_is_their_frames_concatenated():
    with python_strings():
        frames = fixture_frames()
        contexts = [Context(frames, m, ["2025Q3", "2025Q4"]) for m in ("2024", "2025")]
        inds = list(load_catalogue().values())[:8]
        each = [compute_indicator(contexts, ind) for ind in inds]
        at_once = values_frame([indicator_columns(contexts, ind) for ind in inds])
    assert len(at_once) > 100
    pd.testing.assert_frame_equal(at_once, pd.concat(each, ignore_index=True))
