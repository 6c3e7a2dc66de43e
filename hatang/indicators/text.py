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
    # how a value was obtained (hatang.views.reading): the marks and their legend
    "marks_legend": ("Ký hiệu", "Marks"),
    "mark_estimated": (
        "ước tính từ khảo sát mẫu có trọng số (n người trả lời, khoảng tin cậy 95 %)",
        "estimated from a weighted sample survey (n respondents, 95 % interval)",
    ),
    "mark_fallback": (
        "phương pháp dự phòng: trung bình các ô Ookla theo số phép đo, hoặc trung vị của "
        "quá ít phép đo",
        "fallback method: the Ookla tiles' tests-weighted mean, or a median of too few tests",
    ),
    "mark_modelled": (
        "mô hình hóa: mô hình phủ sóng vô tuyến, không phải số đo",
        "modelled: the radio coverage model, not a measurement",
    ),
    "mark_reexpressed": (
        "quy đổi từ bản đồ hành chính kia theo tỷ lệ dân số (bảng chuyển đổi)",
        "re-expressed from the other administrative map by population shares (the crosswalk)",
    ),
    "mark_partial": (
        "số liệu chưa đủ: chỉ một phần đơn vị có báo cáo",
        "partial: only part of the unit reported",
    ),
    "mark_too_few": (
        "quá ít người trả lời hoặc phép đo để đánh giá (giá trị chỉ để tham khảo)",
        "too few responses or tests for a status (the value is shown, not judged)",
    ),
    "mark_stale": (
        "chưa có số liệu kỳ này: giá trị của kỳ trước, không đánh giá",
        "no current data: the value is of an earlier period, not judged",
    ),
    "mark_break": (
        "gián đoạn chuỗi (đổi phương pháp hoặc bản đồ hành chính): không tính thay đổi qua đó",
        "series break (a change of method or of map): no change is computed across it",
    ),
    "mark_measured": (
        "không ký hiệu: đếm từ số liệu báo cáo, sổ đăng ký hoặc trung vị phép đo",
        "unmarked: counted from the reports or registers, or a median of speed tests",
    ),
    "methods_mixed": (
        "Các đơn vị trong bảng được tính bằng phương pháp khác nhau ở chỉ tiêu {targets} "
        "(xem ký hiệu)",
        "The units in this table were computed in different ways for target(s) {targets} "
        "(see the marks)",
    ),
    # the population base
    "base_note": (
        "Chỉ tiêu tính trên số dân chia cho: {base}",
        "Per-inhabitant figures divide by: {base}",
    ),
    "base_resident": (
        "dân số trung bình năm {year} (toàn tỉnh {total} người — {source}; dân số các xã "
        "quy về tổng này)",
        "the average resident population of {year} ({total} in the province — {source}; "
        "the communes' populations scaled to it)",
    ),
    "base_plan": (
        "quy mô dân số theo đề án sắp xếp đơn vị hành chính (dân số của các đơn vị; toàn "
        "tỉnh {total} người)",
        "the merger plans' population size (the units' population; {total} in the province)",
    ),
    # series breaks (hatang.indicators.breaks)
    "series_break": ("gián đoạn chuỗi", "series break"),
    "series_break_note": (
        "Gián đoạn chuỗi số liệu (đổi phương pháp, hoặc quy đổi qua bảng chuyển đổi khi "
        "sắp xếp đơn vị hành chính 2025): hai bên không so sánh được, không tính thay đổi "
        "qua điểm gián đoạn — chỉ tiêu, kỳ bắt đầu chuỗi mới:",
        "Series breaks (a change of method, or re-expression through the crosswalk at the "
        "2025 reorganisation): the two sides are not comparable and no change is computed "
        "across a break — target, first period of the new series:",
    ),
    "series_break_web": (
        "Gián đoạn chuỗi: tại đó phương pháp hoặc bản đồ hành chính thay đổi, nên hai bên "
        "không so sánh với nhau (đường xu hướng có khoảng trống và vạch chấm; rê chuột để "
        "xem lý do)",
        "Series break: the method or the administrative map changes there, so the values "
        "either side are not compared (the trend shows a gap and a dotted rule; hover for "
        "the reason)",
    ),
    "series_break_before": (
        "gián đoạn chuỗi trước {period}: {reason}",
        "series break before {period}: {reason}",
    ),
}


def words() -> dict[str, tuple[str, str]]:
    return dict(WORDS)
