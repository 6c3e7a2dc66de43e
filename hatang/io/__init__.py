"""Importers: files (CSV, XLSX, Parquet, GeoJSON, OpenCelliD, Ookla) → workspace tables.

    from hatang.io import import_file
    report = import_file(ws, "sites", Path("tram.xlsx"), period="2025Q3")

Every import is archived, checked (every problem collected as FILE:ROW:COLUMN: VALUE —
reason), atomic and idempotent; see docs/import-formats.md. Importing this package is
light: `import_file` and `ImportReport` (and the pandas, numpy and duckdb they need)
load on first use; `hatang.io.registry` is plain data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hatang.io.registry import IMPORTERS, get_importer

if TYPE_CHECKING:
    from hatang.io.report import ImportReport
    from hatang.io.run import import_file

__all__ = ["IMPORTERS", "ImportReport", "get_importer", "import_file"]


def __getattr__(name: str) -> Any:
    if name == "import_file":
        from hatang.io.run import import_file

        return import_file
    if name == "ImportReport":
        from hatang.io.report import ImportReport

        return ImportReport
    raise AttributeError(f"module 'hatang.io' has no attribute {name!r}")
