"""Cell parsers: numbers as Vietnamese and English spreadsheets write them, dates,
booleans, and unit codes whose leading zeros Excel dropped."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hatang.io import values as V


@pytest.mark.parametrize(
    ("text", "integer", "hint", "expected"),
    [
        ("20,4123", False, None, 20.4123),
        ("106.4512", False, None, 106.4512),
        ("1.900.000", True, None, 1_900_000),
        ("1,900,000", True, None, 1_900_000),
        ("1 900 000", True, None, 1_900_000),
        ("1.900", True, None, 1900),  # a count: thousands
        ("1,900", True, None, 1900),
        ("1.234.567,89", False, None, 1234567.89),
        ("1,234,567.89", False, None, 1234567.89),
        ("-12,5", False, None, -12.5),
        ("105,123", False, None, 105.123),  # a coordinate: decimal comma
        ("1.900", False, ",", 1900.0),  # the column proved ',' is its decimal separator
        ("1,900", False, ".", 1900.0),
        ("0,123", False, None, 0.123),
        ("42", True, None, 42),
        (42.0, True, None, 42),
        ("", True, None, None),
    ],
)
def test_parse_number(text, integer, hint, expected):
    assert V.parse_number(text, integer=integer, decimal=hint) == expected


@pytest.mark.parametrize(
    ("text", "integer"),
    [
        ("abc", False),
        ("12,5", True),
        ("1.2.3,4,5", False),
        ("1,90,000", True),
        ("inf", False),
        ("nan", False),
        ("", False),
    ],
)
def test_parse_number_rejects(text, integer):
    if text == "":
        assert V.parse_number(text) is None
        return
    with pytest.raises(ValueError):
        V.parse_number(text, integer=integer)


def test_decimal_hint_from_column():
    assert V.decimal_hint(["1.900", "2.345.000"]) == ","
    assert V.decimal_hint(["1,900", "20,5"]) == ","
    assert V.decimal_hint(["1,900", "1,234.5"]) == "."
    assert V.decimal_hint(["1,900", "2,000"]) is None
    assert V.decimal_hint(["20,5", "1.5"]) is None  # contradictory evidence


def _group(n: int, sep: str) -> str:
    s = str(n)
    parts = []
    while len(s) > 3:
        parts.insert(0, s[-3:])
        s = s[:-3]
    parts.insert(0, s)
    return sep.join(parts)


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from([".", ",", " ", "\u00a0", ""]))
def test_counts_round_trip_with_any_thousands_separator(n, sep):
    assert V.parse_number(_group(n, sep), integer=True) == n


@given(
    st.integers(min_value=0, max_value=10**9),
    st.integers(min_value=0, max_value=9999),
    st.booleans(),
)
def test_decimals_round_trip_in_both_conventions(whole, frac, vietnamese):
    frac_text = str(frac).zfill(4)
    expected = float(f"{whole}.{frac_text}")
    text = (
        f"{_group(whole, '.')},{frac_text}" if vietnamese else f"{_group(whole, ',')}.{frac_text}"
    )
    assert V.parse_number(text) == pytest.approx(expected)


@given(st.floats(min_value=-180, max_value=180, allow_nan=False).map(lambda x: round(x, 6)))
def test_coordinates_with_decimal_comma(x):
    text = repr(x).replace(".", ",")
    assert V.parse_number(text) == pytest.approx(x)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("01/07/2025", dt.date(2025, 7, 1)),
        ("1/7/2025", dt.date(2025, 7, 1)),
        ("2025-07-01", dt.date(2025, 7, 1)),
        ("31.12.2024", dt.date(2024, 12, 31)),
        (dt.datetime(2025, 7, 1, 8, 0), dt.date(2025, 7, 1)),
        (45839, dt.date(2025, 7, 1)),  # Excel serial day
    ],
)
def test_parse_date(text, expected):
    assert V.parse_date(text) == expected


def test_parse_date_day_first_and_bad():
    with pytest.raises(ValueError, match="day first"):
        V.parse_date("07/25/2025")
    with pytest.raises(ValueError):
        V.parse_date("hôm qua")
    assert V.parse_datetime("05/08/2025 09:15") == dt.datetime(2025, 8, 5, 9, 15)


@pytest.mark.parametrize(
    "text", ["có", "Có", "CÓ", "x", "X", "1", "yes", "true", "đạt", "Đạt", 1, True]
)
def test_true_values(text):
    assert V.parse_bool(text) is True


@pytest.mark.parametrize(
    "text", ["không", "Không", "0", "no", "false", "không đạt", "chưa", 0, False]
)
def test_false_values(text):
    assert V.parse_bool(text) is False


def test_bool_rejects():
    with pytest.raises(ValueError):
        V.parse_bool("có lẽ")
    with pytest.raises(ValueError):
        V.parse_bool(2)


def test_restore_code():
    assert V.restore_code("1234") == "01234"  # 4 digits: only a commune lost its zero
    assert V.restore_code("1", width=2) == "01"
    assert V.restore_code("4", width=3) == "004"
    assert V.restore_code("13654") == "13654"
    assert (
        V.restore_code("1", known={"01", "00001"}) == "1"
    )  # ambiguous: kept, then reported unknown
    assert V.restore_code("1", known={"01", "356"}) == "01"
    assert V.restore_code("1234", known={"1234"}) == "1234"
    assert V.restore_code("1234", commune_like=False) == "1234"
    assert V.restore_code("TH-01") == "TH-01"
    assert V.code_text(1234.0) == "1234"
    assert V.code_text("01234") == "01234"


def test_allowed_values_fold_accents_and_aliases():
    aliases = V.VALUE_ALIASES[("services", "level")]
    assert V.allowed_value("Toàn trình", ("full", "partial"), aliases) == "full"
    assert V.allowed_value("FULL", ("full", "partial"), aliases) == "full"
    with pytest.raises(ValueError, match="allowed: full, partial"):
        V.allowed_value("mức 2", ("full", "partial"), aliases)
