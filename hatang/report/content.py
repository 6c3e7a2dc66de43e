"""The report's and the brief's content, built from the view-models (pure: data in, a
`Document` out). The masthead, title and signature follow Decree 30/2020/NĐ-CP and take
the issuing body, number, place, signer and recipients from the `[report]` settings.
"""

from __future__ import annotations

import datetime as dt

from hatang.report import appendix, proposals, results, shortcomings
from hatang.report.data import ReportData
from hatang.report.document import Block, Closing, Document, Masthead, Title, para
from hatang.report.write import Writer
from hatang.settings import ReportSettings

#: the blank left for the office where a setting is empty
BLANK = "……"
MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def place(data: ReportData, s: ReportSettings) -> str:
    name = s.place or data.province
    for prefix in ("Tỉnh ", "Thành phố "):
        name = name.removeprefix(prefix)
    return name or BLANK


def parent_body(data: ReportData, s: ReportSettings) -> str:
    return s.parent_body or (f"UBND {data.province}".upper() if data.province else "")


def number(s: ReportSettings) -> str:
    return s.number or "\u00a0" * 8


def masthead(w: Writer, data: ReportData, s: ReportSettings) -> Masthead:
    day = data.today
    month = MONTHS_EN[day.month - 1] if w.lang == "en" else BLANK
    date = w.m("rp_place_date", place=place(data, s), day=BLANK, month=month, year=str(day.year))
    return Masthead(
        parent_body=parent_body(data, s),
        issuing_body=s.issuing_body.upper() or BLANK,
        number=w.m("rp_number", number=number(s), abbr=s.abbreviation),
        motto=(w.t("rp_motto_1"), w.t("rp_motto_2")),
        place_date=date,
    )


def _plan_words(w: Writer, data: ReportData) -> dict[str, str]:
    plan = data.plan
    title = plan.title_en if (w.lang == "en" and plan.title_en) else plan.title
    about = title
    for lead in ("Kế hoạch ", "Plan for the ", "Plan for "):
        about = about.removeprefix(lead)
    issued = plan.date.strftime("%d/%m/%Y") if isinstance(plan.date, dt.date) else BLANK
    return {"number": plan.number, "date": issued, "body": plan.issuing_body, "about": about}


def title(w: Writer, data: ReportData, s: ReportSettings) -> Title:
    subject = s.title or w.m("rp_subject", quarter=w.quarter(data.period), **_plan_words(w, data))
    return Title(w.t("rp_kind"), subject)


def closing(w: Writer, s: ReportSettings) -> Closing:
    recipients = tuple(
        f"- {r}{'.' if i == len(s.recipients) - 1 else ';'}" for i, r in enumerate(s.recipients)
    )
    return Closing(
        recipients_label=w.t("rp_recipients"),
        recipients=recipients,
        authority=s.signer_authority.upper(),
        title=s.signer_title.upper(),
        signature_hint=w.t("rp_signature_hint"),
        name=s.signer_name or "",
    )


def intro(w: Writer, data: ReportData, s: ReportSettings) -> list[Block]:
    words = _plan_words(w, data)
    scope = data.targets[0].unit_name if data.targets else BLANK
    issuer = s.issuing_body
    return [
        para(
            w.m(
                "rp_intro",
                issuer=issuer,
                quarter=w.quarter(data.period),
                **{k: words[k] for k in ("number", "date", "body")},
            )
        ),
        para(w.m("rp_basis", map=data.map, scope=scope)),
    ]


def notice(w: Writer, data: ReportData) -> str | None:
    return w.t("rp_notice") if data.synthetic else None


def report(data: ReportData, s: ReportSettings, lang: str = "vi") -> Document:
    """The quarterly report: masthead, title, I results, II shortcomings, III proposals,
    the closing sentence, 'Nơi nhận' and the signature; then the appendix."""
    w = Writer(lang)
    issuer = s.issuing_body
    body = [
        *([para(notice(w, data) or "", kind="notice")] if data.synthetic else []),
        *intro(w, data, s),
        *results.section(w, data),
        *shortcomings.section(w, data),
        *proposals.section(w, data),
        para(
            w.m(
                "rp_closing", number=data.plan.number, quarter=w.quarter(data.period), issuer=issuer
            ),
            kind="closing",
        ),
    ]
    t = title(w, data, s)
    return Document(
        lang=lang,
        meta_title=f"{t.kind} {t.subject}",
        masthead=masthead(w, data, s),
        title=t,
        body=tuple(body),
        closing=closing(w, s),
        appendix=tuple(appendix.section(w, data, number(s).strip() or BLANK, s.abbreviation)),
        notice=notice(w, data),
        keywords=(data.plan.id, data.period, f"map {data.map}"),
    )
