"""One renderer for every table the CLI prints.

A command describes its table once — `Column`s (a field, a header, whether it is shown
only with `--wide`) and rows of text cells — and `print_table` lays it out: the few
columns a person reads by default, all of them with `--wide`, and one record per row
("header: value" lines) when even those do not fit the terminal (80 columns when
piped), so headers are never cut to two letters. `--format csv|json` is not drawn
here: the commands write the full data (`hatang.views.tabular`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from hatang.cli.output import SYNTHETIC, console

#: a column narrower than this (or than its longest word) would wrap into shreds
MIN_COLUMN = 8
#: the table's frame: a rule under the header, one space between columns, no edges
FRAME: dict[str, Any] = {
    "show_edge": False,
    "collapse_padding": True,
    "pad_edge": False,
    "padding": (0, 1),
}


@dataclass(frozen=True)
class Column:
    field: str
    header: str  # as printed; a line break between English and Vietnamese
    wide: bool = False  # shown only with --wide
    right: bool = False  # numbers, aligned right
    markup: bool = False  # cells hold rich markup (a coloured status)
    nowrap: bool = False  # short cells kept on one line (values, statuses)
    fold: bool = False  # long words (file names) broken across lines


def col(field: str, label: str, **kw: Any) -> Column:
    """A column headed by catalogue key `label`: 'english' over 'tiếng Việt'."""
    from hatang import i18n

    en, vi = i18n.t(label, "en"), i18n.t(label, "vi")
    return Column(field, en if en == vi else f"{en}\n{vi}", **kw)


@dataclass
class Table:
    columns: Sequence[Column]
    rows: Sequence[Mapping[str, str]]
    title: str = ""
    caption: str = ""
    synthetic: bool = False
    options: dict[str, Any] = field(default_factory=dict)  # for rich.table.Table


def shown(table: Table, wide: bool) -> list[Column]:
    return [c for c in table.columns if wide or not c.wide]


def _plain(text: str, markup: bool) -> str:
    if not markup:
        return text
    from rich.text import Text

    return Text.from_markup(text).plain


def _lines(c: Column, rows: Sequence[Mapping[str, str]]) -> list[str]:
    texts = [c.header] + [_plain(str(r.get(c.field, "")), c.markup) for r in rows]
    return [line for t in texts for line in t.split("\n")]


def _widest(c: Column, rows: Sequence[Mapping[str, str]]) -> int:
    from rich.cells import cell_len

    return max((cell_len(x) for x in _lines(c, rows)), default=0)


def _need(c: Column, rows: Sequence[Mapping[str, str]]) -> int:
    """Columns this one needs to read well: its widest line, or at most MIN_COLUMN
    (its longest word when longer), since a long text may wrap."""
    from rich.cells import cell_len

    widest = _widest(c, rows)
    if c.nowrap:
        return widest
    if c.fold:
        return min(widest, 2 * MIN_COLUMN)
    word = max((cell_len(w) for x in _lines(c, rows) for w in x.split()), default=0)
    return min(widest, max(word, MIN_COLUMN))


def fits(columns: Sequence[Column], rows: Sequence[Mapping[str, str]], width: int) -> bool:
    """Whether the columns fit `width` with the space between them (FRAME)."""
    return sum(_need(c, rows) for c in columns) + 2 * (len(columns) - 1) <= width


def title_of(table: Table) -> str:
    return table.title + (f" — {SYNTHETIC}" if table.synthetic and table.title else "")


def _rich_table(
    table: Table, columns: Sequence[Column], widths: Sequence[int] | None = None
) -> Any:
    """A rich table, its columns `widths` wide (default: as rich lays them out)."""
    from rich import box
    from rich.table import Table as RichTable

    options = {"box": box.SIMPLE_HEAD, **FRAME, **table.options}
    t = RichTable(title=title_of(table) or None, caption=table.caption or None, **options)
    for i, c in enumerate(columns):
        t.add_column(
            c.header,
            justify="right" if c.right else "left",
            no_wrap=c.nowrap,
            overflow="fold" if c.fold else "ellipsis",
            width=widths[i] if widths else None,
        )
    for r in table.rows:
        t.add_row(*[_cell(c, r) for c in columns])
    return t


def _cell(c: Column, row: Mapping[str, str]) -> Any:
    from rich.text import Text

    text = str(row.get(c.field, ""))
    return Text.from_markup(text) if c.markup else Text(text)


def _records(table: Table, columns: Sequence[Column], out: Any = None) -> None:
    """One block per row, 'header: value' a line, for a terminal too narrow."""
    from rich.text import Text

    out = out or console()
    if table.title:
        out.print(Text(title_of(table), style="bold"))
    labels = [c.header.replace("\n", " / ") for c in columns]
    pad = max((len(x) for x in labels), default=0)
    for i, r in enumerate(table.rows):
        if i:
            out.print()
        for c, label in zip(columns, labels, strict=True):
            one_line = {c.field: str(r.get(c.field, "")).replace("\n", " · ")}
            out.print(Text(f"{label:<{pad}}  ", style="dim") + _cell(c, one_line))
    if table.caption:
        out.print(Text(table.caption, style="dim"))


def widths(columns: Sequence[Column], rows: Sequence[Mapping[str, str]], width: int) -> list[int]:
    """Each column's width within `width`: what it needs; then the room left goes first
    to the columns whose longest line it can hold whole (the least wanting first, so a
    short text such as "past the deadline" never wraps because a long one is beside it),
    and what remains is shared among the others in proportion to how much longer."""
    need = [_need(c, rows) for c in columns]
    more = [_widest(c, rows) - n for c, n in zip(columns, need, strict=True)]
    room = width - sum(need) - 2 * (len(columns) - 1)
    if room <= 0 or not sum(more):
        return need
    extra = [0] * len(columns)
    for i in sorted(range(len(columns)), key=lambda i: more[i]):
        if 0 < more[i] <= room:
            extra[i], room = more[i], room - more[i]
    left = [0 if extra[i] else m for i, m in enumerate(more)]
    if room > 0 and sum(left):
        extra = [e + min(m, room * m // sum(left)) for e, m in zip(extra, left, strict=True)]
    return [n + e for n, e in zip(need, extra, strict=True)]


def print_table(table: Table, *, wide: bool = False, out: Any = None) -> None:
    """The table's default columns (all with `wide`), as a table where they fit the
    terminal (`out`, default the CLI's console), else as records."""
    out = out or console()
    columns = shown(table, wide)
    if fits(columns, table.rows, out.width):
        out.print(_rich_table(table, columns, widths(columns, table.rows, out.width)))
    else:
        _records(table, columns, out)


def print_groups(
    groups: Sequence[tuple[str, Table]], *, wide: bool = False, out: Any = None
) -> None:
    """Several small tables of the same columns, each under its heading (a target and
    its communes): one header above them all and the columns aligned across groups
    where they fit the terminal, else each group as records."""
    from rich.text import Text

    out = out or console()
    if not groups:
        return
    columns = shown(groups[0][1], wide)
    every = [r for _, t in groups for r in t.rows]
    aligned = fits(columns, every, out.width)
    sizes = widths(columns, every, out.width)
    for i, (heading, table) in enumerate(groups):
        if i:
            out.print()
        out.print(Text(heading, style="bold"))
        if not aligned:
            _records(table, columns, out)
            continue
        table.options.setdefault("show_header", i == 0)
        out.print(_rich_table(table, columns, sizes))
