"""The form of a Vietnamese administrative report (Decree 30/2020/NĐ-CP, Appendix I),
as numbers both renderers read: page, margins, font and the size and style of each
part. docs/reports.md says which sizes the decree sets and which we chose within them.
"""

from __future__ import annotations

from dataclasses import dataclass

#: A4 portrait (Appendix I, I.1–2)
PAGE_MM = (210.0, 297.0)


@dataclass(frozen=True)
class Margins:
    top: float
    bottom: float
    left: float
    right: float


#: the decree: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm (I.3);
#: the smallest of each range, so tables are as wide as the form allows
MARGINS_MM = Margins(top=20.0, bottom=20.0, left=30.0, right=15.0)
#: the brief keeps the same margins
TEXT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM.left - MARGINS_MM.right

#: the decree's font (I.4); the PDF embeds the metric-compatible Liberation Serif
FONT = "Times New Roman"


@dataclass(frozen=True)
class Part:
    size: float  # points
    bold: bool = False
    italic: bool = False
    caps: bool = False


#: sizes in points, each within the decree's range (Appendix I, section V)
PARTS = {
    "motto_1": Part(12.5, bold=True, caps=True),  # Quốc hiệu: 12–13, upright, bold
    "motto_2": Part(13, bold=True),  # Tiêu ngữ: 13–14, upright, bold
    "parent_body": Part(12.5, caps=True),  # cơ quan chủ quản: 12–13, upright
    "issuing_body": Part(12.5, bold=True, caps=True),  # cơ quan ban hành: 12–13, bold
    "number": Part(13),  # Số, ký hiệu: 13, upright
    "place_date": Part(13, italic=True),  # địa danh, thời gian: 13–14, italic
    "kind": Part(14, bold=True, caps=True),  # tên loại: 13–14, bold
    "subject": Part(14, bold=True),  # trích yếu: 13–14, bold
    "body": Part(13),  # nội dung: 13–14
    "heading_1": Part(13, bold=True, caps=True),  # mục I, II: bold capitals
    "heading_2": Part(13, bold=True),
    "heading_3": Part(13, bold=True, italic=True),
    "table": Part(10.5),  # not set by the decree
    "note": Part(10.5, italic=True),
    "caption": Part(11, italic=True),
    "notice": Part(10, bold=True),
    "recipients_label": Part(12, bold=True, italic=True),  # "Nơi nhận": 12, bold italic
    "recipients": Part(11),  # the list: 11, upright
    "authority": Part(13, bold=True, caps=True),  # quyền hạn, chức vụ: 13–14, bold
    "signer": Part(13, bold=True),  # họ tên: 13–14, bold
    "page_number": Part(13),  # 13–14, centred in the top margin, not on page 1
}

#: paragraphs: first line indented 1.27 cm, at least 6 pt between paragraphs, line
#: spacing from single to 1.5 lines (Appendix I, II.6)
FIRST_LINE_INDENT_MM = 12.7
PARAGRAPH_SPACE_PT = 6.0
LINE_SPACING = 1.15
#: the brief's tighter spacing (still within the decree's single … 1.5 lines)
BRIEF_LINE_SPACING = 1.0
BRIEF_PARAGRAPH_SPACE_PT = 3.0

#: the masthead's two columns (issuing body | motto), shares of the text width
MASTHEAD_SPLIT = (0.42, 0.58)

#: shades of the status cells (light, so black text stays readable in print)
SHADES = {
    "met": "D9EAD3",
    "ontrack": "D9EAD3",
    "atrisk": "FFF2CC",
    "offtrack": "F4CCCC",
    "missed": "EA9999",
    "nodata": "EEEEEE",
}
