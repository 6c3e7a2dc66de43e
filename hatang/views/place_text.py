"""The search box's and the village page's words, Vietnamese and English (merged into
`hatang.i18n`'s catalogue)."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "place_search_label": ("Tìm thôn hoặc xã", "Find a village or commune"),
    "place_search_hint": (
        "tên thôn, xã (không cần dấu)",
        "village or commune name (accents optional)",
    ),
    "place_search_title": ("Tìm thôn, xã", "Find a village or commune"),
    "place_both_maps": ("cả hai bản đồ", "both maps"),
    "place_map_2025": ("bản đồ 2025 (hai cấp)", "2025 map (two-level)"),
    "place_map_2024": ("bản đồ 2024 (ba cấp)", "2024 map (three-level)"),
    "place_no_match": (
        "Không tìm thấy thôn hay xã nào có tên này.",
        "No village or commune has this name.",
    ),
    "place_type_more": ("Gõ tên thôn hoặc xã để tìm.", "Type a village or commune name to search."),
    "place_level": ("Cấp", "Level"),
    "place_in": ("Thuộc", "In"),
    "place_name": ("Tên", "Name"),
    "place_map": ("Bản đồ", "Map"),
    "place_level_commune": ("xã / phường", "commune / ward"),
    "place_level_village": ("thôn / xóm", "village"),
    "place_covered_q": ("Thôn có sóng không?", "Is the village covered?"),
    "place_modelled": (
        "Vùng phủ theo mô hình (lần chạy hiện hành)",
        "Modelled coverage (current run)",
    ),
    "place_modelled_note": (
        "Mô hình tính cho cả xã chứa thôn, không riêng thôn.",
        "The model's figures are for the commune the village is in, not the village alone.",
    ),
    "place_modelled_share": (
        "dân số xã được phủ sóng theo mô hình",
        "people of the commune covered by the model",
    ),
    "place_people_covered": ("Dân số được phủ sóng", "People covered"),
    "place_no_run": (
        "Chưa có lần chạy mô hình vùng phủ cho xã này (hatang coverage).",
        "No coverage model run covers this commune yet (hatang coverage).",
    ),
    "place_reported": ("Vùng phủ và dịch vụ theo báo cáo", "Reported coverage and services"),
    "place_no_report": (
        "Chưa có báo cáo dịch vụ của thôn.",
        "No service report for this village yet.",
    ),
    "place_speeds": ("Tốc độ đo được trong xã", "Speeds measured in the commune"),
    "place_cases": (
        "Điểm lõm sóng chưa khắc phục trong thôn",
        "Open dead-spot cases in the village",
    ),
    "place_no_cases": ("Không có điểm lõm sóng nào đang mở.", "No open dead-spot case."),
    "place_register_case": ("hồ sơ", "case"),
    "place_reported_spot": ("điểm lõm được báo cáo", "reported dead spot"),
    "place_commune_page": ("Trang của xã", "The commune's page"),
    "place_technology": ("Công nghệ", "Technology"),
    "place_source": ("Nguồn", "Source"),
    "place_opened_on": ("Ngày mở", "Opened on"),
}


def words() -> dict[str, tuple[str, str]]:
    return dict(WORDS)
