"""What an importer receives (Context) and returns (Prepared)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from hatang.errors import Problem
from hatang.store import imports as store


@dataclass
class Context:
    """Everything an importer may consult: the file, options, and the store (read only)."""

    #: the workspace's open connection, handed to hatang.store.imports (never queried here)
    con: Any
    kind: str
    path: Path
    file: str
    #: --period, normalised (None when not given)
    period: str | None
    options: dict[str, Any]
    bbox_margin_deg: float = 0.02
    progress: Callable[[str], None] = lambda _msg: None

    @cached_property
    def bbox(self) -> tuple[float, float, float, float] | None:
        """The province's extent widened by the margin; None if unknown."""
        box = store.province_bbox(self.con)
        if box is None:
            return None
        m = self.bbox_margin_deg
        return (box[0] - m, box[1] - m, box[2] + m, box[3] + m)

    @cached_property
    def unit_codes(self) -> dict[str, set[str]]:
        """map → unit codes in the store."""
        return store.unit_codes(self.con)

    @cached_property
    def units_frame(self) -> pd.DataFrame:
        return store.unit_places(self.con)

    def site_ids(self, period: str) -> set[str]:
        cache = self.__dict__.setdefault("_sites", {})
        if period not in cache:
            cache[period] = store.site_ids(self.con, period)
        return cache[period]


@dataclass
class Prepared:
    """An importer's result before anything is written."""

    #: table name → rows to upsert (columns of the table, import_id left empty)
    frames: dict[str, pd.DataFrame]
    rows_read: int
    encoding: str
    problems: list[Problem] = field(default_factory=list)
    #: row number → the row's original values, for rows with problems
    bad_rows: dict[int, list[Any]] = field(default_factory=dict)
    #: header labels as written (quarantine file columns)
    labels: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: rows deliberately left out (other countries, outside the province)
    rows_skipped: int = 0
    #: run with the connection inside the transaction, before the upserts (e.g.
    #: hatang.store.imports.delete_opencellid for the rows a register replaces)
    before_write: list[Callable[[Any], None]] = field(default_factory=list)
    #: the period recorded with the import (e.g. from an Ookla file name)
    period: str | None = None
