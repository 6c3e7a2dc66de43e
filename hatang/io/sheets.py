"""XLSX workbooks, streamed: the first rows of each sheet (to pick the sheet whose
header fits best, and for the legacy-font check), then the chosen sheet's rows a chunk
at a time.

The fast reader (hatang.io.xlsx) is tried first; openpyxl reads what it does not
handle and gives the error for damaged files. A workbook the fast reader gives up on
part-way is read again with openpyxl from the start (`Restart`).
"""

from __future__ import annotations

import re
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Any

from hatang.io.chunks import Chunk, Restart, batched
from hatang.io.encoding import check_tcvn3, fail
from hatang.io.reasons import reason
from hatang.settings import ImportSettings

#: rows of each sheet read before the header is looked for (and checked for TCVN3)
HEAD_ROWS = 200


@dataclass
class SheetHead:
    """The first non-empty rows of a sheet (what `header_score` and find_header read)."""

    name: str
    rows: list[list[Any]]
    row_numbers: list[int]


def cell(c: Any) -> Any:
    if isinstance(c, str):
        return unicodedata.normalize("NFC", c)
    return c


def _blank(c: Any) -> bool:
    return c is None or (isinstance(c, str) and not c.strip())


class XlsxSource:
    """An XLSX file: the chosen sheet's head, then its rows in chunks."""

    format = "xlsx"
    encoding = "xlsx"
    header = None

    def __init__(
        self,
        path: Path,
        file: str,
        sheet: str | None = None,
        score: Callable[[Any], Any] | None = None,
        *,
        exact: bool = False,
        limits: ImportSettings | None = None,
    ):
        if not zipfile.is_zipfile(path):
            raise fail(
                file,
                reason("not_xlsx"),
                "format",
            )
        self.path, self.file = path, file
        check_unpacked(path, file, limits or ImportSettings())
        self.limits = limits or ImportSettings()
        self.fast = not exact
        heads = self._fast_heads(sheet) if self.fast else None
        if not heads:  # the fast reader gave up, or found no such sheet: openpyxl says
            self.fast = False
            heads = self._openpyxl_heads(sheet)
        if not heads:
            raise fail(file, reason("no_sheet"), "format")
        text = "\n".join(
            " ".join(str(c) for c in r if isinstance(c, str)) for h in heads for r in h.rows
        )
        check_tcvn3(unicodedata.normalize("NFC", text), file)
        chosen = heads[0] if len(heads) == 1 or score is None else max(heads, key=score)
        self.sheet = chosen.name
        self.rows, self.row_numbers = chosen.rows, chosen.row_numbers

    # ---- the first rows of every sheet

    def _fast_heads(self, only: str | None) -> list[SheetHead] | None:
        from hatang.io.xlsx import XlsxUnsupported, open_book, sheet_rows

        try:
            with open_book(self.path) as (z, strings, dates, sheets):
                return [
                    _head(name, sheet_rows(z, part, strings, dates))
                    for name, part in sheets
                    if only is None or name == only
                ]
        except XlsxUnsupported:
            return None

    def _openpyxl_heads(self, only: str | None) -> list[SheetHead]:
        with self._openpyxl() as wb:
            if only is not None and only not in wb.sheetnames:
                raise fail(
                    self.file,
                    reason("no_such_sheet", sheet=only, sheets=", ".join(wb.sheetnames)),
                    "format",
                )
            names = [only] if only is not None else list(wb.sheetnames)
            return [_head(name, self._openpyxl_rows(wb, name)) for name in names]

    # ---- the chosen sheet's rows

    def chunks(self, data_start: int) -> Iterator[Chunk]:
        yield from batched(islice(self._rows(), data_start, None))

    def rows_at(self, data_start: int, numbers: set[int]) -> dict[int, list[Any]]:
        return {n: r for n, r in islice(self._rows(), data_start, None) if n in numbers}

    def _rows(self) -> Iterator[tuple[int, list[Any]]]:
        cells = 0
        for number, values in self._all_rows():
            cells += len(values)
            if cells > self.limits.max_cells:  # a sheet that declares no size
                raise fail(
                    self.file,
                    reason("sheet_too_large", sheet=self.sheet, limit=self.limits.max_cells),
                    "too-large",
                )
            yield number, values

    def _all_rows(self) -> Iterator[tuple[int, list[Any]]]:
        if not self.fast:
            with self._openpyxl() as wb:
                yield from self._openpyxl_rows(wb, self.sheet)
            return
        from hatang.io.xlsx import XlsxUnsupported, open_book, sheet_rows

        try:
            with open_book(self.path) as (z, strings, dates, sheets):
                part = dict(sheets)[self.sheet]
                for number, values in sheet_rows(z, part, strings, dates):
                    yield number, [cell(c) for c in values]
        except XlsxUnsupported as e:
            raise Restart(f"the fast XLSX reader: {e}") from None

    # ---- openpyxl

    def _openpyxl(self) -> Any:
        import openpyxl

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                wb = openpyxl.load_workbook(self.path, read_only=True, data_only=True)
        except Exception as e:  # openpyxl raises many types for damaged files
            raise fail(
                self.file,
                reason("xlsx_damaged", error=f"{type(e).__name__}: {e}"),
                "format",
            ) from None
        return _Closing(wb)

    def _openpyxl_rows(self, wb: Any, name: str) -> Iterator[tuple[int, list[Any]]]:
        try:
            for i, row in enumerate(wb[name].iter_rows(values_only=True), start=1):
                if any(not _blank(c) for c in row):
                    yield i, [cell(c) for c in row]
        except Exception as e:
            raise fail(
                self.file,
                reason("sheet_damaged", sheet=name, error=f"{type(e).__name__}: {e}"),
                "format",
            ) from None


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension[^>]*\bref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')


def check_unpacked(path: Path, file: str, limits: ImportSettings) -> None:
    """Refuse, before reading, a workbook that unpacks to more than
    `max_uncompressed_mb` or whose sheets declare more than `max_cells` cells (a ZIP
    bomb costs minutes and gigabytes once parsed)."""
    mb = 1 << 20
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            total = sum(i.file_size for i in infos)
            if total > limits.max_uncompressed_mb * mb:
                raise fail(
                    file,
                    reason(
                        "workbook_too_large",
                        size=round(total / mb),
                        limit=limits.max_uncompressed_mb,
                    ),
                    "too-large",
                )
            for info in infos:
                if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                    with z.open(info) as part:
                        cells = _declared_cells(part.read(4096))
                    if cells > limits.max_cells:
                        raise fail(
                            file,
                            reason(
                                "sheet_declares_too_many",
                                sheet=info.filename.rsplit("/", 1)[-1],
                                cells=cells,
                                limit=limits.max_cells,
                            ),
                            "too-large",
                        )
    except zipfile.BadZipFile:
        return  # damaged: the readers name the fault


def _declared_cells(head: bytes) -> int:
    """Rows × columns of a sheet's <dimension ref="A1:XFD1048576"/>; 0 when absent."""
    m = _DIMENSION.search(head)
    if m is None or m[3] is None:
        return 0
    c0, r0, c1, r1 = _col(m[1].decode()), int(m[2]), _col(m[3].decode()), int(m[4])
    return (abs(r1 - r0) + 1) * (abs(c1 - c0) + 1)


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _head(name: str, rows: Iterator[tuple[int, list[Any]]]) -> SheetHead:
    first = list(islice(rows, HEAD_ROWS))
    return SheetHead(name, [[cell(c) for c in r] for _, r in first], [n for n, _ in first])


class _Closing:
    """openpyxl's read-only workbook as a context manager that closes it."""

    def __init__(self, wb: Any):
        self.wb = wb

    def __enter__(self) -> Any:
        return self.wb

    def __exit__(self, *exc: object) -> None:
        self.wb.close()
