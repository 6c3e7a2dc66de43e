"""The DOCX renderer (python-docx): an editable Word file in the decree's form — A4,
the decree's margins, Times New Roman named in every style, headings as Word heading
styles, real tables (header rows repeated across pages), pictures with alt text, the
page number in the header from page 2, and a synthetic workspace's notice in the
header and footer of every page. The office edits, numbers and signs it."""

from __future__ import annotations

import io
from typing import Any

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

ALIGN = {"left": 0, "center": 1, "right": 2, "justify": 3}


def _fonts(rpr_owner: Any, part: str) -> None:
    """Times New Roman for every script (the theme fonts removed), the part's size."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    p = F.PARTS[part]
    font = rpr_owner.font
    font.name, font.size, font.bold, font.italic = F.FONT, Pt(p.size), p.bold, p.italic
    rpr = rpr_owner.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{attr}"), F.FONT)
    for attr in ("asciiTheme", "hAnsiTheme", "cstheme", "eastAsiaTheme"):
        fonts.attrib.pop(qn(f"w:{attr}"), None)
    font.color.rgb = None


def _styles(doc: Any, compact: bool) -> None:
    from docx.shared import Mm, Pt, RGBColor

    normal = doc.styles["Normal"]
    _fonts(normal, "body")
    pf = normal.paragraph_format
    pf.space_after = Pt(F.BRIEF_PARAGRAPH_SPACE_PT if compact else F.PARAGRAPH_SPACE_PT)
    pf.line_spacing = F.BRIEF_LINE_SPACING if compact else F.LINE_SPACING
    for level, part in ((1, "heading_1"), (2, "heading_2"), (3, "heading_3")):
        st = doc.styles[f"Heading {level}"]
        _fonts(st, part)
        st.font.color.rgb = RGBColor(0, 0, 0)
        st.paragraph_format.space_before, st.paragraph_format.space_after = Pt(6), Pt(4)
        st.paragraph_format.first_line_indent = Mm(0)
    title = doc.styles["Title"]
    _fonts(title, "kind")
    title.font.color.rgb = RGBColor(0, 0, 0)


def _run(
    par: Any, text: str, part: str, bold: bool | None = None, italic: bool | None = None
) -> Any:
    r = par.add_run(text)
    _fonts(r, part)
    if bold is not None:
        r.font.bold = bold
    if italic is not None:
        r.font.italic = italic
    return r


def _rule(cell_or_doc: Any, length_mm: float, within_mm: float) -> None:
    """A solid rule `length_mm` long, centred in a space `within_mm` wide (a bordered
    empty paragraph, indented from both sides)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    par = cell_or_doc.add_paragraph()
    side = max(0.0, (within_mm - length_mm) / 2)
    pf = par.paragraph_format
    pf.left_indent, pf.right_indent, pf.first_line_indent = Mm(side), Mm(side), Mm(0)
    pf.space_after, pf.space_before, pf.line_spacing = Pt(2), Pt(0), Pt(2)
    ppr = par._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for k, v in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        top.set(qn(f"w:{k}"), v)
    bdr.append(top)
    ppr.append(bdr)


def _text_mm(text: str, part: str) -> float:
    """The width of `text` in the report's font (Liberation Serif has Times' metrics)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from hatang.report.pdf import FONT, register_fonts

    register_fonts()
    p = F.PARTS[part]
    points = float(stringWidth(text, FONT + ("-Bold" if p.bold else ""), p.size))
    return points * 25.4 / 72


def _line(container: Any, text: str, part: str, align: str = "center") -> Any:
    par = container.add_paragraph()
    par.alignment = ALIGN[align]
    par.paragraph_format.first_line_indent = 0
    par.paragraph_format.space_after = 0
    _run(par, text, part)
    return par


def _no_borders(table: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    tblpr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        e = OxmlElement(f"w:{edge}")
        e.set(qn("w:val"), "nil")
        borders.append(e)
    tblpr.append(borders)


def _masthead(doc: Any, d: Document) -> None:
    from docx.shared import Mm

    m = d.masthead
    width = F.TEXT_WIDTH_MM
    left_w, right_w = (width * s for s in F.MASTHEAD_SPLIT)
    t = doc.add_table(rows=1, cols=2)
    _no_borders(t)
    t.autofit = False
    left, right = t.rows[0].cells
    left.width, right.width = Mm(left_w), Mm(right_w)
    left.paragraphs[0]._p.getparent().remove(left.paragraphs[0]._p)
    right.paragraphs[0]._p.getparent().remove(right.paragraphs[0]._p)
    if m.parent_body:
        _line(left, m.parent_body.upper(), "parent_body")
    _line(left, m.issuing_body, "issuing_body")
    _rule(left, 0.4 * _text_mm(m.issuing_body, "issuing_body"), left_w)
    _line(left, m.number, "number")
    _line(right, m.motto[0], "motto_1")
    _line(right, m.motto[1], "motto_2")
    _rule(right, _text_mm(m.motto[1], "motto_2"), right_w)
    _line(right, m.place_date, "place_date")
    kind = doc.add_paragraph(style="Title")
    kind.alignment = ALIGN["center"]
    kind.paragraph_format.space_before = 14 * 12700
    _run(kind, d.title.kind, "kind")
    subject = _line(doc, d.title.subject, "subject")
    subject.paragraph_format.space_after = 0
    _rule(doc, 0.5 * min(_text_mm(d.title.subject[:60], "subject"), width), width)


def _paragraph(doc: Any, p: Paragraph, compact: bool) -> None:
    from docx.shared import Mm

    par = doc.add_paragraph()
    part = {"notice": "notice", "note": "note", "caption": "caption"}.get(p.kind, "body")
    if p.kind in ("body", "closing"):
        par.alignment = ALIGN["justify"]
        par.paragraph_format.first_line_indent = Mm(0 if compact else F.FIRST_LINE_INDENT_MM)
    else:
        par.alignment = ALIGN["center" if p.kind in ("notice", "caption") else "justify"]
    for s in p.spans:
        _run(par, s.text, part, bold=True if s.bold else None, italic=True if s.italic else None)


def _heading(doc: Any, h: Heading) -> None:
    level = max(1, min(3, h.level))
    text = f"{h.number} {h.text}".strip()
    par = doc.add_heading(level=level)
    if F.PARTS[f"heading_{level}"].caps:
        text = text.upper()
    _run(par, text, f"heading_{level}")
    if h.level == 0:
        par.alignment = ALIGN["center"]


def _shade(cell: Any, hex_colour: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), hex_colour)
    cell._tc.get_or_add_tcPr().append(shd)


def _fill(
    cell: Any, c: Cell, align: str, size_part: str, small: bool, header: bool = False
) -> None:
    from docx.shared import Pt

    par = cell.paragraphs[0]
    par.alignment = ALIGN["center" if header else align]
    pf = par.paragraph_format
    pf.first_line_indent, pf.space_after, pf.line_spacing = 0, 0, 1.0
    r = _run(par, c.text, size_part, bold=c.bold or header)
    r.font.size = Pt(F.PARTS[size_part].size - (1 if small else 0))
    if c.shade in F.SHADES:
        _shade(cell, F.SHADES[c.shade])


def _repeat_header(row: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    e = OxmlElement("w:tblHeader")
    e.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(e)


def _table(doc: Any, t: Table) -> None:
    from docx.shared import Mm

    if t.caption:
        _line(doc, t.caption, "caption").paragraph_format.space_before = 6 * 12700
    table = doc.add_table(rows=1 + len(t.rows), cols=len(t.columns))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    total = sum(c.width for c in t.columns)
    widths = [Mm(F.TEXT_WIDTH_MM * c.width / total) for c in t.columns]
    _repeat_header(table.rows[0])
    for j, col in enumerate(t.columns):
        _fill(table.rows[0].cells[j], Cell(col.label), col.align, "table", t.small, header=True)
        _shade(table.rows[0].cells[j], "E8E8E8")
    for i, row in enumerate(t.rows, start=1):
        cells = table.rows[i].cells
        for j, (c, col) in enumerate(zip(row, t.columns, strict=True)):
            _fill(cells[j], c, col.align, "table", t.small)
    for row in table.rows:
        for j, cell in enumerate(row.cells):
            cell.width = widths[j]
    for n in t.notes:
        _line(doc, n, "note", "justify")


def _figure(doc: Any, f: Figure) -> None:
    from docx.shared import Mm

    par = doc.add_paragraph()
    par.alignment = ALIGN["center"]
    par.paragraph_format.first_line_indent = 0
    run = par.add_run()
    shape = run.add_picture(io.BytesIO(f.png), width=Mm(f.width_mm), height=Mm(f.height_mm))
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", f.alt)
    doc_pr.set("title", f.caption)
    _line(doc, f.caption, "caption")


def _block(doc: Any, b: Block, compact: bool) -> None:
    if isinstance(b, Paragraph):
        _paragraph(doc, b, compact)
    elif isinstance(b, Heading):
        _heading(doc, b)
    elif isinstance(b, Table):
        _table(doc, b)
    elif isinstance(b, Figure):
        _figure(doc, b)
    elif isinstance(b, PageBreak):
        doc.add_page_break()


def _closing(doc: Any, d: Document) -> None:
    from docx.shared import Mm

    c = d.closing
    if c is None:
        return
    t = doc.add_table(rows=1, cols=2)
    _no_borders(t)
    left, right = t.rows[0].cells
    left.width, right.width = Mm(F.TEXT_WIDTH_MM * 0.48), Mm(F.TEXT_WIDTH_MM * 0.52)
    left.paragraphs[0]._p.getparent().remove(left.paragraphs[0]._p)
    right.paragraphs[0]._p.getparent().remove(right.paragraphs[0]._p)
    _line(left, c.recipients_label, "recipients_label", "left")
    for r in c.recipients:
        _line(left, r, "recipients", "left")
    _line(right, c.authority, "authority")
    _line(right, c.title, "authority")
    _line(right, c.signature_hint, "caption")
    for _ in range(4):
        _line(right, "", "body")
    _line(right, c.name, "signer")


def _page_field(par: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = par.add_run()
    _fonts(run, "page_number")
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            e = OxmlElement("w:fldChar")
            e.set(qn("w:fldCharType"), kind)
        else:
            e = OxmlElement("w:instrText")
            e.set(qn("xml:space"), "preserve")
            e.text = text
        run._r.append(e)


def _pages(doc: Any, d: Document) -> None:
    """A4, the margins, page numbers from page 2, the notice on every page."""
    from docx.shared import Mm

    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(F.PAGE_MM[0]), Mm(F.PAGE_MM[1])
    m = F.MARGINS_MM
    sec.top_margin, sec.bottom_margin = Mm(m.top), Mm(m.bottom)
    sec.left_margin, sec.right_margin = Mm(m.left), Mm(m.right)
    sec.header_distance, sec.footer_distance = Mm(8), Mm(8)
    sec.different_first_page_header_footer = True
    header = sec.header.paragraphs[0]
    header.alignment = ALIGN["center"]
    if not d.compact:
        _page_field(header)
    if d.notice:
        for part in (sec.footer, sec.first_page_footer, sec.first_page_header):
            par = part.paragraphs[0]
            par.alignment = ALIGN["center"]
            _run(par, d.notice, "notice")
        _run(sec.header.add_paragraph(), d.notice, "notice").font.size = None
        sec.header.paragraphs[-1].alignment = ALIGN["center"]


def render(d: Document) -> bytes:
    """The document as DOCX bytes."""
    from docx import Document as new_document

    doc = new_document()
    _styles(doc, d.compact)
    _pages(doc, d)
    props = doc.core_properties
    props.title, props.subject, props.author = (
        d.meta_title[:250],
        d.title.subject[:250],
        d.masthead.issuing_body,
    )
    props.keywords, props.language = ", ".join(d.keywords), d.lang
    _masthead(doc, d)
    for b in d.body:
        _block(doc, b, d.compact)
    _closing(doc, d)
    for b in d.appendix:
        _block(doc, b, d.compact)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
