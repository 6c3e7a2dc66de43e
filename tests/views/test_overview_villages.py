"""The overview's village figures count what their labels say: villages reported
without mobile broadband (none of 3G, 4G, 5G: target 5's meaning), villages reported
without 4G, without fixed broadband; a blank report is not a 'without'."""

from __future__ import annotations

import pandas as pd

from hatang.views.overview import _without

NA = pd.NA
VILLAGES = pd.DataFrame(
    {
        "village_code": ["V1", "V2", "V3", "V4", "V5"],
        "mobile_broadband": [NA, NA, NA, NA, NA],
        "mobile_3g": [True, False, True, NA, False],
        "mobile_4g": [False, False, True, NA, False],
        "mobile_5g": [NA, NA, False, NA, NA],
        "fixed_broadband": [True, False, NA, True, True],
    }
)


def test_villages_without_mobile_broadband_4g_and_fixed_by_hand():
    # V2 and V5: no 3G, 4G or 5G; V1 has 3G only (mobile broadband, no 4G); V4 blank
    assert _without(VILLAGES, "mobile_broadband") == 2
    assert _without(VILLAGES, "mobile_4g") == 3  # V1, V2, V5
    assert _without(VILLAGES, "fixed_broadband") == 1  # V2; V3 blank


def test_a_figure_no_report_carries_is_blank_not_zero():
    blank = VILLAGES.assign(mobile_4g=pd.array([NA] * 5, dtype="boolean"))
    assert _without(blank, "mobile_4g") is None
    assert _without(VILLAGES.drop(columns=["mobile_4g"]), "mobile_4g") is None
    assert _without(VILLAGES.iloc[0:0], "mobile_broadband") is None
