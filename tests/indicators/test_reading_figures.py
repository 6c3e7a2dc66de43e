"""How to read a figure, on the fixture province (docs/indicators.md): each case of a
figure that would mislead — an old value, the deadline, a missing commune, a small
sample, a split commune, the population base — with its exact value, status and label.

Rows are deleted with plain SQL on a copy of the fixture workspace, as a user's
missing file would leave them.
"""

from __future__ import annotations

import pandas as pd
import pytest

from hatang.indicators import scorecard
from hatang.views import format as fmt_
from hatang.views import scorecard as view


def _delete(ws, table: str, where: str) -> None:
    with ws.connect() as con:
        con.execute(f"DELETE FROM {table} WHERE {where}")


def _targets(ws, **kw):
    return scorecard(ws, plan_id="fixture-plan", **kw).set_index("indicator")


# ---- period: a status uses the data of the period asked ---------------------------------


def test_deleted_survey_is_no_current_data_not_on_track(planned):
    _delete(planned, "survey_responses", "survey = 'enterprises' AND period = '2025Q4'")
    row = _targets(planned).loc["enterprises_using_platforms"]
    # the 2025Q2 value (10 of 60 by weight) is shown with its period, never judged
    assert row["value"] == pytest.approx(100 / 6) and row["period"] == "2025Q2"
    assert row["as_of"] == "2025Q4" and row["status"] == "no current data"
    assert row["status_reason"].startswith("latest value 16.67 is from 2025Q2, not 2025Q4")
    assert row["past_deadline"] and row["projection"] is None
    t = view.target(row.to_dict())
    assert fmt_.text(t.status, "vi") == "chưa có số liệu kỳ này"
    assert fmt_.text(t.status, "en") == "no current data"


def test_period_asked_takes_a_half_yearly_survey_of_the_quarter_before(planned):
    # --period 2025Q3: the adults survey of 2025Q2 still counts (current_for = 2)
    row = _targets(planned, period="2025Q3").loc["adults_smartphone"]
    assert row["value"] == pytest.approx(75) and row["period"] == "2025Q2"
    assert row["as_of"] == "2025Q3" and row["status"] != "no current data"
    assert "no value for 2025Q3" not in row["status_reason"]


def test_a_miss_at_the_deadline_reads_missed(planned):
    row = _targets(planned).loc["shared_sites"]  # 3 of 7 sites in 2025Q4 against >= 30 %
    assert row["value"] == pytest.approx(300 / 7) and row["status"] == "met"
    row = _targets(planned).loc["households_fibre"]  # 225 of 250 households against 100 %
    assert row["value"] == pytest.approx(90) and row["status"] == "missed"
    assert row["status_reason"] == "deadline 2025 reached: 90 in 2025Q4 misses >= 100"
    t = view.target(row.to_dict())
    assert fmt_.text(t.status, "vi") == "không đạt" and fmt_.text(t.status, "en") == "missed"
    assert fmt_.text(t.projection, "vi") == "đã qua hạn"
    assert fmt_.text(t.projection, "en") == "past the deadline"
    assert t.status_class == "missed"


# ---- coverage: partial data is named, never reliable, never 0 ---------------------------


def test_a_commune_missing_from_the_subscriptions(planned):
    _delete(planned, "subscriptions", "unit_code = 'N2' AND period = '2025Q4'")
    row = _targets(planned).loc["mobile_broadband_per_100"]
    # N1 alone: 730 of its 850 people; the scope's other commune did not report
    assert (row["numerator"], row["denominator"]) == (730, 850)
    assert row["value"] == pytest.approx(730 / 8.5) and row["period"] == "2025Q4"
    assert (row["units_reporting"], row["units_expected"]) == (1, 2)
    assert row["coverage_share"] == pytest.approx(0.85) and row["partial"]
    assert not row["reliable"] and row["status"] == "partial data"
    assert row["status_reason"] == (
        "partial: 1 of 2 communes (85.0 % of the people) in 2025Q4; 85.88 from those"
    )
    with planned.connect() as con:
        n2 = con.execute(
            "SELECT value, method, reliable, no_data_reason FROM indicator_values WHERE "
            "indicator = 'mobile_subscriptions' AND unit_code = 'N2' AND period = '2025Q4'"
        ).fetchone()
    # a count that was not reported is NULL with its reason, never 0
    assert n2 == (None, "none", False, "no subscriptions data for this unit in 2025Q4")


def test_register_counts_are_zero_where_the_register_lists_nothing(computed_fixture):
    with computed_fixture.connect() as con:
        n1 = con.execute(
            "SELECT value, no_data_reason, partial FROM indicator_values WHERE "
            "indicator = 'dead_spots_open' AND unit_code = 'N1' AND period = '2024Q4' "
            "AND map = '2025'"
        ).fetchone()
    assert n1 == (0.0, None, None)  # none open in N1 at the end of 2024: 0, coverage not measured


def test_a_unit_the_workspace_holds_only_part_of_is_named_so(planned):
    # the new province counts 2,000 people; the workspace holds the 1,000 of old P1
    with planned.connect() as con:
        con.execute("UPDATE units SET population = 2000 WHERE code = 'P2'")
    sc = _targets(planned, unit="P2")
    assert set(sc["unit_name"]) == {"Tỉnh Hai — chỉ phần Tỉnh Một cũ / old Tỉnh Một area only"}
    row = sc.loc["mobile_broadband_per_100"]
    assert row["value"] == pytest.approx(85) and row["coverage_share"] == pytest.approx(0.5)
    assert (row["units_reporting"], row["units_expected"]) == (2, 2)
    assert row["status"] == "partial data"
    assert row["status_reason"].startswith("partial: 2 of 2 communes (50.0 % of the people)")


# ---- samples: too few for a status; a census has no interval ----------------------------


def test_a_handful_of_respondents_gets_no_status(planned):
    row = _targets(planned).loc["adults_smartphone"]  # 6 respondents, 350 of 600 by weight
    assert row["value"] == pytest.approx(350 / 6) and row["sample_size"] == 6
    assert row["status"] == "too few responses"
    assert row["status_reason"] == "6 responses in 2025Q4 (at least 30 needed)"
    assert row["projection"] is None or row["projection"] != row["projection"]
    t = view.target(row.to_dict())
    assert fmt_.text(t.status, "vi") == "quá ít người trả lời"


def test_a_handful_of_speed_tests_gets_no_status(planned):
    row = _targets(planned).loc["mobile_download_speed"]  # the median of 5 tests
    assert row["value"] == pytest.approx(60) and row["sample_size"] == 5
    assert row["status"] == "too few tests"
    assert row["status_reason"] == "5 tests in 2025Q4 (at least 30 needed)"


def test_the_agencies_census_has_no_interval(planned):
    row = _targets(planned).loc["agencies_using_platforms"]  # 3 of the 4 agencies
    assert row["value"] == pytest.approx(75) and row["sample_size"] == 4
    assert row["ci_low"] is None or row["ci_low"] != row["ci_low"]
    assert row["status"] == "missed"  # a census is judged whatever its size


# ---- the population base: stated, and chosen by the settings ---------------------------


def _resident(ws, text: str, base: str = "resident") -> None:
    """A resident-population file for the workspace, and the settings pointing at it."""
    import re

    (ws.root / "resident.csv").write_text(text, encoding="utf-8")
    path = ws.root / "hatang.toml"
    toml = path.read_text(encoding="utf-8")
    toml = re.sub(
        r"(?m)^resident_population_file = .*$", 'resident_population_file = "resident.csv"', toml
    )
    toml = re.sub(r"(?m)^population_base = .*$", f'population_base = "{base}"', toml)
    path.write_text(toml, encoding="utf-8")


def test_target_1_under_each_population_base(planned):
    from hatang.store import Workspace

    # no resident figure for P1: the plan's 1,000 people, and the base says why
    row = _targets(planned).loc["mobile_broadband_per_100"]
    assert (row["numerator"], row["denominator"]) == (850, 1000) and row["status"] == "met"
    assert row["population_base"] == (
        "plan population: 1,000 — merger plans' population size (units.population) "
        "(no resident figure for the workspace's province)"
    )
    # the statistics office counts 1,200 residents in P1: every unit scaled by 1.2
    _resident(planned, "map,code,name,year,population,source\n2024,P1,Tỉnh Một,2024,1200,Cục TK\n")
    ws = Workspace.open(planned.root)
    sc = _targets(ws)
    row = sc.loc["mobile_broadband_per_100"]
    assert (row["numerator"], row["denominator"]) == (850, 1200)
    assert row["value"] == pytest.approx(850 / 12) and row["status"] == "missed"
    assert row["population_base"] == "resident population 2024: 1,200 — Cục TK"
    assert sc.loc["cloud_accounts_per_adult", "denominator"] == pytest.approx(900)  # 750 × 1.2
    assert pd.isna(sc.loc["smartphone_share", "population_base"])  # not per inhabitant
    assert sc.attrs["population_base"]["factors"] == {"2024": 1.2, "2025": 1.2}
    # the same file with the plan base chosen: back to 1,000
    _resident(
        ws, "map,code,name,year,population,source\n2024,P1,Tỉnh Một,2024,1200,Cục TK\n", "plan"
    )
    row = _targets(Workspace.open(planned.root)).loc["mobile_broadband_per_100"]
    assert row["denominator"] == 1000 and row["population_base"].startswith(
        "plan population: 1,000"
    )


def test_explain_says_the_census_has_no_interval(planned):
    from hatang.indicators import explain

    e = explain(planned, "agencies_using_platforms", unit="P2", period="2025Q4", map="2025")
    assert e["ci_low"] is None and "a census: no sampling interval" in e["formula"]
    e = explain(planned, "mobile_broadband_per_100", unit="P2", period="2025Q4", map="2025")
    assert e["population_base"].startswith("plan population: 1,000")


def test_adult_age_of_an_older_workspace_is_accepted_and_ignored(tmp_path):
    from hatang import settings
    from hatang.errors import ConfigError

    path = tmp_path / "hatang.toml"
    path.write_text("[indicators]\nadult_age = 18\n", encoding="utf-8")
    loaded = settings.load(path)  # an older hatang.toml still opens
    assert not hasattr(loaded.indicators, "adult_age")
    assert "adult_age" not in settings.render_toml(settings.Settings())
    path.write_text("[indicators]\nadult_ages = 18\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown setting 'adult_ages'"):
        settings.load(path)
