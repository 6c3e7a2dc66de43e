"""raw/: every imported file under its SHA-256, and the refused ones within a quota.

Every file given to `hatang import` is archived before it is read. Files an import
recorded stay for good; files whose import was refused are kept only while they fit
in `[imports] refused_quota_mb`, the oldest refused first removed, so a stream of bad
uploads cannot fill the disk.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from hatang.store.workspace import Workspace


def _imported(ws: Workspace) -> set[str]:
    with ws.connect(read_only=True) as con:
        rows = con.execute(  # a filing's file is kept too: it is imported when accepted
            "SELECT sha256 FROM imports UNION SELECT sha256 FROM filings"
        ).fetchall()
        return {str(r[0]) for r in rows}


def _files(ws: Workspace) -> list[Path]:
    root = ws.raw_dir
    return sorted(p for p in root.iterdir() if p.is_file()) if root.is_dir() else []


def refused(ws: Workspace) -> list[Path]:
    """Archived files no import recorded (refused, or still being imported), oldest first."""
    kept = _imported(ws)
    out = [p for p in _files(ws) if p.name[:64] not in kept and not p.name.endswith(".part")]
    return sorted(out, key=lambda p: p.stat().st_mtime)


def keep_refused_within(ws: Workspace, quota_mb: int, newest: Path | None = None) -> list[Path]:
    """Note `newest` as just refused, then remove the oldest refused files until the
    refused ones fit in `quota_mb` (the newest is always kept). Returns those removed."""
    if newest is not None and newest.exists():
        now = time.time()
        os.utime(newest, (now, now))
    files = refused(ws)
    total = sum(p.stat().st_size for p in files)
    removed = []
    for p in files:
        if total <= quota_mb << 20 or p == newest:
            break
        total -= p.stat().st_size
        p.chmod(0o644)
        p.unlink(missing_ok=True)
        removed.append(p)
    return removed


def raw_usage(ws: Workspace, quota_mb: int) -> dict[str, Any]:
    """Space raw/ uses: every file, and the refused ones against their quota."""
    files = _files(ws)
    bad = refused(ws)
    return {
        "files": len(files),
        "bytes": sum(p.stat().st_size for p in files),
        "refused_files": len(bad),
        "refused_bytes": sum(p.stat().st_size for p in bad),
        "refused_quota_bytes": quota_mb << 20,
    }
