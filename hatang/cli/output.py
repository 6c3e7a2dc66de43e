"""Where the CLI writes: the consoles (created on first use), JSON, the synthetic note,
progress bars. Rich is imported only when something is printed."""

from __future__ import annotations

import builtins
import json
import os
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from hatang.views.format import Style

SYNTHETIC = "dữ liệu mô phỏng / synthetic data"


def console() -> Console:
    """stdout's console; a new one when $COLUMNS changes (rich reads it once)."""
    return _console(os.environ.get("COLUMNS"), stderr=False)


def err_console() -> Console:
    return _console(os.environ.get("COLUMNS"), stderr=True)


@cache
def _console(columns: str | None, stderr: bool) -> Console:
    from rich.console import Console

    return Console(stderr=stderr)


def lang() -> str:
    """The language the CLI writes numbers in: $HATANG_LANG (vi or en), else the user's
    locale ($LC_ALL, $LC_NUMERIC, $LANG: vi_VN is Vietnamese), else English, the
    language its words come first in ("people / dân số")."""
    chosen = os.environ.get("HATANG_LANG", "").strip().lower()
    if chosen in ("vi", "en"):
        return chosen
    for name in ("LC_ALL", "LC_NUMERIC", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "vi" if value.lower().startswith("vi") else "en"
    return "en"


def number_style() -> Style:
    """The terminal's number style in the CLI's language: 1,780,333 and 98.50%, or with
    HATANG_LANG=vi 1.780.333 and 98,50 % (`hatang.views.format`)."""
    from hatang.views import format as fmt

    return fmt.terminal(lang())


def say(text: str, **kw: Any) -> None:
    """A line as it is (no markup, no highlighting)."""
    console().print(text, markup=False, highlight=False, **kw)


def print_lines(text: str, markup: str | None = None) -> None:
    """`console().print(markup or text)`, where `text` is what rich writes of it when it
    adds nothing: straight to stdout when `plain_fits(text)`, without importing rich (a
    no-op `hatang compute` prints two lines; rich's console is 20 ms of its imports)."""
    if plain_fits(text):
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
    else:
        console().print(text if markup is None else markup)


#: characters one terminal cell wide that rich writes as they are: printable ASCII and
#: Latin letters, Vietnamese included (Latin-1, Extended-A/B, Extended Additional)
_ONE_CELL = re.compile("[ -~\u00a0-\u00ac\u00ae-\u02ff\u1e00-\u1eff]*")
#: what rich could read as markup or an emoji code (`:name:`)
_RICH_SYNTAX = re.compile(r"\[|:\S*:")


def plain_fits(text: str) -> bool:
    """Whether rich would write `text` (lines of plain words) unchanged on stdout: no
    terminal (rich then writes no colour and no highlighting: not a tty, nor forced by
    $FORCE_COLOR or $TTY_COMPATIBLE, not in Jupyter), nothing rich reads as markup or
    emoji, and every line one cell a character and within rich's width ($COLUMNS, else
    the terminal's, else 80). Anything else is rich's to write."""
    if sys.platform == "win32" or os.environ.get("FORCE_COLOR") or hasattr(builtins, "get_ipython"):
        return False
    if os.environ.get("TTY_COMPATIBLE") == "1" or _RICH_SYNTAX.search(text):
        return False
    try:
        if sys.stdout.isatty():
            return False
    except (AttributeError, ValueError):
        return False
    width = _rich_width()
    return all(len(line) <= width and _ONE_CELL.fullmatch(line) for line in text.split("\n"))


def _rich_width() -> int:
    """The width rich's console writes to when stdout is no terminal."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit():
        return int(columns)
    for fd in (0, 1, 2):
        try:
            return os.get_terminal_size(fd).columns or 80
        except (AttributeError, ValueError, OSError):
            pass
    return 80


def print_json(data: Any, indent: int | None = 2) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=indent, default=str))


def write(text: str) -> None:
    sys.stdout.write(text)


@contextmanager
def progress_bar(
    label: str, *, enabled: bool = True, stderr: bool = True, columns: bool = True
) -> Iterator[Callable[[int, int | None], None]]:
    """A transient bar; yields `update(done, total)` for a library's progress callback."""
    if not enabled:
        yield lambda done, total: None
        return
    from rich import progress as rp

    cols = (
        (
            rp.TextColumn(f"[bold]{label}"),
            rp.BarColumn(),
            rp.MofNCompleteColumn(),
            rp.TimeElapsedColumn(),
        )
        if columns
        else ()
    )
    out = err_console() if stderr else console()
    with rp.Progress(*cols, console=out, transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


@contextmanager
def labelled_bar(
    label: str, *, enabled: bool = True
) -> Iterator[Callable[[str, int, int], None] | None]:
    """A bar that stays, its label following the work: yields `tick(what, done, total)`
    (the indicator engine's progress callback), or None when not enabled. The bar
    appears at the first tick: work that turns out to be nothing draws none (and a
    no-op `hatang compute` does not load rich's progress)."""
    if not enabled:
        yield None
        return
    shown: list[Any] = []

    def tick(what: str, done: int, total: int) -> None:
        if not shown:
            from rich import progress as rp

            columns = (rp.TextColumn("[bold]{task.description}"), rp.BarColumn())
            bar = rp.Progress(
                *columns, rp.MofNCompleteColumn(), rp.TimeElapsedColumn(), console=console()
            )
            bar.start()
            shown.extend((bar, bar.add_task(label, total=None)))
        bar, task = shown
        bar.update(task, completed=done, total=total, description=what)

    try:
        yield tick
    finally:
        if shown:
            shown[0].stop()


@contextmanager
def stage_bars() -> Iterator[Callable[[str, str, int, int], None]]:
    """Bars that stay on screen, one per stage; yields `update(stage, description, done,
    total)` (the demo build's progress callback)."""
    from rich import progress as rp

    with rp.Progress(
        rp.TextColumn("[bold]{task.description}"),
        rp.BarColumn(),
        rp.MofNCompleteColumn(),
        rp.TimeElapsedColumn(),
        console=console(),
    ) as bar:
        tasks: dict[str, Any] = {}

        def update(stage: str, description: str, done: int, total: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(description, total=total)
            bar.update(tasks[stage], completed=done, total=total, description=description)

        yield update
