"""The PDF renderer (reportlab): lays a `Document` out on A4 in the decree's form,
with Liberation Serif embedded (subset) so Vietnamese reads the same on every machine.
Page numbers from page 2, centred in the top margin; a synthetic workspace's notice at
the foot of every page."""

from __future__ import annotations

import io
from functools import cache
from typing import Any

from hatang.report import fonts
from hatang.report import form as F
from hatang.report.document import (
    Block,
    Cell,
    Document,
    Figure,
    Heading,
    PageBreak,
    Paragraph,
    Table,
)

FONT = "HatangSerif"
MM = 72 / 25.4


@cache
def register_fonts() -> str:
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    names = {
        "regular": FONT,
        "bold": FONT + "-Bold",
        "italic": FONT + "-Italic",
        "bolditalic": FONT + "-BoldItalic",
    }
    for face, name in names.items():
        pdfmetrics.registerFont(TTFont(name, str(fonts.path(face))))
    for bold, italic, face in (
        (0, 0, "regular"),
        (1, 0, "bold"),
        (0, 1, "italic"),
        (1, 1, "bolditalic"),
    ):
        addMapping(FONT, bold, italic, names[face])
    return FONT


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _style(part: str, compact: bool = False, size: float | None = None, **kw: Any) -> Any:
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    p = F.PARTS[part]
    name = FONT + (
        "-BoldItalic"
        if p.bold and p.italic
        else "-Bold"
        if p.bold
        else "-Italic"
        if p.italic
        else ""
    )
    spacing = F.BRIEF_LINE_SPACING if compact else F.LINE_SPACING
    align = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT, "justify": TA_JUSTIFY}[
        kw.pop("align", "left")
    ]
    pt = size or p.size
    lead = pt * (1.2 if size else spacing * 1.17)
    return ParagraphStyle(part, fontName=name, fontSize=pt, leading=lead, alignment=align, **kw)


def _text(p: Paragraph) -> str:
    out = []
    for s in p.spans:
        t = _esc(s.text)
        if s.bold:
            t = f"<b>{t}</b>"
        if s.italic:
            t = f"<i>{t}</i>"
        out.append(t)
    return "".join(out)


def _para(p: Paragraph, compact: bool) -> Any:
    from reportlab.platypus import Paragraph as P

    space = F.BRIEF_PARAGRAPH_SPACE_PT if compact else F.PARAGRAPH_SPACE_PT
    if p.kind == "notice":
        return P(
            _text(p),
            _style("notice", compact, align="center", spaceAfter=space, textColor="#8b0000"),
        )
    if p.kind in ("note", "caption"):
        return P(
            _text(p),
            _style(
                "note" if p.kind == "note" else "caption",
                compact,
                align="justify" if p.kind == "note" else "center",
                spaceAfter=space,
            ),
        )
    indent = 0 if compact else F.FIRST_LINE_INDENT_MM * MM
    return P(
        _text(p), _style("body", compact, align="justify", firstLineIndent=indent, spaceAfter=space)
    )


def _heading(h: Heading, compact: bool) -> Any:
    from reportlab.platypus import Paragraph as P

    part = {0: "heading_1", 1: "heading_1", 2: "heading_2"}.get(h.level, "heading_3")
    text = f"{h.number} {h.text}".strip()
    if F.PARTS[part].caps:
        text = text.upper()
    return P(
        _esc(text),
        _style(
            part,
            compact,
            align="center" if h.level == 0 else "left",
            spaceBefore=6,
            spaceAfter=4,
            keepWithNext=1,
        ),
    )


def _cell(c: Cell, align: str, small: bool, header: bool = False) -> Any:
    from reportlab.platypus import Paragraph as P

    text = _esc(c.text)
    if c.bold or header:
        text = f"<b>{text}</b>"
    size = F.PARTS["table"].size - (1 if small else 0)
    return P(
        text,
        _style("table", align="center" if header else align, size=size),
    )


#: a table starts on a new page unless this much of it (or all of it) fits below
TABLE_START_MM = 45


def _keep_start(table: Any, width: float) -> Any:
    """A page break only when the caption, the heading row and the first rows would not
    fit: a long table then runs on over the next pages (its heading row repeated)
    instead of leaving a page blank, as keeping it whole with its caption did."""
    from reportlab.platypus import CondPageBreak

    _, height = table.wrap(width, 10_000)
    return CondPageBreak(min(height, TABLE_START_MM * MM) + 12 * MM)


def _table(t: Table, width: float, compact: bool) -> list[Any]:
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph as P
    from reportlab.platypus import Table as RT
    from reportlab.platypus import TableStyle

    total = sum(c.width for c in t.columns)
    widths = [width * c.width / total for c in t.columns]
    head = [_cell(Cell(c.label), c.align, t.small, header=True) for c in t.columns]
    body = [
        [_cell(cell, col.align, t.small) for cell, col in zip(row, t.columns, strict=True)]
        for row in t.rows
    ]
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8E8E8")),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 2.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2.5),
    ]
    for i, row in enumerate(t.rows, start=1):
        for j, cell in enumerate(row):
            if cell.shade in F.SHADES:
                style.append(
                    ("BACKGROUND", (j, i), (j, i), colors.HexColor("#" + F.SHADES[cell.shade]))
                )
    table = RT(
        [head, *body], colWidths=widths, repeatRows=1, style=TableStyle(style), hAlign="CENTER"
    )
    space = F.BRIEF_PARAGRAPH_SPACE_PT if compact else F.PARAGRAPH_SPACE_PT
    out: list[Any] = [_keep_start(table, width)]
    if t.caption:
        caption = _style("caption", compact, align="center", spaceBefore=space, spaceAfter=2)
        out.append(P(_esc(t.caption), caption))
    out.append(table)
    for n in t.notes:
        out.append(P(_esc(n), _style("note", compact, align="justify", spaceBefore=2)))
    if not t.notes:
        out.append(P("", _style("note", compact, spaceAfter=space)))
    return out


def _figure(f: Figure, compact: bool) -> list[Any]:
    from reportlab.platypus import Image, KeepTogether
    from reportlab.platypus import Paragraph as P

    img = Image(io.BytesIO(f.png), width=f.width_mm * MM, height=f.height_mm * MM)
    cap = P(_esc(f.caption), _style("caption", compact, align="center", spaceAfter=4))
    return [KeepTogether([img, cap])]


def _block(b: Block, width: float, compact: bool) -> list[Any]:
    from reportlab.platypus import PageBreak as PB

    if isinstance(b, Paragraph):
        return [_para(b, compact)]
    if isinstance(b, Heading):
        return [_heading(b, compact)]
    if isinstance(b, Table):
        return _table(b, width, compact)
    if isinstance(b, Figure):
        return _figure(b, compact)
    if isinstance(b, PageBreak):
        return [PB()]
    raise TypeError(f"not a block: {b!r}")


def _line(text: str, part: str, share: float = 1.0) -> Any:
    """A rule under `text` (written in `part`), `share` of its length, centred."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import HRFlowable

    p = F.PARTS[part]
    face = FONT + ("-Bold" if p.bold else "")
    return HRFlowable(
        width=stringWidth(text, face, p.size) * share,
        thickness=0.6,
        color="black",
        spaceBefore=1,
        spaceAfter=3,
        hAlign="CENTER",
    )


def _masthead(d: Document, width: float) -> list[Any]:
    from reportlab.platypus import Paragraph as P
    from reportlab.platypus import Table as RT
    from reportlab.platypus import TableStyle

    m = d.masthead
    left: list[Any] = []
    if m.parent_body:
        left.append(P(_esc(m.parent_body.upper()), _style("parent_body", align="center")))
    left += [
        P(_esc(m.issuing_body), _style("issuing_body", align="center")),
        _line(m.issuing_body, "issuing_body", 0.4),
    ]
    left.append(P(_esc(m.number), _style("number", align="center")))
    right = [
        P(_esc(m.motto[0]), _style("motto_1", align="center")),
        P(_esc(m.motto[1]), _style("motto_2", align="center")),
        _line(m.motto[1], "motto_2"),
        P(_esc(m.place_date), _style("place_date", align="center")),
    ]
    split = F.MASTHEAD_SPLIT
    table = RT(
        [[left, right]],
        colWidths=[width * split[0], width * split[1]],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )
    kind = P(
        _esc(d.title.kind), _style("kind", align="center", spaceBefore=14 if not d.compact else 6)
    )
    subject = P(_esc(d.title.subject), _style("subject", align="center"))
    return [table, kind, subject, _line(d.title.subject[:60], "subject", 0.5)]


def _closing(d: Document, width: float, lead: list[Any]) -> list[Any]:
    """'Nơi nhận' and the signature, on one page with `lead` (the closing sentence): a
    signature never stands alone on a page."""
    from reportlab.platypus import KeepTogether, Spacer, TableStyle
    from reportlab.platypus import Paragraph as P
    from reportlab.platypus import Table as RT

    c = d.closing
    if c is None:
        return lead
    left = [P(_esc(c.recipients_label), _style("recipients_label"))]
    left += [P(_esc(r), _style("recipients")) for r in c.recipients]
    right = [
        P(_esc(c.authority), _style("authority", align="center")),
        P(_esc(c.title), _style("authority", align="center")),
        P(_esc(c.signature_hint), _style("caption", align="center")),
        Spacer(1, 22 * MM),
        P(_esc(c.name or " "), _style("signer", align="center")),
    ]
    t = RT(
        [[left, right]],
        colWidths=[width * 0.48, width * 0.52],
        style=TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), FONT),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ]
        ),
    )
    return [KeepTogether([*lead, Spacer(1, 4 * MM), t])]


def _decorate(d: Document) -> Any:
    def on_page(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        page_w, page_h = F.PAGE_MM[0] * MM, F.PAGE_MM[1] * MM
        if doc.page > 1 and not d.compact:
            canvas.setFont(FONT, F.PARTS["page_number"].size)
            canvas.drawCentredString(
                page_w / 2, page_h - F.MARGINS_MM.top * MM * 0.55, str(doc.page)
            )
        if d.notice:
            canvas.setFont(FONT + "-Bold", F.PARTS["notice"].size)
            canvas.setFillColor("#8b0000")
            canvas.drawCentredString(page_w / 2, F.MARGINS_MM.bottom * MM * 0.45, d.notice)
        canvas.restoreState()

    return on_page


def _canvas(*args: Any, **kw: Any) -> Any:
    """A canvas whose initial font is ours (else an unembedded Helvetica is declared)."""
    from reportlab.pdfgen.canvas import Canvas

    kw.update(initialFontName=FONT, initialFontSize=13)
    return Canvas(*args, **kw)


def render(d: Document) -> bytes:
    """The document as PDF bytes."""
    from reportlab.platypus import SimpleDocTemplate

    register_fonts()
    buf = io.BytesIO()
    m = F.MARGINS_MM
    doc = SimpleDocTemplate(
        buf,
        pagesize=(F.PAGE_MM[0] * MM, F.PAGE_MM[1] * MM),
        leftMargin=m.left * MM,
        rightMargin=m.right * MM,
        topMargin=m.top * MM,
        bottomMargin=m.bottom * MM,
        title=d.meta_title,
        author=d.masthead.issuing_body,
        subject=d.title.subject,
        keywords=", ".join(d.keywords),
        lang=d.lang,
        creator="hatang",
        invariant=1,
    )
    width = doc.width
    story: list[Any] = _masthead(d, width)
    body = list(d.body)
    last = body[-1] if body else None
    closing = isinstance(last, Paragraph) and last.kind == "closing"
    for b in body[:-1] if closing else body:
        story += _block(b, width, d.compact)
    story += _closing(d, width, _block(body[-1], width, d.compact) if closing else [])
    for b in d.appendix:
        story += _block(b, width, d.compact)
    deco = _decorate(d)
    doc.build(story, onFirstPage=deco, onLaterPages=deco, canvasmaker=_canvas)
    return buf.getvalue()
