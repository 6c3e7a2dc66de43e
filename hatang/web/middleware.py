"""ASGI middleware every response passes through: the body-size limit, security headers,
HEAD answered as GET.

Each is plain ASGI (no Starlette `BaseHTTPMiddleware`): it adds no task per request and
streams bodies through untouched.

    BodyLimit        bodies over `[web] max_upload_mb` → 413 JSON, declared length or not
    SecurityHeaders  Content-Security-Policy (only this origin), nosniff, Referrer-Policy,
                     frame-ancestors / X-Frame-Options on every response
    HeadAsGet        HEAD runs the GET route and sends its headers without the body
"""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Only this origin: scripts, styles, images, fonts, fetches. Inline `style`
#: attributes are allowed (plotly.js and MapLibre position every element with them);
#: inline scripts are not. MapLibre runs its worker from a blob: URL and draws
#: images and icons from blob:/data: URLs it makes itself.
CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "child-src 'self' blob:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


class SecurityHeaders:
    """Add `SECURITY_HEADERS` to every HTTP response (a route's own value wins)."""

    def __init__(self, app: ASGIApp, tile_origin: str = ""):
        self.app = app
        headers = list(SECURITY_HEADERS)
        if tile_origin:  # a configured tile server is the one other origin images come from
            csp = CONTENT_SECURITY_POLICY.replace(
                "img-src 'self'", f"img-src 'self' {tile_origin}"
            ).replace("connect-src 'self'", f"connect-src 'self' {tile_origin}")
            headers[0] = (b"content-security-policy", csp.encode())
        self.headers = tuple(headers)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in self.headers if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class HeadAsGet:
    """Answer HEAD exactly as GET (status and headers, Content-Length included), no body."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return  # drop the streamed parts; the last one ends the response
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


class BodyLimit:
    """Refuse request bodies over `limit` bytes with 413 JSON, whether or not they declare
    a length. A chunked body is counted as it arrives; once past the limit, whatever the
    route would have answered (a form parser's 400, say) is replaced by the 413."""

    def __init__(self, app: ASGIApp, limit: int):
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self._declared_too_big(scope):
            await self._refuse(send)
            return
        seen = 0
        exceeded = False
        refused = False

        async def limited_receive() -> Message:
            nonlocal seen, exceeded
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    exceeded = True
                    raise _TooLarge()
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal refused
            if exceeded:
                if not refused and message["type"] == "http.response.start":
                    refused = True
                    await self._refuse(send)
                return
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except _TooLarge:
            pass
        if exceeded and not refused:
            await self._refuse(send)

    def _declared_too_big(self, scope: Scope) -> bool:
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    return int(value) > self.limit
                except ValueError:
                    return True
        return False

    async def _refuse(self, send: Send) -> None:
        mb = self.limit / (1 << 20)
        message = f"request body larger than the limit of {mb:g} MB (settings: [web] max_upload_mb)"
        error = {"__type": "Request Too Large", "status": 413, "message": message}
        body = json.dumps({"success": False, "error": error}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class _TooLarge(Exception):
    pass
