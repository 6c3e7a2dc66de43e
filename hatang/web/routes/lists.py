"""The lists (/dead-spots, /speeds, /services): a published dataset filtered, searched,
sorted and paged, or downloaded as CSV or XLSX (`?format=csv|xlsx`) — exactly the rows
shown, written as the portal writes the dataset. Every filter is a declared query
parameter (it appears in /api/openapi.json)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import Response

from hatang.publish import derive
from hatang.publish.render import FORMATS, records, to_csv, to_xlsx
from hatang.views.overview import latest
from hatang.web import views
from hatang.web.render import Lang, html, render
from hatang.web.routes.common import ProvinceQuery, build_page, snap_async

router = APIRouter()

PAGE_SIZE = 200

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


@dataclass(frozen=True)
class ListQuery:
    q: str
    sort: str | None
    order: str | None
    page: int
    format: str | None
    province: str | None = None


async def list_query(
    q: Annotated[str, Query(max_length=200, description="text to find in any column")] = "",
    sort: Annotated[str | None, Query(max_length=100, description="column to sort by")] = None,
    order: Annotated[str | None, Query(pattern="^(asc|desc)$", description="asc or desc")] = None,
    page: Annotated[int, Query(ge=1, le=100_000, description=f"page of {PAGE_SIZE} rows")] = 1,
    format: Annotated[
        str | None,
        Query(pattern="^(csv|xlsx)$", description="csv or xlsx: download the rows shown"),
    ] = None,
    province: ProvinceQuery = None,
) -> ListQuery:
    return ListQuery(q, sort, order, page, format, province)


Listing = Annotated[ListQuery, Depends(list_query)]


def _filter(what: str) -> Any:
    return Query(max_length=200, description=f"only rows whose {what} is this value")


async def _list_page(
    request: Request, lang: str, which: str, query: ListQuery, filters: dict[str, str]
) -> Response:
    """The page from the snapshot's recent pages, else built off the event loop (a
    200-row page costs ~10 ms of Python; run on the loop it would stall every other
    request) and kept; downloads are built every time and not kept."""
    s = await snap_async(request, query.province)
    if query.format:
        return await build_page(request, _build, request, s, lang, which, query, filters)
    key = ("list", which, lang, query, tuple(sorted(filters.items())))
    body = s.recent(key)
    if body is None:
        page = await build_page(request, _build, request, s, lang, which, query, filters)
        body = s.keep(key, page)
    return html(request, body, lang)


def _build(
    request: Request, s: Any, lang: str, which: str, query: ListQuery, filters: dict[str, str]
) -> Any:
    """The page's HTML (or, with `?format=`, the download of the rows it shows)."""
    spec = LISTS[which]
    ds = s.dataset(spec["dataset"])
    if ds is None:
        raise HTTPException(404, "dataset not published")
    frame = s.table(ds)
    if which in ("speeds", "services") and not filters.get("period") and "period" in frame:
        filters["period"] = latest(frame) or ""
    sort = query.sort or spec["sort"]
    desc = (query.order or ("desc" if spec["desc"] else "asc")) == "desc"
    text = s.memo(("search-text", ds.name), lambda: views.search_text(frame))
    out = views.filter_sort(frame, q=query.q, filters=filters, sort=sort, desc=desc, text=text)
    if query.format:
        return _download(out, ds, which, query.format, s.ws.synthetic)
    options = {f: sorted(frame[f].dropna().astype(str).unique().tolist()) for f in spec["filters"]}
    page = query.page
    ctx = {
        "which": which,
        "title": spec["title"],
        "columns": spec["columns"],
        "rows": records(out.iloc[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]),
        "total": len(out),
        "filters": filters,
        "filter_query": "".join("&" + urlencode({f: v}) for f, v in filters.items()),
        "options": options,
        "sort": sort,
        "desc": desc,
        "q": query.q,
        "page": page,
        "pages": max(1, -(-len(out) // PAGE_SIZE)),
        "dataset": ds.name,
        "min_tests": derive.MIN_GROUP_TESTS,
    }
    return render(request, "list.html", ctx, lang)


def _download(rows: Any, ds: Any, which: str, fmt: str, synthetic: bool) -> Response:
    body = to_csv(rows, ds) if fmt == "csv" else to_xlsx(rows, ds, synthetic=synthetic)
    media = "text/csv; charset=utf-8" if fmt == "csv" else FORMATS["xlsx"][1]
    disposition = f'attachment; filename="{which}.{fmt}"'
    return Response(body, media_type=media, headers={"Content-Disposition": disposition})


@router.get("/dead-spots")
async def dead_spots(
    request: Request,
    lang: Lang,
    query: Listing,
    status: Annotated[str, _filter("status (open, resolved)")] = "",
    operator: Annotated[str, _filter("operator")] = "",
    commune_name: Annotated[str, _filter("commune")] = "",
) -> Response:
    filters = {"status": status, "operator": operator, "commune_name": commune_name}
    return await _list_page(request, lang, "dead-spots", query, filters)


@router.get("/speeds")
async def speeds(
    request: Request,
    lang: Lang,
    query: Listing,
    period: Annotated[str, _filter("period (default: the latest)")] = "",
    operator: Annotated[str, _filter("operator")] = "",
    kind: Annotated[str, _filter("kind (mobile, fixed)")] = "",
) -> Response:
    filters = {"period": period, "operator": operator, "kind": kind}
    return await _list_page(request, lang, "speeds", query, filters)


@router.get("/services")
async def services(
    request: Request,
    lang: Lang,
    query: Listing,
    period: Annotated[str, _filter("period (default: the latest)")] = "",
    level: Annotated[str, _filter("level (full, partial)")] = "",
    agency: Annotated[str, _filter("agency")] = "",
) -> Response:
    filters = {"period": period, "level": level, "agency": agency}
    return await _list_page(request, lang, "services", query, filters)
