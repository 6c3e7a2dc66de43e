"""`import_file`: archive, check, and write one file atomically and idempotently."""

from __future__ import annotations

import contextlib
import csv
import importlib
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa

from hatang.errors import ConfigError, ImportFailed, Problem
from hatang.io.base import Batch, Context, Prepared, Unique
from hatang.io.checks import show_key
from hatang.io.chunks import Restart
from hatang.io.reasons import bilingual, reason, vi_number, vietnamese
from hatang.io.registry import Importer, get_importer
from hatang.io.report import ImportReport
from hatang.io.rowproblems import shown as shown_value
from hatang.io.scope import replace_scope
from hatang.model.periods import parse_period
from hatang.model.schema import TABLES
from hatang.store import db
from hatang.store import imports as store
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
    check_only: bool = False,
) -> ImportReport:
    """Import `path` as `kind` into the workspace; see docs/import-formats.md.

    All or nothing: with on_error="fail" any problem raises ImportFailed (listing every
    problem) and the database is unchanged; with "quarantine" the good rows go in and
    the bad rows are written to quarantine/. The same file imported again as the same
    kind and period writes nothing. options: "kind" (Ookla: mobile/fixed), "sheet"
    (XLSX), "file_name" (the name shown in problems and recorded, e.g. an upload's
    original name when `path` is a temporary file). `progress` is called with each
    stage's one-line description (the CLI shows it; nothing is drawn here).

    check_only: the file is archived and read as for an import and every problem is
    collected (as with "quarantine"), then the transaction is rolled back: nothing is
    written, no quarantine file is made, and the report's `rows` holds the rows the
    import would have written (a filing's validation, hatang.submissions).
    """
    importer = get_importer(kind)
    if on_error not in ("fail", "quarantine"):
        raise ConfigError(
            f"--on-error must be fail or quarantine, not {on_error!r} "
            f"/ --on-error phải là fail hoặc quarantine, không phải {on_error!r}"
        )
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{printable(str(path))}: no such file / không tìm thấy tệp")
    given = _normalise_period(period)
    if given is not None and importer.period == "none":
        raise ConfigError(
            bilingual(
                f"{kind} rows have no period; leave out --period",
                f"dữ liệu loại {kind} không có kỳ báo cáo: hãy bỏ --period",
            )
        )
    if given is None and importer.period == "required":
        raise ConfigError(
            bilingual(
                f"{kind} needs --period (e.g. --period 2025Q3)",
                f"dữ liệu loại {kind} cần --period (ví dụ --period 2025Q3)",
            )
        )
    file = printable(str((options or {}).get("file_name") or path.name))
    if importer.whole_file:
        return _load_reader(importer.reader)(
            ws, path, file=file, synthetic=synthetic, progress=progress
        )
    sha256, raw = ws.archive(path)
    try:
        if check_only:
            return _checked(ws, importer, path, file, sha256, given, synthetic, progress, options)
        return _archived(
            ws, importer, path, file, sha256, given, on_error, synthetic, progress, options
        )
    except Exception:
        from hatang.store import raw as raw_store

        with contextlib.suppress(Exception):  # the refusal is what the user must see
            raw_store.keep_refused_within(ws, ws.settings.imports.refused_quota_mb, raw)
        raise


class _Checked(Exception):
    """Raised inside the transaction of a check: the report goes out, the writes back."""

    def __init__(self, report: ImportReport):
        self.report = report


def _checked(
    ws: Workspace,
    importer: Importer,
    path: Path,
    file: str,
    sha256: str,
    given: str | None,
    synthetic: bool,
    progress: Callable[[str], None] | None,
    options: dict[str, Any] | None,
) -> ImportReport:
    opts = {**(options or {}), "check_only": True}
    with ws.connect() as con:
        ctx = Context(
            con,
            importer.kind,
            path,
            file,
            given,
            opts,
            ws.settings.imports,
            progress or _quiet,
            workspace_settings=ws.settings,
            synthetic=synthetic,
        )
        try:
            _import_restarting(ws, importer, ctx, sha256, "quarantine", synthetic)
        except _Checked as done:
            return done.report
    raise AssertionError("a check always ends in _Checked")  # pragma: no cover


def _load_reader(target: str) -> Any:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def printable(name: str) -> str:
    """A file name as it can be printed: line breaks, terminal escape codes and other
    control characters written as escapes ('a\\nb.csv', '\\x1b[31m')."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in name)


def _archived(
    ws: Workspace,
    importer: Importer,
    path: Path,
    file: str,
    sha256: str,
    given: str | None,
    on_error: str,
    synthetic: bool,
    progress: Callable[[str], None] | None,
    options: dict[str, Any] | None,
) -> ImportReport:
    kind = importer.kind
    step = progress or _quiet
    with ws.connect() as con:
        ctx = Context(
            con,
            kind,
            path,
            file,
            given,
            dict(options or {}),
            ws.settings.imports,
            step,
            workspace_settings=ws.settings,
            synthetic=synthetic,
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
        return _import_restarting(ws, importer, ctx, sha256, on_error, synthetic)


def _import_restarting(
    ws: Workspace, importer: Importer, ctx: Context, sha256: str, on_error: str, synthetic: bool
) -> ImportReport:
    """Read and write; when a fast reader asks (Restart), roll back and read again
    with the exact readers."""
    try:
        return _import(ws, importer, ctx, sha256, on_error, synthetic)
    except Restart:
        if ctx.exact:
            raise
        ctx.exact = True
        ctx.progress("reading again / đọc lại")
        return _import(ws, importer, ctx, sha256, on_error, synthetic)


def _quiet(_message: str) -> None:
    pass


def _normalise_period(period: str | None) -> str | None:
    if period is None or not str(period).strip():
        return None
    try:
        return parse_period(period)
    except ValueError as e:
        raise ConfigError(
            bilingual(
                f"--period: {e}",
                f"--period: {printable(str(period))!r} không phải kỳ báo cáo "
                "(ví dụ 2025Q3, Q3/2025, Quý 3/2025 hoặc 2025)",
            )
        ) from None


def _import(
    ws: Workspace, importer: Importer, ctx: Context, sha256: str, on_error: str, synthetic: bool
) -> ImportReport:
    con = ctx.con
    ctx.con = con.cursor()  # the importer's look-ups run beside the writes (see `ahead`)
    try:
        return _import_with(ws, importer, ctx, con, sha256, on_error, synthetic)
    finally:
        ctx.con.close()
        ctx.con = con


def _import_with(
    ws: Workspace,
    importer: Importer,
    ctx: Context,
    con: Any,
    sha256: str,
    on_error: str,
    synthetic: bool,
) -> ImportReport:
    prepared = importer.prepare(ctx)  # refuses a file that is wrong as a whole
    for name in importer.tables:
        replace_scope(TABLES[name], prepared, ctx)
    checking = bool(ctx.options.get("check_only"))
    quarantine: Path | None = None
    writer = store.ImportWriter(con, ws.settings.imports.memory_mb)
    try:
        with db.transaction(con):
            problems, bad_rows = _read_all(
                prepared, writer, on_error, ws.settings.imports.max_problems
            )
            if not prepared.rows_read:
                raise _empty(ctx.file, prepared)
            problems = _with_duplicates(ctx.file, prepared, writer, problems, bad_rows, on_error)
            if prepared.finish is not None:
                prepared.finish(problems)
            if problems and on_error == "fail":
                raise _refusal(ctx.file, problems, bad_rows)
            ctx.progress("writing / ghi dữ liệu")
            report = _finish(writer, importer, ctx, prepared, sha256, synthetic, problems, bad_rows)
            if checking:
                report.rows = {
                    n: store.import_rows(con, n, writer.import_id) for n in importer.tables
                }
                raise _Checked(report)
            if bad_rows:
                quarantine = ws.quarantine_dir / f"{writer.import_id}-{ctx.kind}-{sha256[:12]}.csv"
                write_quarantine(quarantine, prepared.labels, problems, bad_rows)
                report.quarantine_file = quarantine
    except BaseException:
        if quarantine is not None:
            quarantine.unlink(missing_ok=True)
        raise
    finally:
        writer.close()
    return report


def _read_all(
    prepared: Prepared, writer: store.ImportWriter, on_error: str, max_problems: int
) -> tuple[list[Problem], dict[int, list[Any]]]:
    """Every batch: good rows appended (until a refusal is certain), keys remembered.
    A file with more than `max_problems` problems is refused without reading on."""
    problems: list[Problem] = []
    bad_rows: dict[int, list[Any]] = {}
    for batch in ahead(prepared.batches):
        problems += batch.problems
        bad_rows.update(batch.bad_rows)
        if len(problems) > max_problems:
            raise _too_many(problems[:max_problems], max_problems)
        if not (problems and on_error == "fail"):
            for name, frame in batch.frames.items():
                writer.append(TABLES[name], frame)
        for name, keys in batch.keys.items():
            unique = prepared.unique[name]
            writer.add_keys(unique.table, unique.table.key, keys)
        del batch
        pa.default_memory_pool().release_unused()  # freed chunks back to the system
    return problems, bad_rows


def ahead(batches: Iterable[Batch], depth: int = 1) -> Iterator[Batch]:
    """The batches, each read and checked in a second thread while the one before is
    written (numpy, Arrow and DuckDB release the GIL: two cores are both used). At
    most `depth` batches wait, so memory stays bounded."""
    out: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def read() -> None:
        try:
            for batch in batches:
                while not stop.is_set():
                    try:
                        out.put(("batch", batch), timeout=0.1)
                        break
                    except queue.Full:
                        continue
                if stop.is_set():
                    return
            out.put(("end", None))
        except BaseException as e:  # handed to the writing thread, raised there
            out.put(("error", e))

    worker = threading.Thread(target=read, name="hatang-import-read", daemon=True)
    worker.start()
    try:
        while True:
            what, item = out.get()
            if what == "end":
                break
            if what == "error":
                raise item
            yield item
    finally:
        stop.set()
        while worker.is_alive():
            try:
                out.get(timeout=0.1)
            except queue.Empty:
                pass
        worker.join()


def _with_duplicates(
    file: str,
    prepared: Prepared,
    writer: store.ImportWriter,
    problems: list[Problem],
    bad_rows: dict[int, list[Any]],
    on_error: str,
) -> list[Problem]:
    """Two rows with the same key: both are reported, each naming the other, and the
    import's rows of that key are taken back out."""
    found: list[Problem] = []
    for unique in prepared.unique.values():
        groups = writer.duplicates(unique.table)
        if not groups:
            continue
        for key, rows in groups:
            found += duplicate_problems(file, unique, key, rows)
        writer.drop(TABLES[unique.target], unique.table.key, [k for k, _ in groups])
    if not found:
        return problems
    missing = {p.row for p in found if p.row is not None} - set(bad_rows)
    if missing:
        rows = prepared.raw_rows(missing) if prepared.raw_rows and on_error != "fail" else {}
        for n in missing:
            bad_rows[n] = rows.get(n, [])
    # stable: each row's duplicate problem comes after the problems it already had
    return sorted(problems + found, key=lambda p: p.row or 0)


def duplicate_problems(
    file: str, unique: Unique, key: tuple[Any, ...], rows: list[int]
) -> list[Problem]:
    """The first row names the second; every later row names the first."""
    cols = unique.table.key
    shown = ", ".join(f"{k}={show_key(v)}" for k, v in zip(cols, key, strict=True))
    value = shown_value(key[-1])
    label = f"{unique.label} ({shown})"

    def said(row: int) -> str:
        if unique.label == "duplicate key":
            return reason("duplicate_key", key=shown, row=row)
        return f"{label}: also on row {row}"

    out = [Problem(file, rows[0], cols[-1], value, said(rows[1]), "duplicate-key")]
    out += [Problem(file, r, cols[-1], value, said(rows[0]), "duplicate-key") for r in rows[1:]]
    return out


def _empty(file: str, prepared: Prepared) -> ImportFailed:
    why = reason("header_only" if prepared.labels else "no_rows")
    return ImportFailed(
        bilingual(
            f"{why}; nothing imported", f"{vietnamese(why)}; chưa nhập gì", prefix=f"{file}: "
        ),
        [Problem(file, None, None, None, why, "empty-file")],
    )


def _too_many(problems: list[Problem], limit: int) -> ImportFailed:
    file = problems[0].file
    why = reason("too_many", limit=limit)
    return ImportFailed(
        bilingual(why, vietnamese(why), prefix=f"{file}: "),
        [*problems, Problem(file, None, None, None, why, "too-many-problems")],
    )


def _refusal(file: str, problems: list[Problem], bad_rows: dict[int, list[Any]]) -> ImportFailed:
    n, rows = len(problems), len(bad_rows)
    return ImportFailed(
        bilingual(
            f"{n} problem{'s' if n > 1 else ''} in {rows} row(s); nothing imported "
            "(fix the file, or use --on-error quarantine to load the good rows)",
            f"{vi_number(n)} lỗi ở {vi_number(rows)} dòng; chưa nhập gì (hãy sửa tệp, "
            "hoặc dùng --on-error quarantine để nhập các dòng không có lỗi)",
            prefix=f"{file}: ",
        ),
        problems,
    )


def _finish(
    writer: store.ImportWriter,
    importer: Importer,
    ctx: Context,
    prepared: Prepared,
    sha256: str,
    synthetic: bool,
    problems: list[Problem],
    bad_rows: dict[int, list[Any]],
) -> ImportReport:
    """Replace the stored rows this import brings again; record the import."""
    period = prepared.period if prepared.period is not None else ctx.period
    for write in prepared.before_write:
        write(writer.con, writer.import_id)
    report = ImportReport(
        ctx.kind,
        ctx.file,
        sha256,
        prepared.encoding,
        rows_read=prepared.rows_read,
        rows_rejected=len(bad_rows),
        problems=problems,
        period=period,
        rows_skipped=prepared.rows_skipped,
        notes=list(prepared.notes),
        synthetic=synthetic,
    )
    for name in importer.tables:
        new, replaced = writer.replace(TABLES[name])
        report.tables[name] = (new, replaced)
        report.rows_new += new
        report.rows_replaced += replaced
    report.rows_loaded = report.rows_new + report.rows_replaced
    report.import_id = db.record_import(
        writer.con,
        kind=ctx.kind,
        file_name=ctx.file,
        sha256=sha256,
        period=period,
        encoding=prepared.encoding,
        rows_read=prepared.rows_read,
        rows_loaded=report.rows_loaded,
        rows_rejected=len(bad_rows),
        synthetic=synthetic,
        note="; ".join(prepared.notes) or None,
        import_id=writer.import_id,
    )
    return report


def write_quarantine(
    path: Path, labels: list[str], problems: list[Problem], bad_rows: dict[int, list[Any]]
) -> None:
    """One line per problem: row, column, value, reason, type, then the row's original values.

    UTF-8 with BOM, so Excel shows the Vietnamese text correctly.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    width = max([len(labels), *(len(v) for v in bad_rows.values())], default=0)
    labels = list(labels) + [f"column_{j + 1}" for j in range(len(labels), width)]
    labels = [lab or f"column_{j + 1}" for j, lab in enumerate(labels)]
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f)
        w.writerow(["row", "column", "value", "reason", "type", *labels])
        for p in problems:
            original = bad_rows.get(p.row, []) if p.row is not None else []
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
