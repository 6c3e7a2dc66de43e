"""The `hatang` command: a thin shell over the library.

Each command is a top-level function of about ten lines: it parses its options, calls
one library or view function and renders the result (the `*_show` modules draw the
tables). Commands live in one module per area; each module's `register(app)` adds
them. A command imports what it needs when it runs, so `hatang --help` and every
command's `--help` start without pandas, numpy or DuckDB (tests/cli pins the set);
help texts that list a registry fill it in only when shown (`helptext`).

Errors from the library become one line, `Error: ...`, and exit code 1 (data errors
list every problem first). A mistake on the command line itself (a missing or unknown
option, a value of the wrong type) is Click's usage error: its usage line, a hint and the
message in both languages (`clickerrors`), exit code 2.
"""

from __future__ import annotations

import importlib
import inspect
import sys

import typer

from hatang.cli.clickerrors import Group
from hatang.cli.options import WorkspaceOpt
from hatang.errors import DataError, HatangError

__all__ = ["WorkspaceOpt", "app", "main"]

app = typer.Typer(
    name="hatang",
    help=(
        "hatang — run a province's digital-infrastructure plan on evidence "
        "(hạ tầng số: kiểm kê, chỉ tiêu, vùng phủ sóng, điểm lõm sóng, quy hoạch trạm, dữ liệu mở).\n\n"
        "Start with `hatang demo` for a synthetic demo province, or `hatang init DIR --province CODE`."
    ),
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    cls=Group,
)

_MODULES = (
    "workspace_cmds",
    "import_cmds",
    "demo_cmds",
    "indicator_cmds",
    "coverage_cmds",
    "planning_cmds",
    "web_cmds",
    "register_cmds",
    "report_cmds",
    "submissions_cmds",
)


def _one_line_summary(text: str | None) -> str | None:
    """A help text whose first paragraph (the line in `hatang --help`'s command list) is one
    line: the docstring's hard wraps there become spaces. Later paragraphs keep theirs."""
    if not text:
        return text
    first, sep, rest = inspect.cleandoc(text).partition("\n\n")
    return " ".join(first.split()) + sep + rest


def _register_all() -> None:
    for name in _MODULES:
        importlib.import_module(f"hatang.cli.{name}").register(app)
    for info in app.registered_commands:
        if info.callback is not None:
            info.help = _one_line_summary(info.help or info.callback.__doc__)


_register_all()


def report_error(e: HatangError) -> None:
    from hatang.cli.output import err_console

    err = err_console()
    if isinstance(e, DataError) and e.problems:
        # a whole-file problem (no row, no column) already said by the Error line is not repeated
        problems = [
            p for p in e.problems if not (p.row is None and not p.column and p.reason in str(e))
        ]
        shown = problems[:200]
        for p in shown:
            err.print(str(p), markup=False, highlight=False, soft_wrap=True)
        if len(problems) > len(shown):
            err.print(f"... and {len(problems) - len(shown)} more problems", markup=False)
    err.print(f"Error: {e}", markup=False, highlight=False, style="bold red", soft_wrap=True)


def _waiting(seconds: float, holder: str) -> None:
    from hatang.cli.output import err_console

    err_console().print(
        f"waiting for the workspace: {holder} is using it ({seconds:.0f} s) / "
        f"đang chờ vùng làm việc…",
        markup=False,
        highlight=False,
    )


def main() -> None:
    from hatang.cli import clicktext
    from hatang.store import lock

    clicktext.install()
    lock.set_wait_reporter(_waiting)
    try:
        app()
    except HatangError as e:
        report_error(e)
        sys.exit(1)
