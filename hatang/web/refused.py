"""A refused register write as the API answers it (the error shape of the whole API,
with the allowed next steps where a role or a state refused it), shared by the register's
routes and its evidence uploads (hatang.web.evidence)."""

from __future__ import annotations

from fastapi.responses import JSONResponse


class StepRefused(Exception):
    """A refused write, as the API answers it: status, one line, the allowed steps."""

    def __init__(self, status: int, message: str, allowed: tuple[str, ...] = ()):
        super().__init__(message)
        self.status, self.message, self.allowed = status, message, allowed

    def json(self) -> JSONResponse:
        err = {"__type": _TYPES[self.status], "status": self.status, "message": self.message}
        if self.status in (403, 409):
            err["allowed"] = list(self.allowed)
        return JSONResponse({"success": False, "error": err}, status_code=self.status)


_TYPES = {
    403: "Authorization Error",
    404: "Not Found Error",
    409: "Conflict",
    413: "Request Too Large",
    415: "Unsupported Media Type",
    422: "Validation Error",
    429: "Too Many Requests",
}
