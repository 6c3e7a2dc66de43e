"""Bad input: every problem reported as FILE:ROW:COLUMN: VALUE — reason, nothing written."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from hatang.errors import ConfigError, ImportFailed
from hatang.io import import_file

SITES_HEADER = "period,site_id,name,lon,lat,owner,structure,height_m\n"
GOOD_SITE = "2025Q3,S1,Một,106.45,20.25,viettel,tower,30\n"


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def failed(ws, kind, path, **kw) -> ImportFailed:
    with pytest.raises(ImportFailed) as info:
        import_file(ws, kind, path, **kw)
    return info.value


def lines(error: ImportFailed) -> list[str]:
    return [str(p) for p in error.problems]


# ---- encodings ---------------------------------------------------------------------------

#: TCVN3 (ABC) bytes of the Vietnamese letters used below
TCVN3 = {
    "ã": 0xB7,
    "ạ": 0xB9,
    "ủ": 0xF1,
    "Đ": 0xA7,
    "ị": 0xDE,
    "ộ": 0xE9,
    "à": 0xB5,
    "ư": 0xAD,
    "ơ": 0xAC,
    "ê": 0xAA,
}


def tcvn3(text: str) -> bytes:
    return bytes(TCVN3[c] if c in TCVN3 else ord(c) for c in text)


def test_tcvn3_file_is_refused(ws, tmp_path, snapshot):
    before = snapshot(ws)
    text = "period,Mã trạm,Tên trạm,lon,lat,owner,structure,height_m\n2025Q3,S1,Giao Thủy Nam Định,106.45,20.25,viettel,tower,30\n"
    path = tmp_path / "tcvn3.csv"
    path.write_bytes(tcvn3(text))
    error = failed(ws, "sites", path)
    assert "TCVN3" in str(error) and "tcvn3.csv" in str(error)
    assert snapshot(ws) == before


def test_tcvn3_text_saved_as_utf8_is_refused(ws, tmp_path):
    """A TCVN3 file opened as Latin-1 and re-saved as UTF-8 still holds the font's letters."""
    garbled = tcvn3("Mã trạm,Tên trạm\nHà Nội,Nam Định\n").decode("cp1252")
    error = failed(ws, "sites", write(tmp_path, "garbled.csv", garbled))
    assert "TCVN3" in str(error)


def test_bytes_valid_in_no_supported_encoding(ws, tmp_path):
    path = tmp_path / "broken.csv"
    path.write_bytes(
        SITES_HEADER.encode() + b"2025Q3,S1,\x81\x8d\x90,106.45,20.25,viettel,tower,30\n"
    )
    error = failed(ws, "sites", path)
    assert "not valid UTF-8 or Windows-1258" in str(error)
    assert str(error.problems[0]).startswith("broken.csv::: — not valid UTF-8")


def test_binary_file_is_refused(ws, tmp_path):
    path = tmp_path / "image.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "binary" in str(failed(ws, "sites", path))


def test_unicode_vietnamese_with_symbols_is_not_tcvn3():
    from hatang.io.sources import looks_tcvn3

    assert (
        looks_tcvn3("Diện tích (km²), Nhiệt độ 30°C, Hà Nội, Thừa Thiên Huế, Đắk Lắk, Hoà Bình")
        == []
    )
    assert looks_tcvn3(tcvn3("Hà Nội, Nam Định, Giao Thủy").decode("cp1258")) != []


# ---- structure -------------------------------------------------------------------------


def test_missing_required_column(ws, tmp_path):
    path = write(
        tmp_path, "sites.csv", "period,site_id,lon,structure,height_m\n2025Q3,S1,106.45,tower,30\n"
    )
    error = failed(ws, "sites", path)
    assert lines(error) == [
        "sites.csv:1:lat: — missing required column (accepted names: lat, latitude, y, vĩ độ, vi do)",
    ]


def test_no_header_at_all(ws, tmp_path):
    error = failed(ws, "sites", write(tmp_path, "x.csv", "a,b,c\n1,2,3\n"))
    assert "no header row" in str(error)


def test_unknown_columns_are_a_note(ws, tmp_path):
    path = write(
        tmp_path,
        "sites.csv",
        "STT," + SITES_HEADER.strip() + ",Ghi chú nội bộ\n1," + GOOD_SITE.strip() + ",xyz\n",
    )
    report = import_file(ws, "sites", path)
    assert report.rows_loaded == 1
    assert any("Ghi chú nội bộ" in n for n in report.notes)
    assert not any("STT" in n for n in report.notes)


# ---- values --------------------------------------------------------------------------------


def test_every_problem_is_collected(ws, tmp_path, snapshot):
    before = snapshot(ws)
    text = (
        SITES_HEADER
        + GOOD_SITE
        + (
            "2025Q3,S2,Hai,106.46,20.26,viettel,tower,cao\n"  # row 3: not a number
            "2025Q3,S3,Ba,20.25,106.45,viettel,tower,30\n"  # row 4: swapped
            "2025Q3,S4,Bốn,108.20,16.05,viettel,tower,30\n"  # row 5: outside the province
            "2025Q3,S5,Năm,106.47,20.27,viettel,tháp nước,400\n"  # row 6: structure, height
            "2025Q3,S1,Sáu,106.48,20.28,viettel,tower,30\n"  # row 7: duplicate of row 2
            "2025Q3,,Bảy,106.48,20.28,viettel,tower,30\n"  # row 8: missing id
        )
    )
    error = failed(ws, "sites", write(tmp_path, "sites.csv", text))
    got = lines(error)
    assert "sites.csv:3:height_m: 'cao' — not a number" in got
    assert (
        "sites.csv:4:lon: '20.25, 106.45' — longitude and latitude look swapped (lon/lat đảo chỗ): swap the columns"
        in got
    )
    assert any(
        x.startswith("sites.csv:5:lon: '108.2, 16.05' — outside the province's extent") for x in got
    )
    assert any(
        x.startswith(
            "sites.csv:6:structure: 'tháp nước' — not an allowed value (allowed: tower, rooftop"
        )
        for x in got
    )
    assert "sites.csv:6:height_m: 400.0 — above the maximum 300 m" in got
    assert (
        "sites.csv:7:site_id: 'S1' — duplicate key (period=2025Q3, site_id=S1): also on row 2"
        in got
    )
    assert (
        "sites.csv:2:site_id: 'S1' — duplicate key (period=2025Q3, site_id=S1): also on row 7"
        in got
    )
    assert "sites.csv:8:site_id: — missing value (required) / thiếu giá trị" in got
    assert len(got) == 8
    assert "in 7 row(s)" in str(error)
    assert snapshot(ws) == before


def test_unknown_unit_code_on_the_map_in_force(ws, tmp_path):
    text = (
        "period,unit_code,operator,kind,count\n"
        "2025Q3,13654,viettel,mobile,10\n"
        "2025Q3,99999,viettel,mobile,10\n"
        "2025Q3,13657,viettel,mobile,10\n"  # a 2024-map commune in a 2025-map period
        "2024Q4,13657,viettel,mobile,-5\n"
    )
    got = lines(failed(ws, "subscriptions", write(tmp_path, "subs.csv", text)))
    assert got == [
        "subs.csv:3:unit_code: '99999' — unknown unit code on the 2025 map (in force in 2025Q3) / mã đơn vị không tồn tại",
        "subs.csv:4:unit_code: '13657' — unknown unit code on the 2025 map (in force in 2025Q3) / mã đơn vị không tồn tại",
        "subs.csv:5:count: -5 — negative count",
    ]


def test_leading_zeros_restored(ws, tmp_path):
    text = "period,unit_code,operator,kind,count\n2025Q3,1240,viettel,mobile,10\n2024Q4,1234,vnpt,mobile,7\n"
    import_file(ws, "subscriptions", write(tmp_path, "subs.csv", text))
    with ws.connect(read_only=True) as con:
        assert con.execute("SELECT unit_code FROM subscriptions ORDER BY 1").fetchall() == [
            ("01234",),
            ("01240",),
        ]


def test_cells_must_reference_sites_of_the_period(ws, tmp_path, examples):
    import_file(ws, "sites", examples / "sites.csv")  # 2025Q3
    text = (
        "period,cell_id,site_id,operator,technology,band_mhz,eirp_dbm\n"
        "2025Q3,C1,NDH001,viettel,4G,1800,58\n"
        "2025Q4,C2,NDH001,viettel,4G,1800,58\n"
        "2025Q3,C3,NOPE,viettel,6G,1800,58\n"
    )
    got = lines(failed(ws, "cells", write(tmp_path, "cells.csv", text)))
    assert got == [
        "cells.csv:3:site_id: 'NDH001' — unknown site: no site 'NDH001' in 2025Q4 (import the sites of 2025Q4 first)",
        "cells.csv:4:technology: '6G' — unknown technology '6G' (expected 2G, 3G, 4G or 5G)",
        "cells.csv:4:site_id: 'NOPE' — unknown site: no site 'NOPE' in 2025Q3 (import the sites of 2025Q3 first)",
    ]


# ---- periods ----------------------------------------------------------------------------


def test_period_from_option_and_clash(ws, tmp_path):
    path = write(
        tmp_path, "sites.csv", "site_id,lon,lat,structure,height_m\nS1,106.45,20.25,tower,30\n"
    )
    with pytest.raises(ImportFailed, match="no period"):
        import_file(ws, "sites", path)
    report = import_file(ws, "sites", path, period="Quý 3/2025")
    assert report.period == "2025Q3"
    clash = write(tmp_path, "clash.csv", SITES_HEADER + GOOD_SITE.replace("2025Q3", "2025Q2"))
    got = lines(failed(ws, "sites", clash, period="2025Q3"))
    assert got == [
        "clash.csv:2:period: '2025Q2' — period clash: the file says 2025Q2, --period says 2025Q3"
    ]


def test_period_on_a_kind_without_periods(ws, examples):
    with pytest.raises(ConfigError, match="no period"):
        import_file(ws, "structures", examples / "structures.csv", period="2025Q3")
    with pytest.raises(ConfigError, match="not a period"):
        import_file(ws, "sites", examples / "sites.csv", period="soon")
    with pytest.raises(ConfigError, match="unknown import kind"):
        import_file(ws, "towers", examples / "sites.csv")


# ---- XLSX -----------------------------------------------------------------------------------


def good_xlsx(path: Path) -> Path:
    wb = openpyxl.Workbook()
    sh = wb.active
    sh.append(["site_id", "lon", "lat", "structure", "height_m"])
    for i in range(200):
        sh.append([f"S{i}", 106.4 + i / 1000, 20.2, "tower", 30])
    wb.save(path)
    return path


def test_truncated_xlsx(ws, tmp_path, snapshot):
    path = good_xlsx(tmp_path / "tram.xlsx")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    before = snapshot(ws)
    error = failed(ws, "sites", path, period="2025Q3")
    assert str(error).startswith("tram.xlsx: ")
    assert "XLSX" in str(error)
    assert snapshot(ws) == before


def test_xlsx_with_a_damaged_part(ws, tmp_path):
    """A ZIP whose sheet XML is cut short: still a clear error, not a traceback."""
    import zipfile

    src = good_xlsx(tmp_path / "src.xlsx")
    path = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]
            zout.writestr(item, data)
    error = failed(ws, "sites", path, period="2025Q3")
    assert str(error).startswith("damaged.xlsx: ")


def test_csv_named_xlsx(ws, tmp_path):
    path = write(tmp_path, "tram.xlsx", SITES_HEADER + GOOD_SITE)
    error = failed(ws, "sites", path)
    assert "tram.xlsx: not an XLSX file" in str(error)


def test_good_xlsx_reads(ws, tmp_path):
    report = import_file(ws, "sites", good_xlsx(tmp_path / "tram.xlsx"), period="2025Q3")
    assert (report.encoding, report.rows_loaded) == ("xlsx", 200)


def test_vni_file_is_refused(ws, tmp_path):
    """VNI-Windows text (tone marks as trailing Latin-1 letters), saved as Windows-1252."""
    text = "Maõ traïm,Teân traïm\nS1,Haø Noäi\nS2,Ñoàng Thaùp\n"  # Mã trạm, Tên trạm, Hà Nội, Đồng Tháp
    path = tmp_path / "vni.csv"
    path.write_bytes(text.encode("cp1252"))
    error = failed(ws, "sites", path)
    assert "legacy VNI font encoding" in str(error)


def test_unit_parents_and_code_widths(ws, tmp_path):
    text = (
        "map,code,name,level,parent_code\n"
        "2025,1250,Xã Mới,commune,37\n"  # 4 digits → 01250
        "2025,01250-01,Thôn Một,village,1250\n"  # parent restored to 01250 (in the file)
        "2025,X-1,Thôn Lạc,village,99999\n"  # no such parent on the 2025 map
        "2024,5,Tỉnh Thử,province,\n"
    )  # 1 digit province → 05
    with pytest.raises(ImportFailed) as info:
        import_file(ws, "units", write(tmp_path, "units.csv", text))
    assert lines(info.value) == [
        "units.csv:4:parent_code: '99999' — unknown parent unit on the 2025 map (not in the file nor the workspace)"
    ]
    report = import_file(ws, "units", write(tmp_path, "units.csv", text), on_error="quarantine")
    assert report.rows_loaded == 3
    with ws.connect(read_only=True) as con:
        rows = con.execute(
            "SELECT map, code, parent_code FROM units WHERE import_id = ? ORDER BY 1, 2",
            [report.import_id],
        ).fetchall()
    assert rows == [("2024", "05", None), ("2025", "01250", "37"), ("2025", "01250-01", "01250")]


@pytest.mark.parametrize(
    "kind,name,options",
    [
        ("sites", "sites.csv", {"on_error": "later"}),
        ("sites", "sites.csv", {"period": "soon"}),
        ("structures", "structures.csv", {"period": "2025Q3"}),
        ("towers", "sites.csv", {}),
        ("sites", "no-such.csv", {}),
    ],
)
def test_an_option_error_is_said_in_english_and_vietnamese(ws, examples, kind, name, options):
    """The CLI prints a ConfigError as it is: 'English / Vietnamese', as its other errors."""
    with pytest.raises(ConfigError) as e:
        import_file(ws, kind, examples / name, **options)
    english, sep, vietnamese = str(e.value).rpartition(" / ")
    assert sep and english and re.search(r"[à-ỹđ]", vietnamese), str(e.value)
