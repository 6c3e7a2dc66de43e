"""Evidence files sent with a step on the web: the form's or the API's `evidence_file`
parts (multipart), each read to a temporary file up to `[register] evidence_max_bytes`
(413 over it), its type checked by its content (hatang.register.evidence; 415 when it
is no photo, PDF or CSV, or its name says otherwise), then archived under raw/ with the
step (hatang.register.actions.evidence_file) — or nothing at all when one is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from fastapi import Request
from starlette.datastructures import FormData, UploadFile

from hatang.errors import ConfigError
from hatang.io.names import safe_display_name
from hatang.register import evidence
from hatang.web.refused import StepRefused
from hatang.web.routes.common import state

#: files one step may carry
MAX_FILES = 5
FIELD = "evidence_file"


def limit_of(request: Request) -> int:
    return int(state(request).ws.settings.register.evidence_max_bytes)


async def form_of(request: Request) -> FormData:
    """The request's form; 413 before reading when it says it is larger than the files
    a step may carry (the form's own fields are small)."""
    most = MAX_FILES * limit_of(request) + (1 << 16)
    if int(request.headers.get("content-length") or 0) > most:
        raise StepRefused(413, f"the request is over {most:,} bytes / quá lớn")
    return await request.form(max_files=MAX_FILES)


def uploads_of(form: FormData) -> list[UploadFile]:
    """The evidence files of a form (an empty file input sends none)."""
    return [u for u in form.getlist(FIELD) if isinstance(u, UploadFile) and u.filename]


async def _read(upload: UploadFile, path: Path, limit: int) -> tuple[int, bytes]:
    """Copy an upload to `path`; its size and first bytes. 413 past the limit."""
    size, head = 0, b""
    with open(path, "wb") as out:
        while chunk := await upload.read(1 << 20):
            size += len(chunk)
            if size > limit:
                raise StepRefused(
                    413,
                    f"{safe_display_name(upload.filename)}: over the {limit:,} bytes an "
                    "evidence file may have ([register] evidence_max_bytes) / tệp quá lớn",
                )
            head += chunk[: max(0, evidence.HEAD_BYTES - len(head))]
            out.write(chunk)
    return size, head


async def checked(uploads: Sequence[UploadFile], limit: int, folder: str) -> list[tuple]:
    """Each upload in `folder` with its shown name and media type, checked by content."""
    out = []
    for i, upload in enumerate(uploads):
        shown = safe_display_name(upload.filename)
        path = Path(folder) / f"evidence-{i}"
        size, head = await _read(upload, path, limit)
        try:
            media = evidence.check(shown, head, size, limit)
        except ConfigError as e:
            raise StepRefused(415 if size else 422, str(e)) from e
        typed = path.with_suffix(evidence.TYPES[media][0])  # the archive keeps the suffix
        path.rename(typed)
        out.append((typed, shown, media))
    return out
