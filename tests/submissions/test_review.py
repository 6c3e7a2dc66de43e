"""The diff against the previous quarter and the review flags: exact on the fixture."""

from __future__ import annotations

import pandas as pd

from hatang.register.machine import Actor
from hatang.submissions import filing, review

VIETTEL = Actor("vt-planner", "operator", "viettel")


def test_the_diff_of_two_quarters_is_exact_on_the_fixture(ws, rows_of, write):
    sites = rows_of("sites", "2025Q4", "viettel")  # S1 S2 S3 S5 S6
    sites = sites[sites["site_id"] != "S3"].copy()
    sites.loc[sites["site_id"] == "S5", "height_m"] = 45.0
    new = dict(sites.iloc[0])
    new.update(site_id="S8", name="Trạm S8", lon=106.26, lat=20.06, commune_code="N2")
    sites = pd.concat([sites, pd.DataFrame([new])], ignore_index=True)
    f = filing.file_submission(ws, VIETTEL, "sites", "2025Q4", write(sites, "tram.csv"))
    assert f["state"] == "staged", f["report"]["problems"]
    d = f["report"]["diff"]
    assert f["report"]["previous_period"] == "2025Q3"
    assert (d["rows_added"], d["rows_removed"], d["rows_changed"]) == (1, 1, 1)
    assert d["changes"] == [
        {"change": "removed", "key": "S3", "column": None, "old": None, "new": None},
        {"change": "changed", "key": "S5", "column": "height_m", "old": 30.0, "new": 45.0},
        {"change": "added", "key": "S8", "column": None, "old": None, "new": None},
    ]
    assert f["report"]["moves"] == [
        {"figure": "sites", "before": 5.0, "after": 5.0, "share": 0.0, "flag": ""}
    ]
    assert not f["flagged"]


def test_a_filing_that_moves_a_figure_a_lot_is_flagged_with_the_changes(ws, rows_of, write):
    subs = rows_of("subscriptions", "2025Q4", "viettel")
    subs.loc[subs.eval("unit_code == 'N2' and kind == 'mobile'"), "count"] = 200  # 140 → +43 %
    subs.loc[subs.eval("unit_code == 'N1' and kind == 'smartphone'"), "count"] = 470  # 660 → −29 %
    f = filing.file_submission(ws, VIETTEL, "subscriptions", "2025Q4", write(subs, "tb.csv"))
    assert f["state"] == "staged" and f["flagged"]
    flags = [(m["figure"], m["before"], m["after"]) for m in f["report"]["flags"]]
    assert flags == [("subscriptions N2 mobile", 140.0, 200.0)]


def test_sites_falling_by_more_than_ten_percent_are_flagged(ws, rows_of, write):
    sites = rows_of("sites", "2025Q4", "viettel")
    sites = sites[~sites["site_id"].isin(["S2", "S6"])]  # 5 → 3: −40 %
    f = filing.file_submission(ws, VIETTEL, "sites", "2025Q4", write(sites, "tram.csv"))
    assert f["flagged"]
    assert [(m["figure"], m["before"], m["after"]) for m in f["report"]["flags"]] == [
        ("sites", 5.0, 3.0)
    ]


def test_diff_is_the_empty_list_for_equal_quarters_and_symmetric():
    a = pd.DataFrame({"period": ["2025Q3"] * 2, "site_id": ["S1", "S2"], "height_m": [30.0, None]})
    b = a.assign(period="2025Q4")
    assert review.diff("sites", a, b) == []
    c = b.assign(height_m=[31.0, None])
    forward, back = review.diff("sites", a, c), review.diff("sites", c, a)
    assert [(x.key, x.old, x.new) for x in forward] == [("S1", 30.0, 31.0)]
    assert [(x.key, x.old, x.new) for x in back] == [("S1", 31.0, 30.0)]


def test_the_report_downloads_with_vietnamese_headers(ws, rows_of, write):
    from hatang.submissions.report import problem_rows

    every = rows_of("subscriptions", "2025Q4")
    f = filing.file_submission(ws, VIETTEL, "subscriptions", "2025Q4", write(every, "all.csv"))
    table = problem_rows(f["report"])
    assert list(table.columns)[:6] == ["Tệp", "Dòng", "Cột", "Giá trị", "Lý do", "Loại lỗi"]
    assert len(table) == len(f["report"]["problems"]) == 7
    assert set(table["Mô tả loại lỗi"]) == {"dòng thuộc nhà mạng khác với đơn vị nộp"}
