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
from collections.abc import Iterator
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from hatang.errors import ConfigError, ImportFailed, Problem
from hatang.io.base import Batch, Context, Prepared, Unique
from hatang.io.checks import check_values, inside, key_rows
from hatang.io.columns import digit_window
from hatang.io.frames import make_frame
from hatang.io.reasons import bilingual, reason
from hatang.io.rowproblems import RowProblems
from hatang.io.tabular import locate, open_file, parse_chunk
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
            bilingual(
                f"--period {period} but the file name says {name_period}",
                f"--period {period} nhưng tên tệp ghi kỳ {name_period}",
            )
        )
    if kind is not None and name_kind is not None and kind != name_kind:
        raise ConfigError(
            bilingual(
                f"--kind {kind} but the file name says {name_kind}",
                f"--kind {kind} nhưng tên tệp ghi loại {name_kind}",
            )
        )
    period = period or name_period
    kind = kind or name_kind
    if period is None:
        raise ConfigError(
            bilingual(
                "pass --period (e.g. 2025Q3): the file name does not carry it",
                "cần --period (ví dụ 2025Q3): tên tệp không ghi kỳ",
                prefix=f"{ctx.file}: ",
            )
        )
    if "Q" not in parse_period(period):
        raise ConfigError(
            bilingual(
                f"Ookla tiles are quarterly: --period must be a quarter, not {period}",
                f"ô Ookla theo quý: --period phải là một quý (ví dụ 2025Q3), không phải {period}",
            )
        )
    if kind not in ("mobile", "fixed"):
        raise ConfigError(
            bilingual(
                "pass --kind mobile or --kind fixed: the file name does not say",
                "cần --kind mobile hoặc --kind fixed: tên tệp không ghi loại ô "
                "(di động hay cố định)",
                prefix=f"{ctx.file}: ",
            )
        )
    return period, kind


def resolve_period(ctx: Context) -> str:
    """The period recorded with an Ookla import (see `resolve`)."""
    return resolve(ctx)[0]


def prepare(ctx: Context) -> Prepared:
    period, kind = resolve(ctx)
    columns = list(OOKLA.columns)
    ctx.progress("reading Ookla tiles / đọc ô Ookla")
    source = open_file(ctx, columns)
    match = locate(source, OOKLA, ctx)
    notes = []
    if ctx.bbox is None:
        notes.append("the workspace has no province extent (meta 'bbox'): every tile kept")
    if "avg_lat_ms" not in match.positions:
        notes.append("no avg_lat_ms column: latency left empty")
    prepared = Prepared(
        [],
        source.encoding,
        labels=match.labels,
        unique={"ookla_tiles": Unique(OOKLA, "speed_tiles")},
        raw_rows=lambda numbers: source.rows_at(match.data_start, numbers),
        period=period,
    )
    kept: list[int] = []
    skipped: list[int] = []
    prepared.batches = _batches(source, match, ctx, prepared, (period, kind), kept, skipped)

    def finish(problems: list[Problem]) -> None:
        bad = {p.row for p in problems}
        n = prepared.rows_read
        if n and not problems and not any(r not in bad for r in kept):
            raise ImportFailed(
                f"{ctx.file}: {reason('no_tile_of', n=n)}",
                [
                    Problem(
                        ctx.file,
                        None,
                        "quadkey",
                        None,
                        reason("no_tile_inside"),
                        "outside-area",
                    )
                ],
            )
        prepared.rows_skipped = sum(1 for r in skipped if r not in bad)
        prepared.notes[:0] = [
            f"{period}, {kind}; tiles outside the province skipped: {prepared.rows_skipped} "
            f"/ bỏ qua {prepared.rows_skipped} ô ngoài tỉnh"
        ]

    prepared.notes = notes
    prepared.finish = finish
    return prepared


def _batches(
    source: Any,
    match: Any,
    ctx: Context,
    prepared: Prepared,
    period_kind: tuple[str, str],
    kept: list[int],
    skipped: list[int],
) -> Iterator[Batch]:
    hints: dict[str, str | None] = {}
    box = ctx.bbox
    for chunk in source.chunks(match.data_start):
        prepared.rows_read += len(chunk)
        probs = RowProblems(ctx.file, chunk.numbers)
        parsed = parse_chunk(OOKLA, chunk, match, probs, hints, ctx.settings.max_cell_chars)
        check_values(OOKLA, probs, parsed)
        keys = key_rows(OOKLA, parsed, chunk.numbers)
        keep = ~probs.bad
        if box is not None and keep.any():
            lon, lat = quadkey_centres(parsed["quadkey"])
            outside = keep & ~inside(lon, lat, box)
            skipped += chunk.numbers[outside].tolist()
            keep &= ~outside
        kept += chunk.numbers[keep].tolist()
        n = len(chunk)
        parsed["period"] = pa.array([period_kind[0]] * n, pa.string())
        parsed["kind"] = pa.array([period_kind[1]] * n, pa.string())
        bad = {int(chunk.numbers[i]): chunk.raw_row(int(i)) for i in np.flatnonzero(probs.bad)}
        frame = make_frame(SPEED_TILES, parsed, keep)
        yield Batch({"speed_tiles": frame}, probs.ordered(), bad, {"ookla_tiles": keys})


def quadkey_centres(quadkeys: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """(lon, lat) of the centre of each quadkey's tile (NaN where empty): quadkey_centre
    for whole columns."""
    n = len(quadkeys)
    lon, lat = np.full(n, np.nan), np.full(n, np.nan)
    lengths = np.asarray(pc.fill_null(pc.utf8_length(quadkeys), 0))
    for z in np.unique(lengths[lengths > 0]):
        rows = np.flatnonzero(lengths == z)
        digits = digit_window(quadkeys.take(pa.array(rows)), np.ones(len(rows), bool), int(z))
        x = np.zeros(len(rows), dtype=np.int64)
        y = np.zeros(len(rows), dtype=np.int64)
        for k in range(int(z)):
            d = digits[:, k].astype(np.int64)
            x = (x << 1) | (d & 1)
            y = (y << 1) | ((d >> 1) & 1)
        tiles = float(2 ** int(z))
        lon[rows] = (x + 0.5) / tiles * 360.0 - 180.0
        lat[rows] = np.degrees(np.arctan(np.sinh(np.pi * (1 - 2 * (y + 0.5) / tiles))))
    return lon, lat


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
