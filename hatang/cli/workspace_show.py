"""How `hatang init`, `status` and `provinces` draw their results in the terminal."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatang import i18n
from hatang.cli import tables
from hatang.cli.output import console, lang, number_style
from hatang.cli.tables import Column
from hatang.views import format as fmt


def print_provinces(refs: list[Any]) -> None:
    columns = (
        Column("map", "map\nbản đồ"),
        Column("code", "code\nmã"),
        Column("name", "name\ntên"),
    )
    rows = [{"map": r.map, "code": r.code, "name": r.name} for r in refs]
    tables.print_table(tables.Table(columns, rows))


def print_init(s: Any, root: Path) -> None:
    console().print(f"[bold]Workspace created / đã tạo không gian làm việc:[/bold] {root}")
    console().print(f"Province / tỉnh: {s.province}; CRS {s.crs}")
    t = number_style()
    w, south, e, north = (fmt.coordinate(v, 4, t) for v in s.bbox)
    # '; ' between the corners: a Vietnamese coordinate has a decimal comma
    console().print(f"Extent / phạm vi (lon, lat): {w}; {south} – {e}; {north}", highlight=False)
    columns = (
        Column("map", "map\nbản đồ"),
        Column("level", "level\ncấp"),
        Column("units", "units\nđơn vị", right=True),
    )
    rows = [
        {"map": m, "level": lv, "units": fmt.whole(n, number_style())}
        for (m, lv), n in sorted(s.units.items())
    ]
    title = "Administrative units / đơn vị hành chính"
    tables.print_table(tables.Table(columns, rows, title=title))
    console().print(
        f"Crosswalk rows / dòng bảng chuyển đổi: {fmt.whole(s.crosswalk_rows, number_style())}"
    )
    console().print("Next / tiếp theo: hatang import KIND FILE --workspace " + str(root))


#: the workspace's tables: rows and periods
TABLE_COLUMNS = (
    Column("table", "table\nbảng"),
    Column("rows", "rows\ndòng", right=True),
    Column("periods", "periods\nkỳ"),
)
#: the last imports: which file, how many rows loaded and rejected, when; the hash and
#: the rows read with --wide
IMPORT_COLUMNS = (
    Column("id", "id", right=True),
    Column("kind", "kind\nloại"),
    Column("file", "file\ntệp", fold=True),
    Column("sha256", "sha256", wide=True, nowrap=True),
    Column("read", "read\nđọc", wide=True, right=True),
    Column("loaded", "loaded\nnạp", right=True),
    Column("rejected", "rejected\nbị loại", right=True),
    Column("when", "when\nlúc"),
)


def _periods(periods: list[str]) -> str:
    return (
        ", ".join(periods)
        if len(periods) <= 6
        else f"{periods[0]} … {periods[-1]} ({len(periods)})"
    )


def _n(v: Any) -> str:
    """A count in the CLI's number style ('12.345' with HATANG_LANG=vi)."""
    return fmt.whole(v, number_style())


def _mb(v: float, digits: int = 1) -> str:
    """Bytes as MB in the CLI's number style."""
    return fmt.number(v / 1e6, digits, number_style())


def _import_row(i: dict[str, Any]) -> dict[str, str]:
    return {
        "id": str(i["import_id"]),
        "kind": i18n.label("sub_kind_", i["kind"], lang())
        + (f" ({i18n.t('synthetic_tag', lang())})" if i["synthetic"] else ""),
        "file": i["file"],
        "sha256": i["sha256_short"],
        "read": _n(i["rows_read"]),
        "loaded": _n(i["rows_loaded"]),
        "rejected": _n(i["rows_rejected"]),
        "when": (i["imported_at"] or "")[:16],
    }


def print_status(status: dict[str, Any], wide: bool = False) -> None:
    p = status["province"]
    label = (
        " [bold yellow](synthetic / dữ liệu mô phỏng)[/bold yellow]" if status["synthetic"] else ""
    )
    console().print(f"[bold]{p['name']}[/bold] ({p['code']}, {p['map']} map), {p['crs']}{label}")
    console().print(f"Workspace / không gian làm việc: {status['workspace']}", highlight=False)
    rows = [
        {"table": name, "rows": _n(info["rows"]), "periods": _periods(info["periods"])}
        for name, info in status["tables"].items()
    ]
    tables.print_table(tables.Table(TABLE_COLUMNS, rows, title="Tables / bảng dữ liệu"), wide=wide)
    imports = tables.Table(
        IMPORT_COLUMNS,
        [_import_row(i) for i in status["imports"]],
        title=f"Last imports / lần nhập gần nhất ({len(status['imports'])})",
    )
    tables.print_table(imports, wide=wide)
    _print_files(status)


def _print_files(status: dict[str, Any]) -> None:
    """The quarantine and the space raw/ takes, in the CLI's language."""
    q = status["quarantine"]
    said = i18n.message(
        "status_quarantine",
        lang(),
        rows=_n(q["rows"]),
        problems=_n(q["problems"]),
        files=_n(len(q["files"])),
        rejected=_n(q["rejected_in_imports"]),
    )
    console().print(f"Quarantine / dữ liệu bị loại: {said}", highlight=False, markup=False)
    for f in q["files"]:
        each = i18n.message(
            "status_quarantine_file", lang(), rows=_n(f["rows"]), problems=_n(f["problems"])
        )
        console().print(f"  {f['file']}: {each}", highlight=False, markup=False)
    raw = status["raw"]
    said = i18n.message(
        "status_raw",
        lang(),
        files=_n(raw["files"]),
        mb=_mb(raw["bytes"]),
        refused=_n(raw["refused_files"]),
        refused_mb=_mb(raw["refused_bytes"]),
        quota_mb=_mb(raw["refused_quota_bytes"], 0),
    )
    console().print(f"Raw files / tệp gốc: {said}", highlight=False, markup=False)
