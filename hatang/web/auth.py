"""Who is asking: sign-in with an API token, the session cookie, CSRF on every form.

A person signs in at `/login` (routes/login.py) with a token (`hatang token create NAME --role ...`);
the app answers with a session cookie and the token is never stored in it. Scripts
keep sending `Authorization: Bearer <token>` (or `X-API-Key`) to the API and need no
cookie and no CSRF token.

The API routes use, all in this module:

    current_actor(request) -> Actor | None   bearer token, else the session, else None
    require_actor(request, *roles) -> Actor  401 when nobody is signed in, 403 when
                                              the actor's role is not among `roles`
    ActorDep, SignedInDep                    the two as FastAPI dependencies
    sign_in(response, request, token_sha256) set the session cookie (routes/login.py)
    csrf_token(request) -> str               the hidden field every form carries
                                              (templates get it as `csrf_token`)
    await check_csrf(request)                403 unless a POST by a browser carries it
    CsrfDep                                  the check as a dependency of a form route

A role or operator that may not take a register step is refused by
`hatang.register.machine.check` (Forbidden), which routes answer with 403.

The session cookie (`hatang_session`) holds the token's SHA-256, a random nonce and
its expiry (`[web] session_hours`), signed with HMAC-SHA256 by a key kept in the
workspace folder (`session.key`, made on first use, mode 600), so sessions survive a
restart and end when the token is revoked. It is HttpOnly, SameSite=Strict, Secure
over HTTPS. The CSRF token is an HMAC of a second random cookie (`hatang_csrf`,
HttpOnly, SameSite=Strict, set by `CsrfCookie` on the first response to a browser),
so a page of another site can neither read nor forge it; it is checked on every form
POST, a citizen's report and the sign-in itself included (login CSRF).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import os
import secrets
import threading
import time
from pathlib import Path
from typing import Annotated

from fastapi import Depends, HTTPException, Request, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hatang.register.machine import Actor
from hatang.store import web_queries as q

SESSION_COOKIE = "hatang_session"
CSRF_COOKIE = "hatang_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
KEY_FILE = "session.key"
log = logging.getLogger("hatang.web")


# ---- the key, signing ------------------------------------------------------------------


def _key(request: Request) -> bytes:
    """The workspace's signing key, read once per app."""
    app_state = request.app.state
    key = getattr(app_state, "session_key", None)
    if key is None:
        key = load_key(request.app.state.web.ws.root)
        app_state.session_key = key
    return key


def load_key(root: Path) -> bytes:
    """The signing key in `root/session.key`, made (32 random bytes, mode 600) if absent.
    A workspace folder the server may not write to gets a key of this process only
    (sessions then end when it stops), never an error on a page."""
    try:
        return _key_file(Path(root) / KEY_FILE)
    except OSError as e:
        log.warning("cannot keep the session key in %s (%s); sessions end at restart", root, e)
        return secrets.token_bytes(32)


def _key_file(path: Path) -> bytes:
    if not path.exists():
        tmp = path.with_name(f"{KEY_FILE}.{os.getpid()}.{threading.get_ident()}.part")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(secrets.token_bytes(32))
        try:
            os.link(tmp, path)  # the first writer wins; the others read its key
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return path.read_bytes()


def _mac(key: bytes, text: str) -> str:
    digest = hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def session_value(key: bytes, token_sha256: str, hours: float, now: float | None = None) -> str:
    """A signed session cookie value for the token with this hash."""
    exp = int((now or time.time()) + hours * 3600)
    body = _b64(json.dumps({"h": token_sha256, "n": secrets.token_hex(8), "exp": exp}).encode())
    return f"{body}.{_mac(key, 'session:' + body)}"


def session_hash(key: bytes, value: str, now: float | None = None) -> str | None:
    """The token hash a session cookie carries when its signature holds and it has
    not expired, else None."""
    body, _, mac = (value or "").partition(".")
    if not body or not hmac.compare_digest(mac, _mac(key, "session:" + body)):
        return None
    try:
        data = json.loads(_unb64(body))
    except ValueError:
        return None
    if int(data.get("exp", 0)) < (now or time.time()):
        return None
    return str(data.get("h") or "") or None


# ---- who is asking -----------------------------------------------------------------------


def _bearer(request: Request) -> str:
    auth = request.headers.get("authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return (request.headers.get("x-api-key") or "").strip()


def _lookup(request: Request, token: str = "", sha256: str = "") -> Actor | None:
    """The token's holder, through the app's `TokenBook` (read once per database state)."""
    if token and len(token) <= 200:
        sha256 = q.hash_token(token)
    elif token:
        return None
    info = request.app.state.tokens.holder(sha256) if sha256 else None
    return None if info is None else Actor(info.name, info.role, info.operator)


def current_actor(request: Request) -> Actor | None:
    """The actor of a valid bearer token, else of a valid session cookie, else None.
    A bearer token that is not valid is refused (401), never treated as anonymous."""
    cached = request.scope.get("hatang.actor", False)
    if cached is not False:
        return cached
    token = _bearer(request)
    if token:
        actor = _lookup(request, token=token)
        if actor is None:
            raise HTTPException(401, "the API token is not valid or has been revoked")
    else:
        sha = session_hash(_key(request), request.cookies.get(SESSION_COOKIE, ""))
        actor = _lookup(request, sha256=sha) if sha else None
    request.scope["hatang.actor"] = actor
    return actor


def require_actor(request: Request, *roles: str) -> Actor:
    """The signed-in actor; 401 when there is none, 403 when its role is not in `roles`
    (all roles when none are given)."""
    actor = current_actor(request)
    if actor is None:
        raise HTTPException(
            401,
            "sign in first: send 'Authorization: Bearer <token>' or sign in at /login "
            "/ cần đăng nhập trước: gửi 'Authorization: Bearer <token>' hoặc đăng nhập "
            "tại /login",
        )
    if roles and actor.role not in roles:
        raise HTTPException(
            403,
            f"a token with role {actor.role!r} may not do this (who may: {', '.join(roles)}) "
            f"/ vai trò {actor.role!r} không có quyền làm việc này (được phép: "
            f"{', '.join(roles)})",
        )
    return actor


ActorDep = Annotated[Actor | None, Depends(current_actor)]
SignedInDep = Annotated[Actor, Depends(require_actor)]


# ---- CSRF --------------------------------------------------------------------------------


def _nonce(request: Request) -> str:
    return str(request.scope.get("hatang.csrf_nonce") or request.cookies.get(CSRF_COOKIE, ""))


def csrf_token(request: Request) -> str:
    """The CSRF token of this browser (a form's hidden `csrf_token` field)."""
    nonce = _nonce(request)
    return _mac(_key(request), "csrf:" + nonce) if nonce else ""


async def check_csrf(request: Request) -> None:
    """403 unless the request carries this browser's CSRF token, in the form field
    `csrf_token` or the `X-CSRF-Token` header. A bearer-token API call needs none."""
    if request.method in ("GET", "HEAD", "OPTIONS") or _bearer(request):
        return
    sent = request.headers.get(CSRF_HEADER, "")
    if not sent and "form" in request.headers.get("content-type", ""):
        sent = str((await request.form()).get(CSRF_FIELD) or "")
    expected = csrf_token(request) if request.cookies.get(CSRF_COOKIE) else ""
    if not expected or not hmac.compare_digest(sent, expected):
        raise HTTPException(
            403,
            "the form's security token is missing or out of date; reload the page and send "
            "it again / mã bảo mật của biểu mẫu không hợp lệ, hãy tải lại trang",
        )


CsrfDep = Depends(check_csrf)


class CsrfCookie:
    """Give every browser its CSRF nonce cookie on its first response (plain ASGI)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or f"{CSRF_COOKIE}=".encode() in _cookie_header(scope):
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(18)
        scope["hatang.csrf_nonce"] = nonce
        secure = "; Secure" if scope.get("scheme") == "https" else ""
        cookie = f"{CSRF_COOKIE}={nonce}; Path=/; HttpOnly; SameSite=Strict{secure}"

        async def with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"set-cookie", cookie.encode())]
            await send(message)

        await self.app(scope, receive, with_cookie)


def _cookie_header(scope: Scope) -> bytes:
    return b";".join(v for k, v in scope.get("headers", []) if k == b"cookie")


def sign_in(response: Response, request: Request, token_sha256: str) -> None:
    """Set the session cookie of the token with this hash on `response`."""
    hours = request.app.state.web.ws.settings.web.session_hours
    response.set_cookie(
        SESSION_COOKIE,
        session_value(_key(request), token_sha256, hours),
        max_age=int(hours * 3600),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
    )


def sign_out(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, httponly=True, samesite="strict")


def lookup(request: Request, token: str) -> Actor | None:
    """The actor of a valid token (a sign-in form's), else None."""
    return _lookup(request, token=token)
