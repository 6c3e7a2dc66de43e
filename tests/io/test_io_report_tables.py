"""An import writing several tables says how many rows went to each, so the counts add up."""

from __future__ import annotations

from hatang.io import import_file


def test_opencellid_summary_names_cells_and_sites(ws, examples):
    report = import_file(ws, "opencellid", examples / "opencellid.csv", period="2025Q3")
    with ws.connect(read_only=True) as con:
        cells = con.execute("SELECT count(*) FROM cells").fetchone()[0]
        sites = con.execute("SELECT count(*) FROM sites").fetchone()[0]
    assert report.rows_loaded == cells + sites
    line = report.summary()
    assert f"sites {sites}" in line and f"cells {cells}" in line


def test_single_table_summary_unchanged(ws, examples):
    report = import_file(ws, "sites", examples / "sites.csv")
    assert "(3 new, 0 replaced)" in report.summary()
