"""On the demo province: every Plan 137 target, with values agreeing with the calibration."""

from __future__ import annotations

import pytest

from hatang.indicators import scorecard

pytestmark = pytest.mark.slow


def test_demo_scorecard_lists_all_14_targets(demo_workspace, copy_workspace):
    from hatang.demo import calibration as cal

    def last(x):  # calibration figures are (first quarter, last quarter) or one figure
        return x[-1] if isinstance(x, tuple) else x

    ws = copy_workspace(demo_workspace)
    sc = scorecard(ws)  # computes first
    assert len(sc) == 14 and list(sc["target_no"]) == list(range(1, 15))
    assert set(sc["unit_code"]) == {"2024:36"}  # old Nam Định on the 2025 map: its 57 communes
    assert sc["value"].notna().all() and (sc["as_of"] == "2025Q4").all()
    # 2025Q4 is the deadline's quarter: met or missed, nothing left to project
    assert sc["status"].isin(["met", "met within margin", "missed"]).all()
    assert sc["past_deadline"].all() and sc["projection"].isna().all()
    assert sc["synthetic"].all()
    v = sc.set_index("indicator")["value"]
    expected = {
        "mobile_broadband_per_100": last(cal.MBB_PER_100),
        "smartphone_share": last(cal.SMARTPHONE_SHARE) * 100,
        "adults_smartphone": last(cal.ADULT_SMARTPHONE) * 100,
        "mobile_download_speed": last(cal.MOBILE_MEDIAN_MBPS),
        "fixed_broadband_per_100": last(cal.FIXED_PER_100),
        "households_fibre": last(cal.FIBRE_HOUSEHOLDS) * 100,
        "fixed_download_speed": last(cal.FIXED_MEDIAN_MBPS),
        "shared_systems_on_cloud": last(cal.CLOUD_SHARE) * 100,
        "cloud_accounts_per_adult": last(cal.CLOUD_ACCOUNTS_PER_ADULT),
        "agencies_using_platforms": last(cal.AGENCIES_PLATFORMS) * 100,
        "enterprises_using_platforms": last(cal.ENTERPRISES_PLATFORMS) * 100,
        "shared_sites": last(cal.SHARED_SHARE) * 100,
    }
    for ind, want in expected.items():
        assert v[ind] == pytest.approx(want, rel=0.10), ind
    # the same on the 2024 map, where the scope is the real province 36
    old = scorecard(ws, map="2024", refresh=False).set_index("indicator")["value"]
    assert old["mobile_broadband_per_100"] == pytest.approx(last(cal.MBB_PER_100), rel=0.10)
    # the commune rows add up to the scope
    communes = scorecard(ws, level="commune", refresh=False)
    assert communes["unit_code"].nunique() == 57
    mbb = communes[communes["indicator"] == "mobile_broadband_per_100"]
    row = sc.set_index("indicator").loc["mobile_broadband_per_100"]
    assert mbb["numerator"].sum() == pytest.approx(row["numerator"])
    assert mbb["denominator"].sum() == pytest.approx(row["denominator"])
