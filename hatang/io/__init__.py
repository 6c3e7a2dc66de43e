"""Importers: files (CSV, XLSX, Parquet, GeoJSON, OpenCelliD, Ookla) → workspace tables.

    from hatang.io import import_file
    report = import_file(ws, "sites", Path("tram.xlsx"), period="2025Q3")

Every import is archived, checked (every problem collected as FILE:ROW:COLUMN: VALUE —
reason), atomic and idempotent; see docs/import-formats.md.
"""

from hatang.io.registry import IMPORTERS, get_importer
from hatang.io.report import ImportReport
from hatang.io.run import import_file

__all__ = ["IMPORTERS", "ImportReport", "get_importer", "import_file"]
