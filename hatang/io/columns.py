"""Parsing whole columns: Arrow kernels for the shapes values usually take, the exact
value-by-value rules of hatang.io.parsing for every other value.

Each parser returns the typed column (an Arrow array, null where a cell is empty or
refused) and the refused cells as (row index, raw value, reason, problem type). The
shapes handled by kernels are chosen so that their result is, value for value, what
the exact rules give (tests/io/test_io_columns.py checks it on random columns).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hatang.io import values as V
from hatang.io.chunks import WHITESPACE
from hatang.io.csvfile import nfc
from hatang.io.parsing import _cached, cell_parser, error_type
from hatang.io.reasons import reason, reason_of
from hatang.model.schema import Column, Table

#: Arrow type of each logical type
ARROW = {
    "int": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "date": pa.date32(),
    "timestamp": pa.timestamp("us"),
}
INT64 = (-(2**63), 2**63 - 1)

Errors = list[tuple[int, Any, str, str]]

_SIMPLE_TEXT = f"^[^{WHITESPACE}]+( [^{WHITESPACE}]+)*$"
_DECIMAL = r"^-?[0-9]+([.,][0-9]+)?$"
_WHOLE = r"^-?[0-9]+$"
_DMY = r"^[0-9]{2}/[0-9]{2}/[0-9]{4}( [0-9]{2}:[0-9]{2}(:[0-9]{2})?)?$"
_ISO = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9]{2}:[0-9]{2}(:[0-9]{2})?)?$"


def arrow_type(col: Column) -> pa.DataType:
    return ARROW.get(col.type, pa.string())


def hint_values(raw: pa.Array | list[Any] | None) -> list[Any]:
    """The distinct text values of a column that carry a separator, in file order
    (what values.decimal_hint examines)."""
    if raw is None:
        return []
    if isinstance(raw, list):
        return list(dict.fromkeys(v for v in raw if isinstance(v, str) and ("," in v or "." in v)))
    if not pa.types.is_string(raw.type):
        return []
    sep = pc.match_substring_regex(raw, "[.,]")
    return pc.unique(raw.filter(pc.fill_null(sep, False))).to_pylist()[: 2 * V.HINT_SAMPLE]


def faulty_cells(
    raw: pa.Array | list[Any] | None, name: str, probs: Any, max_chars: int, nul_free: bool = False
) -> pa.Array | list[Any] | None:
    """Cells no parser should see — longer than `max_chars`, or holding a NUL byte —
    reported on their rows and emptied (already failed: no 'missing value' follows)."""
    if raw is None:
        return None
    if isinstance(raw, list):
        long_ = [i for i, v in enumerate(raw) if isinstance(v, str) and len(v) > max_chars]
        nul = [i for i, v in enumerate(raw) if isinstance(v, str) and "\x00" in v]
        lengths = {i: len(raw[i]) for i in long_}
    elif pa.types.is_string(raw.type) or pa.types.is_large_string(raw.type):
        wide = np.flatnonzero(byte_lengths(raw) > max_chars)  # (a character is ≥ 1 byte)
        size = np.asarray(pc.utf8_length(raw.take(pa.array(wide, pa.int64()))))
        long_ = wide[size > max_chars].tolist()
        nul = [] if nul_free else np.flatnonzero(_mask(pc.match_substring(raw, "\x00"))).tolist()
        lengths = dict(zip(long_, size[size > max_chars].tolist(), strict=True))
    else:
        return raw
    if not long_ and not nul:
        return raw
    nul = [i for i in nul if i not in lengths]
    reasons = [reason("too_long", length=lengths[i], max_chars=max_chars) for i in long_]
    probs.add(long_, name, None, reasons, "too-large")
    values = raw if isinstance(raw, list) else raw.take(pa.array(nul, pa.int64())).to_pylist()
    shown = [raw[i] for i in nul] if isinstance(raw, list) else values
    probs.add(nul, name, shown, NUL_BYTE, "encoding")
    emptied = set(long_) | set(nul)
    if isinstance(raw, list):
        return [None if i in emptied else v for i, v in enumerate(raw)]
    mask = np.zeros(len(raw), dtype=bool)
    mask[list(emptied)] = True
    return pc.if_else(pa.array(mask), pa.scalar(None, raw.type), raw)


NUL_BYTE = reason("nul_byte")


def parse_column(
    table: Table, col: Column, raw: pa.Array | list[Any] | None, n: int, hint: str | None
) -> tuple[pa.Array, Errors]:
    """`raw` (the file's cells of `col`, None when the file lacks the column) parsed."""
    typ = arrow_type(col)
    if raw is None:
        return pa.nulls(n, typ), []
    if isinstance(raw, list):
        if any(isinstance(v, V.Formula) for v in raw):
            return by_value(table, col, raw, hint)
        try:
            raw = pa.array(raw, pa.string())  # cells that are all text take the kernels
        except (pa.ArrowInvalid, pa.ArrowTypeError):
            return by_value(table, col, raw, hint)
    if pa.types.is_dictionary(raw.type):
        raw = raw.dictionary_decode()
    if pa.types.is_string(raw.type) or pa.types.is_large_string(raw.type):
        return _parse_text(table, col, raw.cast(pa.string()), hint)
    if col.type in ("int", "float") and (
        pa.types.is_integer(raw.type) or pa.types.is_floating(raw.type)
    ):
        return _parse_numbers(col, raw)
    return by_value(table, col, raw.to_pylist(), hint)


# ---- value by value -----------------------------------------------------------------------


def by_value(
    table: Table, col: Column, values: list[Any], hint: str | None
) -> tuple[pa.Array, Errors]:
    """The exact rules, one value at a time (repeated non-numbers parsed once)."""
    parse = cell_parser(table, col, hint)
    if col.type not in ("float", "int"):
        parse = _cached(parse)
    out: list[Any] = []
    errors: Errors = []
    for i, v in enumerate(values):
        try:
            value = parse(v)
            if col.type == "int" and value is not None and not INT64[0] <= value <= INT64[1]:
                raise _too_large()
            out.append(value)
        except ValueError as e:
            out.append(None)
            if V.is_formula(v):
                errors.append((i, str(v), V.formula_reason(v), "formula"))
            else:
                errors.append((i, v, reason_of(e), getattr(e, "type", None) or error_type(col)))
    return pa.array(out, arrow_type(col)), errors


def _too_large() -> ValueError:
    return V.too_large()


def _fallback(
    table: Table,
    col: Column,
    raw: pa.Array,
    fast: np.ndarray,
    values: pa.Array,
    hint: str | None,
    empty: np.ndarray | None = None,
) -> tuple[pa.Array, Errors]:
    """The kernels' `values` where `fast`, the exact rules for every other non-empty cell
    (`empty`: the empty cells, when the caller knows them)."""
    if empty is None:
        empty = _empty(raw)
    if fast.all():
        kept = values
    elif (
        values.null_count == len(values) - int(fast.sum())
        and not (~fast & present_mask(values)).any()
    ):
        kept = values  # already empty wherever the kernels did not apply
    else:
        kept = pc.if_else(pa.array(fast), values, pa.scalar(None, values.type))
    slow = np.flatnonzero(~(fast | empty))
    if not len(slow):
        return kept.cast(arrow_type(col)), []
    parsed, errors = by_value(table, col, raw.take(pa.array(slow)).to_pylist(), hint)
    mask = np.zeros(len(raw), dtype=bool)
    mask[slow] = True
    out = pc.replace_with_mask(kept.cast(arrow_type(col)), pa.array(mask), parsed)
    return out, [(int(slow[k]), v, reason, t) for k, v, reason, t in errors]


def _mask(a: pa.Array) -> np.ndarray:
    return np.asarray(pc.fill_null(a, False), dtype=bool)


def present_mask(a: pa.Array) -> np.ndarray:
    return ~np.asarray(a.is_null(), dtype=bool)


def _empty(raw: pa.Array) -> np.ndarray:
    """Cells with nothing in them (null, or the empty text)."""
    if raw.null_count == 0:
        return _mask(pc.equal(raw, ""))
    return _mask(pc.is_null(raw)) | _mask(pc.equal(raw, ""))


# ---- text columns -------------------------------------------------------------------------


def _parse_text(
    table: Table, col: Column, raw: pa.Array, hint: str | None
) -> tuple[pa.Array, Errors]:
    if col.type == "float":
        return _floats(table, col, raw, hint)
    if col.type == "int":
        return _ints(table, col, raw)
    if col.type in ("date", "timestamp"):
        return _dates(table, col, raw)
    if (
        col.type in ("bool", "period")
        or col.allowed
        or col.name in ("operator", "owner", "technology")
    ):
        return _per_unique(table, col, raw)
    return _text(table, col, raw)


def _floats(table: Table, col: Column, raw: pa.Array, hint: str | None) -> tuple[pa.Array, Errors]:
    """'-12', '12.5', '12,5', '1e5' as the exact rules read them. The whole column is
    first cast at once (commas read as decimal points unless the column proves '.'):
    every text Arrow's parser takes is read alike by the exact rules, the values that
    could differ ('1.900' where ',' is proven) are excluded; any other value makes the
    cast fail, and the column is split: one shape by kernels, the rest value by value."""
    empty = _empty(raw)
    text = swap_byte(raw, ",", ".") if hint != "." else raw
    if hint == ",":
        dots = holds_byte(raw, ".")
        empty_or = empty | dots
    else:
        dots, empty_or = None, empty
    try:
        cast = pa.array(empty_or) if empty_or.any() else None
        values = pc.cast(
            text if cast is None else pc.if_else(cast, pa.scalar(None, pa.string()), text),
            pa.float64(),
        )
        fast = ~empty_or & _mask(pc.is_finite(values))
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        fast = _mask(pc.match_substring_regex(raw, _DECIMAL)) & ~empty
        if dots is not None:
            fast &= ~dots
        elif hint == ".":
            fast &= ~holds_byte(raw, ",")
        values = pc.cast(
            pc.if_else(pa.array(fast), text, pa.scalar(None, pa.string())), pa.float64()
        )
        fast &= _mask(pc.is_finite(values))  # beyond the range of a double: the exact rules say
    return _fallback(table, col, raw, fast, values, hint, empty)


def _buffers(raw: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """The offsets of `raw`'s values (n + 1) and the bytes they point into."""
    width = np.int64 if pa.types.is_large_string(raw.type) else np.int32
    offsets = np.frombuffer(raw.buffers()[1], dtype=width)[raw.offset : raw.offset + len(raw) + 1]
    buffer = raw.buffers()[2]
    data = np.frombuffer(buffer, dtype=np.uint8) if buffer is not None else np.zeros(0, np.uint8)
    return offsets, data


def swap_byte(raw: pa.Array, old: str, new: str) -> pa.Array:
    """`pc.replace_substring(raw, old, new)` for one ASCII character by another (never
    part of a UTF-8 sequence), in one pass of numpy over the bytes."""
    offsets, data = _buffers(raw)
    if not len(data) or not len(raw):
        return raw
    swapped = data.copy()
    part = swapped[offsets[0] : offsets[-1]]
    step = (part == ord(old)).view(np.uint8)
    step *= (ord(new) - ord(old)) % 256
    part += step  # (uint8 arithmetic: 5–10× faster than assigning through the mask)
    buffers = raw.buffers()
    return pa.Array.from_buffers(
        raw.type, len(raw), [buffers[0], buffers[1], pa.py_buffer(swapped)], offset=raw.offset
    )


def holds_byte(raw: pa.Array, char: str) -> np.ndarray:
    """Which values hold the ASCII character `char` (False where null)."""
    offsets, data = _buffers(raw)
    if not len(data) or not len(raw):
        return np.zeros(len(raw), dtype=bool)
    lo, hi = int(offsets[0]), int(offsets[-1])
    hit = data[lo:hi] == ord(char)
    out = np.zeros(len(raw), dtype=bool)
    if not hit.any():
        return out
    out[np.searchsorted(offsets[1:], np.flatnonzero(hit) + lo, side="right")] = True
    if raw.null_count:
        out &= ~np.asarray(raw.is_null(), dtype=bool)
    return out


def _ints(table: Table, col: Column, raw: pa.Array) -> tuple[pa.Array, Errors]:
    """Whole numbers: the column cast at once when every value is one Arrow reads,
    else one shape by kernels and the rest value by value."""
    empty = _empty(raw)
    try:
        if pc.any(pc.match_substring(raw, "x", ignore_case=True)).as_py():
            raise pa.ArrowInvalid("hexadecimal")  # Arrow reads '0x1F'; the exact rules do not
        text = (
            pc.if_else(pa.array(empty), pa.scalar(None, pa.string()), raw) if empty.any() else raw
        )
        values = pc.cast(text, pa.int64())
        fast = ~empty
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        fast = _mask(pc.match_substring_regex(raw, _WHOLE))
        fast &= np.asarray(pc.fill_null(pc.utf8_length(raw), 99)) <= 18  # fits in 64 bits
        values = pc.cast(pc.if_else(pa.array(fast), raw, pa.scalar(None, pa.string())), pa.int64())
    return _fallback(table, col, raw, fast, values, None, empty)


def _per_unique(table: Table, col: Column, raw: pa.Array) -> tuple[pa.Array, Errors]:
    """Closed lists, yes/no, periods, operators: each distinct value parsed once."""
    d = pc.dictionary_encode(raw)
    parsed, errors = by_value(table, col, d.dictionary.to_pylist(), None)
    out = pc.take(parsed, d.indices)
    if not errors:
        return out, []
    indices = np.asarray(pc.fill_null(d.indices, -1))
    by_index = {k: (v, reason, t) for k, v, reason, t in errors}
    bad = np.flatnonzero(np.isin(indices, list(by_index)))
    return out, [(int(i), *by_index[int(indices[i])]) for i in bad]


def _text(table: Table, col: Column, raw: pa.Array) -> tuple[pa.Array, Errors]:
    """Text, codes and quadkeys: a value without leading, trailing or repeated white
    space is kept as it is (codes: '1234.0' from a spreadsheet becomes '1234')."""
    raw = nfc(raw)
    fast = _mask(pc.match_substring_regex(raw, _SIMPLE_TEXT))
    if col.type == "code":
        fast &= ~_mask(pc.match_substring_regex(raw, r"^\p{Nd}+\.0+$"))
    if col.name == "quadkey":
        fast &= _mask(pc.match_substring_regex(raw, r"^[0-3]{1,23}$"))
    return _fallback(table, col, raw, fast, raw, None)


# ---- dates ----------------------------------------------------------------------------------


def _dates(table: Table, col: Column, raw: pa.Array) -> tuple[pa.Array, Errors]:
    """dd/mm/yyyy and yyyy-mm-dd, with HH:MM or HH:MM:SS after a space (or 'T')."""
    length = byte_lengths(raw)
    window = digit_window(raw, length > 0, 19)
    dmy = date_shape(window, length, day_first=True)
    iso = date_shape(window, length, day_first=False) if not dmy.all() else np.zeros_like(dmy)
    fast = dmy | iso
    if not fast.any():
        return _fallback(table, col, raw, fast, pa.nulls(len(raw), arrow_type(col)), None)

    def part(at_dmy: int, at_iso: int, width: int) -> np.ndarray:
        def number(at: int) -> np.ndarray:
            out = window[:, at].astype(np.int32)
            for k in range(at + 1, at + width):
                out = out * 10 + window[:, k]
            return out

        if not iso.any():
            return number(at_dmy)
        return np.where(dmy, number(at_dmy), number(at_iso))

    day, month, year = part(0, 8, 2), part(3, 5, 2), part(6, 0, 4)
    hour = np.where(length >= 16, part(11, 11, 2), 0)
    minute = np.where(length >= 16, part(14, 14, 2), 0)
    second = np.where(length >= 19, part(17, 17, 2), 0)
    ok = fast & (year >= 1) & (month >= 1) & (month <= 12) & (day >= 1)
    ok &= (hour <= 23) & (minute <= 59) & (second <= 59)
    months = (np.where(ok, year, 1970) - 1970) * 12 + np.where(ok, month, 1) - 1
    start = months.astype("datetime64[M]")
    days = start.astype("datetime64[D]") + (np.where(ok, day, 1) - 1).astype("timedelta64[D]")
    ok &= days.astype("datetime64[M]") == start  # 31/02 is no date
    if col.type == "date":
        values = pa.array(days, pa.date32())
    else:
        seconds = (hour * 3600 + minute * 60 + second).astype("timedelta64[s]")
        values = pa.array((days + seconds).astype("datetime64[us]"), pa.timestamp("us"))
    return _fallback(table, col, raw, ok, values, None)


def byte_lengths(raw: pa.Array) -> np.ndarray:
    """Each value's length in bytes (-1: null)."""
    offsets, _ = _buffers(raw)
    lengths = np.diff(offsets).astype(np.int64)
    if raw.null_count:
        lengths[np.asarray(raw.is_null(), dtype=bool)] = -1
    return lengths


def _code(c: str) -> np.uint8:
    """What `digit_window` holds for the ASCII character `c`."""
    return np.uint8((ord(c) - 48) % 256)


def date_shape(window: np.ndarray, length: np.ndarray, *, day_first: bool) -> np.ndarray:
    """The values `_DMY` (day_first) or `_ISO` match, read from their bytes: exactly 10,
    16 or 19 bytes, each one the pattern's digit or separator at its place."""
    digit = window <= 9
    dashes, dash = ((2, 5), "/") if day_first else ((4, 7), "-")
    places = (0, 1, 3, 4, 6, 7, 8, 9) if day_first else (0, 1, 2, 3, 5, 6, 8, 9)
    ok = (length == 10) | (length == 16) | (length == 19)
    for k in places:
        ok &= digit[:, k]
    for k in dashes:
        ok &= window[:, k] == _code(dash)
    timed = length >= 16
    at = window[:, 10]
    sep = (at == _code(" ")) if day_first else (at == _code(" ")) | (at == _code("T"))
    clock = sep & (window[:, 13] == _code(":"))
    for k in (11, 12, 14, 15):
        clock &= digit[:, k]
    secs = (window[:, 16] == _code(":")) & digit[:, 17] & digit[:, 18]
    return ok & (~timed | clock) & ((length != 19) | secs)


def digit_window(raw: pa.Array, rows: np.ndarray, width: int) -> np.ndarray:
    """The first `width` code units of each value as digits 0–9 (rows × width, uint8
    arithmetic; meaningful only for `rows`, whose values hold ASCII digits where read)."""
    n = len(raw)
    offsets = np.frombuffer(raw.buffers()[1], dtype=np.int32)[raw.offset : raw.offset + n + 1]
    buffer = raw.buffers()[2]
    data = np.frombuffer(buffer, dtype=np.uint8) if buffer is not None else np.zeros(0, np.uint8)
    if not len(data) or not n:
        return np.zeros((n, width), dtype=np.uint8)
    lengths = np.diff(offsets)
    if (lengths == lengths[0]).all() and lengths[0] > 0:  # one shape: a plain matrix
        size = int(lengths[0])
        block = data[offsets[0] : offsets[-1]].reshape(n, size)[:, :width] - np.uint8(48)
        if size >= width:
            return block
        out = np.full((n, width), 255, dtype=np.uint8)  # (past each value's end)
        out[:, :size] = block
        return out
    starts = np.where(rows, offsets[:-1], 0)
    at = np.minimum(starts[:, None] + np.arange(width, dtype=np.int32), len(data) - 1)
    return data[at] - np.uint8(48)


# ---- numbers from typed files (Parquet) -----------------------------------------------------


def _parse_numbers(col: Column, raw: pa.Array) -> tuple[pa.Array, Errors]:
    """Numbers a Parquet file types: NaN is empty, infinity and (in a whole-number
    column) fractions are refused, as values.parse_number does."""
    errors: Errors = []
    if pa.types.is_integer(raw.type):
        return raw.cast(arrow_type(col), safe=False), errors
    values = raw.cast(pa.float64())
    a = np.asarray(values.to_numpy(zero_copy_only=False), dtype=float)
    valid = ~np.asarray(values.is_null()) & ~np.isnan(a)
    for i in np.flatnonzero(valid & np.isinf(a)):
        errors.append((int(i), float(a[i]), V.NOT_FINITE, "type-error"))
    keep = valid & np.isfinite(a)
    if col.type == "int":
        for i in np.flatnonzero(keep & (a != np.floor(np.where(keep, a, 0)))):
            errors.append((int(i), float(a[i]), V.NOT_WHOLE, "type-error"))
        keep &= a == np.floor(np.where(keep, a, 0))
        huge = keep & ~((a >= -(2.0**63)) & (a < 2.0**63))
        for i in np.flatnonzero(huge):
            errors.append((int(i), float(a[i]), V.TOO_LARGE, "out-of-range"))
        keep &= ~huge
        ints = np.where(keep, a, 0).astype(np.int64)
        errors.sort()
        return pa.array(ints, pa.int64(), mask=~keep), errors
    errors.sort()
    return pa.array(a, pa.float64(), mask=~keep), errors
