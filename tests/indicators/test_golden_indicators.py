"""Golden values computed by hand from the numbers in hatang.testing's docstring."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from hatang.indicators import load_catalogue
from hatang.indicators.aggregate import wilson

# (indicator, map, unit, period, numerator, denominator, value, method)
GOLDEN = [
    # target 1: ratio of sums over communes; the 2025 commune N1 = C1 + C2 + ½ C3
    ("mobile_broadband_per_100", "2025", "P2", "2025Q4", 850, 1000, 85.0, "direct"),
    ("mobile_broadband_per_100", "2025", "N1", "2025Q4", 730, 850, 730 / 850 * 100, "direct"),
    ("mobile_broadband_per_100", "2025", "N2", "2025Q4", 120, 150, 80.0, "direct"),
    ("mobile_broadband_per_100", "2024", "P1", "2024Q4", 660, 1000, 66.0, "direct"),
    ("mobile_broadband_per_100", "2024", "D1", "2024Q4", 660, 1000, 66.0, "direct"),
    ("mobile_broadband_per_100", "2024", "C1", "2024Q4", 300, 400, 75.0, "direct"),
    (
        "mobile_broadband_per_100",
        "2025",
        "N1",
        "2024Q4",
        300 + 210 + 75,
        850,
        585 / 850 * 100,
        "crosswalk-population-share",
    ),
    (
        "mobile_broadband_per_100",
        "2025",
        "N2",
        "2024Q4",
        75,
        150,
        50.0,
        "crosswalk-population-share",
    ),
    (
        "mobile_broadband_per_100",
        "2025",
        "P2",
        "2024Q4",
        660,
        1000,
        66.0,
        "crosswalk-population-share",
    ),
    # 2025 data back on the 2024 map: N1's 730 spread by population 400 : 300 : 150
    (
        "mobile_broadband_per_100",
        "2024",
        "C1",
        "2025Q4",
        730 * 400 / 850,
        400,
        730 / 850 * 100,
        "crosswalk-population-share",
    ),
    (
        "mobile_broadband_per_100",
        "2024",
        "C3",
        "2025Q4",
        730 * 150 / 850 + 120,
        300,
        (730 * 150 / 850 + 120) / 3,
        "crosswalk-population-share",
    ),
    ("smartphone_share", "2025", "P2", "2025Q4", 1000, 1060, 1000 / 1060 * 100, "direct"),
    ("smartphone_share", "2025", "N2", "2025Q4", 140, 150, 140 / 150 * 100, "direct"),
    ("smartphone_share", "2024", "P1", "2024Q4", 830, 950, 830 / 950 * 100, "direct"),
    ("fixed_broadband_per_100", "2025", "P2", "2025Q4", 255, 1000, 25.5, "direct"),
    ("mobile_subscriptions", "2025", "P2", "2025Q4", 1060, None, 1060, "direct"),
    ("mobile_subscriptions_per_100", "2025", "P2", "2025Q4", 1060, 1000, 106.0, "direct"),
    ("ftth_subscriptions", "2025", "P2", "2025Q4", 230, None, 230, "direct"),
    # villages (village codes are the same on both maps)
    ("villages_mobile_broadband", "2025", "P2", "2025Q2", 5, 6, 500 / 6, "village-rollup"),
    ("villages_mobile_broadband", "2025", "N1", "2025Q2", 5, 5, 100.0, "village-rollup"),
    ("villages_mobile_broadband", "2025", "N2", "2025Q2", 0, 1, 0.0, "village-rollup"),
    ("villages_fixed_broadband", "2025", "P2", "2025Q3", 5, 6, 500 / 6, "direct"),
    ("villages_fibre", "2024", "P1", "2024Q4", 4, 6, 400 / 6, "direct"),
    ("households_fibre", "2025", "P2", "2025Q4", 225, 250, 90.0, "direct"),
    ("households_fibre", "2025", "N1", "2025Q4", 215, 215, 100.0, "direct"),
    ("households_fibre", "2025", "N2", "2025Q4", 10, 35, 1000 / 35, "direct"),
    ("households_fibre", "2025", "V5", "2025Q4", 10, 35, 1000 / 35, "direct"),
    ("households_fibre", "2024", "C3", "2024Q4", 20, 70, 2000 / 70, "direct"),
    ("communes_mobile_broadband", "2024", "P1", "2024Q4", 3, 3, 100.0, "direct"),
    ("communes_mobile_broadband", "2025", "P2", "2024Q4", 1, 2, 50.0, "village-rollup"),
    ("communes_fibre", "2025", "P2", "2025Q3", 1, 2, 50.0, "direct"),
    ("communes_fibre", "2025", "P2", "2025Q4", 2, 2, 100.0, "direct"),
    # sites: shared = cells of ≥ 2 operators; old periods placed on the 2025 map by location
    ("shared_sites", "2025", "P2", "2025Q4", 3, 7, 300 / 7, "direct"),
    ("shared_sites", "2025", "N1", "2025Q4", 2, 5, 40.0, "direct"),
    ("shared_sites", "2025", "N2", "2025Q4", 1, 2, 50.0, "direct"),
    ("shared_sites", "2025", "N1", "2024Q4", 1, 4, 25.0, "location"),
    ("shared_sites", "2025", "N2", "2024Q4", 1, 1, 100.0, "location"),
    ("shared_sites", "2024", "P1", "2024Q4", 2, 5, 40.0, "direct"),
    ("sites_count", "2025", "P2", "2025Q4", 7, None, 7, "direct"),
    ("sites_count", "2025", "N2", "2024Q4", 1, None, 1, "location"),
    # dead spots open at the period's end; DS5 has no village: nearest is V1 (location);
    # a value's method is the most indirect of its inputs' (location < village-rollup)
    # the dead-spot register (hatang.testing's register table): state at each period's end
    ("register_open_cases", "2025", "P2", "2025Q3", 2, None, 2, "village-rollup"),
    ("register_open_cases", "2025", "P2", "2025Q4", 3, None, 3, "village-rollup"),
    ("register_open_cases", "2025", "N1", "2025Q4", 2, None, 2, "village-rollup"),
    ("register_open_cases", "2024", "C3", "2025Q4", 1, None, 1, "village-rollup"),
    ("register_overdue_cases", "2025", "N2", "2025Q3", 1, None, 1, "village-rollup"),
    ("register_overdue_cases", "2025", "P2", "2025Q4", 2, None, 2, "village-rollup"),
    ("register_fixed_cases", "2025", "N1", "2025Q4", 1, None, 1, "village-rollup"),
    ("register_verified_cases", "2024", "P1", "2025Q4", 1, None, 1, "village-rollup"),
    ("register_people_open", "2025", "P2", "2025Q3", 220, None, 220, "village-rollup"),
    ("register_people_open", "2025", "P2", "2025Q4", 320, None, 320, "village-rollup"),
    ("register_people_open", "2025", "N1", "2025Q4", 200, None, 200, "village-rollup"),
    # no fix recorded in 2025Q3, but the register was kept then (first step 07-10): 0
    ("register_fixed_cases", "2025", "P2", "2025Q3", 0, None, 0, "direct"),
    # per operator: the cases assigned to it at the period's end — C00001 and C00004
    # viettel's, C00002 vnpt's (closed 12-05); C00003 (rejected) and C00005 (reported)
    # no operator's, so in the all-operator figures only
    ("register_open_cases_viettel", "2025", "P2", "2025Q3", 1, None, 1, "village-rollup"),
    ("register_open_cases_viettel", "2025", "P2", "2025Q4", 2, None, 2, "village-rollup"),
    ("register_open_cases_viettel", "2024", "C1", "2025Q4", 1, None, 1, "village-rollup"),
    ("register_open_cases_viettel", "2024", "C3", "2025Q4", 1, None, 1, "village-rollup"),
    ("register_open_cases_vnpt", "2025", "N1", "2025Q3", 1, None, 1, "village-rollup"),
    ("register_open_cases_vnpt", "2025", "P2", "2025Q4", 0, None, 0, "direct"),
    ("register_open_cases_mobifone", "2025", "P2", "2025Q4", 0, None, 0, "direct"),
    ("register_open_cases_vietnamobile", "2024", "P1", "2025Q4", 0, None, 0, "direct"),
    ("register_open_cases_gmobile", "2025", "P2", "2025Q4", 0, None, 0, "direct"),
    # C00001 past its response date (09-13) from 2025Q3 on; C00004 past its plan (12-15)
    ("register_overdue_cases_viettel", "2025", "N2", "2025Q3", 1, None, 1, "village-rollup"),
    ("register_overdue_cases_viettel", "2025", "P2", "2025Q4", 2, None, 2, "village-rollup"),
    ("register_overdue_cases_vnpt", "2025", "P2", "2025Q3", 0, None, 0, "direct"),  # plan 11-30
    ("register_overdue_cases_mobifone", "2025", "P2", "2025Q4", 0, None, 0, "direct"),
    ("register_overdue_cases_vietnamobile", "2025", "P2", "2025Q4", 0, None, 0, "direct"),
    ("register_overdue_cases_gmobile", "2025", "P2", "2025Q4", 0, None, 0, "direct"),
    ("register_fixed_cases_vnpt", "2024", "C2", "2025Q4", 1, None, 1, "village-rollup"),
    ("register_fixed_cases_vnpt", "2025", "P2", "2025Q3", 0, None, 0, "direct"),
    ("register_fixed_cases_viettel", "2025", "P2", "2025Q4", 0, None, 0, "direct"),
    ("register_fixed_cases_mobifone", "2025", "P2", "2025Q4", 0, None, 0, "direct"),
    ("register_fixed_cases_vietnamobile", "2025", "P2", "2025Q4", 0, None, 0, "direct"),
    ("register_fixed_cases_gmobile", "2025", "P2", "2025Q4", 0, None, 0, "direct"),
    ("register_verified_cases_vnpt", "2025", "P2", "2025Q4", 1, None, 1, "village-rollup"),
    ("register_verified_cases_viettel", "2024", "P1", "2025Q4", 0, None, 0, "direct"),
    ("register_verified_cases_mobifone", "2025", "P2", "2025Q4", 0, None, 0, "direct"),
    ("register_verified_cases_vietnamobile", "2025", "P2", "2025Q4", 0, None, 0, "direct"),
    ("register_verified_cases_gmobile", "2025", "P2", "2025Q4", 0, None, 0, "direct"),
    # viettel: C00001 120 (model) + C00004 200 (model; C00005 shares it but is no one's)
    ("register_people_open_viettel", "2025", "P2", "2025Q4", 320, None, 320, "village-rollup"),
    ("register_people_open_viettel", "2025", "N2", "2025Q3", 120, None, 120, "village-rollup"),
    ("register_people_open_vnpt", "2024", "C2", "2025Q3", 100, None, 100, "village-rollup"),
    ("register_people_open_vnpt", "2025", "P2", "2025Q4", 0, None, 0, "direct"),
    ("register_people_open_mobifone", "2025", "P2", "2025Q4", 0, None, 0, "direct"),
    ("register_people_open_vietnamobile", "2025", "P2", "2025Q4", 0, None, 0, "direct"),
    ("register_people_open_gmobile", "2025", "P2", "2025Q4", 0, None, 0, "direct"),
    ("dead_spots_open", "2025", "P2", "2025Q4", 3, None, 3, "village-rollup"),
    ("dead_spots_open", "2025", "N2", "2025Q4", 1, None, 1, "village-rollup"),
    ("dead_spots_open", "2025", "N1", "2025Q4", 2, None, 2, "village-rollup"),
    ("dead_spots_open", "2025", "V1", "2025Q4", 1, None, 1, "location"),
    ("dead_spots_open", "2025", "P2", "2024Q4", 2, None, 2, "village-rollup"),
    ("dead_spots_open", "2025", "N1", "2024Q4", 0, None, 0, "direct"),
    ("dead_spots_open", "2024", "P1", "2025Q2", 3, None, 3, "village-rollup"),
    # province-level administrative data
    ("services_full", "2025", "P2", "2025Q4", 3, None, 3, "direct"),
    ("services_partial", "2025", "P2", "2025Q4", 2, None, 2, "direct"),
    ("services_on_portal", "2025", "P2", "2025Q2", 2, 3, 200 / 3, "direct"),
    ("shared_systems_on_cloud", "2025", "P2", "2025Q4", 2, 3, 200 / 3, "direct"),
    ("shared_systems_on_cloud", "2025", "P2", "2025Q2", 1, 2, 50.0, "direct"),
    ("data_centre_on_cloud", "2025", "P2", "2025Q4", 1, None, 1, "direct"),
    ("cloud_accounts_per_adult", "2025", "P2", "2025Q4", 600, 750, 0.8, "direct"),
    (
        "cloud_accounts_per_adult",
        "2025",
        "N1",
        "2025Q2",
        280,
        635,
        280 / 635,
        "crosswalk-population-share",
    ),
    ("cloud_accounts_per_adult", "2024", "P1", "2025Q2", 310, 750, 310 / 750, "direct"),
    # modelled coverage (coverage_units), SDG 9.c.1
    ("population_4g_modelled", "2025", "P2", "2025Q4", 890, 1000, 89.0, "direct"),
    ("population_4g_modelled", "2025", "N2", "2025Q4", 90, 150, 60.0, "direct"),
    ("villages_4g_modelled", "2025", "P2", "2025Q4", 5, 6, 500 / 6, "direct"),
    (
        "population_4g_modelled",
        "2024",
        "P1",
        "2025Q4",
        890,
        1000,
        89.0,
        "crosswalk-population-share",
    ),
]


@pytest.mark.parametrize(
    "ind,map_,unit,period,num,den,value,method",
    GOLDEN,
    ids=[f"{g[0]}-{g[1]}-{g[2]}-{g[3]}" for g in GOLDEN],
)
def test_golden_ratio_and_count(pick, ind, map_, unit, period, num, den, value, method):
    row = pick(ind, unit, period, map_)
    assert row["numerator"] == pytest.approx(num)
    if den is None:
        assert row["denominator"] is None or math.isnan(row["denominator"])
    else:
        assert row["denominator"] == pytest.approx(den)
    assert row["value"] == pytest.approx(value)
    assert row["method"] == method
    assert bool(row["synthetic"]) is True
    assert row["no_data_reason"] is None or row["no_data_reason"] != row["no_data_reason"]


SURVEYS = [
    # indicator, map, unit, period, Σw·y, Σw, respondents, weights (for Kish; None: a
    # census, no interval). A respondent the crosswalk splits is one respondent where its
    # pieces meet again: r4 (C3, split ½ : ½ into N1 and N2) weighs 100 in P2, not 50 + 50
    ("adults_smartphone", "2025", "P2", "2025Q4", 350, 600, 6, [100, 100, 200, 50, 100, 50]),
    ("adults_smartphone", "2025", "N1", "2025Q4", 250, 450, 4, [100, 100, 200, 50]),
    ("adults_smartphone", "2025", "N2", "2025Q4", 100, 150, 2, [100, 50]),
    (
        "adults_smartphone",
        "2025",
        "N1",
        "2025Q2",
        250,
        350,
        3.5,
        [100, 100, 100, 50],
    ),  # r4 (C3) split ½ : ½
    ("adults_smartphone", "2024", "P1", "2025Q2", 300, 400, 4, [100, 100, 100, 100]),
    ("adults_smartphone", "2025", "P2", "2025Q2", 300, 400, 4, [100, 100, 100, 100]),
    ("adults_mobile_phone", "2025", "P2", "2025Q2", 400, 400, 4, [100, 100, 100, 100]),
    ("adults_mobile_phone", "2025", "P2", "2025Q4", 550, 600, 6, [100, 100, 200, 50, 100, 50]),
    ("households_smartphone", "2025", "P2", "2025Q4", 150, 150, 2, [100, 50]),
    ("agencies_using_platforms", "2025", "P2", "2025Q4", 3, 4, 4, None),
    ("agencies_using_platforms", "2025", "P2", "2025Q2", 2, 4, 4, None),
    ("enterprises_using_platforms", "2025", "P2", "2025Q4", 30, 60, 3, [10, 30, 20]),
    ("enterprises_using_platforms", "2024", "P1", "2025Q2", 10, 60, 3, [10, 30, 20]),
]


@pytest.mark.parametrize(
    "ind,map_,unit,period,num,den,n,weights",
    SURVEYS,
    ids=[f"{s[0]}-{s[1]}-{s[2]}-{s[3]}" for s in SURVEYS],
)
def test_golden_survey(pick, ind, map_, unit, period, num, den, n, weights):
    row = pick(ind, unit, period, map_)
    assert row["numerator"] == pytest.approx(num)
    assert row["denominator"] == pytest.approx(den)
    assert row["value"] == pytest.approx(num / den * 100)
    assert row["sample_size"] == round(n)
    if weights is None:  # agencies: a census of every agency, no sampling interval
        assert pd.isna(row["ci_low"]) and pd.isna(row["ci_high"])
    else:
        n_eff = sum(weights) ** 2 / sum(w * w for w in weights)
        lo, hi = wilson(num / den, n_eff)
        assert row["ci_low"] == pytest.approx(float(lo) * 100)
        assert row["ci_high"] == pytest.approx(float(hi) * 100)
        assert row["ci_low"] <= row["value"] <= row["ci_high"]
    assert row["method"].startswith("survey-weighted")
    assert bool(row["reliable"]) is False  # fewer than 30 respondents


def test_wilson_known_value():
    # p = 0.5, n = 100: Wilson 95 % interval 0.4038–0.5962
    lo, hi = wilson(0.5, 100)
    assert float(lo) == pytest.approx(0.40383, abs=1e-4)
    assert float(hi) == pytest.approx(0.59617, abs=1e-4)


SPEEDS = [
    # indicator, map, unit, period, value, method, sample size, reliable
    ("mobile_download_speed", "2025", "P2", "2025Q4", 60.0, "median-tests", 5, True),
    ("mobile_download_speed", "2025", "N1", "2025Q4", 70.0, "median-tests", 4, True),
    ("mobile_download_speed", "2025", "N2", "2025Q4", 50.0, "ookla-tiles-mean", 20, False),
    ("mobile_download_speed", "2025", "P2", "2025Q3", 52.5, "median-tests", 6, True),
    ("mobile_download_speed", "2025", "P2", "2024Q4", 26.0, "ookla-tiles-mean", 50, True),
    ("mobile_download_speed", "2024", "P1", "2025Q2", 37.5, "median-tests", 4, True),
    ("mobile_download_speed", "2024", "C1", "2025Q2", 40.0, "ookla-tiles-mean", 30, False),
    ("fixed_download_speed", "2025", "P2", "2025Q4", 140.0, "median-tests", 5, True),
    ("fixed_download_speed", "2025", "N2", "2025Q4", 110.0, "ookla-tiles-mean", 20, False),
    ("fixed_download_speed", "2025", "P2", "2024Q4", 90.0, "ookla-tiles-mean", 30, False),
]


@pytest.mark.parametrize(
    "ind,map_,unit,period,value,method,n,reliable",
    SPEEDS,
    ids=[f"{s[0]}-{s[1]}-{s[2]}-{s[3]}" for s in SPEEDS],
)
def test_golden_speed(pick, ind, map_, unit, period, value, method, n, reliable):
    row = pick(ind, unit, period, map_)
    assert row["value"] == pytest.approx(value)
    assert row["method"] == method
    assert row["sample_size"] == n
    assert bool(row["reliable"]) is reliable


# medians of cases (hatang.testing's register): C00002 is the one case fixed, 07-01 → 11-05;
# three cases with their median: tests/indicators/test_register_days_to_fix.py
MEDIANS = [
    # indicator, map, unit, period, value, method, cases
    ("register_days_to_fix", "2025", "P2", "2025Q4", 127.0, "median; village-rollup", 1),
    ("register_days_to_fix", "2024", "C2", "2025Q4", 127.0, "median; village-rollup", 1),
    ("register_days_to_fix_vnpt", "2025", "P2", "2025Q4", 127.0, "median; village-rollup", 1),
    ("register_days_to_fix_vnpt", "2025", "N1", "2025Q4", 127.0, "median; village-rollup", 1),
]

#: no value: no case of the operator was fixed in the period (a median of none)
NO_MEDIAN = [
    ("register_days_to_fix_viettel", "2025", "P2", "2025Q4"),
    ("register_days_to_fix_mobifone", "2024", "P1", "2025Q4"),
    ("register_days_to_fix_vietnamobile", "2025", "P2", "2025Q4"),
    ("register_days_to_fix_gmobile", "2025", "P2", "2025Q4"),
    ("register_days_to_fix_vnpt", "2025", "P2", "2025Q3"),
]


@pytest.mark.parametrize(
    "ind,map_,unit,period,value,method,n", MEDIANS, ids=[f"{m[0]}-{m[2]}" for m in MEDIANS]
)
def test_golden_median_of_cases(pick, ind, map_, unit, period, value, method, n):
    row = pick(ind, unit, period, map_)
    assert (row["value"], row["method"], row["sample_size"]) == (value, method, n)
    assert math.isnan(row["numerator"]) and math.isnan(row["denominator"])


@pytest.mark.parametrize("ind,map_,unit,period", NO_MEDIAN, ids=[m[0] for m in NO_MEDIAN])
def test_no_median_without_a_fixed_case(pick, ind, map_, unit, period):
    row = pick(ind, unit, period, map_)
    assert math.isnan(row["value"]) and row["no_data_reason"].startswith("no register_events data")


def test_before_the_register_s_first_step_there_is_no_data(pick):
    """The fixture's register starts on 2025-07-10: 2025Q2 has no data, not 0."""
    row = pick("register_open_cases_viettel", "P2", "2025Q2")
    assert (
        math.isnan(row["value"]) and row["no_data_reason"] == "no register_events data for 2025Q2"
    )


def test_every_indicator_has_a_golden_value():
    tested = {g[0] for g in GOLDEN} | {s[0] for s in SURVEYS} | {s[0] for s in SPEEDS}
    tested |= {m[0] for m in MEDIANS} | {m[0] for m in NO_MEDIAN}
    assert tested == set(load_catalogue())


def test_inputs_name_tables_and_imports(pick):
    row = pick("mobile_broadband_per_100", "N1", "2024Q4")
    inputs = json.loads(row["inputs"])
    tables = {i["table"] for i in inputs}
    assert tables == {"subscriptions", "units"}
    subs_rows = sum(i["rows"] for i in inputs if i["table"] == "subscriptions")
    assert subs_rows == 4  # C1 viettel+vnpt, C2 viettel, C3 viettel (its N1 part)
    assert all(isinstance(i["import_id"], int) for i in inputs)
