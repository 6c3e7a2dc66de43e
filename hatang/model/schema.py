"""The tables of a workspace, declared once.

The same declarations build the DuckDB tables (store/), validate imported files
(io/), and write docs/data-model.md (scripts/gen_docs.py). Every imported table
carries `import_id`; every table whose rows vary in time carries `period`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: logical type → DuckDB type
SQL_TYPES = {
    "text": "VARCHAR",
    "int": "BIGINT",
    "float": "DOUBLE",
    "bool": "BOOLEAN",
    "date": "DATE",
    "timestamp": "TIMESTAMP",
    "period": "VARCHAR",
    "code": "VARCHAR",  # official codes: strings with leading zeros, never integers
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    required: bool = True
    unit: str = ""
    allowed: tuple[str, ...] = ()
    min: float | None = None
    max: float | None = None
    #: other names accepted in files (English and Vietnamese headers)
    aliases: tuple[str, ...] = ()
    #: (table, column) this value must exist in, e.g. ("units", "code")
    references: tuple[str, str] | None = None

    @property
    def sql_type(self) -> str:
        return SQL_TYPES[self.type]


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]
    #: the importer KIND that loads it (None: computed, not imported)
    kind: str | None = None
    temporal: bool = False
    extra: dict[str, str] = field(default_factory=dict)
    #: read by the indicator engine: "periods" (read, and the periods it holds are the
    #: periods indicators are computed for), "input" (read only), "" (not read)
    indicator_input: str = ""

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _c(name: str, type_: str, description: str, **kw: Any) -> Column:
    return Column(name, type_, description, **kw)


PERIOD = _c(
    "period",
    "period",
    "reporting period, e.g. 2025Q3 (quarter) or 2025 (year)",
    aliases=("kỳ", "ky", "quý", "quy", "ky bao cao", "kỳ báo cáo"),
)
LON = _c(
    "lon",
    "float",
    "longitude, WGS 84",
    unit="°",
    min=-180,
    max=180,
    aliases=("longitude", "lng", "long", "x", "kinh độ", "kinh do"),
)
LAT = _c(
    "lat",
    "float",
    "latitude, WGS 84",
    unit="°",
    min=-90,
    max=90,
    aliases=("latitude", "y", "vĩ độ", "vi do"),
)
OPERATOR = _c(
    "operator",
    "text",
    "mobile operator (Viettel, VNPT-VinaPhone, MobiFone, Vietnamobile, Gmobile; common spellings accepted)",
    allowed=("viettel", "vnpt", "mobifone", "vietnamobile", "gmobile"),
    aliases=("nhà mạng", "nha mang", "doanh nghiệp", "doanh nghiep", "carrier", "network"),
)

IMPORT_ID = _c("import_id", "int", "the import this row came from (imports.import_id)")

TABLES: dict[str, Table] = {}


def _table(t: Table) -> Table:
    TABLES[t.name] = t
    return t


UNITS = _table(
    Table(
        "units",
        "Administrative units on either map: province, district (2024 map only), commune (ward, township), village (thôn, xóm, tổ dân phố).",
        (
            _c(
                "map",
                "text",
                "the map the unit belongs to: 2024 (three-level, until 30 Jun 2025) or 2025 (two-level, from 1 Jul 2025)",
                allowed=("2024", "2025"),
                aliases=("bản đồ",),
            ),
            _c(
                "code",
                "code",
                "official code (string, leading zeros kept); villages: any code unique in the workspace",
                aliases=("mã", "ma", "mã đơn vị", "ma don vi", "unit_code"),
            ),
            _c(
                "name",
                "text",
                "official name, for display",
                aliases=("tên", "ten", "tên đơn vị", "ten don vi"),
            ),
            _c(
                "level",
                "text",
                "unit level",
                allowed=("province", "district", "commune", "village"),
                aliases=("cấp", "cap"),
            ),
            _c(
                "parent_code",
                "code",
                "code of the unit above on the same map (empty for a province)",
                required=False,
                aliases=("mã cấp trên", "ma cap tren", "parent"),
            ),
            _c("valid_from", "date", "first day the unit exists on this map", required=False),
            _c("valid_to", "date", "last day the unit exists (empty: still valid)", required=False),
            _c(
                "population",
                "int",
                "residents",
                required=False,
                min=0,
                aliases=("dân số", "dan so"),
            ),
            _c(
                "households",
                "int",
                "households",
                required=False,
                min=0,
                aliases=("số hộ", "so ho", "hộ gia đình", "ho gia dinh"),
            ),
            _c(
                "adults",
                "int",
                "residents aged 15 and over",
                required=False,
                min=0,
                aliases=("dân số trưởng thành", "dan so truong thanh"),
            ),
            _c(
                "area_km2",
                "float",
                "area",
                unit="km²",
                required=False,
                min=0,
                aliases=("diện tích", "dien tich"),
            ),
            LON.__class__(
                **{**LON.__dict__, "required": False, "description": "centroid longitude"}
            ),
            LAT.__class__(
                **{**LAT.__dict__, "required": False, "description": "centroid latitude"}
            ),
            _c("geometry", "text", "boundary as WKT (WGS 84) where known", required=False),
            _c(
                "geometry_source",
                "text",
                "where the geometry comes from (official, synthetic-voronoi, ...)",
                required=False,
            ),
            _c(
                "urban",
                "bool",
                "urban (phường, thị trấn, tổ dân phố) or rural",
                required=False,
                aliases=("thành thị", "thanh thi"),
            ),
            _c("source", "text", "where the figures come from", required=False),
            IMPORT_ID,
        ),
        key=("map", "code"),
        indicator_input="input",
        kind="units",
    )
)

CROSSWALK = _table(
    Table(
        "crosswalk",
        "Old unit → new unit with the share of the old unit's population that went to the new one (1 July 2025 reorganisation).",
        (
            _c(
                "old_code",
                "code",
                "unit code on the 2024 map",
                aliases=("mã cũ", "ma cu", "mã xã cũ", "ma xa cu"),
            ),
            _c(
                "new_code",
                "code",
                "unit code on the 2025 map",
                aliases=("mã mới", "ma moi", "mã xã mới", "ma xa moi"),
            ),
            _c(
                "share",
                "float",
                "share of the old unit's population now in the new unit (1 for a whole merge)",
                min=0,
                max=1,
                required=False,
                aliases=("tỷ lệ", "ty le"),
            ),
            _c(
                "share_method",
                "text",
                "how the share was obtained (whole-merge, equal-split, population, area)",
                required=False,
            ),
            _c(
                "effective_date",
                "date",
                "date the change took effect",
                aliases=("ngày hiệu lực", "ngay hieu luc"),
            ),
            _c(
                "note",
                "text",
                "the official note (Nhập toàn bộ, Nhập một phần ...)",
                required=False,
                aliases=("ghi chú", "ghi chu"),
            ),
            IMPORT_ID,
        ),
        key=("old_code", "new_code"),
        indicator_input="input",
        kind="crosswalk",
    )
)

SITES = _table(
    Table(
        "sites",
        "Base-station sites (trạm BTS) as registered in a period; a site carrying cells of two or more operators is shared.",
        (
            PERIOD,
            _c(
                "site_id",
                "text",
                "site identifier, unique in the register",
                aliases=("mã trạm", "ma tram", "site", "id"),
            ),
            _c("name", "text", "site name", required=False, aliases=("tên trạm", "ten tram")),
            LON,
            LAT,
            _c(
                "owner",
                "text",
                "owner of the structure (an operator code or a tower company)",
                required=False,
                aliases=("chủ sở hữu", "chu so huu", "đơn vị quản lý"),
            ),
            _c(
                "structure",
                "text",
                "structure type",
                allowed=("tower", "rooftop", "pole", "other-sector"),
                aliases=("loại trạm", "loai tram", "loại cột", "loai cot", "type"),
            ),
            _c(
                "height_m",
                "float",
                "antenna height above ground",
                unit="m",
                min=0,
                max=300,
                aliases=("độ cao", "do cao", "chiều cao", "chieu cao", "height"),
            ),
            _c(
                "commune_code",
                "code",
                "commune the site stands in (filled from the location when empty)",
                required=False,
                aliases=("mã xã", "ma xa"),
                references=("units", "code"),
            ),
            _c(
                "location_approx",
                "bool",
                "true when the position is approximate (e.g. averaged from OpenCelliD measurements)",
                required=False,
            ),
            IMPORT_ID,
        ),
        key=("period", "site_id"),
        indicator_input="periods",
        kind="sites",
        temporal=True,
    )
)

CELLS = _table(
    Table(
        "cells",
        "Radios (cells / sectors) on sites, per period.",
        (
            PERIOD,
            _c("cell_id", "text", "cell identifier", aliases=("mã cell", "ma cell", "cell", "cid")),
            _c(
                "site_id",
                "text",
                "the site carrying the cell",
                aliases=("mã trạm", "ma tram", "site"),
                references=("sites", "site_id"),
            ),
            OPERATOR,
            _c(
                "technology",
                "text",
                "radio technology (GSM/UMTS/LTE/NR accepted)",
                allowed=("2G", "3G", "4G", "5G"),
                aliases=("công nghệ", "cong nghe", "tech", "radio"),
            ),
            _c(
                "band_mhz",
                "float",
                "carrier frequency",
                unit="MHz",
                min=400,
                max=6000,
                aliases=("băng tần", "bang tan", "band", "frequency", "tần số"),
            ),
            _c(
                "bandwidth_mhz",
                "float",
                "channel bandwidth (for RSRP)",
                unit="MHz",
                required=False,
                min=0.2,
                max=400,
                aliases=("băng thông", "bang thong"),
            ),
            _c(
                "eirp_dbm",
                "float",
                "effective isotropic radiated power in the main beam",
                unit="dBm",
                min=0,
                max=90,
                aliases=("eirp", "công suất", "cong suat"),
            ),
            _c(
                "azimuth_deg",
                "float",
                "main-beam azimuth from north (empty: omni)",
                unit="°",
                required=False,
                min=0,
                max=360,
                aliases=("azimuth", "góc phương vị", "goc phuong vi", "huong"),
            ),
            _c(
                "tilt_deg",
                "float",
                "downtilt",
                unit="°",
                required=False,
                min=-10,
                max=30,
                aliases=("tilt", "góc ngẩng", "goc nghieng"),
            ),
            _c(
                "beamwidth_deg",
                "float",
                "horizontal 3 dB beamwidth",
                unit="°",
                required=False,
                min=1,
                max=360,
                aliases=("beamwidth", "độ rộng búp sóng"),
            ),
            _c(
                "height_m",
                "float",
                "antenna height (empty: the site's height)",
                unit="m",
                required=False,
                min=0,
                max=300,
            ),
            IMPORT_ID,
        ),
        key=("period", "cell_id"),
        indicator_input="input",
        kind="cells",
        temporal=True,
    )
)

SUBSCRIPTIONS = _table(
    Table(
        "subscriptions",
        "Subscription counts per unit, operator and kind, per period.",
        (
            PERIOD,
            _c(
                "unit_code",
                "code",
                "the unit (on the map in force in the period)",
                aliases=("mã xã", "ma xa", "mã đơn vị", "ma don vi", "unit"),
                references=("units", "code"),
            ),
            OPERATOR,
            _c(
                "kind",
                "text",
                "mobile (active mobile-cellular), mobile-broadband (active), smartphone, fixed-broadband, ftth",
                allowed=("mobile", "mobile-broadband", "smartphone", "fixed-broadband", "ftth"),
                aliases=("loại thuê bao", "loai thue bao", "loại", "loai"),
            ),
            _c(
                "count",
                "int",
                "subscriptions",
                min=0,
                aliases=("số thuê bao", "so thue bao", "số lượng", "so luong", "subscriptions"),
            ),
            IMPORT_ID,
        ),
        key=("period", "unit_code", "operator", "kind"),
        indicator_input="periods",
        kind="subscriptions",
        temporal=True,
    )
)

VILLAGE_SERVICES = _table(
    Table(
        "village_services",
        "Service status of each village in a period, as reported by operators / the province.",
        (
            PERIOD,
            _c(
                "village_code",
                "code",
                "the village",
                aliases=("mã thôn", "ma thon", "village"),
                references=("units", "code"),
            ),
            _c(
                "mobile_broadband",
                "bool",
                "mobile broadband (3G/4G/5G) available; with the columns by technology, a"
                " village has it when any of them says so (the union)",
                required=False,
                aliases=(
                    "phủ sóng di động băng rộng",
                    "phu song di dong bang rong",
                    "mobile_bb",
                ),
            ),
            _c(
                "mobile_3g",
                "bool",
                "3G available",
                required=False,
                aliases=("có sóng 3g", "co song 3g", "có 3g", "co 3g", "3g"),
            ),
            _c(
                "mobile_4g",
                "bool",
                "4G available",
                required=False,
                aliases=("có sóng 4g", "co song 4g", "có 4g", "co 4g", "4g"),
            ),
            _c(
                "mobile_5g",
                "bool",
                "5G available",
                required=False,
                aliases=("có sóng 5g", "co song 5g", "có 5g", "co 5g", "5g"),
            ),
            _c(
                "fixed_broadband",
                "bool",
                "fixed broadband available",
                aliases=("phủ băng rộng cố định", "phu bang rong co dinh", "fixed_bb"),
            ),
            _c(
                "fibre_households",
                "int",
                "households able to get fibre within 10 working days of a request",
                min=0,
                aliases=(
                    "hộ tiếp cận cáp quang",
                    "ho tiep can cap quang",
                    "fibre_hh",
                    "fiber_households",
                ),
            ),
            IMPORT_ID,
        ),
        key=("period", "village_code"),
        indicator_input="periods",
        kind="village-services",
        temporal=True,
    )
)

SPEED_TESTS = _table(
    Table(
        "speed_tests",
        "Individual speed tests (crowdsourced or measured). Personal data: never published raw.",
        (
            _c("test_id", "text", "test identifier", aliases=("id", "mã đo")),
            _c(
                "time",
                "timestamp",
                "when the test ran (local time)",
                aliases=("thời gian", "thoi gian", "timestamp"),
            ),
            PERIOD.__class__(
                **{
                    **PERIOD.__dict__,
                    "required": False,
                    "description": "quarter of `time` (filled when empty)",
                }
            ),
            LON,
            LAT,
            OPERATOR.__class__(
                **{
                    **OPERATOR.__dict__,
                    "allowed": OPERATOR.allowed + ("fixed-other",),
                    "description": "operator or ISP",
                }
            ),
            _c(
                "kind",
                "text",
                "mobile or fixed",
                allowed=("mobile", "fixed"),
                aliases=("loại", "loai", "type"),
            ),
            _c(
                "download_kbps",
                "float",
                "download speed",
                unit="kbit/s",
                min=0,
                aliases=("tốc độ tải xuống", "download"),
            ),
            _c(
                "upload_kbps",
                "float",
                "upload speed",
                unit="kbit/s",
                min=0,
                aliases=("tốc độ tải lên", "upload"),
            ),
            _c(
                "latency_ms",
                "float",
                "latency",
                unit="ms",
                min=0,
                required=False,
                aliases=("độ trễ", "latency", "ping"),
            ),
            _c(
                "rsrp_dbm",
                "float",
                "reference-signal received power, when known",
                unit="dBm",
                min=-160,
                max=-20,
                required=False,
                aliases=("rsrp",),
            ),
            IMPORT_ID,
        ),
        key=("test_id",),
        indicator_input="periods",
        kind="speed-tests",
        temporal=True,
    )
)

SPEED_TILES = _table(
    Table(
        "speed_tiles",
        "Speed tiles in Ookla's open-data schema (zoom-16 quadkeys), per period and kind.",
        (
            PERIOD,
            _c("kind", "text", "mobile or fixed", allowed=("mobile", "fixed"), aliases=("type",)),
            _c("quadkey", "text", "Bing Maps quadkey of the tile (zoom 16)"),
            _c("avg_d_kbps", "float", "tests-weighted mean download", unit="kbit/s", min=0),
            _c("avg_u_kbps", "float", "tests-weighted mean upload", unit="kbit/s", min=0),
            _c("avg_lat_ms", "float", "mean latency", unit="ms", min=0, required=False),
            _c("tests", "int", "number of tests", min=0),
            _c("devices", "int", "number of devices", min=0),
            IMPORT_ID,
        ),
        key=("period", "kind", "quadkey"),
        indicator_input="periods",
        kind="speed-tiles",
        temporal=True,
    )
)

SERVICES = _table(
    Table(
        "services",
        "Online public services (dịch vụ công trực tuyến) offered in a period.",
        (
            PERIOD,
            _c(
                "code",
                "text",
                "procedure / service code",
                aliases=("mã thủ tục", "ma thu tuc", "mã dịch vụ", "ma dich vu"),
            ),
            _c(
                "name",
                "text",
                "service name",
                aliases=("tên thủ tục", "ten thu tuc", "tên dịch vụ", "ten dich vu"),
            ),
            _c(
                "agency",
                "text",
                "responsible agency",
                required=False,
                aliases=("cơ quan", "co quan", "đơn vị", "don vi"),
            ),
            _c(
                "level",
                "text",
                "full (toàn trình) or partial (một phần)",
                allowed=("full", "partial"),
                aliases=("mức độ", "muc do"),
            ),
            _c(
                "on_national_portal",
                "bool",
                "integrated with the National Public Service Portal",
                aliases=(
                    "tích hợp cổng dvc quốc gia",
                    "tich hop cong dvc quoc gia",
                    "national_portal",
                ),
            ),
            IMPORT_ID,
        ),
        key=("period", "code"),
        indicator_input="periods",
        kind="services",
        temporal=True,
    )
)

INFO_SYSTEMS = _table(
    Table(
        "info_systems",
        "The province's information systems: shared or not, on cloud or not.",
        (
            PERIOD,
            _c(
                "system_id",
                "text",
                "system identifier",
                aliases=("mã hệ thống", "ma he thong", "id"),
            ),
            _c("name", "text", "system name", aliases=("tên hệ thống", "ten he thong")),
            _c("agency", "text", "owning agency", required=False, aliases=("cơ quan", "co quan")),
            _c(
                "shared",
                "bool",
                "a shared (dùng chung) system of the province",
                aliases=("dùng chung", "dung chung"),
            ),
            _c(
                "on_cloud",
                "bool",
                "runs on cloud services",
                aliases=("sử dụng điện toán đám mây", "su dung dien toan dam may", "cloud"),
            ),
            _c(
                "is_data_centre",
                "bool",
                "is the provincial data-integration centre",
                required=False,
                aliases=("trung tâm tích hợp dữ liệu",),
            ),
            IMPORT_ID,
        ),
        key=("period", "system_id"),
        indicator_input="periods",
        kind="info-systems",
        temporal=True,
    )
)

SURVEYS = _table(
    Table(
        "survey_responses",
        "Weighted survey responses: one row per respondent and question.",
        (
            PERIOD,
            _c(
                "survey",
                "text",
                "which survey",
                allowed=("adults", "households", "agencies", "enterprises"),
                aliases=("khảo sát", "khao sat"),
            ),
            _c(
                "respondent_id",
                "text",
                "respondent identifier (anonymous)",
                aliases=("mã phiếu", "ma phieu", "respondent"),
            ),
            _c(
                "unit_code",
                "code",
                "unit the respondent lives / works in",
                references=("units", "code"),
                aliases=("mã xã", "ma xa", "unit"),
            ),
            _c(
                "question",
                "text",
                "question answered",
                allowed=(
                    "owns_smartphone",
                    "owns_mobile_phone",
                    "uses_national_platforms",
                    "uses_digital_platforms",
                ),
                aliases=("câu hỏi", "cau hoi"),
            ),
            _c(
                "value",
                "float",
                "answer: 1 yes, 0 no (or a share in [0,1])",
                min=0,
                max=1,
                aliases=("trả lời", "tra loi", "answer"),
            ),
            _c(
                "weight",
                "float",
                "survey weight (how many units of the population the respondent stands for)",
                min=0,
                aliases=("trọng số", "trong so"),
            ),
            IMPORT_ID,
        ),
        key=("period", "survey", "respondent_id", "question"),
        indicator_input="periods",
        kind="surveys",
        temporal=True,
    )
)

CLOUD_ACCOUNTS = _table(
    Table(
        "cloud_accounts",
        "Cloud-service accounts held by residents, per unit and provider.",
        (
            PERIOD,
            _c(
                "unit_code",
                "code",
                "the unit",
                references=("units", "code"),
                aliases=("mã xã", "ma xa", "unit"),
            ),
            _c("provider", "text", "cloud provider", aliases=("nhà cung cấp", "nha cung cap")),
            _c("accounts", "int", "accounts", min=0, aliases=("số tài khoản", "so tai khoan")),
            IMPORT_ID,
        ),
        key=("period", "unit_code", "provider"),
        indicator_input="periods",
        kind="cloud-accounts",
        temporal=True,
    )
)

DEAD_SPOTS = _table(
    Table(
        "dead_spots",
        "Coverage dead spots (điểm lõm sóng) reported by operators or citizens.",
        (
            _c("dead_spot_id", "text", "identifier", aliases=("mã điểm", "ma diem", "id")),
            LON,
            LAT,
            _c(
                "village_code",
                "code",
                "village it lies in",
                required=False,
                references=("units", "code"),
                aliases=("mã thôn", "ma thon"),
            ),
            OPERATOR.__class__(
                **{
                    **OPERATOR.__dict__,
                    "required": False,
                    "description": "operator concerned (empty: all)",
                }
            ),
            _c("reported_on", "date", "date reported", aliases=("ngày báo cáo", "ngay bao cao")),
            _c(
                "resolved_on",
                "date",
                "date resolved (empty: open)",
                required=False,
                aliases=("ngày khắc phục", "ngay khac phuc"),
            ),
            _c(
                "description",
                "text",
                "free text",
                required=False,
                aliases=("mô tả", "mo ta", "ghi chú"),
            ),
            IMPORT_ID,
        ),
        key=("dead_spot_id",),
        indicator_input="input",
        kind="dead-spots",
    )
)

STRUCTURES = _table(
    Table(
        "structures",
        "Other-sector structures that could carry antennas (power-line towers, water towers, public buildings).",
        (
            _c("structure_id", "text", "identifier", aliases=("id", "mã")),
            _c(
                "kind",
                "text",
                "structure type",
                allowed=("power-tower", "water-tower", "public-building", "other"),
                aliases=("loại", "loai", "type"),
            ),
            LON,
            LAT,
            _c(
                "height_m",
                "float",
                "usable antenna height",
                unit="m",
                min=0,
                max=300,
                aliases=("độ cao", "do cao"),
            ),
            _c("owner", "text", "owner", required=False, aliases=("chủ sở hữu",)),
            IMPORT_ID,
        ),
        key=("structure_id",),
        kind="structures",
    )
)

#: the kinds of public facility the planner can weight (`[planner] facility_weight`)
FACILITY_KINDS = ("school", "health-station", "commune-office", "other")

FACILITIES = _table(
    Table(
        "facilities",
        "Public facilities that need mobile signal (schools, health stations, commune offices): `plan-sites` can weight the people of their villages and counts the facilities each action brings 4G to.",
        (
            _c(
                "facility_id",
                "text",
                "identifier",
                aliases=("id", "mã", "ma", "mã cơ sở", "ma co so"),
            ),
            _c(
                "kind",
                "text",
                "facility type (Vietnamese accepted: trường học, trạm y tế, trụ sở UBND xã, khác)",
                allowed=FACILITY_KINDS,
                aliases=("loại", "loai", "type", "loại cơ sở", "loai co so"),
            ),
            _c(
                "name",
                "text",
                "name, for display",
                required=False,
                aliases=("tên", "ten", "tên cơ sở", "ten co so"),
            ),
            _c(
                "village_code",
                "code",
                "village (or other unit) it lies in; the planner weights this village's people (when empty: the village nearest to the facility)",
                required=False,
                references=("units", "code"),
                aliases=("mã thôn", "ma thon", "village"),
            ),
            LON.__class__(
                **{
                    **LON.__dict__,
                    "required": False,
                    "description": "longitude, WGS 84 (empty: the position of `village_code`)",
                }
            ),
            LAT.__class__(
                **{
                    **LAT.__dict__,
                    "required": False,
                    "description": "latitude, WGS 84 (empty: the position of `village_code`)",
                }
            ),
            _c(
                "location_approx",
                "bool",
                "true when the position is approximate (placed at its village's position because the file gave none)",
                required=False,
            ),
            _c(
                "source",
                "text",
                "where the record comes from",
                required=False,
                aliases=("nguồn", "nguon"),
            ),
            IMPORT_ID,
        ),
        key=("facility_id",),
        kind="facilities",
    )
)

IMPORTS = _table(
    Table(
        "imports",
        "One row per import: which file (by content hash), when, how many rows went in and out.",
        (
            _c("import_id", "int", "sequence number"),
            _c("kind", "text", "importer kind"),
            _c("file_name", "text", "name of the file as given"),
            _c(
                "sha256",
                "text",
                "SHA-256 of the file's bytes; the file is kept as raw/<sha256><ext>",
            ),
            _c("period", "period", "--period given (if any)", required=False),
            _c("imported_at", "timestamp", "when"),
            _c(
                "encoding",
                "text",
                "text encoding detected (utf-8, utf-8-sig, cp1258) or xlsx/parquet",
                required=False,
            ),
            _c("rows_read", "int", "data rows read"),
            _c("rows_loaded", "int", "rows written"),
            _c("rows_rejected", "int", "rows sent to quarantine"),
            _c("synthetic", "bool", "the file is synthetic (demo) data"),
            _c("note", "text", "free text", required=False),
        ),
        key=("import_id",),
        indicator_input="input",
    )
)

META = _table(
    Table(
        "meta",
        "Workspace facts as key/value (province, synthetic flag, schema version).",
        (_c("key", "text", "name"), _c("value", "text", "value")),
        key=("key",),
    )
)

DRIVE_TESTS = _table(
    Table(
        "drive_tests",
        "Measured signal strength (drive tests, walk tests, network probes) used to calibrate the coverage model.",
        (
            _c(
                "measurement_id", "text", "measurement identifier", aliases=("id", "mã đo", "ma do")
            ),
            _c(
                "time",
                "timestamp",
                "when the sample was taken (local time)",
                aliases=("thời gian", "thoi gian", "timestamp"),
            ),
            PERIOD.__class__(
                **{
                    **PERIOD.__dict__,
                    "required": False,
                    "description": "quarter of `time` (filled when empty)",
                }
            ),
            LON,
            LAT,
            OPERATOR,
            _c(
                "technology",
                "text",
                "radio technology measured",
                allowed=("2G", "3G", "4G", "5G"),
                aliases=("công nghệ", "cong nghe", "tech", "radio"),
            ),
            _c(
                "rsrp_dbm",
                "float",
                "reference-signal received power (4G/5G) or received level",
                unit="dBm",
                min=-160,
                max=-20,
                aliases=("rsrp", "mức thu", "muc thu", "rxlev"),
            ),
            _c(
                "cell_id",
                "text",
                "serving cell, when known",
                required=False,
                aliases=("cell", "cid"),
            ),
            IMPORT_ID,
        ),
        key=("measurement_id",),
        kind="drive-tests",
        temporal=True,
    )
)

# ---- computed tables (written by hatang, not imported) ----------------------------

INDICATOR_VALUES = _table(
    Table(
        "indicator_values",
        "Every indicator for every unit and period, as computed by `hatang compute`; the web and reports read these.",
        (
            _c("indicator", "text", "indicator id from the catalogue"),
            _c("map", "text", "map of the unit: 2024 or 2025"),
            _c("unit_code", "code", "unit"),
            _c("level", "text", "unit level"),
            PERIOD,
            _c("numerator", "float", "numerator (sum over the unit)", required=False),
            _c("denominator", "float", "denominator (sum over the unit)", required=False),
            _c(
                "value",
                "float",
                "numerator / denominator × scale; empty when there is no data",
                required=False,
            ),
            _c("sample_size", "int", "respondents or tests behind the value", required=False),
            _c("ci_low", "float", "95 % confidence interval, low", required=False),
            _c("ci_high", "float", "95 % confidence interval, high", required=False),
            _c(
                "method",
                "text",
                "how the value was obtained (direct, village-rollup, crosswalk-population-share, survey-weighted, median-tests, ookla-tiles-mean, modelled ...)",
            ),
            _c(
                "reliable",
                "bool",
                "false when flagged (e.g. fewer than 50 speed tests)",
                required=False,
            ),
            _c("no_data_reason", "text", "why there is no value", required=False),
            _c(
                "coverage_level",
                "text",
                "level the data is reported at (commune, village ...); empty for registers and samples",
                required=False,
            ),
            _c(
                "units_reporting",
                "int",
                "units at coverage_level with data in the period",
                required=False,
            ),
            _c(
                "units_expected",
                "int",
                "units at coverage_level inside the unit in the workspace",
                required=False,
            ),
            _c(
                "coverage_share",
                "float",
                "the reporting units' share of the unit's people (empty where populations are unknown)",
                required=False,
            ),
            _c(
                "partial",
                "bool",
                "true when coverage_share (else the share of units) is below the settings' complete share: never reliable",
                required=False,
            ),
            _c(
                "inputs",
                "text",
                "JSON: the tables and import ids the value came from",
                required=False,
            ),
            _c("synthetic", "bool", "computed from synthetic data"),
            _c("computed_at", "timestamp", "when"),
        ),
        key=("indicator", "map", "unit_code", "period"),
    )
)

COVERAGE_UNITS = _table(
    Table(
        "coverage_units",
        "Modelled coverage per unit, operator and technology (from `hatang coverage`).",
        (
            _c("run_id", "text", "coverage run"),
            PERIOD,
            _c("map", "text", "map of the unit"),
            _c("unit_code", "code", "unit"),
            _c("level", "text", "unit level"),
            _c("operator", "text", "operator code, or 'any' for the union over operators"),
            _c("technology", "text", "2G/3G/4G/5G"),
            _c("population", "float", "people on the grid in the unit"),
            _c("population_covered", "float", "people in covered grid cells"),
            _c("villages", "int", "villages in the unit", required=False),
            _c(
                "villages_covered",
                "int",
                "villages whose covered share reaches the threshold",
                required=False,
            ),
            _c("synthetic", "bool", "computed from synthetic data"),
        ),
        key=("run_id", "map", "unit_code", "operator", "technology"),
        indicator_input="periods",
    )
)

API_TOKENS = _table(
    Table(
        "api_tokens",
        "Tokens for the web API and the register (`hatang token create NAME --role ROLE`); only the SHA-256 of each token is kept.",
        (
            _c("name", "text", "who or what holds the token"),
            _c(
                "token_sha256",
                "text",
                "SHA-256 (hex) of the token; the token itself is shown once and never stored",
            ),
            _c("created_at", "timestamp", "when the token was created"),
            _c("revoked", "bool", "true once revoked (`hatang token revoke NAME`)"),
            _c(
                "role",
                "text",
                "admin, analyst or operator (docs/register.md); empty in a token made before roles existed, which counts as analyst",
                required=False,
                allowed=("admin", "analyst", "operator"),
            ),
            _c("operator", "text", "the operator an operator token acts for", required=False),
        ),
        key=("name",),
    )
)

COVERAGE_RUNS = _table(
    Table(
        "coverage_runs",
        "One row per `hatang coverage` run: what it was computed from and with which settings.",
        (
            _c("run_id", "text", "run identifier (e.g. 2025Q4-4G-any-100m)"),
            _c("created_at", "timestamp", "when the run was computed"),
            PERIOD.__class__(
                **{**PERIOD.__dict__, "description": "period of the site/cell register used"}
            ),
            _c("technology", "text", "technology modelled (2G/3G/4G/5G)"),
            _c("operator", "text", "operator modelled, or 'any' for all operators"),
            _c("resolution_m", "float", "grid cell size", unit="m"),
            _c("model", "text", "propagation model"),
            _c("settings", "text", "JSON: the coverage settings used"),
            _c(
                "calibration",
                "text",
                "JSON: per-operator offsets applied (dB) and the fit's RMSE/bias before and after",
                required=False,
            ),
            _c("population", "float", "people on the grid"),
            _c(
                "population_covered",
                "float",
                "people in covered grid cells (any operator in scope)",
            ),
            _c("evaluations", "int", "radio × grid-cell evaluations"),
            _c("seconds", "float", "wall time of the grid computation", unit="s"),
            _c("synthetic", "bool", "computed from synthetic data"),
            _c(
                "province",
                "code",
                "the 2025 province a `hatang coverage --province` run was narrowed to; "
                "empty: the whole workspace (only such runs are current)",
                required=False,
            ),
        ),
        key=("run_id",),
    )
)

MODELLED_DEAD_SPOTS = _table(
    Table(
        "modelled_dead_spots",
        "Dead spots found by the coverage model: connected groups of populated grid cells without coverage.",
        (
            _c("run_id", "text", "coverage run"),
            _c("dead_spot_id", "text", "identifier within the run (scope and rank by population)"),
            _c(
                "scope",
                "text",
                "'any' (no operator covers it) or an operator code (that operator does not cover it)",
            ),
            _c("technology", "text", "technology modelled"),
            _c("geometry", "text", "outline as WKT (WGS 84)"),
            _c("lon", "float", "population-weighted centroid longitude", unit="°"),
            _c("lat", "float", "population-weighted centroid latitude", unit="°"),
            _c("area_km2", "float", "area", unit="km²"),
            _c("population", "float", "people inside"),
            _c("cells", "int", "grid cells"),
            _c("nearest_village_code", "code", "village nearest to the centroid", required=False),
            _c(
                "commune_code",
                "code",
                "commune on the 2025 map (of the nearest village)",
                required=False,
            ),
            _c(
                "commune_code_2024",
                "code",
                "commune on the 2024 map (of the nearest village)",
                required=False,
            ),
            _c("reports", "int", "reported dead spots matched to it (inside or within 500 m)"),
            _c("status", "text", "matched (a report lies inside or within 500 m) or model-only"),
            _c("synthetic", "bool", "computed from synthetic data"),
        ),
        key=("run_id", "dead_spot_id"),
    )
)

DEAD_SPOT_CHECKS = _table(
    Table(
        "dead_spot_checks",
        "Each open reported dead spot compared with the modelled ones of a coverage run.",
        (
            _c("run_id", "text", "coverage run"),
            _c("dead_spot_id", "text", "reported dead spot (dead_spots.dead_spot_id)"),
            _c("operator", "text", "operator of the report (empty: all)", required=False),
            _c("status", "text", "matched or missed (by the model)"),
            _c("matched_id", "text", "modelled dead spot it lies in or near", required=False),
            _c(
                "distance_m",
                "float",
                "distance to that modelled dead spot (0 inside)",
                unit="m",
                required=False,
            ),
            _c("synthetic", "bool", "computed from synthetic data"),
        ),
        key=("run_id", "dead_spot_id"),
    )
)

#: facilities newly covered, in total and per kind (scenarios and their actions); empty
#: when the workspace has no facilities
FACILITY_COUNTS = (
    _c("facilities_new", "int", "facilities newly covered (all kinds)", required=False),
    _c("schools_new", "int", "schools newly covered", required=False),
    _c("health_stations_new", "int", "health stations newly covered", required=False),
    _c("commune_offices_new", "int", "commune offices newly covered", required=False),
    _c("other_facilities_new", "int", "other facilities newly covered", required=False),
)

SCENARIOS = _table(
    Table(
        "scenarios",
        "Named planning scenarios from `hatang plan-sites`: the question asked, the answer's quality and the plan's indicators before and after.",
        (
            _c("name", "text", "scenario name"),
            _c("created_at", "timestamp", "when it was computed"),
            _c(
                "problem",
                "text",
                "max-cover (within a budget) or min-cost (cover a share of the dead-spot population)",
            ),
            _c("budget_vnd", "float", "budget given", unit="VND", required=False),
            _c(
                "cover_share",
                "float",
                "share of coverable dead-spot people required (of weighted people when `weighting` is set)",
                required=False,
            ),
            _c("sharing_target", "float", "sharing ratio required after the plan", required=False),
            _c("operator", "text", "operator planned for ('any': whichever operator builds)"),
            _c("coverage_period", "period", "site register the coverage was computed from"),
            _c(
                "coverage_run",
                "text",
                "coverage run planned against (coverage_runs.run_id; `plan-sites --run`, by default the newest all-operator 4G run of the period): its calibration offsets were applied; empty when there was none",
                required=False,
            ),
            _c(
                "coverage_run_created_at",
                "timestamp",
                "when that run was computed (a later `hatang coverage` with the same run id replaces it)",
                required=False,
            ),
            _c(
                "weighting",
                "text",
                "demand weighting: 'none' (plain people) or the facility factors used, e.g. 'school=2, health-station=3' (`[planner] facility_weight`, `plan-sites --priority`): the people of a village with such a facility counted that many times, the largest factor when several apply; empty for scenarios made before it was recorded",
                required=False,
            ),
            _c("technology", "text", "technology planned (4G)"),
            _c("resolution_m", "float", "grid cell size of the demand", unit="m"),
            _c("status", "text", "optimal, time_limit, greedy or infeasible"),
            _c("method", "text", "how the plan was found (greedy+swap+lp, milp)"),
            _c("people_new", "float", "people newly covered by the plan (people, never weighted)"),
            _c(
                "objective_weighted",
                "float",
                "weighted people newly covered (people × their village's factor): what the optimiser maximised or covered; empty without weighting",
                required=False,
            ),
            _c("cost_vnd", "float", "total cost of the actions", unit="VND"),
            _c(
                "bound",
                "float",
                "max-cover: no plan covers more people (weighted people when `weighting` is set); min-cost: no plan costs less (VND)",
            ),
            _c("gap", "float", "relative gap between the plan and the bound"),
            _c("solve_seconds", "float", "solver wall time", unit="s"),
            _c("demand_people", "float", "people in uncovered grid cells (the demand)"),
            _c(
                "demand_weighted",
                "float",
                "the demand in weighted people; empty without weighting",
                required=False,
            ),
            _c("uncoverable_people", "float", "demand that no candidate can cover"),
            _c("candidates", "int", "candidates considered"),
            _c("population", "float", "people on the grid"),
            _c("population_covered_before", "float", "people covered before the plan"),
            _c("population_covered_after", "float", "people covered after the plan"),
            _c("villages", "int", "villages"),
            _c(
                "villages_covered_before",
                "int",
                "villages covered before (share ≥ indicators.village_covered_share)",
            ),
            _c("villages_covered_after", "int", "villages covered after the plan"),
            _c("sites_before", "int", "sites in the register"),
            _c("shared_sites_before", "int", "sites hosting two or more operators"),
            _c("sharing_before", "float", "shared sites ÷ sites before"),
            _c("sharing_after", "float", "shared sites ÷ sites after the plan"),
            _c("dead_spots", "int", "modelled dead spots (no operator covers them)"),
            _c("dead_spots_closed", "int", "dead spots fully covered by the plan"),
            _c(
                "facilities",
                "int",
                "facilities (table `facilities`) on the grid; empty when none are imported",
                required=False,
            ),
            _c(
                "facilities_uncovered",
                "int",
                "facilities in grid cells without 4G before the plan (of the operator planned for)",
                required=False,
            ),
            *FACILITY_COUNTS,
            _c(
                "reference_without",
                "text",
                "what the reference plan leaves out: sharing, weighting or sharing+weighting; empty when the plan had neither",
                required=False,
            ),
            _c(
                "reference_cost_vnd",
                "float",
                "cost of the same question without the sharing target and the weighting (what they add)",
                unit="VND",
                required=False,
            ),
            _c(
                "reference_people_new",
                "float",
                "people the reference plan newly covers",
                required=False,
            ),
            _c("reference_status", "text", "the reference plan's solver status", required=False),
            _c("synthetic", "bool", "computed from synthetic data"),
            _c(
                "province",
                "code",
                "the 2025 province planned for in a national workspace (`plan-sites --province`, "
                "`--by province`); empty: the whole workspace",
                required=False,
            ),
        ),
        key=("name",),
    )
)

SCENARIO_ACTIONS = _table(
    Table(
        "scenario_actions",
        "The ranked actions of a scenario: what to build or share, where, and what each one adds (given the ones ranked before it).",
        (
            _c("scenario", "text", "scenario name"),
            _c("rank", "int", "1 = largest contribution"),
            _c("candidate_id", "text", "candidate identifier"),
            _c(
                "kind",
                "text",
                "colocation (an operator's radios on another operator's site), other-sector (a structure from `structures`) or new-tower",
            ),
            _c("operator", "text", "operator that installs the radios ('any': to be decided)"),
            _c("host_site_id", "text", "existing site used (co-location)", required=False),
            _c("structure_id", "text", "other-sector structure used", required=False),
            _c("lon", "float", "longitude", unit="°"),
            _c("lat", "float", "latitude", unit="°"),
            _c("height_m", "float", "antenna height", unit="m"),
            _c("cost_vnd", "float", "cost", unit="VND"),
            _c("people_new", "float", "people newly covered (people, never weighted)"),
            _c(
                "weighted_new",
                "float",
                "weighted people newly covered (people × their village's factor); empty without weighting",
                required=False,
            ),
            _c("villages_new", "int", "villages newly reaching the covered share"),
            _c("dead_spots_closed", "int", "modelled dead spots fully covered"),
            *FACILITY_COUNTS,
            _c("makes_shared", "bool", "the action makes an existing site shared"),
            _c("band_mhz", "float", "band of the radios planned", unit="MHz"),
            _c("bandwidth_mhz", "float", "channel bandwidth planned", unit="MHz"),
            _c("eirp_dbm", "float", "EIRP per sector planned", unit="dBm"),
            _c("sectors", "int", "sectors (azimuths 0°, 120°, 240°)"),
            _c("environment", "text", "clutter class used for its coverage"),
            _c("synthetic", "bool", "computed from synthetic data"),
        ),
        key=("scenario", "rank"),
    )
)

# ---- the dead-spot register (hatang.register; docs/register.md) -------------------

#: the register's states and steps are declared in hatang.register.machine; the
#: columns here are what a case holds and what its history records
REGISTER_CASES = _table(
    Table(
        "register_cases",
        "The dead-spot register: one row per case (điểm lõm sóng) with its owner, deadlines and state — the fold of its history (`register_events`), rebuilt from it, never edited on its own.",
        (
            _c("case_id", "text", "stable case identifier (C00001, …)"),
            _c("state", "text", "life-cycle state (docs/register.md)"),
            _c(
                "source",
                "text",
                "where the case comes from",
                allowed=("operator-report", "province", "citizen", "model", "challenge"),
            ),
            _c(
                "source_ref",
                "text",
                "the source's own reference: a reported dead_spot_id, RUN_ID/DEAD_SPOT_ID of a modelled one, a challenge's location",
                required=False,
            ),
            _c("opened_on", "date", "date reported or observed"),
            _c("opened_at", "timestamp", "when the case was opened in the register"),
            _c("lon", "float", "longitude, WGS 84", unit="°"),
            _c("lat", "float", "latitude, WGS 84", unit="°"),
            _c(
                "geometry",
                "text",
                "the modelled outline as WKT, where there is one",
                required=False,
            ),
            _c("village_code", "code", "village it lies in (or nearest)", required=False),
            _c("commune_code", "code", "commune on the 2025 map", required=False),
            _c("commune_code_2024", "code", "commune on the 2024 map", required=False),
            _c("technology", "text", "technology concerned (2G/3G/4G/5G)"),
            _c(
                "operators",
                "text",
                "operators concerned, ';'-separated (empty: all)",
                required=False,
            ),
            _c("reasons", "text", "report reason codes, ';'-separated", required=False),
            _c("description", "text", "free text (not published)", required=False),
            _c("people_affected", "float", "people affected", required=False),
            _c(
                "people_source",
                "text",
                "how people_affected was found: model (the current run's dead spot) or village (the village's people inside the case area)",
                required=False,
            ),
            _c(
                "modelled_ref",
                "text",
                "RUN_ID/DEAD_SPOT_ID of the modelled dead spot it matches",
                required=False,
            ),
            _c("assigned_operator", "text", "operator the case is assigned to", required=False),
            _c("assigned_on", "date", "date assigned", required=False),
            _c(
                "response_due",
                "date",
                "the operator must accept or dispute by this date",
                required=False,
            ),
            _c("planned_on", "date", "date the operator plans the fix for", required=False),
            _c(
                "planned_action",
                "text",
                "planned action: new-site, sharing, sector, power, other",
                required=False,
            ),
            _c("scenario", "text", "planner scenario the fix follows", required=False),
            _c("scenario_rank", "int", "rank of the scenario's action", required=False),
            _c(
                "rnas_code",
                "int",
                "RNAS site-sharing code of a sharing fix (0 = not shared … 7)",
                required=False,
                min=0,
                max=7,
            ),
            _c("dispute_reason", "text", "dispute reason code", required=False),
            _c(
                "decision",
                "text",
                "the province's decision on a dispute: upheld or overturned",
                required=False,
            ),
            _c("decided_on", "date", "date of the decision", required=False),
            _c("fixed_on", "date", "date the operator reports the fix", required=False),
            _c(
                "fix_action",
                "text",
                "action taken: new-site, sharing, sector, power, other",
                required=False,
            ),
            _c("site_id", "text", "new or changed site of the fix", required=False),
            _c("verified_on", "date", "date verified", required=False),
            _c(
                "verification",
                "text",
                "the last verification: method, figures, verdict",
                required=False,
            ),
            _c("reject_reason", "text", "rejection reason code", required=False),
            _c("closed_on", "date", "date closed", required=False),
            _c("reopened", "int", "times reopened"),
            _c("updated_at", "timestamp", "time of the last event"),
            _c("last_seq", "int", "register_events.seq of the last event"),
            _c("synthetic", "bool", "the case comes from synthetic (demo) data"),
        ),
        key=("case_id",),
    )
)

REGISTER_EVENTS = _table(
    Table(
        "register_events",
        "The register's history, append-only: every step taken on a case — who (token name and role, never the secret), when, from which state to which, the fields changed, the note and the evidence.",
        (
            _c("seq", "int", "order of the event in the whole register (1, 2, …)"),
            _c("case_id", "text", "case"),
            _c("at", "timestamp", "when"),
            _c(
                "actor",
                "text",
                "who: a token's name, `workspace admin (USER)` on the CLI, or the public form",
            ),
            _c("role", "text", "the actor's role: admin, analyst, operator, citizen"),
            _c("actor_operator", "text", "the operator of an operator token", required=False),
            _c("channel", "text", "cli, web, api, import, sync or demo"),
            _c("action", "text", "the step (docs/register.md)"),
            _c("from_state", "text", "state before (empty: the case was opened)", required=False),
            _c("to_state", "text", "state after"),
            _c("changes", "text", "JSON: the case's fields this step set, with their new values"),
            _c("note", "text", "free text", required=False),
            _c(
                "evidence",
                "text",
                "JSON: evidence attached (archived files by SHA-256, references)",
                required=False,
            ),
            _c("import_id", "int", "the import of a bulk file this step came from", required=False),
            _c("synthetic", "bool", "synthetic (demo) data"),
        ),
        key=("seq",),
        indicator_input="input",
    )
)

REGISTER_CHALLENGES = _table(
    Table(
        "register_challenges",
        "Bulk challenge files (`hatang import challenges FILE`): one row per location × reason code, as the FCC's bulk challenge CSV; each location opens a case of the dead-spot register, or is added to the open case within 500 m.",
        (
            _c(
                "challenger",
                "text",
                "who challenges: the province's office, a commune, an organisation (one per file)",
                aliases=(
                    "đơn vị khiếu nại",
                    "don vi khieu nai",
                    "người gửi",
                    "nguoi gui",
                    "đơn vị",
                    "don vi",
                ),
            ),
            _c(
                "location_id",
                "text",
                "the challenger's id of the location (rows of one location share it)",
                aliases=("mã vị trí", "ma vi tri", "vị trí", "vi tri", "location"),
            ),
            LON,
            LAT,
            OPERATOR.__class__(
                **{
                    **OPERATOR.__dict__,
                    "required": False,
                    "description": "operator challenged (empty: all)",
                }
            ),
            _c(
                "technology",
                "text",
                "technology concerned (empty: 4G)",
                required=False,
                allowed=("2G", "3G", "4G", "5G"),
                aliases=("công nghệ", "cong nghe", "tech"),
            ),
            _c(
                "reason_code",
                "text",
                "report reason code (docs/register.md: no-signal-outdoor, no-data, speed-below-target, only-2g-3g, …)",
                aliases=("mã lý do", "ma ly do", "lý do", "ly do", "category_code", "reason"),
            ),
            _c(
                "observed_on",
                "date",
                "date the problem was observed",
                aliases=("ngày ghi nhận", "ngay ghi nhan", "ngày", "ngay", "date"),
            ),
            _c(
                "village_code",
                "code",
                "village it lies in (empty: the nearest)",
                required=False,
                references=("units", "code"),
                aliases=("mã thôn", "ma thon"),
            ),
            _c(
                "download_mbps",
                "float",
                "measured download, when tested",
                unit="Mbit/s",
                min=0,
                required=False,
                aliases=("tốc độ tải xuống", "download"),
            ),
            _c(
                "upload_mbps",
                "float",
                "measured upload, when tested",
                unit="Mbit/s",
                min=0,
                required=False,
                aliases=("tốc độ tải lên", "upload"),
            ),
            _c(
                "rsrp_dbm",
                "float",
                "measured signal, when known",
                unit="dBm",
                min=-160,
                max=-20,
                required=False,
                aliases=("rsrp",),
            ),
            _c(
                "description",
                "text",
                "free text (not published)",
                required=False,
                aliases=("mô tả", "mo ta", "ghi chú", "ghi chu"),
            ),
            IMPORT_ID,
        ),
        key=("challenger", "location_id", "reason_code"),
        kind="challenges",
    )
)

REGISTER_RESPONSES = _table(
    Table(
        "register_responses",
        "An operator's answers to the cases assigned to it (`hatang import responses FILE`): accept with a planned fix, dispute with a reason and evidence, or report fixed; each row is one step of the dead-spot register.",
        (
            _c(
                "case_id",
                "text",
                "the case answered",
                aliases=("mã hồ sơ", "ma ho so", "hồ sơ", "ho so", "case"),
            ),
            _c(
                "response",
                "text",
                "accept, dispute or fixed",
                allowed=("accept", "dispute", "fixed"),
                aliases=("trả lời", "tra loi", "phản hồi", "phan hoi"),
            ),
            OPERATOR.__class__(
                **{
                    **OPERATOR.__dict__,
                    "required": False,
                    "description": "the operator answering; when given, the case must be assigned to it",
                }
            ),
            _c(
                "planned_on",
                "date",
                "accept: the planned fix date",
                required=False,
                aliases=("ngày dự kiến", "ngay du kien"),
            ),
            _c(
                "planned_action",
                "text",
                "accept: new-site, sharing, sector, power or other",
                required=False,
                aliases=("biện pháp", "bien phap", "action"),
            ),
            _c(
                "scenario",
                "text",
                "accept: the planner scenario the fix follows",
                required=False,
                aliases=("kịch bản", "kich ban"),
            ),
            _c("scenario_rank", "int", "accept: the rank of its action", required=False, min=1),
            _c(
                "rnas_code",
                "int",
                "accept with sharing: the RNAS site-sharing code (0–7)",
                required=False,
                min=0,
                max=7,
                aliases=("mã rnas", "ma rnas", "rnas"),
            ),
            _c(
                "reason_code",
                "text",
                "dispute: dispute reason code (docs/register.md: site-on-air, measurement-error, outside-area, fix-planned, …)",
                required=False,
                aliases=("mã lý do", "ma ly do", "lý do", "ly do", "reason"),
            ),
            _c(
                "fixed_on",
                "date",
                "fixed: the date fixed",
                required=False,
                aliases=("ngày khắc phục", "ngay khac phuc"),
            ),
            _c(
                "fix_action",
                "text",
                "fixed: new-site, sharing, sector, power or other",
                required=False,
                aliases=("biện pháp đã làm", "bien phap da lam"),
            ),
            _c(
                "site_id",
                "text",
                "fixed: the new or changed site",
                required=False,
                aliases=("mã trạm", "ma tram", "site"),
            ),
            _c(
                "evidence",
                "text",
                "references to the evidence (site ids, measurement campaigns, URLs), ';'-separated",
                required=False,
                aliases=("minh chứng", "minh chung"),
            ),
            _c("note", "text", "free text", required=False, aliases=("ghi chú", "ghi chu")),
            IMPORT_ID,
        ),
        key=("case_id",),
        kind="responses",
    )
)

REGISTER_CONTACTS = _table(
    Table(
        "register_contacts",
        "Contacts citizens leave with a report (optional). Personal data: kept for the office to answer, never published, never in the history.",
        (
            _c("case_id", "text", "case the report opened"),
            _c("contact", "text", "phone or e-mail as given"),
            _c("submitted_at", "timestamp", "when"),
        ),
        key=("case_id",),
    )
)

FILINGS = _table(
    Table(
        "filings",
        "Quarterly submissions (docs/submissions.md): one row per file a filer sent for a kind and period — its raw file (by SHA-256), its validation report, and where it stands (staged, refused, accepted, rejected, replaced). The row is the fold of its history in `filing_events`.",
        (
            _c("filing_id", "text", "F1, F2, … in the order filed"),
            _c(
                "filer",
                "text",
                "who owes the file: an operator code or a department (the filing calendar)",
            ),
            _c("kind", "text", "import kind (docs/import-formats.md)"),
            _c("period", "period", "the period filed, e.g. 2025Q3"),
            _c("file_name", "text", "the file's name as sent"),
            _c("sha256", "text", "the raw file, archived as raw/<sha256>"),
            _c("filed_at", "timestamp", "when it was filed"),
            _c("filed_by", "text", "who filed: a token's name, or the workspace admin"),
            _c("state", "text", "staged, refused, accepted, rejected or replaced"),
            _c("rows_read", "int", "data rows read"),
            _c("rows_valid", "int", "rows without a problem"),
            _c("problems", "int", "problems found (every one is in `report`)"),
            _c("flagged", "bool", "a figure moves a lot: review before accepting"),
            _c("report", "text", "JSON: the validation report — counts, problems, flags, diff"),
            _c(
                "replaced_by",
                "text",
                "the later filing of the same filer, kind and period",
                required=False,
            ),
            _c("import_id", "int", "the import made when it was accepted", required=False),
            _c("decided_at", "timestamp", "when it was accepted or rejected", required=False),
            _c("decided_by", "text", "who accepted or rejected it", required=False),
            _c("reason", "text", "why it was rejected (the filer sees it)", required=False),
            _c("synthetic", "bool", "synthetic (demo) data"),
        ),
        key=("filing_id",),
    )
)

FILING_EVENTS = _table(
    Table(
        "filing_events",
        "The submissions' history, append-only: every filing, refiling, acceptance and rejection — who (token name and role, never the secret), when, from which state to which.",
        (
            _c("seq", "int", "order of the event (1, 2, …)"),
            _c("filing_id", "text", "filing"),
            _c("at", "timestamp", "when"),
            _c("actor", "text", "who: a token's name, or `workspace admin (USER)` on the CLI"),
            _c("role", "text", "the actor's role: admin, analyst, operator"),
            _c("channel", "text", "cli, api, web or demo"),
            _c("action", "text", "file, replace, accept, reject"),
            _c("from_state", "text", "state before (empty: filed)", required=False),
            _c("to_state", "text", "state after"),
            _c("note", "text", "the rejection's reason, the replacing filing", required=False),
            _c("synthetic", "bool", "synthetic (demo) data"),
        ),
        key=("seq",),
    )
)

IMPORT_KINDS: dict[str, Table] = {t.kind: t for t in TABLES.values() if t.kind}
#: every table the indicator engine reads
INDICATOR_INPUTS = tuple(name for name, t in TABLES.items() if t.indicator_input)
#: the tables whose periods are the periods indicators are computed for
INDICATOR_PERIODS = tuple(name for name, t in TABLES.items() if t.indicator_input == "periods")
