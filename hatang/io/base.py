"""What an importer receives (Context) and returns (Prepared), and the registry entry."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from hatang.errors import Problem
from hatang.model.periods import MAPS


@dataclass
class Context:
    """Everything an importer may consult: the file, options, and the store (read only)."""

    con: duckdb.DuckDBPyConnection
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
        """The province's extent widened by the margin, from meta 'bbox'; None if unknown."""
        row = self.con.execute("SELECT value FROM meta WHERE key = 'bbox'").fetchone()
        if not row or not row[0]:
            return None
        try:
            x0, y0, x1, y1 = (float(v) for v in str(row[0]).split(","))
        except ValueError:
            return None
        m = self.bbox_margin_deg
        return (x0 - m, y0 - m, x1 + m, y1 + m)

    @cached_property
    def unit_codes(self) -> dict[str, set[str]]:
        """map → unit codes in the store."""
        out: dict[str, set[str]] = {m: set() for m in MAPS}
        for map_, code in self.con.execute("SELECT map, code FROM units").fetchall():
            out.setdefault(str(map_), set()).add(str(code))
        return out

    @cached_property
    def units_frame(self) -> pd.DataFrame:
        return self.con.execute("SELECT map, code, level, lon, lat, geometry FROM units").df()

    def site_ids(self, period: str) -> set[str]:
        cache = self.__dict__.setdefault("_sites", {})
        if period not in cache:
            rows = self.con.execute(
                "SELECT site_id FROM sites WHERE period = ?", [period]
            ).fetchall()
            cache[period] = {r[0] for r in rows}
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
    #: (sql, params) run inside the transaction before the upserts
    deletes: list[tuple[str, list[Any]]] = field(default_factory=list)
    #: the period recorded with the import (e.g. from an Ookla file name)
    period: str | None = None


@dataclass(frozen=True)
class Importer:
    kind: str
    #: one line, English / Vietnamese
    description: str
    #: table names written
    tables: tuple[str, ...]
    prepare: Callable[[Context], Prepared]
    #: file formats read
    formats: tuple[str, ...] = ("csv", "xlsx", "parquet")
    #: --period: "column" (a period column or --period), "required", "none", "filename"
    period: str = "column"
    #: the period recorded with the import, worked out before reading (e.g. from the
    #: file name); raises ConfigError when options clash. None: --period as given.
    resolve_period: Callable[[Context], str | None] | None = None
