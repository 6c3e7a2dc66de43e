"""Dashboard pages: overview, map, commune, lists, planner scenarios, data catalogue
(server-rendered)."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import quote

import pandas as pd
from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse, HTMLResponse, Response

from hatang import i18n
from hatang.planning import export
from hatang.publish import derive, geojson
from hatang.publish.registry import LICENSE
from hatang.publish.render import FORMATS, formats_of, records
from hatang.views import commune as commune_view
from hatang.views import format as fmt_
from hatang.views import overview as overview_view
from hatang.views import scenarios as vs
from hatang.views import scorecard as scorecard_view
from hatang.views.values import Value, missing
from hatang.web import scenarios as scen
from hatang.web import views
from hatang.web.render import fmt, html, lang_of, render
from hatang.web.routes.common import snap, snap_async, state
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
        figures = overview_view.key_figures(s.frames, s.table(s.dataset("sites")))
        return render(
            request,
            "overview.html",
            {
                "rows": _scorecard_rows(sc, lang) if sc is not None else [],
                "reason": reason,
                "fig": figures,
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
    return [
        {
            "no": t.no,
            "pillar": t.pillar,
            "indicator": t.indicator,
            "name": t.name(lang),
            "value": _v(t.value, lang),
            "unit": t.value.unit,
            "target": f"{t.comparator} {_v(t.target, lang)}",
            "status": _v(t.status, lang),
            "status_class": t.status_class,
            "reason": t.reason,
            "projection": _v(t.projection, lang),
            "period": t.period,
            "deadline": t.deadline,
            "spark": views.sparkline(t.trend),
            "reliable": t.reliable,
            "synthetic": t.synthetic,
        }
        for t in scorecard_view.targets(sc)
    ]


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
    unit = commune_view.find(s.frames["units"], code)
    if unit is None:
        raise HTTPException(404, f"no commune with code {code[:20]!r} / không có xã mã này")

    def build() -> str:
        return render(request, "commune.html", _commune_context(request, s, unit, lang), lang)

    return html(request, s.memo(("page", "commune", code, lang), build), lang)


def _commune_context(request: Request, s: Any, unit: pd.Series, lang: str) -> dict[str, Any]:
    code, umap = str(unit["code"]), str(unit["map"])
    with DB_LOCK:
        sc, reason = views.scorecard(state(request).ws, unit=code, map=umap)
    communes = commune_view.communes_of(s.frames["units"], umap)

    def locate(key: str, points: pd.DataFrame) -> Any:
        return s.memo(key, lambda: views.commune_of_points(points["lon"], points["lat"], communes))

    f = commune_view.facts(
        unit,
        units=s.frames["units"],
        indicator_values=s.frames["indicator_values"],
        village_services=s.table(s.dataset("village-services")),
        sites=s.table(s.dataset("sites")),
        dead_spots=s.table(s.dataset("dead-spots")),
        speeds=s.table(s.dataset("speed-aggregates")),
        locate=locate,
    )
    return {
        "unit": records(unit.to_frame().T)[0],
        "map": umap,
        "rows": _scorecard_rows(sc, lang) if sc is not None else [],
        "reason": reason,
        "indicator_values": records(f.indicator_values),
        "villages": records(f.villages),
        "village_period": f.village_period,
        "sites": records(f.sites),
        "site_period": f.site_period,
        "dead_spots": records(f.dead_spots),
        "speeds": records(f.speeds),
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
        filters["period"] = overview_view.latest(frame) or ""
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


# ---- planner scenarios ----------------------------------------------------------------


def _v(value: Value, lang: str) -> str:
    """A view's value as the pages write it."""
    return fmt_.text(value, lang, fmt_.WEB)


def _problem(sc: dict[str, Any], lang: str) -> str:
    return " · ".join(fmt_.message(m, lang) for m in vs.problem(sc))


def _scenario_url(name: str) -> str:
    return "/scenario/" + quote(name, safe="")


def _created(s: dict[str, Any]) -> str:
    v = s.get("created_at")
    return "" if missing(v) else str(v)[:16].replace("T", " ")


def _status_class(s: dict[str, Any]) -> str:
    return "met" if vs.solved(s) else "atrisk"


def _scenario_row(s: dict[str, Any], lang: str) -> dict[str, Any]:
    """One line of the scenario list, every value formatted for reading."""
    totals = vs.totals(s, 0)
    return {
        "name": s["name"],
        "url": _scenario_url(str(s["name"])),
        "problem": _problem(s, lang),
        "operator": _v(vs.operator(s.get("operator")), lang),
        **{k: _v(totals[k], lang) for k in ("cost_vnd", "people_new", "villages_new")},
        **{k: _v(totals[k], lang) for k in ("dead_spots_closed", "dead_spots")},
        "sharing_after": _v(Value(s.get("sharing_after"), "percent"), lang),
        "status": _v(vs.status(s), lang),
        "status_class": _status_class(s),
        "gap": _v(Value(s.get("gap"), "percent", digits=2), lang),
        "created": _created(s),
    }


def _compared(rows: list[vs.CompareRow], lang: str) -> list[dict[str, Any]]:
    return [
        {
            "field": r.field,
            "label": i18n.t(r.label, lang),
            "cells": [_v(v, lang) for v in r.values],
        }
        for r in rows
    ]


def _selected(request: Request, known: list[str]) -> list[str]:
    """Scenario names asked for in `compare` (repeated, or comma-separated); an unknown
    name is a 404, as its own page would be."""
    out: list[str] = []
    for value in request.query_params.getlist("compare"):
        parts = [value] if value in known else [p.strip() for p in value.split(",")]
        for p in parts:
            if not p:
                continue
            if p not in known:
                raise HTTPException(
                    404, f"no scenario named {p[:60]!r} / không có kịch bản tên này"
                )
            if p not in out:
                out.append(p)
    return out


@router.get("/scenarios", response_class=HTMLResponse)
def scenarios_page(request: Request) -> HTMLResponse:
    lang = lang_of(request)
    s = snap(request)
    frame = scen.table(s.frames)
    known = frame["name"].astype(str).tolist()
    chosen = _selected(request, known)
    capped = len(chosen) > scen.MAX_COMPARED
    chosen = chosen[: scen.MAX_COMPARED]

    def build() -> str:
        rows = records(frame)
        compared: list[dict[str, Any]] = []
        if len(chosen) >= 2:
            by_name = {str(r["name"]): r for r in rows}
            acts = [scen.stored_actions(s.frames, n) for n in chosen]
            compared = _compared(vs.comparison([by_name[n] for n in chosen], acts), lang)
        return render(
            request,
            "scenarios.html",
            {
                "rows": [_scenario_row(r, lang) for r in rows],
                "chosen": [(n, _scenario_url(n)) for n in chosen],
                "compared": compared,
                "capped": capped,
                "max_compared": scen.MAX_COMPARED,
            },
            lang,
        )

    if chosen:  # a comparison is cheap to build; only the plain list is kept
        return html(request, build(), lang)
    return html(request, s.memo(("page", "scenarios", lang), build), lang)


def _communes(s: Any) -> pd.DataFrame:
    u = s.frames["units"]
    return u[(u["level"] == "commune") & (u["map"].astype(str) == s.ctx.current_map)]


def _download_name(name: str, ext: str) -> str:
    """An ASCII file name for Content-Disposition (a scenario's name may be Vietnamese)."""
    slug = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "scenario"
    return f"scenario-{slug[:80]}.{ext}"


@router.get("/scenario/{name:path}")
def scenario_page(request: Request, name: str) -> Response:
    """A scenario's page; `?format=csv|geojson` downloads its ranked actions."""
    lang = lang_of(request)
    s = snap(request)
    sc = scen.find(s.frames, name)
    if sc is None:
        raise HTTPException(404, f"no scenario named {name[:60]!r} / không có kịch bản tên này")
    acts = s.memo(("scenario_actions", name), lambda: scen.actions(s.frames, name, _communes(s)))
    synthetic = bool(sc.get("synthetic")) or bool(s.ws.synthetic)
    kind = request.query_params.get("format")
    if kind in ("csv", "geojson"):
        body = s.memo(
            ("scenario_file", name, kind),
            lambda: (
                export.actions_csv(acts, sc)
                if kind == "csv"
                else geojson.dumps(export.actions_geojson(acts, sc, synthetic))
            ),
        )
        return Response(
            body,
            media_type="text/csv; charset=utf-8" if kind == "csv" else "application/geo+json",
            headers={"Content-Disposition": f'attachment; filename="{_download_name(name, kind)}"'},
        )

    def build() -> str:
        return render(request, "scenario.html", _scenario_context(request, s, sc, acts, lang), lang)

    return html(request, s.memo(("page", "scenario", name, lang), build), lang)


def _scenario_context(
    request: Request, s: Any, sc: dict[str, Any], acts: pd.DataFrame, lang: str
) -> dict[str, Any]:
    def t(key: str) -> str:
        return i18n.t(key, lang)

    sites = s.table(s.dataset("sites"))
    period = sc.get("coverage_period") or overview_view.latest(sites)
    sites = sites[sites["period"].astype(str) == str(period)] if len(sites) else sites
    fig = scen.figure(acts, _communes(s), sites, t, state(request).ws.settings.web.tile_url)
    payload = json.dumps(fig, ensure_ascii=False, separators=(",", ":"), default=_json_default)
    run_line, note = vs.run_message(sc), vs.solver_note(sc)
    bound = vs.bound(sc)
    unit = bound.unit if bound.unit == "VND" else t(bound.unit)
    w = vs.weighting(sc)
    url = _scenario_url(str(sc["name"]))
    return {
        "sc": sc,
        "created": _created(sc),
        "problem": _problem(sc, lang),
        "operator": _v(vs.operator(sc.get("operator")), lang),
        "totals": {k: _v(v, lang) for k, v in vs.totals(sc, len(acts)).items()},
        "indicators": [(k, _v(b, lang), _v(a, lang)) for k, b, a in vs.before_after(sc)],
        "demand": fmt_.message(vs.demand(sc), lang),
        "run_line": fmt_.message(run_line, lang) if run_line else None,
        "status": _v(vs.status(sc), lang),
        "status_class": _status_class(sc),
        "method": (sc.get("method") or "")
        + (f" · {t('weighting')}: {w.value}" if w is not None and w.weighted else ""),
        "bound": "—" if missing(bound.value) else f"{_v(bound, lang)} {unit}",
        "gap": _v(Value(sc.get("gap"), "percent", digits=2), lang),
        "solve_time": _v(Value(sc.get("solve_seconds"), "seconds"), lang),
        "candidates": fmt(sc.get("candidates")),
        "note": fmt_.message(note, lang) if note else "",
        "rows": [_action_row(a, lang) for a in records(acts)],
        "figure_json": payload.replace("</", "<\\/"),
        "csv_url": url + "?format=csv",
        "geojson_url": url + "?format=geojson",
    }


def _action_row(a: dict[str, Any], lang: str) -> dict[str, Any]:
    view = vs.action(a)
    lon, lat = view.pop("lon"), view.pop("lat")
    where = "—" if missing(lon.value) or missing(lat.value) else f"{_v(lon, lang)}, {_v(lat, lang)}"
    return {
        **{k: _v(v, lang) for k, v in view.items()},
        "rank": a.get("rank"),
        "kind": str(a.get("kind")),
        "commune_code": a.get("commune_code"),
        "commune_name": a.get("commune_name"),
        "lonlat": where,
        "makes_shared": bool(a.get("makes_shared")),
    }


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
        },
        lang,
    )
    return html(request, body, lang)
