"""The quarterly report on the plan and the leader's one-page brief, as DOCX and PDF.

    data.py        what a report is built from, read once (scorecard, register, scenario,
                   provenance) — the shell
    content.py     the pure content model of the report and the brief (document.py),
                   from the view-models: results.py (I), shortcomings.py (II),
                   proposals.py (III), appendix.py, brief.py, reasons.py
    charts.py      the trend chart; maps.py the commune map (matplotlib, Agg)
    docx.py        the DOCX renderer (python-docx); pdf.py the PDF renderer (reportlab)
    form.py        Decree 30/2020/NĐ-CP's page, margins, fonts and sizes
    write.py       how values and words are written (views.format's report style)
    text.py        the indicators' Vietnamese definitions of the appendix (words: hatang.po)
    build.py       `write_report`: gather, build, render, write the files
    fonts/         Liberation Serif 2.1.5 (OFL), embedded in every PDF

Kept light: hatang.i18n imports `text` at start-up.
"""
