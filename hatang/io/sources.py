"""Reading a file into a grid of raw cells: CSV (UTF-8, UTF-8 with BOM, UTF-16,
Windows-1258), XLSX, Parquet and GeoJSON. Legacy TCVN3 (ABC) text is refused.

A `Grid` keeps every cell as the file gave it and the row number a person sees
(the CSV line, the Excel row); the header is found later (see header.py).
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hatang.errors import ImportFailed, Problem


@dataclass
class Grid:
    file: str
    rows: list[list[Any]]
    row_numbers: list[int]
    encoding: str
    #: column names when the format carries them (Parquet, GeoJSON); then rows are data
    header: list[str] | None = None
    #: the format: csv, xlsx, parquet, geojson
    format: str = "csv"
    #: GeoJSON: WKT geometry of each row (None for a row without geometry)
    geometries: list[str | None] | None = None
    #: problems found while reading: row index → reason (e.g. an invalid geometry)
    row_problems: dict[int, str] = field(default_factory=dict)


def fail(
    file: str, reason: str, type: str, value: object = None, row: int | None = None
) -> ImportFailed:
    """The file is refused as a whole: one problem of `type` (see hatang.errors.PROBLEM_TYPES)."""
    return ImportFailed(f"{file}: {reason}", [Problem(file, row, None, value, reason, type)])


# ---- text encodings ------------------------------------------------------------------

#: Latin-1 symbols that TCVN3 (ABC) puts where Vietnamese letters should be, e.g.
#: 'µ' = à, '¸' = á, '¶' = ả, '·' = ã, '¹' = ạ, '§' = Đ, '®' = đ, '­' = ư, '¬' = ơ,
#: '«' = ô, 'ª' = ê, '©' = â, '¨' = ă, 'Þ' = ị. None of them occurs inside a
#: Vietnamese word written in Unicode. ('°', '²', '³' are left out: units use them.)
_TCVN3_SYMBOLS = "¡¢£¤¥¦§¨©ª«¬\u00ad®¯±´µ¶·¸¹º»¼½¾¿"
#: ... and VNI puts tone marks after the vowel as Latin-1 letters ('Haø Noäi' = Hà Nội,
#: 'Ñoàng Thaùp' = Đồng Tháp: ø, ä, Ñ, ö, û, ï, å …). Latin-1 letters that are not
#: Vietnamese letters count for both ('Ð'/'ð' are left out: some Unicode files use
#: them by mistake for Đ/đ).
_NON_VIETNAMESE_LETTERS = "ÄÅÆÇËÎÏÑÖ×ØÛÜÞßäåæçëîïñö÷øûüþÿ"
TCVN3_MARKERS = frozenset(_TCVN3_SYMBOLS + _NON_VIETNAMESE_LETTERS)
_MARKER_RE = re.compile("[" + re.escape("".join(sorted(TCVN3_MARKERS))) + "]")
_WORD = re.compile(r"[^\s,;:\"'()\[\]{}/|\t0-9.\-]+")


def tcvn3_words(text: str) -> list[str]:
    """Words that mix ASCII letters with TCVN3 marker characters ('Hµ', 'Néi', '§Þnh')."""
    out = []
    for word in _WORD.findall(text):
        if any(c in TCVN3_MARKERS for c in word) and any(c.isascii() and c.isalpha() for c in word):
            out.append(word)
    return out


def looks_tcvn3(text: str) -> list[str]:
    """The TCVN3 evidence in `text` (empty when it reads as Unicode Vietnamese).

    Text is TCVN3 when at least two words mix ASCII letters with marker characters and
    they are at least a third of the words holding any non-ASCII letter.
    """
    if not _MARKER_RE.search(text):
        return []
    words = tcvn3_words(text)
    if len(words) < 2:
        return []
    non_ascii = sum(1 for w in _WORD.findall(text) if not w.isascii())
    return words if len(words) * 3 >= non_ascii else []


def decode(data: bytes, file: str) -> tuple[str, str]:
    """Decode bytes as UTF-8 (with or without BOM), UTF-16 (with BOM) or Windows-1258.

    Returns (NFC text, encoding used). Raises ImportFailed for binary data, bytes
    valid in no supported encoding, and TCVN3 legacy-font text.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        text, enc = _try(data, "utf-8-sig", file), "utf-8-sig"
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, enc = _try(data, "utf-16", file), "utf-16"
    else:
        if b"\x00" in data[:4096]:
            raise fail(file, "binary data, not a text (CSV) file", "encoding")
        try:
            text, enc = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            try:
                text, enc = data.decode("cp1258"), "cp1258"
            except UnicodeDecodeError as e:
                raise fail(
                    file,
                    f"not valid UTF-8 or Windows-1258 text (byte 0x{data[e.start]:02x} at offset {e.start}); "
                    "save the file as CSV UTF-8 / không đọc được: hãy lưu tệp dạng CSV UTF-8",
                    "encoding",
                ) from None
    text = unicodedata.normalize("NFC", text)
    check_tcvn3(text, file)
    return text, enc


def _try(data: bytes, encoding: str, file: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as e:
        raise fail(
            file,
            f"declares {encoding} (byte-order mark) but is not valid {encoding}: {e.reason} at offset {e.start}",
            "encoding",
        ) from None


def check_tcvn3(text: str, file: str) -> None:
    """Refuse legacy-font text: TCVN3 (ABC), or VNI when no TCVN3-only symbol occurs."""
    evidence = looks_tcvn3(text)
    if evidence:
        sample = ", ".join(dict.fromkeys(evidence[:5]))
        tcvn3 = any(c in _TCVN3_SYMBOLS for w in evidence for c in w)
        name = "TCVN3 (ABC)" if tcvn3 else "VNI"
        raise fail(
            file,
            f"text is in the legacy {name} font encoding (e.g. {sample}); convert it to Unicode "
            f"(e.g. with UniKey's converter, {name.split()[0]} → Unicode) and import again "
            f"/ tệp dùng phông {name}, hãy chuyển sang Unicode rồi nhập lại",
            "encoding",
            value=evidence[0],
        )


# ---- CSV ------------------------------------------------------------------------------


def sniff_delimiter(text: str) -> str:
    """The delimiter (',', ';', tab or '|') giving the most, most consistent columns."""
    lines = [ln for ln in text.splitlines()[:50] if ln.strip()]
    sample = "\n".join(lines)
    best, best_score = ",", -1.0
    for delim in (",", ";", "\t", "|"):
        counts = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=delim)]
        if not counts:
            continue
        mode = max(set(counts), key=counts.count)
        score = (mode - 1) * counts.count(mode) / len(counts) if mode > 1 else 0
        if score > best_score:
            best, best_score = delim, score
    return best


def read_csv(path: Path, file: str) -> Grid:
    text, enc = decode(path.read_bytes(), file)
    delim = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    rows, numbers = [], []
    try:
        for i, row in enumerate(reader, start=1):
            if any(c.strip() for c in row):
                rows.append(row)
                numbers.append(i)
    except csv.Error as e:
        raise fail(
            file, f"not a readable CSV file: {e}", "malformed-row", row=reader.line_num
        ) from None
    return Grid(file, rows, numbers, enc)


# ---- XLSX -----------------------------------------------------------------------------


def read_xlsx(path: Path, file: str, sheet: str | None = None, score=None) -> Grid:
    """Read the sheet named `sheet`, else the sheet whose header scores best.

    The fast reader (hatang.io.xlsx) is tried first; openpyxl reads what it does not
    handle and gives the error for damaged files.
    """
    from hatang.io.xlsx import XlsxUnsupported, read_workbook

    if not zipfile.is_zipfile(path):
        raise fail(
            file,
            "not an XLSX file (not a ZIP container: truncated, or another format renamed .xlsx) "
            "/ không phải tệp XLSX hợp lệ",
            "format",
        )
    try:
        sheets = read_workbook(path, sheet)
    except XlsxUnsupported:
        return read_xlsx_openpyxl(path, file, sheet, score)
    if not sheets:
        return read_xlsx_openpyxl(path, file, sheet, score)  # names the sheets there are
    grids = [
        Grid(file, [[_cell(c) for c in r] for r in rows], numbers, "xlsx", format="xlsx")
        for _, rows, numbers in sheets
    ]
    return _pick(grids, file, score)


def read_xlsx_openpyxl(path: Path, file: str, sheet: str | None = None, score=None) -> Grid:
    import warnings

    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many types for damaged files
        raise fail(
            file,
            f"cannot open as XLSX ({type(e).__name__}: {e}); the file may be truncated or damaged "
            "/ tệp XLSX bị hỏng",
            "format",
        ) from None
    try:
        if sheet is not None:
            if sheet not in wb.sheetnames:
                raise fail(
                    file, f"no sheet named {sheet!r} (sheets: {', '.join(wb.sheetnames)})", "format"
                )
            names = [sheet]
        else:
            names = list(wb.sheetnames)
        grids = []
        for name in names:
            try:
                rows, numbers = [], []
                for i, row in enumerate(wb[name].iter_rows(values_only=True), start=1):
                    if any(not _blank(c) for c in row):
                        rows.append([_cell(c) for c in row])
                        numbers.append(i)
            except Exception as e:
                raise fail(
                    file,
                    f"sheet {name!r} cannot be read ({type(e).__name__}: {e}); the file may be truncated "
                    "/ tệp XLSX bị hỏng",
                    "format",
                ) from None
            grids.append(Grid(file, rows, numbers, "xlsx", format="xlsx"))
    finally:
        wb.close()
    return _pick(grids, file, score)


def _pick(grids: list[Grid], file: str, score) -> Grid:
    if not grids:
        raise fail(file, "the workbook has no sheet", "format")
    text = "\n".join(
        " ".join(str(c) for c in r if isinstance(c, str)) for g in grids for r in g.rows[:200]
    )
    check_tcvn3(unicodedata.normalize("NFC", text), file)
    if len(grids) == 1 or score is None:
        return grids[0]
    return max(grids, key=score)


def _blank(c: Any) -> bool:
    return c is None or (isinstance(c, str) and not c.strip())


def _cell(c: Any) -> Any:
    if isinstance(c, str):
        return unicodedata.normalize("NFC", c)
    return c


# ---- Parquet, GeoJSON -----------------------------------------------------------------


def read_parquet(path: Path, file: str) -> Grid:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except Exception as e:
        reason = str(e).replace(str(path), file)  # the message names the file, not its path
        raise fail(
            file, f"cannot read as Parquet ({type(e).__name__}: {reason})", "format"
        ) from None
    columns = table.column_names
    data = [table.column(c).to_pylist() for c in columns]
    rows = [list(r) for r in zip(*data, strict=True)] if data else []
    sample = [v for r in rows[:200] for v in r if isinstance(v, str)]
    check_tcvn3(unicodedata.normalize("NFC", " ".join(columns + sample)), file)
    return Grid(
        file, rows, list(range(1, len(rows) + 1)), "parquet", header=columns, format="parquet"
    )


def read_geojson(path: Path, file: str) -> Grid:
    """Features → rows of their properties, plus lon/lat of points and WKT geometry."""
    from shapely.geometry import shape

    text, _ = decode(path.read_bytes(), file)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise fail(file, f"not valid JSON: {e.msg} at line {e.lineno}", "format") from None
    features = doc.get("features") if isinstance(doc, dict) else None
    if not isinstance(features, list):
        raise fail(file, "not a GeoJSON FeatureCollection (no 'features' list)", "format")
    names: dict[str, None] = {}
    for f in features:
        for k in (f.get("properties") or {}) if isinstance(f, dict) else {}:
            names.setdefault(k)
    header = list(names) + ["lon", "lat"]
    rows, geoms = [], []
    bad: dict[int, str] = {}
    for f in features:
        props = (f.get("properties") or {}) if isinstance(f, dict) else {}
        geom = f.get("geometry") if isinstance(f, dict) else None
        lon = lat = wkt = None
        if geom:
            try:
                g = shape(geom)
            except Exception as e:  # shapely raises several types for bad GeoJSON
                g = None
                bad[len(rows)] = f"invalid geometry ({type(e).__name__}: {e})"
            if g is not None and g.is_empty:
                bad[len(rows)] = "empty geometry"
            elif g is not None:
                wkt = g.wkt
                if g.geom_type == "Point":
                    lon, lat = g.x, g.y
        rows.append([props.get(k) for k in names] + [lon, lat])
        geoms.append(wkt)
    return Grid(
        file,
        rows,
        list(range(1, len(rows) + 1)),
        "utf-8",
        header=header,
        format="geojson",
        row_problems=bad,
        geometries=geoms,
    )


def read_any(path: Path, file: str, *, sheet: str | None = None, score=None) -> Grid:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path, file, sheet, score)
    if suffix == ".xls":
        raise fail(
            file,
            "old Excel 97–2003 (.xls) files are not read; save as .xlsx or CSV UTF-8 in Excel",
            "format",
        )
    if suffix == ".parquet":
        return read_parquet(path, file)
    if suffix in (".geojson", ".json"):
        return read_geojson(path, file)
    return read_csv(path, file)
