"""`hatang import KIND FILE`: a thin shell over hatang.io.import_file."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer

from hatang.cli import WorkspaceOpt


@contextmanager
def _status(enabled: bool) -> Iterator[Callable[[str], None] | None]:
    """A status line on stderr showing the import's current stage, when enabled."""
    if not enabled:
        yield None
        return
    from rich.console import Console

    with Console(stderr=True).status("importing / đang nhập") as status:
        yield status.update


def _kinds_help() -> str:
    from hatang.io import IMPORTERS

    lines = "\n".join(f"[bold]{k}[/bold]: {imp.description}\n" for k, imp in IMPORTERS.items())
    return (
        "Import a file (CSV, XLSX, Parquet, GeoJSON) into the workspace / nhập tệp dữ liệu.\n\n"
        "Every problem is listed as FILE:ROW:COLUMN: VALUE — reason and nothing is written, "
        "unless --on-error quarantine loads the good rows and sets the bad ones aside. "
        "Importing the same file again changes nothing.\n\n"
        f"KIND is one of:\n\n{lines}\n"
        "Columns, accepted Vietnamese headers and examples: docs/import-formats.md"
    )


def register(app: typer.Typer) -> None:
    @app.command("import", help=_kinds_help())
    def import_cmd(
        kind: Annotated[
            str, typer.Argument(help="what the file holds (see the list above) / loại dữ liệu")
        ],
        file: Annotated[
            Path,
            typer.Argument(help="the file to import / tệp cần nhập", exists=True, dir_okay=False),
        ],
        period: Annotated[
            str | None,
            typer.Option("--period", "-p", help="reporting period, e.g. 2025Q3 / kỳ báo cáo"),
        ] = None,
        on_error: Annotated[
            str,
            typer.Option(
                "--on-error",
                help="fail (nothing written) or quarantine (good rows in, bad rows to quarantine/)",
            ),
        ] = "fail",
        tile_kind: Annotated[
            str | None,
            typer.Option("--kind", help="ookla: mobile or fixed (else taken from the file name)"),
        ] = None,
        sheet: Annotated[
            str | None,
            typer.Option(
                "--sheet", help="XLSX: the sheet to read (default: the one whose header fits best)"
            ),
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="print the report as JSON")] = False,
        workspace: WorkspaceOpt = None,
    ) -> None:
        from hatang.cli import console
        from hatang.errors import ConfigError, ImportFailed
        from hatang.io import import_file
        from hatang.store import Workspace

        if on_error not in ("fail", "quarantine"):
            raise ConfigError(f"--on-error must be fail or quarantine, not {on_error!r}")
        if tile_kind is not None and tile_kind not in ("mobile", "fixed"):
            raise ConfigError(f"--kind must be mobile or fixed, not {tile_kind!r}")
        options = {k: v for k, v in (("kind", tile_kind), ("sheet", sheet)) if v is not None}
        ws = Workspace.open(workspace)
        try:
            with _status(sys.stderr.isatty() and not as_json) as step:
                report = import_file(
                    ws,
                    kind,
                    file,
                    period=period,
                    on_error=on_error,  # type: ignore[arg-type]
                    synthetic=ws.synthetic,
                    progress=step,
                    options=options,
                )
        except ImportFailed as e:
            if not as_json:
                raise
            print(json.dumps(e.as_dict(), ensure_ascii=False, indent=2))
            raise typer.Exit(1) from None
        if as_json:
            print(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
            return
        console.print(report.summary(), markup=False, highlight=False, soft_wrap=True)
        for note in report.notes:
            console.print(f"  note: {note}", markup=False, highlight=False, soft_wrap=True)
        for p in report.problems[:50]:
            console.print(f"  {p}", markup=False, highlight=False, soft_wrap=True)
        if len(report.problems) > 50:
            console.print(
                f"  ... {len(report.problems) - 50} more problems in {report.quarantine_file}",
                markup=False,
            )
