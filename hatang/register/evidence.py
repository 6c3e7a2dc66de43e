"""Evidence files of the register (pure): what a file is by its content, whether the web
takes it, which files a case holds and who may download them (docs/register.md,
"Evidence files").

A file's type is read from its first bytes, never from its name or the browser's word:
a photo (JPEG, PNG, WebP), a PDF (a letter, a report) or a CSV of a drive or speed test
(UTF-8 text in rows with a delimiter). The name's extension must agree with the content,
so an operator's `dien-thoai.pdf` that is really a JPEG, or an executable renamed
`.csv`, is refused with the reason.

Evidence is not public (hatang.register.public): the office (admin, analyst) and the
operators the case concerns or is assigned to may download it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from hatang.errors import ConfigError
from hatang.register.machine import STAFF, Actor

#: media type → the extensions a file of it may carry (the first: the archive's)
TYPES: dict[str, tuple[str, ...]] = {
    "image/jpeg": (".jpg", ".jpeg"),
    "image/png": (".png",),
    "image/webp": (".webp",),
    "application/pdf": (".pdf",),
    "text/csv": (".csv", ".txt"),
}

#: what the web's file picker offers (`accept`)
ACCEPT = ",".join(ext for exts in TYPES.values() for ext in exts)

#: bytes of a file's start the checks read
HEAD_BYTES = 8192

_WORDS = {
    "image/jpeg": "a JPEG photo",
    "image/png": "a PNG image",
    "image/webp": "a WebP image",
    "application/pdf": "a PDF",
    "text/csv": "a CSV table",
}


def _csv(head: bytes) -> bool:
    """UTF-8 text (a cut multi-byte character at the end allowed) whose first line has a
    delimiter: a table, not a binary file or a letter."""
    if b"\x00" in head:
        return False
    text = head.removeprefix(b"\xef\xbb\xbf")
    try:
        decoded = text.decode("utf-8")
    except UnicodeDecodeError as e:
        if e.start < len(text) - 3:
            return False
        decoded = text[: e.start].decode("utf-8")
    first = decoded.splitlines()[0] if decoded.strip() else ""
    return any(d in first for d in (",", ";", "\t"))


def sniff(head: bytes) -> str | None:
    """The media type of a file by its first bytes (None: none hatang takes)."""
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    return "text/csv" if _csv(head) else None


def check(name: str, head: bytes, size: int, limit: int) -> str:
    """The file's media type, or ConfigError (one line: the file, the reason)."""
    if size > limit:
        raise ConfigError(
            f"{name}: {size:,} bytes, over the {limit:,} an evidence file may have "
            "([register] evidence_max_bytes) / tệp quá lớn"
        )
    if size == 0:
        raise ConfigError(f"{name}: the file is empty / tệp rỗng")
    found = sniff(head)
    if found is None:
        raise ConfigError(
            f"{name}: not a photo (JPEG, PNG, WebP), PDF or CSV by its content "
            "/ chỉ nhận ảnh, PDF hoặc CSV"
        )
    ext = PurePath(name).suffix.lower()
    if ext not in TYPES[found]:
        raise ConfigError(
            f"{name}: the content is {_WORDS[found]}, not a {ext or 'file without extension'} "
            f"(name it {'/'.join(TYPES[found])}) / đuôi tệp không khớp nội dung"
        )
    return found


def items(text: Any) -> list[dict[str, Any]]:
    """The evidence items of one event (its `evidence` JSON; none when empty)."""
    return json.loads(text) if isinstance(text, str) and text else []


def files_of(events: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The evidence files of a case's events, oldest first: name, sha256, media type,
    bytes, and the step and time that attached it (each file once)."""
    out: dict[str, dict[str, Any]] = {}
    for e in events:
        for item in items(e.get("evidence")):
            if item.get("kind") == "file" and item.get("sha256") not in out:
                out[item["sha256"]] = {**item, "action": e.get("action"), "at": e.get("at")}
    return list(out.values())


def url(case_id: str, sha256: str) -> str:
    """Where an evidence file is downloaded (the web's /register/<id>/evidence/<sha256>)."""
    return f"/register/{quote(str(case_id), safe='')}/evidence/{sha256}"


def listing(case_id: str, files: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """What the API lists of each file: name, type, size, SHA-256 and download URL."""
    return [
        {
            "name": f.get("name"),
            "media_type": f.get("media_type"),
            "bytes": f.get("bytes"),
            "sha256": f["sha256"],
            "url": url(case_id, f["sha256"]),
        }
        for f in files
    ]


def may_see(actor: Actor | None, case: Mapping[str, Any]) -> bool:
    """The office, or an operator the case concerns or is assigned to."""
    if actor is None:
        return False
    if actor.role in STAFF:
        return True
    concerned = str(case.get("operators") or "").split(";")
    return actor.role == "operator" and actor.operator in (
        *concerned,
        case.get("assigned_operator"),
    )
