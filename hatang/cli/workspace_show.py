"""How `hatang init`, `status` and `provinces` draw their results in the terminal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatang.cli.output import console


def print_provinces(refs: list[Any]) -> None:
    from rich.table import Table

    t = Table("map / bản đồ", "code / mã", "name / tên")
    for r in refs:
        t.add_row(r.map, r.code, r.name)
    console().print(t)


def print_init(s: Any, root: Path) -> None:
    from rich.table import Table

    console().print(f"[bold]Workspace created / đã tạo không gian làm việc:[/bold] {root}")
    console().print(f"Province / tỉnh: {s.province}; CRS {s.crs}")
    console().print("Extent / phạm vi (lon, lat): {:.4f}, {:.4f} – {:.4f}, {:.4f}".format(*s.bbox))
    t = Table(
        "map / bản đồ",
        "level / cấp",
        "units / đơn vị",
        title="Administrative units / đơn vị hành chính",
    )
    for (m, level), n in sorted(s.units.items()):
        t.add_row(m, level, f"{n:,}")
    console().print(t)
    console().print(f"Crosswalk rows / dòng bảng chuyển đổi: {s.crosswalk_rows:,}")
    console().print("Next / tiếp theo: hatang import KIND FILE --workspace " + str(root))


def print_status(status: dict[str, Any]) -> None:
    from rich.table import Table

    p = status["province"]
    label = (
        " [bold yellow](synthetic / dữ liệu mô phỏng)[/bold yellow]" if status["synthetic"] else ""
    )
    console().print(f"[bold]{p['name']}[/bold] ({p['code']}, {p['map']} map), {p['crs']}{label}")
    console().print(f"Workspace / không gian làm việc: {status['workspace']}", highlight=False)
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
    console().print(t)
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
    console().print(imp)
    q = status["quarantine"]
    console().print(
        f"Quarantine / dữ liệu bị loại: {q['rows']:,} rows, {q['problems']:,} problems "
        f"in {len(q['files'])} files ({q['rejected_in_imports']:,} rows rejected by imports)"
    )
    for f in q["files"]:
        console().print(
            f"  {f['file']}: {f['rows']:,} rows, {f['problems']:,} problems", highlight=False
        )
    raw = status["raw"]
    console().print(
        f"Raw files / tệp gốc: {raw['files']:,} files, {raw['bytes'] / 1e6:,.1f} MB; refused "
        f"{raw['refused_files']:,} files, {raw['refused_bytes'] / 1e6:,.1f} MB of "
        f"{raw['refused_quota_bytes'] / 1e6:,.0f} MB allowed ([imports] refused_quota_mb)",
        highlight=False,
    )
