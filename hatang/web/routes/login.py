"""/login and /logout: sign in with a token, sign out (hatang.web.auth does the rest)."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from hatang.store import web_queries as q
from hatang.web import auth
from hatang.web.render import html, lang_of, render

router = APIRouter()


def _safe_next(target: str | None) -> str:
    """Where to go after signing in: a path of this site only (never //host or a URL)."""
    t = target or "/"
    return t if t.startswith("/") and not t.startswith("//") and "\\" not in t else "/"


def _login_page(request: Request, next_: str, error: str = "", status: int = 200) -> HTMLResponse:
    lang = lang_of(request)
    hours = request.app.state.web.ws.settings.web.session_hours
    ctx = {"next": next_, "error": error, "session_hours": hours}
    return html(request, render(request, "login.html", ctx, lang), lang, status)


@router.get("/login", response_class=HTMLResponse, include_in_schema=False)
def login_form(request: Request, next: str | None = None) -> HTMLResponse:
    return _login_page(request, _safe_next(next))


@router.post("/login", include_in_schema=False, dependencies=[auth.CsrfDep])
def login(
    request: Request,
    token: Annotated[str, Form(max_length=200)],
    next: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    """Sign in: a valid token sets the session cookie and goes on to `next`."""
    if auth.lookup(request, token.strip()) is None:
        msg = "the token is not valid or has been revoked / mã truy cập không hợp lệ"
        return _login_page(request, _safe_next(next), msg, 401)
    response = RedirectResponse(quote(_safe_next(next), safe="/?=&%-_.~"), status_code=303)
    auth.sign_in(response, request, q.hash_token(token.strip()))
    return response


@router.post("/logout", include_in_schema=False, dependencies=[auth.CsrfDep])
def logout(request: Request) -> Response:
    response = RedirectResponse("/", status_code=303)
    auth.sign_out(response)
    return response
