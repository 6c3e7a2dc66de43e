"""Writing a report or a brief: gather the data, build the content, render each format,
write the files atomically. `hatang report` and the web's /reports call `render_files`
(bytes by format) or `write_report` (files in a folder)."""

from __future__ import annotations

import os
import re
import tempfile
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from hatang.errors import ConfigError
from hatang.indicators.plans import Plan
from hatang.report.data import Options, gather
from hatang.store.workspace import Workspace

FORMATS = ("docx", "pdf")
MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
#: the names `file_stem` writes, with the format: what the web's /reports/{name} serves
FILE_NAME = re.compile(
    r"^(?P<kind>bao-cao-tom-tat|bao-cao)-(?P<plan>[a-z0-9-]+?)-(?P<period>\d{4}Q[1-4])"
    r"(?P<en>-en)?\.(?P<fmt>docx|pdf)$"
)


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
        raise ConfigError(
            f"--format {text!r}: expected docx, pdf or docx,pdf / định dạng phải là docx, pdf "
            "hoặc docx,pdf"
        )
    return out


def file_stem(plan_id: str, period: str, lang: str, brief: bool) -> str:
    """bao-cao-<plan>-<period>, bao-cao-tom-tat-… for the brief; '-en' in English."""
    kind = "bao-cao-tom-tat" if brief else "bao-cao"
    return f"{kind}-{plan_id}-{period}" + ("-en" if lang == "en" else "")


def parse_name(name: str) -> tuple[str, Request] | None:
    """'bao-cao-kh-137-2024-2025Q4-en.pdf' → ('pdf', the request that writes it); None
    for a name `file_stem` does not write."""
    m = FILE_NAME.match(name)
    if m is None:
        return None
    lang = "en" if m["en"] else "vi"
    opts = Options(period=m["period"], lang=lang, plan_id=m["plan"])
    return m["fmt"], Request(opts, (m["fmt"],), brief=m["kind"] == "bao-cao-tom-tat")


def periods(values: pd.DataFrame, plan: Plan) -> list[str]:
    """The quarters a report can be written for, newest first: those with a stored value
    of one of the plan's target indicators for the plan's scope (none when the scope is
    not in this workspace: the report would have no figure to give)."""
    if values.empty:
        return []
    ids = {t.indicator for t in plan.targets}
    at_scope = (values["unit_code"].astype(str) == plan.scope_code) & (
        values["map"].astype(str) == plan.scope_map
    )
    v = values[at_scope & values["indicator"].isin(ids) & values["value"].notna()]
    quarters = {str(p) for p in v["period"].dropna() if re.fullmatch(r"\d{4}Q[1-4]", str(p))}
    return sorted(quarters, reverse=True)


def render_files(
    ws: Workspace,
    req: Request,
    *,
    refresh: bool = True,
    lock: AbstractContextManager[Any] | None = None,
) -> tuple[str, dict[str, bytes]]:
    """(file stem, {format: bytes}) for the report or the brief; `lock` is held while
    the workspace is read (the web's database lock), not while the files are drawn."""
    from hatang.report import brief, content, docx, pdf

    opts = req.options
    with lock or nullcontext():
        data = gather(ws, opts, refresh=refresh, communes=not req.brief)
    s = ws.settings.report
    plan = data.plan.id + (f"-p{opts.province}" if opts.province else "")
    stem = file_stem(plan, data.period, opts.lang, req.brief)
    doc = (
        brief.brief(data, s, opts.lang, file_stem(plan, data.period, opts.lang, False) + ".pdf")
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
