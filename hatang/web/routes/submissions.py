"""Quarterly submissions on the web (docs/submissions.md).

    POST /api/submissions                     file (multipart `file`, `kind`, `period`,
                                              optional `filer`; bearer token): the filing
                                              and its validation report as JSON
    GET  /api/submissions/{id}                the filing as JSON (token: its filer or the office)
    GET  /submissions/{id}/problems.csv|xlsx  its problems, Vietnamese headers
    GET  /submissions                         the grid of a quarter: filers × kinds
    GET  /submissions/{id}                    a filing's page: report, diff, figures, history
                                              (its filer or the office until accepted:
                                              hatang.submissions.access)
    GET  /submissions/file, POST              the filing form (signed in: hatang.web.auth)
    POST /submissions/{id}/accept|reject      the office's decision from the filing's page

The upload is written to a temporary file named by hatang (only a known extension is
kept) and filed through `hatang.submissions.filing` — the CLI's library call.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile as StarletteUpload

from hatang import i18n
from hatang.errors import ConfigError, Forbidden, HatangError, NotFound
from hatang.io import reasons
from hatang.io.names import safe_display_name
from hatang.register.machine import Actor
from hatang.web.render import Lang, html, render
from hatang.web.routes.common import state
from hatang.web.routes.write import ALLOWED_SUFFIXES, _token_from
from hatang.web.state import DB_LOCK

router = APIRouter()


def _locked(fn: Any, *args: Any, **kw: Any) -> Any:
    with DB_LOCK:
        return fn(*args, **kw)


def token_actor(request: Request) -> Actor:
    """The actor of the request's bearer token; 403 without a valid one."""
    from hatang.store import web_queries as q

    token = _token_from(request)
    if not token:
        raise HTTPException(403, "an API token is required: send 'Authorization: Bearer <token>'")
    with DB_LOCK, state(request).ws.connect(read_only=True) as con:
        info = q.token_info(con, token)
    if info is None:
        raise HTTPException(403, "the API token is not valid or has been revoked")
    return Actor(info.name, info.role, info.operator)


def _refused(e: HatangError) -> HTTPException:
    if isinstance(e, Forbidden):
        return HTTPException(403, str(e))
    if isinstance(e, NotFound):
        return HTTPException(404, str(e))
    return HTTPException(422, str(e))


async def save_upload(upload: StarletteUpload, folder: str) -> tuple[Path, str]:
    """The upload in `folder` under a name hatang chose; its shown name."""
    shown = safe_display_name(upload.filename)
    suffix = Path(shown).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise HTTPException(422, f"unsupported file type {suffix or '(none)'!r}")
    path = Path(folder) / f"upload{suffix}"
    with open(path, "wb") as out:
        while chunk := await upload.read(1 << 20):
            out.write(chunk)
    return path, shown


async def file_upload(
    request: Request,
    actor: Actor,
    upload: StarletteUpload,
    kind: str,
    period: str,
    filer: str | None,
    channel: str,
) -> dict[str, Any]:
    """File an upload as `actor` (API or web form); a refusal is an HTTPException."""
    from hatang.submissions.filing import file_submission

    ws = state(request).ws
    with tempfile.TemporaryDirectory(prefix="hatang-filing-") as tmp:
        path, shown = await save_upload(upload, tmp)
        try:
            return await run_in_threadpool(
                _locked,
                file_submission,
                ws,
                actor,
                kind,
                period,
                path,
                filer=filer or None,
                file_name=shown,
                channel=channel,
            )
        except HatangError as e:
            raise _refused(e) from e
        finally:
            state(request).invalidate()


def public(f: dict[str, Any]) -> dict[str, Any]:
    """A filing as the API answers it (JSON-ready)."""
    out = {k: (v.isoformat() if isinstance(v, dt.datetime | dt.date) else v) for k, v in f.items()}
    out["history"] = [
        {k: (v.isoformat() if isinstance(v, dt.datetime) else v) for k, v in e.items()}
        for e in f.get("history", [])
    ]
    return out


@router.post("/api/submissions")
async def api_file(
    request: Request,
    file: Annotated[UploadFile, File(description="the file (CSV, XLSX, Parquet, GeoJSON)")],
    kind: Annotated[str, Form(max_length=40)],
    period: Annotated[str, Form(max_length=20)],
    filer: Annotated[str | None, Form(max_length=60)] = None,
) -> JSONResponse:
    actor = token_actor(request)
    f = await file_upload(request, actor, file, kind, period, filer, "api")
    return JSONResponse({"success": True, "result": public(f)})


def _read(request: Request, fid: str) -> dict[str, Any]:
    from hatang.submissions.queries import show

    try:
        return _locked(show, state(request).ws, fid)
    except NotFound as e:
        raise HTTPException(404, str(e)) from e


@router.get("/api/submissions/{fid}")
def api_show(request: Request, fid: str) -> JSONResponse:
    from hatang.submissions.access import is_involved

    actor = token_actor(request)
    f = _read(request, fid)
    if not is_involved(actor, f):
        raise HTTPException(403, f"{fid} is another filer's filing")
    return JSONResponse({"success": True, "result": public(f)})


def _shown(request: Request, fid: str) -> dict[str, Any]:
    """The filing, if the visitor may see its details (hatang.submissions.access):
    401 signed out, 403 signed in as another filer, while the office has not accepted it."""
    from hatang.submissions.access import may_see
    from hatang.web import auth

    f = _read(request, fid)
    if not may_see(auth.current_actor(request), f):
        auth.require_actor(request)
        raise HTTPException(
            403,
            f"{fid} is another filer's filing, not accepted yet / hồ sơ của đơn vị khác, "
            "chưa được chấp nhận",
        )
    return f


@router.get("/submissions/{fid}/problems.{ext}")
def problems_download(request: Request, fid: str, ext: str) -> Response:
    from hatang.publish import tabular
    from hatang.submissions.report import problem_rows

    if ext not in ("csv", "xlsx"):
        raise HTTPException(404, "problems.csv or problems.xlsx")
    f = _shown(request, fid)
    table = problem_rows(f["report"])
    name = f"{fid}-loi.{ext}"
    synthetic = state(request).ws.synthetic
    if ext == "csv":
        body, media = tabular.to_csv(table, synthetic=synthetic), "text/csv; charset=utf-8"
    else:
        about = [f"Báo cáo lỗi hồ sơ {fid}: {f['filer']} {f['kind']} {f['period']}"]
        body = tabular.to_xlsx(table, synthetic=synthetic, sheet="loi", about=about)
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(body, media_type=media, headers=headers)


@router.get("/submissions", response_class=HTMLResponse)
def grid_page(request: Request, lang: Lang, period: str | None = None) -> HTMLResponse:
    from hatang.submissions.access import is_involved
    from hatang.submissions.queries import due, latest_period, listing
    from hatang.views import submissions as views
    from hatang.web.auth import current_actor

    ws = state(request).ws
    try:
        chosen = period or _locked(latest_period, ws)
        cells = _locked(due, ws, chosen)
        filings = _locked(listing, ws, chosen)
    except ConfigError as e:
        raise HTTPException(422, str(e)) from e
    ctx = {
        "period": chosen,
        "cells": cells,
        "summary": views.summary(cells),
        "kinds": _kinds(cells),
        "filers": _filers(ws, lang),
        "filings": filings.to_dict("records"),
        "involved": lambda f: is_involved(current_actor(request), f),
        "state_label": lambda s: views.state_label(s, lang),
        "late_text": lambda c: views.late_text(c, lang),
        "kind_label": lambda k: views.kind_label(k, lang),
    }
    return html(request, render(request, "submissions.html", ctx, lang), lang)


def _kinds(cells: list[Any]) -> list[str]:
    return list(dict.fromkeys(c.kind for c in cells))


def _filers(ws: Any, lang: str) -> dict[str, str]:
    from hatang.submissions.queries import filers_of

    return {f.id: f.name_in(lang) for f in filers_of(ws)}


def to_login(path: str, lang: str) -> RedirectResponse:
    """To the sign-in page, in the page's language, and back to `path` after it."""
    return RedirectResponse(f"/login?next={quote(path)}&lang={lang}", status_code=303)


# ---- the filing form and the office's decisions (signed in: hatang.web.auth) ----------


def _form_context(request: Request, actor: Actor, lang: str) -> dict[str, Any]:
    """What the signed-in actor may file: its operator's kinds, or every filer's."""
    from hatang.submissions.calendar import previous_quarter
    from hatang.submissions.queries import filers_of, period_of_today

    filers = [
        f
        for f in filers_of(state(request).ws)
        if actor.role != "operator" or f.id == actor.operator
    ]
    kinds = list(dict.fromkeys(k for f in filers for k in f.kinds))
    return {
        "filers": {f.id: f.name_in(lang) for f in filers},
        "kinds": kinds,
        "period": previous_quarter(period_of_today()),
    }


def _form_page(
    request: Request, lang: str, actor: Actor, error: str = "", status: int = 200
) -> HTMLResponse:
    from hatang.views import submissions as views

    ctx = {
        **_form_context(request, actor, lang),
        # why the file was not taken, in the page's language (hatang.io.reasons)
        "error": reasons.known(error, lang),
        "kind_label": lambda k: views.kind_label(k, lang),
    }
    return html(request, render(request, "submission_form.html", ctx, lang), lang, status)


@router.get("/submissions/file", response_class=HTMLResponse)
def form_page(request: Request, lang: Lang) -> Response:
    """The filing form; signing in first (a token's holder files as its role)."""
    from hatang.web import auth

    actor = auth.current_actor(request)
    if actor is None:
        return to_login("/submissions/file", lang)
    if actor.role not in ("operator", "analyst", "admin"):
        raise HTTPException(403, "only an operator or the office files / không có quyền nộp")
    return _form_page(request, lang, actor)


@router.post("/submissions/file", response_class=HTMLResponse)
async def form_post(request: Request, lang: Lang) -> Response:
    """File from the form: signed in (401), the CSRF token (403), then the filing's page."""
    from hatang.web import auth

    actor = auth.require_actor(request)
    form = await request.form()
    try:  # the upload's spooled file is closed whatever the answer
        await auth.check_csrf(request)
        return await _file_from_form(request, lang, actor, form)
    finally:
        await form.close()


async def _file_from_form(request: Request, lang: str, actor: Actor, form: Any) -> Response:
    upload = form.get("file")
    if not isinstance(upload, StarletteUpload) or not upload.filename:
        return _form_page(request, lang, actor, "choose a file / chọn tệp", 422)
    fields = {k: str(form.get(k) or "")[:60] for k in ("kind", "period", "filer")}
    try:
        f = await file_upload(
            request, actor, upload, fields["kind"], fields["period"], fields["filer"], "web"
        )
    except HTTPException as e:
        return _form_page(request, lang, actor, str(e.detail), e.status_code)
    return RedirectResponse(f"/submissions/{f['filing_id']}", status_code=303)


@router.post("/submissions/{fid}/{decision}", response_class=HTMLResponse)
async def decide(request: Request, fid: str, decision: str, lang: Lang) -> Response:
    """The office accepts or rejects a staged filing from its page."""
    from hatang.submissions.filing import accept, reject
    from hatang.web import auth

    if decision not in ("accept", "reject"):
        raise HTTPException(404, "accept or reject")
    actor = auth.require_actor(request, "analyst", "admin")
    await auth.check_csrf(request)
    form = await request.form()
    ws = state(request).ws
    try:
        if decision == "accept":
            await run_in_threadpool(_locked, accept, ws, actor, fid, channel="web")
        else:
            reason = str(form.get("reason") or "")[:2000]
            await run_in_threadpool(_locked, reject, ws, actor, fid, reason, channel="web")
    except HatangError as e:
        raise _refused(e) from e
    finally:
        state(request).invalidate()
    return RedirectResponse(f"/submissions/{fid}", status_code=303)


@router.get("/submissions/{fid}", response_class=HTMLResponse)
def filing_page(request: Request, fid: str, lang: Lang) -> Response:
    """A filing's page; signed out, a filing not accepted yet asks for a sign-in first."""
    from hatang.submissions.access import is_involved
    from hatang.views import submissions as views
    from hatang.web import auth

    try:
        f = _shown(request, fid)
    except HTTPException as e:
        if e.status_code == 401:
            return to_login(f"/submissions/{fid}", lang)
        raise
    ctx = {
        "f": f,
        "r": f["report"],
        "names": is_involved(auth.current_actor(request), f),
        "state_label": lambda s: views.state_label(s, lang),
        "kind_label": lambda k: views.kind_label(k, lang),
        "problem_type": lambda name: views.problem_type(name, lang),
        "problem_reason": lambda reason: (
            views.one_language(reason, lang) if lang == "en" else reasons.text(reason, lang)
        ),
        "diff_value": lambda x: views.diff_value(x, lang),
        "event_note": lambda note: views.event_note(note, lang),
        "moves": views.move_rows(f["report"], lang),
        "message": lambda key, **params: i18n.message(key, lang, **params),
    }
    return html(request, render(request, "filing.html", ctx, lang), lang)
