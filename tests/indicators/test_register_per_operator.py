"""The register's figures per operator: `per_operator = true` in the catalogue yields
one indicator per operator (`<id>_<operator>`) over the cases assigned to it; the
operators' counts add up to at most the all-operator figure, the rest being the cases
no operator has been assigned (hatang.testing's register)."""

from __future__ import annotations

import pytest

from hatang.errors import ConfigError
from hatang.indicators import load_catalogue
from hatang.indicators.catalogue import parse_catalogue
from hatang.model.operators import OPERATORS

MEASURES = (
    "register_open_cases",
    "register_overdue_cases",
    "register_fixed_cases",
    "register_verified_cases",
    "register_days_to_fix",
    "register_people_open",
)


def test_each_register_figure_has_one_indicator_per_operator():
    cat = load_catalogue()
    for base in MEASURES:
        for code, (name, _) in OPERATORS.items():
            ind = cat[f"{base}_{code}"]
            assert (ind.of, ind.operator) == (base, code)
            assert ind.params == {**cat[base].params, "operator": code}
            assert ind.name_en == f"{cat[base].name_en} — {name}"
            assert ind.name_vi.endswith(f" — {name}") and name in ind.definition
            assert (ind.aggregation, ind.unit) == (cat[base].aggregation, cat[base].unit)
    assert sum(1 for i in cat.values() if i.operator) == len(MEASURES) * len(OPERATORS)


def _entry(**kw):
    entry = {k: "x" for k in ("id", "name_vi", "name_en", "definition", "numerator", "denominator")}
    entry.update(
        unit="count",
        aggregation="count",
        scale=1,
        higher_is_better=False,
        function="register_cases",
        params={"measure": "open"},
        tables=["register_events"],
        sources=["s"],
    )
    return {**entry, **kw}


def test_per_operator_is_checked():
    with pytest.raises(ConfigError, match="indicator x: per_operator must be true or false"):
        parse_catalogue({"indicator": [_entry(per_operator="yes")]}, check_functions=False)
    clash = [_entry(per_operator=True), _entry(id="x_vnpt")]
    with pytest.raises(ConfigError, match="indicator x_vnpt declared twice"):
        parse_catalogue({"indicator": clash}, check_functions=False)


def _value(values, ind, unit, period, map_="2025"):
    row = values[
        (values["indicator"] == ind)
        & (values["unit_code"] == unit)
        & (values["period"] == period)
        & (values["map"] == map_)
    ]
    return float(row["value"].iloc[0]) if len(row) else 0.0


def test_the_operators_add_up_to_the_assigned_cases(values):
    """End of 2025Q4: 3 open cases — viettel 2 (C00001, C00004), vnpt 0 (C00002 closed),
    and C00005, reported, no one's; 2025Q3: 2 open, viettel 1, vnpt 1, none unassigned."""
    by_op = {
        p: sum(_value(values, f"register_open_cases_{c}", "P2", p) for c in OPERATORS)
        for p in ("2025Q3", "2025Q4")
    }
    assert (by_op["2025Q3"], _value(values, "register_open_cases", "P2", "2025Q3")) == (2, 2)
    assert (by_op["2025Q4"], _value(values, "register_open_cases", "P2", "2025Q4")) == (2, 3)


@pytest.mark.parametrize("base", MEASURES[:4])
def test_no_operator_counts_more_than_every_operator_together(values, base):
    """For every unit, map and period the all-operator count of cases is at least the
    operators' sum (people are left out: a dead spot shared by two operators' cases
    counts once in the total, once for each operator)."""
    total = values[values["indicator"] == base].set_index(["map", "unit_code", "period"])["value"]
    parts = values[values["indicator"].isin([f"{base}_{c}" for c in OPERATORS])]
    summed = parts.groupby(["map", "unit_code", "period"])["value"].sum(min_count=1)
    both = total.to_frame("total").join(summed.rename("parts"), how="inner").dropna()
    assert len(both) > 0 and (both["parts"] <= both["total"]).all()
