"""Every importer KIND, in one registry: adding a kind touches this file only.

Each table of hatang.model.schema with a `kind` gets the schema-driven importer;
`opencellid` and `ookla` read public formats.
"""

from __future__ import annotations

from dataclasses import replace

from hatang.errors import ConfigError
from hatang.io.base import Context, Importer, Prepared
from hatang.io.tabular import prepare_table
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
    "opencellid": "OpenCelliD cell CSV (MCC 452) → sites and cells, positions approximate / dữ liệu OpenCelliD",
    "ookla": "Ookla open-data speed tiles (Parquet/CSV) → speed_tiles / ô tốc độ Ookla",
}

#: kinds whose rows may come from GeoJSON (point kinds and units)
GEOJSON_KINDS = {
    "units",
    "sites",
    "dead-spots",
    "structures",
    "facilities",
    "speed-tests",
    "drive-tests",
}


def _schema_importer(table: Table) -> Importer:
    def prepare(ctx: Context, table: Table = table) -> Prepared:
        return prepare_table(table, ctx)

    formats = ("csv", "xlsx", "parquet") + (("geojson",) if table.kind in GEOJSON_KINDS else ())
    period = "column" if table.temporal else "none"
    assert table.kind is not None
    return Importer(table.kind, DESCRIPTIONS[table.kind], (table.name,), prepare, formats, period)


def _build() -> dict[str, Importer]:
    from hatang.io import ookla, opencellid

    out = {kind: _schema_importer(table) for kind, table in IMPORT_KINDS.items()}
    # an operator's cell register replaces that operator's OpenCelliD sites (see opencellid.py)
    out["cells"] = replace(out["cells"], prepare=opencellid.prepare_register_cells)
    out["opencellid"] = Importer(
        "opencellid",
        DESCRIPTIONS["opencellid"],
        ("sites", "cells"),
        opencellid.prepare,
        ("csv",),
        "required",
    )
    out["ookla"] = Importer(
        "ookla",
        DESCRIPTIONS["ookla"],
        ("speed_tiles",),
        ookla.prepare,
        ("parquet", "csv"),
        "filename",
        resolve_period=lambda ctx: ookla.resolve(ctx)[0],
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


__all__ = ["IMPORTERS", "get_importer"]
