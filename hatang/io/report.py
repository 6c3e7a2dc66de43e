"""The result of one import."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hatang.errors import Problem, count_types


@dataclass
class ImportReport:
    kind: str
    file: str
    sha256: str
    encoding: str | None
    rows_read: int = 0
    #: rows written: new + replaced (over every table the kind writes)
    rows_loaded: int = 0
    rows_new: int = 0
    rows_replaced: int = 0
    rows_rejected: int = 0
    problems: list[Problem] = field(default_factory=list)
    #: the imports row written (None when nothing was written)
    import_id: int | None = None
    already_imported: bool = False
    #: the earlier import of the same file, kind and period (when already_imported)
    previous_import_id: int | None = None
    quarantine_file: Path | None = None
    #: the period recorded with the import
    period: str | None = None
    #: rows deliberately left out (OpenCelliD: other countries, outside the province)
    rows_skipped: int = 0
    #: table → (new, replaced)
    tables: dict[str, tuple[int, int]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    synthetic: bool = False
    #: check_only: table → the rows the import would have written (pandas frames)
    rows: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """The report as JSON (`hatang import --json`, the web API): every field, each
        problem as an object with its type, and the number of problems of each type."""
        return {
            "kind": self.kind,
            "file": self.file,
            "sha256": self.sha256,
            "encoding": self.encoding,
            "period": self.period,
            "rows_read": self.rows_read,
            "rows_loaded": self.rows_loaded,
            "rows_new": self.rows_new,
            "rows_replaced": self.rows_replaced,
            "rows_rejected": self.rows_rejected,
            "rows_skipped": self.rows_skipped,
            "import_id": self.import_id,
            "already_imported": self.already_imported,
            "previous_import_id": self.previous_import_id,
            "quarantine_file": str(self.quarantine_file) if self.quarantine_file else None,
            "tables": {k: {"new": n, "replaced": r} for k, (n, r) in self.tables.items()},
            "problems": [p.as_dict() for p in self.problems],
            "problem_types": count_types(self.problems),
            "notes": list(self.notes),
            "synthetic": self.synthetic,
        }

    def summary(self) -> str:
        """One line, English / Vietnamese."""
        if self.already_imported:
            return (
                f"{self.file}: already imported as import #{self.previous_import_id} ({self.kind}), nothing written "
                f"/ đã nhập (lần nhập #{self.previous_import_id}), không ghi gì thêm"
            )
        quarantine = f" → {self.quarantine_file}" if self.quarantine_file else ""
        skipped = f", {self.rows_skipped} skipped" if self.rows_skipped else ""
        skipped_vi = f", bỏ qua {self.rows_skipped}" if self.rows_skipped else ""
        # a kind writing several tables (OpenCelliD: cells and the sites grouped from them)
        # says how many rows went to each, so "8 read, 9 loaded" adds up
        per = (
            "; " + ", ".join(f"{t} {n + r}" for t, (n, r) in self.tables.items())
            if len(self.tables) > 1
            else ""
        )
        return (
            f"{self.file} ({self.kind}, {self.encoding}): {self.rows_read} rows read, {self.rows_loaded} loaded "
            f"({self.rows_new} new, {self.rows_replaced} replaced{per}), {self.rows_rejected} rejected{skipped}{quarantine}; "
            f"import #{self.import_id} / đọc {self.rows_read} dòng, nạp {self.rows_loaded} (mới {self.rows_new}, "
            f"thay thế {self.rows_replaced}{per}), loại {self.rows_rejected}{skipped_vi}"
        )
