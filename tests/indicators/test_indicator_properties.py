"""Invariants: a unit's numerator and denominator are the sums over the units below it."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hatang.indicators import compute_frames, load_catalogue
from hatang.testing import fixture_frames

#: additive indicators whose data lies below the province (province-level-only data
#: such as services has no communes to sum)
ADDITIVE = [
    i
    for i in load_catalogue().values()
    if i.additive
    and i.function
    not in ("services_count", "services_portal", "info_systems_cloud", "data_centre_cloud")
    and i.params.get("survey") not in ("agencies", "enterprises")
]


def _check_sums(
    values: pd.DataFrame, parent_level: str, child_level: str, parents: dict[str, list[str]]
) -> int:
    checked = 0
    for (ind, m, period), g in values.groupby(["indicator", "map", "period"]):
        by_unit = g.set_index("unit_code")
        for parent, children in parents.get(m, {}).items():
            if parent not in by_unit.index or pd.isna(by_unit.loc[parent, "value"]):
                continue
            kids = by_unit.reindex(children)
            for col in ("numerator", "denominator"):
                total = by_unit.loc[parent, col]
                if pd.isna(total):
                    continue
                assert np.isclose(total, kids[col].fillna(0).sum()), (ind, m, period, parent, col)
                checked += 1
    return checked


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**31 - 1))
def test_province_equals_sum_of_communes(seed):
    frames = fixture_frames(seed=seed)
    values = compute_frames(frames, ADDITIVE, min_speed_tests=3)
    parents = {
        "2024": {"P1": ["C1", "C2", "C3"], "D1": ["C1", "C2", "C3"]},
        "2025": {"P2": ["N1", "N2"]},
    }
    assert _check_sums(values, "province", "commune", parents) > 0
    # villages add up to their commune where values are stored for villages
    vill = {
        "2024": {"C1": ["V1", "V2"], "C2": ["V3", "V4"], "C3": ["V5", "V6"]},
        "2025": {"N1": ["V1", "V2", "V3", "V4", "V6"], "N2": ["V5"]},
    }
    sub = values[values["indicator"].isin(["households_fibre", "dead_spots_open"])]
    assert _check_sums(sub, "commune", "village", vill) > 0


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**31 - 1))
def test_crosswalk_preserves_totals(seed):
    """Re-expressing old-map subscriptions on the new map keeps the province total."""
    frames = fixture_frames(seed=seed)
    ind = [load_catalogue()["mobile_subscriptions"], load_catalogue()["mobile_broadband_per_100"]]
    v = compute_frames(frames, ind)
    for period in ("2024Q4", "2025Q2", "2025Q3", "2025Q4"):
        for name in ("mobile_subscriptions", "mobile_broadband_per_100"):
            a = v[
                (v["indicator"] == name)
                & (v["map"] == "2024")
                & (v["unit_code"] == "P1")
                & (v["period"] == period)
            ]
            b = v[
                (v["indicator"] == name)
                & (v["map"] == "2025")
                & (v["unit_code"] == "P2")
                & (v["period"] == period)
            ]
            assert np.isclose(a["numerator"].iloc[0], b["numerator"].iloc[0])
