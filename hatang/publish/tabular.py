"""Tables as people open them: CSV and XLSX files that Excel, LibreOffice, pandas and
Frictionless all read the same way.

Every CSV or XLSX hatang hands a person — the web lists' downloads, the portal's
datasets, the scenario actions, the CLI's `--format csv` — is written here:

- **UTF-8 with a BOM** (CSV), so Excel on Windows shows Vietnamese instead of mojibake;
  Frictionless, pandas and Python's `utf-8-sig` read the BOM away.
- **Rounded to what the figure means**: people and other counts whole, coordinates to
  6 decimals (~0.1 m), every other number to the decimals its column declares
  (`decimals`), else 6 — no binary noise such as 0.30000000000000004.
- **No formulas** (OWASP "CSV injection"): a text cell starting with `=`, `+`, `-`, `@`,
  a tab or a carriage return gets a leading `'` in CSV, and is a text cell with Excel's
  quote prefix in XLSX; numbers stay numbers.
- **Synthetic in the file itself**: a `synthetic` column (true/false on every row) when
  the caller says whether the data are synthetic — a column, not a comment line, because
  every CSV client reads a column and none agree on comments.

    data = to_csv(frame, synthetic=True, decimals={"share": 1})
    book = to_xlsx(frame, synthetic=True, sheet="dead-spots", about=["Điểm lõm sóng ..."])
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

import pandas as pd

BOM = "\ufeff"
#: a text cell starting with one of these is read as a formula by spreadsheets
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
COORDINATE_DECIMALS = 6
DEFAULT_DECIMALS = 6
#: Excel's largest cell: longer text (a commune's WKT boundary) is left out of XLSX
XLSX_CELL_LIMIT = 32_767
_COORDINATES = ("lon", "lat", "longitude", "latitude", "x", "y")
_WHOLE = ("population", "people", "households", "residents", "tests", "count")

Decimals = Mapping[str, int | None]


def neutralise(text: str) -> str:
    """A text cell that cannot run as a formula: `'` before a dangerous first character."""
    return "'" + text if text.startswith(FORMULA_START) else text


def dangerous(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_START)


def default_decimals(column: str) -> int | None:
    """The precision a column's name implies: coordinates 6 decimals, people and counts
    whole; None when the name says nothing (then `DEFAULT_DECIMALS`)."""
    name = column.lower()
    if name in _COORDINATES or name.endswith(("_lon", "_lat")):
        return COORDINATE_DECIMALS
    if any(name == w or name.endswith("_" + w) or name.startswith(w + "_") for w in _WHOLE):
        return 0
    return None


def rounded(frame: pd.DataFrame, decimals: Decimals | None = None) -> pd.DataFrame:
    """Float columns rounded: `decimals[column]`, else `default_decimals`, else 6;
    a column rounded to 0 decimals becomes a whole-number column."""
    out = frame.copy()
    for col in out.columns:
        s = out[col]
        if not pd.api.types.is_float_dtype(s.dtype):
            continue
        given = (decimals or {}).get(str(col))
        d = given if given is not None else default_decimals(str(col))
        d = DEFAULT_DECIMALS if d is None else d
        out[col] = s.round(d).astype("Int64") if d == 0 else s.round(d)
    return out


def with_synthetic(frame: pd.DataFrame, synthetic: bool | None) -> pd.DataFrame:
    """The frame with a `synthetic` column (kept when it has one; None: unchanged)."""
    if synthetic is None or "synthetic" in frame.columns:
        return frame
    return frame.assign(synthetic=bool(synthetic))


def _text(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, pd.Timestamp | datetime):
        return v.isoformat(timespec="seconds")
    if isinstance(v, date):
        return v.isoformat()
    return neutralise(str(v))


def _csv_column(s: pd.Series) -> list[str]:
    """A column as CSV cells: missing empty, booleans true/false, dates ISO, text neutralised."""
    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        return [str(v) for v in s.dt.strftime("%Y-%m-%dT%H:%M:%S").fillna("")]
    numeric = not pd.api.types.is_bool_dtype(s.dtype) and (
        pd.api.types.is_integer_dtype(s.dtype) or pd.api.types.is_float_dtype(s.dtype)
    )
    cell = _number if numeric else _text
    return ["" if _missing(v) else cell(v) for v in s.astype(object).tolist()]


def _number(v: Any) -> str:
    f = float(v)
    return str(int(f)) if f.is_integer() and abs(f) < 1e15 else repr(f)


def _missing(v: Any) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    return isinstance(v, float) and math.isnan(v)


def to_csv(
    frame: pd.DataFrame, *, synthetic: bool | None = None, decimals: Decimals | None = None
) -> bytes:
    """UTF-8 CSV with a BOM, CRLF line ends and a header row; `true`/`false`, ISO dates,
    empty cells for missing values, numbers rounded (`rounded`), text neutralised."""
    import csv

    f = rounded(with_synthetic(frame, synthetic), decimals)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")  # RFC 4180; a CR in a cell is quoted
    writer.writerow([neutralise(str(c)) for c in f.columns])
    columns = [_csv_column(f[c]) for c in f.columns]
    writer.writerows(zip(*columns, strict=True))
    return (BOM + buf.getvalue()).encode("utf-8")


def _xlsx_value(v: Any) -> Any:
    if _missing(v):
        return None
    if hasattr(v, "item") and not isinstance(v, str):
        v = v.item()
    if isinstance(v, pd.Timestamp):
        v = v.to_pydatetime()
    if isinstance(v, datetime) and v.tzinfo is not None:
        v = v.replace(tzinfo=None)
    return v


def to_xlsx(
    frame: pd.DataFrame,
    *,
    synthetic: bool | None = None,
    decimals: Decimals | None = None,
    sheet: str = "data",
    about: Iterable[str] = (),
) -> bytes:
    """An XLSX workbook: the table on `sheet` (header row first, frozen; numbers as
    numbers, text as text cells — never formulas), then an `about` sheet with the lines
    given (title, licence, synthetic). Text longer than an Excel cell is left out."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    f = rounded(with_synthetic(frame, synthetic), decimals)
    book = Workbook(write_only=True)
    ws = book.create_sheet(_sheet_name(sheet))
    ws.freeze_panes = "A2"
    ws.append([_text_cell(ws, str(c), WriteOnlyCell) for c in f.columns])
    for row in f.itertuples(index=False, name=None):
        ws.append([_cell(ws, _xlsx_value(v), WriteOnlyCell) for v in row])
    lines = list(about)
    if lines:
        info = book.create_sheet("about")
        for line in lines:
            info.append([_text_cell(info, line, WriteOnlyCell)])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _sheet_name(name: str) -> str:
    bad = set("[]:*?/\\")
    return "".join("_" if c in bad else c for c in name)[:31] or "data"


def _cell(ws: Any, v: Any, make: Any) -> Any:
    if isinstance(v, str):
        return _text_cell(ws, v if len(v) <= XLSX_CELL_LIMIT else "", make)
    return v


def _text_cell(ws: Any, text: str, make: Any) -> Any:
    """A text cell; one that would read as a formula keeps Excel's quote prefix."""
    cell = make(ws, value=text)
    cell.data_type = "s"
    if dangerous(text):
        cell.quotePrefix = True
    return cell
