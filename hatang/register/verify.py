"""Is a fixed dead spot really fixed? Pure: a case, the measurements and a coverage run
in, a verdict (passed or not, and why in one line) out.

By measurements — drive tests and mobile speed tests:
  * taken after the fix date (from the day after `fixed_on`), at most
    `test_max_age_days` before today (a test counts for a year, as in the FCC's
    Broadband Data Collection), inside the case area (its modelled outline, else a disc
    of `area_radius_m` around its point), of the operator the case is assigned to (else
    of the operators it concerns; else any) and, for drive tests, of its technology;
  * a test passes when its RSRP reaches the coverage threshold of the technology
    (`[coverage] threshold_4g_dbm` …); a speed test without RSRP passes when its
    download and upload reach `verify_min_download_mbps` / `verify_min_upload_mbps`;
  * verified when at least `verify_min_samples` tests count and at least
    `verify_pass_share` of them pass.

By a coverage run — computed after the fix date over a period whose site register
holds the new or changed site (`site_id`, when the fix names one), in which no
modelled dead spot of the operator's scope (else of all operators) lies inside or
within `match_m` of the case: the people the case affected are then covered.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import shapely

from hatang.register.places import case_shapes, project
from hatang.views import format as fmt

#: the styles of a reason's two halves: "90%, 1,234 people / 90 %, 1.234 người"
EN, VI = fmt.web("en"), fmt.web("vi")


@dataclass(frozen=True)
class Rules:
    """The thresholds of a verification (from the workspace's settings)."""

    rsrp_dbm: Mapping[str, float]  # technology → coverage threshold
    min_samples: int = 10
    pass_share: float = 0.9
    min_download_kbps: float = 5000.0
    min_upload_kbps: float = 1000.0
    max_age_days: int = 365
    area_radius_m: float = 500.0
    match_m: float = 500.0
    crs: str = "EPSG:32648"


@dataclass(frozen=True)
class Verdict:
    passed: bool
    method: str  # measurements or coverage-run
    text: str  # one line, English / Vietnamese
    samples: int = 0
    passing: int = 0
    people_covered: float | None = None


def area(case: Mapping[str, Any], rules: Rules) -> shapely.Geometry:
    """The case area in metres: its outline, else a disc around its point."""
    shape = case_shapes(pd.DataFrame([case]), rules.crs)[0]
    return shape if shape.geom_type != "Point" else shape.buffer(rules.area_radius_m)


def _operators(case: Mapping[str, Any]) -> set[str]:
    if case.get("assigned_operator"):
        return {str(case["assigned_operator"])}
    return {o for o in str(case.get("operators") or "").split(";") if o}


def counted_tests(
    case: Mapping[str, Any], tests: pd.DataFrame, rules: Rules, today: dt.date
) -> pd.DataFrame:
    """The tests that count for the case, with a `passes` column.

    tests: source (drive or speed), time, lon, lat, operator, technology (drive tests),
    rsrp_dbm, download_kbps, upload_kbps."""
    fixed = case["fixed_on"]
    t = tests[pd.notna(tests["time"])].copy()
    days = pd.to_datetime(t["time"]).dt.date
    oldest = today - dt.timedelta(days=rules.max_age_days)
    keep = (days > fixed) & (days <= today) & (days >= oldest)
    ops = _operators(case)
    if ops:
        keep &= t["operator"].isin(ops)
    tech = str(case.get("technology") or "4G")
    keep &= (t["source"] != "drive") | (t["technology"] == tech)
    t = t[keep]
    if t.empty:
        return pd.DataFrame(t.assign(passes=pd.Series(dtype=bool)))
    shape = area(case, rules)
    pts = project(list(shapely.points(t["lon"].to_numpy(), t["lat"].to_numpy())), rules.crs)
    t = t[shapely.contains(shape, pts) | shapely.touches(shape, pts)].copy()
    threshold = float(rules.rsrp_dbm.get(tech, rules.rsrp_dbm.get("4G", -115.0)))
    rsrp = pd.to_numeric(t["rsrp_dbm"], errors="coerce")
    by_speed = (pd.to_numeric(t["download_kbps"], errors="coerce") >= rules.min_download_kbps) & (
        pd.to_numeric(t["upload_kbps"], errors="coerce") >= rules.min_upload_kbps
    )
    t["passes"] = np.where(rsrp.notna(), rsrp >= threshold, by_speed)
    return pd.DataFrame(t)


def by_measurements(
    case: Mapping[str, Any], tests: pd.DataFrame, rules: Rules, today: dt.date
) -> Verdict:
    t = counted_tests(case, tests, rules, today)
    n, k = len(t), int(t["passes"].sum()) if len(t) else 0
    after = case["fixed_on"].isoformat()
    if n < rules.min_samples:
        return Verdict(
            False,
            "measurements",
            f"{n} test(s) after {after} in the area, {rules.min_samples} needed "
            f"/ {n} phép đo sau {after} trong khu vực, cần {rules.min_samples}",
            n,
            k,
        )
    share = k / n
    verdict = share >= rules.pass_share
    need_en, need_vi = (fmt.percent(rules.pass_share, 0, s) for s in (EN, VI))
    word = ("verified", "đạt") if verdict else (f"{need_en} needed", f"cần {need_vi}")
    return Verdict(
        verdict,
        "measurements",
        f"{k} of {n} tests after {after} reach the threshold ({fmt.percent(share, 0, EN)}), "
        f"{word[0]} / {k}/{n} phép đo sau {after} đạt ngưỡng ({fmt.percent(share, 0, VI)}), "
        f"{word[1]}",
        n,
        k,
    )


def by_run(
    case: Mapping[str, Any],
    run: Mapping[str, Any],
    spots: pd.DataFrame,
    has_site: bool,
    rules: Rules,
) -> Verdict:
    """The verdict of coverage run `run` (its row) with its modelled dead spots `spots`
    (scope, geometry as WKT, population); `has_site`: its period's register holds the
    fix's site (True when the fix names none)."""
    rid = str(run["run_id"])
    created = pd.Timestamp(run["created_at"]).date() if pd.notna(run.get("created_at")) else None
    if created is None or created <= case["fixed_on"]:
        return Verdict(
            False,
            "coverage-run",
            f"run {rid} was computed before the fix / mô hình {rid} tính trước khi khắc phục",
        )
    if not has_site:
        site = case.get("site_id")
        return Verdict(
            False,
            "coverage-run",
            f"run {rid} ({run['period']}) does not include site {site} / mô hình {rid} chưa có trạm {site}",
        )
    op = str(case.get("assigned_operator") or "")
    scope = op if op and (spots["scope"] == op).any() else "any"
    mine = spots[spots["scope"] == scope]
    shape = area(case, rules)
    if len(mine):
        outlines = project([shapely.from_wkt(g) for g in mine["geometry"]], rules.crs)
        near = shapely.dwithin(outlines, shape, rules.match_m)
        if near.any():
            people = float(mine.loc[near, "population"].sum())
            return Verdict(
                False,
                "coverage-run",
                f"run {rid} still finds a dead spot of {fmt.whole(people, EN)} people there "
                f"/ mô hình {rid} vẫn còn vùng lõm {fmt.whole(people, VI)} người",
            )
    affected = case.get("people_affected")
    covered = None if affected is None else float(affected)
    shown = "" if covered is None else f", {fmt.whole(covered, EN)} people covered"
    return Verdict(
        True,
        "coverage-run",
        f"run {rid} ({run['period']}, {scope}) finds no dead spot within "
        f"{fmt.whole(rules.match_m, EN)} m{shown} / mô hình {rid} không còn vùng lõm",
        people_covered=covered,
    )
