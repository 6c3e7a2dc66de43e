"""How each value was obtained, marked the same on the web and in the report (issue 18
§7): estimated (*), fallback (†), modelled (‡), re-expressed (§), partial (#); the
population base under every table of per-inhabitant values. On the fixture province."""

from __future__ import annotations

import shutil

import pytest

from hatang.indicators import compute_workspace, scorecard
from hatang.report.results import _change, reading_notes
from hatang.report.write import Writer
from hatang.store import Workspace
from hatang.testing import fixture_workspace, write_fixture_plan
from hatang.views import progress, reading
from hatang.views import scorecard as view
from hatang.web.rows import reading_notes as web_notes
from hatang.web.rows import scorecard_rows


@pytest.fixture(scope="module")
def planned(tmp_path_factory):
    ws = fixture_workspace(tmp_path_factory.mktemp("marks") / "ws")
    write_fixture_plan(ws)
    compute_workspace(ws)
    return ws


def _by_no(ws, **kw):
    return {t.no: t for t in view.targets(scorecard(ws, refresh=False, **kw))}


def test_each_value_carries_the_mark_of_how_it_was_obtained(planned):
    n2 = _by_no(planned, unit="N2", map="2025")
    assert reading.symbols(n2[1]) == ""  # counted from the operators' 2025Q4 files
    assert reading.symbols(n2[3]) == "*"  # the adults survey: a weighted estimate
    assert reading.symbols(n2[4]) == "†"  # one test in 2025Q4: the tiles' mean
    scope = _by_no(planned, map="2025")
    assert reading.symbols(scope[13]) == ""  # the agencies: a census, not an estimate
    old = _by_no(planned, unit="C1", map="2024")
    assert reading.symbols(old[1]) == "§"  # 2025Q4 re-expressed on the old map
    modelled = view.Target(**{**vars(n2[1]), "indicator": "population_4g_modelled"})
    assert reading.symbols(modelled) == "‡"


def test_a_partial_value_is_marked(planned, tmp_path):
    shutil.copytree(planned.root, tmp_path / "ws")
    ws = Workspace.open(tmp_path / "ws")
    with ws.connect() as con:
        con.execute("DELETE FROM subscriptions WHERE unit_code = 'N2' AND period = '2025Q4'")
    compute_workspace(ws)
    t = _by_no(ws, map="2025")[1]
    assert t.partial == "1 of 2 communes (85.0 % of the people)"
    assert reading.symbols(t) == "#"


def test_a_table_of_communes_that_mixes_methods_says_so(planned):
    communes = view.targets(scorecard(planned, level="commune", map="2025", refresh=False))
    mixed = reading.mixed(communes)
    assert 4 in mixed  # N1's median of tests beside N2's tiles' mean
    assert 1 not in mixed  # both communes counted from the files


def test_the_report_notes_the_marks_the_base_and_the_breaks(planned):
    sc = scorecard(planned, unit="N2", map="2025", refresh=False)
    targets = view.targets(sc)
    notes = reading_notes(Writer("en"), targets, sc.attrs["population_base"])
    legend = next(n for n in notes if n.startswith("Marks: "))
    assert "(*) estimated from a weighted sample survey" in legend
    assert "(†) fallback method" in legend and "(§)" not in legend
    base = next(n for n in notes if n.startswith("Per-inhabitant figures divide by"))
    assert base == (
        "Per-inhabitant figures divide by: the merger plans' population size "
        "(the units' population; 1,000 in the province)."
    )
    breaks = next(n for n in notes if n.startswith("Series breaks"))
    assert "1: Q3/2025" in breaks and "4: Q3/2025, Q4/2025" in breaks
    vi = reading_notes(Writer("vi"), targets, sc.attrs["population_base"])
    assert any("toàn tỉnh 1.000 người" in n for n in vi)
    t1 = next(t for t in targets if t.no == 1)
    assert _change(Writer("vi"), progress.since_baseline(t1, None)) == "gián đoạn chuỗi (Q4/2024)"


def test_the_web_rows_carry_marks_base_and_breaks(planned):
    sc = scorecard(planned, unit="N2", map="2025", refresh=False)
    rows = {r["no"]: r for r in scorecard_rows(sc, "en")}
    assert rows[4]["marks"] == "†" and rows[4]["marks_title"].startswith("fallback method")
    assert rows[1]["base"].startswith("Per-inhabitant figures divide by: the merger plans'")
    assert rows[4]["base"] == ""  # a speed divides by no one
    assert "series break before 2025Q3" in rows[1]["breaks"]
    assert 'class="break"' in rows[1]["spark"]
    notes = web_notes(sc, "en")
    assert [s for s, _ in notes["legend"]] == ["*", "†"]
    assert notes["breaks"] and notes["base"].endswith("1,000 in the province)")


def test_the_shortcomings_name_each_value_and_goal_once(planned):
    from hatang.report.shortcomings import _short_list

    t = _by_no(planned, map="2025")[8]  # 225 of 250 households can get fibre, against 100 %
    assert t.status.value == "missed"
    (vi,) = _short_list(Writer("vi"), [t])
    assert vi.text == (
        "Chỉ tiêu 8 (Tỷ lệ hộ gia đình có khả năng tiếp cận cáp quang) — không đạt. "
        "Đã hết hạn (năm 2025): 90% trong quý IV năm 2025, không đạt mục tiêu ≥ 100%."
    )
    (en,) = _short_list(Writer("en"), [t])
    assert en.text.count("90%") == 1 and en.text.count("≥ 100%") == 1
