"""A tiny fixture province built by hand, with numbers small enough to check on paper.

`fixture_frames()` returns every table as a DataFrame (pure, no I/O);
`fixture_workspace(root)` writes them into a real workspace through the store (one
`imports` row per table and period, the CSV kept in raw/ under its hash), so any area
(indicators, web, reports) can test against known figures. With `seed=` the counts
are perturbed at random (same shape, other numbers) for property tests.

Maps and units (codes are strings)::

    2024 map (three levels)              2025 map (two levels)
    P1 province                          P2 province
    └ D1 district                        ├ N1 = C1 + C2 + west half of C3
      ├ C1  V1 V2                        │     villages V1 V2 V3 V4 V6
      ├ C2  V3 V4                        └ N2 = east half of C3
      └ C3  V5 V6                              village V5

    unit  pop  households adults  lon-range (lat 20.00–20.10)
    V1    200   50   150          C1 = [106.00, 106.10]
    V2    200   50   150          C2 = [106.10, 106.20]
    V3    100   30    70          C3 = [106.20, 106.30] (split at 106.25)
    V4    200   50   150          N1 = [106.00, 106.25], N2 = [106.25, 106.30]
    V5    150   35   115 (east)
    V6    150   35   115 (west)
    C1 400/100/300  C2 300/80/220  C3 300/70/230   P1 = D1 = 1000/250/750
    N1 850/215/635  N2 150/35/115                  P2 = 1000/250/750

Crosswalk: C1→N1 1 (whole-merge), C2→N1 1 (whole-merge), C3→N1 0.5 and C3→N2 0.5
(population: V6 and V5 hold 150 each), P1→P2 1.

Periods: 2024Q4 and 2025Q2 on the 2024 map (data keyed by C*), 2025Q3 and 2025Q4 on
the 2025 map (keyed by N*).

Subscriptions (operator in brackets; v = viettel, p = vnpt)::

    period  unit  mobile      mobile-broadband  smartphone   fixed-broadband  ftth
    2024Q4  C1    300v+100p   240v+60p          280v+80p     80p              70p
            C2    300v        210v              270v         60p              50p
            C3    250v        150v              200v         40p              40p
            sum   950         660               830          180              160
    2025Q2  C1    300v+120p   260v+70p          290v+100p    90p              80p
            C2    310v        240v              290v         70p              60p
            C3    270v        180v              240v         50p              45p
            sum   1000        750               920          210              185
    2025Q3  N1    700v+180p   560v+120p         660v+150p    200p             180p
            N2    140v        100v              120v         30p              25p
            sum   1020        780               930          230              205
    2025Q4  N1    720v+190p   600v+130p         700v+160p    220p             200p
            N2    150v        120v              140v         35p              30p
            sum   1060        850               1000         255              230

Village services (mobile broadband, fixed broadband, fibre households)::

    period  V1       V2       V3       V4       V5       V6
    2024Q4  T T 40   T T 30   T F 0    T T 40   F F 0    T T 20   (mbb 5/6, fixed 4/6, fibre 130/250)
    2025Q2  T T 45   T T 40   T T 20   T T 45   F F 0    T T 30   (5/6, 5/6, 180/250)
    2025Q3  T T 50   T T 45   T T 25   T T 50   T F 0    T T 30   (6/6, 5/6, 200/250)
    2025Q4  T T 50   T T 50   T T 30   T T 50   T T 10   T T 35   (6/6, 6/6, 225/250)

Sites (cells: operator technology); S1–S5 in every period, S6 from 2025Q2, S7 in 2025Q4::

    S1 C1/N1 (106.05, 20.05) viettel 4G + vnpt 4G        shared
    S2 C1/N1 (106.08, 20.02) viettel 4G + viettel 3G     not shared
    S3 C2/N1 (106.15, 20.05) viettel 4G
    S4 C3/N1 (106.22, 20.05) vnpt 3G
    S5 C3/N2 (106.28, 20.05) viettel 4G + mobifone 4G    shared
    S6 C2/N1 (106.12, 20.08) viettel 4G + vnpt 4G        shared
    S7 N2    (106.27, 20.08) vnpt 4G
    → 2024Q4 2/5 shared, 2025Q2 3/6, 2025Q3 3/6, 2025Q4 3/7

Speed tests (download Mbit/s; fixture settings: min_speed_tests = 3)::

    2025Q2 mobile  C1: 20 (106.03,20.06), 40 (106.07,20.06); C2: 60 (106.15,20.06);
                   C3 east: 35 (106.28,20.07)                → province median 37.5
    2025Q3 mobile  N1: 30, 50, 70; N2: 45, 55, 65            → P2 52.5, N1 50, N2 55
    2025Q4 mobile  N1: 40, 60, 80, 100; N2: 50               → P2 60, N1 70, N2 tiles
    2025Q4 fixed   N1: 120, 140, 160; N2: 100, 200           → P2 140, N1 140, N2 tiles
    (N1 tests lie at 106.05 / 106.15 / 106.22, N2 tests at 106.28)

Speed tiles (zoom-16 quadkeys around three points: a (106.05,20.05) in C1/N1,
b (106.15,20.05) in C2/N1, c (106.28,20.05) in C3-east/N2), avg download Mbit/s (tests)::

    mobile 2024Q4 a 30 (20)  b 25 (20)  c 20 (10)   → P 26.0 over 50 tests
           2025Q2 a 40 (30)  b 35 (20)  c 30 (10)
           2025Q3 a 50 (30)  b 45 (30)  c 40 (20)
           2025Q4 a 60 (40)  b 55 (30)  c 50 (20)   → N2 50 over 20 tests (unreliable)
    fixed  2024Q4 a 100 (10) b 90 (10)  c 80 (10)
           2025Q2 a 110 (20) b 100 (20) c 90 (20)
           2025Q3 a 120 (20) b 110 (20) c 100 (20)
           2025Q4 a 130 (20) b 120 (20) c 110 (20)  → N2 110 over 20 tests

Surveys (value, weight)::

    adults owns_smartphone 2025Q2: r1 C1 1 100, r2 C2 1 100, r3 C2 0 100, r4 C3 1 100 → 75 %
    adults owns_smartphone 2025Q4: r1 N1 1 100, r2 N1 1 100, r3 N1 0 200, r4 N1 1 50,
                                   r5 N2 1 100, r6 N2 0 50                    → 350/600
    adults owns_mobile_phone: as owns_smartphone but r3 answers 1 in both periods
    households owns_smartphone 2025Q4: h1 N1 1 100, h2 N2 1 50                → 100 %
    agencies uses_national_platforms 2025Q2 (unit P1): 1 1 0 0 (weight 1)     → 50 %
                                     2025Q4 (unit P2): 1 1 1 0 (weight 1)     → 75 %
    enterprises uses_digital_platforms 2025Q2 (P1): 1 w10, 0 w30, 0 w20       → 10/60
                                       2025Q4 (P2): 1 w10, 0 w30, 1 w20       → 30/60

Services: 2025Q2 DV1 full portal, DV2 full no-portal, DV3 partial portal (2 full,
1 partial, 2/3 on portal); 2025Q4 DV1 DV2 DV4 full portal, DV3 DV5 partial portal
(3 full, 2 partial, 5/5).
Information systems: 2025Q2 IS1 shared cloud data-centre, IS2 shared no-cloud, IS3
not shared cloud (1/2 shared on cloud); 2025Q4 IS1 shared cloud data-centre, IS2
shared cloud, IS3 shared no-cloud, IS4 not shared no-cloud (2/3).
Cloud accounts: 2025Q2 C1 150, C2 100, C3 60 (310 / 750 adults); 2025Q4 N1 500,
N2 100 (600 / 750).
Dead spots: DS1 V5 reported 2024-05-01 resolved 2025-08-15; DS2 V5 2024-06-01 open;
DS3 V3 2025-01-10 resolved 2025-05-20; DS4 V6 2025-09-01 open; DS5 no village, at
(106.03, 20.02) (nearest village V1) 2025-02-01 open → open at period end: 2024Q4 2,
2025Q2 3, 2025Q3 3, 2025Q4 3.
Modelled coverage (coverage_units, run "fixture", 2025Q4, map 2025, operator any, 4G):
N1 850 people / 800 covered, 5 villages / 5 covered; N2 150 / 90, 1 / 0. The workspace
records the run in coverage_runs (all operators, 100 m, 1,000 people / 890 covered).

Dead-spot register (register_events, built with the register's own steps; office =
analyst, vt / vn = Viettel's / VNPT's operator tokens)::

    case    village  reported    opened      steps
    C00001  V5 (N2)  2025-06-01  2025-07-10  confirm 07-12, assign viettel 07-15 (due 09-13), no answer;
                                             people 120 (model, fixture/any-1)
    C00002  V3 (N1)  2025-07-01  2025-07-20  confirm 07-22, assign vnpt 08-01, accept 08-20 (planned
                                             11-30, sharing, RNAS 2), fix 11-10 (fixed on 11-05),
                                             verify 12-01, close 12-05; people 100 (village)
    C00003  V6 (N1)  2025-10-01  2025-10-05  reject 10-10 (duplicate); people 0
    C00004  V1 (N1)  2025-09-15  2025-10-20  confirm 10-21, assign viettel 10-22, accept 11-01
                                             (planned 12-15, new site); people 200 (fixture/any-9)
    C00005  V2 (N1)  2025-10-18  2025-10-20  reported; people 200 (the same modelled dead spot)

    → end of 2025Q3: open 2 (C00001 N2, C00002 N1), overdue 1 (C00001: due 09-13),
      people 220. End of 2025Q4: open 3 (N2 1, N1 2), overdue 2 (C00001 response,
      C00004 fix: planned 12-15), fixed 1 and verified 1 (C00002, N1), days to fix
      127 (07-01 → 11-05), people 320 (120 + 200; C00005 shares C00004's dead spot).
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd

from hatang import settings as settings_mod
from hatang.indicators.geo import lonlat_to_quadkey
from hatang.model.schema import TABLES
from hatang.store import db
from hatang.store.workspace import Workspace

LAT0, LAT1 = 20.00, 20.10


def _box(x0: float, x1: float) -> str:
    return f"POLYGON (({x0} {LAT0}, {x1} {LAT0}, {x1} {LAT1}, {x0} {LAT1}, {x0} {LAT0}))"


def _units() -> pd.DataFrame:
    rows = []

    def add(map_, code, name, level, parent, pop, hh, adults, lon, lat, geom=None, urban=False):
        rows.append(
            dict(
                map=map_,
                code=code,
                name=name,
                level=level,
                parent_code=parent,
                valid_from=pd.Timestamp("2020-01-01" if map_ == "2024" else "2025-07-01").date(),
                valid_to=pd.Timestamp("2025-06-30").date() if map_ == "2024" else None,
                population=pop,
                households=hh,
                adults=adults,
                area_km2=None,
                lon=lon,
                lat=lat,
                geometry=geom,
                geometry_source="fixture" if geom else None,
                urban=urban,
                source="hatang.testing",
            )
        )

    add(
        "2024",
        "P1",
        "Tỉnh Một",
        "province",
        None,
        1000,
        250,
        750,
        106.15,
        20.05,
        _box(106.0, 106.3),
    )
    add(
        "2024",
        "D1",
        "Huyện Một",
        "district",
        "P1",
        1000,
        250,
        750,
        106.15,
        20.05,
        _box(106.0, 106.3),
    )
    add(
        "2024",
        "C1",
        "Xã Một",
        "commune",
        "D1",
        400,
        100,
        300,
        106.05,
        20.05,
        _box(106.0, 106.1),
        True,
    )
    add("2024", "C2", "Xã Hai", "commune", "D1", 300, 80, 220, 106.15, 20.05, _box(106.1, 106.2))
    add("2024", "C3", "Xã Ba", "commune", "D1", 300, 70, 230, 106.25, 20.05, _box(106.2, 106.3))
    add(
        "2025",
        "P2",
        "Tỉnh Hai",
        "province",
        None,
        1000,
        250,
        750,
        106.15,
        20.05,
        _box(106.0, 106.3),
    )
    add(
        "2025",
        "N1",
        "Phường Mới",
        "commune",
        "P2",
        850,
        215,
        635,
        106.125,
        20.05,
        _box(106.0, 106.25),
        True,
    )
    add("2025", "N2", "Xã Mới", "commune", "P2", 150, 35, 115, 106.275, 20.05, _box(106.25, 106.3))
    villages = [  # code, name, pop, hh, adults, lon, old commune, new commune
        ("V1", "Thôn Một", 200, 50, 150, 106.03, "C1", "N1"),
        ("V2", "Thôn Hai", 200, 50, 150, 106.07, "C1", "N1"),
        ("V3", "Thôn Ba", 100, 30, 70, 106.13, "C2", "N1"),
        ("V4", "Thôn Bốn", 200, 50, 150, 106.17, "C2", "N1"),
        ("V5", "Thôn Năm", 150, 35, 115, 106.275, "C3", "N2"),
        ("V6", "Thôn Sáu", 150, 35, 115, 106.225, "C3", "N1"),
    ]
    for code, name, pop, hh, ad, lon, old, new in villages:
        add("2024", code, name, "village", old, pop, hh, ad, lon, 20.05)
        add("2025", code, name, "village", new, pop, hh, ad, lon, 20.05)
    return pd.DataFrame(rows)


def _crosswalk() -> pd.DataFrame:
    eff = pd.Timestamp("2025-07-01").date()
    rows = [
        ("C1", "N1", 1.0, "whole-merge", "Nhập toàn bộ"),
        ("C2", "N1", 1.0, "whole-merge", "Nhập toàn bộ"),
        ("C3", "N1", 0.5, "population", "Nhập một phần"),
        ("C3", "N2", 0.5, "population", "Nhập một phần"),
        ("P1", "P2", 1.0, "whole-merge", "Nhập toàn bộ"),
    ]
    return pd.DataFrame(
        [
            dict(old_code=o, new_code=n, share=s, share_method=m, effective_date=eff, note=t)
            for o, n, s, m, t in rows
        ]
    )


_SUBS = {  # period → unit → kind → {operator: count}
    "2024Q4": {
        "C1": {
            "mobile": {"viettel": 300, "vnpt": 100},
            "mobile-broadband": {"viettel": 240, "vnpt": 60},
            "smartphone": {"viettel": 280, "vnpt": 80},
            "fixed-broadband": {"vnpt": 80},
            "ftth": {"vnpt": 70},
        },
        "C2": {
            "mobile": {"viettel": 300},
            "mobile-broadband": {"viettel": 210},
            "smartphone": {"viettel": 270},
            "fixed-broadband": {"vnpt": 60},
            "ftth": {"vnpt": 50},
        },
        "C3": {
            "mobile": {"viettel": 250},
            "mobile-broadband": {"viettel": 150},
            "smartphone": {"viettel": 200},
            "fixed-broadband": {"vnpt": 40},
            "ftth": {"vnpt": 40},
        },
    },
    "2025Q2": {
        "C1": {
            "mobile": {"viettel": 300, "vnpt": 120},
            "mobile-broadband": {"viettel": 260, "vnpt": 70},
            "smartphone": {"viettel": 290, "vnpt": 100},
            "fixed-broadband": {"vnpt": 90},
            "ftth": {"vnpt": 80},
        },
        "C2": {
            "mobile": {"viettel": 310},
            "mobile-broadband": {"viettel": 240},
            "smartphone": {"viettel": 290},
            "fixed-broadband": {"vnpt": 70},
            "ftth": {"vnpt": 60},
        },
        "C3": {
            "mobile": {"viettel": 270},
            "mobile-broadband": {"viettel": 180},
            "smartphone": {"viettel": 240},
            "fixed-broadband": {"vnpt": 50},
            "ftth": {"vnpt": 45},
        },
    },
    "2025Q3": {
        "N1": {
            "mobile": {"viettel": 700, "vnpt": 180},
            "mobile-broadband": {"viettel": 560, "vnpt": 120},
            "smartphone": {"viettel": 660, "vnpt": 150},
            "fixed-broadband": {"vnpt": 200},
            "ftth": {"vnpt": 180},
        },
        "N2": {
            "mobile": {"viettel": 140},
            "mobile-broadband": {"viettel": 100},
            "smartphone": {"viettel": 120},
            "fixed-broadband": {"vnpt": 30},
            "ftth": {"vnpt": 25},
        },
    },
    "2025Q4": {
        "N1": {
            "mobile": {"viettel": 720, "vnpt": 190},
            "mobile-broadband": {"viettel": 600, "vnpt": 130},
            "smartphone": {"viettel": 700, "vnpt": 160},
            "fixed-broadband": {"vnpt": 220},
            "ftth": {"vnpt": 200},
        },
        "N2": {
            "mobile": {"viettel": 150},
            "mobile-broadband": {"viettel": 120},
            "smartphone": {"viettel": 140},
            "fixed-broadband": {"vnpt": 35},
            "ftth": {"vnpt": 30},
        },
    },
}


def _subscriptions() -> pd.DataFrame:
    rows = [
        dict(period=p, unit_code=u, operator=op, kind=k, count=n)
        for p, units in _SUBS.items()
        for u, kinds in units.items()
        for k, ops in kinds.items()
        for op, n in ops.items()
    ]
    return pd.DataFrame(rows)


_VS = {
    "2024Q4": [(1, 1, 40), (1, 1, 30), (1, 0, 0), (1, 1, 40), (0, 0, 0), (1, 1, 20)],
    "2025Q2": [(1, 1, 45), (1, 1, 40), (1, 1, 20), (1, 1, 45), (0, 0, 0), (1, 1, 30)],
    "2025Q3": [(1, 1, 50), (1, 1, 45), (1, 1, 25), (1, 1, 50), (1, 0, 0), (1, 1, 30)],
    "2025Q4": [(1, 1, 50), (1, 1, 50), (1, 1, 30), (1, 1, 50), (1, 1, 10), (1, 1, 35)],
}


def _village_services() -> pd.DataFrame:
    rows = []
    for p, vals in _VS.items():
        for i, (m, f, h) in enumerate(vals):
            rows.append(
                dict(
                    period=p,
                    village_code=f"V{i + 1}",
                    mobile_broadband=bool(m),
                    fixed_broadband=bool(f),
                    fibre_households=h,
                )
            )
    return pd.DataFrame(rows)


_SITES = [  # id, old commune, new commune, lon, lat, cells [(operator, tech)], first period
    ("S1", "C1", "N1", 106.05, 20.05, [("viettel", "4G"), ("vnpt", "4G")], "2024Q4"),
    ("S2", "C1", "N1", 106.08, 20.02, [("viettel", "4G"), ("viettel", "3G")], "2024Q4"),
    ("S3", "C2", "N1", 106.15, 20.05, [("viettel", "4G")], "2024Q4"),
    ("S4", "C3", "N1", 106.22, 20.05, [("vnpt", "3G")], "2024Q4"),
    ("S5", "C3", "N2", 106.28, 20.05, [("viettel", "4G"), ("mobifone", "4G")], "2024Q4"),
    ("S6", "C2", "N1", 106.12, 20.08, [("viettel", "4G"), ("vnpt", "4G")], "2025Q2"),
    ("S7", None, "N2", 106.27, 20.08, [("vnpt", "4G")], "2025Q4"),
]
PERIODS = ("2024Q4", "2025Q2", "2025Q3", "2025Q4")
OLD_PERIODS = ("2024Q4", "2025Q2")


def _sites_cells() -> tuple[pd.DataFrame, pd.DataFrame]:
    sites, cells = [], []
    for p in PERIODS:
        for sid, old, new, lon, lat, cl, first in _SITES:
            if PERIODS.index(p) < PERIODS.index(first):
                continue
            sites.append(
                dict(
                    period=p,
                    site_id=sid,
                    name=f"Trạm {sid}",
                    lon=lon,
                    lat=lat,
                    owner=cl[0][0],
                    structure="tower",
                    height_m=30.0,
                    commune_code=old if p in OLD_PERIODS else new,
                    location_approx=False,
                )
            )
            for j, (op, tech) in enumerate(cl):
                cells.append(
                    dict(
                        period=p,
                        cell_id=f"{sid}-{j + 1}",
                        site_id=sid,
                        operator=op,
                        technology=tech,
                        band_mhz=1800.0 if tech == "4G" else 2100.0,
                        bandwidth_mhz=10.0,
                        eirp_dbm=60.0,
                        azimuth_deg=None,
                        tilt_deg=None,
                        beamwidth_deg=None,
                        height_m=None,
                    )
                )
    return pd.DataFrame(sites), pd.DataFrame(cells)


_TESTS = [  # period, kind, Mbit/s, lon, lat
    ("2025Q2", "mobile", 20, 106.03, 20.06),
    ("2025Q2", "mobile", 40, 106.07, 20.06),
    ("2025Q2", "mobile", 60, 106.15, 20.06),
    ("2025Q2", "mobile", 35, 106.28, 20.07),
    ("2025Q3", "mobile", 30, 106.05, 20.06),
    ("2025Q3", "mobile", 50, 106.15, 20.06),
    ("2025Q3", "mobile", 70, 106.22, 20.06),
    ("2025Q3", "mobile", 45, 106.28, 20.07),
    ("2025Q3", "mobile", 55, 106.28, 20.03),
    ("2025Q3", "mobile", 65, 106.27, 20.06),
    ("2025Q4", "mobile", 40, 106.05, 20.06),
    ("2025Q4", "mobile", 60, 106.15, 20.06),
    ("2025Q4", "mobile", 80, 106.22, 20.06),
    ("2025Q4", "mobile", 100, 106.05, 20.03),
    ("2025Q4", "mobile", 50, 106.28, 20.07),
    ("2025Q4", "fixed", 120, 106.05, 20.06),
    ("2025Q4", "fixed", 140, 106.15, 20.06),
    ("2025Q4", "fixed", 160, 106.22, 20.06),
    ("2025Q4", "fixed", 100, 106.28, 20.07),
    ("2025Q4", "fixed", 200, 106.28, 20.03),
]


def _speed_tests() -> pd.DataFrame:
    rows = []
    for i, (p, kind, mbps, lon, lat) in enumerate(_TESTS):
        month = {"2025Q2": 5, "2025Q3": 8, "2025Q4": 11}[p]
        rows.append(
            dict(
                test_id=f"T{i + 1:03d}",
                time=pd.Timestamp(2025, month, 10, 9, i),
                period=p,
                lon=lon,
                lat=lat,
                operator="viettel" if kind == "mobile" else "vnpt",
                kind=kind,
                download_kbps=mbps * 1000.0,
                upload_kbps=mbps * 300.0,
                latency_ms=20.0,
                rsrp_dbm=None,
            )
        )
    return pd.DataFrame(rows)


TILE_POINTS = {"a": (106.05, 20.05), "b": (106.15, 20.05), "c": (106.28, 20.05)}
_TILES = {  # kind → period → [(Mbit/s, tests) for a, b, c]
    "mobile": {
        "2024Q4": [(30, 20), (25, 20), (20, 10)],
        "2025Q2": [(40, 30), (35, 20), (30, 10)],
        "2025Q3": [(50, 30), (45, 30), (40, 20)],
        "2025Q4": [(60, 40), (55, 30), (50, 20)],
    },
    "fixed": {
        "2024Q4": [(100, 10), (90, 10), (80, 10)],
        "2025Q2": [(110, 20), (100, 20), (90, 20)],
        "2025Q3": [(120, 20), (110, 20), (100, 20)],
        "2025Q4": [(130, 20), (120, 20), (110, 20)],
    },
}


def _speed_tiles() -> pd.DataFrame:
    rows = []
    for kind, periods in _TILES.items():
        for p, vals in periods.items():
            for (lon, lat), (mbps, tests) in zip(TILE_POINTS.values(), vals, strict=True):
                rows.append(
                    dict(
                        period=p,
                        kind=kind,
                        quadkey=lonlat_to_quadkey(lon, lat),
                        avg_d_kbps=mbps * 1000.0,
                        avg_u_kbps=mbps * 300.0,
                        avg_lat_ms=25.0,
                        tests=tests,
                        devices=max(1, tests // 2),
                    )
                )
    return pd.DataFrame(rows)


def _surveys() -> pd.DataFrame:
    rows = []

    def add(p, survey, rid, unit, question, value, weight):
        rows.append(
            dict(
                period=p,
                survey=survey,
                respondent_id=rid,
                unit_code=unit,
                question=question,
                value=float(value),
                weight=float(weight),
            )
        )

    for rid, unit, y, w in [
        ("r1", "C1", 1, 100),
        ("r2", "C2", 1, 100),
        ("r3", "C2", 0, 100),
        ("r4", "C3", 1, 100),
    ]:
        add("2025Q2", "adults", rid, unit, "owns_smartphone", y, w)
        add("2025Q2", "adults", rid, unit, "owns_mobile_phone", 1 if rid == "r3" else y, w)
    for rid, unit, y, w in [
        ("r1", "N1", 1, 100),
        ("r2", "N1", 1, 100),
        ("r3", "N1", 0, 200),
        ("r4", "N1", 1, 50),
        ("r5", "N2", 1, 100),
        ("r6", "N2", 0, 50),
    ]:
        add("2025Q4", "adults", rid, unit, "owns_smartphone", y, w)
        add("2025Q4", "adults", rid, unit, "owns_mobile_phone", 1 if rid == "r3" else y, w)
    add("2025Q4", "households", "h1", "N1", "owns_smartphone", 1, 100)
    add("2025Q4", "households", "h2", "N2", "owns_smartphone", 1, 50)
    for i, y in enumerate([1, 1, 0, 0]):
        add("2025Q2", "agencies", f"a{i + 1}", "P1", "uses_national_platforms", y, 1)
    for i, y in enumerate([1, 1, 1, 0]):
        add("2025Q4", "agencies", f"a{i + 1}", "P2", "uses_national_platforms", y, 1)
    for i, (y, w) in enumerate([(1, 10), (0, 30), (0, 20)]):
        add("2025Q2", "enterprises", f"e{i + 1}", "P1", "uses_digital_platforms", y, w)
    for i, (y, w) in enumerate([(1, 10), (0, 30), (1, 20)]):
        add("2025Q4", "enterprises", f"e{i + 1}", "P2", "uses_digital_platforms", y, w)
    return pd.DataFrame(rows)


def _services() -> pd.DataFrame:
    rows = [
        ("2025Q2", "DV1", "full", True),
        ("2025Q2", "DV2", "full", False),
        ("2025Q2", "DV3", "partial", True),
        ("2025Q4", "DV1", "full", True),
        ("2025Q4", "DV2", "full", True),
        ("2025Q4", "DV4", "full", True),
        ("2025Q4", "DV3", "partial", True),
        ("2025Q4", "DV5", "partial", True),
    ]
    return pd.DataFrame(
        [
            dict(
                period=p,
                code=c,
                name=f"Thủ tục {c}",
                agency="Sở TT&TT",
                level=lv,
                on_national_portal=portal,
            )
            for p, c, lv, portal in rows
        ]
    )


def _info_systems() -> pd.DataFrame:
    rows = [
        ("2025Q2", "IS1", True, True, True),
        ("2025Q2", "IS2", True, False, False),
        ("2025Q2", "IS3", False, True, False),
        ("2025Q4", "IS1", True, True, True),
        ("2025Q4", "IS2", True, True, False),
        ("2025Q4", "IS3", True, False, False),
        ("2025Q4", "IS4", False, False, False),
    ]
    return pd.DataFrame(
        [
            dict(
                period=p,
                system_id=s,
                name=f"Hệ thống {s}",
                agency="Sở TT&TT",
                shared=sh,
                on_cloud=cl,
                is_data_centre=dc,
            )
            for p, s, sh, cl, dc in rows
        ]
    )


def _cloud_accounts() -> pd.DataFrame:
    rows = [
        ("2025Q2", "C1", 150),
        ("2025Q2", "C2", 100),
        ("2025Q2", "C3", 60),
        ("2025Q4", "N1", 500),
        ("2025Q4", "N2", 100),
    ]
    return pd.DataFrame(
        [dict(period=p, unit_code=u, provider="viettel-cloud", accounts=n) for p, u, n in rows]
    )


def _dead_spots() -> pd.DataFrame:
    d = pd.Timestamp
    rows = [
        ("DS1", 106.275, 20.06, "V5", d("2024-05-01"), d("2025-08-15")),
        ("DS2", 106.276, 20.04, "V5", d("2024-06-01"), None),
        ("DS3", 106.13, 20.06, "V3", d("2025-01-10"), d("2025-05-20")),
        ("DS4", 106.225, 20.06, "V6", d("2025-09-01"), None),
        ("DS5", 106.03, 20.02, None, d("2025-02-01"), None),
    ]
    return pd.DataFrame(
        [
            dict(
                dead_spot_id=i,
                lon=lo,
                lat=la,
                village_code=v,
                operator=None,
                reported_on=r.date(),
                resolved_on=s.date() if s is not None else None,
                description=None,
            )
            for i, lo, la, v, r, s in rows
        ]
    )


def _coverage_units(synthetic: bool) -> pd.DataFrame:
    rows = [("N1", 850.0, 800.0, 5, 5), ("N2", 150.0, 90.0, 1, 0)]
    return pd.DataFrame(
        [
            dict(
                run_id="fixture",
                period="2025Q4",
                map="2025",
                unit_code=u,
                level="commune",
                operator="any",
                technology="4G",
                population=p,
                population_covered=c,
                villages=v,
                villages_covered=vc,
                synthetic=synthetic,
            )
            for u, p, c, v, vc in rows
        ]
    )


def _coverage_run(synthetic: bool) -> pd.DataFrame:
    """The coverage_runs record of run "fixture" (its coverage_units are the figures)."""
    return pd.DataFrame(
        [
            dict(
                run_id="fixture",
                created_at=pd.Timestamp("2024-01-01"),  # older than any run a test makes
                period="2025Q4",
                technology="4G",
                operator="any",
                resolution_m=100.0,
                model="extended-hata",
                settings="{}",
                calibration=None,
                population=1000.0,
                population_covered=890.0,
                evaluations=0,
                seconds=0.0,
                synthetic=synthetic,
                province=None,
            )
        ]
    )


def _register_events(synthetic: bool) -> pd.DataFrame:
    """The register's history of the fixture (module docstring), taken with the
    register's own pure steps, so it is a history the machine allows."""
    import datetime as dt

    from hatang.register import machine
    from hatang.register.history import Pending, take

    office = machine.Actor("office", "analyst")
    vt = machine.Actor("vt", "operator", "viettel")
    vn = machine.Actor("vn", "operator", "vnpt")
    p = Pending(1, 1, dt.datetime(2025, 7, 10, 9), synthetic)
    places = {"V5": ("N2", "C3", 106.275), "V3": ("N1", "C2", 106.13), "V6": ("N1", "C3", 106.225)}
    places |= {"V1": ("N1", "C1", 106.03), "V2": ("N1", "C1", 106.07)}

    def open_(
        cid: str, when: str, village: str, reported: str, people: float, ref: str | None
    ) -> None:
        p.now = dt.datetime.fromisoformat(when)
        n25, n24, lon = places[village]
        fields = dict(source="province", opened_on=dt.date.fromisoformat(reported), opened_at=p.now)
        fields |= dict(lon=lon, lat=20.05, village_code=village, commune_code=n25)
        fields |= dict(commune_code_2024=n24, technology="4G", people_affected=people)
        fields |= dict(people_source="model" if ref else "village", modelled_ref=ref)
        p.add(None, cid, machine.step("open"), office, "fixture", fields, {})

    def step(cid: str, when: str, action: str, actor: machine.Actor, **inputs: object) -> None:
        p.now = dt.datetime.fromisoformat(when)
        take(p, p.cases[cid], action, actor, inputs, channel="fixture", today=p.now.date())

    ev = {"evidence": [{"kind": "ref", "ref": "fixture"}]}
    open_("C00001", "2025-07-10 09:00", "V5", "2025-06-01", 120.0, "fixture/any-1")
    step("C00001", "2025-07-12 09:00", "confirm", office, **ev)
    step("C00001", "2025-07-15 09:00", "assign", office, operator="viettel")
    open_("C00002", "2025-07-20 09:00", "V3", "2025-07-01", 100.0, None)
    step("C00002", "2025-07-22 09:00", "confirm", office, **ev)
    step("C00002", "2025-08-01 09:00", "assign", office, operator="vnpt")
    step(
        "C00002",
        "2025-08-20 09:00",
        "accept",
        vn,
        planned_on="2025-11-30",
        planned_action="sharing",
        rnas_code=2,
    )
    open_("C00003", "2025-10-05 09:00", "V6", "2025-10-01", 0.0, None)
    step("C00003", "2025-10-10 09:00", "reject", office, reason="duplicate")
    open_("C00004", "2025-10-20 09:00", "V1", "2025-09-15", 200.0, "fixture/any-9")
    open_("C00005", "2025-10-20 10:00", "V2", "2025-10-18", 200.0, "fixture/any-9")
    step("C00004", "2025-10-21 09:00", "confirm", office, **ev)
    step("C00004", "2025-10-22 09:00", "assign", office, operator="viettel")
    step(
        "C00004",
        "2025-11-01 09:00",
        "accept",
        vt,
        planned_on="2025-12-15",
        planned_action="new-site",
    )
    step("C00002", "2025-11-10 09:00", "fix", vn, fixed_on="2025-11-05", fix_action="sharing")
    step("C00002", "2025-12-01 09:00", "verify", office, verification="12 of 12 tests")
    step("C00002", "2025-12-05 09:00", "close", office)
    return pd.DataFrame(p.events, columns=TABLES["register_events"].column_names)


def _perturb(frames: dict[str, pd.DataFrame], seed: int) -> None:
    """Replace counts and answers by random ones of the same shape (in place)."""
    rng = np.random.default_rng(seed)
    s = frames["subscriptions"]
    s["count"] = rng.integers(0, 1000, len(s))
    v = frames["village_services"]
    v["mobile_broadband"] = rng.random(len(v)) < 0.7
    v["fixed_broadband"] = rng.random(len(v)) < 0.6
    v["fibre_households"] = rng.integers(0, 30, len(v))
    c = frames["cloud_accounts"]
    c["accounts"] = rng.integers(0, 500, len(c))
    sv = frames["survey_responses"]
    sv["value"] = (rng.random(len(sv)) < 0.6).astype(float)
    sv["weight"] = rng.integers(1, 300, len(sv)).astype(float)
    t = frames["speed_tests"]
    t["download_kbps"] = rng.uniform(1000, 200000, len(t)).round()
    cov = frames["coverage_units"]
    cov["population_covered"] = (cov["population"] * rng.random(len(cov))).round()


def fixture_frames(*, synthetic: bool = True, seed: int | None = None) -> dict[str, pd.DataFrame]:
    """Every table of the fixture province (see the module docstring), as DataFrames.

    Imported tables come without `import_id`; `coverage_units` is included (computed by
    the coverage area in a real workspace). With `seed`, counts are random.
    """
    sites, cells = _sites_cells()
    frames = {
        "units": _units(),
        "crosswalk": _crosswalk(),
        "sites": sites,
        "cells": cells,
        "subscriptions": _subscriptions(),
        "village_services": _village_services(),
        "speed_tests": _speed_tests(),
        "speed_tiles": _speed_tiles(),
        "services": _services(),
        "info_systems": _info_systems(),
        "survey_responses": _surveys(),
        "cloud_accounts": _cloud_accounts(),
        "dead_spots": _dead_spots(),
        "coverage_units": _coverage_units(synthetic),
        "register_events": _register_events(synthetic),
    }
    if seed is not None:
        _perturb(frames, seed)
    return frames


def fixture_settings(*, synthetic: bool = True) -> settings_mod.Settings:
    s = settings_mod.Settings()
    s.workspace.province = "P1"
    s.workspace.province_map = "2024"
    s.workspace.name = "Tỉnh Một (fixture)"
    s.workspace.synthetic = synthetic
    s.indicators.min_speed_tests = 3
    return s


def write_table(
    ws: Workspace,
    table: str,
    frame: pd.DataFrame,
    *,
    file_name: str,
    period: str | None = None,
    synthetic: bool | None = None,
) -> int:
    """Write `frame` into `table` as one import (CSV archived in raw/); returns the import id."""
    t = TABLES[table]
    synthetic = ws.synthetic if synthetic is None else synthetic
    buf = io.StringIO()
    frame.to_csv(buf, index=False)
    src = ws.root / "output" / "fixture-src" / file_name
    src.parent.mkdir(parents=True, exist_ok=True)
    src.write_text(buf.getvalue(), encoding="utf-8")
    digest, _ = ws.archive(src)
    with ws.connect() as con, db.transaction(con):
        import_id = db.record_import(
            con,
            kind=t.kind or table,
            file_name=file_name,
            sha256=digest,
            period=period,
            encoding="utf-8",
            rows_read=len(frame),
            rows_loaded=len(frame),
            rows_rejected=0,
            synthetic=synthetic,
            note="hatang.testing fixture",
        )
        out = frame.copy()
        out["import_id"] = import_id
        for col in t.column_names:
            if col not in out.columns:
                out[col] = None
        db.upsert_frame(con, t, out[t.column_names])
    return import_id


def fixture_workspace(
    root: Path, *, synthetic: bool = True, seed: int | None = None, register: bool = True
) -> Workspace:
    """Create the fixture province as a real workspace at `root` (see the module
    docstring); `register=False` leaves the dead-spot register empty."""
    ws = Workspace.create(Path(root), fixture_settings(synthetic=synthetic))
    frames = fixture_frames(synthetic=synthetic, seed=seed)
    write_table(ws, "units", frames["units"], file_name="units.csv")
    write_table(ws, "crosswalk", frames["crosswalk"], file_name="crosswalk.csv")
    for table in (
        "sites",
        "cells",
        "subscriptions",
        "village_services",
        "speed_tests",
        "speed_tiles",
        "services",
        "info_systems",
        "survey_responses",
        "cloud_accounts",
    ):
        frame = frames[table]
        for period, part in frame.groupby("period", sort=True):
            write_table(
                ws,
                table,
                part.reset_index(drop=True),
                file_name=f"{table}-{period}.csv",
                period=str(period),
            )
    write_table(ws, "dead_spots", frames["dead_spots"], file_name="dead_spots.csv")
    cov = frames["coverage_units"]
    with ws.connect() as con, db.transaction(con):
        db.upsert_frame(con, TABLES["coverage_units"], cov)
        db.upsert_frame(con, TABLES["coverage_runs"], _coverage_run(synthetic))
    if register:
        _write_register(ws, frames["register_events"])
    return ws


def write_fixture_plan(ws: Workspace) -> Path:
    """Plan 137's targets over the fixture province P1, as the workspace's own plan
    `fixture-plan` (a workspace scores only a plan whose scope is one of its units)."""
    from importlib import resources

    text = (
        resources.files("hatang.indicators")
        .joinpath("plans", "nam-dinh-kh-137-2024.toml")
        .read_text(encoding="utf-8")
        .replace('code = "36"', 'code = "P1"')
        .replace('id = "kh-137-2024"', 'id = "fixture-plan"')
    )
    path = ws.root / "plans" / "fixture-plan.toml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _write_register(ws: Workspace, events: pd.DataFrame) -> None:
    """The register's history and its fold, as the register writes them."""
    from hatang.register import cases as fold
    from hatang.store import register as store

    records = events.to_dict("records")
    with ws.connect() as con:
        store.append(con, records, list(fold.replay(records).values()))
