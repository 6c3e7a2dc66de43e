"""The `hatang` command: a thin shell over the library.

Each command is a top-level function of about ten lines: it parses its options, calls
one library or view function and renders the result (the `*_show` modules draw the
tables). Commands live in one module per area; each module's `register(app)` adds
them. A command imports what it needs when it runs, so `hatang --help` and every
command's `--help` start without pandas, numpy or DuckDB (tests/cli pins the set);
help texts that list a registry fill it in only when shown (`helptext`).

`hatang CMD ...` builds CMD alone (`group_for`: its module registered, Typer's options
made for CMD's parameters only); `hatang --help` and anything else builds every command.
The command modules annotate with objects, not strings (no `from __future__ import
annotations`): Typer reads each signature, and would compile and evaluate each string.
Values are converted without pydantic where Typer's conversion is plain (`coercion`).

Errors from the library become one line, `Error: ...`, and exit code 1 (data errors
list every problem first). A mistake on the command line itself (a missing or unknown
option, a value of the wrong type) is Click's usage error: its usage line, a hint and the
message in both languages (`clickerrors`), exit code 2.
"""

from __future__ import annotations

import importlib
import inspect
import sys
from functools import cache
from typing import Any

import typer
import typer.main

from hatang.cli import coercion
from hatang.cli.clickerrors import Group
from hatang.cli.options import WorkspaceOpt
from hatang.errors import DataError, HatangError

__all__ = ["WorkspaceOpt", "app", "main"]

#: `hatang --help`'s words about itself
HELP = (
    "hatang — run a province's digital-infrastructure plan on evidence "
    "(hạ tầng số: kiểm kê, chỉ tiêu, vùng phủ sóng, điểm lõm sóng, quy hoạch trạm, dữ liệu mở).\n\n"
    "Start with `hatang demo` for a synthetic demo province, or `hatang init DIR --province CODE`."
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

#: each command and command group → the module that registers it (tests/cli/test_cli_lazy.py
#: holds this to what the modules register)
COMMANDS = {
    "init": "workspace_cmds",
    "status": "workspace_cmds",
    "provinces": "workspace_cmds",
    "import": "import_cmds",
    "demo": "demo_cmds",
    "compute": "indicator_cmds",
    "indicators": "indicator_cmds",
    "explain": "indicator_cmds",
    "scorecard": "indicator_cmds",
    "plan": "indicator_cmds",
    "pathloss": "coverage_cmds",
    "coverage": "coverage_cmds",
    "deadspots": "coverage_cmds",
    "plan-sites": "planning_cmds",
    "scenarios": "planning_cmds",
    "serve": "web_cmds",
    "token": "web_cmds",
    "audit": "register_cmds",
    "register": "register_cmds",
    "report": "report_cmds",
    "submissions": "submissions_cmds",
}


def _one_line_summary(text: str | None) -> str | None:
    """A help text whose first paragraph (the line in `hatang --help`'s command list) is one
    line: the docstring's hard wraps there become spaces. Later paragraphs keep theirs."""
    if not text:
        return text
    first, sep, rest = inspect.cleandoc(text).partition("\n\n")
    return " ".join(first.split()) + sep + rest


def build_app(modules: tuple[str, ...] = _MODULES) -> typer.Typer:
    """The `hatang` app with the commands of `modules` (default: every command)."""
    coercion.install()
    app = typer.Typer(
        name="hatang",
        help=HELP,
        no_args_is_help=True,
        add_completion=False,
        rich_markup_mode="rich",
        pretty_exceptions_enable=False,
        cls=Group,
    )
    for name in modules:
        importlib.import_module(f"hatang.cli.{name}").register(app)
    for info in app.registered_commands:
        if info.callback is not None:
            info.help = _one_line_summary(info.help or info.callback.__doc__)
    return app


@cache
def full_app() -> typer.Typer:
    return build_app()


def app_for(args: list[str]) -> typer.Typer:
    """The app that runs `hatang ARGS`: the one command (or command group) named first,
    registered alone, so that Typer builds its options and no other command's; every
    command for `hatang --help`, a mistyped command and the rest."""
    module = COMMANDS.get(args[0]) if args else None
    if module is None:
        return full_app()
    app = build_app((module,))
    app.registered_commands = [c for c in app.registered_commands if _command_name(c) == args[0]]
    app.registered_groups = [g for g in app.registered_groups if _group_name(g) == args[0]]
    return app


def group_for(args: list[str]) -> Any:
    """The `hatang` command group that runs `hatang ARGS` (`app_for`'s commands). A group
    even of one command, where `app()` would make Typer run that command as the whole
    program; with Typer's pretty exceptions off, calling it is what `app()` does."""
    return typer.main.get_group(app_for(args))


def _command_name(info: Any) -> str:
    return info.name or typer.main.get_command_name(info.callback.__name__)


def _group_name(info: Any) -> str:
    return info.name or info.typer_instance.info.name


def __getattr__(name: str) -> typer.Typer:
    """`hatang.cli.app`, the app with every command, is built when first asked for."""
    if name == "app":
        return full_app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def report_error(e: HatangError) -> None:
    from hatang.cli.output import err_console, lang

    err = err_console()
    if isinstance(e, DataError) and e.problems:
        from hatang.io.reasons import line

        # a whole-file problem (no row, no column) already said by the Error line is not repeated
        problems = [
            p for p in e.problems if not (p.row is None and not p.column and p.reason in str(e))
        ]
        shown = problems[:200]
        said = lang()  # each reason in the reader's language (English: the line as written)
        for p in shown:
            err.print(line(p, said), markup=False, highlight=False, soft_wrap=True)
        if len(problems) > len(shown):
            err.print(f"... and {len(problems) - len(shown)} more problems", markup=False)
    err.print(f"Error: {_said(e)}", markup=False, highlight=False, style="bold red", soft_wrap=True)


def _said(e: HatangError) -> str:
    """The error's message in the reader's language (English: as written): an error
    raised with a reason of hatang.io.reasons (a register step refused) or in both
    languages (`reasons.bilingual`: an import refused, an option wrong), or a file's
    whole-file reason in it (FILE: reason)."""
    from hatang.cli.output import lang

    message, said = str(e), lang()
    if said == "en":
        return message
    from hatang.io.reasons import Reason, Said, recognise, text

    if len(e.args) == 1 and isinstance(e.args[0], Reason | Said):  # e.g. a step refused
        return text(e.args[0], said)
    if not isinstance(e, DataError):  # a known reason by its English (a case not found)
        return text(message, said) if recognise(message) else message
    for p in e.problems:
        if not p.column and p.reason and p.reason in message and recognise(p.reason):
            return message.replace(p.reason, text(p.reason, said))
    files = {p.file for p in e.problems if p.file}
    for file in files:  # FILE: reason, the reason the file's problems sum up
        rest = message[len(file) + 2 :] if message.startswith(f"{file}: ") else ""
        if rest and recognise(rest):
            return f"{file}: {text(rest, said)}"
    return message


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
        group_for(sys.argv[1:])()
    except HatangError as e:
        report_error(e)
        sys.exit(1)
