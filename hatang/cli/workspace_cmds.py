"""`hatang init`, `hatang status`, `hatang provinces`: thin shells over hatang.store."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from hatang.cli import WorkspaceOpt


def register(app: typer.Typer) -> None:
    @app.command("init")
    def init_cmd(
        directory: Annotated[
            Path,
            typer.Argument(help="folder to create / thư mục không gian làm việc", file_okay=False),
        ],
        province: Annotated[
            str,
            typer.Option(
                "--province",
                "-p",
                help="province code or name, e.g. 37, 'Ninh Bình', 36 (old Nam Định, 2024 map) / mã hoặc tên tỉnh",
            ),
        ],
        force: Annotated[
            bool,
            typer.Option(
                "--force",
                help="replace an existing workspace in DIR (its data is deleted) / ghi đè",
            ),
        ] = False,
        map_: Annotated[
            str | None,
            typer.Option(
                "--map",
                help="2024 or 2025: which map a code or name on both means (default 2025) / bản đồ",
            ),
        ] = None,
    ) -> None:
        """Create a workspace for a province with its official units on both maps and the
        2025 crosswalk / tạo không gian làm việc cho một tỉnh (đơn vị hành chính chính thức,
        bản đồ 2024 và 2025, bảng chuyển đổi)."""
        from hatang.store.init import init_workspace, summary

        ws = init_workspace(directory, province, force=force, map=map_)
        _print_init(summary(ws), ws.root)

    @app.command("status")
    def status_cmd(
        as_json: Annotated[
            bool, typer.Option("--json", help="print JSON (stable keys) / xuất JSON")
        ] = False,
        workspace: WorkspaceOpt = None,
    ) -> None:
        """Tables with row counts and periods, the last imports with their hashes, and the
        quarantine / tình trạng: bảng, kỳ số liệu, lần nhập gần nhất, dữ liệu bị loại."""
        from hatang.store import Workspace
        from hatang.store.status import workspace_status

        status = workspace_status(Workspace.open(workspace))
        if as_json:
            print(json.dumps(status, ensure_ascii=False, indent=2))
        else:
            _print_status(status)

    @app.command("provinces")
    def provinces_cmd(
        map_: Annotated[
            str | None, typer.Option("--map", help="2024 or 2025 (default: both)")
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
    ) -> None:
        """List province codes and names for `hatang init` / danh sách mã tỉnh."""
        from hatang.cli import console
        from hatang.model.admin import provinces

        refs = provinces(map_)
        if as_json:
            print(json.dumps([r.__dict__ for r in refs], ensure_ascii=False, indent=2))
            return
        from rich.table import Table

        t = Table("map / bản đồ", "code / mã", "name / tên")
        for r in refs:
            t.add_row(r.map, r.code, r.name)
        console.print(t)


def _print_init(s: Any, root: Path) -> None:
    from rich.table import Table

    from hatang.cli import console

    console.print(f"[bold]Workspace created / đã tạo không gian làm việc:[/bold] {root}")
    console.print(f"Province / tỉnh: {s.province}; CRS {s.crs}")
    console.print("Extent / phạm vi (lon, lat): {:.4f}, {:.4f} – {:.4f}, {:.4f}".format(*s.bbox))
    t = Table(
        "map / bản đồ",
        "level / cấp",
        "units / đơn vị",
        title="Administrative units / đơn vị hành chính",
    )
    for (m, level), n in sorted(s.units.items()):
        t.add_row(m, level, f"{n:,}")
    console.print(t)
    console.print(f"Crosswalk rows / dòng bảng chuyển đổi: {s.crosswalk_rows:,}")
    console.print("Next / tiếp theo: hatang import KIND FILE --workspace " + str(root))


def _print_status(status: dict[str, Any]) -> None:
    from rich.table import Table

    from hatang.cli import console

    p = status["province"]
    label = (
        " [bold yellow](synthetic / dữ liệu mô phỏng)[/bold yellow]" if status["synthetic"] else ""
    )
    console.print(f"[bold]{p['name']}[/bold] ({p['code']}, {p['map']} map), {p['crs']}{label}")
    console.print(f"Workspace / không gian làm việc: {status['workspace']}", highlight=False)
    t = Table("table / bảng", "rows / dòng", "periods / kỳ", title="Tables / bảng dữ liệu")
    t.columns[1].justify = "right"
    for name, info in status["tables"].items():
        periods = info["periods"]
        shown = (
            ", ".join(periods)
            if len(periods) <= 6
            else f"{periods[0]} … {periods[-1]} ({len(periods)})"
        )
        t.add_row(name, f"{info['rows']:,}", shown, style="dim" if not info["rows"] else None)
    console.print(t)
    imp = Table(
        title=f"Last imports / lần nhập gần nhất ({len(status['imports'])})",
        caption="rows read / loaded / rejected = số dòng đọc / nạp / bị loại",
    )
    imp.add_column("id", justify="right")
    imp.add_column("kind / loại")
    imp.add_column("file / tệp", overflow="fold", min_width=24)
    imp.add_column("sha256", no_wrap=True)
    for head in ("read", "loaded", "rejected"):
        imp.add_column(head, justify="right")
    imp.add_column("when / lúc", min_width=10)
    for i in status["imports"]:
        imp.add_row(
            str(i["import_id"]),
            i["kind"] + (" (synthetic)" if i["synthetic"] else ""),
            i["file"],
            i["sha256_short"],
            f"{i['rows_read']:,}",
            f"{i['rows_loaded']:,}",
            f"{i['rows_rejected']:,}",
            i["imported_at"] or "",
        )
    console.print(imp)
    q = status["quarantine"]
    console.print(
        f"Quarantine / dữ liệu bị loại: {q['rows']:,} rows, {q['problems']:,} problems "
        f"in {len(q['files'])} files ({q['rejected_in_imports']:,} rows rejected by imports)"
    )
    for f in q["files"]:
        console.print(
            f"  {f['file']}: {f['rows']:,} rows, {f['problems']:,} problems", highlight=False
        )
