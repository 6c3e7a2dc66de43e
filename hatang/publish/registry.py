"""The published datasets, declared once: what each holds, its fields and how it is derived.

Adding a published dataset means adding one `Dataset(...)` here and, if needed, one
function in derive.py. Everything else — downloads, the CKAN API, the DCAT catalogue,
the Frictionless data packages, the web catalogue — is generated from this registry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import pandas as pd

from hatang.model.schema import TABLES
from hatang.publish import derive, tabular

#: schema logical type → Frictionless Table Schema type
FRICTIONLESS_TYPES = {
    "text": "string",
    "code": "string",
    "period": "string",
    "int": "integer",
    "float": "number",
    "bool": "boolean",
    "date": "date",
    "timestamp": "datetime",
}

LICENSE = {
    "id": "CC-BY-4.0",
    "ckan_id": "cc-by",
    "title": "Creative Commons Attribution 4.0",
    "url": "https://creativecommons.org/licenses/by/4.0/",
}


#: decimals a number keeps in the files people open (CSV, XLSX), by its unit
UNIT_DECIMALS = {"°": 6, "km²": 3, "m": 1, "Mbit/s": 2, "ms": 1, "VND": 0, "dBm": 1}


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # frictionless type
    description: str
    unit: str = ""
    #: decimals kept in CSV and XLSX (None: by type, unit and name — `decimals`)
    places: int | None = None

    @property
    def decimals(self) -> int | None:
        """Meaningful precision: integers whole, coordinates 6 decimals, a unit's own
        (UNIT_DECIMALS), else what the name implies (people whole); None for non-numbers."""
        if self.places is not None:
            return self.places
        if self.type == "integer":
            return 0
        if self.type != "number":
            return None
        return UNIT_DECIMALS.get(self.unit, tabular.default_decimals(self.name))


@dataclass(frozen=True)
class Dataset:
    name: str
    title_vi: str
    title_en: str
    description_vi: str
    description_en: str
    inputs: tuple[str, ...]
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    derive: Callable[[derive.Frames, derive.Context], pd.DataFrame]
    tags: tuple[str, ...]
    group: str
    #: "point" (lon/lat columns), "wkt" (a WKT `geometry` column, points as fallback) or ""
    spatial: str = ""
    #: published only when its input table holds rows (e.g. computed by another command)
    optional: bool = False
    #: columns whose values split the spatial files into layers of one geometry type
    #: each (`publish.spatial`): admin-units by map and level
    layers: tuple[str, ...] = ()
    #: layers always published, (key, geometry type), empty where no row has one: the
    #: register's cases split by `shape` into points and polygons
    fixed_layers: tuple[tuple[str, str], ...] = ()

    @property
    def title(self) -> str:
        return f"{self.title_vi} / {self.title_en}"

    @property
    def field_names(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def decimals(self) -> dict[str, int | None]:
        """Each number field's decimals in CSV and XLSX."""
        return {f.name: f.decimals for f in self.fields if f.type in ("number", "integer")}


#: on every published row: the data are synthetic or not (the marker inside the file)
SYNTHETIC = Field(
    "synthetic", "boolean", "true: synthetic (demo) data, not real measurements / dữ liệu mô phỏng"
)


def _marked(ds: Dataset) -> Dataset:
    """The dataset with the `synthetic` field last (kept where its table has its own)."""
    if "synthetic" in ds.field_names:
        return ds
    return replace(ds, fields=(*ds.fields, SYNTHETIC))


def _places(fields: tuple[Field, ...], places: dict[str, int]) -> tuple[Field, ...]:
    return tuple(replace(f, places=places[f.name]) if f.name in places else f for f in fields)


def _from_schema(
    table: str,
    names: list[str] | None = None,
    overrides: dict[str, Field] | None = None,
    *,
    leave_out: tuple[str, ...] = (),
    last: tuple[str, ...] = (),
) -> tuple[Field, ...]:
    """Fields described by the declared schema (one source of truth), plus derived ones.

    names: the columns published, in order; None: every column of the table but those
    in `leave_out`, the `last` ones (a long geometry) at the end."""
    t = TABLES[table]
    overrides = overrides or {}
    if names is None:
        kept = [n for n in t.column_names if n not in leave_out]
        names = [n for n in kept if n not in last] + [n for n in last if n in kept]
    out = []
    for n in names:
        if n in overrides:
            out.append(overrides[n])
            continue
        c = t.column(n)
        out.append(Field(n, FRICTIONLESS_TYPES[c.type], c.description, c.unit))
    return tuple(out)


F = Field
UNIT_NAME = F("unit_name", "string", "name of the unit")
COMMUNE_CODE = F("commune_code", "string", "commune code (current map)")
COMMUNE_NAME = F("commune_name", "string", "commune name")
VILLAGE_NAME = F("village_name", "string", "village name")

_DATASETS: tuple[Dataset, ...] = (
    Dataset(
        "admin-units",
        "Đơn vị hành chính",
        "Administrative units",
        "Tỉnh, huyện (bản đồ 2024), xã/phường và thôn/xóm trên cả hai bản đồ hành chính, "
        "với dân số, số hộ, diện tích, tâm và ranh giới (nếu có).",
        "Province, districts (2024 map), communes and villages on both administrative maps, "
        "with population, households, area, centroid and boundary where known.",
        ("units",),
        # every column but the file it came from and its import
        _from_schema("units", leave_out=("source", "import_id"), last=("geometry",)),
        ("map", "code"),
        derive.admin_units,
        ("administrative-units", "boundaries"),
        "administrative",
        spatial="wkt",
        layers=("map", "level"),
    ),
    Dataset(
        "sites",
        "Trạm BTS",
        "Base-station sites",
        "Vị trí trạm thu phát sóng theo kỳ, nhà mạng có thiết bị trên trạm và trạm dùng chung "
        "(từ 2 nhà mạng trở lên).",
        "Base-station sites per period with their location, the operators with radios on "
        "each site, and whether it is shared (two or more operators).",
        ("sites", "cells"),
        _from_schema(
            "sites",
            [
                "period",
                "site_id",
                "name",
                "lon",
                "lat",
                "location_approx",
                "owner",
                "structure",
                "height_m",
                "commune_code",
            ],
        )
        + (
            F("operators", "string", "operators with cells on the site, ';'-separated"),
            F("operator_count", "integer", "number of operators on the site"),
            F("technologies", "string", "radio technologies on the site, ';'-separated"),
            F("shared", "boolean", "two or more operators (site sharing)"),
        ),
        ("period", "site_id"),
        derive.sites,
        ("mobile", "base-stations", "site-sharing"),
        "telecom",
        spatial="point",
    ),
    Dataset(
        "village-services",
        "Dịch vụ băng rộng theo thôn",
        "Village broadband service status",
        "Thôn/xóm có băng rộng di động (3G/4G/5G, và từng công nghệ khi được báo cáo), băng "
        "rộng cố định, số hộ có thể lắp cáp quang, theo kỳ.",
        "Per village and period: mobile broadband available (3G/4G/5G, and each technology "
        "where reported), fixed broadband available, households able to get fibre on demand.",
        ("village_services", "units"),
        _from_schema("village_services", ["period", "village_code"])
        + (VILLAGE_NAME, COMMUNE_CODE, COMMUNE_NAME)
        + _from_schema(
            "village_services",
            [
                "mobile_broadband",
                "mobile_3g",
                "mobile_4g",
                "mobile_5g",
                "fixed_broadband",
                "fibre_households",
            ],
        )
        + (
            F("households", "integer", "households in the village"),
            F("population", "integer", "residents of the village"),
            F("lon", "number", "village centroid longitude, WGS 84", "°"),
            F("lat", "number", "village centroid latitude, WGS 84", "°"),
        ),
        ("period", "village_code"),
        derive.village_services,
        ("mobile-broadband", "fixed-broadband", "fibre", "villages"),
        "telecom",
        spatial="point",
    ),
    Dataset(
        "indicator-values",
        "Giá trị chỉ tiêu",
        "Indicator values",
        "Mọi chỉ tiêu của kế hoạch cho từng đơn vị và kỳ: tử số, mẫu số, giá trị, khoảng tin "
        "cậy, phương pháp và mức độ đầy đủ của số liệu (số không được báo cáo để trống, không "
        "ghi 0).",
        "Every indicator for every unit and period: numerator, denominator, value, "
        "confidence interval, sample size, method and how much of the unit the data covers "
        "(a count not reported is empty, never 0).",
        ("indicator_values", "units"),
        _from_schema("indicator_values", ["indicator", "map", "unit_code"])
        + (UNIT_NAME,)
        + _places(
            _from_schema(
                "indicator_values",
                [
                    "level",
                    "period",
                    "numerator",
                    "denominator",
                    "value",
                    "sample_size",
                    "ci_low",
                    "ci_high",
                    "method",
                    "reliable",
                    "no_data_reason",
                    "coverage_level",
                    "units_reporting",
                    "units_expected",
                    "coverage_share",
                    "partial",
                    "synthetic",
                ],
            ),
            # values are shares (%), rates per 100 or Mbit/s: 3 decimals keep every
            # plan's precision; numerators and denominators may be weighted estimates
            {"value": 3, "ci_low": 3, "ci_high": 3, "numerator": 2, "denominator": 2},
        ),
        ("indicator", "map", "unit_code", "period"),
        derive.indicator_values,
        ("indicators", "digital-transformation", "plan-137"),
        "indicators",
    ),
    Dataset(
        "dead-spots",
        "Điểm lõm sóng (báo cáo)",
        "Coverage dead spots (reported)",
        "Điểm lõm sóng do nhà mạng hoặc người dân báo cáo, ngày báo cáo và ngày khắc phục.",
        "Coverage dead spots reported by operators or citizens, with dates reported and "
        "resolved. Free-text descriptions are not published.",
        ("dead_spots", "units"),
        _from_schema("dead_spots", ["dead_spot_id", "lon", "lat", "village_code"])
        + (
            VILLAGE_NAME,
            COMMUNE_CODE,
            COMMUNE_NAME,
            F("village_population", "integer", "residents of the village the spot lies in"),
        )
        + _from_schema("dead_spots", ["operator", "reported_on", "resolved_on"])
        + (F("status", "string", "open or resolved"),),
        ("dead_spot_id",),
        derive.dead_spots,
        ("dead-spots", "mobile", "coverage"),
        "telecom",
        spatial="point",
    ),
    Dataset(
        "speed-aggregates",
        "Tốc độ băng rộng theo xã",
        "Broadband speed aggregates",
        "Tốc độ trung vị theo xã, nhà mạng, loại (di động/cố định) và kỳ, từ các phép đo. "
        f"Không công bố phép đo riêng lẻ; nhóm dưới {derive.MIN_GROUP_TESTS} phép đo bị ẩn.",
        "Median speeds per commune, operator, kind (mobile/fixed) and period from speed "
        "tests. Individual tests are never published (personal data); groups of fewer than "
        f"{derive.MIN_GROUP_TESTS} tests are suppressed.",
        ("speed_tests", "units"),
        (
            F("period", "string", "reporting period (quarter)"),
            F("map", "string", "map of the commune codes"),
            COMMUNE_CODE,
            COMMUNE_NAME,
            F("operator", "string", "operator or ISP"),
            F("kind", "string", "mobile or fixed"),
            F("tests", "integer", "number of tests in the group"),
            F("download_median_mbps", "number", "median download speed", "Mbit/s"),
            F("upload_median_mbps", "number", "median upload speed", "Mbit/s"),
            F("latency_median_ms", "number", "median latency", "ms"),
        ),
        ("period", "map", "commune_code", "operator", "kind"),
        derive.speed_aggregates,
        ("speed", "mobile-broadband", "fixed-broadband"),
        "telecom",
    ),
    Dataset(
        "public-services",
        "Dịch vụ công trực tuyến",
        "Online public services",
        "Dịch vụ công trực tuyến toàn trình / một phần và việc tích hợp Cổng DVC quốc gia.",
        "Fully and partly online public services and their integration with the National "
        "Public Service Portal.",
        ("services",),
        _from_schema(
            "services", ["period", "code", "name", "agency", "level", "on_national_portal"]
        ),
        ("period", "code"),
        derive.public_services,
        ("public-services", "e-government"),
        "government",
    ),
)

DATASETS: tuple[Dataset, ...] = tuple(_marked(d) for d in _DATASETS)

GROUPS = {
    "administrative": ("Đơn vị hành chính", "Administrative units"),
    "telecom": ("Hạ tầng viễn thông", "Telecommunications infrastructure"),
    "indicators": ("Chỉ tiêu kế hoạch", "Plan indicators"),
    "government": ("Chính quyền số", "Digital government"),
}


def modelled_dead_spots_dataset() -> Dataset | None:
    """The modelled dead spots, when the coverage engine declares its table."""
    t = TABLES.get("modelled_dead_spots")
    if t is None:
        return None
    names = [c.name for c in t.columns if c.name != "import_id"]
    key = tuple(k for k in t.key if k in names) or (names[0],)
    geom = next((n for n in names if "geometry" in n or "wkt" in n), "")
    return _marked(
        Dataset(
            "dead-spots-modelled",
            "Điểm lõm sóng (mô hình)",
            "Coverage dead spots (modelled)",
            "Vùng lõm sóng tính từ mô hình truyền sóng và danh sách trạm (`hatang coverage`).",
            "Dead spots found by the radio coverage model from the site list (`hatang coverage`): "
            "connected populated areas without 4G coverage.",
            ("modelled_dead_spots",),
            _from_schema(t.name, names),
            key,
            derive.modelled_dead_spots,
            ("dead-spots", "coverage", "modelled"),
            "telecom",
            spatial="wkt"
            if geom == "geometry"
            else ("point" if {"lon", "lat"} <= set(names) else ""),
            optional=True,
        )
    )


def _register_datasets() -> tuple[Dataset, ...]:
    """The dead-spot register: its cases (public fields only) and its figures."""
    from hatang.publish import register as reg

    names = {"village_name": VILLAGE_NAME, "commune_name": COMMUNE_NAME}
    names["commune_name_2024"] = F("commune_name_2024", "string", "commune name, 2024 map")
    names["shape"] = F(
        "shape",
        "string",
        "the GIS layer the case is in: 'polygon' where it has the modelled outline, else "
        "'point' (at lon/lat)",
    )
    counts = {
        "open_cases": "cases open at the period's end (not closed or rejected)",
        "overdue_cases": "open cases past their response or planned fix date at the period's end",
        "fixed_cases": "cases whose fix was recorded in the period",
        "verified_cases": "cases verified in the period (tests after the fix or a later run)",
    }
    figures = (
        F("period", "string", "quarter"),
        F("map", "string", "map of the commune codes: 2025 or 2024"),
        F("commune_code", "string", "commune code ('*': the whole province)"),
        COMMUNE_NAME,
        F("operator", "string", "'all', or the operator the cases are assigned to"),
        *(F(k, "integer", v) for k, v in counts.items()),
        F(
            "median_days_to_fix",
            "number",
            "median days from report to fix, cases fixed in the period",
            places=0,
        ),
        F(
            "people_open",
            "number",
            "people affected by the open cases (each modelled dead spot once)",
            places=0,
        ),
    )
    return (
        Dataset(
            "dead-spot-register",
            "Sổ theo dõi điểm lõm sóng",
            "Dead-spot register",
            "Mỗi điểm lõm sóng là một hồ sơ: nơi, số người bị ảnh hưởng, nhà mạng được giao, "
            "hạn trả lời, kế hoạch và ngày khắc phục, kết quả kiểm chứng. Không có mô tả, liên hệ "
            "hay người thực hiện.",
            "Every dead spot as a case: where, people affected, the operator it is assigned to, "
            "the response deadline, the planned and actual fix, the verification. Descriptions, "
            "contacts and who acted are never published.",
            ("register_cases",),  # and units, for the names
            _from_schema("register_cases", list(reg.CASE_FIELDS), names),
            ("case_id",),
            reg.register_cases,
            ("dead-spots", "register", "mobile", "coverage"),
            "telecom",
            spatial="wkt",
            optional=True,
            layers=("shape",),
            fixed_layers=(("point", "Point"), ("polygon", "MultiPolygon")),
        ),
        Dataset(
            "dead-spot-register-figures",
            "Số liệu sổ điểm lõm sóng",
            "Dead-spot register figures",
            "Theo quý, bản đồ, xã và nhà mạng: hồ sơ đang mở, quá hạn, khắc phục và kiểm chứng "
            "trong kỳ, số ngày trung vị đến khi khắc phục, số người trong các hồ sơ đang mở.",
            "Per quarter, map, commune and operator: cases open and overdue at the quarter's end, "
            "fixed and verified in it, the median days from report to fix, people in open cases.",
            ("register_events",),  # and units, for the names
            figures,
            ("period", "map", "commune_code", "operator"),
            reg.register_figures,
            ("dead-spots", "register", "indicators"),
            "telecom",
            optional=True,
        ),
    )


def all_datasets() -> list[Dataset]:
    out = list(DATASETS)
    m = modelled_dead_spots_dataset()
    if m is not None:
        out.insert(5, m)
    return out + [_marked(d) for d in _register_datasets()]


def get(name: str) -> Dataset | None:
    return next((d for d in all_datasets() if d.name == name), None)
