"""Writing a report or a brief: gather the data, build the content, render each format,
write the files atomically. `hatang report` and the web's /reports call `render_files`
(bytes by format) or `write_report` (files in a folder)."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from hatang.errors import ConfigError
from hatang.report.data import Options, gather
from hatang.store.workspace import Workspace

FORMATS = ("docx", "pdf")


@dataclass(frozen=True)
class Request:
    options: Options
    formats: tuple[str, ...] = FORMATS
    brief: bool = False


def formats(text: str) -> tuple[str, ...]:
    """'docx,pdf' → ('docx', 'pdf'); an unknown one is an error naming it."""
    out = tuple(dict.fromkeys(f.strip().lower() for f in text.split(",") if f.strip()))
    bad = [f for f in out if f not in FORMATS]
    if bad or not out:
        raise ConfigError(f"--format {text!r}: expected docx, pdf or docx,pdf")
    return out


def file_stem(plan_id: str, period: str, lang: str, brief: bool) -> str:
    """bao-cao-<plan>-<period>, bao-cao-tom-tat-… for the brief; '-en' in English."""
    kind = "bao-cao-tom-tat" if brief else "bao-cao"
    return f"{kind}-{plan_id}-{period}" + ("-en" if lang == "en" else "")


def render_files(
    ws: Workspace, req: Request, *, refresh: bool = True
) -> tuple[str, dict[str, bytes]]:
    """(file stem, {format: bytes}) for the report or the brief."""
    from hatang.report import brief, content, docx, pdf

    opts = req.options
    data = gather(ws, opts, refresh=refresh, communes=not req.brief)
    s = ws.settings.report
    stem = file_stem(data.plan.id, data.period, opts.lang, req.brief)
    doc = (
        brief.brief(
            data, s, opts.lang, file_stem(data.plan.id, data.period, opts.lang, False) + ".pdf"
        )
        if req.brief
        else content.report(data, s, opts.lang)
    )
    renderers = {"docx": docx.render, "pdf": pdf.render}
    return stem, {f: renderers[f](doc) for f in req.formats}


def _write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def write_report(ws: Workspace, req: Request, out: Path | None = None) -> list[Path]:
    """Write the files into `out` (default the workspace's output/reports)."""
    folder = out or ws.output_dir / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    stem, files = render_files(ws, req)
    paths = []
    for fmt, data in files.items():
        path = folder / f"{stem}.{fmt}"
        _write(path, data)
        paths.append(path)
    return paths
