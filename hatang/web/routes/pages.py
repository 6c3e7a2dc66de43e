"""Dashboard pages: overview, map, commune, lists, data catalogue (server-rendered)."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, Response

from hatang.publish import derive
from hatang.publish.registry import LICENSE
from hatang.publish.render import FORMATS, formats_of, records
from hatang.web import i18n, views
from hatang.web.routes.common import fmt, html, lang_of, render, snap, snap_async, state
from hatang.web.state import DB_LOCK

router = APIRouter()

PAGE_SIZE = 200


@router.get("/", response_class=HTMLResponse)
async def overview(request: Request) -> HTMLResponse:
    lang = lang_of(request)
    s = await snap_async(request)
    body = s.cached(("page", "overview", lang))
    if body is None:  # build off the event loop; later visitors get the cached page
        body = await run_in_threadpool(_overview_page, request, s, lang)
    return html(request, body, lang)


def _overview_page(request: Request, s: Any, lang: str) -> str:
    def build() -> str:
        sc, reason = overview_scorecard(s)
        figures = views.key_figures(s.frames, s.table(s.dataset("sites")))
        return render(
            request,
            "overview.html",
            {
                "rows": _scorecard_rows(sc, lang) if sc is not None else [],
                "reason": reason,
                "fig": figures,
                "fmt": fmt,
            },
            lang,
        )

    return s.memo(("page", "overview", lang), build)


def overview_scorecard(s: Any) -> tuple[pd.DataFrame | None, str]:
    def build() -> tuple[pd.DataFrame | None, str]:
        with DB_LOCK:
            return views.scorecard(s.ws, province=_province(s))

    return s.memo("scorecard", build)


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


def _scorecard_rows(sc: pd.DataFrame, lang: str) -> list[dict[str, Any]]:
    rows = []
    for r in sc.to_dict("records"):
        status = str(r.get("status") or "no data")
        rows.append(
            {
                "no": r.get("target_no"),
                "pillar": r.get("pillar"),
                "indicator": r.get("indicator"),
                "name": r.get("name_en") if lang == "en" else r.get("name_vi"),
                "value": fmt(r.get("value")),
                "unit": r.get("unit") or "",
                "target": f"{r.get('comparator') or ''} {fmt(r.get('target'))}",
                "status": i18n.t(f"status_{status}", lang),
                "status_class": views.STATUS_CLASS.get(status, "nodata"),
                "reason": r.get("status_reason") or "",
                "projection": fmt(r.get("projection")),
                "period": r.get("period") or "",
                "deadline": r.get("deadline") or "",
                "spark": views.sparkline(r.get("trend")),
                "reliable": r.get("reliable"),
                "synthetic": bool(r.get("synthetic")),
            }
        )
    return rows


@router.get("/map", response_class=HTMLResponse)
def map_page(request: Request, indicator: str = Query("", max_length=100)) -> HTMLResponse:
    lang = lang_of(request)
    s = snap(request)
    ws = state(request).ws

    def build() -> str:
        fig = views.map_figure(
            s,
            indicator or None,
            lambda k: i18n.t(k, lang),
            ws.settings.web.tile_url,
            views.indicator_names(lang),
        )
        payload = json.dumps(
            {"data": fig["data"], "layout": fig["layout"]},
            ensure_ascii=False,
            separators=(",", ":"),
            default=_json_default,
        ).replace("</", "<\\/")
        return render(
            request,
            "map.html",
            {
                "figure_json": payload,
                "choices": fig["choices"],
                "names": views.indicator_names(lang),
                "indicator": fig["indicator"],
                "coverage": fig["coverage"],
                "modelled": fig["modelled"],
            },
            lang,
        )

    return html(request, s.memo(("page", "map", indicator, lang), build), lang)


def _json_default(v: Any) -> Any:
    if hasattr(v, "item"):
        return v.item()
    if v is pd.NA:
        return None
    return str(v)


@router.get("/coverage.png", include_in_schema=False)
def coverage_png(request: Request) -> Response:
    found = snap(request).coverage_image()
    if found is None:
        raise HTTPException(404, "coverage not computed yet / chưa tính vùng phủ (hatang coverage)")
    return FileResponse(found[0], media_type="image/png")


@router.get("/commune/{code}", response_class=HTMLResponse)
def commune(request: Request, code: str) -> HTMLResponse:
    lang = lang_of(request)
    s = snap(request)
    units = s.frames["units"]
    match = units[(units["code"].astype(str) == code) & (units["level"] == "commune")]
    if match.empty:
        raise HTTPException(404, f"no commune with code {code[:20]!r} / không có xã mã này")
    unit = match.sort_values("map").iloc[-1]

    def build() -> str:
        return render(request, "commune.html", _commune_context(request, s, unit, lang), lang)

    return html(request, s.memo(("page", "commune", code, lang), build), lang)


def _commune_context(request: Request, s: Any, unit: pd.Series, lang: str) -> dict[str, Any]:
    code, umap = str(unit["code"]), str(unit["map"])
    with DB_LOCK:
        sc, reason = views.scorecard(state(request).ws, unit=code, map=umap)
    iv = s.frames["indicator_values"]
    iv = iv[(iv["unit_code"].astype(str) == code) & (iv["map"].astype(str) == umap)]
    latest_iv = (
        iv.sort_values("period").groupby("indicator").tail(1).sort_values("indicator")
        if len(iv)
        else iv
    )
    units = s.frames["units"]
    communes = units[(units["level"] == "commune") & (units["map"].astype(str) == umap)]
    vs = s.table(s.dataset("village-services"))
    pv = views.latest(vs)
    villages_all = units[(units["level"] == "village") & (units["parent_code"].astype(str) == code)]
    villages = (
        vs[(vs["period"] == pv) & vs["village_code"].isin(villages_all["code"])]
        if pv
        else vs.iloc[0:0]
    )
    sites = s.table(s.dataset("sites"))
    ps = views.latest(sites)
    sites = sites[sites["period"] == ps] if ps else sites.iloc[0:0]
    if len(sites):
        owner = s.memo(
            ("site_commune", umap, ps),
            lambda: views.commune_of_points(sites["lon"], sites["lat"], communes),
        )
        sites = sites[owner == code]
    dead = s.table(s.dataset("dead-spots"))
    if len(dead):
        where = s.memo(
            ("dead_commune", umap),
            lambda: views.commune_of_points(dead["lon"], dead["lat"], communes),
        )
        dead = dead[where == code]
    speeds = s.table(s.dataset("speed-aggregates"))
    speeds = speeds[speeds["commune_code"].astype(str) == code]
    return {
        "unit": records(unit.to_frame().T)[0],
        "map": umap,
        "fmt": fmt,
        "rows": _scorecard_rows(sc, lang) if sc is not None else [],
        "reason": reason,
        "indicator_values": records(latest_iv),
        "villages": records(villages),
        "village_period": pv,
        "sites": records(sites),
        "site_period": ps,
        "dead_spots": records(dead),
        "speeds": records(speeds),
    }


# ---- lists ----------------------------------------------------------------------------

LISTS: dict[str, dict[str, Any]] = {
    "dead-spots": {
        "dataset": "dead-spots",
        "title": "dead_spots_title",
        "columns": [
            ("dead_spot_id", "code"),
            ("commune_name", "commune"),
            ("village_name", "village"),
            ("village_population", "population"),
            ("operator", "operator"),
            ("reported_on", "reported_on"),
            ("resolved_on", "resolved_on"),
            ("status", "status"),
        ],
        "filters": ("status", "operator", "commune_name"),
        "sort": "village_population",
        "desc": True,
    },
    "speeds": {
        "dataset": "speed-aggregates",
        "title": "speeds_title",
        "columns": [
            ("period", "period"),
            ("commune_name", "commune"),
            ("operator", "operator"),
            ("kind", "kind"),
            ("tests", "tests"),
            ("download_median_mbps", "speed_down"),
            ("upload_median_mbps", "speed_up"),
            ("latency_median_ms", "latency"),
        ],
        "filters": ("period", "operator", "kind"),
        "sort": "download_median_mbps",
        "desc": False,
    },
    "services": {
        "dataset": "public-services",
        "title": "services_title",
        "columns": [
            ("period", "period"),
            ("code", "code"),
            ("name", "name"),
            ("agency", "agency"),
            ("level", "level"),
            ("on_national_portal", "national_portal"),
        ],
        "filters": ("period", "level", "agency"),
        "sort": "code",
        "desc": False,
    },
}


def _list_page(request: Request, which: str) -> Response:
    spec = LISTS[which]
    lang = lang_of(request)
    s = snap(request)
    ds = s.dataset(spec["dataset"])
    if ds is None:
        raise HTTPException(404, "dataset not published")
    frame = s.table(ds)
    params = request.query_params
    filters = {f: params.get(f, "")[:200] for f in spec["filters"]}
    if which in ("speeds", "services") and not params.get("period") and "period" in frame:
        filters["period"] = views.latest(frame) or ""
    sort = params.get("sort", spec["sort"])
    desc = params.get("order", "desc" if spec["desc"] else "asc") == "desc"
    out = views.filter_sort(frame, q=params.get("q", ""), filters=filters, sort=sort, desc=desc)
    if params.get("format") == "csv":
        from hatang.publish.render import to_csv

        return Response(
            to_csv(out, ds),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{which}.csv"'},
        )
    try:
        page = max(1, int(params.get("page", "1")))
    except ValueError:
        page = 1
    options = {f: sorted(frame[f].dropna().astype(str).unique().tolist()) for f in spec["filters"]}
    rows = records(out.iloc[(page - 1) * PAGE_SIZE : page * PAGE_SIZE])
    body = render(
        request,
        "list.html",
        {
            "which": which,
            "title": spec["title"],
            "columns": spec["columns"],
            "rows": rows,
            "total": len(out),
            "filters": filters,
            "options": options,
            "sort": sort,
            "desc": desc,
            "q": params.get("q", ""),
            "page": page,
            "pages": max(1, -(-len(out) // PAGE_SIZE)),
            "fmt": fmt,
            "dataset": ds.name,
            "min_tests": derive.MIN_GROUP_TESTS,
        },
        lang,
    )
    return html(request, body, lang)


@router.get("/dead-spots")
def dead_spots(request: Request) -> Response:
    return _list_page(request, "dead-spots")


@router.get("/speeds")
def speeds(request: Request) -> Response:
    return _list_page(request, "speeds")


@router.get("/services")
def services(request: Request) -> Response:
    return _list_page(request, "services")


# ---- catalogue ------------------------------------------------------------------------


@router.get("/data", response_class=HTMLResponse)
def catalogue(request: Request) -> HTMLResponse:
    lang = lang_of(request)
    s = snap(request)

    def build() -> str:
        items = [
            {
                "ds": ds,
                "rows": len(s.table(ds)),
                "formats": [
                    (FORMATS[f][2], f"/dataset/{ds.name}/{ds.name}.{FORMATS[f][0]}")
                    for f in formats_of(ds)
                ],
            }
            for ds in s.datasets()
        ]
        return render(request, "catalogue.html", {"items": items, "licence": LICENSE}, lang)

    return html(request, s.memo(("page", "data", lang), build), lang)


@router.get("/dataset/{name}", response_class=HTMLResponse)
def dataset_page(request: Request, name: str) -> HTMLResponse:
    lang = lang_of(request)
    s = snap(request)
    ds = s.dataset(name)
    if ds is None:
        raise HTTPException(404, f"no published dataset named {name[:60]!r}")
    frame = s.table(ds)
    body = render(
        request,
        "dataset.html",
        {
            "ds": ds,
            "rows": len(frame),
            "licence": LICENSE,
            "preview": records(frame.head(20)),
            "formats": [
                (FORMATS[f][2], f"/dataset/{ds.name}/{ds.name}.{FORMATS[f][0]}")
                for f in formats_of(ds)
            ],
            "fmt": fmt,
        },
        lang,
    )
    return html(request, body, lang)
