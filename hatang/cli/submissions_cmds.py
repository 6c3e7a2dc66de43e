"""`hatang submissions …`: quarterly filings from the command line (docs/submissions.md).

Thin shells over hatang.submissions.filing: each command opens the workspace, calls
one library function and prints its result (submissions_show.py). The CLI acts as the
workspace's admin unless `--token` names another actor (an operator token files only
for its operator; only the office accepts or rejects).
"""

from pathlib import Path
from typing import Annotated, Any

import typer

from hatang.cli.options import WideOpt, WorkspaceOpt

submissions_app = typer.Typer(
    help="Quarterly submissions: who owes which file, filings, acceptance / hồ sơ nộp số liệu hằng quý.",
    no_args_is_help=True,
)

FilingArg = Annotated[str, typer.Argument(help="filing id, e.g. F12 / mã hồ sơ")]
PeriodOpt = Annotated[
    str | None,
    typer.Option("--period", help="quarter, e.g. 2025Q3 (default: the latest filed) / kỳ"),
]
TokenOpt = Annotated[
    str | None,
    typer.Option(
        "--token",
        help="act as this token's holder and role (default: the workspace's admin) / mã truy cập",
        envvar="HATANG_TOKEN",
    ),
]
FormatOpt = Annotated[str, typer.Option("--format", help="table, csv or json / định dạng")]


def _ws(workspace: str | None) -> Any:
    from hatang.store import Workspace

    return Workspace.open(workspace)


def _actor(ws: Any, token: str | None) -> Any:
    from hatang.register.actions import admin_actor, token_actor

    return token_actor(ws, token) if token else admin_actor()


def _period(ws: Any, period: str | None) -> str:
    from hatang.submissions.queries import latest_period

    return period or latest_period(ws)


def due_cmd(
    period: PeriodOpt = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="count late days to this date (default: today) / tính đến ngày"
        ),
    ] = None,
    fmt: FormatOpt = "table",
    wide: WideOpt = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """What is owed for a quarter: received, staged, accepted, late / danh sách phải nộp."""
    from hatang.cli import options
    from hatang.cli import submissions_show as show
    from hatang.submissions.queries import due

    ws = _ws(workspace)
    form = options.choice(fmt, ("table", "csv", "json"))
    chosen = _period(ws, period)
    cells = due(ws, chosen, options.day(as_of, "--as-of"))
    show.due(chosen, cells, form, ws.synthetic, wide)


def list_cmd(
    period: Annotated[
        str | None, typer.Option("--period", help="only this quarter / chỉ kỳ này")
    ] = None,
    fmt: FormatOpt = "table",
    wide: WideOpt = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Every filing, oldest first / danh sách hồ sơ đã nộp."""
    from hatang.cli import options
    from hatang.cli import submissions_show as show
    from hatang.submissions.queries import listing

    ws = _ws(workspace)
    form = options.choice(fmt, ("table", "csv", "json"))
    show.filings(listing(ws, period), form, ws.synthetic, wide)


def file_cmd(
    file: Annotated[Path, typer.Argument(help="the file to file (CSV, XLSX, …) / tệp nộp")],
    kind: Annotated[
        str, typer.Option("--kind", help="import kind, e.g. subscriptions / loại dữ liệu")
    ],
    period: Annotated[str, typer.Option("--period", help="quarter, e.g. 2025Q3 / kỳ")],
    filer: Annotated[
        str | None,
        typer.Option("--filer", help="who files (default: the token's operator) / đơn vị nộp"),
    ] = None,
    token: TokenOpt = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="print the filing as JSON / xuất JSON")
    ] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """File a quarter's file: validated at once, staged or refused / nộp tệp số liệu."""
    from hatang.cli import submissions_show as show
    from hatang.submissions.filing import file_submission

    ws = _ws(workspace)
    show.filed(file_submission(ws, _actor(ws, token), kind, period, file, filer=filer), json_out)


def accept_cmd(filing: FilingArg, token: TokenOpt = None, workspace: WorkspaceOpt = None) -> None:
    """Accept a staged filing: imported atomically, indicators recomputed / chấp nhận hồ sơ."""
    from hatang.cli import submissions_show as show
    from hatang.submissions.filing import accept

    ws = _ws(workspace)
    show.decided(accept(ws, _actor(ws, token), filing))


def reject_cmd(
    filing: FilingArg,
    reason: Annotated[str, typer.Option("--reason", help="why; the filer sees it / lý do")],
    token: TokenOpt = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Reject a staged filing with a reason / không chấp nhận hồ sơ."""
    from hatang.cli import submissions_show as show
    from hatang.submissions.filing import reject

    ws = _ws(workspace)
    show.decided(reject(ws, _actor(ws, token), filing, reason))


def show_cmd(
    filing: FilingArg,
    fmt: Annotated[
        str, typer.Option("--format", help="table, json, or csv (the problems) / định dạng")
    ] = "table",
    workspace: WorkspaceOpt = None,
) -> None:
    """One filing: its report, its diff, its history / chi tiết hồ sơ."""
    from hatang.cli import options
    from hatang.cli import submissions_show as show
    from hatang.submissions.queries import show as read

    show.filing(read(_ws(workspace), filing), options.choice(fmt, ("table", "json", "csv")))


COMMANDS = {
    "due": due_cmd,
    "list": list_cmd,
    "file": file_cmd,
    "accept": accept_cmd,
    "reject": reject_cmd,
    "show": show_cmd,
}


def register(app: typer.Typer) -> None:
    """Add `hatang submissions …` to the app."""
    for name, fn in COMMANDS.items():
        submissions_app.command(name)(fn)
    app.add_typer(submissions_app, name="submissions")
