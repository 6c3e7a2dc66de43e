"""Rendering a page: the language, the context every template gets, the HTML response.

Every template gets `t(key)` (the catalogue, `hatang.i18n`, escaped, with `…` shown as
code: `marked`), `v(value)` (a view's
labelled value, written as the pages write figures: `hatang.views.format.web(lang)`) and
`fmt(number)` (both in the page's language: '1.780.333', '98,5 %' in Vietnamese,
'1,780,333', '98.5%' in English), the language switch, the synthetic banner's flag, the signed-in
`actor` (or None) and the `csrf_token` every form carries (hatang.web.auth). A page
that is cached (`Snapshot.memo`) is shared by every visitor: it must not show `actor`
or `csrf_token` — base.html's header gets them per request through `html`.
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any

from fastapi import Depends, Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape

from hatang import i18n
from hatang.views import explanation, reasons
from hatang.views import format as formats
from hatang.views.values import Value


def lang_of(request: Request) -> str:
    return i18n.pick_lang(request.query_params.get("lang"), request.cookies.get("lang"))


async def page_lang(
    request: Request,
    lang: Annotated[
        str | None,
        Query(
            description="page language: vi (Vietnamese, the default) or en; remembered in a "
            "cookie. Anything else keeps the remembered one.",
            max_length=10,
        ),
    ] = None,
) -> str:
    """The page's language (`?lang=` declared for the API schema; read by `lang_of`).
    `async` although it awaits nothing: FastAPI runs a plain `def` dependency in its
    thread pool, and that hop on every page cost more than the cached page itself."""
    return lang_of(request)


#: the language of a page, with `?lang=` declared on every page
Lang = Annotated[str, Depends(page_lang)]


#: plotly's decimal mark then thousands separator, by page language (its `separators`)
PLOTLY_SEPARATORS = {"vi": ",.", "en": ".,"}


def figure_json(fig: dict[str, Any], lang: str) -> str:
    """A plotly figure for a `<script type="application/json">` block ('</' escaped), its
    numbers (colour bar ticks, hover values) written in the page's language: '1.234,5' on
    a Vietnamese page, '1,234.5' on an English one."""
    layout = {**fig.get("layout", {}), "separators": PLOTLY_SEPARATORS.get(lang, ",.")}
    fig = {**fig, "layout": layout}
    text = json.dumps(fig, ensure_ascii=False, separators=(",", ":"), default=_json_default)
    return text.replace("</", "<\\/")


def _json_default(v: Any) -> Any:
    if hasattr(v, "item"):
        return v.item()
    if type(v).__name__ == "NAType":
        return None
    return str(v)


def fmt(v: Any, digits: int = 1, lang: str = "vi") -> str:
    """A number for display in `lang` ('—' when missing)."""
    return formats.number(v, digits, formats.web(lang))


def value(v: Value, lang: str) -> str:
    return formats.text(v, lang, formats.web(lang))


def _signed_in(request: Request) -> Any:
    from hatang.web.auth import current_actor

    try:
        return current_actor(request)
    except Exception:  # an invalid bearer token on a page: shown as signed out
        return None


def coded(column: str, v: Any, lang: str) -> str:
    """A cell of a published table in words: yes / no, a coded value by its catalogue key
    `val_<column>_<value>` (dead-spot states, speed kinds, …), else as it is."""
    if v is None or (isinstance(v, float) and v != v):
        return "—"
    if isinstance(v, bool) or type(v).__name__ == "bool_":
        return i18n.t("yes" if v else "no", lang)
    return i18n.label(f"val_{column}_", str(v), lang)


def operator_names(v: Any, lang: str) -> str:
    """Operators by name, not code: a stored code or list of them ('mobifone;vnpt') as
    'MobiFone, VNPT-VinaPhone' (hatang.model.operators; the names are the operators' own,
    the same in both languages), 'all' in words; a code not on the list (an ISP) as it
    is, and '' for none. Data downloads keep the codes."""
    from hatang.model.operators import OPERATORS

    if v is None or (isinstance(v, float) and v != v):
        return ""
    codes = [c.strip() for c in re.split(r"[;,]", str(v)) if c.strip()]
    return ", ".join(
        i18n.t("all", lang) if c == "all" else OPERATORS[c][0] if c in OPERATORS else c
        for c in codes
    )


#: `inline code` in a catalogue text (a command to run): shown as <code>
_BACKTICKED = re.compile(r"`([^`]+)`")


def marked(text: str) -> Markup:
    """A catalogue text for a page: HTML-escaped, then each `…` pair as <code>…</code>
    (translators write commands between backticks; an unpaired one stays as it is)."""
    return Markup(_BACKTICKED.sub(r"<code>\1</code>", str(escape(text))))


def page_context(request: Request, lang: str) -> dict[str, Any]:
    from hatang.web.auth import csrf_token

    ws = request.app.state.web.ws
    narrowed = getattr(request.state, "province", None)
    return {
        "lang": lang,
        "t": lambda k: marked(i18n.t(k, lang)),
        "v": lambda x: value(x, lang),
        "fmt": lambda x, digits=1: fmt(x, digits, lang),
        "cv": lambda column, x: coded(column, x, lang),
        "op": lambda x: operator_names(x, lang),
        "phrase": lambda english: i18n.phrase(english, lang),
        # an indicator's unit of measure and a value's method in the page's language
        # (English as the catalogue and the engine write them: 'per 100', 'direct')
        "unit_word": lambda u: u if lang == "en" else formats.unit(u or "", lang),
        "method_text": lambda code: explanation.method(code, lang),
        # the engine's reason (English) in the page's language (hatang.views.reasons)
        "reason_text": lambda text: reasons.translate("" if text is None else str(text), lang),
        "other_lang": "en" if lang == "vi" else "vi",
        "synthetic": ws.synthetic,
        "province_name": narrowed.name
        if narrowed
        else ws.settings.workspace.name or ws.settings.workspace.province,
        # `?province=CODE` kept on the links between pages (empty: the whole workspace)
        "pq": f"?province={narrowed.code}" if narrowed else "",
        "pq_and": f"province={narrowed.code}&" if narrowed else "",
        "province_code": narrowed.code if narrowed else "",  # forms keep it as a field
        "country": ws.settings.workspace.country,
        "path": request.url.path,
        "actor": _signed_in(request),
        "csrf_token": csrf_token(request),
    }


def render(request: Request, template: str, ctx: dict[str, Any], lang: str) -> str:
    templates = request.app.state.templates
    return str(templates.get_template(template).render(**{**page_context(request, lang), **ctx}))


#: where base.html's header says who is signed in; filled in per request by `html`
SIGNED_IN_MARK = "<!--hatang:signed-in-->"


def signed_in_box(request: Request, lang: str) -> str:
    """The header's 'signed in as … / Sign out' (or 'Sign in') for this request."""
    return render(request, "_signed_in.html", {}, lang)


def html(request: Request, body: str, lang: str, status: int = 200) -> HTMLResponse:
    """The page; a `?lang=` choice is remembered in a cookie. Pages are cached per
    database state and shared by every visitor, so who is signed in (and the sign-out
    form's CSRF token) is put in here, per request, never in the cached page."""
    if SIGNED_IN_MARK in body:
        body = body.replace(SIGNED_IN_MARK, signed_in_box(request, lang), 1)
    response = HTMLResponse(body, status_code=status)
    q = request.query_params.get("lang")
    if q in i18n.LANGS and q != request.cookies.get("lang"):
        response.set_cookie("lang", q, max_age=365 * 86400, samesite="lax")
    return response
