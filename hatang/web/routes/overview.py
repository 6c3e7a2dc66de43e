"""The overview page (/): the plan's scorecard and the province's key figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from hatang.views import overview as overview_view
from hatang.web import register as register_view
from hatang.web import views
from hatang.web.render import Lang, html, render
from hatang.web.routes.common import ProvinceQuery, build_page, snap_async
from hatang.web.rows import reading_notes, scorecard_rows
from hatang.web.state import DB_LOCK

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
async def overview(request: Request, lang: Lang, province: ProvinceQuery = None) -> HTMLResponse:
    s = await snap_async(request, province)
    body = s.cached(("page", "overview", lang))
    if body is None:  # build off the event loop; later visitors get the cached page
        body = await build_page(request, _overview_page, request, s, lang)
    return html(request, body, lang)


def _overview_page(request: Request, s: Any, lang: str) -> str:
    def build() -> str:
        sc, reason = overview_scorecard(s)
        figures = overview_view.key_figures(s.frames, s.table(s.dataset("sites")))
        rows = scorecard_rows(sc, lang) if sc is not None else []
        reg = register_view.overview(s.frames, dt.date.today())
        by_op = register_view.overview_by_operator(s.frames["indicator_values"], s.ctx.current_map)
        ctx = {"rows": rows, "reason": reason, "fig": figures, "register": reg}
        ctx["register_by_operator"] = by_op
        ctx["notes"] = reading_notes(sc, lang)
        return render(request, "overview.html", ctx, lang)

    return str(s.memo(("page", "overview", lang), build))


def overview_scorecard(s: Any) -> tuple[pd.DataFrame | None, str]:
    def build() -> tuple[pd.DataFrame | None, str]:
        with DB_LOCK:
            if s.province is not None:  # ?province=: that province's plan (a national workspace)
                return views.scorecard(s.ws, narrowed=s.province.code)
            return views.scorecard(s.ws, province=_province(s))

    result: tuple[pd.DataFrame | None, str] = s.memo("scorecard", build)
    return result


def warm(web_state: Any, *, refresh: bool = True) -> None:
    """Build what the first visitors need (snapshot, published tables, scorecard).

    With `refresh`, first bring the computed indicators up to date (the engine's
    incremental `compute`, as `hatang scorecard` does) — at server start only; no
    page or public endpoint ever writes.
    """
    if refresh:
        with DB_LOCK:
            views.refresh_indicators(web_state.ws)
    s = web_state.snapshot()
    overview_scorecard(s)
    for ds in s.datasets():
        s.table(ds)


def _province(s: Any) -> str | None:
    u = s.frames["units"]
    p = u[(u["level"] == "province") & (u["map"].astype(str) == s.ctx.current_map)]
    return str(p["code"].iloc[0]) if len(p) else None
