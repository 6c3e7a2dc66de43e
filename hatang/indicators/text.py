"""The words of figures and statuses in Vietnamese and English, for hatang.i18n's
catalogue: statuses, and what a reader needs to read a figure (base, coverage, period,
sample, method, breaks — docs/indicators.md, "How to read a figure")."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "status_met within margin": ("đạt, trong biên sai số", "met, within the margin of error"),
    "status_missed": ("không đạt", "missed"),
    "status_no current data": ("chưa có số liệu kỳ này", "no current data"),
    "status_partial data": ("số liệu chưa đủ", "partial data"),
    "status_too few responses": ("quá ít người trả lời", "too few responses"),
    "status_too few tests": ("quá ít phép đo", "too few tests"),
    "projection_past_deadline": ("đã qua hạn", "past the deadline"),
}


def words() -> dict[str, tuple[str, str]]:
    return dict(WORDS)
