"""Opening a file as rows: CSV (hatang.io.csvfile), XLSX (hatang.io.sheets), Parquet
and GeoJSON. Every source gives the first rows (or the column names, for formats that
carry them) to find the header, then the data rows in chunks (hatang.io.chunks).
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from hatang.io.chunks import CHUNK_ROWS, Chunk, from_rows
from hatang.io.csvfile import CsvSource
from hatang.io.encoding import check_tcvn3, decode, fail, looks_tcvn3
from hatang.io.reasons import reason
from hatang.io.sheets import XlsxSource
from hatang.settings import ImportSettings

__all__ = [
    "Grid",
    "Source",
    "fail",
    "looks_tcvn3",
    "open_source",
    "read_xlsx",
    "read_xlsx_openpyxl",
]


class Source(Protocol):
    """What every reader offers (see the module docstring)."""

    format: str
    encoding: str
    #: column names when the format carries them (Parquet, GeoJSON); else None
    header: list[str] | None
    #: the first non-empty rows and their row numbers (to find the header)
    rows: list[list[Any]]
    row_numbers: list[int]

    def chunks(self, data_start: int) -> Iterator[Chunk]: ...

    def rows_at(self, data_start: int, numbers: set[int]) -> dict[int, list[Any]]: ...


@dataclass
class Grid:
    """A whole sheet held in memory (kept for callers that want every row at once)."""

    file: str
    rows: list[list[Any]]
    row_numbers: list[int]
    encoding: str
    header: list[str] | None = None
    format: str = "csv"
    geometries: list[str | None] | None = None
    row_problems: dict[int, tuple[str | None, str, str]] = field(default_factory=dict)


def open_source(
    path: Path,
    file: str,
    *,
    sheet: str | None = None,
    score: Callable[[Any], Any] | None = None,
    exact: bool = False,
    limits: ImportSettings | None = None,
) -> Source:
    """The reader for `path`, by its extension (anything unknown is read as CSV)."""
    if path.stat().st_size == 0:
        raise fail(file, reason("empty_file"), "empty-file")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return XlsxSource(path, file, sheet, score, exact=exact, limits=limits)
    if suffix == ".xls":
        raise fail(file, reason("old_xls"), "format")
    if suffix == ".parquet":
        return ParquetSource(path, file)
    if suffix in (".geojson", ".json"):
        limit = (limits or ImportSettings()).max_uncompressed_mb
        if path.stat().st_size > limit << 20:
            raise fail(
                file,
                reason(
                    "geojson_too_large", size=round(path.stat().st_size / (1 << 20)), limit=limit
                ),
                "too-large",
            )
        return GeoJsonSource(path, file)
    return CsvSource(path, file, exact=exact)


def read_xlsx(path: Path, file: str, sheet: str | None = None, score: Any = None) -> Grid:
    """The sheet named `sheet` (else the one whose header scores best), every row."""
    return _grid(XlsxSource(path, file, sheet, score), file)


def read_xlsx_openpyxl(path: Path, file: str, sheet: str | None = None, score: Any = None) -> Grid:
    """As read_xlsx, read by openpyxl."""
    return _grid(XlsxSource(path, file, sheet, score, exact=True), file)


def _grid(source: XlsxSource, file: str) -> Grid:
    rows = list(source._rows())
    return Grid(file, [r for _, r in rows], [n for n, _ in rows], "xlsx", format="xlsx")


# ---- Parquet ------------------------------------------------------------------------------


class ParquetSource:
    """A Parquet file: its column names are the header; rows are read in batches."""

    format = "parquet"
    encoding = "parquet"
    rows: list[list[Any]] = []
    row_numbers: list[int] = []

    def __init__(self, path: Path, file: str):
        import pyarrow.parquet as pq

        self.path, self.file = path, file
        try:
            pq.read_table(path, columns=[])  # (reads no data: the file's footer is checked)
            self.pq = pq.ParquetFile(path)
            self.header = list(self.pq.schema_arrow.names)
            head = next(self.pq.iter_batches(batch_size=200), None)
        except Exception as e:
            raise self._failed(e) from None
        sample = []
        if head is not None:
            sample = [v for r in head.to_pylist() for v in r.values() if isinstance(v, str)]
        check_tcvn3(unicodedata.normalize("NFC", " ".join(self.header + sample)), file)

    def _failed(self, e: Exception) -> Exception:
        said = str(e).replace(str(self.path), self.file)  # name the file, not its path
        return fail(self.file, reason("not_parquet", error=f"{type(e).__name__}: {said}"), "format")

    def chunks(self, data_start: int) -> Iterator[Chunk]:
        start = 1
        try:
            for batch in self.pq.iter_batches(batch_size=CHUNK_ROWS):
                numbers = np.arange(start, start + batch.num_rows, dtype=np.int64)
                start += batch.num_rows
                yield Chunk(list(batch.columns), numbers)
        except Exception as e:
            raise self._failed(e) from None

    def rows_at(self, data_start: int, numbers: set[int]) -> dict[int, list[Any]]:
        out = {}
        for chunk in self.chunks(data_start):
            for i in np.flatnonzero(np.isin(chunk.numbers, list(numbers))):
                out[int(chunk.numbers[i])] = chunk.raw_row(int(i))
        return out


# ---- GeoJSON ------------------------------------------------------------------------------


class GeoJsonSource:
    """Features → rows of their properties, plus lon/lat of points and WKT geometry."""

    format = "geojson"
    encoding = "utf-8"
    rows: list[list[Any]] = []
    row_numbers: list[int] = []

    def __init__(self, path: Path, file: str):
        from shapely.geometry import shape

        text, _ = decode(path.read_bytes(), file)
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as e:
            raise fail(file, reason("not_json", error=e.msg, line=e.lineno), "format") from None
        features = doc.get("features") if isinstance(doc, dict) else None
        if not isinstance(features, list):
            raise fail(file, reason("not_feature_collection"), "format")
        names: dict[str, None] = {}
        for f in features:
            for k in (f.get("properties") or {}) if isinstance(f, dict) else {}:
                names.setdefault(k)
        self.header = list(names) + ["lon", "lat"]
        rows, geoms = [], []
        bad: dict[int, tuple[str | None, str, str]] = {}
        for f in features:
            props = (f.get("properties") or {}) if isinstance(f, dict) else {}
            geom = f.get("geometry") if isinstance(f, dict) else None
            lon = lat = wkt = None
            if geom:
                try:
                    g = shape(geom)
                except Exception as e:  # shapely raises several types for bad GeoJSON
                    g = None
                    why = reason("invalid_geometry", error=f"{type(e).__name__}: {e}")
                    bad[len(rows)] = ("geometry", why, "geometry")
                if g is not None and g.is_empty:
                    bad[len(rows)] = ("geometry", reason("empty_geometry"), "geometry")
                elif g is not None:
                    wkt = g.wkt
                    if g.geom_type == "Point":
                        lon, lat = g.x, g.y
            rows.append([props.get(k) for k in names] + [lon, lat])
            geoms.append(wkt)
        self._rows, self._geoms, self._bad = rows, geoms, bad

    def chunks(self, data_start: int) -> Iterator[Chunk]:
        if self._rows:
            numbers = list(range(1, len(self._rows) + 1))
            yield from_rows(self._rows, numbers, row_problems=self._bad, geometries=self._geoms)

    def rows_at(self, data_start: int, numbers: set[int]) -> dict[int, list[Any]]:
        return {n: self._rows[n - 1] for n in numbers if 0 < n <= len(self._rows)}
