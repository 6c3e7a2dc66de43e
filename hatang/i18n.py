"""User-facing text in Vietnamese (default) and English, for every renderer.

One catalogue of labels and sentences, keyed by a short id: the web pages, the CLI's
bilingual lines and the coming reports all look text up here, so a label reads the
same wherever it is shown. Every key has both languages (a test checks it). A
sentence may hold `{name}` placeholders that `message()` fills in.

    t("status_met", "en")                      -> "met"
    message("problem_sharing", "vi", share="30 %")
    both("weighting")                          -> "demand weighting / trọng số nhu cầu"

The web takes the language from `?lang=vi|en` (remembered in a cookie), else the
cookie, else Vietnamese (`pick_lang`).
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
    "download_xlsx": ("Tải Excel (XLSX)", "Download Excel (XLSX)"),
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
    # ---- planner scenarios (/scenarios, /scenario/<name>) ----
    "nav_scenarios": ("Kịch bản quy hoạch", "Planning scenarios"),
    "scenarios_title": ("Kịch bản quy hoạch trạm", "Site-planning scenarios"),
    "scenarios_intro": (
        "Mỗi kịch bản là một phương án do `hatang plan-sites` lập: dùng chung trạm sẵn có, dùng công trình ngành khác hoặc xây trạm mới để xoá các vùng lõm sóng (mô hình) với chi phí nhỏ nhất, hoặc phủ nhiều dân nhất trong một ngân sách.",
        "Each scenario is a proposal made by `hatang plan-sites`: share an existing site, use another sector's structure or build a new tower to close the modelled dead spots at least cost, or to cover the most people within a budget.",
    ),
    "scenarios_empty": (
        "Chưa có kịch bản nào — hãy chạy `hatang plan-sites` (ví dụ `hatang plan-sites --cover 100% --name phu-toan-bo`) để lập kịch bản đầu tiên.",
        "No scenario yet — run `hatang plan-sites` (e.g. `hatang plan-sites --cover 100% --name full-cover`) to make the first one.",
    ),
    "scenario": ("Kịch bản", "Scenario"),
    "all_scenarios": ("Tất cả kịch bản", "All scenarios"),
    "problem": ("Bài toán", "Problem"),
    "problem_cover_all": ("Phủ toàn bộ vùng lõm", "Full cover"),
    "problem_cover_share": ("Phủ {share} dân vùng lõm", "Cover {share} of dead-spot people"),
    "problem_budget": ("Ngân sách {budget} VND", "Budget {budget} VND"),
    "problem_max_cover": ("Phủ nhiều dân nhất", "Most people covered"),
    "problem_sharing": ("dùng chung ≥ {share}", "sharing ≥ {share}"),
    "operator_any": ("bất kỳ", "any"),
    "cost_vnd": ("Chi phí (VND)", "Cost (VND)"),
    "people_new": ("Dân được phủ mới", "People newly covered"),
    "villages_new": ("Thôn được phủ mới", "Villages newly covered"),
    "dead_spots_closed": ("Vùng lõm được xoá", "Dead spots closed"),
    "sharing_after": ("Tỷ lệ dùng chung sau", "Sharing ratio after"),
    "solver_status": ("Trạng thái lời giải", "Solver status"),
    "gap": ("khoảng cách tối ưu", "optimality gap"),
    "created": ("Lập lúc", "Created"),
    "compare": ("So sánh", "Compare"),
    "compare_pick": (
        "Chọn hai kịch bản trở lên rồi bấm «So sánh».",
        "Tick two or more scenarios, then «Compare».",
    ),
    "compare_title": ("So sánh kịch bản", "Scenarios side by side"),
    "compare_capped": (
        "Chỉ so sánh {n} kịch bản đầu tiên.",
        "Only the first {n} scenarios are compared.",
    ),
    "field": ("Nội dung", "Field"),
    "cmp_coverage_run": ("Lượt tính phủ sóng", "Coverage run"),
    "cmp_problem": ("Bài toán", "Problem"),
    "cmp_status": ("Trạng thái lời giải", "Solver status"),
    "cmp_cost_vnd": ("Chi phí (VND)", "Cost (VND)"),
    "cmp_people_new": ("Dân được phủ mới", "People newly covered"),
    "cmp_gap": ("Khoảng cách tối ưu", "Optimality gap"),
    "cmp_villages_covered_after": ("Thôn có sóng sau kịch bản", "Villages covered after"),
    "cmp_population_covered_after": ("Dân có sóng sau kịch bản", "Population covered after"),
    "cmp_sharing_after": ("Tỷ lệ dùng chung sau", "Sharing ratio after"),
    "cmp_dead_spots_closed": ("Vùng lõm được xoá", "Dead spots closed"),
    "cmp_uncoverable_people": (
        "Dân không ứng viên nào phủ được",
        "People no candidate can cover",
    ),
    "cmp_actions": ("Số hành động", "Actions"),
    "cmp_actions_in_common": ("Hành động chung của mọi kịch bản", "Actions they all share"),
    "scenario_totals": ("Tổng hợp", "Totals"),
    "actions_count": ("Số hành động", "Actions"),
    "indicators_after": ("Chỉ tiêu trước → sau kịch bản", "Indicators before → after the plan"),
    "before": ("Trước", "Before"),
    "after": ("Sau", "After"),
    "villages_covered": ("Thôn có sóng 4G (mô hình)", "Villages covered by 4G (modelled)"),
    "population_covered": ("Dân có sóng 4G (mô hình)", "People covered by 4G (modelled)"),
    "sharing_ratio": ("Tỷ lệ trạm dùng chung", "Share of sites shared"),
    "demand_line": (
        "Nhu cầu: {people} người trong {spots} vùng lõm sóng (mô hình); không ứng viên nào phủ được {lost} người trong số đó.",
        "Demand: {people} people in {spots} modelled dead spots; no candidate can cover {lost} of them.",
    ),
    "actions_title": ("Các hành động, xếp theo đóng góp", "Actions, ranked by contribution"),
    "actions_note": (
        "Mỗi dòng tính phần thêm được sau các hành động xếp trên nó, nên các cột cộng lại bằng tổng.",
        "Each row counts what it adds given the actions ranked above it, so the columns add up to the totals.",
    ),
    "no_actions": ("Kịch bản không có hành động nào.", "The scenario has no action."),
    "rank": ("Hạng", "Rank"),
    "what": ("Hành động", "Action"),
    "where": ("Vị trí", "Where"),
    "host": ("Trạm / công trình", "Site / structure"),
    "height": ("Độ cao (m)", "Height (m)"),
    "kind_colocation": ("Dùng chung trạm sẵn có", "Co-locate on an existing site"),
    "kind_other_sector": ("Dùng công trình ngành khác", "Use another sector's structure"),
    "kind_new_tower": ("Xây trạm mới", "Build a new tower"),
    "makes_shared": ("thành trạm dùng chung", "becomes shared"),
    "actions_map": ("Bản đồ các hành động", "Map of the actions"),
    "solver": ("Lời giải", "Solver"),
    "bound": ("Cận", "Bound"),
    "weighted_people_unit": (
        "người quy đổi (theo trọng số cơ sở)",
        "weighted people (facility factors)",
    ),
    "weighting": ("trọng số nhu cầu", "demand weighting"),
    "solve_time": ("Thời gian giải", "Solve time"),
    "candidates": ("Số phương án ứng viên", "Candidates"),
    "people_unit": ("người", "people"),
    "scen_status_optimal": ("tối ưu", "optimal"),
    "scen_status_time_limit": ("dừng do hết thời gian", "stopped at the time limit"),
    "scen_status_greedy": ("heuristic (tham lam)", "greedy heuristic"),
    "scen_status_infeasible": ("không khả thi", "infeasible"),
    "scen_status_no_plan_found": ("không tìm được phương án", "no plan found"),
    "note_optimal_min": (
        "Đã chứng minh tối ưu: không có phương án nào rẻ hơn mà vẫn phủ được chừng ấy dân.",
        "Proven optimal: no cheaper plan covers as many people.",
    ),
    "note_optimal_max": (
        "Đã chứng minh tối ưu: trong ngân sách này không phương án nào phủ được nhiều dân hơn.",
        "Proven optimal: no plan within the budget covers more people.",
    ),
    "note_time_limit_min": (
        "Bộ giải dừng khi hết thời gian: phương án dùng được, và không phương án nào rẻ hơn {bound} VND, nên nó đắt hơn phương án rẻ nhất tối đa {gap}.",
        "The solver stopped at its time limit: the plan works, and no plan costs less than {bound} VND, so it is at most {gap} dearer than the cheapest.",
    ),
    "note_time_limit_max": (
        "Bộ giải dừng khi hết thời gian: không phương án nào trong ngân sách phủ được quá {bound} người, nên có thể phủ thêm tối đa {gap}.",
        "The solver stopped at its time limit: no plan within the budget covers more than {bound} people, so at most {gap} more could be covered.",
    ),
    "note_greedy_min": (
        "Phương án heuristic (chưa chạy bộ giải chính xác): không phương án nào rẻ hơn {bound} VND, nên nó đắt hơn phương án rẻ nhất tối đa {gap}.",
        "Heuristic plan (the exact solver did not run): no plan costs less than {bound} VND, so it is at most {gap} dearer than the cheapest.",
    ),
    "note_greedy_max": (
        "Phương án heuristic (chưa chạy bộ giải chính xác): không phương án nào phủ được quá {bound} người, nên có thể phủ thêm tối đa {gap}.",
        "Heuristic plan (the exact solver did not run): no plan covers more than {bound} people, so at most {gap} more could be covered.",
    ),
    "note_infeasible": (
        "Đã chứng minh không có phương án nào thoả yêu cầu (ví dụ ngân sách quá nhỏ hoặc không đạt được tỷ lệ dùng chung).",
        "Proven: no plan meets the requirements (e.g. the budget is too small or the sharing target cannot be reached).",
    ),
    "note_no_plan_found": (
        "Chỉ các heuristic đã chạy và không tìm được phương án thoả yêu cầu; chưa chứng minh được là không có.",
        "Only the heuristics ran and none found a plan meeting the requirements; that none exists is not proven.",
    ),
    "coverage_run_line": (
        "Lập theo lượt tính phủ sóng {run} (kỳ {period}, ô lưới {res} m).",
        "Planned against coverage run {run} (period {period}, {res} m grid).",
    ),
    "coverage_run_none": (
        "Không ghi nhận lượt tính phủ sóng (kỳ {period}, ô lưới {res} m).",
        "No coverage run recorded (period {period}, {res} m grid).",
    ),
    "download_geojson": ("Tải GeoJSON", "Download GeoJSON"),
    "col_weighted": ("quy đổi", "weighted"),
    "money_bn": ("{n} tỷ đồng", "{n} bn VND"),
    "money_m": ("{n} triệu đồng", "{n} M VND"),
    "money_vnd": ("{n} đồng", "{n} VND"),
    "why_cost": ("Vì sao chi phí như vậy", "Why it costs what it costs"),
    "why_budget": (
        "Dùng {cost} trong ngân sách {budget}.",
        "Spends {cost} of the {budget} budget.",
    ),
    "why_sharing_adds": (
        "Mục tiêu dùng chung làm chi phí tăng thêm {diff}: không có mục tiêu này, phương án chỉ tốn {ref}.",
        "The sharing target adds {diff}: without it the plan costs {ref}.",
    ),
    "why_weighting_adds": (
        "Trọng số ưu tiên cơ sở làm chi phí tăng thêm {diff}: không có trọng số, phương án chỉ tốn {ref}.",
        "The facility weighting adds {diff}: without it the plan costs {ref}.",
    ),
    "why_sharing_weighting_adds": (
        "Mục tiêu dùng chung và trọng số ưu tiên cơ sở làm chi phí tăng thêm {diff}: không có chúng, phương án chỉ tốn {ref}.",
        "The sharing target and the facility weighting add {diff}: without them the plan costs {ref}.",
    ),
    "why_sharing_free": (
        "Mục tiêu dùng chung không làm tăng chi phí (không có nó, phương án vẫn tốn {ref}).",
        "The sharing target adds nothing to the cost (without it the plan also costs {ref}).",
    ),
    "why_weighting_free": (
        "Trọng số ưu tiên cơ sở không làm tăng chi phí (không có nó, phương án vẫn tốn {ref}).",
        "The facility weighting adds nothing to the cost (without it the plan also costs {ref}).",
    ),
    "why_sharing_weighting_free": (
        "Mục tiêu dùng chung và trọng số ưu tiên không làm tăng chi phí (không có chúng, phương án vẫn tốn {ref}).",
        "The sharing target and the facility weighting add nothing to the cost (without them the plan also costs {ref}).",
    ),
    "why_sharing_people": (
        "Với cùng ngân sách, nếu không có mục tiêu dùng chung sẽ phủ được {ref} người ({diff} người nhiều hơn).",
        "Without the sharing target the same budget covers {ref} people ({diff} more).",
    ),
    "why_weighting_people": (
        "Trọng số ưu tiên cơ sở đổi {diff} người được phủ lấy các thôn có cơ sở: không có trọng số, cùng ngân sách phủ được {ref} người.",
        "The facility weighting trades {diff} people covered for the villages with facilities: without it the same budget covers {ref} people.",
    ),
    "why_sharing_weighting_people": (
        "Không có mục tiêu dùng chung và trọng số ưu tiên, cùng ngân sách phủ được {ref} người ({diff} người nhiều hơn).",
        "Without the sharing target and the facility weighting the same budget covers {ref} people ({diff} more).",
    ),
    "why_people_same": (
        "Không có {what}, cùng ngân sách cũng chỉ phủ được chừng ấy người.",
        "Without {what} the same budget covers no more people.",
    ),
    "why_what_sharing": ("mục tiêu dùng chung", "the sharing target"),
    "why_what_weighting": ("trọng số ưu tiên cơ sở", "the facility weighting"),
    "why_what_sharing_weighting": (
        "mục tiêu dùng chung và trọng số ưu tiên",
        "the sharing target and the facility weighting",
    ),
    "why_approximate": (
        "(Phương án so sánh chưa được chứng minh tối ưu: chênh lệch là gần đúng.)",
        "(The plan compared with was not proven optimal: the difference is approximate.)",
    ),
    "col_no": ("#", "#"),
    "col_unit": ("đơn vị", "unit"),
    "col_reason": ("lý do", "why"),
    "col_projection": ("dự báo", "projection"),
    "col_facilities": ("cơ sở", "facilities"),
    # ---- modelled dead spots (hatang deadspots, reports) ----
    "ds_id": ("id", "id"),
    "ds_people": ("dân số", "people"),
    "ds_area": ("km²", "km²"),
    "ds_lon": ("lon", "lon"),
    "ds_lat": ("lat", "lat"),
    "ds_nearest_village": ("thôn gần nhất", "nearest village"),
    "ds_commune_2025": ("xã (2025)", "commune (2025)"),
    "ds_commune_2024": ("xã (2024)", "commune (2024)"),
    "ds_reports": ("báo cáo", "reports"),
    "ds_reported_open": ("báo cáo còn mở", "reported open"),
    "ds_matched": ("khớp", "matched"),
    "ds_missed": ("mô hình không thấy", "missed by the model"),
    "ds_modelled": ("theo mô hình", "modelled"),
    "ds_model_only": ("chỉ mô hình thấy", "found only by the model"),
    "footer": (
        "Dữ liệu mở theo giấy phép CC BY 4.0 · API CKAN tại /api/3/action/ · DCAT tại /catalog.jsonld",
        "Open data under CC BY 4.0 · CKAN API at /api/3/action/ · DCAT at /catalog.jsonld",
    ),
}


def _register_words() -> dict[str, tuple[str, str]]:
    from hatang.register.text import words

    return words()


TEXT.update(_register_words())


def _indicator_words() -> dict[str, tuple[str, str]]:
    from hatang.indicators.text import words

    return words()


TEXT.update(_indicator_words())


def _report_words() -> dict[str, tuple[str, str]]:
    from hatang.report.text import words

    return words()


TEXT.update(_report_words())


def _submission_words() -> dict[str, tuple[str, str]]:
    from hatang.submissions.text import words

    return words()


TEXT.update(_submission_words())


def pick_lang(*choices: str | None) -> str:
    """The first of `choices` that is a known language, else Vietnamese."""
    for v in choices:
        if v in LANGS:
            return v
    return DEFAULT


def has(key: str) -> bool:
    return key in TEXT


def t(key: str, lang: str) -> str:
    """The text of `key` in `lang` (the key itself when unknown, so a gap shows)."""
    pair = TEXT.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "en" else pair[0]


def message(key: str, lang: str, **params: object) -> str:
    """The text of `key` with its `{name}` placeholders filled from `params`."""
    text = t(key, lang)
    for name, value in params.items():
        text = text.replace("{" + name + "}", str(value))
    return text


def both(key: str, *, first: str = "en") -> str:
    """'english / tiếng Việt' (or Vietnamese first): the CLI writes both languages; a
    text that is the same in both (a unit, a code) once."""
    a, b = t(key, first), t(key, "vi" if first == "en" else "en")
    return a if a == b else f"{a} / {b}"
