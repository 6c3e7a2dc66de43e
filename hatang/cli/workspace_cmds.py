"""`hatang init`, `hatang status`, `hatang provinces`: thin shells over hatang.store."""

from pathlib import Path
from typing import Annotated

import typer

from hatang.cli.options import JsonOpt, WideOpt, WorkspaceOpt

DirectoryArg = Annotated[
    Path, typer.Argument(help="folder to create / thư mục không gian làm việc", file_okay=False)
]
ProvinceOpt = Annotated[
    str | None,
    typer.Option(
        "--province",
        "-p",
        help="province code or name, e.g. 37, 'Ninh Bình', 36 (old Nam Định, 2024 map) / mã hoặc tên tỉnh",
    ),
]
CountryOpt = Annotated[
    bool,
    typer.Option(
        "--country",
        help="every province of both maps: a national workspace (docs/national.md) / cả nước",
    ),
]
ForceOpt = Annotated[
    bool,
    typer.Option(
        "--force", help="replace an existing workspace in DIR (its data is deleted) / ghi đè"
    ),
]
InitMapOpt = Annotated[
    str | None,
    typer.Option(
        "--map",
        help="2024 or 2025: which map a code or name on both means (default 2025) / bản đồ",
    ),
]


def init_cmd(
    directory: DirectoryArg,
    province: ProvinceOpt = None,
    country: CountryOpt = False,
    force: ForceOpt = False,
    map_: InitMapOpt = None,
) -> None:
    """Create a workspace for a province (or with --country for all of them) with its
    official units on both maps and the 2025 crosswalk / tạo không gian làm việc cho một
    tỉnh hoặc cả nước (đơn vị hành chính chính thức, bản đồ 2024 và 2025, bảng chuyển đổi)."""
    from hatang.cli.workspace_show import print_init
    from hatang.store.init import init_workspace, summary

    ws = init_workspace(directory, province, country=country, force=force, map=map_)
    print_init(summary(ws), ws.root)
    from hatang.cli.output import console
    from hatang.indicators.incremental import population_base

    console().print(f"Cơ sở dân số / population base: {population_base(ws).label()}")


def status_cmd(
    as_json: Annotated[
        bool, typer.Option("--json", help="print JSON (stable keys) / xuất JSON")
    ] = False,
    wide: WideOpt = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """Tables with row counts and periods, the last imports with their hashes, and the
    quarantine / tình trạng: bảng, kỳ số liệu, lần nhập gần nhất, dữ liệu bị loại."""
    from hatang.cli.output import print_json
    from hatang.cli.workspace_show import print_status
    from hatang.store import Workspace
    from hatang.store.status import workspace_status

    status = workspace_status(Workspace.open(workspace))
    print_json(status) if as_json else print_status(status, wide)


def provinces_cmd(
    map_: Annotated[
        str | None,
        typer.Option("--map", help="2024 or 2025 (default: both) / bản đồ (mặc định: cả hai)"),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """List province codes and names for `hatang init` / danh sách mã tỉnh."""
    from hatang.cli.output import print_json
    from hatang.cli.workspace_show import print_provinces
    from hatang.model.admin import provinces

    refs = provinces(map_)
    print_json([r.__dict__ for r in refs]) if as_json else print_provinces(refs)


def register(app: typer.Typer) -> None:
    app.command("init")(init_cmd)
    app.command("status")(status_cmd)
    app.command("provinces")(provinces_cmd)
