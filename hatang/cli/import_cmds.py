"""`hatang import KIND FILE`: a thin shell over hatang.io.import_file."""

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from hatang.cli.helptext import command_options
from hatang.cli.options import WorkspaceOpt, choice

HELP = (
    "Import a file (CSV, XLSX, Parquet, GeoJSON) into the workspace / nhập tệp dữ liệu.\n\n"
    "Every problem is listed as FILE:ROW:COLUMN: VALUE — reason and nothing is written, "
    "unless --on-error quarantine loads the good rows and sets the bad ones aside. "
    "Importing the same file again changes nothing.\n\n"
    "KIND is one of:\n\n{registry:import_kinds}\n"
    "Columns, accepted Vietnamese headers and examples: docs/import-formats.md"
)

KindArg = Annotated[
    str, typer.Argument(help="what the file holds (see the list above) / loại dữ liệu")
]
FileArg = Annotated[
    Path, typer.Argument(help="the file to import / tệp cần nhập", exists=True, dir_okay=False)
]
PeriodOpt = Annotated[
    str | None, typer.Option("--period", "-p", help="reporting period, e.g. 2025Q3 / kỳ báo cáo")
]
OnErrorOpt = Annotated[
    str,
    typer.Option(
        "--on-error",
        help="fail (nothing written) or quarantine (good rows in, bad rows to quarantine/) / dừng hoặc cách ly dòng lỗi",
    ),
]
TileKindOpt = Annotated[
    str | None,
    typer.Option(
        "--kind",
        help="ookla: mobile or fixed (else taken from the file name) / di động hoặc cố định",
    ),
]
SheetOpt = Annotated[
    str | None,
    typer.Option(
        "--sheet",
        help="XLSX: the sheet to read (default: the one whose header fits best) / trang tính cần đọc",
    ),
]
ReportJsonOpt = Annotated[
    bool, typer.Option("--json", help="print the report as JSON / xuất báo cáo JSON")
]


@contextmanager
def _status(enabled: bool) -> Iterator[Callable[[str], None] | None]:
    """A status line on stderr showing the import's current stage, when enabled."""
    if not enabled:
        yield None
        return
    from hatang.cli.output import err_console

    with err_console().status("importing / đang nhập") as status:
        yield status.update


def _options(tile_kind: str | None, sheet: str | None) -> dict[str, Any]:
    if tile_kind is not None:
        choice(tile_kind, ("mobile", "fixed"), "--kind")
    return {k: v for k, v in (("kind", tile_kind), ("sheet", sheet)) if v is not None}


def _import(ws: Any, kind: str, file: Path, period: str | None, on_error: str, **kw: Any) -> Any:
    """The import, with the stage shown on a terminal; a refusal as JSON when asked."""
    from hatang.cli.output import print_json
    from hatang.errors import ImportFailed
    from hatang.io import import_file

    as_json = kw.pop("as_json")
    try:
        with _status(sys.stderr.isatty() and not as_json) as step:
            return import_file(
                ws, kind, file, period=period, on_error=on_error, progress=step, **kw
            )
    except ImportFailed as e:
        if not as_json:
            raise
        print_json(e.as_dict())
        raise typer.Exit(1) from None


def import_cmd(
    kind: KindArg,
    file: FileArg,
    period: PeriodOpt = None,
    on_error: OnErrorOpt = "fail",
    tile_kind: TileKindOpt = None,
    sheet: SheetOpt = None,
    as_json: ReportJsonOpt = False,
    workspace: WorkspaceOpt = None,
) -> None:
    from hatang.cli.import_show import print_report
    from hatang.cli.output import print_json
    from hatang.store import Workspace

    choice(on_error, ("fail", "quarantine"), "--on-error")
    options = _options(tile_kind, sheet)
    ws = Workspace.open(workspace)
    report = _import(
        ws, kind, file, period, on_error, synthetic=ws.synthetic, options=options, as_json=as_json
    )
    print_json(report.as_dict()) if as_json else print_report(report)


def register(app: typer.Typer) -> None:
    app.command("import", **command_options(help=HELP))(import_cmd)
