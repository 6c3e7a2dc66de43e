"""The demo's calibration figures, read back from a workspace, beside the BRIEF figures."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from hatang.demo import calibration as cal
from hatang.store import db
from hatang.store.workspace import Workspace


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: float
    brief: float | None
    brief_text: str

    @property
    def deviation(self) -> float | None:
        """Relative difference from the BRIEF figure (None where there is none)."""
        if not self.brief:
            return None
        return self.value / self.brief - 1.0


def figures(ws: Workspace) -> list[Figure]:
    with ws.connect(read_only=True) as con:
        last = cal.LAST_QUARTER
        sites = db.read_table(con, "sites", "period = ?", [last])
        cells = db.read_table(con, "cells", "period = ?", [last])
        subs = db.read_table(con, "subscriptions", "period = ? AND kind = 'mobile'", [last])
        units = db.read_table(con, "units")
        services = db.read_table(con, "services", "period = ?", [last])
        dead = db.read_table(con, "dead_spots")
    ops = cells.groupby("site_id")["operator"].nunique()
    shared = float((ops >= 2).sum()) / max(1, len(sites))
    villages = units[(units["level"] == "village") & (units["map"] == "2025")]
    pop = units[(units["level"] == "commune") & (units["map"] == "2025")]["population"].sum()
    open_ds = int(dead["resolved_on"].isna().sum())
    return [
        Figure(
            "sites",
            f"Trạm BTS / base-station sites ({last})",
            len(sites),
            cal.BRIEF_FIGURES["sites"],
            "> 2,000",
        ),
        Figure(
            "shared_share",
            "Tỷ lệ trạm dùng chung / share of shared sites",
            shared,
            cal.BRIEF_FIGURES["shared_share"],
            "≈ 20 % (issue 2; target 30 %)",
        ),
        Figure(
            "mobile_subscriptions",
            "Thuê bao di động / mobile subscriptions",
            int(subs["count"].sum()),
            cal.BRIEF_FIGURES["mobile_subscriptions"],
            "~1.9 M",
        ),
        Figure(
            "villages",
            "Thôn, xóm, tổ dân phố / villages",
            len(villages),
            cal.BRIEF_FIGURES["villages"],
            "≈ 3,500",
        ),
        Figure(
            "population_2025",
            "Dân số (57 xã mới) / population",
            int(pop),
            cal.BRIEF_FIGURES["population_2025"],
            "2.26 M (merger plans)",
        ),
        Figure(
            "services_full",
            "DVC trực tuyến toàn trình / fully-online services",
            int((services["level"] == "full").sum()),
            cal.BRIEF_FIGURES["services_full"],
            "866",
        ),
        Figure(
            "services_partial",
            "DVC trực tuyến một phần / partly-online services",
            int((services["level"] == "partial").sum()),
            cal.BRIEF_FIGURES["services_partial"],
            "872",
        ),
        Figure(
            "dead_spots",
            "Điểm lõm sóng đã báo cáo / reported dead spots",
            len(dead),
            cal.BRIEF_FIGURES["dead_spots"],
            "> 300",
        ),
        Figure("dead_spots_open", "… chưa khắc phục / still open", open_ds, None, "> 300"),
    ]


def figures_frame(ws: Workspace) -> pd.DataFrame:
    return pd.DataFrame([{**f.__dict__, "deviation": f.deviation} for f in figures(ws)])
