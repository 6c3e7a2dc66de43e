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

from hatang.publish import derive
from hatang.publish.registry import LICENSE
from hatang.publish.render import FORMATS, formats_of, records
from hatang.web import i18n, views
from hatang.web import scenarios as scen
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


# ---- planner scenarios ----------------------------------------------------------------


def _people(v: Any) -> str:
    """People (or VND): whole numbers, as `hatang scenarios show` prints them."""
    return "—" if scen.missing(v) else fmt(round(float(v)))


def _pct(share: Any, digits: int = 1) -> str:
    """A share in [0, 1] as a percentage ('42.9 %', as the overview writes shares)."""
    if scen.missing(share):
        return "—"
    return f"{fmt(round(100 * float(share), digits), digits)} %"


def _ratio(n: Any, total: Any) -> str:
    """'n / total (p %)'."""
    if scen.missing(n):
        return "—"
    share = float(n) / float(total) if not scen.missing(total) and float(total) else None
    return f"{fmt(n)} / {fmt(total)}" + (f" ({_pct(share)})" if share is not None else "")


def _of_population(v: Any, population: Any) -> str:
    """'people (p %)' of the population modelled."""
    if scen.missing(v) or scen.missing(population) or not float(population):
        return _people(v)
    return f"{_people(v)} ({_pct(float(v) / float(population))})"


def _problem(s: dict[str, Any], lang: str) -> str:
    """What the scenario asked: full / partial cover or a budget, and a sharing target."""
    if s.get("problem") == "max-cover":
        b = s.get("budget_vnd")
        label = (
            i18n.t("problem_max_cover", lang)
            if scen.missing(b)
            else i18n.t("problem_budget", lang).replace("{budget}", _people(b))
        )
    else:
        c = s.get("cover_share")
        label = (
            i18n.t("problem_cover_all", lang)
            if scen.missing(c) or float(c) >= 1 - 1e-9
            else i18n.t("problem_cover_share", lang).replace("{share}", _pct(c))
        )
    if not scen.missing(s.get("sharing_target")):
        label += " · " + i18n.t("problem_sharing", lang).replace(
            "{share}", _pct(s["sharing_target"])
        )
    return label


def _operator(op: Any, lang: str) -> str:
    from hatang.model.operators import OPERATORS

    if scen.missing(op) or str(op) == "any":
        return i18n.t("operator_any", lang)
    return OPERATORS.get(str(op), (str(op),))[0]


def _status(status: Any, lang: str) -> str:
    key = "scen_status_" + str(status).replace("-", "_")
    return i18n.t(key, lang) if key in i18n.TEXT else str(status)


def _solver_note(s: dict[str, Any], lang: str) -> str:
    """One plain sentence on what the status, bound and gap mean for this plan."""
    side = "min" if s.get("problem") == "min-cost" else "max"
    key = {
        "optimal": f"note_optimal_{side}",
        "time_limit": f"note_time_limit_{side}",
        "greedy": f"note_greedy_{side}",
        "infeasible": "note_infeasible",
        "no-plan-found": "note_no_plan_found",
    }.get(str(s.get("status")))
    if key is None:
        return ""
    return (
        i18n.t(key, lang)
        .replace("{bound}", _people(s.get("bound")))
        .replace("{gap}", _pct(s.get("gap"), 2))
    )


def _scenario_url(name: str) -> str:
    return "/scenario/" + quote(name, safe="")


def _villages_new(s: dict[str, Any]) -> int | None:
    a, b = s.get("villages_covered_after"), s.get("villages_covered_before")
    return None if scen.missing(a) or scen.missing(b) else int(a) - int(b)


def _created(s: dict[str, Any]) -> str:
    v = s.get("created_at")
    return "" if scen.missing(v) else str(v)[:16].replace("T", " ")


def _scenario_row(s: dict[str, Any], lang: str) -> dict[str, Any]:
    """One line of the scenario list, every value formatted for reading."""
    return {
        "name": s["name"],
        "url": _scenario_url(str(s["name"])),
        "problem": _problem(s, lang),
        "operator": _operator(s.get("operator"), lang),
        "cost_vnd": _people(s.get("cost_vnd")),
        "people_new": _people(s.get("people_new")),
        "villages_new": fmt(_villages_new(s)),
        "dead_spots_closed": fmt(s.get("dead_spots_closed")),
        "dead_spots": fmt(s.get("dead_spots")),
        "sharing_after": _pct(s.get("sharing_after")),
        "status": _status(s.get("status"), lang),
        "status_class": "met" if s.get("status") == "optimal" else "atrisk",
        "gap": _pct(s.get("gap"), 2),
        "created": _created(s),
    }


def _compare_cell(field: str, v: Any, s: dict[str, Any], lang: str) -> str:
    """A value of the comparison as the list writes it (shares as %, VND and people whole)."""
    if field == "problem":
        return _problem(s, lang)
    if field == "status":
        return _status(v, lang)
    if v is None:
        return "—"
    if field == "gap" or field.startswith("sharing"):
        return _pct(v, 2 if field == "gap" else 1)
    if field == "villages_covered_after":
        return _ratio(v, s.get("villages"))
    if field == "population_covered_after":
        return _of_population(v, s.get("population"))
    if isinstance(v, int | float) and not isinstance(v, bool):
        return _people(v)
    return str(v)


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
            for field, values in scen.comparison(s.frames, chosen):
                key = "cmp_" + field.replace(" ", "_")
                compared.append(
                    {
                        "field": field,
                        "label": i18n.t(key, lang) if key in i18n.TEXT else field,
                        "cells": [
                            _compare_cell(field, v, by_name[n], lang)
                            for n, v in zip(chosen, values, strict=True)
                        ],
                    }
                )
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
                scen.actions_csv(acts, sc)
                if kind == "csv"
                else scen.actions_geojson(acts, sc, synthetic)
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
    period = sc.get("coverage_period") or views.latest(sites)
    sites = sites[sites["period"].astype(str) == str(period)] if len(sites) else sites
    fig = scen.figure(acts, _communes(s), sites, t, state(request).ws.settings.web.tile_url)
    payload = json.dumps(fig, ensure_ascii=False, separators=(",", ":"), default=_json_default)
    left = (
        None
        if scen.missing(sc.get("dead_spots"))
        else int(sc["dead_spots"]) - int(sc.get("dead_spots_closed") or 0)
    )
    indicators = [
        (
            "villages_covered",
            _ratio(sc.get("villages_covered_before"), sc.get("villages")),
            _ratio(sc.get("villages_covered_after"), sc.get("villages")),
        ),
        (
            "population_covered",
            _of_population(sc.get("population_covered_before"), sc.get("population")),
            _of_population(sc.get("population_covered_after"), sc.get("population")),
        ),
        ("sharing_ratio", _pct(sc.get("sharing_before")), _pct(sc.get("sharing_after"))),
        ("dead_spots_modelled", fmt(sc.get("dead_spots")), fmt(left)),
    ]
    run_line = None
    if "coverage_run" in sc:  # stores that record the coverage run planned against
        res = sc.get("resolution_m")
        run_line = t("coverage_run_line" if sc.get("coverage_run") else "coverage_run_none")
        for k, v in (
            ("{run}", str(sc.get("coverage_run") or "")),
            ("{period}", str(sc.get("coverage_period") or "—")),
            ("{res}", "—" if scen.missing(res) else f"{float(res):g}"),
        ):
            run_line = run_line.replace(k, v)
    rows = []
    for a in records(acts):
        kind = str(a.get("kind"))
        key = "kind_" + kind.replace("-", "_")
        lon, lat = a.get("lon"), a.get("lat")
        rows.append(
            {
                "rank": a.get("rank"),
                "kind": kind,
                "what": t(key) if key in i18n.TEXT else kind,
                "commune_code": a.get("commune_code"),
                "commune_name": a.get("commune_name"),
                "lonlat": f"{lon:.5f}, {lat:.5f}" if lon is not None and lat is not None else "—",
                "host": a.get("host_site_id") or a.get("structure_id") or "",
                "makes_shared": bool(a.get("makes_shared")),
                "operator": _operator(a.get("operator"), lang),
                "height": fmt(a.get("height_m")),
                "cost_vnd": _people(a.get("cost_vnd")),
                "people_new": _people(a.get("people_new")),
                "villages_new": fmt(a.get("villages_new")),
                "dead_spots_closed": fmt(a.get("dead_spots_closed")),
            }
        )
    bound = sc.get("bound")
    weighting = str(sc.get("weighting") or "")
    weighted = not scen.missing(sc.get("weighting")) and weighting not in ("", "none")
    unit = (
        " VND"
        if sc.get("problem") == "min-cost"
        else " " + t("weighted_people_unit" if weighted else "people_unit")
    )
    secs = sc.get("solve_seconds")
    url = _scenario_url(str(sc["name"]))
    return {
        "sc": sc,
        "created": _created(sc),
        "problem": _problem(sc, lang),
        "operator": _operator(sc.get("operator"), lang),
        "totals": {
            "cost_vnd": _people(sc.get("cost_vnd")),
            "people_new": _people(sc.get("people_new")),
            "villages_new": fmt(_villages_new(sc)),
            "dead_spots_closed": fmt(sc.get("dead_spots_closed")),
            "dead_spots": fmt(sc.get("dead_spots")),
            "actions": fmt(len(acts)),
        },
        "indicators": indicators,
        "demand": t("demand_line")
        .replace("{people}", _people(sc.get("demand_people")))
        .replace("{spots}", fmt(sc.get("dead_spots")))
        .replace("{lost}", _people(sc.get("uncoverable_people"))),
        "run_line": run_line,
        "status": _status(sc.get("status"), lang),
        "status_class": "met" if sc.get("status") == "optimal" else "atrisk",
        "method": (sc.get("method") or "")
        + (f" · {t('weighting')}: {weighting}" if weighted else ""),
        "bound": "—" if scen.missing(bound) else _people(bound) + unit,
        "gap": _pct(sc.get("gap"), 2),
        "solve_time": "—" if scen.missing(secs) else f"{fmt(round(float(secs), 1))} s",
        "candidates": fmt(sc.get("candidates")),
        "note": _solver_note(sc, lang),
        "rows": rows,
        "figure_json": payload.replace("</", "<\\/"),
        "csv_url": url + "?format=csv",
        "geojson_url": url + "?format=geojson",
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
            "fmt": fmt,
        },
        lang,
    )
    return html(request, body, lang)
