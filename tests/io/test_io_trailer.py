"""An operator's report ending in a total row and a signature block imports its data rows."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hatang.io import trailer
from hatang.io.chunks import from_rows
from hatang.io.run import import_file
from hatang.io.trailer import is_signature, is_total

HEADER = ["Kỳ báo cáo", "Mã xã", "Nhà mạng", "Loại thuê bao", "Số thuê bao"]
DATA = [
    ["Quý 3/2025", "13654", "Viettel", "di động", 18250],
    ["Quý 3/2025", "13654", "Vinaphone", "Băng rộng di động", 6120],
    ["Quý 3/2025", "13654", "VNPT", "cáp quang", 4310],
]
#: what follows the data in an office's report (row 7 on)
TRAILER = [
    ["Tổng cộng", None, None, None, "=SUM(E4:E6)"],
    [],
    [None, None, None, "Nam Định, ngày 05 tháng 01 năm 2026"],
    ["Người lập biểu", None, None, "Thủ trưởng đơn vị"],
    ["(Ký, ghi rõ họ tên)", None, None, "(Ký tên, đóng dấu)"],
    [],
    ["Nguyễn Văn An", None, None, "Trần Thị Bình"],
]
ROWS = [["BÁO CÁO SỐ THUÊ BAO QUÝ 3/2025"], [], HEADER, *DATA, *TRAILER]


def _xlsx(path: Path, rows: list[list]) -> Path:
    wb = openpyxl.Workbook()
    sh = wb.active
    sh.title = "Báo cáo"
    for r in rows:
        sh.append(r)
    wb.save(path)
    return path


def _csv(path: Path, rows: list[list]) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([["" if c is None else c for c in r] for r in rows])
    return path


def _counts(ws) -> list[tuple]:
    with ws.connect(read_only=True) as con:
        return con.execute(
            "SELECT operator, kind, count FROM subscriptions ORDER BY count DESC"
        ).fetchall()


@pytest.mark.parametrize("write", [_xlsx, _csv], ids=["xlsx", "csv"])
def test_total_row_and_signature_block_are_left_out_with_a_note(ws, tmp_path, write):
    path = write(tmp_path / f"bao-cao.{write.__name__[1:]}", ROWS)
    report = import_file(ws, "subscriptions", path)
    assert (report.rows_read, report.rows_loaded, report.problems) == (3, 3, [])
    assert "total rows left out (row 7) / bỏ qua dòng tổng cộng" in report.notes
    assert "signature block left out (rows 9–13) / bỏ qua phần ký tên" in report.notes
    assert _counts(ws) == [
        ("viettel", "mobile", 18250),
        ("vnpt", "mobile-broadband", 6120),
        ("vnpt", "ftth", 4310),
    ]


def test_a_row_after_the_block_that_looks_like_data_is_read_as_data(ws, tmp_path):
    late = ["Quý 3/2025", "13654", "MobiFone", "smartphone", 2005]
    path = _xlsx(tmp_path / "late.xlsx", [*ROWS, late])
    report = import_file(ws, "subscriptions", path)
    assert report.rows_loaded == 4
    assert "signature block left out (rows 9–13) / bỏ qua phần ký tên" in report.notes


def test_a_bad_row_is_still_a_problem(ws, tmp_path):
    from hatang.errors import ImportFailed

    bad = ["Quý 3/2025", "99999", "Viettel", "di động", 1]
    path = _xlsx(tmp_path / "bad.xlsx", [*ROWS[:6], bad, *TRAILER])
    with pytest.raises(ImportFailed) as e:
        import_file(ws, "subscriptions", path)
    assert [(p.row, p.column) for p in e.value.problems] == [(7, "unit_code")]


@pytest.mark.parametrize(
    "row, total, signature",
    [
        (["Tổng cộng", None, 34680], True, False),
        ([None, "Cộng:", 12], True, False),
        (["TỔNG SỐ", 5], True, False),
        (["Cộng Hòa", "13654", 5], False, False),  # a place's name is data
        (["13654", "Tổng cộng"], False, False),  # the label must come first
        (["Người lập biểu", "Thủ trưởng đơn vị"], False, True),
        (["Giao Thủy, ngày ... tháng ... năm 2025"], False, True),
        (["NGUOI LAP BIEU"], False, True),
        (["Người lập biểu", 5], False, False),  # a number: not a signature row
        (["Nguyễn Văn An"], False, False),
    ],
)
def test_labels(row, total, signature):
    assert (is_total(row), is_signature(row)) == (total, signature)


# ---- the candidates' cheap test leaves out no row the labels take ----------------------------

CELLS = [
    "",
    " ",
    "\xa0",
    "\u3000Tổng",
    "Tổng cộng",
    "Tống",  # a total label (`plain`) the wide pattern does not see
    "Cọng",
    ".Tổng:",
    "\u0301Tong",
    " total ",
    "Grand Total",
    "tong so 1",
    "T123",
    "12,5",
    "Người lập biểu",
    "ngày 05 tháng 01 năm 2026",
    "(Ký, ghi rõ họ tên)",
    "Nguyễn Văn An",
    "Đà",
    "x",
]


def _reference(chunks):
    """The filter as it was: every row any cell of which the wide pattern finds
    something in is looked at (the labels' rules are the same)."""
    totals, signature, kept, in_block = [], [], [], False
    for chunk in chunks:
        look = trailer._pattern_hits(chunk.columns, len(chunk))
        for i in range(len(chunk)):
            if not (look[i] or in_block):
                kept.append(int(chunk.numbers[i]))
                continue
            row = chunk.raw_row(i)
            if in_block and trailer.is_block_row(row) or is_signature(row):
                in_block = True
                signature.append(int(chunk.numbers[i]))
            elif is_total(row):
                in_block = False
                totals.append(int(chunk.numbers[i]))
            else:
                in_block = False
                kept.append(int(chunk.numbers[i]))
    return totals, signature, kept


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.builds(
            lambda head, tail: head + tail,  # data-like cells after: rows of many cells
            st.lists(st.sampled_from(CELLS), min_size=1, max_size=4),
            st.lists(st.sampled_from(["T123", "12,5", "x", "Tổng cộng", "Ký"]), max_size=6),
        ),
        min_size=1,
        max_size=40,
    ),
    st.integers(min_value=0, max_value=40),
)
def test_candidates_as_the_wide_pattern_alone(rows, cut):
    """Chunks of text cells (ragged rows padded with nulls, as the exact reader gives
    them) are filtered exactly as when every row the pattern finds something in was
    looked at, whichever rows are cut into a second chunk."""
    numbers = list(range(1, len(rows) + 1))
    cut = min(cut, len(rows))
    chunks = [
        from_rows(rows[a:b], numbers[a:b], strings=True)
        for a, b in ((0, cut), (cut, len(rows)))
        if b > a
    ]
    f = trailer.TrailerFilter()
    kept = [int(n) for c in chunks for n in f(c).numbers]
    assert (f.totals, f.signature, kept) == _reference(chunks)
