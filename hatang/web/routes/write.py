"""The write API: upload a file to import, trigger recomputation. An API token is required.

The token travels as `Authorization: Bearer <token>` (or `X-API-Key: <token>`); only
its SHA-256 is stored (`hatang token create NAME`). An upload is written to a temporary
file whose name hatang generates (only a known extension is kept from the client's
name), imported through `hatang.io.import_file` — the same importers and errors as the
CLI — under the client's file name, sanitised (`safe_display_name`), and removed.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, HTTPException, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from hatang.errors import DataError, HatangError, count_types
from hatang.io.names import safe_display_name
from hatang.store import web_queries as q
from hatang.web.routes.common import state
from hatang.web.state import DB_LOCK

router = APIRouter()

ALLOWED_SUFFIXES = {".csv", ".txt", ".xlsx", ".parquet", ".geojson", ".json", ".tsv"}


def _token_from(request: Request) -> str:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return (request.headers.get("x-api-key") or "").strip()


def _locked(fn: Any) -> Any:
    def run(*args: Any, **kw: Any) -> Any:
        with DB_LOCK:
            return fn(*args, **kw)

    return run


def require_token(request: Request) -> str:
    token = _token_from(request)
    if not token:
        raise HTTPException(
            403,
            "an API token is required: send 'Authorization: Bearer <token>' "
            "(create one with `hatang token create NAME`)",
        )
    ws = state(request).ws
    with DB_LOCK, ws.connect() as con:
        holder = q.token_holder(con, token)
    if holder is None:
        raise HTTPException(403, "the API token is not valid or has been revoked")
    return holder


TokenDep = Annotated[str, Depends(require_token)]


def _problem_json(p: Any, tmp_name: str, shown: str) -> dict[str, Any]:
    file = (
        shown
        if str(p.file) in (tmp_name, str(Path(tmp_name).name))
        or str(p.file).endswith(Path(tmp_name).name)
        else p.file
    )
    text = str(p).replace(tmp_name, shown).replace(Path(tmp_name).name, shown)
    return {
        "file": file,
        "row": p.row,
        "column": p.column,
        "value": None if p.value is None else str(p.value),
        "type": p.type,
        "reason": p.reason,
        "text": text,
    }


def _report_json(report: Any, tmp_name: str, shown: str) -> dict[str, Any]:
    """The import report as JSON, naming the file as the client sent it."""
    out: dict[str, Any] = {}
    for key in (
        "kind",
        "encoding",
        "rows_read",
        "rows_loaded",
        "rows_new",
        "rows_replaced",
        "rows_rejected",
        "rows_skipped",
        "import_id",
        "already_imported",
        "previous_import_id",
        "period",
        "synthetic",
    ):
        if hasattr(report, key):
            out[key] = getattr(report, key)
    out["file"] = shown
    out["tables"] = {k: list(v) for k, v in (getattr(report, "tables", None) or {}).items()}
    out["notes"] = [str(n) for n in getattr(report, "notes", [])]
    out["problems"] = [_problem_json(p, tmp_name, shown) for p in getattr(report, "problems", [])]
    if hasattr(report, "summary"):
        out["summary"] = (
            report.summary().replace(tmp_name, shown).replace(Path(tmp_name).name, shown)
        )
    return out


@router.post("/api/import/{kind}")
async def upload(
    request: Request,
    kind: str,
    holder: TokenDep,
    file: Annotated[
        UploadFile, File(description="the file to import (CSV, XLSX, Parquet, GeoJSON)")
    ],
    period: Annotated[str | None, Form(max_length=20)] = None,
    on_error: Annotated[str, Form(pattern="^(fail|quarantine)$")] = "fail",
) -> JSONResponse:
    try:
        from hatang.io import import_file  # type: ignore[attr-defined]
    except ImportError:
        raise HTTPException(503, "the importers are not installed in this build") from None
    shown = safe_display_name(file.filename)
    suffix = Path(shown).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise HTTPException(
            422,
            f"unsupported file type {suffix or '(none)'!r}; send one of {', '.join(sorted(ALLOWED_SUFFIXES))}",
        )
    ws = state(request).ws
    with tempfile.TemporaryDirectory(prefix="hatang-upload-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        with open(path, "wb") as out:
            while chunk := await file.read(1 << 20):
                out.write(chunk)
        try:
            report = await run_in_threadpool(
                _locked(import_file),
                ws,
                kind,
                path,
                period=period,
                on_error=on_error,
                synthetic=ws.synthetic,
                options={"file_name": shown},  # recorded and shown as the client named it
            )
        except DataError as e:
            problems = [_problem_json(p, str(path), shown) for p in e.problems]
            return JSONResponse(
                {
                    "success": False,
                    "error": {
                        "__type": "Import Failed",
                        "status": 422,
                        "message": str(e).replace(str(path), shown),
                        "problems": problems,
                        "problem_types": count_types(e.problems),
                    },
                },
                status_code=422,
            )
        except HatangError as e:
            return JSONResponse(
                {
                    "success": False,
                    "error": {
                        "__type": "Validation Error",
                        "status": 422,
                        "message": str(e).replace(str(path), shown),
                    },
                },
                status_code=422,
            )
        finally:
            state(request).invalidate()
    return JSONResponse(
        {
            "success": True,
            "result": {
                "kind": kind,
                "file": shown,
                "by": holder,
                "report": _report_json(report, str(path), shown),
            },
        }
    )


@router.post("/api/compute")
def compute(request: Request, holder: TokenDep) -> JSONResponse:
    from hatang.indicators import compute_workspace

    ws = state(request).ws
    try:
        with DB_LOCK:
            result = compute_workspace(ws)
    except HatangError as e:
        raise HTTPException(422, str(e)) from e
    finally:
        state(request).invalidate()
    return JSONResponse(
        {
            "success": True,
            "result": {
                "by": holder,
                "computed": None if result is None else str(result),
            },
        }
    )
