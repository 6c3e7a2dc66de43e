"""An operator's report ending in a total row and a signature block imports its data rows."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest

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
