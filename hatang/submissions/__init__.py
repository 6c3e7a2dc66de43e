"""Quarterly submissions: who owes which file each quarter, and each file's road from
filed to accepted (docs/submissions.md).

    calendar   the filing calendar as data (calendar.toml), due dates        (pure)
    review     a filing against the previous quarter: the diff, the flags     (pure)
    grid       the office's view: filers × kinds of a quarter, late days     (pure)
    report     a filing's validation report as rows (CSV / XLSX, Vietnamese)  (pure)
    filing     file, accept, reject — through the importers and the store    (shell)
"""
