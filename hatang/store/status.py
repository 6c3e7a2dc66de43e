"""What a workspace holds: tables, periods, imports, quarantine (for `hatang status`).

The dict returned by `workspace_status` is also the `--json` output; its keys are
stable: province, synthetic, tables {name: {rows, periods}}, imports [...],
quarantine {rows, files}.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from hatang.model.schema import TABLES
from hatang.store import db
from hatang.store.workspace import Workspace

LAST_IMPORTS = 10


def _count_rows(path: Path) -> int:
    """Data rows of a quarantine file (CSV with a header row; other files: lines)."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            if path.suffix.lower() == ".csv":
                return max(sum(1 for _ in csv.reader(f)) - 1, 0)
            return sum(1 for line in f if line.strip())
    except (OSError, UnicodeDecodeError, csv.Error):
        return 0


def quarantine_status(ws: Workspace) -> dict[str, Any]:
    files = (
        sorted(p for p in ws.quarantine_dir.rglob("*") if p.is_file())
        if ws.quarantine_dir.is_dir()
        else []
    )
    listed = [
        {"file": str(p.relative_to(ws.root)), "rows": _count_rows(p), "bytes": p.stat().st_size}
        for p in files
    ]
    return {"rows": sum(f["rows"] for f in listed), "files": listed}


def workspace_status(ws: Workspace) -> dict[str, Any]:
    """Province, synthetic flag, every declared table with rows and periods, the last
    imports and the quarantine."""
    with ws.connect(read_only=True) as con:
        tables: dict[str, dict[str, Any]] = {}
        for name, table in TABLES.items():
            if not db.table_exists(con, name):
                tables[name] = {"rows": 0, "periods": []}
                continue
            row = con.execute(f"SELECT count(*) FROM {db.quote(name)}").fetchone()
            periods: list[str] = []
            if "period" in table.column_names:
                periods = [
                    str(p)
                    for (p,) in con.execute(
                        f"SELECT DISTINCT period FROM {db.quote(name)} WHERE period IS NOT NULL ORDER BY period"
                    ).fetchall()
                ]
            tables[name] = {"rows": int(row[0]) if row else 0, "periods": periods}
        imports = [
            {
                "import_id": int(i),
                "kind": k,
                "file": f,
                "sha256": s,
                "sha256_short": (s or "")[:12],
                "period": p,
                "rows_read": int(r),
                "rows_loaded": int(lo),
                "rows_rejected": int(rj),
                "synthetic": bool(sy),
                "imported_at": at.isoformat(sep=" ", timespec="seconds") if at else None,
            }
            for i, k, f, s, p, r, lo, rj, sy, at in con.execute(
                "SELECT import_id, kind, file_name, sha256, period, rows_read, rows_loaded, rows_rejected,"
                " synthetic, imported_at FROM imports ORDER BY import_id DESC LIMIT ?",
                [LAST_IMPORTS],
            ).fetchall()
        ]
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
    s = ws.settings.workspace
    return {
        "workspace": str(ws.root),
        "province": {
            "code": meta.get("province_code", s.province),
            "name": meta.get("province_name", s.name),
            "map": meta.get("province_map", s.province_map),
            "crs": s.crs,
            "bbox": [float(v) for v in meta["bbox"].split(",")] if meta.get("bbox") else None,
        },
        "synthetic": ws.synthetic,
        "tables": tables,
        "imports": imports,
        "quarantine": quarantine_status(ws),
    }
