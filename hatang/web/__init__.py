"""The web dashboard and open-data portal: `create_app(ws)` (see hatang.web.app)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

    from hatang.store import Workspace


def create_app(ws: Workspace, *, refresh_on_start: bool = True) -> FastAPI:
    from hatang.web.app import create_app as _create

    return _create(ws, refresh_on_start=refresh_on_start)


__all__ = ["create_app"]
