"""CSV and XLSX as people open them: BOM, precision, the synthetic column, no formulas."""

from __future__ import annotations

import csv
import io

import openpyxl
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from hatang.publish.tabular import FORMULA_START, default_decimals, neutralise, to_csv, to_xlsx


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_csv_starts_with_a_bom_and_reads_back():
    data = to_csv(pd.DataFrame({"tên": ["Xuân Trường"]}))
    assert data.startswith(b"\xef\xbb\xbf")
    assert _rows(data) == [["tên"], ["Xuân Trường"]]
    assert pd.read_csv(io.BytesIO(data))["tên"].tolist() == ["Xuân Trường"]


def test_meaningful_precision():
    frame = pd.DataFrame(
        {
            "lon": [106.123456789],
            "village_population": [1234.6],
            "share": [0.1 + 0.2],
            "speed": [12.3456],
        }
    )
    rows = _rows(to_csv(frame, decimals={"speed": 1}))
    assert rows[1] == ["106.123457", "1235", "0.3", "12.3"]  # hand-rounded
    assert default_decimals("lat") == 6 and default_decimals("people_new") == 0
    assert default_decimals("value") is None


def test_synthetic_column_on_every_row():
    rows = _rows(to_csv(pd.DataFrame({"a": [1, 2]}), synthetic=True))
    assert rows == [["a", "synthetic"], ["1", "true"], ["2", "true"]]
    kept = _rows(to_csv(pd.DataFrame({"synthetic": [False]}), synthetic=True))
    assert kept == [["synthetic"], ["false"]]  # a table's own flag is kept


DANGEROUS = ["=1+1", "+41 22", "-2+3", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x","y")']


def test_formulas_are_neutralised_numbers_stay_numbers():
    frame = pd.DataFrame({"text": DANGEROUS, "n": [-1.5] * len(DANGEROUS)})
    rows = _rows(to_csv(frame))
    assert [r[0] for r in rows[1:]] == ["'" + d for d in DANGEROUS]
    assert {r[1] for r in rows[1:]} == {"-1.5"}
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(frame, sheet="t")))
    cells = list(book["t"].iter_rows(min_row=2))
    for (text, number), want in zip(cells, DANGEROUS, strict=True):
        assert text.value == want and text.data_type == "s" and text.quotePrefix
        assert number.value == -1.5 and number.data_type == "n"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=12), min_size=1, max_size=5))
def test_no_csv_cell_can_start_a_formula(texts):
    rows = _rows(to_csv(pd.DataFrame({"t": texts})))
    for cell, original in zip((r[0] for r in rows[1:]), texts, strict=True):
        assert not cell.startswith(FORMULA_START)
        assert cell in (original, neutralise(original)) or "\r" in original


def test_xlsx_has_the_table_then_about():
    frame = pd.DataFrame({"name": ["Xuân Trường"], "population": [10.4], "lon": [106.1234567]})
    book = openpyxl.load_workbook(
        io.BytesIO(to_xlsx(frame, synthetic=True, sheet="x", about=["A"]))
    )
    assert book.sheetnames == ["x", "about"]
    rows = [[c.value for c in r] for r in book["x"].iter_rows()]
    assert rows == [
        ["name", "population", "lon", "synthetic"],
        ["Xuân Trường", 10, 106.123457, True],
    ]
    assert book["about"]["A1"].value == "A"
