"""One formatting module for every renderer: hand-written expectations per style."""

from __future__ import annotations

import math

import pytest

from hatang.views import format as f
from hatang.views.values import Message, Value, missing, plain


@pytest.mark.parametrize(
    "value,web_vi,web_en,terminal_en,terminal_vi",
    [
        (None, "—", "—", "—", "—"),
        (math.nan, "—", "—", "—", "—"),
        (3.0, "3", "3", "3.00", "3,00"),
        (1234.56, "1.234,6", "1,234.6", "1,235", "1.235"),
        (0.123, "0,1", "0.1", "0.12", "0,12"),
        (1780333, "1.780.333", "1,780,333", "1,780,333", "1.780.333"),
        (-2.25, "-2,2", "-2.2", "-2.25", "-2,25"),
        ("abc", "abc", "abc", "abc", "abc"),
    ],
)
def test_number_in_both_languages(value, web_vi, web_en, terminal_en, terminal_vi):
    assert f.number(value, style=f.web("vi")) == web_vi
    assert f.number(value, style=f.web("en")) == web_en
    assert f.number(value, style=f.terminal("en")) == terminal_en
    assert f.number(value, style=f.terminal("vi")) == terminal_vi


@pytest.mark.parametrize(
    "share,digits,web_vi,web_en,terminal_en,terminal_vi",
    [
        (0.985, None, "98,5 %", "98.5%", "98.50%", "98,50 %"),
        (3 / 7, None, "42,9 %", "42.9%", "42.86%", "42,86 %"),
        (0.42, None, "42 %", "42%", "42.00%", "42,00 %"),
        (0.0123, 2, "1,23 %", "1.23%", "1.23%", "1,23 %"),
        (12.345, None, "1.234,5 %", "1,234.5%", "1,234.50%", "1.234,50 %"),
        (1.0, None, "100 %", "100%", "100.00%", "100,00 %"),
        (None, None, "—", "—", "—", "—"),
    ],
)
def test_percent_in_both_languages(share, digits, web_vi, web_en, terminal_en, terminal_vi):
    assert f.percent(share, digits, f.WEB) == web_vi
    assert f.percent(share, digits, f.WEB_EN) == web_en
    assert f.percent(share, digits, f.TERMINAL) == terminal_en
    assert f.percent(share, digits, f.TERMINAL_VI) == terminal_vi


def test_whole_people():
    assert f.whole(236877.4) == "236.877"
    assert f.whole(236877.5, f.WEB_EN) == "236,878"
    assert f.whole(8.1e9, f.TERMINAL) == "8,100,000,000"
    assert f.whole(8.1e9, f.TERMINAL_VI) == "8.100.000.000"
    assert f.whole(None) == "—"


@pytest.mark.parametrize(
    "vnd,vi,en",
    [
        (72.06e9, "72,1 tỷ đồng", "72.1 bn VND"),
        (1234.5e9, "1.234,5 tỷ đồng", "1,234.5 bn VND"),
        (8e9, "8,0 tỷ đồng", "8.0 bn VND"),
        (350e6, "350 triệu đồng", "350 M VND"),
        (125_000, "125.000 đồng", "125,000 VND"),
        (None, "—", "—"),
    ],
)
def test_money_in_vnd_in_both_languages(vnd, vi, en):
    assert f.money(vnd, "vi") == vi
    assert f.money(vnd, "en") == en
    assert f.text(Value(vnd, "money"), "vi") == vi


def test_counts_with_totals_on_the_web_only():
    v = Value(3123, "count", total=3500)
    assert f.text(v) == "3.123 / 3.500 (89,2 %)"
    assert f.text(v, "en") == "3,123 / 3,500 (89.2%)"
    assert f.text(v, style=f.TERMINAL) == "3,123"
    people = Value(2071226.0, "whole", total=2262891.0)
    assert f.text(people) == "2.071.226 (91,5 %)"
    assert f.text(people, "en") == "2,071,226 (91.5%)"
    assert f.text(Value(5, "count", total=0)) == "5 / 0"


def test_words_replace_codes_where_given():
    status = Value("optimal", "text", text=Message("scen_status_optimal"))
    assert f.text(status, "en") == "optimal"
    assert f.text(status, "vi") == "tối ưu"
    assert f.raw(status) == "optimal"
    both = Value("x", "text", text=(Message("problem_cover_all"), Message("problem_max_cover")))
    assert f.text(both, "en") == "Full cover · Most people covered"


def test_message_fills_values_in_the_style_of_its_language():
    m = Message("problem_budget", {"budget": Value(5e9, "whole")})
    assert f.message(m, "en") == "Budget 5,000,000,000 VND"
    assert f.message(m, "vi") == "Ngân sách 5.000.000.000 VND"
    assert f.message(m, "en", f.TERMINAL_VI) == "Budget 5.000.000.000 VND"


@pytest.mark.parametrize(
    "column,value,text",
    [
        ("gap", 1e-07, "0.00%"),
        ("sharing_after", 0.3003, "30.03%"),
        ("villages_covered_after", 3500, "3,500"),
        ("makes_shared", True, "yes"),
        ("people_new", 236877.4, "236,877"),
        ("lon", 106.0236712, "106.02367"),
        ("height_m", 40.0, "40.0"),
        ("x", 0.5, "0.5"),
        ("x", None, ""),
    ],
)
def test_terminal_cells(column, value, text):
    assert f.cell(column, value) == text


@pytest.mark.parametrize(
    "column,value,text",
    [
        ("gap", 1e-07, "0,00 %"),
        ("sharing_after", 0.3003, "30,03 %"),
        ("villages_covered_after", 3500, "3.500"),
        ("people_new", 236877.4, "236.877"),
        ("lon", 106.0236712, "106,02367"),
        ("height_m", 1040.25, "1.040,2"),
        ("x", 0.5, "0,5"),
    ],
)
def test_terminal_cells_in_vietnamese(column, value, text):
    assert f.cell(column, value, f.TERMINAL_VI) == text


def test_figure_coordinate_seconds():
    assert f.figure(85.0) == "85" and f.figure(0.95) == "0,95"
    assert f.figure(0.95, f.WEB_EN) == "0.95" and f.figure(12500, f.WEB_EN) == "12,500"
    assert f.coordinate(106.123456) == "106,12346"
    assert f.coordinate(106.123456, style=f.WEB_EN) == "106.12346"
    assert f.seconds(1.26) == "1,3 s" and f.seconds(1.26, f.WEB_EN) == "1.3 s"
    assert f.change(-0.5, 2, f.TERMINAL_VI) == "\u22120,50"


def test_missing_and_plain():
    import numpy as np
    import pandas as pd

    for v in (None, math.nan, np.float64("nan"), pd.NA, pd.NaT):
        assert missing(v) and plain(v) is None
    for v in (0, "", "a", 0.0, False):
        assert not missing(v)
    assert type(plain(np.int64(3))) is int
