"""Workspace settings (hatang.toml), declared once with defaults and help.

Loaded when a command or the web app starts — never at import time. Each section is
a dataclass; `render_toml` writes a commented file a user can edit.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

from hatang.errors import ConfigError


def _f(default: Any, help: str) -> Any:
    if isinstance(default, dict | list):
        return field(default_factory=lambda: type(default)(default), metadata={"help": help})
    return field(default=default, metadata={"help": help})


@dataclass
class WorkspaceSettings:
    province: str = _f(
        "",
        "province code as given to `hatang init` (e.g. 36 for the old Nam Định, 37 for the new Ninh Bình)",
    )
    province_map: str = _f("2025", "the map the province code belongs to: 2024 or 2025")
    name: str = _f("", "province name, for display")
    crs: str = _f(
        "EPSG:32648",
        "projected CRS for grids and distances (UTM 48N covers most of Vietnam; 49N east of 108°E)",
    )
    synthetic: bool = _f(
        False, "true for a demo workspace: every output is labelled synthetic (dữ liệu mô phỏng)"
    )
    country: bool = _f(
        False,
        "true for a national workspace (`hatang init --country`): every province of both "
        "maps; coverage is modelled province by province, each in its own UTM zone, and "
        "commands narrow to one province with --province",
    )
    lock_wait_s: float = _f(
        120.0,
        "how long a command waits for another process (e.g. `hatang serve` writing, another "
        "import) to release the workspace before giving up (s); $HATANG_LOCK_WAIT overrides",
    )


@dataclass
class ImportSettings:
    bbox_margin_deg: float = _f(
        0.02, "coordinates may lie this far outside the province's extent (degrees)"
    )
    memory_mb: int = _f(
        128,
        "memory the database may use while an import writes (MB); a larger file's rows "
        "spill to disk, so any file imports within a bounded memory",
    )
    max_cell_chars: int = _f(
        131_072, "longest cell accepted (characters); a longer one is a problem on its row"
    )
    max_uncompressed_mb: int = _f(
        500,
        "largest an XLSX workbook may unpack to, and a GeoJSON file may be (MB), checked "
        "before reading: a ZIP bomb is refused at once",
    )
    max_cells: int = _f(
        20_000_000, "most cells an XLSX sheet may hold (rows × columns), checked before reading"
    )
    max_problems: int = _f(
        100_000,
        "an import is refused once it finds more problems than this (the first are listed): "
        "a file of another kind or layout is not read to its end",
    )
    refused_quota_mb: int = _f(
        500,
        "space raw/ may keep for files whose import was refused; beyond it the oldest "
        "refused files are removed (imported files are always kept)",
    )


@dataclass
class IndicatorSettings:
    village_covered_share: float = _f(
        0.9, "a village counts as covered when at least this share of its people is covered"
    )
    min_speed_tests: int = _f(
        30, "fewest raw speed tests for a median; below it the Ookla tiles' mean is used"
    )
    min_tile_tests: int = _f(
        50, "an area whose tiles hold fewer tests is flagged unreliable (Ookla guidance)"
    )
    population_base: str = _f(
        "resident",
        "the people per-inhabitant and per-adult figures divide by: resident (the statistics "
        "office's average resident population, the units' figures scaled to it) or plan "
        "(the merger plans' population size the units carry)",
    )
    resident_population_file: str = _f(
        "",
        "CSV of resident figures (map, code, name, year, population, source); empty: the "
        "shipped hatang/data/population/resident.csv",
    )
    complete_share: float = _f(
        1.0,
        "a ratio of reported data (subscriptions, village services ...) covering less of its "
        "unit's people than this share is partial: shown with its coverage, never reliable, "
        "no status",
    )
    complete_share_counts: float = _f(
        1.0, "the same for counts of reported data (a missing commune is missing from the sum)"
    )


@dataclass
class CoverageSettings:
    resolution_m: float = _f(100.0, "grid cell size in metres")
    tile_cells: int = _f(256, "grid cells per tile side (tiles are processed independently)")
    mobile_height_m: float = _f(1.5, "receiver height above ground")
    environment: str = _f(
        "suburban", "default clutter correction: metropolitan, urban, suburban or open"
    )
    model: str = _f(
        "extended-hata",
        "propagation model: extended-hata (Hata / COST-231 / SM.2028 by band), hata, cost231, 38901-uma, 38901-rma",
    )
    urban_environment: str = _f(
        "urban",
        "clutter correction for cells in urban communes (wards, townships); empty = same as environment",
    )
    terrain: str = _f(
        "auto",
        "terrain loss from the workspace DEM (`hatang import dem`): auto (when one is imported), on (required) or off",
    )
    terrain_k: float = _f(4 / 3, "effective Earth-radius factor k for terrain profiles")
    terrain_edges: int = _f(3, "Deygout diffraction edges per path (1–3)")
    sector_max_attenuation_db: float = _f(
        25.0, "front-to-back limit Am of the 3GPP sector pattern (20–25 dB)"
    )
    threshold_4g_dbm: float = _f(-115.0, "RSRP at which 4G service is available outdoors (dBm)")
    threshold_4g_good_dbm: float = _f(-105.0, "RSRP for good outdoor 4G (dBm)")
    threshold_3g_dbm: float = _f(-100.0, "RSCP-equivalent received power for 3G service (dBm)")
    threshold_2g_dbm: float = _f(-95.0, "received power for 2G service (dBm)")
    threshold_5g_dbm: float = _f(-115.0, "SS-RSRP for 5G service (dBm)")
    indoor_margin_db: float = _f(0.0, "extra loss for indoor coverage (0 = outdoor)")
    village_radius_m: float = _f(
        300.0, "radius over which a village's people are spread when there is no population raster"
    )
    population_raster: str = _f(
        "", "optional GeoTIFF of population (path relative to the workspace)"
    )


@dataclass
class ComputeSettings:
    scheduler: str = _f(
        "",
        "address of a Dask scheduler to run coverage tiles and per-province plans on "
        "(e.g. tcp://10.0.0.5:8786); empty = $DASK_SCHEDULER_ADDRESS, else this machine; "
        "`--scheduler` overrides (docs/national.md)",
    )
    workers: int = _f(
        0,
        "Dask workers of the local cluster started when no scheduler is given "
        "(one thread each); 0 = one per CPU core; 1 = the tasks run in this process",
    )
    memory_limit_mb: int = _f(
        0, "memory limit of each local Dask worker (MB); 0 = the machine's memory shared evenly"
    )


@dataclass
class PlannerSettings:
    sharing_target: float = _f(
        0.30, "share of sites hosting two or more operators that a plan must reach"
    )
    cost_colocation_vnd: float = _f(
        350_000_000, "adding an operator's radios to an existing site (VND)"
    )
    cost_other_sector_vnd: float = _f(600_000_000, "equipping an other-sector structure (VND)")
    cost_new_tower_base_vnd: float = _f(1_200_000_000, "a new tower, fixed part (VND)")
    cost_new_tower_per_m_vnd: float = _f(15_000_000, "a new tower, per metre of height (VND)")
    new_tower_height_m: float = _f(36.0, "height of new towers (m)")
    candidate_spacing_m: float = _f(500.0, "spacing of the candidate grid around dead spots (m)")
    candidate_margin_m: float = _f(
        1000.0, "the candidate grid covers each dead spot's bounding box plus this margin (m)"
    )
    time_limit_s: float = _f(60.0, "time limit of the exact solver for `hatang plan-sites` (s)")
    facility_weight: dict = _f(
        {},
        "weight demand by imported facilities: { school = 2.0, health-station = 2.0 } counts the "
        "people of a village with a facility of that kind that many times (several kinds: the "
        "largest factor; factors >= 1; kinds: school, health-station, commune-office, other); "
        "empty = plain people; `plan-sites --priority` overrides",
    )


@dataclass
class WebSettings:
    tile_url: str = _f(
        "", "optional map tile URL template; empty = plain background, fully offline"
    )
    max_upload_mb: int = _f(50, "largest upload accepted by the write API")
    session_hours: float = _f(12.0, "hours a web sign-in lasts (the session cookie's expiry)")


@dataclass
class RegisterSettings:
    response_days: int = _f(
        60, "days an operator has to accept or dispute a case assigned to it (FCC BDC: 60)"
    )
    correction_days: int = _f(
        30, "days an operator has to plan the fix after the province upholds a case it disputed"
    )
    match_m: float = _f(
        500.0, "a case and a modelled dead spot match when this close (m), as `hatang deadspots`"
    )
    area_radius_m: float = _f(
        500.0, "a case without a modelled outline covers a disc of this radius (m)"
    )
    verify_min_samples: int = _f(
        10, "fewest drive or speed tests after the fix, inside the case area, to verify it"
    )
    verify_pass_share: float = _f(
        0.9,
        "share of those tests that must reach the coverage threshold (coverage maps are drawn for 90 % at the cell edge)",
    )
    verify_min_download_mbps: float = _f(
        5.0, "a speed test without RSRP passes at this download speed (4G LTE 5/1 Mbit/s)"
    )
    verify_min_upload_mbps: float = _f(1.0, "… and this upload speed")
    test_max_age_days: int = _f(365, "a test counts this many days (FCC BDC: one year)")
    report_rate_per_hour: int = _f(
        10, "citizen reports accepted per address and hour (web form and API)"
    )
    report_max_chars: int = _f(2000, "longest description a citizen may send")
    report_max_bytes: int = _f(
        16384, "largest citizen report the web accepts (bytes, form or JSON)"
    )
    evidence_max_bytes: int = _f(
        10_000_000,
        "largest evidence file (a photo, a PDF, a drive test's CSV) a step on the web takes (bytes)",
    )


@dataclass
class ReportSettings:
    parent_body: str = _f(
        "",
        "the issuing body's direct superior, printed in capitals above it (Decree 30/2020, "
        "cell 2); empty = 'UBND' and the province's name (UBND TỈNH NAM ĐỊNH)",
    )
    issuing_body: str = _f(
        "Sở Khoa học và Công nghệ",
        "the office that issues the report, as written in a sentence (the masthead prints it in capitals)",
    )
    abbreviation: str = _f("SKHCN", "the issuing body's abbreviation in the number: Số: …/BC-SKHCN")
    number: str = _f(
        "", "the report's number; empty = a blank the office fills in when it registers it"
    )
    place: str = _f(
        "", "the place in 'Nam Định, ngày … tháng … năm …'; empty = the province's name"
    )
    title: str = _f(
        "",
        "the report's subject after BÁO CÁO; empty = 'Kết quả thực hiện Kế hoạch số … "
        "quý … năm …' from the plan and the period",
    )
    signer_authority: str = _f(
        "KT. GIÁM ĐỐC", "the authority line above the signer's title (TM., KT., TL., Q.)"
    )
    signer_title: str = _f("PHÓ GIÁM ĐỐC", "the signer's title, in capitals")
    signer_name: str = _f("", "the signer's full name; empty = left blank for the office")
    recipients: list = _f(
        ["UBND tỉnh (để báo cáo)", "Bộ Khoa học và Công nghệ (để báo cáo)", "Lưu: VT"],
        "the 'Nơi nhận' list, one recipient per entry (the decree ends it with 'Lưu: VT, …')",
    )


@dataclass
class SubmissionSettings:
    due_days: int = _f(15, "a quarter's files are due this many days after the quarter ends")
    calendar: str = _f(
        "",
        "the filing calendar, a TOML file (relative to the workspace); empty = hatang's own (docs/submissions.md)",
    )
    auto_accept: bool = _f(
        False, "accept a filing without problems or flags at once (else an analyst accepts it)"
    )
    review_subscriptions_change: float = _f(
        0.30, "flag a filing that moves a commune's subscriptions by more than this share"
    )
    review_sites_drop: float = _f(
        0.10, "flag a filing whose site (or cell) count falls by more than this share"
    )


@dataclass
class Settings:
    workspace: WorkspaceSettings = field(default_factory=WorkspaceSettings)
    imports: ImportSettings = field(default_factory=ImportSettings)
    indicators: IndicatorSettings = field(default_factory=IndicatorSettings)
    coverage: CoverageSettings = field(default_factory=CoverageSettings)
    compute: ComputeSettings = field(default_factory=ComputeSettings)
    planner: PlannerSettings = field(default_factory=PlannerSettings)
    web: WebSettings = field(default_factory=WebSettings)
    register: RegisterSettings = field(default_factory=RegisterSettings)
    report: ReportSettings = field(default_factory=ReportSettings)
    submissions: SubmissionSettings = field(default_factory=SubmissionSettings)


#: settings an older hatang.toml may hold that no longer exist, accepted and ignored so
#: the workspace still opens: (section class, key) → why it went
RETIRED = {
    ("IndicatorSettings", "adult_age"): (
        "adults are the units' `adults` column and the adults survey's sampling frame, with "
        "the age band of the data (15+ in the official figures and the demo); hatang holds "
        "no ages, so a setting could not change the band"
    ),
}


def _apply(obj: Any, data: dict[str, Any], where: str) -> None:
    known = {f.name: f for f in fields(obj)}
    for key, value in data.items():
        if (type(obj).__name__, key) in RETIRED:
            continue
        if key not in known:
            raise ConfigError(f"{where}: unknown setting {key!r} (known: {', '.join(known)})")
        current = getattr(obj, key)
        if is_dataclass(current):
            if not isinstance(value, dict):
                raise ConfigError(f"{where}: [{key}] must be a table")
            _apply(current, value, f"{where} [{key}]")
            continue
        expected = type(current)
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, expected) or (expected is not bool and isinstance(value, bool)):
            raise ConfigError(f"{where}: {key} = {value!r} — expected {expected.__name__}")
        if isinstance(value, list) and not all(isinstance(x, str) for x in value):
            raise ConfigError(f"{where}: {key} = {value!r} — expected a list of text")
        setattr(obj, key, value)


def load(path: Path) -> Settings:
    """Read hatang.toml; unknown keys and wrong types are errors that name the key."""
    s = Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}: not valid TOML: {e}") from e
    _apply(s, data, str(path))
    return s


def _toml_key(k: str) -> str:
    return k if re.fullmatch(r"[A-Za-z0-9_-]+", k) else _toml_value(k)


def _toml_value(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    if isinstance(v, dict):  # an inline table
        if not v:
            return "{}"
        return (
            "{ " + ", ".join(f"{_toml_key(str(k))} = {_toml_value(x)}" for k, x in v.items()) + " }"
        )
    return '"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"'


def render_toml(s: Settings) -> str:
    """The settings as a commented TOML file."""
    out = ["# hatang workspace settings. Every key is optional; shown with its current value.", ""]
    for section in fields(s):
        obj = getattr(s, section.name)
        out.append(f"[{section.name}]")
        for f in fields(obj):
            out.append(f"# {f.metadata.get('help', '')}")
            out.append(f"{f.name} = {_toml_value(getattr(obj, f.name))}")
        out.append("")
    return "\n".join(out)


def save(s: Settings, path: Path) -> None:
    path.write_text(render_toml(s), encoding="utf-8")
