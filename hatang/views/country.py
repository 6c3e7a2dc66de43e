"""The ministry's view of a national workspace (/country): every province against one
target of the national plan, ranked, and each province's statuses over all targets.

Over `scorecard(ws, by="province")`'s frame (ranked by `scorecards.ranked`): the
figures are the scorecard's, labelled as everywhere else (`views.scorecard.targets`).
Pure: frames in, records out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from hatang.views import scorecard as vsc
from hatang.views.values import Value


@dataclass(frozen=True)
class ProvinceRow:
    """One province under the chosen target: its rank (None: no value), the scorecard's
    labelled figures, its centre, and its status under every target of the plan."""

    rank: int | None
    target: vsc.Target
    lon: float | None
    lat: float | None
    statuses: list[tuple[int, Value, str]]  # (target no, status, status class)


@dataclass(frozen=True)
class Choice:
    no: int
    indicator: str
    name_vi: str
    name_en: str

    def name(self, lang: str) -> str:
        return self.name_vi if lang == "vi" else self.name_en


def choices(frame: pd.DataFrame) -> list[Choice]:
    """The plan's targets, in its order."""
    first = frame.drop_duplicates("target_no").sort_values("target_no")
    return [
        Choice(int(no), str(i), str(vi), str(en))
        for no, i, vi, en in zip(
            first["target_no"], first["indicator"], first["name_vi"], first["name_en"], strict=True
        )
    ]


def ranking(frame: pd.DataFrame, target_no: int, centres: pd.DataFrame) -> list[ProvinceRow]:
    """Every province under target `target_no`, best first (unranked last), with its
    centre (`centres`: code, lon, lat) and its status under each target."""
    where = centres.set_index(centres["code"].astype(str))[["lon", "lat"]]
    statuses = _statuses(frame)
    rows = frame[frame["target_no"] == target_no]
    out = []
    for (_, r), t in zip(rows.iterrows(), vsc.targets(rows), strict=True):
        code = str(r["unit_code"])
        lon, lat = where.loc[code] if code in where.index else (None, None)
        rank = None if pd.isna(r["rank"]) else int(r["rank"])
        out.append(ProvinceRow(rank, t, _float(lon), _float(lat), statuses.get(code, [])))
    return out


def _statuses(frame: pd.DataFrame) -> dict[str, list[tuple[int, Value, str]]]:
    out: dict[str, list[tuple[int, Value, str]]] = {}
    for t in vsc.targets(frame.sort_values(["unit_code", "target_no"])):
        out.setdefault(str(t.unit_code), []).append((int(t.no), t.status, t.status_class))
    return out


def _float(v: Any) -> float | None:
    return None if v is None or pd.isna(v) else float(v)
