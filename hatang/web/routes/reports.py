"""The quarterly reports (/reports): the periods a report can be written for, and each
period's report and leader's brief as DOCX and PDF (/reports/{file name}).

The files are `hatang report`'s (`report.build.render_files`, the same content model
and renderers), written on demand when first asked for and kept for the workspace's
state (the snapshot) and the day — the report names the day it was written and counts
open and overdue cases as of it — so a second download is the same bytes, and a new
import or computation writes them afresh.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from hatang.errors import NotFound
from hatang.indicators import get_plan
from hatang.report.build import MEDIA_TYPES, file_stem, parse_name, render_files
from hatang.report.build import Request as ReportRequest
from hatang.report.build import periods as report_periods
from hatang.report.data import Options
from hatang.report.write import Writer
from hatang.web.render import Lang, html, render
from hatang.web.routes.common import snap
from hatang.web.state import DB_LOCK

router = APIRouter()

PLAN = "kh-137-2024"
MapQuery = Annotated[
    str,
    Query(pattern="^(2024|2025)$", description="the administrative map: 2025 (default) or 2024"),
]


def _plan(s: Any, plan_id: str) -> Any:
    try:
        return get_plan(plan_id, s.ws.root)
    except NotFound as e:
        raise HTTPException(404, str(e)) from e


def _periods(s: Any, plan_id: str) -> list[str]:
    plan = _plan(s, plan_id)
    return list(
        s.memo(
            ("report_periods", plan_id), lambda: report_periods(s.frames["indicator_values"], plan)
        )
    )


def _links(plan_id: str, period: str, lang: str, map_: str) -> dict[str, str]:
    query = "" if map_ == "2025" else f"?map={map_}"
    return {
        f"{kind}_{fmt}": f"/reports/{file_stem(plan_id, period, lang, kind == 'brief')}.{fmt}{query}"
        for kind in ("report", "brief")
        for fmt in ("docx", "pdf")
    }


@router.get("/reports", response_class=HTMLResponse)
def reports_page(request: Request, lang: Lang, map: MapQuery = "2025") -> HTMLResponse:
    """The periods, newest first, each with its report and brief in both formats."""
    s = snap(request)
    listed = _periods(s, PLAN)
    w = Writer(lang)

    def build() -> str:
        rows = [{"period": p, "name": w.quarter(p), **_links(PLAN, p, lang, map)} for p in listed]
        plan = _plan(s, PLAN)
        return render(request, "reports.html", {"rows": rows, "plan": plan, "map": map}, lang)

    return html(request, s.memo(("page", "reports", lang, map), build), lang)


@router.get("/reports/{name}")
def report_file(request: Request, name: str, map: MapQuery = "2025") -> Response:
    """A report or brief, as `hatang report [--brief] --period P [--lang en] --format F`
    writes it; written on first request, then kept for the workspace's state."""
    parsed = parse_name(name)
    if parsed is None:
        raise HTTPException(404, f"no report file named {name[:80]!r} / không có tệp báo cáo này")
    fmt, req = parsed
    s = snap(request)
    if req.options.period not in _periods(s, req.options.plan_id):
        raise HTTPException(
            404, f"no values for {req.options.period} to report on / chưa có số liệu kỳ này"
        )
    today = dt.date.today()
    opts = Options(
        period=req.options.period,
        map=map,
        lang=req.options.lang,
        plan_id=req.options.plan_id,
        today=today,
    )
    req = ReportRequest(opts, req.formats, req.brief)

    def build() -> bytes:
        return render_files(s.ws, req, refresh=False, lock=DB_LOCK)[1][fmt]

    body = s.memo(("report_file", name, map, today.isoformat()), build)
    return Response(
        body,
        media_type=MEDIA_TYPES[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
