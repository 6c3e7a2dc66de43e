"""Total rows and signature blocks: the parts of an operator's report that are not data.

A report exported from an office's spreadsheet ends in a total row ("Tổng cộng",
"Cộng") and a signature block (the place and date, "Người lập biểu", "Thủ trưởng đơn
vị", "(Ký, ghi rõ họ tên)", the names). Read as data they are a dozen problems and the
file is refused. `TrailerFilter` leaves them out of the data rows and says which rows
it left out (the archived file keeps them):

- a *total row* is a row whose first non-empty cell is a total label (the whole cell:
  a village called "Cộng Hòa" is data);
- a *signature block* starts at a row of text only (at most `MAX_CELLS` cells) holding
  a signature label or a date line ("ngày 05 tháng 01 năm 2026"), and runs on over the
  rows of a few text cells after it (names, titles); a row that looks like data ends it.

A cheap test over whole columns picks the few rows worth a closer look: the first
byte of each cell (a data row has more filled cells than a signature row, and its
first cell is no total label), then a regular expression over the rows left.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hatang.io.chunks import Chunk

#: whole-cell total labels, without diacritics, lower case
TOTAL_LABELS = frozenset({"tong cong", "cong", "tong", "tong so", "total", "grand total"})
#: a signature block's labels (the start of a cell), without diacritics, lower case
_SIGNATURE = re.compile(
    r"^\(?\s*(nguoi lap( bieu)?|nguoi ky|thu truong|giam doc|ke toan truong|"
    r"xac nhan cua|ky,? ghi ro ho ten|ky ten|prepared by|approved by)"
)
#: "…, ngày 05 tháng 01 năm 2026" (the digits may be left blank: "ngày ... tháng ...")
_DATE_LINE = re.compile(r"ngay\s*[\d.…\s]*\s*thang\s*[\d.…\s]*\s*nam\b")
#: the candidates' test on raw text (diacritics kept, either case): wide on purpose
_CANDIDATE = (
    r"(?i)(t[ổo]ng|c[ộo]ng|total|ng[ưu][ờo]i|th[ủu] tr|gi[áa]m [đd]|k[ếe] to|x[áa]c nh|"
    r"k[ýy]|ng[àa]y|prepared|approved)"
)
#: most non-empty cells a signature-block row holds
MAX_CELLS = 4


def plain(text: str) -> str:
    """Lower case, without diacritics (đ → d), spaces collapsed, end punctuation off."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(bare.split()).strip(" :.")


def _filled(row: list[Any]) -> list[Any]:
    return [c for c in row if c is not None and not (isinstance(c, str) and not c.strip())]


def is_total(row: list[Any]) -> bool:
    cells = _filled(row)
    return bool(cells) and isinstance(cells[0], str) and plain(cells[0]) in TOTAL_LABELS


def is_signature(row: list[Any]) -> bool:
    cells = _filled(row)
    if not cells or len(cells) > MAX_CELLS or not all(isinstance(c, str) for c in cells):
        return False
    return any(_SIGNATURE.match(plain(c)) or _DATE_LINE.search(plain(c)) for c in cells)


def is_block_row(row: list[Any]) -> bool:
    """A row that may sit inside a signature block: a few cells of text."""
    cells = _filled(row)
    return len(cells) <= MAX_CELLS and all(isinstance(c, str) for c in cells)


def _candidates(chunk: Chunk) -> np.ndarray:
    """The rows worth a closer look: every row `is_signature` or `is_total` may take
    (and only rows the wide pattern `_CANDIDATE` finds something in)."""
    if chunk.columns and all(_is_text(c) for c in chunk.columns):
        return _text_candidates(chunk)
    return _pattern_hits(chunk.columns, len(chunk))


def _pattern_hits(columns: list[Any], n: int) -> np.ndarray:
    hit = np.zeros(n, dtype=bool)
    for col in columns:
        if isinstance(col, pa.Array | pa.ChunkedArray):
            if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
                found = pc.match_substring_regex(col, _CANDIDATE)
                hit |= found.fill_null(False).to_numpy(zero_copy_only=False)
        else:
            rx = re.compile(_CANDIDATE)
            hit |= np.fromiter(
                (isinstance(v, str) and rx.search(v) is not None for v in col),
                dtype=bool,
                count=len(col),
            )
    return hit


def _is_text(col: Any) -> bool:
    return isinstance(col, pa.Array) and (
        pa.types.is_string(col.type) or pa.types.is_large_string(col.type)
    )


def _text_candidates(chunk: Chunk) -> np.ndarray:
    """`_pattern_hits` on the rows the cells' first bytes leave possible, so a file of
    data rows costs a few passes of numpy over the cells instead of a pattern each: a
    signature row has at most MAX_CELLS filled cells, so at most as many cells that
    surely are (non-empty, starting with a printable ASCII character that is not a
    space); a total label is the first filled cell (no cell surely filled before it),
    starts (ASCII) with t, c, g, '.', ':' or white space, and holds no ASCII digit
    (`plain` keeps digits)."""
    n = len(chunk)
    sure = np.zeros(n, dtype=np.int32)
    total = np.zeros(n, dtype=bool)
    for col in chunk.columns:
        first, starts, ends, data = _cell_bytes(col)
        maybe = np.flatnonzero((sure == 0) & _TOTAL_START[first])
        if len(maybe):
            total[maybe[_digit_free(col, maybe, starts, ends, data)]] = True
        sure += _PRINTABLE[first]
        if (sure > MAX_CELLS).all():  # no row can change any more: skip the columns left
            break
    look = total | (sure <= MAX_CELLS)
    if not look.any():
        return look
    rows = np.flatnonzero(look)
    picked = pa.array(rows, pa.int64())
    hit = np.zeros(n, dtype=bool)
    hit[rows] = _pattern_hits([c.take(picked) for c in chunk.columns], len(rows))
    return hit


#: the first bytes a total label can start with (`plain` strips white space, '.', ':'
#: and combining marks; any non-ASCII start is possible)
_TOTAL_START = np.zeros(256, dtype=bool)
_TOTAL_START[[*b"tTcCgG.:", *range(1, 0x21), *range(0x80, 0x100)]] = True
#: the first bytes of a cell that surely is filled (printable ASCII, not a space)
_PRINTABLE = np.zeros(256, dtype=bool)
_PRINTABLE[0x21:0x7F] = True


def _cell_bytes(col: pa.Array) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each cell's first byte (0: empty or null), start and end in `data`, its bytes."""
    n = len(col)
    width = np.int64 if pa.types.is_large_string(col.type) else np.int32
    _, offs, buf = col.buffers()
    offsets = np.frombuffer(offs, dtype=width)[col.offset : col.offset + n + 1]
    data = np.frombuffer(buf, dtype=np.uint8) if buf is not None else np.zeros(0, np.uint8)
    starts, ends = offsets[:-1], offsets[1:]
    if not len(data):
        return np.zeros(n, dtype=np.uint8), starts, ends, data
    filled = ends > starts
    if col.null_count:
        filled &= np.asarray(col.is_valid(), dtype=bool)
    first = data[np.minimum(starts, len(data) - 1)] * filled
    return first, starts, ends, data


def _digit_free(
    col: pa.Array, rows: np.ndarray, starts: np.ndarray, ends: np.ndarray, data: np.ndarray
) -> np.ndarray:
    """Whether each cell of `rows` (non-empty cells) holds no ASCII digit: its first four
    bytes looked at, the pattern run only on the cells they leave open."""
    first, last = starts[rows], ends[rows] - 1
    digit = np.zeros(len(rows), dtype=bool)
    for k in range(4):
        digit |= _DIGIT[data[np.minimum(first + k, last)]]
    open_ = np.flatnonzero(~digit)
    if len(open_):
        found = pc.match_substring_regex(col.take(pa.array(rows[open_], pa.int64())), "[0-9]")
        digit[open_] = found.fill_null(False).to_numpy(zero_copy_only=False)
    return ~digit


_DIGIT = np.zeros(256, dtype=bool)
_DIGIT[48:58] = True


@dataclass
class TrailerFilter:
    """Leaves total rows and signature blocks out of a file's chunks, in order."""

    totals: list[int] = field(default_factory=list)
    signature: list[int] = field(default_factory=list)
    _in_block: bool = False

    def __call__(self, chunk: Chunk) -> Chunk:
        skip = np.zeros(len(chunk), dtype=bool)
        for i in self._rows(chunk):
            row = chunk.raw_row(i)
            if self._in_block and is_block_row(row) or is_signature(row):
                self._in_block = True
                self.signature.append(int(chunk.numbers[i]))
                skip[i] = True
            elif is_total(row):
                self._in_block = False
                self.totals.append(int(chunk.numbers[i]))
                skip[i] = True
            else:
                self._in_block = False
        return take(chunk, np.flatnonzero(~skip)) if skip.any() else chunk

    def _rows(self, chunk: Chunk) -> Iterator[int]:
        """The rows to look at, in order: the candidates, and every row while a
        signature block runs (read after each row is handled)."""
        hits = np.flatnonzero(_candidates(chunk))
        i = 0
        while i < len(chunk):
            if not self._in_block:
                k = int(np.searchsorted(hits, i))
                if k == len(hits):
                    return
                i = int(hits[k])
            yield i
            i += 1

    def notes(self) -> list[str]:
        out = []
        if self.totals:
            rows = ", ".join(str(n) for n in self.totals)
            out.append(f"total rows left out (row {rows}) / bỏ qua dòng tổng cộng")
        if self.signature:
            first, last = self.signature[0], self.signature[-1]
            out.append(
                f"signature block left out (rows {first}–{last}) / bỏ qua phần ký tên"
                if first != last
                else f"signature block left out (row {first}) / bỏ qua phần ký tên"
            )
        return out


def take(chunk: Chunk, keep: np.ndarray) -> Chunk:
    """The chunk's rows at positions `keep` (in order)."""
    index = {int(old): new for new, old in enumerate(keep)}
    columns = [
        col.take(pa.array(keep, pa.int64()))
        if isinstance(col, pa.Array | pa.ChunkedArray)
        else [col[i] for i in keep]
        for col in chunk.columns
    ]
    return Chunk(
        columns,
        chunk.numbers[keep],
        None if chunk.widths is None else chunk.widths[keep],
        {index[i]: p for i, p in chunk.row_problems.items() if i in index},
        None if chunk.geometries is None else [chunk.geometries[i] for i in keep],
        chunk.nul_free,
    )
