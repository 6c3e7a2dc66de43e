"""Atomicity, idempotence, quarantine, encodings and spreadsheet layouts."""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import openpyxl
import pytest

from hatang.errors import ImportFailed
from hatang.io import import_file
from hatang.store.imports import ImportWriter

HEADER = "period,site_id,name,lon,lat,owner,structure,height_m\n"


def sites_csv(tmp_path: Path, rows: list[str], name: str = "sites.csv") -> Path:
    path = tmp_path / name
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


GOOD = ["2025Q3,S1,Một,106.45,20.25,viettel,tower,30", "2025Q3,S2,Hai,106.46,20.26,vnpt,pole,12"]
BAD = ["2025Q3,S3,Ba,106.47,20.27,viettel,tower,-4", "2025Q3,S4,Bốn,108.2,16.05,mobi,hầm,30"]


def test_failed_import_leaves_database_unchanged(ws, tmp_path, snapshot):
    import_file(ws, "sites", sites_csv(tmp_path, GOOD, "first.csv"))
    before = snapshot(ws)
    changed = ["2025Q3,S1,Đổi tên,106.45,20.25,viettel,tower,35"]  # would replace S1
    with pytest.raises(ImportFailed):
        import_file(ws, "sites", sites_csv(tmp_path, changed + BAD, "second.csv"))
    assert snapshot(ws) == before
    assert list(ws.quarantine_dir.iterdir()) == []


def test_crash_while_writing_rolls_back(ws, tmp_path, examples, snapshot, monkeypatch):
    """A failure after the first table is written (OpenCelliD writes two) undoes it all."""
    before = snapshot(ws)
    real = ImportWriter.append  # writes each table's rows, inside the import's transaction
    calls = []

    def failing(self, table, frame):
        calls.append(table.name)
        if len(calls) == 2:
            raise OSError("disk full")
        return real(self, table, frame)

    monkeypatch.setattr(ImportWriter, "append", failing)
    with pytest.raises(OSError):
        import_file(ws, "opencellid", examples / "opencellid.csv", period="2025Q3")
    assert calls == ["sites", "cells"]
    assert snapshot(ws) == before


def test_second_import_writes_nothing(ws, tmp_path, snapshot):
    path = sites_csv(tmp_path, GOOD)
    first = import_file(ws, "sites", path)
    after_first = snapshot(ws)
    copy = tmp_path / "copy-with-another-name.csv"
    copy.write_bytes(path.read_bytes())
    second = import_file(ws, "sites", copy)
    assert second.already_imported and second.import_id is None
    assert second.previous_import_id == first.import_id
    assert f"already imported as import #{first.import_id}" in second.summary()
    assert "đã nhập" in second.summary()
    assert snapshot(ws) == after_first
    # the same file under another period is another import
    plain = tmp_path / "plain.csv"
    plain.write_text(
        "site_id,lon,lat,structure,height_m\nS9,106.45,20.25,tower,30\n", encoding="utf-8"
    )
    a = import_file(ws, "sites", plain, period="2025Q3")
    b = import_file(ws, "sites", plain, period="2025Q4")
    c = import_file(ws, "sites", plain, period="2025Q4")
    assert (a.import_id is not None, b.import_id is not None, c.already_imported) == (
        True,
        True,
        True,
    )


def test_reimport_of_changed_file_replaces_rows(ws, tmp_path):
    import_file(ws, "sites", sites_csv(tmp_path, GOOD, "v1.csv"))
    report = import_file(
        ws, "sites", sites_csv(tmp_path, [GOOD[0].replace(",30", ",45"), GOOD[1]], "v2.csv")
    )
    assert (report.rows_new, report.rows_replaced) == (0, 2)
    with ws.connect(read_only=True) as con:
        assert con.execute("SELECT height_m FROM sites WHERE site_id = 'S1'").fetchone() == (45.0,)


def test_quarantine_contents(ws, tmp_path):
    path = sites_csv(tmp_path, [GOOD[0], BAD[0], GOOD[1], BAD[1]])
    report = import_file(ws, "sites", path, on_error="quarantine")
    assert (report.rows_read, report.rows_loaded, report.rows_rejected) == (4, 2, 2)
    assert (
        report.quarantine_file
        == ws.quarantine_dir / f"{report.import_id}-sites-{report.sha256[:12]}.csv"
    )
    assert "2 rejected" in report.summary() and str(report.quarantine_file) in report.summary()
    with open(report.quarantine_file, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == [
        "row",
        "column",
        "value",
        "reason",
        "type",
        "period",
        "site_id",
        "name",
        "lon",
        "lat",
        "owner",
        "structure",
        "height_m",
    ]
    assert rows[1] == [
        "3",
        "height_m",
        "-4.0",
        "below the minimum 0 m",
        "out-of-range",
        *BAD[0].split(","),
    ]
    assert rows[2][:3] == ["5", "structure", "hầm"] and rows[2][3].startswith(
        "not an allowed value"
    )
    assert rows[2][4] == "not-allowed"
    assert rows[3][:2] == ["5", "lon"] and "outside the province" in rows[3][3]
    assert rows[3][4] == "outside-area"
    assert rows[3][5:] == BAD[1].split(",")
    assert len(rows) == 4
    with ws.connect(read_only=True) as con:
        assert con.execute("SELECT site_id FROM sites ORDER BY 1").fetchall() == [("S1",), ("S2",)]
        assert con.execute(
            "SELECT rows_read, rows_loaded, rows_rejected FROM imports"
        ).fetchall() == [(4, 2, 2)]


def _cp1258(text: str) -> bytes:
    """Encode as Windows-1258 does: base letters precomposed, tone marks combining."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in text:
        nfd = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in tones))
        out.append(base + "".join(c for c in nfd if c in tones))
    return "".join(out).encode("cp1258")


VN_TEXT = (
    "Kỳ,Mã trạm,Tên trạm,Kinh độ,Vĩ độ,Loại trạm,Độ cao\n"
    '2025Q3,S1,Hải Hậu Đông,"106,2812","20,1534",cột tự đứng,36\n'
    '2025Q3,S2,Nghĩa Hưng,"106,1700","20,0801",trên nhà,"18,5"\n'
)


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("utf-8-sig", b"\xef\xbb\xbf" + VN_TEXT.encode()),
        ("cp1258", _cp1258(VN_TEXT)),
        (
            "utf-16",
            VN_TEXT.replace(",", "\t")
            .replace('"106\t2812"', "106,2812")
            .replace('"20\t1534"', "20,1534")
            .replace('"106\t1700"', "106,1700")
            .replace('"20\t0801"', "20,0801")
            .replace('"18\t5"', "18,5")
            .encode("utf-16"),
        ),
    ],
)
def test_vietnamese_headers_in_each_encoding(ws, tmp_path, encoding, data):
    path = tmp_path / "tram.csv"
    path.write_bytes(data)
    if encoding == "cp1258":
        assert b"\xcc" in data or b"\xec" in data  # combining tone marks really are used
    report = import_file(ws, "sites", path)
    assert report.encoding == encoding
    with ws.connect(read_only=True) as con:
        rows = con.execute(
            "SELECT site_id, name, lon, lat, structure, height_m FROM sites ORDER BY 1"
        ).fetchall()
    assert rows == [
        ("S1", "Hải Hậu Đông", 106.2812, 20.1534, "tower", 36.0),
        ("S2", "Nghĩa Hưng", 106.17, 20.0801, "rooftop", 18.5),
    ]
    assert all(unicodedata.is_normalized("NFC", r[1]) for r in rows)


def test_xlsx_with_title_rows_and_two_row_header(ws, tmp_path):
    """Title rows, a merged 'Tọa độ' over 'Kinh độ | Vĩ độ', vertical merges, codes as numbers."""
    wb = openpyxl.Workbook()
    sh = wb.active
    sh.title = "Báo cáo"
    sh["A1"] = "ỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH"
    sh["A2"] = "DANH SÁCH TRẠM BTS QUÝ 3/2025"
    sh.append([])
    sh.append(["STT", "Mã trạm", "Tọa độ", None, "Thông số", None, "Mã xã"])
    sh.append([None, None, "Kinh độ", "Vĩ độ", "Loại cột", "Độ cao (m)", None])
    for cells in ("A4:A5", "B4:B5", "C4:D4", "E4:F4", "G4:G5"):
        sh.merge_cells(cells)
    sh.append([1, "NDH-01", 106.4512, 20.248, "Cột tự đứng", 42, 13654])
    sh.append([2, "NDH-02", "106,47", "20,263", "Cột cóc", "24,5", 1240])
    other = wb.create_sheet("Ghi chú")
    other.append(["Nguồn: Sở KH&CN"])
    path = tmp_path / "bao-cao.xlsx"
    wb.save(path)
    report = import_file(ws, "sites", path, period="2025Q3")
    assert (report.encoding, report.rows_loaded, report.problems) == ("xlsx", 2, [])
    with ws.connect(read_only=True) as con:
        rows = con.execute(
            "SELECT site_id, lon, lat, structure, height_m, commune_code FROM sites ORDER BY 1"
        ).fetchall()
    assert rows == [
        ("NDH-01", 106.4512, 20.248, "tower", 42.0, "13654"),
        ("NDH-02", 106.47, 20.263, "rooftop", 24.5, "01240"),
    ]


def test_xlsx_row_numbers_are_excel_rows(ws, tmp_path):
    wb = openpyxl.Workbook()
    sh = wb.active
    sh.append(["BÁO CÁO"])
    sh.append([])
    sh.append(["period", "site_id", "lon", "lat", "structure", "height_m"])
    sh.append(["2025Q3", "A", 106.45, 20.25, "tower", 30])
    sh.append(["2025Q3", "B", 106.45, 20.25, "tower", "ba mươi"])
    path = tmp_path / "x.xlsx"
    wb.save(path)
    with pytest.raises(ImportFailed) as info:
        import_file(ws, "sites", path)
    assert [str(p) for p in info.value.problems] == ["x.xlsx:5:height_m: 'ba mươi' — not a number"]


def test_column_numbering_row_under_the_header(ws, tmp_path):
    """Many Vietnamese reports number the columns under the header: (1) (2) (3) …"""
    wb = openpyxl.Workbook()
    sh = wb.active
    sh.append(["DANH SÁCH CÔNG TRÌNH"])
    sh.append(["Mã", "Loại", "Kinh độ", "Vĩ độ", "Độ cao"])
    sh.append([1, 2, 3, 4, 5])
    sh.append(["EVN-1", "cột điện", 106.43, 20.24, 38])
    path = tmp_path / "ct.xlsx"
    wb.save(path)
    report = import_file(ws, "structures", path)
    assert (report.rows_read, report.rows_loaded, report.problems) == (1, 1, [])
    csv_path = tmp_path / "ct.csv"
    csv_path.write_text(
        'Mã,Loại,Kinh độ,Vĩ độ,Độ cao\n(1),(2),(3),(4),(5)\nEVN-2,khác,"106,43","20,24",12\n',
        encoding="utf-8",
    )
    assert import_file(ws, "structures", csv_path).rows_loaded == 1


def test_a_data_row_is_never_read_as_a_second_header_row():
    from hatang.io.header import find_header, is_numbering_row, looks_like_labels
    from hatang.model.schema import DEAD_SPOTS

    assert looks_like_labels(["Kinh độ", None, "Vĩ độ"])
    assert not looks_like_labels(["A", "106,4", "x"])
    assert not looks_like_labels(["A", 106.4, "x"])
    assert not looks_like_labels(["A", "01/02/2025"])
    assert is_numbering_row(["(1)", "(2)", None, "(4)"]) and is_numbering_row([1, 2, 3.0])
    assert (
        not is_numbering_row([1, 2])
        and not is_numbering_row([3, 2, 1])
        and not is_numbering_row(["1", "x", "3"])
    )
    # the first data row holds "x" (an alias of lon) under a column the header does not name
    rows = [["dead_spot_id", "lat", "reported_on", "ghi chú riêng"], ["A", 20.2, "01/02/2025", "x"]]
    match = find_header(rows, [1, 2], DEAD_SPOTS.columns)
    assert match is not None and match.data_start == 1 and "lon" not in match.positions


def test_windows_line_endings_and_tabs(ws, tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(
        b"period\tsite_id\tlon\tlat\tstructure\theight_m\r\n2025Q3\tA\t106,4\t20,2\ttower\t30\r\n"
    )
    report = import_file(ws, "sites", path)
    assert (report.rows_loaded, report.problems) == (1, [])
    with ws.connect(read_only=True) as con:
        assert con.execute("SELECT lon, lat FROM sites").fetchone() == (106.4, 20.2)
