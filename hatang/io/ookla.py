"""Ookla open-data speed tiles (Parquet or CSV) → speed_tiles.

Columns: quadkey, tile (WKT polygon), avg_d_kbps, avg_u_kbps, avg_lat_ms, tests,
devices; newer files add tile_x, tile_y, avg_lat_down_ms, avg_lat_up_ms (accepted,
not stored). The period and kind come from --period / --kind, else from the file
name (`2025-07-01_performance_mobile_tiles.parquet` → 2025Q3, mobile). Only tiles
whose centre (from the quadkey) lies in the province's extent are kept; the rest are
counted as skipped, not as errors. The data is CC BY-NC-SA 4.0: hatang never ships it.
"""

from __future__ import annotations

import math
import re

from hatang.errors import ConfigError, ImportFailed, Problem
from hatang.io.base import Context, Prepared
from hatang.io.checks import check_duplicates, check_values, in_box
from hatang.io.parsing import Rows
from hatang.io.tabular import locate, make_frame, read_grid
from hatang.model.periods import parse_period
from hatang.model.schema import SPEED_TILES, Column, Table

_NAME = re.compile(r"(\d{4})-(\d{2})-\d{2}_performance_(mobile|fixed)_tiles", re.IGNORECASE)
_YEAR_Q = re.compile(r"year=(\d{4}).*quarter=([1-4])", re.IGNORECASE)
_TYPE = re.compile(r"type=(mobile|fixed)", re.IGNORECASE)

#: the file's columns: hatang's speed_tiles columns and Ookla's extra ones
OOKLA = Table(
    "ookla_tiles",
    "Ookla open-data tile file",
    tuple(c for c in SPEED_TILES.columns if c.name not in ("period", "kind", "import_id"))
    + (
        Column(
            "tile",
            "text",
            "tile polygon as WKT (not stored: the quadkey defines it)",
            required=False,
        ),
        Column(
            "tile_x", "float", "tile centre longitude (newer files; not stored)", required=False
        ),
        Column("tile_y", "float", "tile centre latitude (newer files; not stored)", required=False),
        Column(
            "avg_lat_down_ms",
            "float",
            "latency under download load (newer files; not stored)",
            required=False,
            min=0,
        ),
        Column(
            "avg_lat_up_ms",
            "float",
            "latency under upload load (newer files; not stored)",
            required=False,
            min=0,
        ),
    ),
    key=("quadkey",),
)


def quadkey_centre(quadkey: str) -> tuple[float, float]:
    """(lon, lat) of the centre of a Bing Maps quadkey tile."""
    x = y = 0
    z = len(quadkey)
    for i, ch in enumerate(quadkey):
        mask = 1 << (z - 1 - i)
        digit = int(ch)
        if digit & 1:
            x |= mask
        if digit & 2:
            y |= mask
    n = 2**z
    lon = (x + 0.5) / n * 360.0 - 180.0
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * (y + 0.5) / n))))
    return lon, lat


def from_file_name(path_text: str) -> tuple[str | None, str | None]:
    """(period, kind) that an Ookla file name or path carries."""
    if m := _NAME.search(path_text):
        return f"{m[1]}Q{(int(m[2]) - 1) // 3 + 1}", m[3].lower()
    period = kind = None
    if m := _YEAR_Q.search(path_text):
        period = f"{m[1]}Q{m[2]}"
    if m := _TYPE.search(path_text):
        kind = m[1].lower()
    return period, kind


def resolve(ctx: Context) -> tuple[str, str]:
    name_period, name_kind = from_file_name(str(ctx.path))
    period, kind = ctx.period, ctx.options.get("kind")
    if period is not None and name_period is not None and period != name_period:
        raise ConfigError(
            f"--period {period} but the file name says {name_period} / kỳ không khớp tên tệp"
        )
    if kind is not None and name_kind is not None and kind != name_kind:
        raise ConfigError(f"--kind {kind} but the file name says {name_kind}")
    period = period or name_period
    kind = kind or name_kind
    if period is None:
        raise ConfigError(
            f"{ctx.file}: pass --period (e.g. 2025Q3): the file name does not carry it"
        )
    if "Q" not in parse_period(period):
        raise ConfigError(f"Ookla tiles are quarterly: --period must be a quarter, not {period}")
    if kind not in ("mobile", "fixed"):
        raise ConfigError(
            f"{ctx.file}: pass --kind mobile or --kind fixed: the file name does not say"
        )
    return period, kind


def resolve_period(ctx: Context) -> str:
    """The period recorded with an Ookla import (see `resolve`)."""
    return resolve(ctx)[0]


def prepare(ctx: Context) -> Prepared:
    period, kind = resolve(ctx)
    columns = [c for c in OOKLA.columns]
    ctx.progress("reading Ookla tiles / đọc ô Ookla")
    grid = read_grid(ctx, columns)
    match = locate(grid, OOKLA, ctx)
    rows = Rows(grid, match, ctx)
    parsed = {c.name: rows.parse(OOKLA, c) for c in columns}
    check_values(OOKLA, rows, parsed, ctx)
    check_duplicates(OOKLA, rows, parsed)
    box = ctx.bbox
    keep, skipped = [], 0
    for i, qk in enumerate(parsed["quadkey"]):
        if i in rows.problems:
            continue
        if box is not None and not in_box(*quadkey_centre(qk), box):
            skipped += 1
            continue
        keep.append(i)
    n = len(parsed["quadkey"])
    parsed["period"] = [period] * n
    parsed["kind"] = [kind] * n
    if not keep and not rows.problems and n:
        raise ImportFailed(
            f"{ctx.file}: none of the {n} tiles lies in the province's extent / không có ô nào trong tỉnh",
            [
                Problem(
                    ctx.file, None, "quadkey", None, "no tile inside the province", "outside-area"
                )
            ],
        )
    notes = [
        f"{period}, {kind}; tiles outside the province skipped: {skipped} / bỏ qua {skipped} ô ngoài tỉnh"
    ]
    if box is None:
        notes.append("the workspace has no province extent (meta 'bbox'): every tile kept")
    if "avg_lat_ms" not in match.positions:
        notes.append("no avg_lat_ms column: latency left empty")
    return Prepared(
        frames={"speed_tiles": make_frame(SPEED_TILES, parsed, keep)},
        rows_read=n,
        encoding=grid.encoding,
        problems=rows.all_problems(),
        bad_rows=rows.bad_rows(),
        labels=match.labels,
        notes=notes,
        rows_skipped=skipped,
        period=period,
    )


def quadkey_of(lon: float, lat: float, zoom: int = 16) -> str:
    """The quadkey of the zoom-`zoom` tile holding (lon, lat)."""
    n = 2**zoom
    x = min(n - 1, max(0, int((lon + 180.0) / 360.0 * n)))
    s = math.sin(math.radians(lat))
    y = min(n - 1, max(0, int((0.5 - math.log((1 + s) / (1 - s)) / (4 * math.pi)) * n)))
    digits = []
    for i in range(zoom, 0, -1):
        mask = 1 << (i - 1)
        digits.append(str((1 if x & mask else 0) + (2 if y & mask else 0)))
    return "".join(digits)
