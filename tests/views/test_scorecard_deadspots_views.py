"""The scorecard and dead-spot views on hand-made rows."""

from __future__ import annotations

import math

import pandas as pd

from hatang.views import deadspots, scorecard
from hatang.views import format as f

ROW = {
    "target_no": 6,
    "pillar": "mobile",
    "indicator": "shared_sites",
    "name_vi": "Tỷ lệ trạm dùng chung",
    "name_en": "Shared sites",
    "unit_code": "37",
    "unit_name": "Ninh Bình",
    "period": "2025Q4",
    "value": 20.04,
    "unit": "%",
    "comparator": ">=",
    "target": 30.0,
    "deadline": "2025",
    "status": "off track",
    "status_reason": "below target",
    "projection": 21.5,
    "trend": [["2025Q3", 19.0], ["2025Q4", 20.04]],
    "reliable": False,
    "synthetic": True,
}


def test_target_row():
    t = scorecard.targets(pd.DataFrame([ROW]))[0]
    assert (f.text(t.value, "en"), f.text(t.value, style=f.TERMINAL)) == ("20.0", "20.04")
    assert f.text(t.target) == "30" and t.value.unit == "%"
    assert f.text(t.status, "vi") == "chậm tiến độ" and t.status_class == "offtrack"
    assert t.flagged and t.synthetic and t.name("en") == "Shared sites"
    assert t.trend == [("2025Q3", 19.0), ("2025Q4", 20.04)]


def test_counts_are_whole_and_missing_status_reads_no_data():
    row = {**ROW, "unit": "count", "value": 2034.0, "status": None, "reliable": None}
    t = scorecard.target(row)
    assert f.text(t.value, style=f.TERMINAL) == "2,034"
    assert t.status.value == "no data" and t.status_class == "nodata" and not t.flagged


def test_dead_spot_rows_and_comparison():
    spots = pd.DataFrame(
        [
            {
                "dead_spot_id": "M1",
                "population": 20688.4,
                "area_km2": 5.521,
                "lon": 106.015861,
                "lat": 20.404581,
                "nearest_village_code": "13801-05",
                "nearest_village_name": "Thôn Phúc",
                "commune_code": "13807",
                "commune_name": None,
                "commune_code_2024": math.nan,
                "commune_name_2024": math.nan,
                "reports": 10,
            }
        ]
    )
    (row,) = deadspots.rows(spots)
    cells = [f.text(v, "en", f.TERMINAL) for v in row.values()]
    assert cells == [
        "M1",
        "20,688",
        "5.52",
        "106.01586",
        "20.40458",
        "Thôn Phúc (13801-05)",
        "13807",
        "",
        "10",
    ]
    assert len(cells) == len(deadspots.COLUMNS)
    counts = deadspots.comparison(
        {
            "reported_open": 3,
            "reported_matched": 2,
            "reported_missed": 1,
            "modelled": 5,
            "modelled_model_only": 3,
        }
    )
    assert [c.value for c in counts] == [3, 2, 1, 5, 3]
