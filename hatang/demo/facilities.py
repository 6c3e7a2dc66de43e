"""Public facilities that need signal: schools, health stations, commune offices (pure).

Synthetic but shaped like the province's own lists: every old commune has its health
station (*trạm y tế*) and its kindergartens, primary and lower-secondary schools
(one per 8,000, 10,000 and 15,000 people, at least one each); every new commune
(2025 map) has its People's Committee office (*trụ sở UBND*). Each stands within
about 100 m of a village of its commune — the health station and the office at the
most populous one, schools at villages drawn by population.

The three lists are delivered as the departments would: the health department's
with village codes and coordinates, the education department's with village codes
and, for about a quarter of the schools, no coordinates (the importer places them at
their village), the provincial office's commune offices with coordinates only (the
planner gives them the nearest village).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from hatang.demo.geometry import to_lonlat
from hatang.demo.villages import Land

#: school level → (kind label as the education department writes it, id prefix, people per school)
SCHOOLS = {
    "Mầm non": ("Trường mầm non", "MN", 8_000),
    "Tiểu học": ("Trường tiểu học", "TH", 10_000),
    "THCS": ("Trường THCS", "THCS", 15_000),
}
#: share of schools listed without coordinates
SCHOOLS_WITHOUT_POSITION = 0.25
OFFSET_M = 100.0


def _short(name: str) -> str:
    """'Xã Giao Thiện' → 'Giao Thiện' (the commune's name without its unit type)."""
    for prefix in ("Thị trấn ", "Phường ", "Xã "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def facilities(land: Land, rng: np.random.Generator) -> pd.DataFrame:
    """One row per facility: facility_id, kind (the file's Vietnamese label), kind_code
    (hatang's), name, village_code (None for offices), lon, lat (NaN when the list gives
    none), source."""
    v = land.villages
    rows: list[tuple] = []
    for oc in land.old_communes.sort_values("code").itertuples():
        vil = v[v["old_code"] == oc.code]
        biggest = vil.loc[vil["population"].idxmax()]
        short = _short(str(oc.name))
        rows.append(
            (
                f"TYT-{oc.code}",
                "Trạm y tế",
                "health-station",
                f"Trạm Y tế {oc.name}",
                biggest["code"],
                biggest["x"],
                biggest["y"],
                "Sở Y tế",
                True,
            )
        )
        p = vil["population"].to_numpy(dtype=float)
        for level, (label, prefix, per) in SCHOOLS.items():
            n = max(1, round(int(oc.population) / per))
            picks = rng.choice(len(vil), size=n, replace=n > len(vil), p=p / p.sum())
            for k, i in enumerate(picks):
                row = vil.iloc[int(i)]
                suffix = f" {chr(ord('A') + k)}" if n > 1 else ""
                rows.append(
                    (
                        f"{prefix}-{oc.code}-{k + 1}",
                        label,
                        "school",
                        f"Trường {level} {short}{suffix}",
                        row["code"],
                        row["x"],
                        row["y"],
                        "Sở Giáo dục và Đào tạo",
                        rng.random() >= SCHOOLS_WITHOUT_POSITION,
                    )
                )
    for nc in land.new_communes.sort_values("code").itertuples():
        vil = v[v["new_code"] == nc.code]
        biggest = vil.loc[vil["population"].idxmax()]
        rows.append(
            (
                f"UBND-{nc.code}",
                "Trụ sở UBND xã",
                "commune-office",
                f"Trụ sở UBND {nc.name}",
                None,
                biggest["x"],
                biggest["y"],
                "Văn phòng UBND tỉnh",
                True,
            )
        )
    df = pd.DataFrame(
        rows,
        columns=[
            "facility_id",
            "kind",
            "kind_code",
            "name",
            "village_code",
            "x",
            "y",
            "source",
            "positioned",
        ],
    )
    x = df["x"].to_numpy(dtype=float) + rng.normal(0, OFFSET_M / 2, len(df))
    y = df["y"].to_numpy(dtype=float) + rng.normal(0, OFFSET_M / 2, len(df))
    lon, lat = to_lonlat(x, y)
    keep = df["positioned"].to_numpy(dtype=bool)
    df["lon"] = np.where(keep, np.round(lon, 6), np.nan)
    df["lat"] = np.where(keep, np.round(lat, 6), np.nan)
    return df.drop(columns=["x", "y", "positioned"])
