"""The register's pages: the list with its filters, map and downloads, a case with its
timeline and the forms of the steps the signed-in actor may take, the operators'
scoreboard, and the citizens' report form.

    /register                   ?state= &operator= &commune= &overdue= ; ?format=csv|geojson
    /register/report            the citizens' form (GET, POST)
    /register/scoreboard        per operator: open, overdue, days to respond and to fix
    /register/{id}              a case; POST /register/{id}/{step} takes a step (a form,
                                with evidence files: hatang.web.evidence)
    /register/{id}/evidence/{sha256}   an evidence file (the office, the operators concerned)

The public sees the public fields only (hatang.register.public); signed-in readers
also see descriptions and notes; evidence file names and links are for those who may
download them (the office, the operators the case concerns), the others read how many
files a step carried. Forms carry the CSRF token.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

from hatang import i18n
from hatang.io import reasons
from hatang.publish import geojson, tabular
from hatang.register import codes, evidence, figures, queries
from hatang.register.machine import STATES, Actor
from hatang.views import format as formats
from hatang.views import register as views
from hatang.web import auth
from hatang.web import evidence as uploads
from hatang.web import register as view
from hatang.web.render import Lang, figure_json, html, render
from hatang.web.routes.common import ProvinceQuery, snap, state
from hatang.web.routes.register_api import StepRefused, step_with_files, submit_report

router = APIRouter()

StateQ = Annotated[str | None, Query(description="only cases in this state", max_length=20)]
OperatorQ = Annotated[
    str | None, Query(description="operator concerned or assigned", max_length=20)
]
CommuneQ = Annotated[str | None, Query(description="commune code, either map", max_length=20)]
OverdueQ = Annotated[bool, Query(description="only overdue cases")]
FormatQ = Annotated[
    str | None, Query(pattern="^(csv|geojson)$", description="download what is shown")
]


def _text(v: Any, lang: str) -> str:
    return formats.text(v, lang, formats.web(lang))


def _communes(request: Request, province: str | None = None) -> Any:
    s = snap(request, province)
    u = s.frames["units"]
    return u[(u["level"] == "commune") & (u["map"].astype(str) == s.ctx.current_map)]


def _today() -> dt.date:
    return dt.date.today()


def _all(request: Request, province: str | None = None) -> Any:
    s = snap(request, province)
    return s.memo(("register", _today()), lambda: view.cases(s.frames, _today()))


def _download(shown: Any, fmt: str, synthetic: bool) -> Response:
    public = tabular.with_synthetic(view.public(shown), synthetic)
    if fmt == "csv":
        body, media = tabular.to_csv(public), "text/csv; charset=utf-8"
    else:
        doc = geojson.feature_collection(public, members={"synthetic": synthetic})
        body, media = geojson.dumps(doc), "application/geo+json"
    name = f"register.{fmt}"
    return Response(
        body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@router.get("/register", response_class=HTMLResponse)
def register_page(
    request: Request,
    lang: Lang,
    state_: Annotated[
        str | None, Query(alias="state", description="only this state", max_length=20)
    ] = None,
    operator: OperatorQ = None,
    commune: CommuneQ = None,
    overdue: OverdueQ = False,
    format: FormatQ = None,
    province: ProvinceQuery = None,
) -> Response:
    """The cases, filtered; `?format=csv|geojson` downloads exactly those shown."""
    f = queries.Filters(state_ or None, operator or None, commune or None, overdue)
    cases = _all(request, province)
    shown = view.selected(cases, f)
    ws = state(request).ws
    if format:
        return _download(shown, format, ws.synthetic)
    asked = (
        ("province", province),
        ("state", state_),
        ("operator", operator),
        ("commune", commune),
    )
    query = urlencode({k: v for k, v in asked if v} | ({"overdue": "true"} if overdue else {}))
    ctx = {
        "rows": [
            {k: _text(v, lang) for k, v in r.items()} | {"id": r["case_id"].value}
            for r in views.list_rows(shown)
        ],
        "columns": views.LIST_COLUMNS,
        "states": list(STATES),
        "operators": view.operators_of(cases),
        "communes": view.communes(cases),
        "f": f,
        "total": len(cases),
        "figure_json": figure_json(
            view.figure(
                shown,
                lambda k: i18n.t(k, lang),
                ws.settings.web.tile_url,
                None,
                _communes(request, province),
            ),
            lang,
        ),
        "csv_url": "/register?" + "&".join(p for p in (query, "format=csv") if p),
        "geojson_url": "/register?" + "&".join(p for p in (query, "format=geojson") if p),
        "counts": [(s, n) for s, n in figures.counts_by_state(cases).items() if n],
    }
    return html(request, render(request, "register.html", ctx, lang), lang)


@router.get("/register/scoreboard", response_class=HTMLResponse)
def scoreboard_page(request: Request, lang: Lang) -> HTMLResponse:
    """Per operator: assigned, open, overdue, median days to respond and to fix, verified."""
    s = snap(request)
    c, e = s.frames.get("register_cases"), s.frames.get("register_events")
    board = figures.scoreboard(c, e, _today()) if c is not None and len(c) else None
    rows = [] if board is None else views.scoreboard_rows(board)
    ctx = {
        "columns": views.SCOREBOARD,
        "rows": [{k: _text(v, lang) for k, v in r.items()} for r in rows],
        "today": _today().isoformat(),
    }
    return html(request, render(request, "register_scoreboard.html", ctx, lang), lang)


# ---- the citizens' form --------------------------------------------------------------------


def _report_page(
    request: Request,
    lang: str,
    error: str = "",
    case_id: str = "",
    status: int = 200,
    form: dict[str, Any] | None = None,
) -> HTMLResponse:
    s = snap(request)
    r = state(request).ws.settings.register
    villages = view.villages(s.frames["units"])
    t = lambda k: i18n.t(k, lang)  # noqa: E731
    fig = view.figure(
        villages.head(0), t, state(request).ws.settings.web.tile_url, villages, _communes(request)
    )
    ctx = {
        "villages": list(
            zip(villages["code"].astype(str), villages["name"].astype(str), strict=True)
        ),
        "reasons": codes.names("report"),
        # why the report was refused, in the page's language (hatang.io.reasons)
        "error": reasons.known(error, lang),
        "case_id": case_id,
        "form": form or {},
        "max_chars": r.report_max_chars,
        "figure_json": figure_json(fig, lang),
    }
    return html(request, render(request, "register_report.html", ctx, lang), lang, status)


@router.get("/register/report", response_class=HTMLResponse)
def report_form(request: Request, lang: Lang) -> HTMLResponse:
    """The form a citizen reports a dead spot with: no sign-in needed."""
    return _report_page(request, lang)


@router.post("/register/report", response_class=HTMLResponse, dependencies=[auth.CsrfDep])
async def report_post(request: Request, lang: Lang) -> HTMLResponse:
    limit = state(request).ws.settings.register.report_max_bytes
    if int(request.headers.get("content-length") or 0) > limit:
        return _report_page(
            request, lang, f"the report is over {limit} bytes / quá lớn", status=413
        )
    form = dict(await request.form())
    data = {k: v for k, v in form.items() if isinstance(v, str)}
    data["reasons"] = ";".join(str(x) for x in (await request.form()).getlist("reasons"))
    try:
        case_id = await submit_report(request, data)
    except StepRefused as e:
        return _report_page(request, lang, e.message, status=e.status, form=data)
    return _report_page(request, lang, case_id=case_id, status=201)


# ---- one case ------------------------------------------------------------------------------


def _case_context(request: Request, case: dict[str, Any], actor: Actor | None, lang: str) -> dict:
    s = snap(request)
    events = s.frames.get("register_events")
    mine = events[events["case_id"].astype(str) == case["case_id"]].sort_values("seq")
    private = actor is not None
    one = view.cases(s.frames, _today())
    one = one[one["case_id"] == case["case_id"]]
    t = lambda k: i18n.t(k, lang)  # noqa: E731
    may = evidence.may_see(actor, case)
    files = evidence.files_of(mine.to_dict("records")) if may else []
    return {
        "case": case,
        "evidence_files": [{**f, "at": str(f["at"])[:16]} for f in files],
        "evidence_accept": evidence.ACCEPT,
        "facts": [(v.label, _text(v, lang)) for v in views.facts(case, private=private)],
        "timeline": _timeline(mine, case["case_id"], private, may, lang),
        "forms": view.forms(case, actor),
        "figure_json": figure_json(
            view.figure(one, t, state(request).ws.settings.web.tile_url, None, _communes(request)),
            lang,
        ),
        "reason_words": lambda key: i18n.t(key, lang) if key and i18n.has(key) else "",
    }


def _timeline(mine: Any, case_id: str, private: bool, may: bool, lang: str) -> list[dict]:
    """The timeline's rows in words; where the reader may download the files, each
    event's references (`refs`) and its files (`links`) to show as links instead."""
    rows = views.timeline(mine, private=private, files=may)
    out = []
    for event, row in zip(mine.to_dict("records"), rows, strict=True):
        cells = {k: _text(v, lang) for k, v in row.items()}
        items = evidence.items(event.get("evidence")) if may else []
        cells["links"] = [
            {"name": i["name"], "url": evidence.url(case_id, i["sha256"])}
            for i in items
            if i.get("kind") == "file"
        ]
        cells["refs"] = "; ".join(str(i.get("ref")) for i in items if i.get("kind") == "ref")
        out.append(cells)
    return out


def _case(request: Request, case_id: str) -> dict[str, Any]:
    cases = _all(request)
    found = cases[cases["case_id"] == case_id]
    if found.empty:
        raise HTTPException(404, reasons.reason("register_unknown_case", case=case_id))
    return dict(found.iloc[0].to_dict())


def _case_page(
    request: Request,
    case_id: str,
    lang: str,
    error: str = "",
    status: int = 200,
    allowed: tuple[str, ...] = (),
) -> HTMLResponse:
    case = _case(request, case_id)
    actor = auth.current_actor(request)
    ctx = _case_context(request, case, actor, lang)
    # a refusal in the page's language (hatang.io.reasons: a state, a role, a date)
    ctx |= {"error": reasons.known(error, lang), "allowed": allowed}
    return html(request, render(request, "register_case.html", ctx, lang), lang, status)


@router.get("/register/{case_id}", response_class=HTMLResponse)
def case_page(request: Request, case_id: str, lang: Lang) -> HTMLResponse:
    """A case: map, facts, evidence, timeline, and the steps the signed-in actor may take."""
    return _case_page(request, case_id, lang)


@router.post("/register/{case_id}/{action}", response_class=HTMLResponse)
async def step_form(request: Request, case_id: str, action: str, lang: Lang) -> Response:
    """A step's form: signed in (401), the CSRF token (403), then the register decides
    (403 role or operator, 409 state, 422 input) and the page says why."""
    actor = auth.require_actor(request)
    try:
        form = await uploads.form_of(request)
    except StepRefused as e:
        return _case_page(request, case_id, lang, e.message, e.status)
    try:  # the uploads' spooled files are closed whatever the answer
        await auth.check_csrf(request)
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        files = uploads.uploads_of(form)
        await step_with_files(request, case_id, action, actor, fields, files)
    except StepRefused as e:
        return _case_page(request, case_id, lang, e.message, e.status, e.allowed)
    finally:
        await form.close()
    return RedirectResponse(f"/register/{case_id}#timeline", status_code=303)


@router.get("/register/{case_id}/evidence/{sha256}")
def evidence_file(request: Request, case_id: str, sha256: str) -> Response:
    """An evidence file of the case, as it was sent (archived under raw/): for the office
    and the operators the case concerns (401 signed out, 403 others, 404 not this case's)."""
    from hatang.register.actions import evidence_path

    case = _case(request, case_id)
    if not evidence.may_see(auth.current_actor(request), case):
        auth.require_actor(request)
        raise HTTPException(
            403,
            "a case's evidence is for the office and the operators it concerns / "
            "chỉ Sở và nhà mạng liên quan được xem minh chứng",
        )
    events = snap(request).frames["register_events"]
    mine = events[events["case_id"].astype(str) == case_id].to_dict("records")
    item = next((f for f in evidence.files_of(mine) if f["sha256"] == sha256), None)
    path = evidence_path(state(request).ws, sha256) if item else None
    if item is None or path is None:
        raise HTTPException(
            404, reasons.reason("register_no_evidence", file=sha256[:12], case=case_id)
        )
    media = str(item.get("media_type") or "application/octet-stream")
    headers = {"X-Content-Type-Options": "nosniff"}
    return FileResponse(path, media_type=media, filename=str(item["name"]), headers=headers)
