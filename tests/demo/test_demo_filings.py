"""The demo's 2025Q3 files came in as filings (hatang.demo.filings): most accepted, one
late, one refused with its problems, one refiled — and the figures are the files'."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from hatang.submissions import queries


def test_the_demo_quarter_is_filed_and_accepted(demo_workspace):
    cells = {
        (c.filer, c.kind): c for c in queries.due(demo_workspace, "2025Q3", dt.date(2025, 12, 31))
    }
    assert len(cells) == 14  # 4 operators × 3 kinds, services, information systems
    assert {c.status for c in cells.values()} == {"accepted"}
    late = {k: c.late_days for k, c in cells.items() if c.late_days}
    assert late == {("vietnamobile", "cells"): 9, ("vietnamobile", "subscriptions"): 9}
    assert cells[("mobifone", "subscriptions")].filings == 2


def test_the_refused_filing_lists_its_problems_and_was_refiled(demo_workspace):
    filings = queries.listing(demo_workspace, "2025Q3")
    first = filings[(filings["filer"] == "mobifone") & (filings["kind"] == "subscriptions")]
    refused = queries.show(demo_workspace, first.iloc[0]["filing_id"])
    assert [e["to_state"] for e in refused["history"]] == ["refused", "replaced"]
    types = sorted(p["type"] for p in refused["report"]["problems"])
    assert types == ["operator-scope", "operator-scope", "type-error"]
    assert refused["replaced_by"] == first.iloc[1]["filing_id"]


def test_the_filed_rows_are_the_province_wide_files_rows(demo_workspace):
    raw = pd.read_csv(demo_workspace.root / "incoming" / "cells_2025Q3.csv", encoding="utf-8-sig")
    subs = pd.read_csv(
        demo_workspace.root / "incoming" / "thue-bao_2025Q3.csv", encoding="utf-8-sig"
    )
    with demo_workspace.connect(read_only=True) as con:
        n_cells = con.execute("SELECT count(*) FROM cells WHERE period = '2025Q3'").fetchone()[0]
        total = con.execute(
            "SELECT sum(count) FROM subscriptions WHERE period = '2025Q3'"
        ).fetchone()[0]
    assert n_cells == len(raw)
    assert total == subs["Số thuê bao"].sum()
