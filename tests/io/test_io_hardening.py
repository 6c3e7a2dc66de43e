"""Every bad input ends in a clear answer: one test per fault, the file and the one
line a user reads (issue 11 §2). Nothing is written when a file is refused."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from hatang.errors import ConfigError, ImportFailed
from hatang.io import import_file
from hatang.store.raw import raw_usage, refused
from hatang.store.status import workspace_status

GOLDEN = Path(__file__).resolve().parent / "golden" / "corpus"


def refusal(ws, kind, path, **kw) -> ImportFailed:
    with pytest.raises(ImportFailed) as info:
        import_file(ws, kind, path, **kw)
    return info.value


def lines(error: ImportFailed) -> list[str]:
    return [str(p) for p in error.problems]


# ---- no traceback, a problem with its row ----------------------------------------------


def test_a_count_too_large_to_store(ws, snapshot):
    before = snapshot(ws)
    error = refusal(ws, "subscriptions", GOLDEN / "huge.csv")
    assert lines(error)[0] == (
        "huge.csv:2:count: '99999999999999999999999' — a whole number too large to store "
        "(beyond ±9,223,372,036,854,775,807)"
    )
    assert (
        lines(error)[1].startswith("huge.csv:3:count: '999")
        and "(5,000 characters)" in lines(error)[1]
    )
    assert snapshot(ws) == before


def test_a_cell_longer_than_the_limit(ws):
    error = refusal(ws, "structures", GOLDEN / "long.csv")
    assert lines(error) == [
        "long.csv:2:owner: — a value of 131,073 characters, over the 131,072 accepted "
        "([imports] max_cell_chars) / giá trị quá dài"
    ]
    report = import_file(ws, "structures", GOLDEN / "long.csv", on_error="quarantine")
    assert (report.rows_loaded, report.rows_rejected) == (1, 1)


def test_a_long_cell_read_by_pythons_csv_too(ws, tmp_path):
    """The exact reader (Windows-1258 here) takes cells beyond the csv module's limit."""
    path = tmp_path / "dai.csv"
    text = "structure_id,kind,lon,lat,height_m,owner\nA,khác,106.4,20.2,10," + "ă" * 200_000 + "\n"
    path.write_bytes(text.encode("cp1258"))
    error = refusal(ws, "structures", path)
    assert [p.type for p in error.problems] == ["too-large"]
    assert lines(error)[0].startswith("dai.csv:2:owner: — a value of 200,000 characters")


def test_an_unclosed_quote(ws):
    error = refusal(ws, "structures", GOLDEN / "quote.csv")
    assert lines(error) == [
        'quote.csv:3:: — a quote (") opens a value and is never closed: the rest of the file, '
        "from this row on, was read as one value / dấu ngoặc kép không được đóng"
    ]
    report = import_file(ws, "structures", GOLDEN / "quote.csv", on_error="quarantine")
    assert (report.rows_loaded, report.rows_rejected) == (1, 1)
    quarantined = report.quarantine_file.read_text(encoding="utf-8-sig")
    assert "C,other,106.4,20.2,10,x" in quarantined  # the swallowed rows are kept, not lost


# ---- the real fault named ------------------------------------------------------------------


def test_utf16_without_a_byte_order_mark(ws):
    error = refusal(ws, "sites", GOLDEN / "utf16.csv")
    assert str(error) == (
        "utf16.csv: UTF-16 (little-endian) text without a byte-order mark (a NUL byte beside "
        "every letter); save the file as CSV UTF-8 / tệp UTF-16 thiếu BOM: hãy lưu dạng CSV UTF-8"
    )


def test_nul_bytes_in_a_cell(ws):
    assert lines(refusal(ws, "structures", GOLDEN / "nul.csv")) == [
        "nul.csv:2:owner: 'EV\\x00N' — holds a NUL byte (0x00): the file is damaged here "
        "/ giá trị chứa byte NUL"
    ]


def test_formulas(ws):
    assert lines(refusal(ws, "structures", GOLDEN / "formula.xlsx")) == [
        "formula.xlsx:2:height_m: '=1+1' — a spreadsheet formula without a computed value, not a "
        "value: open the file in Excel and save it again, or paste the values / ô chứa công "
        "thức, không phải giá trị"
    ]
    got = lines(refusal(ws, "structures", GOLDEN / "formula.csv"))
    assert got[0].startswith(
        "formula.csv:2:height_m: '=1+1' — a spreadsheet formula written as text"
    )
    assert [p.type for p in refusal(ws, "structures", GOLDEN / "formula.csv").problems] == [
        "formula",
        "formula",
    ]


def test_polygons_in_a_point_layer(ws):
    assert lines(refusal(ws, "structures", GOLDEN / "polygons.geojson")) == [
        "polygons.geojson:1:geometry: — a Polygon where a point is expected: this layer takes "
        "Point features (or lon and lat properties) / cần đối tượng điểm",
        "polygons.geojson:2:geometry: — a LineString where a point is expected: this layer "
        "takes Point features (or lon and lat properties) / cần đối tượng điểm",
    ]


# ---- sanity --------------------------------------------------------------------------------


def test_dates_that_cannot_be(ws):
    assert lines(refusal(ws, "dead-spots", GOLDEN / "dates-sanity.csv")) == [
        "dates-sanity.csv:2:reported_on: '2099-02-01' — a date in the future: a reported or "
        "measured date cannot be / ngày trong tương lai",
        "dates-sanity.csv:3:reported_on: '1999-02-01' — a date before 2000-01-01: too early for "
        "a reported or measured date / ngày quá sớm",
        "dates-sanity.csv:4:resolved_on: '2025-01-01' — before reported_on (2025-02-01) / ngày "
        "xử lý trước ngày báo cáo",
    ]
    assert lines(refusal(ws, "speed-tests", GOLDEN / "future.csv")) == [
        "future.csv:2:time: '2099-08-01 10:05:00' — a date in the future: a reported or "
        "measured date cannot be / ngày trong tương lai"
    ]


def test_a_parent_chain_that_loops(ws):
    assert lines(refusal(ws, "units", GOLDEN / "loop.csv")) == [
        "loop.csv:2:parent_code: '13654-11' — the chain of parent units loops: 13654-10 → "
        "13654-11 → 13654-10 / chuỗi đơn vị cấp trên lặp vòng",
        "loop.csv:3:parent_code: '13654-10' — the chain of parent units loops: 13654-11 → "
        "13654-10 → 13654-11 / chuỗi đơn vị cấp trên lặp vòng",
        "loop.csv:4:parent_code: '13654-12' — the chain of parent units loops: 13654-12 → "
        "13654-12 / chuỗi đơn vị cấp trên lặp vòng",
    ]


# ---- empty files, limits -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("empty.csv", "empty.csv: the file is empty (0 bytes) / tệp rỗng"),
        ("blank-only.csv", "blank-only.csv: the file holds only blank lines / tệp rỗng"),
        (
            "header.csv",
            "header.csv: no data rows: the file holds a header and nothing under it; nothing "
            "imported / không có dòng dữ liệu: tệp chỉ có dòng tiêu đề; chưa nhập gì",
        ),
    ],
)
def test_nothing_to_import_is_refused(ws, snapshot, name, message):
    before = snapshot(ws)
    for mode in ("fail", "quarantine"):
        error = refusal(ws, "structures", GOLDEN / name, on_error=mode)
        assert (str(error), [p.type for p in error.problems]) == (message, ["empty-file"])
    assert snapshot(ws) == before


def _workbook(path: Path, rows: int = 3) -> Path:
    wb = openpyxl.Workbook()
    sh = wb.active
    sh.append(["structure_id", "kind", "lon", "lat", "height_m"])
    for i in range(rows):
        sh.append([f"S{i}", "other", 106.4, 20.2, 10])
    wb.save(path)
    return path


def test_a_zip_bomb_is_refused_before_it_is_read(ws, tmp_path):
    path = tmp_path / "bomb.xlsx"
    _workbook(path)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/padding.bin", b"\0" * (3 << 20))  # 3 MB of zeros, a few KB packed
    ws.settings.imports.max_uncompressed_mb = 2
    error = refusal(ws, "structures", path)
    assert str(error) == (
        "bomb.xlsx: the workbook unpacks to 3 MB, over the 2 MB accepted ([imports] "
        "max_uncompressed_mb): a ZIP bomb, or a workbook to split / tệp giải nén quá lớn"
    )
    assert error.problems[0].type == "too-large"


def test_a_sheet_declaring_too_many_cells(ws, tmp_path):
    path = _workbook(tmp_path / "cells.xlsx")
    ws.settings.imports.max_cells = 10
    error = refusal(ws, "structures", path)
    assert str(error) == (
        "cells.xlsx: a sheet (sheet1.xml) declares 20 cells, over the 10 accepted "
        "([imports] max_cells) / bảng tính quá lớn"
    )


def test_too_many_problems_stop_the_reading(ws, tmp_path, snapshot):
    before = snapshot(ws)
    path = tmp_path / "sai.csv"
    path.write_text(
        "structure_id,kind,lon,lat,height_m\n"
        + "".join(f"S{i},hầm,106.4,20.2,10\n" for i in range(50)),
        encoding="utf-8",
    )
    ws.settings.imports.max_problems = 5
    error = refusal(ws, "structures", path, on_error="quarantine")
    assert len(error.problems) == 6 and error.problems[-1].type == "too-many-problems"
    assert str(error).startswith(
        "sai.csv: more than 5 problems ([imports] max_problems): the first 5"
    )
    from hatang.io.reasons import text

    assert text(error.args[0], "vi") == (
        "sai.csv: hơn 5 lỗi ([imports] max_problems): chỉ liệt kê 5 lỗi đầu tiên, phần còn "
        "lại của tệp chưa được đọc — tệp có đúng loại và bố cục không?"
    )
    assert str(error).endswith(" / " + text(error.args[0], "vi").removeprefix("sai.csv: "))
    assert snapshot(ws) == before


# ---- names, raw/ ----------------------------------------------------------------------------


def test_file_names_are_printed_escaped(ws, tmp_path):
    path = tmp_path / "tram\n\x1b[31mđỏ.csv"
    path.write_text("site_id,lon\nS1,106.4\n", encoding="utf-8")
    error = refusal(ws, "sites", path)
    assert str(error).startswith("tram\\n\\x1b[31mđỏ.csv: missing required column(s)")
    assert all("\n" not in str(p) and "\x1b" not in str(p) for p in error.problems)
    with pytest.raises(ConfigError) as info:
        import_file(ws, "sites", tmp_path / "nope\x1b.csv")
    assert "\x1b" not in str(info.value) and "\\x1b" in str(info.value)


def test_refused_files_stay_within_their_quota(ws, tmp_path):
    ws.settings.imports.refused_quota_mb = 0  # keep only the newest refused file
    paths = []
    for i in range(3):
        path = tmp_path / f"bad{i}.csv"
        path.write_text(
            f"structure_id,kind,lon,lat,height_m\nS{i},hầm,106.4,20.2,10\n", encoding="utf-8"
        )
        paths.append(path)
        with pytest.raises(ImportFailed):
            import_file(ws, "structures", path)
    good = tmp_path / "good.csv"
    good.write_text("structure_id,kind,lon,lat,height_m\nG,other,106.4,20.2,10\n", encoding="utf-8")
    import_file(ws, "structures", good)
    assert len(refused(ws)) == 1  # the two older refused files were removed
    usage = raw_usage(ws, 0)
    assert (usage["files"], usage["refused_files"]) == (2, 1)  # the imported file stays
    status = workspace_status(ws)["raw"]
    assert status["refused_files"] == 1 and status["bytes"] == usage["bytes"]
