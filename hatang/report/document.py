"""The content model of a report: what it says, with no layout.

`content.report()` and `content.brief()` build a `Document` from the view-models; the
DOCX and PDF renderers (`docx.py`, `pdf.py`) only lay it out, so the two files cannot
say different things. Everything here is plain text already written in the report's
language and number style (`views.format.report_style`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Align = Literal["left", "center", "right", "justify"]
#: body text; a note under a table; a figure's caption; the synthetic-data notice;
#: the closing sentence
ParagraphKind = Literal["body", "note", "caption", "notice", "closing"]


@dataclass(frozen=True)
class Span:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Paragraph:
    spans: tuple[Span, ...]
    kind: ParagraphKind = "body"

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.spans)


def para(*parts: str | Span, kind: ParagraphKind = "body") -> Paragraph:
    """A paragraph of plain strings and spans."""
    return Paragraph(tuple(p if isinstance(p, Span) else Span(p) for p in parts), kind)


@dataclass(frozen=True)
class Heading:
    """A numbered heading: level 1 'I. KẾT QUẢ …' (capitals), 2 '1. …', 3 'a) …'."""

    number: str
    text: str
    level: int = 1


@dataclass(frozen=True)
class Column:
    label: str
    width: float  # relative to the other columns
    align: Align = "left"


#: the width of a table's number column ('TT' / 'No.'): room for 'No.' on one line in
#: the tables' 10.5 pt beside a 165 mm text (about 11 mm in the targets table)
NO_WIDTH = 0.8


@dataclass(frozen=True)
class Cell:
    text: str
    bold: bool = False
    #: a status class (met, ontrack, atrisk, offtrack, missed, nodata) the cell is shaded by
    shade: str | None = None


@dataclass(frozen=True)
class Table:
    """A real table: a header row of `columns`, then `rows`; `notes` print under it."""

    key: str  # what it is, for readers and tests: "targets", "communes-1" …
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: str = ""
    notes: tuple[str, ...] = ()
    small: bool = False


@dataclass(frozen=True)
class Figure:
    """A chart or map drawn from the data (PNG), with its alt text and caption."""

    key: str
    png: bytes
    alt: str
    caption: str
    width_mm: float
    height_mm: float


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Paragraph | Heading | Table | Figure | PageBreak


@dataclass(frozen=True)
class Masthead:
    """Decree 30/2020's cells 1–4: the issuing body and number (left), the national
    motto and the place and date (right)."""

    parent_body: str
    issuing_body: str
    number: str
    motto: tuple[str, str]
    place_date: str


@dataclass(frozen=True)
class Title:
    kind: str  # BÁO CÁO
    subject: str


@dataclass(frozen=True)
class Closing:
    """'Nơi nhận' (left) and the signature block (right), left for the office to sign."""

    recipients_label: str
    recipients: tuple[str, ...]
    authority: str
    title: str
    signature_hint: str
    name: str


@dataclass(frozen=True)
class Document:
    lang: str
    meta_title: str
    masthead: Masthead
    title: Title
    body: tuple[Block, ...]
    closing: Closing | None = None
    appendix: tuple[Block, ...] = ()
    #: printed on every page (a synthetic workspace's notice); None for real data
    notice: str | None = None
    #: the one-page brief: tighter spacing, no page numbers
    compact: bool = False
    keywords: tuple[str, ...] = field(default_factory=tuple)

    def blocks(self) -> tuple[Block, ...]:
        return self.body + self.appendix

    def tables(self) -> dict[str, Table]:
        return {b.key: b for b in self.blocks() if isinstance(b, Table)}
