"""What a workspace holds: tables, periods, imports, quarantine (for `hatang status`).

The dict returned by `workspace_status` is also the `--json` output; its keys are
stable: province, synthetic, tables {name: {rows, periods}}, imports [...] (newest
first), quarantine {rows, problems, rejected_in_imports, files}, raw {files, bytes,
refused_files, refused_bytes, refused_quota_bytes}.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from hatang.model.schema import TABLES
from hatang.store import db
from hatang.store.workspace import Workspace

LAST_IMPORTS = 10


def _count(path: Path) -> tuple[int, int]:
    """(rows, problems) of a quarantine file: hatang writes one CSV line per problem
    with the source row number first, so rows = distinct row numbers."""
    try:
        with open(path, encoding="utf-8-sig", newline="") as f:
            lines = list(csv.reader(f))[1:]
    except (OSError, UnicodeDecodeError, csv.Error):
        return 0, 0
    lines = [line for line in lines if any(cell.strip() for cell in line)]
    numbered = {line[0] for line in lines if line and line[0].strip()}
    unnumbered = sum(1 for line in lines if not line or not line[0].strip())
    return len(numbered) + unnumbered, len(lines)


def quarantine_status(ws: Workspace) -> dict[str, Any]:
    """Files in quarantine/ with their rejected rows and problems."""
    root = ws.quarantine_dir
    files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else []
    listed = []
    for p in files:
        rows, problems = _count(p)
        prefix = p.name.split("-", 1)[0]
        listed.append(
            {
                "file": str(p.relative_to(ws.root)),
                "import_id": int(prefix) if prefix.isdigit() else None,
                "rows": rows,
                "problems": problems,
                "bytes": p.stat().st_size,
            }
        )
    return {
        "rows": sum(f["rows"] for f in listed),
        "problems": sum(f["problems"] for f in listed),
        "files": listed,
    }


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
        rejected = con.execute("SELECT coalesce(sum(rows_rejected), 0) FROM imports").fetchone()
    from hatang.store.raw import raw_usage

    quarantine = quarantine_status(ws)
    quarantine["rejected_in_imports"] = int(rejected[0]) if rejected else 0
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
        "quarantine": quarantine,
        "raw": raw_usage(ws, ws.settings.imports.refused_quota_mb),
    }
