"""Modelled dead spots as every renderer shows them: the ranked list and how the model
compares with the dead spots people reported.

`hatang deadspots`, the reports and (later) the pages render these rows; the columns
and their labels are declared once here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from hatang.publish.render import records
from hatang.views.values import Value, missing


@dataclass(frozen=True)
class Column:
    field: str
    label: str  # catalogue key
    wide: bool = False  # a detail: the terminal shows it with --wide


#: the columns of the ranked list, in order
COLUMNS = (
    Column("dead_spot_id", "ds_id"),
    Column("population", "ds_people"),
    Column("area_km2", "ds_area", wide=True),
    Column("lon", "ds_lon", wide=True),
    Column("lat", "ds_lat", wide=True),
    Column("nearest_village", "ds_nearest_village"),
    Column("commune", "ds_commune_2025"),
    Column("commune_2024", "ds_commune_2024", wide=True),
    Column("reports", "ds_reports"),
)


def named(name: Any, code: Any) -> str:
    """'Thôn Phúc (13801-05)'; the code alone when the unit has no name; '' when neither."""
    code_text = "" if missing(code) else str(code)
    if missing(name) or not str(name):
        return code_text
    return f"{name} ({code_text})" if code_text else str(name)


def row(r: Mapping[str, Any]) -> dict[str, Value]:
    """One modelled dead spot: people and area, where it is, which village and communes
    (both maps) it lies in, how many reported dead spots it matches."""
    return {
        "dead_spot_id": Value(r.get("dead_spot_id"), "text"),
        "population": Value(r.get("population"), "whole"),
        "area_km2": Value(r.get("area_km2"), "number", unit="km²", digits=2),
        "lon": Value(r.get("lon"), "coordinate"),
        "lat": Value(r.get("lat"), "coordinate"),
        "nearest_village": Value(
            r.get("nearest_village_code"),
            "text",
            text=named(r.get("nearest_village_name"), r.get("nearest_village_code")),
        ),
        "commune": Value(
            r.get("commune_code"), "text", text=named(r.get("commune_name"), r.get("commune_code"))
        ),
        "commune_2024": Value(
            r.get("commune_code_2024"),
            "text",
            text=named(r.get("commune_name_2024"), r.get("commune_code_2024")),
        ),
        "reports": Value(r.get("reports"), "count"),
    }


def rows(spots: pd.DataFrame, limit: int = 0) -> list[dict[str, Value]]:
    """The dead spots as sorted in `spots` (largest population first), `limit` of them
    (0: all)."""
    shown = spots if limit <= 0 else spots.head(limit)
    return [row(r) for r in records(shown)]


def comparison(summary: Mapping[str, Any]) -> list[Value]:
    """Model against reports: reported open, matched, missed by the model; modelled, and
    found only by the model (`coverage` comparison_summary's counts)."""
    keys = (
        ("reported_open", "ds_reported_open"),
        ("reported_matched", "ds_matched"),
        ("reported_missed", "ds_missed"),
        ("modelled", "ds_modelled"),
        ("modelled_model_only", "ds_model_only"),
    )
    return [Value(summary.get(k), "count", label=label) for k, label in keys]
