"""The shipped resident population (hatang/data/population/resident.csv): every figure
with its year and source, and only figures of a unit a workspace can hold — a
province; no district figure is shipped (none can be verified offline, docs/indicators.md,
"How to read a figure")."""

from __future__ import annotations

from hatang.indicators.population import SHIPPED, choose, read_resident
from hatang.model import admin


def test_every_shipped_figure_has_its_year_and_source_and_is_a_province():
    rows = read_resident(SHIPPED)
    assert len(rows) >= 1
    units = admin.load_units()
    provinces = units[units["level"] == "province"]
    known = set(zip(provinces["map"].astype(str), provinces["code"].astype(str), strict=True))
    for r in rows.to_dict("records"):
        assert (str(r["map"]), str(r["code"])) in known, r  # a province, never a district
        assert 1900 < int(r["year"]) <= 2026 and int(r["population"]) > 0, r
        assert str(r["source"]).strip() and "Cục Thống kê" in str(r["source"]), r


def test_old_nam_dinh_scales_by_one_factor():
    """1,780,333 residents (2020) over the merger plans' 2,262,891 for the 57 communes:
    one factor, 0.7868, for every commune (docs/indicators.md)."""
    units, _ = admin.province_subset(admin.resolve_province("36"))
    base = choose(units, read_resident(SHIPPED), "resident")
    assert (base.base, base.year, base.total) == ("resident", 2020, 1_780_333)
    assert round(base.factors["2025"], 4) == 0.7868
    assert base.factors["2025"] == 1_780_333 / 2_262_891
