"""`import_file`: archive, check, and write one file atomically and idempotently."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from hatang.errors import ConfigError, ImportFailed
from hatang.io.base import Context, Prepared
from hatang.io.registry import get_importer
from hatang.io.report import ImportReport
from hatang.model.periods import parse_period
from hatang.model.schema import TABLES
from hatang.store import db
from hatang.store.workspace import Workspace


def import_file(
    ws: Workspace,
    kind: str,
    path: Path,
    *,
    period: str | None = None,
    on_error: Literal["fail", "quarantine"] = "fail",
    synthetic: bool = False,
    progress: Callable[[str], None] | None = None,
    options: dict[str, Any] | None = None,
) -> ImportReport:
    """Import `path` as `kind` into the workspace; see docs/import-formats.md.

    All or nothing: with on_error="fail" any problem raises ImportFailed (listing every
    problem) and the database is unchanged; with "quarantine" the good rows go in and
    the bad rows are written to quarantine/. The same file imported again as the same
    kind and period writes nothing. options: "kind" (Ookla: mobile/fixed), "sheet"
    (XLSX), "file_name" (the name shown in problems and recorded, e.g. an upload's
    original name when `path` is a temporary file). `progress` is called with each
    stage's one-line description (the CLI shows it; nothing is drawn here).
    """
    importer = get_importer(kind)
    if on_error not in ("fail", "quarantine"):
        raise ConfigError(f"--on-error must be fail or quarantine, not {on_error!r}")
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: no such file / không tìm thấy tệp")
    given = _normalise_period(period)
    if given is not None and importer.period == "none":
        raise ConfigError(
            f"{kind} rows have no period; leave out --period / loại {kind} không có kỳ báo cáo"
        )
    if given is None and importer.period == "required":
        raise ConfigError(f"{kind} needs --period (e.g. --period 2025Q3) / cần --period")
    sha256, _ = ws.archive(path)
    file = str((options or {}).get("file_name") or path.name)
    step = progress or _quiet
    with ws.connect() as con:
        ctx = Context(
            con,
            kind,
            path,
            file,
            given,
            dict(options or {}),
            ws.settings.imports.bbox_margin_deg,
            step,
        )
        recorded = importer.recorded_period(ctx, given)
        previous = db.find_import(con, kind, sha256, recorded)
        if previous is not None:
            return ImportReport(
                kind,
                file,
                sha256,
                None,
                already_imported=True,
                previous_import_id=previous,
                period=recorded,
                synthetic=synthetic,
            )
        prepared = importer.prepare(ctx)
        if prepared.problems and on_error == "fail":
            n = len(prepared.problems)
            raise ImportFailed(
                f"{file}: {n} problem{'s' if n > 1 else ''} in {len(prepared.bad_rows)} row(s); nothing imported "
                f"(fix the file, or use --on-error quarantine to load the good rows) / có lỗi, chưa nhập gì",
                prepared.problems,
            )
        step("writing / ghi dữ liệu")
        return _write(ws, con, ctx, prepared, sha256, synthetic)


def _quiet(_message: str) -> None:
    pass


def _normalise_period(period: str | None) -> str | None:
    if period is None or not str(period).strip():
        return None
    try:
        return parse_period(period)
    except ValueError as e:
        raise ConfigError(f"--period: {e}") from None


def _write(
    ws: Workspace, con, ctx: Context, prepared: Prepared, sha256: str, synthetic: bool
) -> ImportReport:
    period = prepared.period if prepared.period is not None else ctx.period
    report = ImportReport(
        ctx.kind,
        ctx.file,
        sha256,
        prepared.encoding,
        rows_read=prepared.rows_read,
        rows_rejected=len(prepared.bad_rows),
        problems=list(prepared.problems),
        period=period,
        rows_skipped=prepared.rows_skipped,
        notes=list(prepared.notes),
        synthetic=synthetic,
    )
    quarantine: Path | None = None
    try:
        with db.transaction(con):
            loaded = sum(len(f) for f in prepared.frames.values())
            import_id = db.record_import(
                con,
                kind=ctx.kind,
                file_name=ctx.file,
                sha256=sha256,
                period=period,
                encoding=prepared.encoding,
                rows_read=prepared.rows_read,
                rows_loaded=loaded,
                rows_rejected=len(prepared.bad_rows),
                synthetic=synthetic,
                note="; ".join(prepared.notes) or None,
            )
            for write in prepared.before_write:
                write(con)
            for name, frame in prepared.frames.items():
                frame = frame.copy()
                frame["import_id"] = import_id
                new, replaced = db.upsert_frame(con, TABLES[name], frame)
                report.tables[name] = (new, replaced)
                report.rows_new += new
                report.rows_replaced += replaced
            if prepared.bad_rows:
                quarantine = ws.quarantine_dir / f"{import_id}-{ctx.kind}-{sha256[:12]}.csv"
                write_quarantine(quarantine, prepared)
    except BaseException:
        if quarantine is not None:
            quarantine.unlink(missing_ok=True)
        raise
    report.import_id = import_id
    report.rows_loaded = report.rows_new + report.rows_replaced
    report.quarantine_file = quarantine
    return report


def write_quarantine(path: Path, prepared: Prepared) -> None:
    """One line per problem: row, column, value, reason, type, then the row's original values.

    UTF-8 with BOM, so Excel shows the Vietnamese text correctly.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    width = max([len(prepared.labels), *(len(v) for v in prepared.bad_rows.values())], default=0)
    labels = list(prepared.labels) + [f"column_{j + 1}" for j in range(len(prepared.labels), width)]
    labels = [lab or f"column_{j + 1}" for j, lab in enumerate(labels)]
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["row", "column", "value", "reason", "type", *labels])
        for p in prepared.problems:
            original = prepared.bad_rows.get(p.row, []) if p.row is not None else []
            cells = ["" if v is None else str(v) for v in original]
            w.writerow(
                [
                    p.row if p.row is not None else "",
                    p.column or "",
                    "" if p.value is None else p.value,
                    p.reason,
                    p.type,
                    *cells,
                    *[""] * (width - len(cells)),
                ]
            )
