"""The figures the demo province is calibrated to, each beside its source.

BRIEF figures come from the seed article (Nam Định, 2024) as collected in BRIEF.md §4;
the demo aims at them within ±5 %. Trends run from the first quarter to the last.
"""

from __future__ import annotations

PROVINCE = "36"  # the old Nam Định (2024 map)
FIRST_QUARTER = "2024Q1"
LAST_QUARTER = "2025Q4"

VILLAGES = 3500  # BRIEF: "about 3,500 villages"
SITES = 2050  # BRIEF: "> 2,000 base-station sites" (latest quarter)
SITES_FIRST = 1880  # sites in the first quarter (growth over 2024–2025)
SHARED_SHARE = 0.20  # share of sites hosting ≥ 2 operators, latest quarter (target 30 %)
SHARED_SHARE_FIRST = 0.165
#: share of sites whose main tenant is each operator
OPERATOR_SITE_SHARE = {"viettel": 0.40, "vnpt": 0.30, "mobifone": 0.22, "vietnamobile": 0.08}
#: share of subscriptions of each operator
OPERATOR_SUBS_SHARE = {"viettel": 0.46, "vnpt": 0.26, "mobifone": 0.21, "vietnamobile": 0.07}

MOBILE_SUBS = 1_900_000  # BRIEF: "~1.9 M phone subscriptions" (latest quarter)
MOBILE_SUBS_FIRST = 1_820_000
MBB_PER_100 = (78.0, 84.6)  # target 1: ≥ 85 per 100 (at risk)
SMARTPHONE_SHARE = (0.90, 0.953)  # target 2: ≥ 95 % (met at the end)
FIXED_PER_100 = (20.0, 26.0)  # target 7: ≥ 25 per 100 (met)
FTTH_SHARE_OF_FIXED = (0.95, 0.985)
FIBRE_HOUSEHOLDS = (0.97, 0.99)  # target 8: 100 % (at risk)
MOBILE_MEDIAN_MBPS = (55.0, 75.0)  # target 4: ≥ 70 Mbit/s (met at the end)
FIXED_MEDIAN_MBPS = (120.0, 160.0)  # target 9: ≥ 150 Mbit/s (met at the end)
SPEED_TESTS_PER_QUARTER = 3000

SERVICES_FULL = 866  # BRIEF: 866 fully-online public services (latest)
SERVICES_PARTIAL = 872  # BRIEF: 872 partly-online
SERVICES_FULL_FIRST = 640
SERVICES_PARTIAL_FIRST = 980
INFO_SYSTEMS = 40
CLOUD_SHARE = (0.85, 0.92)  # target 11: ≥ 90 % of shared systems on cloud
CLOUD_ACCOUNTS_PER_ADULT = (0.80, 1.05)  # target 12: ≥ 1 per adult
ADULT_SMARTPHONE = (0.845, 0.862)  # BRIEF: > 85.5 % of adults own a smartphone (target 3: 90 %)
HOUSEHOLD_SMARTPHONE = 1.0  # BRIEF: 100 % of households
AGENCIES_PLATFORMS = (0.97, 1.0)  # target 13: 100 %
ENTERPRISES_PLATFORMS = (0.60, 0.72)  # target 14: ≥ 70 %
ADULT_RESPONDENTS_PER_YEAR = 2000

DEAD_SPOTS_REPORTED = 312  # BRIEF: "300+ dead spots" still unresolved
HOLE_VILLAGES = 300  # villages the design model leaves without 4G (the engine, with Am = 25 dB, finds ~10 % more)
DEAD_SPOTS_RESOLVED = 6  # reported, then fixed by a new site
DEAD_SPOTS_ELSEWHERE = 9  # reported where the model finds 4G (operators' lists are imperfect)

#: BRIEF figures for the summary table: (label, BRIEF value, how to compare)
BRIEF_FIGURES = {
    "sites": 2000,
    "shared_share": 0.20,
    "mobile_subscriptions": 1_900_000,
    "villages": 3500,
    "population_2025": 2_262_891,
    "services_full": 866,
    "services_partial": 872,
    "dead_spots": 300,
}

#: village names common in the Red River delta (synthetic use only)
VILLAGE_NAMES = (
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Trung",
    "Thượng",
    "Hạ",
    "Đoài",
    "Trại",
    "Chùa",
    "Đình",
    "Giữa",
    "Ngoài",
    "Trong",
    "Cầu",
    "Chợ",
    "Mới",
    "Phú",
    "Thịnh",
    "An",
    "Hòa",
    "Bình",
    "Lạc",
    "Thái",
    "Hưng",
    "Nhân",
    "Nghĩa",
    "Lễ",
    "Trí",
    "Tín",
    "Phúc",
    "Lộc",
    "Thọ",
)
