"""Parsing one cell value as people type it in Vietnamese spreadsheets.

Every parser takes the raw cell (a string from a CSV, or the native value openpyxl /
pyarrow gives) and returns the typed value, `None` for an empty cell, or raises
`ValueError` with a reason a person can act on. No file or database code here.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from typing import Any

import pandas as pd

from hatang.io.reasons import reason
from hatang.model.names import name_key

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009_']+")
_DIGITS = re.compile(r"^\d+$")
_GROUPED = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$")


#: the reasons a value is refused (made once: raising one costs what a plain text did)
FORMULA_STORED = reason("formula_stored")
FORMULA_TEXT = reason("formula_text")
NOT_NUMBER = reason("not_number")
TRUE_FALSE_NUMBER = reason("true_false_number")
MIXED_SEPARATORS = reason("mixed_separators")
BAD_GROUPING = reason("bad_grouping")
NOT_FINITE = reason("not_finite")
NOT_FINITE_LARGE = reason("not_finite_large")
NOT_WHOLE = reason("not_whole")
TOO_LARGE = reason("too_large")
NOT_DATE = reason("not_date")
DATE_SHAPE = reason("date_shape")
INVALID_DATE = reason("invalid_date")
INVALID_DATE_DAY_FIRST = reason("invalid_date_day_first")
YES_NO_NUMBER = reason("yes_no_number")
YES_NO = reason("yes_no")


class Formula(str):
    """A spreadsheet cell holding a formula and no computed value (its text, '=…')."""


_FORMULA = re.compile(r"^=\s*[A-Za-z0-9_(\-+$'\"]")


def is_formula(value: Any) -> bool:
    """A cell that is a spreadsheet formula rather than a value ('=1+1', '=SUM(A1:A3)')."""
    return isinstance(value, Formula) or (isinstance(value, str) and bool(_FORMULA.match(value)))


def formula_reason(value: Any) -> str:
    return FORMULA_STORED if isinstance(value, Formula) else FORMULA_TEXT


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    if isinstance(value, str):
        return not value.strip()
    return value is pd.NA or value is pd.NaT


def as_text(value: Any) -> str | None:
    """A cell as clean NFC text (numbers from Excel without a spurious '.0')."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = unicodedata.normalize("NFC", str(value))
    return re.sub(r"\s+", " ", text).strip() or None


# ---- numbers ------------------------------------------------------------------------


#: distinct values with a separator examined to find a column's decimal separator
HINT_SAMPLE = 2000


def decimal_hint(values: list[Any]) -> str | None:
    """The decimal separator a column's values prove, or None when they do not say.

    '1.234,5' → ','; '1,234.5' → '.'; '1.900.000' → ','; '20,4123' → ','; '106.12' → '.'.
    Values like '1,900' or '1.900' prove nothing on their own.
    """
    seen: set[str] = set()
    looked = 0
    for v in set(v for v in values if isinstance(v, str)):
        if "," not in v and "." not in v:
            continue
        looked += 1
        if looked > HINT_SAMPLE:
            break
        s = _SPACES.sub("", v.strip()).lstrip("+-")
        dots, commas = s.count("."), s.count(",")
        if dots and commas:
            seen.add("," if s.rfind(",") > s.rfind(".") else ".")
        elif dots > 1:
            seen.add(",")
        elif commas > 1:
            seen.add(".")
        elif dots + commas == 1:
            sep = "." if dots else ","
            head, tail = s.split(sep)
            if (
                len(tail) != 3
                or not head
                or head == "0"
                or not head.isdigit()
                or not tail.isdigit()
            ):
                seen.add(sep)
        if len(seen) > 1:
            return None
    return seen.pop() if len(seen) == 1 else None


def parse_number(
    value: Any, *, integer: bool = False, decimal: str | None = None
) -> int | float | None:
    """'20,4123' → 20.4123; '1.900.000' and '1,900,000' → 1900000; '1 234,5' → 1234.5.

    A single separator followed by exactly three digits ('1.900', '1,900') is a
    thousands separator in a whole-number column, and otherwise a decimal separator
    unless `decimal` (the column's proven separator, see `decimal_hint`) says the other.
    """
    if is_empty(value):
        return None
    if type(value) is str:  # fast path for plain numbers ("12", "106.4512")
        try:
            if integer:
                return int(value)
            if decimal != "," and "," not in value:
                number = float(value)
                if math.isfinite(number):
                    return number
            elif decimal != "." and "." not in value and value.count(",") == 1:  # "20,4123"
                head, tail = value.split(",")
                if tail.isdigit():
                    return float(head + "." + tail)
        except ValueError:
            pass
    if isinstance(value, bool):
        raise ValueError(TRUE_FALSE_NUMBER)
    if isinstance(value, int):
        return value if integer else float(value)
    if isinstance(value, float):
        if math.isinf(value):
            raise ValueError(NOT_FINITE)
        if integer:
            if not value.is_integer():
                raise ValueError(NOT_WHOLE)
            return int(value)
        return value
    s = _SPACES.sub("", str(value).strip())
    sign = -1 if s.startswith("-") else 1
    s = s.lstrip("+-")
    if not s:
        raise ValueError(NOT_NUMBER)
    if _DIGITS.match(s):
        if integer:
            if len(s) > 19:  # beyond 64 bits (and Python's limit on digits to convert)
                raise too_large()
            return sign * int(s)
        number = sign * float(s)
        if math.isinf(number):
            raise ValueError(NOT_FINITE_LARGE)
        return number
    dots, commas = s.count("."), s.count(",")
    if dots and commas:
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        thou = "." if dec == "," else ","
        whole, _, frac = s.rpartition(dec)
        if whole.count(dec) or not _valid_grouping(whole, thou):
            raise ValueError(MIXED_SEPARATORS)
        number_text = whole.replace(thou, "") + "." + frac
    elif dots > 1 or commas > 1:
        sep = "." if dots else ","
        if not _GROUPED.match(s) or decimal == sep:
            raise ValueError(BAD_GROUPING)
        number_text = s.replace(sep, "")
    elif dots + commas == 1:
        sep = "." if dots else ","
        head, tail = s.split(sep)
        thousands_shape = len(tail) == 3 and head.isdigit() and 1 <= len(head) <= 3 and head != "0"
        if thousands_shape and (integer or (decimal is not None and decimal != sep)):
            number_text = head + tail
        else:
            number_text = head + "." + tail
    else:
        number_text = s
    try:
        number = float(number_text)
    except ValueError:
        raise ValueError(NOT_NUMBER) from None
    if math.isnan(number) or math.isinf(number):
        raise ValueError(NOT_FINITE)
    number *= sign
    if integer:
        if not number.is_integer():
            raise ValueError(NOT_WHOLE)
        return int(number)
    return number


def too_large() -> ValueError:
    """The error for a whole number no store column holds (problem type out-of-range)."""
    e = ValueError(TOO_LARGE)
    e.type = "out-of-range"  # type: ignore[attr-defined]
    return e


def _valid_grouping(whole: str, thou: str) -> bool:
    if thou not in whole:
        return whole.isdigit()
    return bool(_GROUPED.match(whole.replace(thou, ".")))


# ---- dates --------------------------------------------------------------------------

_DMY = re.compile(
    r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$"
)
_YMD = re.compile(
    r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$"
)
_EXCEL_EPOCH = dt.datetime(1899, 12, 30)


def parse_datetime(value: Any) -> dt.datetime | None:
    """dd/mm/yyyy [HH:MM[:SS]], yyyy-mm-dd[THH:MM:SS], Excel dates and serial numbers."""
    if is_empty(value):
        return None
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel serial day number
            return _EXCEL_EPOCH + dt.timedelta(days=float(value))
        raise ValueError(NOT_DATE)
    s = str(value).strip()
    if len(s) >= 10 and s[4] == "-":
        try:
            return dt.datetime.fromisoformat(s.replace("Z", "+00:00")).replace(tzinfo=None)
        except ValueError:
            pass
    m = _DMY.match(s)
    if m:
        day, month, year = int(m[1]), int(m[2]), int(m[3])
    elif m := _YMD.match(s):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    else:
        raise ValueError(DATE_SHAPE)
    hh, mm, ss = (int(m[i]) if m[i] else 0 for i in (4, 5, 6))
    try:
        return dt.datetime(year, month, day, hh, mm, ss)
    except ValueError:
        day_first = _DMY.match(s) and month > 12
        raise ValueError(INVALID_DATE_DAY_FIRST if day_first else INVALID_DATE) from None


def parse_date(value: Any) -> dt.date | None:
    d = parse_datetime(value)
    return None if d is None else d.date()


# ---- booleans -----------------------------------------------------------------------

_TRUE = {"1", "true", "yes", "y", "t", "x", "co", "dat", "v", "✓", "✔", "roi", "da co", "on"}
_FALSE = {"0", "false", "no", "n", "f", "khong", "khong dat", "chua", "chua co", "-", "off"}


def parse_bool(value: Any) -> bool | None:
    """có/không, x, 1/0, yes/no, true/false, đạt/không đạt, rồi/chưa."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if value in (0, 1):
            return bool(value)
        raise ValueError(YES_NO_NUMBER)
    raw = str(value).strip()
    if raw in ("✓", "✔", "-"):
        return raw != "-"
    key = name_key(raw)
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise ValueError(YES_NO)


# ---- official unit codes ------------------------------------------------------------

#: digits in an official code by unit level
CODE_WIDTH = {"province": 2, "district": 3, "commune": 5}


def code_text(value: Any) -> str | None:
    """A code as a string: 1234.0 from Excel → '1234'; keeps leading zeros given."""
    text = as_text(value)
    if text is None:
        return None
    if re.fullmatch(r"\d+\.0+", text):
        text = text.split(".")[0]
    return text


def restore_code(
    code: str, *, known: set[str] | None = None, width: int | None = None, commune_like: bool = True
) -> str:
    """Put back leading zeros Excel dropped, only when that is unambiguous.

    The code is kept when it is known; `width` (from the unit's level) pads it; else a
    unique padding (to 2, 3 or 5 digits) that is a known code is taken; else a 4-digit
    code (no official code has 4 digits) becomes a 5-digit commune code.
    """
    if not code.isdigit():
        return code
    if known is not None and code in known:
        return code
    if width is not None and len(code) < width:
        return code.zfill(width)
    if known:
        hits = {code.zfill(w) for w in (2, 3, 5) if len(code) < w and code.zfill(w) in known}
        if len(hits) == 1:
            return hits.pop()
    if commune_like and len(code) == 4:
        return "0" + code
    return code


# ---- values from a closed list ------------------------------------------------------

#: (table, column) → {name_key(alias): canonical value}; canonical values map to themselves
VALUE_ALIASES: dict[tuple[str, str], dict[str, str]] = {
    ("units", "level"): {
        "tinh": "province",
        "thanh pho truc thuoc trung uong": "province",
        "huyen": "district",
        "quan": "district",
        "thi xa": "district",
        "xa": "commune",
        "phuong": "commune",
        "thi tran": "commune",
        "dac khu": "commune",
        "thon": "village",
        "xom": "village",
        "ap": "village",
        "ban": "village",
        "to dan pho": "village",
        "khu pho": "village",
        "lang": "village",
    },
    ("sites", "structure"): {
        "cot tu dung": "tower",
        "cot day co": "tower",
        "cot anten": "tower",
        "thap": "tower",
        "tren nha": "rooftop",
        "nha": "rooftop",
        "cot coc": "rooftop",
        "mai nha": "rooftop",
        "roof": "rooftop",
        "cot dien": "pole",
        "cot": "pole",
        "cot ngoai nganh": "other-sector",
        "ha tang ngoai nganh": "other-sector",
        "other sector": "other-sector",
    },
    ("subscriptions", "kind"): {
        "di dong": "mobile",
        "thue bao di dong": "mobile",
        "bang rong di dong": "mobile-broadband",
        "mobile broadband": "mobile-broadband",
        "dien thoai thong minh": "smartphone",
        "smartphones": "smartphone",
        "bang rong co dinh": "fixed-broadband",
        "fixed broadband": "fixed-broadband",
        "cap quang": "ftth",
        "fiber": "ftth",
        "fibre": "ftth",
    },
    ("speed_tests", "kind"): {"di dong": "mobile", "co dinh": "fixed"},
    ("speed_tiles", "kind"): {"di dong": "mobile", "co dinh": "fixed"},
    ("services", "level"): {
        "toan trinh": "full",
        "muc do 4": "full",
        "4": "full",
        "mot phan": "partial",
        "muc do 3": "partial",
        "3": "partial",
    },
    ("survey_responses", "survey"): {
        "nguoi dan": "adults",
        "nguoi truong thanh": "adults",
        "ho gia dinh": "households",
        "co quan": "agencies",
        "co quan nha nuoc": "agencies",
        "doanh nghiep": "enterprises",
    },
    ("structures", "kind"): {
        "cot dien": "power-tower",
        "cot dien cao the": "power-tower",
        "thap nuoc": "water-tower",
        "tru so": "public-building",
        "cong trinh cong cong": "public-building",
        "khac": "other",
    },
    ("facilities", "kind"): {
        "truong": "school",
        "truong hoc": "school",
        "truong mam non": "school",
        "mam non": "school",
        "mau giao": "school",
        "truong tieu hoc": "school",
        "tieu hoc": "school",
        "truong thcs": "school",
        "thcs": "school",
        "trung hoc co so": "school",
        "truong thpt": "school",
        "thpt": "school",
        "trung hoc pho thong": "school",
        "truong lien cap": "school",
        "tram y te": "health-station",
        "tram y te xa": "health-station",
        "y te": "health-station",
        "health": "health-station",
        "clinic": "health-station",
        "tru so ubnd": "commune-office",
        "tru so ubnd xa": "commune-office",
        "ubnd xa": "commune-office",
        "ubnd": "commune-office",
        "uy ban nhan dan xa": "commune-office",
        "tru so xa": "commune-office",
        "commune office": "commune-office",
        "khac": "other",
    },
}

#: fixed-line ISPs that are not mobile operators (speed tests of kind fixed)
FIXED_ISPS = {
    "fpt",
    "fpt telecom",
    "cmc",
    "cmc telecom",
    "sctv",
    "netnam",
    "hanoi telecom",
    "fixed other",
}


def allowed_value(
    value: str, allowed: tuple[str, ...], aliases: dict[str, str] | None = None
) -> str:
    """Map a spelling to one of `allowed` (case, accents, spaces and aliases folded)."""
    key = name_key(value)
    for a in allowed:
        if key == name_key(a) or key.replace(" ", "-") == a.lower():
            return a
    if aliases and key in aliases:
        return aliases[key]
    raise ValueError(reason("not_allowed", allowed=", ".join(allowed)))
