"""The demo's dead-spot register: its 300+ reported dead spots as cases in realistic
states, through the register's own library and import pipeline. Synthetic.

`build_register` (part of build_demo, before any coverage run): the office syncs the
operators' list on 1 October 2025, the cases live their storylines
(hatang.demo.stories), a commune's challenge file comes in on 5 November and VNPT's
responses file on 1 December, citizens report in December. `finish_register` (after `hatang coverage`,
in compute_results): the office's drive-test campaign after the real fixes
(`do-kiem-xac-minh_drive-tests.csv`, imported after the run so the run's calibration
is the demo's as before), their verification, closing, then a sync with the run
(people affected from the model, a case for every modelled dead spot no case is near).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from hatang.demo import stories
from hatang.demo.files import write_csv
from hatang.demo.geometry import to_lonlat, to_xy
from hatang.model.operators import OPERATORS
from hatang.register import actions, queries, workflow
from hatang.register.actions import Scheduled
from hatang.register.machine import CITIZEN, Actor
from hatang.store import web_queries
from hatang.store.workspace import Workspace

OFFICE = Actor("Sở TT&TT — phòng Viễn thông (mô phỏng)", "analyst")


def operator_actor(op: str) -> Actor:
    return Actor(f"{OPERATORS[op][0]} — kế hoạch mạng (mô phỏng)", "operator", op)


def _actor(key: str) -> Actor:
    return OFFICE if key == "office" else operator_actor(key)


def _frames(ws: Workspace, names: list[str]) -> dict[str, pd.DataFrame]:
    with ws.connect(read_only=True) as con:
        return web_queries.read_frames(con, names)


def _new_site(
    sites: pd.DataFrame, cells: pd.DataFrame, lon: float, lat: float, fixed_on: dt.date
) -> tuple[str | None, str | None]:
    """The 4G site nearest the point (within 3 km) that the register holds from the fix's
    quarter on and not before — the demo network's new site — and its operator."""
    from hatang.model.periods import period_of

    q = period_of(fixed_on)
    before = set(sites.loc[sites["period"].astype(str) < q, "site_id"])
    new = cells[(cells["period"].astype(str) == q) & (cells["technology"] == "4G")]
    later = sites[(sites["period"].astype(str) == q) & ~sites["site_id"].isin(before)]
    later = later[later["site_id"].isin(set(new["site_id"]))]
    if later.empty:
        return None, None
    x, y = to_xy(later["lon"].to_numpy(float), later["lat"].to_numpy(float))
    px, py = to_xy(np.array([lon]), np.array([lat]))
    d = np.hypot(x - px[0], y - py[0])
    if d.min() >= 3000:
        return None, None
    site = str(later["site_id"].iloc[int(np.argmin(d))])
    return site, str(new.loc[new["site_id"] == site, "operator"].iloc[0])


def _resolved(ws: Workspace) -> dict[str, tuple[dt.date, str | None, str | None]]:
    """source_ref → (resolution date, new site, its operator) of the resolved reports."""
    f = _frames(ws, ["dead_spots", "sites", "cells"])
    out = {}
    for r in f["dead_spots"][f["dead_spots"]["resolved_on"].notna()].itertuples():
        fixed = pd.Timestamp(r.resolved_on).date()
        site, op = _new_site(f["sites"], f["cells"], float(r.lon), float(r.lat), fixed)
        out[str(r.dead_spot_id)] = (fixed, site, op)
    return out


def _open_resolved(ws: Workspace) -> None:
    """The reports resolved before the register opened: opened as cases too."""
    ds = _frames(ws, ["dead_spots"])["dead_spots"]
    items = [
        {
            "source": "operator-report",
            "source_ref": str(r.dead_spot_id),
            "opened_on": pd.Timestamp(r.reported_on).date(),
            "lon": float(r.lon),
            "lat": float(r.lat),
            "village_code": r.village_code,
            "operators": None if pd.isna(r.operator) else str(r.operator),
            "description": r.description,
        }
        for r in ds[ds["resolved_on"].notna()].itertuples()
    ]
    actions.open_cases(
        ws, OFFICE, items, channel="demo", today=stories.START.date(), now=stories.START
    )


def _apply(ws: Workspace, steps: list[stories.Step]) -> None:
    planned = [Scheduled(s.case_id, s.action, _actor(s.actor), s.inputs, s.at) for s in steps]
    actions.act_many(ws, planned, channel="demo")


Report = tuple[dt.datetime, dict[str, object], str | None]


def build_register(ws: Workspace, seed: int, incoming: Path) -> str:
    """The register of the demo up to 27 December 2025 (module docstring); the last
    days belong to finish_register, so the history's order is its time order."""
    rng = np.random.default_rng(seed + 23)
    workflow.sync(ws, OFFICE, channel="demo", today=stories.START.date(), now=stories.START)
    _open_resolved(ws)
    cases = queries.list_cases(ws, today=stories.AS_OF)
    plot = stories.storylines(cases, _resolved(ws), rng)
    reports = _citizens(ws, rng)
    timeline = [s for s in plot.steps if s.at < stories.QUIET_FROM]
    first = stories.CHALLENGE_AT
    _run(ws, [s for s in timeline if s.at < first], _between(reports, None, first))
    rest = [s for s in timeline if s.at >= first] + _triage(_challenges(ws, incoming, rng), rng)
    vnpt = stories.VNPT_FILE_AT
    _run(ws, [s for s in rest if s.at < vnpt], _between(reports, first, vnpt))
    _vnpt_file(ws, incoming, plot.vnpt_rows)
    _run(ws, [s for s in rest if s.at >= vnpt], _between(reports, vnpt, None))
    n = len(queries.list_cases(ws, today=stories.AS_OF))
    return f"register: {n} cases up to {stories.QUIET_FROM:%Y-%m-%d}"


def _between(
    reports: list[Report], start: dt.datetime | None, end: dt.datetime | None
) -> list[Report]:
    return [r for r in reports if (start is None or r[0] >= start) and (end is None or r[0] < end)]


def _run(ws: Workspace, steps: list[stories.Step], reports: list[Report]) -> None:
    """The steps and the citizens' reports in time order (steps in batches between
    two reports)."""
    due = sorted(steps, key=lambda s: (s.at, s.case_id))
    for at, item, contact in reports:
        before = [s for s in due if s.at < at]
        _apply(ws, before)
        due = due[len(before) :]
        actions.open_cases(
            ws, CITIZEN, [item], channel="web", today=at.date(), now=at, contacts=[contact]
        )
    _apply(ws, due)


def _triage(case_ids: list[str], rng: np.random.Generator) -> list[stories.Step]:
    """The office confirms and assigns the challenge file's new cases within a week."""
    out = []
    for cid in case_ids:
        t = stories._later(stories.CHALLENGE_AT, 2, 4, rng)
        out.append(
            stories.Step(
                t,
                cid,
                "confirm",
                "office",
                {
                    "evidence": [
                        {"kind": "ref", "ref": "khiếu nại của UBND xã / the commune's challenge"}
                    ]
                },
            )
        )
        out.append(
            stories.Step(
                stories._later(t, 1, 3, rng), cid, "assign", "office", {"operator": "viettel"}
            )
        )
    return out


def _import(ws: Workspace, kind: str, path: Path, **options: object) -> None:
    from hatang.io import import_file

    import_file(ws, kind, path, synthetic=True, options=options)


def _far_from_cases(villages: pd.DataFrame, cases: pd.DataFrame, metres: float) -> pd.DataFrame:
    vx, vy = to_xy(villages["lon"].to_numpy(float), villages["lat"].to_numpy(float))
    cx, cy = to_xy(cases["lon"].to_numpy(float), cases["lat"].to_numpy(float))
    d = np.hypot(vx[:, None] - cx[None, :], vy[:, None] - cy[None, :]).min(axis=1)
    return villages[d > metres]


def _challenge_rows(
    pick: pd.DataFrame, name: str, rng: np.random.Generator
) -> list[dict[str, object]]:
    """One row per location × reason code, as a commune sends them (Vietnamese headers)."""
    reasons = ["no-signal-outdoor", "only-2g-3g", "no-data", "speed-below-target"]
    rows = []
    for i, v in enumerate(pick.itertuples(), start=1):
        for code in rng.choice(reasons, size=int(rng.integers(1, 3)), replace=False):
            rows.append(
                {
                    "Đơn vị khiếu nại": f"UBND {name}",
                    "Mã vị trí": f"KN-{i:02d}",
                    "Kinh độ": round(float(v.lon) + 0.001, 6),
                    "Vĩ độ": round(float(v.lat), 6),
                    "Nhà mạng": "Viettel",
                    "Mã lý do": str(code),
                    "Ngày ghi nhận": f"{int(rng.integers(1, 29)):02d}/10/2025",
                    "Mã thôn": v.code,
                    "Mô tả": f"Không có sóng 4G tại {v.name} (mô phỏng)",
                }
            )
    return rows


def _challenges(ws: Workspace, incoming: Path, rng: np.random.Generator) -> list[str]:
    """A commune's challenge file: five of its villages without 4G, more than 1 km from
    any case (they open cases), and one where a case is open already (it joins it)."""
    frames = _frames(ws, ["village_services", "units"])
    vs, units = frames["village_services"], frames["units"]
    last = vs[vs["period"] == vs["period"].max()]
    without = set(last.loc[last["mobile_4g"].eq(False), "village_code"])
    cases = queries.list_cases(ws, today=stories.AS_OF)
    v = units[(units["level"] == "village") & (units["map"] == "2025") & units["lon"].notna()]
    far = _far_from_cases(v[v["code"].isin(without)], cases, 1000.0)
    if far.empty:
        return []
    commune = far["parent_code"].value_counts().index[0]
    pick = far[far["parent_code"] == commune].head(5)
    open_here = cases[(cases["commune_code"] == commune) & cases["open"]].head(1)
    joined = open_here.assign(code=open_here["village_code"], name=open_here["village_name"])
    name = units[(units["code"] == commune) & (units["map"] == "2025")]["name"].iloc[0]
    locations = pd.concat([pick, joined[["code", "name", "lon", "lat"]]], ignore_index=True)
    path = incoming / "khieu-nai_diem-lom-song.csv"
    write_csv(path, pd.DataFrame(_challenge_rows(locations, name, rng)))
    before = set(cases["case_id"])
    _import(ws, "challenges", path, now=stories.CHALLENGE_AT, actor=OFFICE)
    return sorted(set(queries.list_cases(ws, today=stories.AS_OF)["case_id"]) - before)


def _vnpt_file(ws: Workspace, incoming: Path, rows: list[dict[str, object]]) -> None:
    if not rows:
        return
    cols = {
        "case_id": "Mã hồ sơ",
        "response": "Trả lời",
        "operator": "Nhà mạng",
        "planned_on": "Ngày dự kiến",
        "planned_action": "Biện pháp",
        "rnas_code": "Mã RNAS",
        "reason_code": "Mã lý do",
        "evidence": "Minh chứng",
    }
    frame = pd.DataFrame(rows).reindex(columns=list(cols)).rename(columns=cols)
    frame["Ngày dự kiến"] = pd.to_datetime(frame["Ngày dự kiến"]).dt.strftime("%d/%m/%Y")
    frame["Mã RNAS"] = frame["Mã RNAS"].astype("Int64")
    path = incoming / "tra-loi_VNPT_2025-11.csv"
    write_csv(path, frame)
    _import(ws, "responses", path, now=stories.VNPT_FILE_AT, actor=operator_actor("vnpt"))


def _citizens(
    ws: Workspace, rng: np.random.Generator
) -> list[tuple[dt.datetime, dict[str, object], str | None]]:
    """A few citizens report through the public form in December: (when, report, contact)."""
    u = _frames(ws, ["units"])["units"]
    v = u[(u["level"] == "village") & (u["map"] == "2025") & u["lon"].notna()]
    pick = v.iloc[rng.choice(len(v), size=6, replace=False)]
    reasons = ["no-signal-outdoor", "dropped-calls", "no-data"]
    out = []
    for i, r in enumerate(pick.itertuples()):
        at = dt.datetime(2025, 12, 5 + 2 * i, 19, int(rng.integers(0, 60)))
        item = {
            "source": "citizen",
            "lon": float(r.lon) + 0.0012,
            "lat": float(r.lat) - 0.0008,
            "reasons": reasons[i % 3],
            "description": f"Nhà tôi ở {r.name}, tối không gọi được (mô phỏng)",
        }
        contact = f"09{int(rng.integers(10000000, 99999999))} (mô phỏng)" if i % 2 == 0 else None
        out.append((at, item, contact))
    return out


# ---- after the coverage run ---------------------------------------------------------------


def campaign(ws: Workspace, seed: int) -> pd.DataFrame:
    """The office's drive tests after the real fixes: 15 LTE samples within 350 m of each
    case fixed with a new site, of its operator, 10–20 December 2025; RSRP from the
    demo's radio model of the 2025Q4 cells + the operator's planted offset + N(0, 2 dB)."""
    from hatang.demo import radio
    from hatang.demo.usage import RSRP_TRUE_OFFSET_DB
    from hatang.store import coverage

    rng = np.random.default_rng(seed + 29)
    cases = queries.list_cases(ws, today=stories.AS_OF)
    fixed = cases[(cases["state"] == "fixed") & cases["site_id"].notna()]
    net = coverage.read_network(ws, "2025Q4").cells
    rows = []
    for c in fixed.itertuples():
        op = str(c.assigned_operator)
        cells = net[(net["operator"] == op) & (net["technology"] == "4G")]
        cx, cy = to_xy(cells["lon"].to_numpy(float), cells["lat"].to_numpy(float))
        arrays = {
            "x": cx,
            "y": cy,
            **{
                k: cells[k].to_numpy(float)
                for k in ("eirp_dbm", "band_mhz", "bandwidth_mhz", "height_m", "azimuth_deg")
            },
        }
        x0, y0 = to_xy(np.array([c.lon]), np.array([c.lat]))
        r, a = 350 * np.sqrt(rng.random(15)), rng.random(15) * 2 * np.pi
        px, py = x0[0] + r * np.cos(a), y0[0] + r * np.sin(a)
        rsrp = (
            radio.best_rsrp(arrays, px, py)
            + RSRP_TRUE_OFFSET_DB.get(op, 0.0)
            + rng.normal(0, 2.0, 15)
        )
        lon, lat = to_lonlat(px, py)
        for k in range(15):
            t = dt.datetime(
                2025,
                12,
                10 + int(rng.integers(0, 11)),
                int(rng.integers(8, 17)),
                int(rng.integers(0, 60)),
            )
            rows.append(
                {
                    "Mã đo": f"XM-{c.case_id}-{k + 1:02d}",
                    "Thời gian": t.strftime("%d/%m/%Y %H:%M:%S"),
                    "Kinh độ": round(float(lon[k]), 6),
                    "Vĩ độ": round(float(lat[k]), 6),
                    "Nhà mạng": OPERATORS[op][0],
                    "Công nghệ": "LTE",
                    "RSRP": round(float(max(rsrp[k], -140.0)), 1),
                }
            )
    return pd.DataFrame(rows)


def finish_register(ws: Workspace, seed: int) -> str:
    """The verification campaign, verifications, closing, and a sync with the run."""
    frame = campaign(ws, seed)
    if len(frame):
        path = ws.root / "incoming" / "do-kiem-xac-minh_drive-tests.csv"
        path.parent.mkdir(exist_ok=True)
        write_csv(path, frame, encoding="utf-8")
        _import(ws, "drive-tests", path)
    cases = queries.list_cases(ws, today=stories.AS_OF)
    verified = []
    when = dt.datetime(2025, 12, 28, 10, 0)
    for cid in cases.loc[cases["state"] == "fixed", "case_id"]:
        passed, _, _ = workflow.verify(
            ws, str(cid), OFFICE, channel="demo", today=when.date(), now=when
        )
        verified += [str(cid)] if passed else []
        when += dt.timedelta(minutes=3)
    close = dt.datetime(2025, 12, 30, 9, 0)
    _apply(
        ws,
        [
            stories.Step(close, cid, "close", "office", {"note": "đã kiểm chứng / verified"})
            for cid in verified[: max(1, len(verified) // 2)]
        ],
    )
    r = workflow.sync(ws, OFFICE, channel="demo", today=stories.AS_OF, now=stories.END)
    return f"register: {len(verified)} fixes verified, {len(r.opened_modelled)} modelled dead spots opened"
