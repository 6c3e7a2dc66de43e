"""The fast XLSX reader gives exactly what openpyxl gives."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from hatang.io.sources import read_xlsx, read_xlsx_openpyxl
from hatang.io.values import Formula
from hatang.io.xlsx import read_workbook


def _strip(rows):
    out = []
    for r in rows:
        r = list(r)
        while r and r[-1] is None:
            r.pop()
        out.append(r)
    return out


def workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    sh = wb.active
    sh.title = "Trạm"
    sh["A1"] = "Báo cáo"
    sh.append([])
    sh.append(["mã", "ngày", "giờ", "số", "thực", "có", "chữ đậm", "mã xã"])
    sh.append(
        [
            "S1",
            dt.date(2025, 7, 1),
            dt.datetime(2025, 8, 5, 9, 15, 30),
            42,
            20.4123,
            True,
            CellRichText([TextBlock(InlineFont(b=True), "Giao "), "Thủy"]),
            "01234",
        ]
    )
    sh.append(["S2", dt.datetime(2024, 12, 31), None, -7, 1e-7, False, "", 13654])
    sh["J7"] = "xa"  # a sparse cell far right
    sh["D8"] = "=D4*2"  # a formula without a cached value
    other = wb.create_sheet("Ghi chú")
    other.append(["nguồn", "Sở KH&CN"])
    wb.save(path)
    return path


def test_same_values_as_openpyxl(tmp_path):
    path = workbook(tmp_path / "book.xlsx")
    fast = read_xlsx(path, "book.xlsx")
    slow = read_xlsx_openpyxl(path, "book.xlsx")
    # row 8 holds a formula never computed (no cached value): openpyxl reads it as an
    # empty cell, the fast reader as a Formula, so the importer can name the fault
    assert _strip(fast.rows[:-1]) == _strip(slow.rows)
    assert slow.row_numbers == [1, 3, 4, 5, 7]
    assert fast.row_numbers == [1, 3, 4, 5, 7, 8]
    assert isinstance(fast.rows[-1][3], Formula) and fast.rows[-1][3] == "=D4*2"
    row = fast.rows[2]
    assert row[:6] == [
        "S1",
        dt.datetime(2025, 7, 1),
        dt.datetime(2025, 8, 5, 9, 15, 30),
        42,
        20.4123,
        True,
    ]
    assert row[6] == "Giao Thủy" and row[7] == "01234"


def test_sheets_by_name(tmp_path):
    path = workbook(tmp_path / "book.xlsx")
    assert [name for name, _, _ in read_workbook(path)] == ["Trạm", "Ghi chú"]
    [(name, rows, numbers)] = read_workbook(path, "Ghi chú")
    assert (name, rows, numbers) == ("Ghi chú", [["nguồn", "Sở KH&CN"]], [1])
