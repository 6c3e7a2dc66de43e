"""Filing, staging, acceptance and rejection on the fixture province (real DuckDB)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from hatang.errors import ConfigError, Forbidden
from hatang.register.machine import Actor
from hatang.submissions import filing, queries

VIETTEL = Actor("vt-planner", "operator", "viettel")
VNPT = Actor("vn-planner", "operator", "vnpt")
OFFICE = Actor("office", "analyst")


def _table(ws, name: str) -> pd.DataFrame:
    with ws.connect(read_only=True) as con:
        return con.execute(f"SELECT * FROM {name} ORDER BY ALL").df()


def test_an_operator_token_cannot_file_another_operators_kinds(ws, rows_of, write):
    path = write(rows_of("subscriptions", "2025Q4", "vnpt"), "vnpt.csv")
    with pytest.raises(Forbidden, match="viettel token cannot file for vnpt"):
        filing.file_submission(ws, VIETTEL, "subscriptions", "2025Q4", path, filer="vnpt")
    with pytest.raises(Forbidden, match="viettel does not file services"):
        filing.file_submission(ws, VIETTEL, "services", "2025Q4", path)
    with ws.connect(read_only=True) as con:
        assert con.execute("SELECT count(*) FROM filings").fetchone() == (0,)


def test_rows_of_another_operator_are_problems_of_their_rows(ws, rows_of, write):
    every = rows_of("subscriptions", "2025Q4")  # Viettel's and VNPT's rows in one file
    path = write(every, "thue-bao.csv")
    f = filing.file_submission(ws, VIETTEL, "subscriptions", "2025Q4", path)
    assert f["state"] == "refused"
    vnpt_rows = [i + 2 for i in every.index[every["operator"] == "vnpt"]]  # header is row 1
    problems = f["report"]["problems"]
    assert [p["row"] for p in problems] == vnpt_rows
    assert {(p["column"], p["value"], p["type"]) for p in problems} == {
        ("operator", "vnpt", "operator-scope")
    }
    assert problems[0]["text"].startswith(f"thue-bao.csv:{vnpt_rows[0]}:operator: 'vnpt' — ")


def test_a_refused_filing_leaves_the_figures_unchanged_and_lists_every_problem(ws, rows_of, write):
    file = rows_of("subscriptions", "2025Q4", "viettel")
    file["count"] = file["count"].astype(object)
    file.loc[1, "count"] = "nhiều"  # row 3: not a number
    file.loc[3, "unit_code"] = "N9"  # row 5: no such commune
    file.loc[4, "count"] = -5  # row 6: below the minimum
    before = {t: _table(ws, t) for t in ("subscriptions", "imports", "indicator_values")}
    f = filing.file_submission(ws, VIETTEL, "subscriptions", "2025Q4", write(file, "bad.csv"))
    assert f["state"] == "refused"
    got = [(p["row"], p["column"], p["type"]) for p in f["report"]["problems"]]
    assert got == [
        (3, "count", "type-error"),
        (5, "unit_code", "unknown-reference"),
        (6, "count", "out-of-range"),
    ]
    assert f["report"]["rows_read"] == 6 and f["report"]["rows_valid"] == 3
    for t, frame in before.items():
        pd.testing.assert_frame_equal(_table(ws, t), frame)
    with pytest.raises(ConfigError, match="refused: only a staged filing"):
        filing.accept(ws, OFFICE, f["filing_id"])


def test_refiling_replaces_the_earlier_filing_and_keeps_its_history(ws, rows_of, write):
    file = rows_of("subscriptions", "2025Q4", "viettel")
    first = filing.file_submission(ws, VIETTEL, "subscriptions", "2025Q4", write(file, "a.csv"))
    file.loc[0, "count"] = 721
    second = filing.file_submission(ws, VIETTEL, "subscriptions", "2025Q4", write(file, "b.csv"))
    assert (first["state"], second["state"]) == ("staged", "staged")
    old = queries.show(ws, first["filing_id"])
    assert (old["state"], old["replaced_by"]) == ("replaced", second["filing_id"])
    assert [(e["action"], e["to_state"]) for e in old["history"]] == [
        ("file", "staged"),
        ("replace", "replaced"),
    ]
    assert old["report"]["rows_read"] == 6  # its report is kept
    assert list(queries.listing(ws, "2025Q4")["filing_id"]) == ["F1", "F2"]
    cell = next(
        c for c in queries.due(ws, "2025Q4") if c.filer == "viettel" and c.kind == "subscriptions"
    )
    assert (cell.filing_id, cell.filings, cell.status) == ("F2", 2, "staged")


def test_acceptance_imports_the_operators_rows_and_recomputes(ws, rows_of, write):
    file = rows_of("subscriptions", "2025Q4", "viettel")
    file.loc[file.eval("unit_code == 'N2' and kind == 'mobile-broadband'"), "count"] = 135
    file = file[~file.eval("unit_code == 'N2' and kind == 'smartphone'")]  # left out
    from hatang.indicators import compute_workspace

    compute_workspace(ws)
    assert _n2_broadband(ws) == [80.0]  # 120 / 150 × 100
    staged = filing.file_submission(ws, VIETTEL, "subscriptions", "2025Q4", write(file, "q4.csv"))
    assert staged["state"] == "staged"
    with ws.connect(read_only=True) as con:
        q = "SELECT count FROM subscriptions WHERE period='2025Q4' AND unit_code='N2' AND operator='viettel' AND kind=?"
        assert con.execute(q, ["mobile-broadband"]).fetchone() == (120,)  # not yet in the figures
    with pytest.raises(Forbidden):
        filing.accept(ws, VIETTEL, staged["filing_id"])
    done = filing.accept(ws, OFFICE, staged["filing_id"])
    assert done["state"] == "accepted" and done["import_id"] is not None
    subs = _table(ws, "subscriptions")
    q4 = subs[subs["period"] == "2025Q4"]
    mine = q4[q4["operator"] == "viettel"].set_index(["unit_code", "kind"])["count"].to_dict()
    assert mine == {
        ("N1", "mobile"): 720,
        ("N1", "mobile-broadband"): 600,
        ("N1", "smartphone"): 700,
        ("N2", "mobile"): 150,
        ("N2", "mobile-broadband"): 135,
    }  # the row left out is gone: the file is Viettel's whole list
    assert len(q4[q4["operator"] == "vnpt"]) == 7  # VNPT's rows untouched
    assert _n2_broadband(ws) == [90.0]  # (135 Viettel + 0 VNPT) / 150 people × 100


def _n2_broadband(ws) -> list[float]:
    values = _table(ws, "indicator_values")
    got = values.query(
        "indicator == 'mobile_broadband_per_100' and unit_code == 'N2' and period == '2025Q4'"
    )["value"]
    return got.round(6).tolist()


def test_a_rejected_filing_says_why(ws, rows_of, write):
    path = write(rows_of("subscriptions", "2025Q4", "viettel"), "q4.csv")
    f = filing.file_submission(ws, VIETTEL, "subscriptions", "2025Q4", path)
    with pytest.raises(ConfigError, match="--reason"):
        filing.reject(ws, OFFICE, f["filing_id"], " ")
    done = filing.reject(ws, OFFICE, f["filing_id"], "N2 counts do not match the ministry's")
    assert (done["state"], done["reason"], done["decided_by"]) == (
        "rejected",
        "N2 counts do not match the ministry's",
        "office",
    )
    assert [e["action"] for e in done["history"]] == ["file", "reject"]


def test_a_late_filing_shows_as_late(ws, rows_of, write):
    on_time = dt.datetime(2026, 1, 10, 9, 0)
    late = dt.datetime(2026, 1, 22, 9, 0)  # due 15 Jan 2026: 7 days late
    filing.file_submission(
        ws,
        VIETTEL,
        "subscriptions",
        "2025Q4",
        write(rows_of("subscriptions", "2025Q4", "viettel"), "vt.csv"),
        now=on_time,
    )
    filing.file_submission(
        ws,
        VNPT,
        "subscriptions",
        "2025Q4",
        write(rows_of("subscriptions", "2025Q4", "vnpt"), "vn.csv"),
        now=late,
    )
    cells = {(c.filer, c.kind): c for c in queries.due(ws, "2025Q4", dt.date(2026, 2, 1))}
    assert cells[("viettel", "subscriptions")].late_days == 0
    assert cells[("vnpt", "subscriptions")].late_days == 7
    assert cells[("vnpt", "subscriptions")].due == dt.date(2026, 1, 15)
    missing = cells[("mobifone", "sites")]
    assert (missing.status, missing.late_days, missing.in_on) == ("missing", 17, None)


def test_the_due_date_follows_the_setting(ws):
    from hatang.store import Workspace

    assert {c.due for c in queries.due(ws, "2025Q3")} == {dt.date(2025, 10, 15)}
    toml = ws.root / "hatang.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace("due_days = 15", "due_days = 30"))
    cells = queries.due(Workspace.open(ws.root), "2025Q3", dt.date(2025, 10, 20))
    assert {c.due for c in cells} == {dt.date(2025, 10, 30)}  # 30 Sep + 30 days
    assert {c.late_days for c in cells} == {0}
    kinds = {(c.filer, c.kind) for c in cells}
    assert ("surveys", "surveys") not in kinds  # owed in Q2 and Q4 only
    assert ("viettel", "cells") in kinds and ("public-services", "services") in kinds


def test_auto_accept_takes_a_clean_filing_in_at_once(ws, rows_of, write):
    ws.settings.submissions.auto_accept = True
    path = write(rows_of("subscriptions", "2025Q4", "viettel"), "q4.csv")
    f = filing.file_submission(ws, VIETTEL, "subscriptions", "2025Q4", path)
    assert f["state"] == "accepted"
    assert f["decided_by"].startswith("auto-accept")


def test_a_period_that_is_no_quarter_is_one_clear_error(ws):
    for bad in ("2025", "0000Q1", "9999Q4", "soon"):
        with pytest.raises(ConfigError, match="--period"):
            queries.due(ws, bad)
