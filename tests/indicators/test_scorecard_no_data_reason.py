"""A province-only indicator at --level commune says why it has no commune values."""

from __future__ import annotations

from pathlib import Path

from hatang.indicators import add_plan, scorecard

PLAN137 = (
    Path(__file__).parents[2] / "hatang" / "indicators" / "plans" / "nam-dinh-kh-137-2024.toml"
)


def test_province_only_indicator_per_commune(fresh_copy, tmp_path):
    plan = tmp_path / "plan.toml"
    plan.write_text(
        PLAN137.read_text(encoding="utf-8")
        .replace('code = "36"', 'code = "P1"')
        .replace('id = "kh-137-2024"', 'id = "fixture-plan"'),
        encoding="utf-8",
    )
    add_plan(fresh_copy.root, plan)
    communes = scorecard(fresh_copy, plan_id="fixture-plan", level="commune")
    cloud = communes[communes["indicator"] == "shared_systems_on_cloud"]
    assert set(cloud["unit_code"]) == {"N1", "N2"} and set(cloud["status"]) == {"no data"}
    for col in ("status_reason", "no_data_reason"):
        assert all("province level only" in r and "hatang compute" not in r for r in cloud[col])
    # a per-commune indicator keeps its values
    mbb = communes[communes["indicator"] == "mobile_broadband_per_100"]
    assert mbb["value"].notna().all()
