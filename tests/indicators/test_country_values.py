"""The country's own value of each indicator (a national plan's scope, `VN`): one per
indicator and period, on the 2025 map, aggregated as a province is — shares as a ratio
of the sums (so weighted by population), counts summed, medians over every test — on
a two-province country built by hand from hatang.testing's province.

The second province Q2 (2025 map) has communes M1 (1,700 people, lon 107.00–107.25)
and M2 (300 people, 107.25–107.30), villages W1–W5 in M1, and in 2025Q4::

    unit  mobile-broadband  mobile  villages with mobile broadband  mobile tests (Mbit/s)
    M1    300               455     W1–W4 yes, W5 no                10, 20, 30
    M2     60                75     —                               —
    Q2    360 / 2,000       530     4 / 5                           median 20

    P2 (hatang.testing): 850 / 1,000 people, 1,060 mobile, 6 / 6 villages, tests
    40 60 80 100 (N1) 50 (N2): median 60.

    VN: mobile broadband 1,210 / 3,000 = 40.33 per 100 (the provinces' mean: 51.5);
    mobile subscriptions 1,590; villages 10 / 11 = 90.91 % (mean: 90); mobile speed
    the median of all eight tests 10 20 30 40 50 60 80 100 = 45 (of the medians: 40).
"""

from __future__ import annotations

import pandas as pd
import pytest

from hatang.indicators import load_catalogue
from hatang.indicators.compute import compute_frames
from hatang.indicators.plans import parse_plan
from hatang.testing import fixture_frames

NATIONAL = """
id = "vn-test"
number = "test"
title = "Kế hoạch thử"
title_en = "A test plan"
issuing_body = "test"
date = 2025-01-01
scope = { map = "2025", code = "VN" }

[[target]]
no = 1
indicator = "mobile_broadband_per_100"
comparator = ">="
value = 85
deadline = "2025"
"""

IDS = [
    "mobile_broadband_per_100",
    "mobile_subscriptions",
    "villages_mobile_broadband",
    "mobile_download_speed",
]


def _box(x0: float, x1: float) -> str:
    return f"POLYGON (({x0} 20.0, {x1} 20.0, {x1} 20.1, {x0} 20.1, {x0} 20.0))"


def _two_provinces() -> dict[str, pd.DataFrame]:
    f = fixture_frames()
    u = f["units"]
    like = u[(u["map"].astype(str) == "2025") & (u["code"] == "N1")].iloc[0].to_dict()

    def unit(code: str, level: str, parent: str | None, pop: int, x0: float, x1: float) -> dict:
        return {**like, "code": code, "name": f"Đơn vị {code}", "level": level,
                "parent_code": parent, "population": pop, "households": pop // 4,
                "adults": pop * 3 // 4, "lon": (x0 + x1) / 2, "geometry": _box(x0, x1)}  # fmt: skip

    new = [unit("Q2", "province", None, 2000, 107.0, 107.3)]
    new += [unit("M1", "commune", "Q2", 1700, 107.0, 107.25)]
    new += [unit("M2", "commune", "Q2", 300, 107.25, 107.3)]
    new += [unit(f"W{i}", "village", "M1", 340, 107.0, 107.25) for i in range(1, 6)]
    f["units"] = pd.concat([u, pd.DataFrame(new)], ignore_index=True)
    subs = [("M1", "mobile-broadband", 300), ("M2", "mobile-broadband", 60),
            ("M1", "mobile", 455), ("M2", "mobile", 75)]  # fmt: skip
    more = pd.DataFrame(
        [
            dict(period="2025Q4", unit_code=c, operator="viettel", kind=k, count=n)
            for c, k, n in subs
        ]
    )
    f["subscriptions"] = pd.concat([f["subscriptions"], more], ignore_index=True)
    vs = pd.DataFrame(
        [
            dict(
                period="2025Q4",
                village_code=f"W{i}",
                mobile_broadband=i < 5,
                fixed_broadband=False,
                fibre_households=0,
            )  # fmt: skip
            for i in range(1, 6)
        ]
    )
    f["village_services"] = pd.concat([f["village_services"], vs], ignore_index=True)
    tests = f["speed_tests"]
    last = tests[(tests["period"] == "2025Q4") & (tests["kind"] == "mobile")].iloc[0].to_dict()
    extra = [
        {**last, "test_id": f"TQ{i}", "lon": 107.05, "download_kbps": mbps * 1000.0}
        for i, mbps in enumerate((10, 20, 30))
    ]
    f["speed_tests"] = pd.concat([tests, pd.DataFrame(extra)], ignore_index=True)
    return f


@pytest.fixture(scope="module")
def values() -> pd.DataFrame:
    catalogue = load_catalogue()
    plan = parse_plan(NATIONAL, "test plan")
    return compute_frames(
        _two_provinces(), [catalogue[i] for i in IDS], plans=[plan], min_speed_tests=3
    )


def _value(values: pd.DataFrame, indicator: str, unit: str, period: str = "2025Q4") -> pd.Series:
    v = values[(values["indicator"] == indicator) & (values["unit_code"] == unit)]
    v = v[(v["period"] == period) & (v["map"].astype(str) == "2025")]
    assert len(v) == 1, (indicator, unit, period, len(v))
    return v.iloc[0]


def test_the_provinces_are_as_built(values) -> None:
    assert _value(values, "mobile_broadband_per_100", "P2")["value"] == pytest.approx(85.0)
    assert _value(values, "mobile_broadband_per_100", "Q2")["value"] == pytest.approx(18.0)
    assert _value(values, "mobile_subscriptions", "Q2")["value"] == pytest.approx(530)
    assert _value(values, "villages_mobile_broadband", "Q2")["value"] == pytest.approx(80.0)
    assert _value(values, "mobile_download_speed", "Q2")["value"] == pytest.approx(20.0)
    assert _value(values, "mobile_download_speed", "P2")["value"] == pytest.approx(60.0)


def test_the_country_s_values_are_aggregated_over_every_province(values) -> None:
    share = _value(values, "mobile_broadband_per_100", "VN")
    assert (share["numerator"], share["denominator"]) == (1210, 3000)  # weighted by people
    assert share["value"] == pytest.approx(1210 / 3000 * 100)
    assert _value(values, "mobile_subscriptions", "VN")["value"] == 1590  # summed once
    villages = _value(values, "villages_mobile_broadband", "VN")
    assert (villages["numerator"], villages["denominator"]) == (10, 11)
    assert _value(values, "mobile_download_speed", "VN")["value"] == pytest.approx(45.0)


def test_one_country_value_per_indicator_and_period_on_the_2025_map_only(values) -> None:
    vn = values[values["unit_code"].astype(str).str.endswith("VN")]
    assert set(vn["map"].astype(str)) == {"2025"} and set(vn["unit_code"]) == {"VN"}
    assert (vn.groupby(["indicator", "period"]).size() == 1).all()
    assert set(vn["indicator"]) == set(IDS)
    assert set(vn["period"]) == set(values[values["map"].astype(str) == "2025"]["period"])


def test_the_engine_s_country_is_the_national_plans_scope() -> None:
    from hatang.indicators import boundaries, plans

    assert boundaries.COUNTRY == plans.COUNTRY == "VN"


def test_a_plan_scoped_to_one_province_adds_no_country_value() -> None:
    catalogue = load_catalogue()
    plan = parse_plan(NATIONAL.replace('code = "VN"', 'code = "P2"'), "test plan")
    out = compute_frames(_two_provinces(), [catalogue[IDS[0]]], plans=[plan])
    assert not out["unit_code"].astype(str).str.contains("VN").any()
