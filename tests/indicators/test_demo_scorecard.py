"""On the demo province: every Plan 137 target, with values agreeing with the calibration."""

from __future__ import annotations

import pytest

from hatang.indicators import scorecard

pytestmark = pytest.mark.slow


def test_demo_scorecard_lists_all_14_targets(demo_workspace, copy_workspace):
    from hatang.demo import calibration as cal

    ws = copy_workspace(demo_workspace)
    sc = scorecard(ws)  # computes first
    assert len(sc) == 14 and list(sc["target_no"]) == list(range(1, 15))
    assert set(sc["unit_code"]) == {"2024:36"}  # old Nam Định on the 2025 map: its 57 communes
    assert (
        sc["value"].notna().all()
        and sc["status"].isin(["met", "on track", "at risk", "off track"]).all()
    )
    assert sc["projection"].notna().all()
    assert sc["synthetic"].all()
    v = sc.set_index("indicator")["value"]
    expected = {
        "mobile_broadband_per_100": cal.MBB_PER_100[1],
        "smartphone_share": cal.SMARTPHONE_SHARE[1] * 100,
        "adults_smartphone": cal.ADULT_SMARTPHONE * 100,
        "mobile_download_speed": cal.MOBILE_MEDIAN_MBPS[1],
        "fixed_broadband_per_100": cal.FIXED_PER_100[1],
        "households_fibre": cal.FIBRE_HOUSEHOLDS[1] * 100,
        "fixed_download_speed": cal.FIXED_MEDIAN_MBPS[1],
        "shared_systems_on_cloud": cal.CLOUD_SHARE[1] * 100,
        "cloud_accounts_per_adult": cal.CLOUD_ACCOUNTS_PER_ADULT[1],
        "agencies_using_platforms": cal.AGENCIES_PLATFORMS[1] * 100,
        "enterprises_using_platforms": cal.ENTERPRISES_PLATFORMS[1] * 100,
        "shared_sites": cal.SHARED_SHARE * 100,
    }
    for ind, want in expected.items():
        assert v[ind] == pytest.approx(want, rel=0.10), ind
    # the same on the 2024 map, where the scope is the real province 36
    old = scorecard(ws, map="2024", refresh=False).set_index("indicator")["value"]
    assert old["mobile_broadband_per_100"] == pytest.approx(cal.MBB_PER_100[1], rel=0.10)
    # the commune rows add up to the scope
    communes = scorecard(ws, level="commune", refresh=False)
    assert communes["unit_code"].nunique() == 57
    mbb = communes[communes["indicator"] == "mobile_broadband_per_100"]
    row = sc.set_index("indicator").loc["mobile_broadband_per_100"]
    assert mbb["numerator"].sum() == pytest.approx(row["numerator"])
    assert mbb["denominator"].sum() == pytest.approx(row["denominator"])
