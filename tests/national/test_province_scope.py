"""`views.province`: which units are a province's, on both maps, and the rows of each
table kept for it — on a hand-made map of two new provinces formed from three old
communes (one of them split between the two)."""

from __future__ import annotations

import pandas as pd
import pytest

from hatang.errors import NotFound
from hatang.views.province import narrow, province_scope


def _u(map_: str, code: str, level: str, parent: str | None, name: str = "") -> dict:
    return {"map": map_, "code": code, "level": level, "parent_code": parent, "name": name or code}


UNITS = pd.DataFrame(
    [
        _u("2025", "01", "province", None, "Tỉnh A"),
        _u("2025", "02", "province", None, "Tỉnh B"),
        _u("2025", "10001", "commune", "01"),
        _u("2025", "10002", "commune", "01"),
        _u("2025", "20001", "commune", "02"),
        _u("2025", "v1", "village", "10001"),
        _u("2025", "v2", "village", "20001"),
        _u("2024", "91", "province", None),
        _u("2024", "911", "district", "91"),
        _u("2024", "912", "district", "91"),
        _u("2024", "90001", "commune", "911"),
        _u("2024", "90002", "commune", "911"),  # split: into 10002 and 20001
        _u("2024", "90003", "commune", "912"),
        _u("2024", "v1", "village", "90001"),
        _u("2024", "v2", "village", "90003"),
    ]
)
CROSSWALK = pd.DataFrame(
    {
        "old_code": ["90001", "90002", "90002", "90003"],
        "new_code": ["10001", "10002", "20001", "20001"],
    }
)


def test_a_province_holds_its_communes_villages_and_the_old_units_flowing_into_it() -> None:
    a = province_scope("01", UNITS, CROSSWALK)
    assert a.name == "Tỉnh A"
    assert a.codes("2025") == {"01", "10001", "10002", "v1"}
    # the split commune 90002 is in both provinces, with its district and old province
    assert a.codes("2024") == {"90001", "90002", "911", "91", "v1"}
    b = province_scope("02", UNITS, CROSSWALK)
    assert b.codes("2025") == {"02", "20001", "v2"}
    assert b.codes("2024") == {"90002", "90003", "911", "912", "91", "v2"}


def test_a_code_that_is_not_a_province_of_the_workspace_is_refused() -> None:
    with pytest.raises(NotFound, match="--province 10001"):
        province_scope("10001", UNITS, CROSSWALK)
    with pytest.raises(NotFound, match="--province 99"):
        province_scope("99", UNITS, CROSSWALK)


def test_narrow_keeps_each_table_by_its_declared_unit_and_the_map_of_its_period() -> None:
    a = province_scope("01", UNITS, CROSSWALK)
    frames = {
        "indicator_values": pd.DataFrame(
            {"map": ["2025", "2025", "2024", "2024"], "unit_code": ["01", "02", "90001", "90003"]}
        ),
        # 2024Q4 is on the 2024 map, 2025Q3 on the 2025 map: 90001 / 10001 are A's
        "sites": pd.DataFrame(
            {
                "period": ["2024Q4", "2024Q4", "2025Q3", "2025Q3"],
                "site_id": ["s1", "s2", "s1", "s3"],
                "commune_code": ["90001", "90003", "10001", "20001"],
            }
        ),
        "cells": pd.DataFrame({"cell_id": ["c1", "c2", "c3"], "site_id": ["s1", "s2", "s3"]}),
        "modelled_dead_spots": pd.DataFrame({"dead_spot_id": ["d1", "d2"], "commune_code": ["20001", "10002"]}),
        "services": pd.DataFrame({"code": ["x", "y"]}),  # national: never narrowed
    }  # fmt: skip
    out = narrow(frames, a)
    assert list(out["indicator_values"]["unit_code"]) == ["01", "90001"]
    assert list(zip(out["sites"]["period"], out["sites"]["site_id"], strict=True)) == [
        ("2024Q4", "s1"),
        ("2025Q3", "s1"),
    ]
    assert list(out["cells"]["cell_id"]) == ["c1"]  # the cells of its sites
    assert list(out["modelled_dead_spots"]["dead_spot_id"]) == ["d2"]
    assert list(out["services"]["code"]) == ["x", "y"]


def test_every_row_with_a_unit_is_in_exactly_the_provinces_its_unit_flows_into() -> None:
    """Two provinces partition the 2025 rows; a 2024 row is in one or both."""
    a, b = (province_scope(c, UNITS, CROSSWALK) for c in ("01", "02"))
    frame = UNITS.rename(columns={"code": "unit_code"})[["map", "unit_code"]]
    frames = {"coverage_units": frame}
    in_a, in_b = narrow(frames, a)["coverage_units"], narrow(frames, b)["coverage_units"]
    new = frame[frame["map"] == "2025"]
    assert len(in_a[in_a["map"] == "2025"]) + len(in_b[in_b["map"] == "2025"]) == len(new)
    both = set(in_a[in_a["map"] == "2024"]["unit_code"]) & set(
        in_b[in_b["map"] == "2024"]["unit_code"]
    )
    assert both == {"90002", "911", "91"}
