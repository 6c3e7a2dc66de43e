"""The web app: dashboard pages, the open-data portal and the token-protected write API.

`create_app(ws)` builds a FastAPI app for one workspace; nothing is configured at
import time. Every script, style and font is served by the app itself (plotly.js
from the installed plotly package), so it works with no internet at all.

Routes, one module per page group (hatang/web/routes/):
    overview.py  /                       the plan's scorecard, key figures
    maps.py      /map, /coverage.png
    commune.py   /commune/{code}
    search.py    /search?q= (villages and communes by name), /village/{code}
    lists.py     /dead-spots, /speeds, /services (filter, search, sort, page, CSV)
    scenarios.py /scenarios (list, comparison), /scenario/{name} (page, CSV, GeoJSON)
    reports.py   /reports (the quarters), /reports/{file} (report and brief, DOCX and PDF)
    catalogue.py /data, /dataset/{name}
    opendata.py  /dataset/{name}/{file}, /dataset/{name}/datapackage.json, /catalog.jsonld|.ttl
    ckan.py      /api/3/action/{action} (and /api/action/{action}, which ckanapi calls)
    write.py     POST /api/import/{kind}, POST /api/compute (API token required)
    submissions.py /submissions (grid, a filing's page, problems CSV/XLSX), POST /api/submissions
    login.py     /login, /logout: sign in with a token (hatang.web.auth: session, CSRF)
    register.py  /register, /register/{id}, /register/scoreboard, /register/report
    register_api.py  POST /api/register/reports, /api/register/cases/{id}[/steps/{step}]
    audit.py     GET /api/audit: the register's and the submissions' joint audit log (office)
    assets.py    /assets/plotly.min.js, /api/docs and Swagger UI's files, /favicon.ico

Every response passes through hatang.web.middleware: the body-size limit, the
security headers, HEAD answered as GET.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp

from hatang.errors import HatangError, WorkspaceBusy
from hatang.store import Workspace
from hatang.web.middleware import BodyLimit, HeadAsGet, SecurityHeaders
from hatang.web.render import lang_of, page_context
from hatang.web.state import WebState
from hatang.web.tokens import TokenBook

HERE = Path(__file__).parent
log = logging.getLogger("hatang.web")


def _ckan_path(path: str) -> bool:
    return path.startswith("/api/3/action/") or path.startswith("/api/action/")


def api_error(status: int, message: str, type_: str = "Error") -> JSONResponse:
    return JSONResponse(
        {"success": False, "error": {"__type": type_, "status": status, "message": message}},
        status_code=status,
    )


def _install_error_handlers(app: FastAPI, templates: Jinja2Templates) -> None:
    types = {
        500: "Internal Server Error",
        503: "Service Unavailable",
        400: "Bad Request",
        401: "Authorization Error",
        403: "Authorization Error",
        404: "Not Found Error",
        405: "Method Not Allowed",
        409: "Validation Error",
        413: "Request Too Large",
        422: "Validation Error",
    }

    def render(request: Request, status: int, message: str) -> Response:
        if request.url.path.startswith("/api/"):
            if _ckan_path(request.url.path):
                return JSONResponse(
                    {
                        "help": str(request.url),
                        "success": False,
                        "error": {"__type": types.get(status, "Error"), "message": message},
                    },
                    status_code=status,
                )
            return api_error(status, message, types.get(status, "Error"))
        lang = lang_of(request)
        return templates.TemplateResponse(
            request,
            "error.html",
            {
                "status": status,
                "message": said(status, message, lang),
                **page_context(request, lang),
            },
            status_code=status,
        )

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 499:  # the client has gone (routes.common.build_page)
            return Response(status_code=499)
        return render(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        msgs = "; ".join(
            f"{'.'.join(map(str, e.get('loc', ())))}: {e.get('msg')}" for e in exc.errors()
        )
        return render(request, 422, msgs or "invalid request")

    @app.exception_handler(WorkspaceBusy)
    async def busy(request: Request, exc: WorkspaceBusy) -> Response:
        response = render(
            request,
            503,
            f"the workspace is busy ({exc.holder} is writing to it); try again in a "
            f"moment / dữ liệu đang được cập nhật ({exc.holder} đang ghi), vui lòng thử "
            "lại sau giây lát",
        )
        response.headers["Retry-After"] = "5"
        return response

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.exception("error answering %s", request.url.path)
        return render(
            request,
            500,
            f"internal error ({type(exc).__name__}); the server log has the details "
            "/ lỗi máy chủ: nhật ký máy chủ ghi chi tiết",
        )

    @app.exception_handler(HatangError)
    async def hatang_error(request: Request, exc: HatangError) -> Response:
        return render(request, 400, str(exc))


def said(status: int, message: str, lang: str) -> str:
    """An error page's message in the page's language, a `command` as <code>: English as
    written; in Vietnamese the reason in words (hatang.io.reasons: a coded reason, else
    the Vietnamese after ' / '), and nothing for the bare HTTP phrase ('Not Found') the
    heading already says."""
    from http import HTTPStatus

    from hatang.io import reasons
    from hatang.web.render import marked

    if lang == "en":
        return marked(message)
    if message == HTTPStatus(status).phrase:
        return ""
    return marked(reasons.text(message, lang))


class HatangApp(FastAPI):
    """FastAPI with the security headers and HEAD handling outside Starlette's own error
    middleware, so they reach every response, a 500 included."""

    tile_origin: str = ""

    def build_middleware_stack(self) -> ASGIApp:
        from hatang.web.auth import CsrfCookie

        inner = CsrfCookie(super().build_middleware_stack())
        return HeadAsGet(SecurityHeaders(inner, self.tile_origin))


def _tile_origin(tile_url: str) -> str:
    from urllib.parse import urlsplit

    u = urlsplit(tile_url)
    return f"{u.scheme}://{u.netloc}" if u.scheme and u.netloc else ""


def _warm(web_state: WebState, refresh: bool) -> None:
    from hatang.web.routes.overview import warm

    try:
        warm(web_state, refresh=refresh)
    except Exception:  # a request will rebuild and report it
        log.exception("warming the web caches failed")
    finally:
        web_state.warmed.set()


def create_app(ws: Workspace, *, refresh_on_start: bool = True) -> FastAPI:
    """The ASGI app serving workspace `ws` (settings read from the workspace now, not at import).

    At start a background thread warms the caches; with `refresh_on_start` it first
    brings the computed indicators up to date (the engine's incremental compute).
    """
    from hatang.web.routes import (
        assets,
        audit,
        catalogue,
        ckan,
        commune,
        country,
        lists,
        login,
        maps,
        opendata,
        overview,
        register,
        register_api,
        reports,
        scenarios,
        search,
        submissions,
        write,
    )

    web_state = WebState(ws)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # warm the caches in the background: the server answers at once
        threading.Thread(target=_warm, args=(web_state, refresh_on_start), daemon=True).start()
        yield

    app = HatangApp(
        title="hatang",
        docs_url=None,  # routes/assets.py serves /api/docs from local files
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.tile_origin = _tile_origin(ws.settings.web.tile_url)
    app.state.web = web_state
    app.state.tokens = TokenBook(ws)
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    pages = (
        overview,
        maps,
        commune,
        lists,
        scenarios,
        reports,
        catalogue,
        submissions,
        register,
        search,
        country,
    )
    for module in (*pages, login, opendata, ckan, write, register_api, audit, assets):
        app.include_router(module.router)
    _install_error_handlers(app, templates)
    limit = int(ws.settings.web.max_upload_mb) * (1 << 20)
    app.add_middleware(BodyLimit, limit=limit)

    @app.get("/healthz", include_in_schema=False)
    async def healthz() -> HTMLResponse:
        """200 while the process answers: "ok" once the start-up warming has finished,
        "warming" before (load tests and probes wait for "ok")."""
        return HTMLResponse("ok" if web_state.warmed.is_set() else "warming")

    return app
