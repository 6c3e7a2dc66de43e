"""The national datasets of a national workspace's open-data portal.

`province-indicators`: every indicator of every 2025 province side by side (the rows
of `indicator-values` at province level on the 2025 map), what the ministry compares.
`indicator-values-<code>`: each province's own indicator values (its units on both
maps, narrowed by `views.province` as every command and page narrows), what a
province publishes. Both have the fields of `indicator-values`, so the downloads, the
CKAN API, DCAT and the data packages treat them as any dataset.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pandas as pd

from hatang.publish import derive
from hatang.publish.registry import Dataset, get
from hatang.views.province import narrow, province_scope


def _base() -> Dataset:
    ds = get("indicator-values")
    assert ds is not None  # declared in the registry
    return ds


def _province_level(f: derive.Frames, ctx: derive.Context) -> pd.DataFrame:
    out = _base().derive(f, ctx)
    return out[(out["map"].astype(str) == "2025") & (out["level"] == "province")].reset_index(
        drop=True
    )


def _of_province(code: str) -> Callable[[derive.Frames, derive.Context], pd.DataFrame]:
    def rows(f: derive.Frames, ctx: derive.Context) -> pd.DataFrame:
        scope = province_scope(code, f["units"], f["crosswalk"])
        return _base().derive(narrow(f, scope), replace(ctx, province=code))

    return rows


def national_datasets(provinces: list[tuple[str, str]]) -> list[Dataset]:
    """The national comparison, then one dataset per province (code, name) given."""
    base = _base()
    out = [
        replace(
            base,
            name="province-indicators",
            title_vi="Chỉ tiêu của các tỉnh",
            title_en="Indicators of every province",
            description_vi="Mọi chỉ tiêu của từng tỉnh (bản đồ 2025) theo kỳ, để so sánh các "
            "tỉnh: cùng các trường với bộ dữ liệu giá trị chỉ tiêu.",
            description_en="Every indicator of every province (2025 map) per period, to "
            "compare the provinces: the fields of the indicator values dataset.",
            inputs=("indicator_values", "units"),
            derive=_province_level,
            tags=(*base.tags, "national"),
        )
    ]
    for code, name in provinces:
        out.append(
            replace(
                base,
                name=f"indicator-values-{code}",
                title_vi=f"Giá trị chỉ tiêu — {name}",
                title_en=f"Indicator values — {name}",
                description_vi=f"Mọi chỉ tiêu của {name} và các xã, thôn của tỉnh, theo kỳ.",
                description_en=f"Every indicator of {name}, its communes and villages, per period.",
                inputs=("indicator_values", "units", "crosswalk"),
                derive=_of_province(code),
                tags=(*base.tags, "province", code),
            )
        )
    return out
