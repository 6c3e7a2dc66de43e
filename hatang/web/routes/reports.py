"""The quarterly reports (/reports): the periods a report can be written for, and each
period's report and leader's brief as DOCX and PDF (/reports/{file name}).

The files are `hatang report`'s (`report.build.render_files`, the same content model
and renderers), written on demand when first asked for and kept for the workspace's
state (the snapshot) and the day — the report names the day it was written and counts
open and overdue cases as of it — so a second download is the same bytes, and a new
import or computation writes them afresh. `?province=CODE` (a national workspace): the
province's plan and its report, named as `hatang report --province CODE` names it
(bao-cao-<plan>-p<CODE>-<period>…).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from hatang.errors import NotFound
from hatang.indicators import get_plan
from hatang.indicators.scorecards import choose_plan
from hatang.report.build import MEDIA_TYPES, file_stem, parse_name, render_files
from hatang.report.build import Request as ReportRequest
from hatang.report.build import periods as report_periods
from hatang.report.data import Options
from hatang.report.write import Writer
from hatang.web.render import Lang, html, render
from hatang.web.routes.common import ProvinceQuery, snap
from hatang.web.state import DB_LOCK

router = APIRouter()

PLAN = "kh-137-2024"
MapQuery = Annotated[
    str,
    Query(pattern="^(2024|2025)$", description="the administrative map: 2025 (default) or 2024"),
]


def _plan(s: Any, plan_id: str | None) -> Any:
    """The plan reported on: `plan_id`, or the province's (a narrowed snapshot)."""
    province = s.province.code if s.province is not None else None
    try:
        if province is None:
            return get_plan(plan_id or PLAN, s.ws.root)
        with DB_LOCK:
            return s.memo(("report_plan", plan_id), lambda: choose_plan(s.ws, plan_id, province))
    except NotFound as e:
        raise HTTPException(404, str(e)) from e


def _periods(s: Any, plan_id: str | None) -> list[str]:
    plan = _plan(s, plan_id)
    values = s.frames["indicator_values"]
    return list(s.memo(("report_periods", plan.id), lambda: report_periods(values, plan)))


def _stem_plan(plan_id: str, province: str | None) -> str:
    """The plan's part of a file name: `hatang report --province`'s `<plan>-p<CODE>`."""
    return plan_id + (f"-p{province}" if province else "")


def _links(plan: str, period: str, lang: str, map_: str, province: str | None) -> dict[str, str]:
    params = [f"map={map_}"] if map_ != "2025" else []
    params += [f"province={province}"] if province else []
    query = "?" + "&".join(params) if params else ""
    stem = _stem_plan(plan, province)
    return {
        f"{kind}_{fmt}": f"/reports/{file_stem(stem, period, lang, kind == 'brief')}.{fmt}{query}"
        for kind in ("report", "brief")
        for fmt in ("docx", "pdf")
    }


@router.get("/reports", response_class=HTMLResponse)
def reports_page(
    request: Request, lang: Lang, map: MapQuery = "2025", province: ProvinceQuery = None
) -> HTMLResponse:
    """The periods, newest first, each with its report and brief in both formats."""
    s = snap(request, province)
    plan = _plan(s, None)
    listed = _periods(s, None)
    w = Writer(lang)

    def build() -> str:
        rows = [
            {"period": p, "name": w.quarter(p), **_links(plan.id, p, lang, map, province)}
            for p in listed
        ]
        return render(request, "reports.html", {"rows": rows, "plan": plan, "map": map}, lang)

    return html(request, s.memo(("page", "reports", lang, map), build), lang)


@router.get("/reports/{name}")
def report_file(
    request: Request, name: str, map: MapQuery = "2025", province: ProvinceQuery = None
) -> Response:
    """A report or brief, as `hatang report [--brief] --period P [--lang en] --format F
    [--province CODE]` writes it; written on first request, then kept for the
    workspace's state."""
    parsed = parse_name(name)
    suffix = f"-p{province}" if province else ""
    if parsed is None or not parsed[1].options.plan_id.endswith(suffix):
        shown = repr(name[:80])
        raise HTTPException(404, f"no report file named {shown} / không có tệp báo cáo tên {shown}")
    fmt, req = parsed
    plan_id = req.options.plan_id.removesuffix(suffix) if suffix else req.options.plan_id
    s = snap(request, province)
    if req.options.period not in _periods(s, plan_id):
        raise HTTPException(
            404, f"no values for {req.options.period} to report on / chưa có số liệu kỳ này"
        )
    today = dt.date.today()
    opts = Options(
        period=req.options.period,
        map=map,
        lang=req.options.lang,
        plan_id=plan_id,
        today=today,
        province=province,
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
