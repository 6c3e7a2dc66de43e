"""One formatting module for every renderer: hand-written expectations per style."""

from __future__ import annotations

import math

import pytest

from hatang.views import format as f
from hatang.views.values import Message, Value, missing, plain


@pytest.mark.parametrize(
    "value,web,terminal",
    [
        (None, "—", "—"),
        (math.nan, "—", "—"),
        (3.0, "3", "3.00"),
        (1234.56, "1 234.6", "1,235"),
        (0.123, "0.1", "0.12"),
        (2262891, "2 262 891", "2,262,891"),
        ("abc", "abc", "abc"),
    ],
)
def test_number(value, web, terminal):
    assert f.number(value, style=f.WEB) == web
    assert f.number(value, style=f.TERMINAL) == terminal


@pytest.mark.parametrize(
    "share,digits,web,terminal",
    [
        (3 / 7, None, "42.9 %", "42.86%"),
        (0.42, None, "42 %", "42.00%"),
        (0.0123, 2, "1.23 %", "1.23%"),
        (1.0, None, "100 %", "100.00%"),
        (None, None, "—", "—"),
    ],
)
def test_percent(share, digits, web, terminal):
    assert f.percent(share, digits, f.WEB) == web
    assert f.percent(share, digits, f.TERMINAL) == terminal


def test_whole_people_and_money():
    assert f.whole(236877.4) == "236 877"
    assert f.whole(8.1e9, f.TERMINAL) == "8,100,000,000"
    assert f.whole(None) == "—"


def test_counts_with_totals_on_the_web_only():
    v = Value(3123, "count", total=3500)
    assert f.text(v) == "3 123 / 3 500 (89.2 %)"
    assert f.text(v, style=f.TERMINAL) == "3,123"
    people = Value(2071226.0, "whole", total=2262891.0)
    assert f.text(people) == "2 071 226 (91.5 %)"
    assert f.text(Value(5, "count", total=0)) == "5 / 0"


def test_words_replace_codes_where_given():
    status = Value("optimal", "text", text=Message("scen_status_optimal"))
    assert f.text(status, "en") == "optimal"
    assert f.text(status, "vi") == "tối ưu"
    assert f.raw(status) == "optimal"
    both = Value("x", "text", text=(Message("problem_cover_all"), Message("problem_max_cover")))
    assert f.text(both, "en") == "Full cover · Most people covered"


def test_message_fills_values_in_the_style():
    m = Message("problem_budget", {"budget": Value(5e9, "whole")})
    assert f.message(m, "en") == "Budget 5 000 000 000 VND"
    assert f.message(m, "en", f.TERMINAL) == "Budget 5,000,000,000 VND"


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


def test_figure_coordinate_seconds():
    assert f.figure(85.0) == "85" and f.figure(0.95) == "0.95"
    assert f.coordinate(106.123456) == "106.12346"
    assert f.seconds(1.26) == "1.3 s"


def test_missing_and_plain():
    import numpy as np
    import pandas as pd

    for v in (None, math.nan, np.float64("nan"), pd.NA, pd.NaT):
        assert missing(v) and plain(v) is None
    for v in (0, "", "a", 0.0, False):
        assert not missing(v)
    assert type(plain(np.int64(3))) is int
