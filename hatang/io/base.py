"""What an importer receives (Context) and returns (Prepared)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from hatang.errors import Problem
from hatang.model.schema import Table
from hatang.settings import ImportSettings
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
    #: [imports] of hatang.toml (limits, margins)
    settings: ImportSettings = field(default_factory=ImportSettings)
    progress: Callable[[str], None] = lambda _msg: None
    #: read with the exact (slower) readers: set when a fast one asked to start again
    exact: bool = False
    #: the workspace's whole settings and whether the import is synthetic (the
    #: register's bulk files open cases with them: hatang.io.register)
    workspace_settings: Any = None
    synthetic: bool = False

    @cached_property
    def bbox(self) -> tuple[float, float, float, float] | None:
        """The province's extent widened by the margin; None if unknown."""
        box = store.province_bbox(self.con)
        if box is None:
            return None
        m = self.settings.bbox_margin_deg
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
class Batch:
    """What a chunk of rows gives, before anything is written."""

    #: table name → good rows to add (Arrow or pandas; the table's columns but import_id)
    frames: dict[str, Any]
    #: the problems found, in row order
    problems: list[Problem] = field(default_factory=list)
    #: row number → the row's original values, for rows with problems
    bad_rows: dict[int, list[Any]] = field(default_factory=dict)
    #: name in Prepared.unique → the key and row number (`_row`) of every row read
    keys: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Unique:
    """A key no two rows of the file may share: checked when the whole file is read."""

    #: declares the key's columns and their types
    table: Table
    #: the table whose rows of a duplicated key are taken back out
    target: str
    #: e.g. "duplicate key" (problems read "<label> (k=v, …): also on row N")
    label: str = "duplicate key"


@dataclass
class Prepared:
    """An importer's result: what the whole file is, and its rows batch by batch.

    The counters and notes are complete once `batches` is exhausted."""

    batches: Iterable[Batch]
    encoding: str
    #: header labels as written (quarantine file columns)
    labels: list[str] = field(default_factory=list)
    rows_read: int = 0
    notes: list[str] = field(default_factory=list)
    #: rows deliberately left out (other countries, outside the province)
    rows_skipped: int = 0
    #: run as write(connection, import_id) inside the transaction, before stored rows
    #: are replaced (e.g. hatang.store.imports.delete_opencellid for a register)
    before_write: list[Callable[[Any, int], None]] = field(default_factory=list)
    #: the period recorded with the import (e.g. from an Ookla file name)
    period: str | None = None
    #: keys checked for duplicates across the file (Batch.keys carries them)
    unique: dict[str, Unique] = field(default_factory=dict)
    #: the rows numbered so, as read (rows found bad only once the file is read)
    raw_rows: Callable[[set[int]], dict[int, list[Any]]] | None = None
    #: called with every problem when the file is read; may refuse it (ImportFailed)
    finish: Callable[[list[Problem]], None] | None = None
