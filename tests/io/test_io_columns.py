"""The fast paths give what the exact rules give: whole-column parsing against the
value-by-value parsers, Arrow's CSV reader against Python's csv module, the block-wise
encoding check against a one-shot decode, the line count against Python's csv."""

from __future__ import annotations

import io
import re
import sys

import pyarrow as pa
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from hatang.io import columns as C
from hatang.io import csvfile, encoding
from hatang.io.chunks import WHITESPACE, Restart
from hatang.io.rowproblems import shown
from hatang.model.schema import TABLES

FAST = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_whitespace_class_is_pythons():
    python = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    as_regex = re.compile(
        "[" + re.sub(r"\\x\{([0-9a-f]+)\}", lambda m: f"\\U{int(m[1], 16):08x}", WHITESPACE) + "]"
    )
    assert {c for c in map(chr, range(sys.maxunicode + 1)) if as_regex.fullmatch(c)} == python
    assert all(re.fullmatch(r"\s", c) for c in python)


NUMBERS = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(lambda f: repr(f)),
    st.decimals(allow_nan=False, places=3).map(lambda d: str(d).replace(".", ",")),
    st.sampled_from(
        [
            "",
            " ",
            "1.900",
            "1,900",
            "1.234,5",
            "1,234.5",
            "12_5",
            "+5",
            "0x1F",
            "1e5",
            ",5",
            "5,",
            "-",
            "٣",
            " 7 ",
            "2.345.000",
            "9" * 30,
        ]
    ),
    st.text(alphabet="0123456789.,-+ e\u00a0x", max_size=8),
)
DATES = st.one_of(
    st.builds(
        lambda d, m, y, t: f"{d:02d}/{m:02d}/{y:04d}{t}",
        st.integers(0, 35),
        st.integers(0, 14),
        st.integers(0, 2100),
        st.sampled_from(["", " 10:05", " 23:59:59", " 24:00", " 10:61", "T10:05"]),
    ),
    st.builds(
        lambda y, m, d, t: f"{y:04d}-{m:02d}-{d:02d}{t}",
        st.integers(0, 2100),
        st.integers(0, 14),
        st.integers(0, 35),
        st.sampled_from(["", "T10:05", " 10:05:07", "T10:05:00Z", "+07:00", " 9:5"]),
    ),
    st.text(alphabet="0123456789/-: T.", max_size=19),
)
TEXT = st.text(alphabet="aĐđ \t\u00a0\u2009.-0x\u0300", max_size=6)

CASES = [
    ("structures", "height_m", NUMBERS),
    ("subscriptions", "count", NUMBERS),
    ("dead_spots", "reported_on", DATES),
    ("speed_tests", "time", DATES),
    ("structures", "structure_id", TEXT),
    ("subscriptions", "unit_code", st.one_of(TEXT, NUMBERS, st.just("1234.0"))),
    ("speed_tiles", "quadkey", st.one_of(TEXT, st.text(alphabet="0123x", max_size=25))),
    (
        "services",
        "on_national_portal",
        st.one_of(TEXT, st.sampled_from(["có", "x", "1", "0", "2"])),
    ),
    ("sites", "structure", st.one_of(TEXT, st.sampled_from(["tower", "Cột tự đứng", "hầm"]))),
]


@pytest.mark.parametrize(("table", "column", "values"), CASES, ids=[c[1] for c in CASES])
@FAST
@given(data=st.data())
def test_whole_columns_parse_as_the_exact_rules(table, column, values, data):
    t = TABLES[table]
    col = t.column(column)
    cells = data.draw(st.lists(st.one_of(values, st.none()), min_size=1, max_size=30))
    hint = data.draw(st.sampled_from([None, ".", ","])) if col.type == "float" else None
    fast, fast_errors = C.parse_column(t, col, pa.array(cells, pa.string()), len(cells), hint)
    exact, exact_errors = C.by_value(t, col, cells, hint)
    assert fast.type == exact.type
    assert fast.to_pylist() == exact.to_pylist()
    # the problems read the same (a value is shown as clean NFC text)
    assert sorted((i, shown(v), r, t) for i, v, r, t in fast_errors) == sorted(
        (i, shown(v), r, t) for i, v, r, t in exact_errors
    )


CELL = st.one_of(
    st.text(alphabet='ab ,"\n\r\tà', max_size=5), st.sampled_from(["", "x", '"q"', "a,b"])
)


@FAST
@given(
    rows=st.lists(st.lists(CELL, min_size=1, max_size=4), min_size=1, max_size=12),
    raw=st.booleans(),
    ending=st.sampled_from(["\n", "\r\n", "\r"]),
)
@example(rows=[["a", "b"], [], ["1", "2"]], raw=False, ending="\n")
def test_arrow_reads_csv_as_python_does(tmp_path_factory, rows, raw, ending):
    """Any text: the fast reader gives Python csv's rows and numbers, or starts again."""
    if raw:  # arbitrary text, not written by a CSV writer
        text = ending.join(",".join(r) for r in rows)
    else:
        buf = io.StringIO()
        import csv

        csv.writer(buf, lineterminator=ending).writerows([["h1", "h2", "h3"], *rows])
        text = buf.getvalue()
    path = tmp_path_factory.mktemp("csv") / "f.csv"
    path.write_bytes(text.encode("utf-8"))
    try:
        fast = csvfile.CsvSource(path, "f.csv")
        exact = csvfile.CsvSource(path, "f.csv", exact=True)
    except Exception as e:  # both refuse alike
        with pytest.raises(type(e)):
            csvfile.CsvSource(path, "f.csv", exact=True)
        return
    assert (fast.rows, fast.row_numbers) == (exact.rows, exact.row_numbers)
    want = [(int(n), c.raw_row(i)) for c in exact.chunks(0) for i, n in enumerate(c.numbers)]
    try:
        got = [(int(n), c.raw_row(i)) for c in fast.chunks(0) for i, n in enumerate(c.numbers)]
    except Restart:
        return
    assert got == want


@FAST
@given(
    text=st.text(alphabet="aàĐ\n,€", max_size=40),
    enc=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1258"]),
    insert=st.lists(
        st.tuples(st.integers(3, 200), st.sampled_from([0x81, 0xFF, 0xD8, 0xC3, 0xED])), max_size=2
    ),
    block=st.sampled_from([1, 2, 3, 7, 64]),
)
def test_blockwise_encoding_check_matches_a_one_shot_decode(
    tmp_path_factory, text, enc, insert, block
):
    try:
        data = bytearray(text.encode(enc))
    except UnicodeEncodeError:
        return
    for at, byte in insert:
        data[min(at, len(data)) : min(at, len(data))] = bytes([byte])
    path = tmp_path_factory.mktemp("enc") / "f.bin"
    path.write_bytes(bytes(data))
    try:
        bytes(data).decode(enc)
        want = None
    except UnicodeDecodeError as e:
        want = (e.start, e.reason)
    old, encoding.BLOCK = encoding.BLOCK, block
    try:
        assert encoding.first_error(path, enc) == want
    finally:
        encoding.BLOCK = old


@FAST
@given(
    text=st.text(alphabet="a,\n\r ", max_size=30),
    offset=st.integers(0, 30),
    block=st.sampled_from([1, 2, 3, 64]),
)
def test_line_count_is_pythons(tmp_path_factory, text, offset, block):
    data = text.encode()
    offset = min(offset, len(data))
    path = tmp_path_factory.mktemp("lines") / "f.csv"
    path.write_bytes(data)
    region = data[offset:].rstrip(b"\r\n").decode()
    want = len(list(io.StringIO(region, newline=""))) if region else 0
    old, csvfile.BLOCK = csvfile.BLOCK, block
    try:
        assert csvfile.count_lines(path, offset) == want
    finally:
        csvfile.BLOCK = old


DATES = ["05/08/2025 12:34:56", "2025-08-05T12:34:56", "05/08/2025 12:34", "2025-08-05"]
DATE_LIKE = st.one_of(
    st.text(alphabet="0123456789/-: T", max_size=21),
    st.sampled_from(DATES),
    st.tuples(
        st.sampled_from(DATES), st.integers(0, 19), st.sampled_from(["", "0", "x", ":", " ", "ệ"])
    ).map(lambda d: d[0][: d[1]] + d[2] + d[0][d[1] + 1 :]),  # one character changed
    st.text(max_size=20),
)


@FAST
@given(st.lists(st.one_of(st.none(), DATE_LIKE), max_size=30), st.booleans())
@example(values=["05/08/2025 12:34"] * 3, uniform=False)
@example(values=["2025-08-05", "05/08/2025"], uniform=False)
def test_date_shapes_are_the_patterns(values, uniform):
    """The bytes' test takes exactly the values the two patterns match (whatever the
    values' lengths, nulls and non-ASCII text; `uniform`: every value one length)."""
    if uniform and values:
        values = [v for v in values if v is not None and len(v.encode()) == len(values[0] or "")]
    raw = pa.array(["01/01/2025", *values], pa.string())[1:]  # (an offset into buffers)
    length = C.byte_lengths(raw)
    window = C.digit_window(raw, length > 0, 19)
    for pattern, day_first in ((C._DMY, True), (C._ISO, False)):
        want = [v is not None and re.fullmatch(pattern[1:-1], v) is not None for v in values]
        assert C.date_shape(window, length, day_first=day_first).tolist() == want


def test_quarters_of_times():
    import datetime as dt

    from hatang.io.checks import quarters

    times = [dt.datetime(1969, 12, 31, 23, 59), dt.datetime(2025, 8, 5, 12), None]
    times += [dt.datetime(2024, 1, 1), dt.datetime(2025, 9, 30, 23, 59, 59)]
    got = quarters(pa.array(times, pa.timestamp("us"))).to_pylist()
    assert got == ["1969Q4", "2025Q3", None, "2024Q1", "2025Q3"]
    assert quarters(pa.array([None], pa.timestamp("us"))).to_pylist() == [None]


@FAST
@given(
    st.lists(st.one_of(st.none(), st.text(alphabet="1,.aệ ", max_size=6)), max_size=20),
    st.integers(0, 3),
)
def test_byte_kernels_are_arrows(values, skip):
    """The one-byte replacement and test over the bytes give what Arrow's kernels give
    (nulls, non-ASCII text and an array that starts inside its buffers)."""
    raw = pa.array(["x,."] * skip + values, pa.string())[skip:]
    assert C.swap_byte(raw, ",", ".").to_pylist() == [
        None if v is None else v.replace(",", ".") for v in values
    ]
    assert C.holds_byte(raw, ".").tolist() == [v is not None and "." in v for v in values]
