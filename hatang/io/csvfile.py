"""CSV files read a chunk at a time.

The first rows (the header and what is above it) are read with Python's csv module.
The data rows are read by Arrow's multithreaded CSV reader when the file is UTF-8,
every row has as many cells as the first data row and no value spans lines; the row
numbers are then the record numbers, which is checked at the end by counting the
file's lines. Anything else — Windows-1258 or UTF-16 text, ragged rows, blank lines
between rows, quoted line breaks, invalid UTF-8 — is read by Python's csv module
instead (`exact`), so every file reads the same whichever reader took it.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import csv as pacsv

from hatang.io.chunks import WHITESPACE, Chunk, Restart, batched
from hatang.io.encoding import (
    BLOCK,
    LEGACY_CHECK_BYTES,
    check_tcvn3,
    fail,
    file_encoding,
    nul_fault,
)
from hatang.io.reasons import reason

#: bytes first read for the header; doubled until the head holds enough rows
HEAD_BYTES = 1 << 16
HEAD_MAX_BYTES = 1 << 26
#: non-empty records and lines the head must hold (header search, delimiter sniffing)
HEAD_RECORDS = 64
HEAD_LINES = 50
#: longest value Python's csv module reads (longer cells are then problems on their
#: row, see [imports] max_cell_chars); beyond it a file is refused, naming the row
FIELD_LIMIT = 1 << 26
UNCLOSED_QUOTE = reason("unclosed_quote")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_BLANK = f"^[{WHITESPACE}]*$"


def sniff_delimiter(text: str) -> str:
    """The delimiter (',', ';', tab or '|') giving the most, most consistent columns."""
    lines = [ln for ln in text.splitlines()[:50] if ln.strip()]
    sample = "\n".join(lines)
    best, best_score = ",", -1.0
    csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))
    for delim in (",", ";", "\t", "|"):
        try:
            counts = [len(r) for r in csv.reader(io.StringIO(sample), delimiter=delim)]
        except csv.Error:
            continue
        if not counts:
            continue
        mode = max(set(counts), key=counts.count)
        score = (mode - 1) * counts.count(mode) / len(counts) if mode > 1 else 0
        if score > best_score:
            best, best_score = delim, score
    return best


def _nfc(values: list[str]) -> list[str]:
    return [v if v.isascii() else unicodedata.normalize("NFC", v) for v in values]


@dataclass
class Head:
    """The first records of a file."""

    #: non-empty records (NFC text) and their record numbers
    rows: list[list[str]]
    numbers: list[int]
    #: byte offset where each of them starts (UTF-8 files)
    offsets: list[int]
    #: the head is the whole file
    complete: bool


def _head_text(path: Path, encoding: str, size: int) -> tuple[str, bool]:
    """The first `size` bytes as text, cut after the last whole line unless the file ends."""
    with open(path, "rb") as f:
        data = f.read(size + 1)
    complete = len(data) <= size
    data = data[:size]
    start = 3 if encoding == "utf-8-sig" else 0
    text = codecs.getincrementaldecoder("utf-8" if start else encoding)("replace").decode(
        data[start:], final=complete
    )
    if not complete:
        cut = max(text.rfind("\n"), text.rfind("\r"))
        text = text[: cut + 1] if cut >= 0 else ""
    return text, complete


def read_head(
    path: Path, file: str, encoding: str, delimiter: str | None = None
) -> tuple[Head, str]:
    """The head of the file and its delimiter (sniffed when not given)."""
    size = HEAD_BYTES
    while True:
        text, complete = _head_text(path, encoding, size)
        lines = _LINE.findall(text)
        delim = delimiter or sniff_delimiter(text)
        head = _parse_head(lines, encoding, delim, file, complete)
        enough = len(head.rows) >= HEAD_RECORDS and len(text.splitlines()) >= HEAD_LINES
        if complete or enough or size >= HEAD_MAX_BYTES:
            return head, delim
        size *= 2


def _parse_head(lines: list[str], encoding: str, delim: str, file: str, complete: bool) -> Head:
    offsets_of = [3 if encoding == "utf-8-sig" else 0]
    for ln in lines:
        offsets_of.append(offsets_of[-1] + len(ln.encode("utf-8")))
    pulled = [0]

    def feed() -> Iterator[str]:
        for k, ln in enumerate(lines):
            pulled[0] = k + 1
            yield ln

    rows, numbers, offsets = [], [], []
    reader = csv.reader(feed(), delimiter=delim)
    start = 0
    try:
        for i, row in enumerate(reader, start=1):
            if any(c.strip() for c in row):
                rows.append(_nfc(row))
                numbers.append(i)
                offsets.append(offsets_of[start])
            start = pulled[0]
    except csv.Error as e:
        raise fail(
            file, reason("not_csv", error=str(e)), "malformed-row", row=reader.line_num
        ) from None
    if not complete and rows:  # the last record may continue past the head
        rows, numbers, offsets = rows[:-1], numbers[:-1], offsets[:-1]
    return Head(rows, numbers, offsets, complete)


class CsvSource:
    """A CSV file: its head, then its data rows in chunks."""

    format = "csv"
    header = None

    def __init__(self, path: Path, file: str, *, exact: bool = False):
        self.path, self.file = path, file
        self.encoding = self._quick_encoding() if not exact else None
        self.fast = self.encoding in ("utf-8", "utf-8-sig")
        if not self.fast:
            self.encoding = file_encoding(path, file)
        assert self.encoding is not None
        text, _ = _head_text(path, self.encoding, LEGACY_CHECK_BYTES)
        check_tcvn3(unicodedata.normalize("NFC", text), file)
        self.head, self.delimiter = read_head(path, file, self.encoding)
        if self.head.complete and not self.head.rows:
            raise fail(file, reason("blank_file"), "empty-file")
        self.rows, self.row_numbers = self.head.rows, self.head.numbers

    def _quick_encoding(self) -> str | None:
        """UTF-8 (with or without BOM) when the first bytes say so; the rest of the file
        is checked as Arrow reads it. None: decide on the whole file."""
        with open(self.path, "rb") as f:
            data = f.read(HEAD_BYTES)
        if data.startswith((b"\xff\xfe", b"\xfe\xff")) or nul_fault(data[:4096]):
            return None
        bom = data.startswith(b"\xef\xbb\xbf")
        try:
            data[3 if bom else 0 :].decode("utf-8")
        except UnicodeDecodeError as e:
            cut = e.reason == "unexpected end of data" and len(data) == HEAD_BYTES
            if not cut:  # (a character cut by the head's end is no error)
                return None
        return "utf-8-sig" if bom else "utf-8"

    def chunks(self, data_start: int) -> Iterator[Chunk]:
        """The data rows from the head's row `data_start` on."""
        if data_start >= len(self.head.rows):
            if not self.head.complete:
                raise Restart("the header lies beyond the head")
            return
        if self.fast:
            yield from self._arrow_chunks(data_start)
        else:
            problems: dict[int, tuple[str | None, str, str]] = {}
            yield from batched(self._records(data_start, problems), strings=True, problems=problems)

    def rows_at(self, data_start: int, numbers: set[int]) -> dict[int, list[Any]]:
        """The data rows numbered `numbers`, as read (for the quarantine file)."""
        return {n: row for n, row in self._records(data_start, {}) if n in numbers}

    def _records(
        self, data_start: int, problems: dict[int, tuple[str | None, str, str]]
    ) -> Iterator[tuple[int, list[str]]]:
        """(record number, cells) of the non-empty data records. A quote never closed
        swallows the rest of the file into the last record: that record is named in
        `problems` before it is handed on."""
        first = self.head.numbers[data_start] if data_start < len(self.head.numbers) else None
        if first is None:
            return
        csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))
        lines: list[str] = []
        with open(self.path, encoding=self.encoding, newline="") as f:

            def feed() -> Iterator[str]:
                for ln in f:
                    lines.append(ln)
                    yield ln if ln.isascii() else unicodedata.normalize("NFC", ln)

            reader = csv.reader(feed(), delimiter=self.delimiter)
            last: tuple[int, list[str], str] | None = None
            try:
                for i, row in enumerate(reader, start=1):
                    text = "".join(lines)
                    lines.clear()
                    if i >= first and any(c.strip() for c in row):
                        if last is not None:
                            yield last[0], last[1]
                        last = (i, row, text)
            except csv.Error as e:
                raise fail(
                    self.file,
                    reason("not_csv", error=str(e)),
                    "malformed-row",
                    row=reader.line_num,
                ) from None
        if last is not None:
            if open_quote(last[2], self.delimiter):
                problems[last[0]] = (None, UNCLOSED_QUOTE, "malformed-row")
            yield last[0], last[1]

    def _arrow_chunks(self, data_start: int) -> Iterator[Chunk]:
        first = self.head.numbers[data_start]
        offset = self.head.offsets[data_start]
        names = [f"c{j}" for j in range(len(self.head.rows[data_start]))]
        lines, nul = scan_lines(self.path, offset)
        nul_free = not nul
        read = 0
        with open(self.path, "rb") as f:
            f.seek(offset)
            try:
                reader = pacsv.open_csv(
                    f,
                    read_options=pacsv.ReadOptions(
                        column_names=names, block_size=BLOCK, use_threads=False
                    ),
                    parse_options=pacsv.ParseOptions(
                        delimiter=self.delimiter, newlines_in_values=True
                    ),
                    convert_options=pacsv.ConvertOptions(
                        column_types=dict.fromkeys(names, pa.string()),
                        strings_can_be_null=False,
                        quoted_strings_can_be_null=False,
                    ),
                )
                for batch in reader:
                    numbers = np.arange(first + read, first + read + batch.num_rows)
                    read += batch.num_rows
                    chunk = _drop_blank([nfc(c) for c in batch.columns], numbers)
                    chunk.nul_free = nul_free
                    if len(chunk):
                        yield chunk
            except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as e:
                raise Restart(f"Arrow's reader: {e}") from None
        if read != lines:
            raise Restart("blank lines or line breaks inside values")


def open_quote(record: str, delimiter: str) -> bool:
    """Whether a record's text ends inside a quoted value (Python's csv rules: a quote
    opens a value only at its start, and a doubled quote inside is a quote)."""
    quoted, start, i, n = False, True, 0, len(record)
    while i < n:
        c = record[i]
        if quoted:
            if c == '"':
                if i + 1 < n and record[i + 1] == '"':
                    i += 2
                    continue
                quoted = False
            start = False
        elif c == '"' and start:
            quoted = True
        else:
            start = c == delimiter or c in "\r\n"
        i += 1
    return quoted


def nfc(col: pa.Array) -> pa.Array:
    """Text in Unicode NFC, as every reader gives it (Windows-1258 writes tone marks
    as combining characters; some tools write NFD)."""
    if not len(col) or _ascii(col):
        return col
    d = pc.dictionary_encode(col)
    if len(d.dictionary) * 4 < len(col):
        return pc.take(pc.utf8_normalize(d.dictionary, "NFC"), d.indices)
    return pc.utf8_normalize(col, "NFC")


def _ascii(col: pa.Array) -> bool:
    """Whether every value is ASCII: no byte of the values is 0x80 or above."""
    if not isinstance(col, pa.Array) or not (
        pa.types.is_string(col.type) or pa.types.is_large_string(col.type)
    ):
        return bool(pc.all(pc.string_is_ascii(col)).as_py())
    width = np.int64 if pa.types.is_large_string(col.type) else np.int32
    _, offsets, data = col.buffers()
    if data is None:
        return True
    ends = np.frombuffer(offsets, dtype=width)[[col.offset, col.offset + len(col)]]
    return not (np.frombuffer(data, dtype=np.uint8)[ends[0] : ends[1]] >= 0x80).any()


def _drop_blank(columns: list[pa.Array], numbers: np.ndarray) -> Chunk:
    """Rows whose every cell is empty or white space are not data (their numbers stay)."""
    if not columns:
        return Chunk(columns, numbers[:0])
    blank = pc.match_substring_regex(columns[0], _BLANK)
    if pc.any(blank).as_py():
        for col in columns[1:]:
            blank = pc.and_(blank, pc.match_substring_regex(col, _BLANK))
        keep = pc.invert(blank)
        columns = [c.filter(keep) for c in columns]
        numbers = numbers[np.asarray(keep)]
    return Chunk(list(columns), numbers)


def count_lines(path: Path, offset: int) -> int:
    """Lines from `offset` to the end, line breaks at the very end not counted
    ('\r\n', '\r' and '\n' each end a line, as for Python's csv module)."""
    return scan_lines(path, offset)[0]


def scan_lines(path: Path, offset: int) -> tuple[int, bool]:
    """`count_lines` and whether the file holds a NUL byte from `offset` on, in one
    pass over the file."""
    breaks = 0
    tail = b""  # the run of line breaks (and what precedes it) at the end so far
    content = nul = False
    with open(path, "rb") as f:
        f.seek(offset)
        while block := f.read(BLOCK):
            nul = nul or b"\x00" in block
            joined = tail[-1:] + block  # a '\r\n' split across blocks is one break
            breaks += block.count(b"\n")
            if b"\r" in joined:  # (a file without '\r' is counted in one pass)
                breaks += block.count(b"\r") - joined.count(b"\r\n")
            stripped = block.rstrip(b"\r\n")
            if stripped:
                content = True
                tail = block[len(stripped) :]
            else:
                tail += block
    trailing = tail.count(b"\n") + tail.count(b"\r") - tail.count(b"\r\n")
    return (breaks - trailing + 1 if content else 0), nul
