"""Finding the header row of a spreadsheet and matching its labels to declared columns.

Real exports have title rows above the header ("BÁO CÁO ... QUÝ 3/2025"), merged header
cells and two-row headers ("Tọa độ" over "Kinh độ | Vĩ độ"). Every one of the first
rows is scored by how many declared columns (names and aliases, compared with
`name_key`) its labels match, alone and joined with the row below; the best wins.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from hatang.model.names import name_key
from hatang.model.schema import Column

#: rows searched for the header
SEARCH_ROWS = 30
#: labels of row-number columns, never reported as unknown
IGNORED_LABELS = {"stt", "tt", "so tt", "so thu tu", "no"}
_BRACKETS = re.compile(r"\([^)]*\)|\[[^\]]*\]")


def label_key(label: Any) -> str:
    """'Kinh độ (°)' → 'kinh do'; 'Site_ID' → 'site id'."""
    if label is None:
        return ""
    text = _BRACKETS.sub(" ", str(label))
    return name_key(text).replace("_", " ").replace("-", " ").strip()


def accepted_names(col: Column) -> list[str]:
    return [col.name, *col.aliases]


def key_index(columns: Sequence[Column]) -> dict[str, str]:
    """label key → column name, for every name and alias."""
    index: dict[str, str] = {}
    for col in columns:
        for name in accepted_names(col):
            index.setdefault(label_key(name), col.name)
    return index


@dataclass
class HeaderMatch:
    #: declared column name → position in the row
    positions: dict[str, int]
    #: row number of the header (the first of two header rows) as a person sees it
    header_row: int | None
    #: index in grid.rows of the first data row
    data_start: int
    #: the header labels as written (for the quarantine file)
    labels: list[str]
    unknown: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)


def _match(labels: Sequence[Any], index: dict[str, str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for pos, label in enumerate(labels):
        name = index.get(label_key(label))
        if name and name not in found:
            found[name] = pos
    return found


def _combine(upper: Sequence[Any], lower: Sequence[Any], index: dict[str, str]) -> list[str]:
    """Labels of a two-row header: the lower label, the (merged, filled-right) upper
    label, or both joined — whichever names a column."""
    width = max(len(upper), len(lower))
    filled, last = [], None
    for j in range(width):
        u = upper[j] if j < len(upper) else None
        if u is not None and str(u).strip():
            last = u
        filled.append(last if (u is None or not str(u).strip()) else u)
    out = []
    for j in range(width):
        low = lower[j] if j < len(lower) else None
        up = upper[j] if j < len(upper) else None
        candidates = [low, up, f"{filled[j] or ''} {low or ''}"]
        label = next((c for c in candidates if c is not None and label_key(c) in index), None)
        if label is None:
            label = low if low is not None and str(low).strip() else up
        out.append("" if label is None else str(label).strip())
    return out


_NUMBER = re.compile(r"^[+-]?[\d.,\s]+$")
_COLUMN_NUMBER = re.compile(r"^\(?(\d{1,2})\)?$")


def looks_like_labels(row: Sequence[Any]) -> bool:
    """A row that can be the lower half of a header: no numbers, no dates."""
    for v in row:
        if v is None:
            continue
        if (
            not isinstance(v, str)
            or _NUMBER.match(v)
            or re.match(r"^\d{1,4}[/-]\d{1,2}[/-]\d{1,4}", v)
        ):
            return False
    return True


def is_numbering_row(row: Sequence[Any]) -> bool:
    """A row numbering the columns: 1 2 3 … or (1) (2) (3) …, increasing, at least 3."""
    numbers = []
    for v in row:
        if v is None or (isinstance(v, str) and not v.strip()):
            continue
        if isinstance(v, bool):
            return False
        if isinstance(v, int | float):
            v = str(int(v)) if float(v).is_integer() else str(v)
        m = _COLUMN_NUMBER.match(str(v).strip())
        if m is None:
            return False
        numbers.append(int(m[1]))
    return len(numbers) >= 3 and all(b > a for a, b in zip(numbers, numbers[1:], strict=False))


def find_header(
    rows: list[list[Any]], row_numbers: list[int], columns: Sequence[Column]
) -> HeaderMatch | None:
    """The best-scoring header among the first rows; None when no row names a column."""
    index = key_index(columns)
    required = {c.name for c in columns if c.required}
    best: tuple[tuple[int, int, int], HeaderMatch] | None = None
    for r in range(min(SEARCH_ROWS, len(rows))):
        options = [(list(rows[r]), 1)]
        if r + 1 < len(rows) and looks_like_labels(rows[r + 1]):
            options.append((_combine(rows[r], rows[r + 1], index), 2))
        for labels, height in options:
            found = _match(labels, index)
            if not found:
                continue
            # more required columns, then more columns, then the single-row reading
            score = (len(found.keys() & required), len(found), -height)
            if best is None or score > best[0]:
                text = ["" if v is None else str(v).strip() for v in labels]
                best = (score, HeaderMatch(found, row_numbers[r], r + height, text))
    if best is None:
        return None
    match = best[1]
    if match.data_start < len(rows) and is_numbering_row(rows[match.data_start]):
        match.data_start += 1  # "(1) (2) (3) …" under the header of many Vietnamese reports
    for pos, label in enumerate(match.labels):
        key = label_key(label)
        if not key or key in IGNORED_LABELS:
            continue
        name = index.get(key)
        if name is None:
            match.unknown.append(label)
        elif match.positions[name] != pos:
            match.duplicates.append(label)
    return match


def header_from_names(names: list[str], columns: Sequence[Column]) -> HeaderMatch:
    """For formats that carry their column names (Parquet, GeoJSON)."""
    index = key_index(columns)
    found = _match(names, index)
    unknown = [n for n in names if label_key(n) not in index and n not in ("lon", "lat")]
    return HeaderMatch(found, None, 0, list(names), unknown)
