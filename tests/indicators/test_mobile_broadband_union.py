"""Target 5 counts villages with mobile broadband as the plan means it — 3G, 4G or 5G —
the union of what an operator's report says by technology, each village once (never a
sum of the technologies, never 4G alone), through the real importer and engine."""

from __future__ import annotations

import pandas as pd
import pytest

from hatang.indicators import compute_workspace
from hatang.io import import_file
from hatang.model.services import mobile_broadband

# the fixture's six villages in 2025Q4, reported by technology: V1 3G+4G, V2 3G only,
# V3 4G only, V4 3G+4G+5G, V5 none, V6 nothing filled (not reported on)
REPORT = (
    "Kỳ,Mã thôn,Có sóng 3G,Có sóng 4G,Có sóng 5G,Phủ băng rộng cố định,Hộ tiếp cận cáp quang\n"
    "2025Q4,V1,Có,Có,Không,Có,50\n"
    "2025Q4,V2,Có,Không,Không,Có,50\n"
    "2025Q4,V3,Không,Có,Không,Có,30\n"
    "2025Q4,V4,Có,Có,Có,Có,50\n"
    "2025Q4,V5,Không,Không,Không,Có,10\n"
    "2025Q4,V6,,,,Có,35\n"
)


def test_union_of_technologies_pure():
    f = pd.DataFrame(
        {
            "mobile_broadband": [None, None, False, None, True, None],
            "mobile_3g": [True, None, None, False, None, True],
            "mobile_4g": [True, None, None, False, False, None],
            "mobile_5g": [False, None, None, None, None, True],
        }
    )
    assert mobile_broadband(f).tolist() == [True, pd.NA, False, False, True, True]
    assert mobile_broadband(f[["mobile_broadband"]]).tolist() == [
        pd.NA,
        pd.NA,
        False,
        pd.NA,
        True,
        pd.NA,
    ]


@pytest.fixture
def by_technology(fresh_copy, tmp_path):
    path = tmp_path / "ha-tang-thon_2025Q4.csv"
    path.write_text(REPORT, encoding="utf-8")
    import_file(fresh_copy, "village-services", path, period="2025Q4")
    compute_workspace(fresh_copy)
    with fresh_copy.connect() as con:
        rows = con.execute(
            "SELECT indicator, unit_code, numerator, denominator, value FROM indicator_values "
            "WHERE period = '2025Q4' AND map = '2025' AND indicator IN "
            "('villages_mobile_broadband', 'communes_mobile_broadband')"
        ).df()
    return rows.set_index(["indicator", "unit_code"])


def test_villages_with_3g_4g_or_5g_counted_once(by_technology):
    v = by_technology.loc["villages_mobile_broadband"]
    # V1–V5 reported on, V1–V4 have 3G, 4G or 5G: 4 of 5 (a sum of the technologies
    # would give 7 of 5, 4G alone 3 of 5); V6 filled nothing and is left out
    assert (v.loc["P2", "numerator"], v.loc["P2", "denominator"]) == (4, 5)
    assert v.loc["P2", "value"] == pytest.approx(80.0)
    assert v.loc["N1", "value"] == pytest.approx(100.0)  # V1–V4 (V6 not reported on)
    assert v.loc["N2", "value"] == pytest.approx(0.0)  # V5: none of the three
    c = by_technology.loc["communes_mobile_broadband"]
    assert (c.loc["P2", "numerator"], c.loc["P2", "denominator"]) == (1, 2)
