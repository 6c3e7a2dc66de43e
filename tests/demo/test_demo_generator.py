"""The pure demo generator: real inputs, exact populations, determinism (no database)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from shapely import contains_xy

from hatang.demo import calibration as cal
from hatang.demo import generate, inputs_from_frames
from hatang.demo.files import cp1258_text
from hatang.demo.usage import quadkey, tile_wkt
from hatang.demo.villages import largest_remainder
from hatang.errors import DataError
from hatang.model import admin


@pytest.fixture(scope="module")
def inputs():
    units, crosswalk = admin.province_subset(admin.resolve_province("36"))
    return inputs_from_frames(units, crosswalk, "36")


@pytest.fixture(scope="module")
def data(inputs):
    return generate(inputs, seed=137)


def test_inputs_are_the_real_province(inputs):
    assert len(inputs.old_communes) == 175
    assert inputs.old_communes["district_code"].nunique() == 9
    assert len(inputs.new_communes) == 57
    assert inputs.crosswalk["old_code"].is_unique  # every Nam Định merge is whole
    assert int(inputs.new_communes["population"].sum()) == 2_262_891


def test_village_populations_sum_to_published_figures(data, inputs):
    v = data.land.villages
    published = inputs.new_communes.set_index("code")["population"]
    per_new = v.groupby("new_code")["population"].sum()
    pd.testing.assert_series_equal(
        per_new.sort_index(), published.sort_index(), check_names=False, check_dtype=False
    )
    per_old = v.groupby("old_code")["population"].sum()
    old = data.land.old_communes.set_index("code")["population"]
    assert (per_old.sort_index() == old.sort_index()).all()
    assert len(v) == cal.VILLAGES
    assert v["code"].is_unique


def test_villages_lie_inside_their_old_commune(data):
    v = data.land.villages
    for code, grp in v.groupby("old_code"):
        poly = data.land.old_polygons[code]
        assert contains_xy(poly, grp["x"].to_numpy(), grp["y"].to_numpy()).all(), code
        assert poly.within(data.land.new_polygons[grp["new_code"].iloc[0]].buffer(1.0))


def test_households_and_adults_are_plausible(data):
    v = data.land.villages
    persons = v["population"] / v["households"]
    assert persons.between(3.2, 3.7).all()
    assert (v["adults"] / v["population"]).between(0.72, 0.78).all()
    assert (v.loc[v["urban"], "name"].str.startswith("Tổ dân phố")).all()


def test_commune_areas_follow_published_areas(data, inputs):
    published = inputs.new_communes.set_index("code")["area_km2"]
    synth = pd.Series({c: p.area / 1e6 for c, p in data.land.new_polygons.items()})
    ratio = synth / published.reindex(synth.index)
    assert ratio.between(0.85, 1.15).all(), ratio.describe()


def test_network_calibration(data):
    net = data.network
    assert len(net.sites) == cal.SITES
    last = net.cells
    shared = (last.groupby("site_id")["operator"].nunique() >= 2).mean()
    assert abs(shared - cal.SHARED_SHARE) <= 0.05 * cal.SHARED_SHARE
    assert set(last["technology"]) == {"2G", "3G", "4G", "5G"}
    assert net.sites["height_m"].between(15, 45).all()
    first = (net.sites["first_q"] == 0).sum()
    assert first == cal.SITES_FIRST  # growth over the quarters


def test_network_leaves_designed_holes(data):
    """A few hundred villages without 4G, and every open reported dead spot on one of them."""
    no4g = data.network.village_4g_from < 0
    assert 250 <= no4g.sum() <= 450
    ds = data.dead_spots
    v = data.land.villages.set_index("code")
    open_spots = ds[ds["kind"] == "open"]
    codes_without = set(data.land.villages["code"][no4g])
    assert open_spots["village_code"].isin(codes_without).all()
    assert len(ds) == cal.DEAD_SPOTS_REPORTED
    assert (ds["kind"] == "resolved").sum() == cal.DEAD_SPOTS_RESOLVED
    assert ds["resolved_on"].notna().sum() == cal.DEAD_SPOTS_RESOLVED
    # reports lie close to their village
    d = np.hypot(
        ds["x"] - v.loc[ds["village_code"], "x"].to_numpy(),
        ds["y"] - v.loc[ds["village_code"], "y"].to_numpy(),
    )
    assert (d <= 250).all()


def test_latest_quarter_figures(data):
    subs = data.subscriptions
    last = subs[subs["period"] == cal.LAST_QUARTER].groupby("kind")["count"].sum()
    assert abs(last["mobile"] / cal.MOBILE_SUBS - 1) < 0.05
    assert last["ftth"] <= last["fixed-broadband"]
    assert last["smartphone"] <= last["mobile"]
    svc = data.services[data.services["period"] == cal.LAST_QUARTER]
    assert (svc["level"] == "full").sum() == cal.SERVICES_FULL
    assert (svc["level"] == "partial").sum() == cal.SERVICES_PARTIAL
    assert svc["on_national_portal"].all()


def test_subscriptions_switch_map_on_1_july_2025(data, inputs):
    subs = data.subscriptions
    old_codes = set(inputs.old_communes["code"])
    new_codes = set(inputs.new_communes["code"])
    assert set(subs.loc[subs["period"] <= "2025Q2", "unit_code"]) <= old_codes
    assert set(subs.loc[subs["period"] >= "2025Q3", "unit_code"]) == new_codes


def test_trends_move_toward_targets(data):
    t = data.speed_tests
    med = t.groupby(["kind", "period"])["download_kbps"].median()
    assert med["mobile"].is_monotonic_increasing and med["fixed"].is_monotonic_increasing
    assert abs(med["mobile"].iloc[-1] / 1000 - cal.MOBILE_MEDIAN_MBPS[1]) < 1
    mobile = t[t["kind"] == "mobile"]
    assert mobile["rsrp_dbm"].notna().mean() > 0.8
    assert mobile["rsrp_dbm"].dropna().between(-128, -44).all()


def test_same_seed_same_frames_other_seed_differs(data, inputs):
    again = generate(inputs, seed=137)
    for name, frame in data.frames().items():
        pd.testing.assert_frame_equal(frame, again.frames()[name], obj=name)


def test_other_seed_differs(inputs):
    from hatang.demo.villages import place_land

    a = place_land(inputs, np.random.default_rng(1)).villages
    b = place_land(inputs, np.random.default_rng(2)).villages
    assert not np.allclose(a["x"].to_numpy(), b["x"].to_numpy())
    # the real figures do not depend on the seed
    assert (
        a.groupby("new_code")["population"].sum().equals(b.groupby("new_code")["population"].sum())
    )


@given(
    st.integers(0, 10**7),
    st.lists(st.floats(0.01, 1000), min_size=1, max_size=40),
    st.integers(0, 5),
)
def test_largest_remainder_sums_exactly(total, weights, minimum):
    if minimum * len(weights) > total:
        with pytest.raises(ValueError):
            largest_remainder(total, np.array(weights), minimum)
        return
    out = largest_remainder(total, np.array(weights), minimum)
    assert out.sum() == total
    assert (out >= minimum).all()


def test_quadkey_matches_bing_reference():
    # Bing Maps Tile System: (lon, lat) of Nam Định city at zoom 3 lies in tile x=6, y=3 → "132"
    assert quadkey(np.array([106.17]), np.array([20.43]), zoom=3)[0] == "132"
    key = quadkey(np.array([106.17]), np.array([20.43]))[0]
    assert len(key) == 16
    wkt = tile_wkt(key)
    from shapely import Point, from_wkt

    assert from_wkt(wkt).contains(Point(106.17, 20.43))


def test_cp1258_round_trip():
    text = "Phủ sóng di động băng rộng; Hộ tiếp cận cáp quang; Xóm Đông; Tổ dân phố 3"
    import unicodedata

    assert unicodedata.normalize("NFC", cp1258_text(text).encode("cp1258").decode("cp1258")) == text


def test_inputs_refuse_a_province_without_both_maps():
    units, crosswalk = admin.province_subset(admin.resolve_province("36"))
    with pytest.raises(DataError, match="no communes of province 99"):
        inputs_from_frames(units, crosswalk, "99")


def test_inputs_refuse_missing_population_and_split_communes():
    units, crosswalk = admin.province_subset(admin.resolve_province("36"))
    broken = units.copy()
    first_new = broken.index[(broken["map"] == "2025") & (broken["level"] == "commune")][0]
    broken.loc[first_new, "population"] = None
    with pytest.raises(DataError, match="lack population or centroid"):
        inputs_from_frames(broken, crosswalk, "36")
    split = pd.concat(
        [crosswalk, crosswalk.iloc[[0]].assign(new_code=crosswalk["new_code"].iloc[-1])]
    )
    with pytest.raises(DataError, match="split between new communes"):
        inputs_from_frames(units, split, "36")


def test_village_services_report_each_technology_and_their_union(data):
    """Operators report 3G, 4G and 5G per village; mobile broadband is their union (what
    target 5 counts), and 4G is the coverage engine's 4G (the designed holes)."""
    vs = data.village_services
    last = vs[vs["period"] == cal.LAST_QUARTER]
    union = last["mobile_3g"] | last["mobile_4g"] | last["mobile_5g"]
    assert (last["mobile_broadband"] == union).all()
    assert (last["mobile_4g"].to_numpy() == (data.network.village_4g_from >= 0)).all()
    assert last["mobile_broadband"].all()  # the 3G layer reaches every village
    assert (~last["mobile_4g"]).sum() == (data.network.village_4g_from < 0).sum() > 250
    assert 0 < last["mobile_5g"].sum() < last["mobile_4g"].sum()
