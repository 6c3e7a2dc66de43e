"""Every importer KIND, in one registry: adding a kind touches this file (and, for a
table of the workspace, its declaration in hatang.model.schema).

Each table of hatang.model.schema with a `kind` gets the schema-driven importer;
`opencellid` and `ookla` read public formats. The registry is plain data: importing
it loads neither pandas, numpy nor duckdb (the CLI builds its help from it); the
function reading a kind's files is imported when a file is imported.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

from hatang.errors import ConfigError
from hatang.model.schema import IMPORT_KINDS, Table

#: one line per kind, English / Vietnamese
DESCRIPTIONS = {
    "units": "administrative units: provinces, districts, communes, villages / đơn vị hành chính",
    "crosswalk": "old unit → new unit with population share (1 Jul 2025) / bảng chuyển đổi mã cũ → mới",
    "sites": "operator site register: BTS sites with location, structure, height / danh sách trạm BTS",
    "cells": "cells on sites: operator, technology, band, EIRP, azimuth / danh sách cell",
    "subscriptions": "subscription counts per unit, operator, kind / số thuê bao",
    "village-services": "village service status: mobile/fixed broadband, fibre households / hiện trạng dịch vụ thôn",
    "speed-tests": "individual speed tests / kết quả đo tốc độ",
    "speed-tiles": "speed tiles already in hatang's schema / ô tốc độ",
    "drive-tests": "measured signal (drive/walk tests) for coverage calibration / đo kiểm vùng phủ",
    "services": "online public services / dịch vụ công trực tuyến",
    "info-systems": "information systems: shared, on cloud / hệ thống thông tin",
    "surveys": "weighted survey responses / phiếu khảo sát",
    "cloud-accounts": "cloud accounts per unit and provider / tài khoản điện toán đám mây",
    "dead-spots": "reported coverage dead spots / điểm lõm sóng",
    "structures": "other-sector structures that could carry antennas / hạ tầng ngoài ngành",
    "facilities": "schools, health stations, commune offices that need signal / cơ sở công cộng cần phủ sóng",
    "challenges": "bulk challenges to the dead-spot register: location × reason code / khiếu nại điểm lõm sóng",
    "responses": "an operator's answers to its assigned cases: accept, dispute, fixed / trả lời của nhà mạng",
    "opencellid": "OpenCelliD cell CSV (MCC 452) → sites and cells, positions approximate / dữ liệu OpenCelliD",
    "ookla": "Ookla open-data speed tiles (Parquet/CSV) → speed_tiles / ô tốc độ Ookla",
    "dem": "digital elevation model tile (GeoTIFF, any CRS; SRTM, Copernicus) → terrain/dem.tif / mô hình số độ cao",
}

#: kinds whose rows may come from GeoJSON (point kinds and units)
GEOJSON_KINDS = {
    "units",
    "sites",
    "dead-spots",
    "structures",
    "facilities",
    "challenges",
    "speed-tests",
    "drive-tests",
}


@dataclass(frozen=True)
class Importer:
    """One import kind: what it reads and writes, and where its reader lives."""

    kind: str
    #: one line, English / Vietnamese
    description: str
    #: table names written
    tables: tuple[str, ...]
    #: file formats read
    formats: tuple[str, ...] = ("csv", "xlsx", "parquet")
    #: --period: "column" (a period column or --period), "required", "none", "filename"
    period: str = "column"
    #: "module:function" that reads a file (Context → Prepared), imported on first use
    reader: str = "hatang.io.tabular:prepare_kind"
    #: "module:function" giving the period recorded with the import, worked out before
    #: reading (e.g. from the file name; raises ConfigError when options clash)
    period_from: str | None = None
    #: a raster stored as a file, not rows: `reader` imports it whole (ws, path, file=,
    #: synthetic=, progress=) → ImportReport
    whole_file: bool = False

    def prepare(self, ctx: Any) -> Any:
        """Read and check the file of `ctx` (hatang.io.base.Context → Prepared)."""
        return _load(self.reader)(ctx)

    def recorded_period(self, ctx: Any, given: str | None) -> str | None:
        """The period the import is recorded under: --period as given, unless the kind
        works it out itself."""
        return _load(self.period_from)(ctx) if self.period_from else given


def _load(target: str) -> Any:
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def _schema_importer(table: Table) -> Importer:
    assert table.kind is not None
    formats = ("csv", "xlsx", "parquet") + (("geojson",) if table.kind in GEOJSON_KINDS else ())
    period = "column" if table.temporal else "none"
    return Importer(table.kind, DESCRIPTIONS[table.kind], (table.name,), formats, period)


def _build() -> dict[str, Importer]:
    out = {kind: _schema_importer(table) for kind, table in IMPORT_KINDS.items()}
    # an operator's cell register replaces that operator's OpenCelliD sites (see opencellid.py)
    cells = out["cells"]
    out["cells"] = Importer(
        cells.kind,
        cells.description,
        cells.tables,
        cells.formats,
        cells.period,
        reader="hatang.io.opencellid:prepare_register_cells",
    )
    # the register's bulk files: the schema importer, then each row is a step on a case
    for kind, reader in (("challenges", "prepare_challenges"), ("responses", "prepare_responses")):
        base = out[kind]
        out[kind] = Importer(
            kind,
            base.description,
            base.tables,
            base.formats,
            base.period,
            reader=f"hatang.io.register:{reader}",
        )
    out["opencellid"] = Importer(
        "opencellid",
        DESCRIPTIONS["opencellid"],
        ("sites", "cells"),
        ("csv",),
        "required",
        reader="hatang.io.opencellid:prepare",
    )
    out["ookla"] = Importer(
        "ookla",
        DESCRIPTIONS["ookla"],
        ("speed_tiles",),
        ("parquet", "csv"),
        "filename",
        reader="hatang.io.ookla:prepare",
        period_from="hatang.io.ookla:resolve_period",
    )
    out["dem"] = Importer(
        "dem",
        DESCRIPTIONS["dem"],
        (),
        ("tif", "tiff"),
        "none",
        reader="hatang.io.dem:import_dem",
        whole_file=True,
    )
    return out


IMPORTERS: dict[str, Importer] = _build()


def get_importer(kind: str) -> Importer:
    try:
        return IMPORTERS[kind]
    except KeyError:
        raise ConfigError(
            f"unknown import kind {kind!r} (known: {', '.join(IMPORTERS)}) / loại dữ liệu không hợp lệ"
        ) from None


__all__ = ["DESCRIPTIONS", "IMPORTERS", "Importer", "get_importer"]
