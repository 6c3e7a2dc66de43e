"""OpenCelliD cell CSV → sites and cells (positions approximate).

OpenCelliD rows are *cells* at positions averaged from crowd measurements, not
surveyed sites. Cells of one operator are grouped into sites:

- LTE: cells of one eNB (eNB id = cell id // 256) form a site; an eNB whose cells lie
  more than 1.5 km apart (single linkage) is split into several sites;
- GSM, UMTS, CDMA and NR cells join the nearest site of the same operator within
  100 m (radios of several generations share a mast), else cluster among themselves
  within 100 m.

A site stands at the mean position of its cells; it is a `tower`, 30 m high, owned by
the operator, with `location_approx = true`. Cells get documented defaults by radio
(band, bandwidth, EIRP, omni). Site ids are `ocid-<operator>-<eNB>` (`-2`, `-3` … for
split eNBs) or `ocid-<operator>-c<n>` for clusters.

An operator's own register is the authority: importing `cells` (the register) for a
period removes that period's OpenCelliD sites and cells of the operators in the
register, and an OpenCelliD import skips operators that already have register cells
in the period.
"""

from __future__ import annotations

import csv
import io
import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any

import pyarrow as pa

from hatang.errors import ImportFailed, Problem
from hatang.io.base import Batch, Context, Prepared
from hatang.io.checks import in_box
from hatang.io.encoding import decode
from hatang.io.frames import make_frame
from hatang.io.reasons import raised, reason
from hatang.io.tabular import prepare_table
from hatang.io.values import NOT_NUMBER, NOT_WHOLE, TOO_LARGE
from hatang.model.operators import MCC_VIETNAM, operator_from_mnc
from hatang.model.schema import CELLS, SITES
from hatang.store import imports as store

COLUMNS = (
    "radio",
    "mcc",
    "net",
    "area",
    "cell",
    "unit",
    "lon",
    "lat",
    "range",
    "samples",
    "changeable",
    "created",
    "updated",
    "averageSignal",
)
RADIO_TECH = {"GSM": "2G", "UMTS": "3G", "CDMA": "3G", "LTE": "4G", "NR": "5G"}
#: radio → (band MHz, bandwidth MHz, EIRP dBm): documented defaults, the file has none
CELL_DEFAULTS = {
    "GSM": (900.0, 0.2, 55.0),
    "UMTS": (2100.0, 5.0, 55.0),
    "CDMA": (850.0, 1.25, 55.0),
    "LTE": (1800.0, 15.0, 58.0),
    "NR": (3500.0, 100.0, 62.0),
}
SITE_HEIGHT_M = 30.0
ENB_SPLIT_M = 1500.0
CLUSTER_M = 100.0


@dataclass
class OcidCell:
    row: int
    radio: str
    operator: str
    area: int
    cell: int
    lon: float
    lat: float
    site_id: str = ""


def distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Equirectangular distance in metres (exact enough below a few km)."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6_371_000.0 * math.hypot(x, y)


def _rows(ctx: Context) -> tuple[list[tuple[int, list[str]]], str]:
    text, enc = decode(ctx.path.read_bytes(), ctx.file)
    rows = [
        (i, r)
        for i, r in enumerate(csv.reader(io.StringIO(text, newline="")), start=1)
        if any(c.strip() for c in r)
    ]
    return rows, enc


MISSING_VALUE = reason("missing_value")


def _whole(raw: str) -> int:
    """A whole number as OpenCelliD writes it ('25600', some exports '25600.0')."""
    try:
        value = int(raw)
    except ValueError:
        number = float(raw)
        if not number.is_integer():
            raise ValueError(NOT_WHOLE) from None
        value = int(number)
    if not -(2**63) <= value < 2**63:
        raise OverflowError(TOO_LARGE)
    return value


def parse_rows(ctx: Context) -> tuple[list[OcidCell], Prepared, Batch]:
    rows, enc = _rows(ctx)
    positions = {c: j for j, c in enumerate(COLUMNS)}
    labels = list(COLUMNS)
    if rows and rows[0][1] and rows[0][1][0].strip().lower() == "radio":
        labels = [c.strip() for c in rows[0][1]]
        found = {c.lower(): j for j, c in enumerate(labels)}
        missing = [
            c for c in ("radio", "mcc", "net", "area", "cell", "lon", "lat") if c not in found
        ]
        if missing:
            raise ImportFailed(
                f"{ctx.file}: {reason('not_opencellid', columns=', '.join(missing))}",
                [
                    Problem(ctx.file, rows[0][0], c, None, reason("missing_column"), "header")
                    for c in missing
                ],
            )
        positions = {c: found[c.lower()] for c in COLUMNS if c.lower() in found}
        rows = rows[1:]
    prepared = Prepared([], enc, labels=labels, rows_read=len(rows))
    batch = Batch({})
    cells: list[OcidCell] = []
    skipped: dict[str, int] = defaultdict(int)
    seen: dict[tuple, int] = {}
    box = ctx.bbox
    for number, r in rows:

        def bad(
            column: str,
            value: Any,
            reason: str,
            type: str,
            number: int = number,
            r: list[str] = r,
        ) -> None:
            batch.problems.append(Problem(ctx.file, number, column, value, reason, type))
            batch.bad_rows[number] = r

        values: dict[str, Any] = {}
        for name, cast in (
            ("radio", str),
            ("mcc", int),
            ("net", int),
            ("area", int),
            ("cell", int),
            ("lon", float),
            ("lat", float),
        ):
            pos = positions[name]
            raw = r[pos].strip() if pos < len(r) else ""
            try:
                values[name] = (
                    cast(raw) if cast is str else _whole(raw) if cast is int else float(raw)
                )
            except OverflowError:
                bad(name, raw, TOO_LARGE, "out-of-range")
            except ValueError as e:
                if not raw:
                    bad(name, raw, MISSING_VALUE, "missing-value")
                else:
                    whole = raised(e) == "not_whole"
                    bad(name, raw, NOT_WHOLE if whole else NOT_NUMBER, "type-error")
        if number in batch.bad_rows:
            continue
        radio = values["radio"].upper()
        if values["mcc"] != MCC_VIETNAM:
            skipped["other countries (MCC ≠ 452)"] += 1
            continue
        if radio not in RADIO_TECH:
            bad(
                "radio",
                values["radio"],
                reason("unknown_radio", expected=", ".join(RADIO_TECH)),
                "not-allowed",
            )
            continue
        try:
            operator = operator_from_mnc(values["net"])
        except ValueError:
            skipped[f"unknown MNC {values['net']}"] += 1
            continue
        lon, lat = values["lon"], values["lat"]
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            bad("lon", f"{lon}, {lat}", reason("bad_lonlat"), "out-of-range")
            continue
        if box is not None and not in_box(lon, lat, box):
            skipped["outside the province"] += 1
            continue
        key = (radio, values["net"], values["area"], values["cell"])
        if key in seen:
            cell = {"radio": radio, "net": key[1], "area": key[2], "cell": key[3]}
            again = reason("duplicate_cell", **cell, row=seen[key])
            bad("cell", str(key[3]), again, "duplicate-key")
            batch.problems.append(
                Problem(
                    ctx.file,
                    seen[key],
                    "cell",
                    str(key[3]),
                    reason("duplicate_cell", **cell, row=number),
                    "duplicate-key",
                )
            )
            continue
        seen[key] = number
        cells.append(OcidCell(number, radio, operator, values["area"], values["cell"], lon, lat))
    dup_rows = {p.row for p in batch.problems if p.type == "duplicate-key"}
    by_row = {number: r for number, r in rows}
    for n in dup_rows:
        batch.bad_rows.setdefault(n, by_row[n])  # type: ignore[index]
    cells = [c for c in cells if c.row not in batch.bad_rows]
    prepared.rows_skipped = sum(skipped.values())
    batch.problems.sort(key=lambda p: p.row or 0)
    if skipped:
        prepared.notes.append(
            "skipped / bỏ qua: " + ", ".join(f"{n} {why}" for why, n in skipped.items())
        )
    return cells, prepared, batch


def group_sites(cells: list[OcidCell]) -> None:
    """Give every cell a site_id (see the module docstring for the rules)."""
    by_op: dict[str, list[OcidCell]] = defaultdict(list)
    for c in cells:
        by_op[c.operator].append(c)
    for op, op_cells in by_op.items():
        sites: dict[str, list[OcidCell]] = {}
        enbs: dict[int, list[OcidCell]] = defaultdict(list)
        for c in op_cells:
            if c.radio == "LTE":
                enbs[c.cell // 256].append(c)
        for enb in sorted(enbs):
            parts = _components(sorted(enbs[enb], key=lambda c: c.cell), ENB_SPLIT_M)
            parts.sort(key=len, reverse=True)
            for k, part in enumerate(parts):
                sid = f"ocid-{op}-{enb}" + (f"-{k + 1}" if k else "")
                sites[sid] = part
        centres = {sid: _mean(members) for sid, members in sites.items()}
        grid = _Grid(CLUSTER_M)
        for sid, (lon, lat) in centres.items():
            grid.add(sid, lon, lat)
        n = 0
        for c in sorted(
            (c for c in op_cells if c.radio != "LTE"), key=lambda c: (c.lat, c.lon, c.radio, c.cell)
        ):
            sid = grid.nearest(c.lon, c.lat)
            if sid is None:
                n += 1
                sid = f"ocid-{op}-c{n}"
                sites[sid] = []
                grid.add(sid, c.lon, c.lat)
            sites[sid].append(c)
        for sid, members in sites.items():
            for c in members:
                c.site_id = sid


def _components(cells: list[OcidCell], limit_m: float) -> list[list[OcidCell]]:
    """Single-linkage groups: cells closer than limit_m (directly or by a chain)."""
    parent = list(range(len(cells)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(cells)):
        for j in range(i + 1, len(cells)):
            if distance_m(cells[i].lon, cells[i].lat, cells[j].lon, cells[j].lat) <= limit_m:
                parent[find(i)] = find(j)
    groups: dict[int, list[OcidCell]] = defaultdict(list)
    for i, c in enumerate(cells):
        groups[find(i)].append(c)
    return list(groups.values())


def _mean(cells: list[OcidCell]) -> tuple[float, float]:
    return (sum(c.lon for c in cells) / len(cells), sum(c.lat for c in cells) / len(cells))


class _Grid:
    """Points hashed into cells of ~limit size, for 'nearest within limit' queries."""

    def __init__(self, limit_m: float):
        self.limit = limit_m
        self.step = limit_m / 111_000.0
        self.cells: dict[tuple[int, int], list[tuple[str, float, float]]] = defaultdict(list)

    def _key(self, lon: float, lat: float) -> tuple[int, int]:
        return (int(math.floor(lon / self.step)), int(math.floor(lat / self.step)))

    def add(self, name: str, lon: float, lat: float) -> None:
        self.cells[self._key(lon, lat)].append((name, lon, lat))

    def nearest(self, lon: float, lat: float) -> str | None:
        kx, ky = self._key(lon, lat)
        best, best_d = None, self.limit
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for name, x, y in self.cells.get((kx + dx, ky + dy), ()):
                    d = distance_m(lon, lat, x, y)
                    if d <= best_d:
                        best, best_d = name, d
        return best


def prepare(ctx: Context) -> Prepared:
    assert ctx.period is not None
    ctx.progress("reading OpenCelliD cells / đọc OpenCelliD")
    cells, prepared, batch = parse_rows(ctx)
    registered = register_operators(ctx, ctx.period)
    if registered:
        dropped = [c for c in cells if c.operator in registered]
        if dropped:
            prepared.rows_skipped += len(dropped)
            prepared.notes.append(
                f"skipped {len(dropped)} cells of {', '.join(sorted(registered))}: their own register is imported "
                f"for {ctx.period} and is the authority / đã có danh sách trạm của nhà mạng"
            )
        cells = [c for c in cells if c.operator not in registered]
    ctx.progress(f"grouping {len(cells)} cells into sites / gom cell thành trạm")
    group_sites(cells)
    batch.frames = {
        "sites": _sites_frame(cells, ctx.period),
        "cells": _cells_frame(cells, ctx.period),
    }
    prepared.batches = [batch]
    return prepared


def register_operators(ctx: Context, period: str) -> set[str]:
    """Operators with register (non-OpenCelliD) cells in the store for `period`."""
    return store.register_operators(ctx.con, period)


def _sites_frame(cells: list[OcidCell], period: str) -> pa.Table:
    members: dict[str, list[OcidCell]] = defaultdict(list)
    for c in cells:
        members[c.site_id].append(c)
    ids = sorted(members)
    parsed: dict[str, list[Any]] = {
        "period": [period] * len(ids),
        "site_id": ids,
        "name": [None] * len(ids),
        "lon": [_mean(members[s])[0] for s in ids],
        "lat": [_mean(members[s])[1] for s in ids],
        "owner": [members[s][0].operator for s in ids],
        "structure": ["tower"] * len(ids),
        "height_m": [SITE_HEIGHT_M] * len(ids),
        "commune_code": [None] * len(ids),
        "location_approx": [True] * len(ids),
    }
    return make_frame(SITES, parsed, list(range(len(ids))))


def _cells_frame(cells: list[OcidCell], period: str) -> pa.Table:
    cells = sorted(cells, key=lambda c: (c.operator, c.radio, c.area, c.cell))
    parsed: dict[str, list[Any]] = defaultdict(list)
    for c in cells:
        band, bandwidth, eirp = CELL_DEFAULTS[c.radio]
        for name, value in (
            ("period", period),
            ("cell_id", f"ocid-{c.operator}-{c.radio}-{c.area}-{c.cell}"),
            ("site_id", c.site_id),
            ("operator", c.operator),
            ("technology", RADIO_TECH[c.radio]),
            ("band_mhz", band),
            ("bandwidth_mhz", bandwidth),
            ("eirp_dbm", eirp),
            ("azimuth_deg", None),
            ("tilt_deg", None),
            ("beamwidth_deg", 360.0),
            ("height_m", None),
        ):
            parsed[name].append(value)
    return make_frame(CELLS, dict(parsed), list(range(len(cells))))


def prepare_register_cells(ctx: Context) -> Prepared:
    """The `cells` importer: the schema importer, plus removal of the OpenCelliD sites
    and cells of the register's operators in the register's periods."""
    prepared = prepare_table(CELLS, ctx)
    pairs: set[tuple[str, str]] = set()
    batches = prepared.batches

    def read() -> Iterator[Batch]:
        for batch in batches:
            frame = batch.frames["cells"]
            periods, operators = frame["period"].to_pylist(), frame["operator"].to_pylist()
            pairs.update(zip(periods, operators, strict=True))
            yield batch

    table_finish = prepared.finish

    def finish(problems: list[Problem]) -> None:
        if table_finish is not None:
            table_finish(problems)
        for period, op in sorted(pairs):
            n = store.opencellid_site_count(ctx.con, period, op)
            if n:
                prepared.notes.append(
                    f"removed {n} OpenCelliD sites of {op} in {period}: the register is the authority "
                    f"/ thay thế trạm OpenCelliD bằng danh sách của nhà mạng"
                )
            prepared.before_write.append(
                partial(store.delete_opencellid, period=period, operator=op)
            )

    prepared.batches = read()
    prepared.finish = finish
    return prepared
