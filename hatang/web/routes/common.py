"""Helpers every route module shares: the state, the language, page rendering."""

from __future__ import annotations

import math
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from hatang.web import i18n
from hatang.web.state import Snapshot, WebState


def state(request: Request) -> WebState:
    return request.app.state.web


def snap(request: Request) -> Snapshot:
    return state(request).snapshot()


async def snap_async(request: Request) -> Snapshot:
    """The snapshot, rebuilt off the event loop when the database changed."""
    from fastapi.concurrency import run_in_threadpool

    st = state(request)
    return st.current() or await run_in_threadpool(st.snapshot)


def lang_of(request: Request) -> str:
    return i18n.pick_lang(request.query_params.get("lang"), request.cookies.get("lang"))


def render(request: Request, template: str, ctx: dict[str, Any], lang: str) -> str:
    from hatang.web.app import page_context

    templates = request.app.state.templates
    return templates.get_template(template).render(**page_context(request, lang), **ctx)


def html(request: Request, body: str, lang: str, status: int = 200) -> HTMLResponse:
    response = HTMLResponse(body, status_code=status)
    q = request.query_params.get("lang")
    if q in i18n.LANGS and q != request.cookies.get("lang"):
        response.set_cookie("lang", q, max_age=365 * 86400, samesite="lax")
    return response


def fmt(v: Any, digits: int = 1) -> str:
    """A number for display ('—' when missing)."""
    if v is None:
        return "—"
    try:
        f = float(v)
    except (TypeError, ValueError):
        return str(v)
    if math.isnan(f):
        return "—"
    if f.is_integer():
        return f"{int(f):,}".replace(",", " ")
    return f"{f:,.{digits}f}".replace(",", " ")
