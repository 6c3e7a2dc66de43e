"""Interface text in Vietnamese (default) and English.

The language comes from `?lang=vi|en` (remembered in a cookie), else the cookie, else
Vietnamese. Every key has both languages; a test checks it.
"""

from __future__ import annotations

LANGS = ("vi", "en")
DEFAULT = "vi"

TEXT: dict[str, tuple[str, str]] = {
    "app_title": ("Hạ tầng số", "Digital infrastructure"),
    "synthetic_banner": (
        "không phải số liệu thật",
        "not real figures",
    ),
    "nav_overview": ("Tổng quan", "Overview"),
    "nav_map": ("Bản đồ", "Map"),
    "nav_dead_spots": ("Điểm lõm sóng", "Dead spots"),
    "nav_speeds": ("Tốc độ", "Speeds"),
    "nav_services": ("Dịch vụ công", "Public services"),
    "nav_data": ("Dữ liệu mở", "Open data"),
    "switch_lang": ("English", "Tiếng Việt"),
    "scorecard": ("Kết quả thực hiện kế hoạch", "Plan scorecard"),
    "target": ("Chỉ tiêu", "Target"),
    "indicator": ("Chỉ số", "Indicator"),
    "value": ("Giá trị", "Value"),
    "status": ("Trạng thái", "Status"),
    "trend": ("Xu hướng", "Trend"),
    "projection": ("Dự báo đến hạn", "Projection at deadline"),
    "deadline": ("Hạn", "Deadline"),
    "period": ("Kỳ", "Period"),
    "not_computed": ("chưa tính", "not computed yet"),
    "not_computed_hint": (
        "Chạy `hatang compute` để tính các chỉ tiêu.",
        "Run `hatang compute` to compute the indicators.",
    ),
    "status_met": ("đạt", "met"),
    "status_on track": ("đúng tiến độ", "on track"),
    "status_at risk": ("có nguy cơ", "at risk"),
    "status_off track": ("chậm tiến độ", "off track"),
    "status_no data": ("không có dữ liệu", "no data"),
    "key_counts": ("Số liệu chính", "Key figures"),
    "sites": ("Trạm BTS", "Base-station sites"),
    "shared_pct": ("Trạm dùng chung", "Shared sites"),
    "villages_no_4g": ("Thôn chưa có băng rộng di động", "Villages without mobile broadband"),
    "villages_no_fibre": ("Thôn chưa có băng rộng cố định", "Villages without fixed broadband"),
    "open_dead_spots": ("Điểm lõm sóng chưa khắc phục", "Open dead spots"),
    "people_dead_spots": (
        "Người dân trong vùng lõm sóng (mô hình)",
        "People in dead spots (modelled)",
    ),
    "people_dead_spot_villages": (
        "Dân số các thôn có điểm lõm sóng",
        "People in villages with an open dead spot",
    ),
    "map_indicator": ("Tô màu xã theo", "Colour communes by"),
    "map_layers": ("Lớp bản đồ", "Layers"),
    "communes": ("Xã / phường", "Communes"),
    "villages_without": ("Thôn thiếu băng rộng", "Villages without broadband"),
    "dead_spots_reported": ("Điểm lõm sóng (báo cáo)", "Dead spots (reported)"),
    "dead_spots_modelled": ("Vùng lõm sóng (mô hình)", "Dead spots (modelled)"),
    "coverage_layer": ("Vùng phủ 4G (mô hình)", "4G coverage (modelled)"),
    "proposed_sites": ("Trạm đề xuất", "Proposed sites"),
    "shared_site": ("trạm dùng chung", "shared site"),
    "click_commune": ("Bấm vào một xã để xem chi tiết.", "Click a commune to open its page."),
    "commune": ("Xã", "Commune"),
    "commune_name": ("Xã", "Commune"),
    "village": ("Thôn", "Village"),
    "villages": ("Thôn / xóm", "Villages"),
    "population": ("Dân số", "Population"),
    "households": ("Số hộ", "Households"),
    "operator": ("Nhà mạng", "Operator"),
    "operators": ("Nhà mạng", "Operators"),
    "mobile_bb": ("Băng rộng di động", "Mobile broadband"),
    "fixed_bb": ("Băng rộng cố định", "Fixed broadband"),
    "fibre_hh": ("Hộ lắp được cáp quang", "Households able to get fibre"),
    "yes": ("có", "yes"),
    "no": ("không", "no"),
    "filter": ("Lọc", "Filter"),
    "search": ("Tìm", "Search"),
    "all": ("tất cả", "all"),
    "download_csv": ("Tải CSV", "Download CSV"),
    "rows": ("dòng", "rows"),
    "open": ("chưa khắc phục", "open"),
    "resolved": ("đã khắc phục", "resolved"),
    "reported_on": ("Ngày báo cáo", "Reported on"),
    "resolved_on": ("Ngày khắc phục", "Resolved on"),
    "speeds_title": (
        "Tốc độ băng rộng (trung vị theo xã)",
        "Broadband speeds (median per commune)",
    ),
    "speeds_note": (
        "Chỉ công bố số liệu tổng hợp; nhóm dưới {n} phép đo bị ẩn.",
        "Aggregates only; groups of fewer than {n} tests are hidden.",
    ),
    "services_title": ("Dịch vụ công trực tuyến", "Online public services"),
    "dead_spots_title": ("Điểm lõm sóng", "Coverage dead spots"),
    "data_title": ("Danh mục dữ liệu mở", "Open-data catalogue"),
    "data_intro": (
        "Mọi bộ dữ liệu đều tải được dạng CSV, Parquet (và GeoJSON nếu có vị trí), đọc được qua API CKAN và danh mục DCAT.",
        "Every dataset downloads as CSV, Parquet (and GeoJSON when spatial), and is readable through the CKAN API and the DCAT catalogue.",
    ),
    "licence": ("Giấy phép", "Licence"),
    "formats": ("Định dạng", "Formats"),
    "fields": ("Trường dữ liệu", "Fields"),
    "type": ("Kiểu", "Type"),
    "description": ("Mô tả", "Description"),
    "not_found": ("Không tìm thấy", "Not found"),
    "no_rows": ("Không có dòng nào.", "No rows."),
    "speed_down": ("Tải xuống (Mbit/s)", "Download (Mbit/s)"),
    "speed_up": ("Tải lên (Mbit/s)", "Upload (Mbit/s)"),
    "latency": ("Độ trễ (ms)", "Latency (ms)"),
    "tests": ("Số phép đo", "Tests"),
    "kind": ("Loại", "Kind"),
    "level": ("Mức độ", "Level"),
    "agency": ("Cơ quan", "Agency"),
    "national_portal": ("Cổng DVC quốc gia", "National portal"),
    "code": ("Mã", "Code"),
    "name": ("Tên", "Name"),
    "indicators_of_unit": ("Chỉ tiêu của xã", "Indicators of the commune"),
    "links_data": ("Dữ liệu", "Data"),
    "method": ("Phương pháp", "Method"),
    "page": ("Trang", "Page"),
    "previous": ("Trước", "Previous"),
    "next": ("Sau", "Next"),
    "footer": (
        "Dữ liệu mở theo giấy phép CC BY 4.0 · API CKAN tại /api/3/action/ · DCAT tại /catalog.jsonld",
        "Open data under CC BY 4.0 · CKAN API at /api/3/action/ · DCAT at /catalog.jsonld",
    ),
}


def pick_lang(query: str | None, cookie: str | None) -> str:
    for v in (query, cookie):
        if v in LANGS:
            return v
    return DEFAULT


def t(key: str, lang: str) -> str:
    pair = TEXT.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "en" else pair[0]
