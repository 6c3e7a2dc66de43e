"""The marks of each value outside the web (issue 18 §7, docs/indicators.md, "How to
read a figure"): `hatang scorecard`'s table (after the value, a legend in both
languages) and JSON/CSV (`marks`), the report's II.2 table of the communes furthest
from a target and the one-page brief's gaps (after the value, the legend in the
notes) — fallback method, partial, too few responses or tests, no current data, a
series break. On the fixture province (hatang.testing)."""

from __future__ import annotations

import json
import shutil
import types

import pytest
from typer.testing import CliRunner

from hatang.cli import app
from hatang.indicators import compute_workspace, scorecard
from hatang.report.brief import gaps_table
from hatang.report.shortcomings import worst_table
from hatang.report.write import Writer
from hatang.store import Workspace
from hatang.testing import fixture_workspace, write_fixture_plan
from hatang.views import progress, reading
from hatang.views import scorecard as view


@pytest.fixture(scope="module")
def planned(tmp_path_factory):
    ws = fixture_workspace(tmp_path_factory.mktemp("flags") / "ws")
    write_fixture_plan(ws)
    compute_workspace(ws)
    return ws


def _cli(*args: str) -> str:
    r = CliRunner().invoke(app, list(args), env={"COLUMNS": "160"})
    assert r.exit_code == 0, r.output
    return r.output


def _rows(ws, *args: str) -> dict:
    out = json.loads(_cli("scorecard", "-f", "json", "-w", str(ws.root), *args))
    return {r["target_no"]: r for r in out["rows"]}


def test_the_json_gives_each_rows_marks(planned):
    n2 = _rows(planned, "--unit", "N2", "--map", "2025")
    # N2's one speed test in 2025Q4: the tiles' mean, too few for a status, and the
    # source changed from the tests' median (a break)
    assert n2[4]["marks"] == ["fallback", "too_few", "break"]
    assert n2[3]["marks"] == ["estimated", "too_few", "break"]  # the adults survey
    assert n2[1]["marks"] == ["break"]  # re-expressed until 2025Q2, reported from 2025Q3
    assert n2[5]["marks"] == [] and n2[8]["marks"] == []  # counted, same method throughout
    old = _rows(planned, "--unit", "C1", "--map", "2024")
    assert old[1]["marks"] == ["reexpressed", "break"]  # 2025Q4 carried to the old map


def test_the_csv_gives_each_rows_marks_as_json(planned):
    import csv
    import io

    text = _cli("scorecard", "-f", "csv", "-w", str(planned.root), "--unit", "N2")
    rows = {r["target_no"]: r for r in csv.DictReader(io.StringIO(text))}
    assert json.loads(rows["4"]["marks"]) == ["fallback", "too_few", "break"]


def test_the_table_marks_each_value_and_prints_the_legend(planned):
    out = _cli("scorecard", "-w", str(planned.root), "--unit", "N2", "--map", "2025")
    assert "†ⁿ¦ Mbit/s" in out  # target 4's value, then its marks, then its unit
    assert "Ký hiệu / marks:" in out
    assert "†  phương pháp dự phòng" in out and "fallback method: the Ookla tiles'" in out
    assert "ⁿ  quá ít người trả lời hoặc phép đo" in out and "¦  gián đoạn chuỗi" in out
    assert "‡" not in out and "#  số liệu chưa đủ" not in out  # none modelled, none partial


def test_a_stale_value_and_a_partial_one_are_marked(planned, tmp_path):
    shutil.copytree(planned.root, tmp_path / "ws")
    ws = Workspace.open(tmp_path / "ws")
    with ws.connect() as con:
        con.execute(
            "DELETE FROM survey_responses WHERE survey = 'enterprises' AND period = '2025Q4'"
        )
        con.execute("DELETE FROM subscriptions WHERE unit_code = 'N2' AND period = '2025Q4'")
    compute_workspace(ws)
    rows = _rows(ws, "--map", "2025")
    assert rows[14]["status"] == "no current data" and "stale" in rows[14]["marks"]
    assert rows[1]["status"] == "partial data" and rows[1]["marks"] == ["partial"]
    out = _cli("scorecard", "-w", str(ws.root), "--map", "2025")
    assert "°  chưa có số liệu kỳ này" in out and "#  số liệu chưa đủ" in out


def test_the_reports_furthest_communes_are_marked(planned):
    targets = view.targets(scorecard(planned, map="2025", refresh=False))
    communes = view.targets(scorecard(planned, level="commune", map="2025", refresh=False))
    w = Writer("vi")
    data = types.SimpleNamespace(map="2025", worst={"2025": communes})
    table = worst_table(w, data, progress.short(targets))
    cells = {r[0].text: r[2].text for r in table.rows}
    # target 2: both communes' series break at the reorganisation; target 8: counted
    assert cells["2"] == "Phường Mới 94,51%¦; Xã Mới 93,33%¦"
    assert cells["8"] == "Phường Mới 100%; Xã Mới 28,57%"
    assert table.notes[-1] == (
        "Ký hiệu: (¦) gián đoạn chuỗi (đổi phương pháp hoặc bản đồ hành chính): không tính "
        "thay đổi qua đó."
    )


def test_the_briefs_gaps_are_marked(planned):
    targets = view.targets(scorecard(planned, unit="N2", map="2025", refresh=False))
    table = gaps_table(Writer("en"), types.SimpleNamespace(targets=targets, period="2025Q4"))
    values = {r[0].text: r[3].text for r in table.rows}
    assert values == {"8": "28.57%", "12": "0.87¦", "7": "23.33¦"}
    assert table.notes == (
        "Marks: (¦) series break (a change of method or of map): no change is computed across it.",
    )
    flagless = [t for t in targets if not reading.flags(t)]
    assert (
        gaps_table(Writer("en"), types.SimpleNamespace(targets=flagless, period="2025Q4")).notes
        == ()
    )


def test_the_scorecards_reasons_read_in_the_clis_language(planned, tmp_path):
    """`hatang scorecard --wide` in Vietnamese: the partial-data and sample-size reasons
    (hatang.indicators.status) in the web's Vietnamese (hatang.views.reasons), units and
    'past the deadline' too; in English the engine's words."""
    shutil.copytree(planned.root, tmp_path / "ws")
    ws = Workspace.open(tmp_path / "ws")
    with ws.connect() as con:
        con.execute("DELETE FROM subscriptions WHERE unit_code = 'N2' AND period = '2025Q4'")
    compute_workspace(ws)

    def run(lang: str, *args: str) -> str:
        r = CliRunner().invoke(
            app,
            ["scorecard", "--wide", "-w", str(ws.root), "--map", "2025", *args],
            env={"COLUMNS": "400", "HATANG_LANG": lang},
        )
        assert r.exit_code == 0, r.output
        return " ".join(r.output.split())

    vi, en = run("vi"), run("en")
    assert "số liệu chưa đủ: 1/2 xã có số liệu" in vi and " communes" not in vi
    assert "partial: 1 of 2 communes" in en
    vi, en = run("vi", "--unit", "N2"), run("en", "--unit", "N2")
    assert "(cần ít nhất" in vi and "needed)" not in vi and "(at least" in en
    assert "trên 100 dân" in vi and "đã qua hạn" in vi and "past the deadline" not in vi
