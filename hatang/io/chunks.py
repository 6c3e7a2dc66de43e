"""A file's data rows, a bounded chunk at a time, as columns.

Every reader (CSV, XLSX, Parquet, GeoJSON) gives the first rows of a file (to find
the header) and then its data rows as `Chunk`s: one column per position in the file
(an Arrow array, or a list of the values a spreadsheet holds), the row number a person
sees for each row, and what each row held as read (for the quarantine file).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa

#: data rows per chunk: memory stays bounded whatever the file's size
CHUNK_ROWS = 200_000

#: the characters Python's str.isspace() and the `\s` of its regular expressions
#: match, as an RE2 class (tests/io/test_io_columns.py checks the two agree)
WHITESPACE = (
    r"\t\n\x{0b}\x{0c}\r\x{1c}-\x{20}\x{85}\x{a0}\x{1680}\x{2000}-\x{200a}"
    r"\x{2028}\x{2029}\x{202f}\x{205f}\x{3000}"
)


class Restart(Exception):  # noqa: N818 - a signal, not an error
    """A fast reader met something only the exact reader reads as hatang promises
    (blank lines, a value spanning lines, a cell type it does not know): the import
    starts again with `Context.exact` set. Nothing has been committed."""


@dataclass
class Chunk:
    """Rows of a file: `columns[j]` holds the j-th cell of every row."""

    columns: list[pa.Array | list[Any]]
    #: the row number a person sees (CSV record, Excel row, feature number)
    numbers: np.ndarray
    #: cells each row held (rows can be shorter than others); None: all as wide
    widths: np.ndarray | None = None
    #: chunk row index → (column, reason, problem type) found while reading (an
    #: invalid geometry, a quote never closed)
    row_problems: dict[int, tuple[str | None, str, str]] = field(default_factory=dict)
    #: GeoJSON: each row's geometry as WKT (None without one)
    geometries: list[str | None] | None = None
    #: the reader knows no cell holds a NUL byte (the check per cell is skipped)
    nul_free: bool = False

    def __len__(self) -> int:
        return len(self.numbers)

    def column(self, pos: int | None) -> pa.Array | list[Any] | None:
        """The column at `pos`, None when the file has no such column."""
        if pos is None or pos >= len(self.columns):
            return None
        return self.columns[pos]

    def raw_row(self, i: int) -> list[Any]:
        """Row `i` as read."""
        width = len(self.columns) if self.widths is None else int(self.widths[i])
        out = []
        for col in self.columns[:width]:
            v = col[i]
            out.append(v.as_py() if isinstance(v, pa.Scalar) else v)
        return out


def from_rows(
    rows: list[list[Any]], numbers: list[int], *, strings: bool = False, **kw: Any
) -> Chunk:
    """A chunk from rows of Python values (padded with None to the widest row);
    `strings`: every cell is text (a CSV), kept as Arrow strings."""
    widths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
    width = int(widths.max()) if len(rows) else 0
    columns: list[pa.Array | list[Any]] = []
    for j in range(width):
        values = [r[j] if j < len(r) else None for r in rows]
        columns.append(pa.array(values, pa.string()) if strings else values)
    full = bool(len(rows)) and bool((widths == width).all())
    return Chunk(columns, np.asarray(numbers, dtype=np.int64), None if full else widths, **kw)


def batched(
    rows: Iterator[tuple[int, list[Any]]],
    size: int = CHUNK_ROWS,
    *,
    strings: bool = False,
    problems: dict[int, tuple[str | None, str, str]] | None = None,
) -> Iterator[Chunk]:
    """(row number, values) pairs → chunks of at most `size` rows; `problems` (row
    number → column, reason, type) is read as the rows come and attached to them."""
    buf: list[list[Any]] = []
    nums: list[int] = []

    def chunk() -> Chunk:
        found = {i: problems.pop(n) for i, n in enumerate(nums) if problems and n in problems}
        return from_rows(buf, nums, strings=strings, row_problems=found)

    for number, values in rows:
        buf.append(values)
        nums.append(number)
        if len(buf) >= size:
            yield chunk()
            buf, nums = [], []
    if buf:
        yield chunk()
