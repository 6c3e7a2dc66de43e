"""The report's words in Vietnamese and English, for hatang.i18n's catalogue (merged in
as the register's are), and the Vietnamese definitions of the plan's indicators (the
English ones are the catalogue's, as docs/indicators.md prints them)."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    # ---- the form ----
    "rp_motto_1": ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SOCIALIST REPUBLIC OF VIET NAM"),
    "rp_motto_2": ("Độc lập - Tự do - Hạnh phúc", "Independence - Freedom - Happiness"),
    "rp_number": ("Số: {number}/BC-{abbr}", "No.: {number}/BC-{abbr}"),
    "rp_place_date": (
        "{place}, ngày {day} tháng {month} năm {year}",
        "{place}, {day} {month} {year}",
    ),
    "rp_kind": ("BÁO CÁO", "REPORT"),
    "rp_kind_brief": ("BÁO CÁO TÓM TẮT", "SUMMARY REPORT"),
    "rp_subject": (
        "Kết quả thực hiện Kế hoạch số {number} ngày {date} của {body} về {about}, {quarter}",
        "Results of Plan No. {number} of {date} of the {body} on {about}, {quarter}",
    ),
    "rp_brief_subject": (
        "Tình hình thực hiện Kế hoạch số {number}, {quarter}",
        "Progress of Plan No. {number}, {quarter}",
    ),
    "quarter_name": ("quý {q} năm {year}", "Q{q} {year}"),
    "year_name": ("năm {year}", "{year}"),
    "rp_recipients": ("Nơi nhận:", "Recipients:"),
    "rp_signature_hint": ("(Chữ ký, dấu)", "(Signature, seal)"),
    "rp_notice": (
        "DỮ LIỆU MÔ PHỎNG — không phải số liệu thật (synthetic data)",
        "SYNTHETIC DATA — not real figures (dữ liệu mô phỏng)",
    ),
    "rp_intro": (
        "Thực hiện Kế hoạch số {number} ngày {date} của {body}, {issuer} báo cáo kết quả thực hiện {quarter} như sau.",
        "Under Plan No. {number} of {date} of the {body}, the {issuer} reports the results of {quarter} as follows.",
    ),
    "rp_basis": (
        "Số liệu do hệ thống hatang tính từ dữ liệu của tỉnh, trên bản đồ hành chính {map}; phạm vi của Kế hoạch: {scope}. Mỗi số liệu có định nghĩa và nguồn ở Phụ lục.",
        "The figures are computed by hatang from the province's data, on the {map} administrative map; the plan's scope: {scope}. Every figure's definition and sources are in the Appendix.",
    ),
    "rp_closing": (
        "Trên đây là báo cáo kết quả thực hiện Kế hoạch số {number}, {quarter} của {issuer}./.",
        "This is the {issuer}'s report on the results of Plan No. {number}, {quarter}./.",
    ),
    # ---- section I ----
    "rp_h_results": ("KẾT QUẢ THỰC HIỆN", "RESULTS"),
    "rp_h_targets": ("Các chỉ tiêu của Kế hoạch", "The plan's targets"),
    "rp_tally": (
        "Trong {n} chỉ tiêu của Kế hoạch: {parts}.",
        "Of the plan's {n} targets: {parts}.",
    ),
    "tally_met": ("đạt", "met"),
    "tally_on_track": ("đúng tiến độ", "on track"),
    "tally_at_risk": ("có nguy cơ không đạt", "at risk"),
    "tally_off_track": ("chậm tiến độ", "off track"),
    "tally_missed": ("không đạt", "missed"),
    "tally_no_data": ("chưa đủ dữ liệu để đánh giá", "without data for a status"),
    "rp_col_no": ("TT", "No."),
    "rp_col_target": ("Chỉ tiêu", "Target"),
    "rp_col_goal": ("Mục tiêu", "Goal"),
    "rp_col_value": ("Kết quả {period}", "Value {period}"),
    "rp_col_prev": ("So với kỳ trước", "Since the previous period"),
    "rp_col_base": ("So với đầu kỳ", "Since the baseline"),
    "rp_col_status": ("Đánh giá", "Status"),
    "rp_col_indicator": ("Chỉ số", "Indicator"),
    "rp_points": ("điểm %", "points"),
    "rp_table_targets": (
        "Bảng 1. Kết quả thực hiện các chỉ tiêu",
        "Table 1. Results against the targets",
    ),
    "rp_note_changes": (
        "Thay đổi so với kỳ trước và so với đầu kỳ (kỳ cuối cùng trước khi ban hành Kế hoạch), ghi kỳ so sánh trong ngoặc; tỷ lệ thay đổi tính bằng điểm phần trăm.",
        "Changes since the previous period and since the baseline (the last period before the plan was issued), the period compared with in brackets; changes of shares in percentage points.",
    ),
    "rp_note_samples": (
        "Cỡ mẫu của số liệu từ khảo sát hoặc phép đo (n, phương pháp) — ",
        "Samples behind values from a survey or from measurements (n, method) — ",
    ),
    "rp_fig_trends": (
        "Hình 1. Xu hướng từng chỉ tiêu theo kỳ (đường nét đứt: mục tiêu; đường chấm đứng: gián đoạn chuỗi)",
        "Figure 1. Each target's trend by period (dashed line: the target; dotted upright line: a series break)",
    ),
    "rp_trend_alt": (
        "Biểu đồ nhỏ cho {n} chỉ tiêu, mỗi chỉ tiêu một ô: giá trị theo kỳ từ {first} đến {last}, mục tiêu là đường nét đứt màu đỏ, điểm cuối màu xanh khi đạt, màu đỏ khi chưa đạt; chuỗi bị ngắt tại đường chấm đứng nơi phương pháp hoặc bản đồ thay đổi.",
        "Small multiples for {n} targets, one panel each: the value by period from {first} to {last}, the target as a red dashed line, the last point green when met, red when not; a series is cut at a dotted upright line where its method or map changes.",
    ),
    "rp_h_infrastructure": (
        "Hạ tầng, thuê bao và tốc độ",
        "Infrastructure, subscriptions and speeds",
    ),
    "rp_sites": (
        "Toàn tỉnh có {sites} trạm BTS ({period}); tỷ lệ trạm dùng chung {shared}.",
        "The province has {sites} base-station sites ({period}); {shared} of them are shared.",
    ),
    "rp_subscriptions": (
        "Số thuê bao di động: {mobile}; số thuê bao cáp quang (FTTH): {ftth}.",
        "Mobile-cellular subscriptions: {mobile}; FTTH subscriptions: {ftth}.",
    ),
    "rp_speed_mobile": (
        "Tốc độ tải xuống băng rộng di động: {value} (n = {n} phép đo; phương pháp {method}).",
        "Mobile-broadband download speed: {value} (n = {n} tests; method {method}).",
    ),
    "rp_speed_fixed": (
        "Tốc độ tải xuống băng rộng cố định: {value} (n = {n} phép đo; phương pháp {method}).",
        "Fixed-broadband download speed: {value} (n = {n} tests; method {method}).",
    ),
    "rp_h_coverage": ("Vùng phủ sóng 4G (mô hình)", "4G coverage (modelled)"),
    "rp_coverage": (
        "Theo mô hình vùng phủ, {people} dân số ({covered} người) và {villages} thôn, xóm có sóng 4G; lượt tính {run} (kỳ {period}, ô lưới {res} m, mô hình {model}).",
        "By the coverage model, {people} of the people ({covered}) and {villages} of the villages have 4G; run {run} (period {period}, {res} m grid, model {model}).",
    ),
    "rp_no_run": (
        "Chưa có lượt tính vùng phủ sóng cho kỳ này (chạy `hatang coverage`).",
        "No coverage run for this period yet (run `hatang coverage`).",
    ),
    # ---- section II ----
    "rp_h_shortcomings": ("TỒN TẠI, HẠN CHẾ", "SHORTCOMINGS"),
    "rp_h_short_targets": ("Các chỉ tiêu chưa đạt", "Targets not met"),
    "rp_none_short": (
        "Không có chỉ tiêu nào có nguy cơ, chậm tiến độ hoặc không đạt.",
        "No target is at risk, off track or missed.",
    ),
    "rp_target_no": ("Chỉ tiêu {no}", "Target {no}"),
    "rp_reason_met": (
        "{value} trong {period} đạt mục tiêu {goal}.",
        "{value} in {period} meets {goal}.",
    ),
    "rp_reason_margin": (
        "{value} trong {period} đạt mục tiêu {goal} trong phạm vi sai số của mẫu.",
        "{value} in {period} meets {goal} within the sample's margin of error.",
    ),
    "rp_reason_on_track": (
        "Dự báo đạt {projection} khi hết {deadline}, đạt mục tiêu {goal}.",
        "Projected {projection} by the end of {deadline}, meeting {goal}.",
    ),
    "rp_reason_at_risk": (
        "{value} trong {period}; dự báo {projection} khi hết {deadline}, khoảng tin cậy 95% của dự báo bao cả mục tiêu {goal}.",
        "{value} in {period}; projected {projection} by the end of {deadline}, the projection's 95% band straddling {goal}.",
    ),
    "rp_reason_off_track": (
        "{value} trong {period}; dự báo chỉ đạt {projection} khi hết {deadline}, không đạt mục tiêu {goal}.",
        "{value} in {period}; projected only {projection} by the end of {deadline}, missing {goal}.",
    ),
    "rp_reason_missed": (
        "Đã hết hạn ({deadline}): {value} trong {period}, không đạt mục tiêu {goal}.",
        "The deadline ({deadline}) has passed: {value} in {period} misses {goal}.",
    ),
    "rp_h_worst": ("Các xã còn xa mục tiêu nhất", "The communes furthest from each target"),
    "rp_col_worst": ("5 xã xa mục tiêu nhất (bản đồ {map})", "5 furthest communes ({map} map)"),
    "rp_table_worst": (
        "Bảng 2. {n} xã còn xa mục tiêu nhất của mỗi chỉ tiêu chưa đạt",
        "Table 2. The {n} communes furthest from each target not met",
    ),
    "rp_note_worst": (
        "Xếp theo khoảng cách tương đối tới mục tiêu (như `hatang scorecard --worst 5`); bản đồ 2024 là 175 xã cũ, bản đồ 2025 là các xã mới sau sắp xếp.",
        "Ranked by the relative distance to the target (as `hatang scorecard --worst 5`); the 2024 map has the old communes, the 2025 map the communes after the reorganisation.",
    ),
    "rp_h_register": ("Điểm lõm sóng (sổ theo dõi)", "Dead spots (the register)"),
    "rp_register_as_of": ("Tính đến ngày {day} ({period}): ", "As of {day} ({period}): "),
    "regq_total": ("số hồ sơ", "cases"),
    "regq_opened": ("mở trong kỳ", "opened in the period"),
    "regq_fixed": ("khắc phục trong kỳ", "fixed in the period"),
    "regq_verified": ("kiểm chứng trong kỳ", "verified in the period"),
    "regq_open": ("còn mở", "open"),
    "regq_overdue": ("quá hạn", "overdue"),
    "rp_table_scoreboard": (
        "Bảng 3. Hồ sơ theo nhà mạng: còn mở, quá hạn, đã khắc phục",
        "Table 3. Cases by operator: open, overdue, fixed",
    ),
    "rp_no_assigned": (
        "Chưa có hồ sơ nào được giao cho nhà mạng.",
        "No case has been assigned to an operator yet.",
    ),
    "rp_table_oldest": ("Bảng 4. Các hồ sơ còn mở lâu nhất", "Table 4. The oldest open cases"),
    "rp_fig_map": (
        "Hình {n}. Tỷ lệ dân số có sóng 4G (mô hình) theo xã, bản đồ {map}, kỳ {period}; vùng lõm sóng và hồ sơ còn mở",
        "Figure {n}. Share of people with 4G (modelled) by commune, {map} map, {period}; dead spots and open cases",
    ),
    "rp_map_alt": (
        "Bản đồ {communes} xã tô màu theo tỷ lệ dân số có sóng 4G (mô hình, kỳ {period}) theo 5 mức, {spots} vùng lõm sóng (mô hình) tô tím, {cases} hồ sơ điểm lõm sóng còn mở đánh dấu x; có chú giải, thước tỷ lệ và mũi tên chỉ hướng bắc.",
        "Map of {communes} communes coloured by the share of people with 4G (modelled, {period}) in 5 classes, {spots} modelled dead spots in purple, {cases} open dead-spot cases as crosses; with a legend, a scale bar and a north arrow.",
    ),
    "rp_map_legend": ("Dân số có sóng 4G (mô hình)", "People with 4G (modelled)"),
    "rp_map_no_data": ("không có số liệu", "no data"),
    "rp_map_dead_spots": ("vùng lõm sóng (mô hình)", "dead spot (modelled)"),
    "rp_map_cases": ("hồ sơ lõm sóng còn mở", "open dead-spot case"),
    # ---- section III ----
    "rp_h_proposals": ("ĐỀ XUẤT, KIẾN NGHỊ", "PROPOSALS"),
    "rp_h_scenario": ("Phương án xoá vùng lõm sóng", "The plan to close the dead spots"),
    "rp_scenario_asked": ("Phương án «{name}».", "Scenario «{name}»."),
    "rp_scenario_newest_full_cover": (
        "Phương án «{name}» (phương án phủ toàn bộ lập gần nhất).",
        "Scenario «{name}» (the newest full-cover scenario).",
    ),
    "rp_scenario_newest": (
        "Phương án «{name}» (phương án lập gần nhất; chưa có phương án phủ toàn bộ).",
        "Scenario «{name}» (the newest scenario; there is no full-cover one).",
    ),
    "rp_scenario_problem": ("Bài toán: {problem}.", "Problem: {problem}."),
    "rp_scenario_totals": (
        "Phương án gồm {actions} hành động, tổng chi phí {cost} đồng; phủ sóng mới cho {people} người và {villages} thôn, xóm; xoá {spots} vùng lõm sóng.",
        "The plan has {actions} actions costing {cost} VND in all; it newly covers {people} people and {villages} villages and closes {spots} dead spots.",
    ),
    "rp_table_before_after": (
        "Bảng 5. Chỉ số trước và sau phương án",
        "Table 5. Indicators before and after the plan",
    ),
    "rp_h_by_commune": (
        "Hành động theo xã và nhu cầu đầu tư",
        "Actions by commune and the investment needed",
    ),
    "rp_investment": (
        "Cần huy động doanh nghiệp đầu tư: {sharing_cost} đồng cho {sharing_n} hành động dùng chung hạ tầng sẵn có (nhà đầu tư dùng chung trạm) và {new_cost} đồng cho {new_n} vị trí trạm mới (trên công trình ngành khác hoặc cột mới), tại {communes} xã.",
        "Private investment needed: {sharing_cost} VND for {sharing_n} actions sharing existing sites (a site-sharing investor) and {new_cost} VND for {new_n} new sites (another sector's structure or a new tower), in {communes} communes.",
    ),
    "rp_col_sharing_n": ("Dùng chung", "Sharing"),
    "rp_col_sharing_cost": ("Chi phí dùng chung (đồng)", "Sharing cost (VND)"),
    "rp_col_new_n": ("Trạm mới", "New sites"),
    "rp_col_new_cost": ("Chi phí trạm mới (đồng)", "New-site cost (VND)"),
    "rp_table_by_commune": (
        "Bảng 6. Hành động của phương án theo xã",
        "Table 6. The plan's actions by commune",
    ),
    "rp_note_by_commune": (
        "Mỗi hành động tính phần dân và thôn được phủ thêm sau các hành động xếp trên nó, nên các cột cộng lại bằng tổng của phương án.",
        "Each action counts the people and villages it adds given the actions ranked above it, so the columns add up to the plan's totals.",
    ),
    "rp_h_recommendations": ("Kiến nghị", "Recommendations"),
    "rp_recommendations_blank": (
        "(Phần kiến nghị do cơ quan soạn thảo bổ sung.)",
        "(The recommendations are for the issuing office to write.)",
    ),
    "rp_no_scenario": (
        "Chưa có phương án quy hoạch trạm nào — chạy `hatang plan-sites --cover 100%` để lập phương án.",
        "No site-planning scenario yet — run `hatang plan-sites --cover 100%` to make one.",
    ),
    "investor_sharing": ("dùng chung trạm", "site sharing"),
    "investor_new_site": ("trạm mới", "new sites"),
    # ---- appendix ----
    "rp_appendix": ("PHỤ LỤC", "APPENDIX"),
    "rp_appendix_sub": (
        "(Kèm theo Báo cáo số {number}/BC-{abbr})",
        "(With Report No. {number}/BC-{abbr})",
    ),
    "rp_h_by_commune_values": (
        "Kết quả các chỉ tiêu theo xã (bản đồ {map}, {period})",
        "The targets by commune ({map} map, {period})",
    ),
    "rp_table_communes": (
        "Bảng PL{n}. Chỉ tiêu {first}–{last} theo xã",
        "Table A{n}. Targets {first}–{last} by commune",
    ),
    "rp_note_communes": (
        "Ô tô màu: đạt (xanh), có nguy cơ (vàng), chậm tiến độ hoặc không đạt (đỏ); «—»: chỉ tiêu không tính theo xã hoặc không có số liệu.",
        "Shaded cells: met (green), at risk (yellow), off track or missed (red); «—»: not computed per commune or no data.",
    ),
    "rp_h_sources": ("Nguồn dữ liệu", "Data sources"),
    "rp_col_file": ("Tệp", "File"),
    "rp_col_kind": ("Loại", "Kind"),
    "rp_col_imported": ("Ngày nhập", "Imported"),
    "rp_col_sha": ("SHA-256", "SHA-256"),
    "rp_col_targets": ("Chỉ tiêu", "Targets"),
    "rp_table_sources": (
        "Bảng PL{n}. Các tệp dữ liệu dùng cho các chỉ tiêu",
        "Table A{n}. The files behind the targets",
    ),
    "rp_note_sources": (
        "Tệp gốc lưu tại raw/<sha256> của không gian làm việc; `hatang explain CHỈ_TIÊU --unit {unit} --period {period}` cho biết cách tính từng số liệu.",
        "The raw files are kept as raw/<sha256> in the workspace; `hatang explain INDICATOR --unit {unit} --period {period}` shows how each figure is computed.",
    ),
    "rp_sources_run": (
        "Vùng phủ sóng: lượt tính {run}, lập lúc {at}.",
        "Coverage: run {run}, made at {at}.",
    ),
    "rp_sources_scenario": (
        "Phương án: «{name}», lập lúc {at}.",
        "Scenario: «{name}», made at {at}.",
    ),
    "rp_h_definitions": ("Định nghĩa các chỉ tiêu", "Definitions of the targets"),
    "rp_definition_sources": ("Nguồn định nghĩa: {sources}.", "Sources: {sources}."),
    # ---- the brief ----
    "rp_brief_status": ("Tình hình chung: {verdict}", "Overall: {verdict}"),
    "rp_brief_on_course": (
        "đạt hoặc đúng tiến độ tất cả chỉ tiêu.",
        "every target met or on track.",
    ),
    "rp_brief_not_on_course": (
        "{n} chỉ tiêu chưa đạt hoặc chậm tiến độ.",
        "{n} targets not met or off track.",
    ),
    "rp_brief_gaps": ("Ba chỉ tiêu còn xa mục tiêu nhất", "The three largest gaps"),
    "rp_col_gap": ("Còn thiếu", "Short by"),
    "rp_brief_dead_spots": (
        "Vùng lõm sóng: {people} người sống trong {spots} vùng lõm sóng (mô hình, lượt tính {run}).",
        "Dead spots: {people} people live in {spots} modelled dead spots (run {run}).",
    ),
    "rp_brief_cost": (
        "Chi phí để xoá hết: {cost} đồng theo phương án «{name}» ({actions} hành động; phủ mới {people} người).",
        "Cost to close them all: {cost} VND by scenario «{name}» ({actions} actions; {people} people newly covered).",
    ),
    "rp_brief_no_cost": (
        "Chưa có phương án để tính chi phí xoá vùng lõm sóng (`hatang plan-sites --cover 100%`).",
        "No scenario yet to cost closing the dead spots (`hatang plan-sites --cover 100%`).",
    ),
    "rp_brief_more": (
        "Chi tiết: báo cáo quý đầy đủ ({file}).",
        "Details: the full quarterly report ({file}).",
    ),
    # ---- units of measure ----
    "unit_%": ("%", "%"),
    "unit_per_100": ("trên 100 dân", "per 100 inhabitants"),
    "unit_per_adult": ("trên người trưởng thành", "per adult"),
    "unit_Mbit_s": ("Mbit/s", "Mbit/s"),
    "unit_count": ("số lượng", "count"),
    # ---- /reports ----
    "nav_reports": ("Báo cáo", "Reports"),
    "reports_title": ("Báo cáo quý", "Quarterly reports"),
    "reports_intro": (
        "Báo cáo kết quả thực hiện kế hoạch theo mẫu văn bản hành chính (Nghị định 30/2020/NĐ-CP) và báo cáo tóm tắt một trang cho lãnh đạo, tạo từ số liệu hiện có khi tải về.",
        "The plan's quarterly report in the Vietnamese administrative form (Decree 30/2020/NĐ-CP) and the leader's one-page brief, made from the current figures when downloaded.",
    ),
    "reports_report": ("Báo cáo quý", "Quarterly report"),
    "reports_brief": ("Tóm tắt 1 trang", "One-page brief"),
    "reports_map": ("Bản đồ hành chính {map}", "Administrative map {map}"),
    "reports_other_map": ("xem theo bản đồ {map}", "on the {map} map"),
    "reports_none": (
        "Chưa có số liệu chỉ tiêu nào cho phạm vi của kế hoạch (chạy `hatang compute`; kế hoạch của tỉnh khác thì không có báo cáo ở đây).",
        "No indicator values for the plan's scope yet (run `hatang compute`; a plan of another province has no report here).",
    ),
}

#: Vietnamese definitions of the indicators a plan's targets and the report's map use
DEFINITIONS_VI: dict[str, str] = {
    "mobile_broadband_per_100": "Số thuê bao băng rộng di động đang hoạt động (thuê bao trên thiết bị cầm tay và thuê bao dữ liệu chuyên dụng có sử dụng dữ liệu trong 3 tháng gần nhất, tốc độ danh định ≥ 256 kbit/s) chia cho dân số, nhân 100.",
    "smartphone_share": "Số thuê bao sử dụng trên điện thoại thông minh chia cho số thuê bao di động đang hoạt động, tính theo phần trăm.",
    "adults_smartphone": "Tỷ lệ có trọng số của người trưởng thành (từ 15 tuổi, có thể cấu hình) sở hữu điện thoại thông minh có SIM đang hoạt động để dùng cá nhân, theo khảo sát người trưởng thành.",
    "mobile_download_speed": "Trung vị tốc độ tải xuống của các phép đo băng rộng di động trong đơn vị và kỳ; khi ít phép đo hơn ngưỡng cấu hình, dùng trung bình có trọng số theo số phép đo của các ô Ookla có tâm trong đơn vị (dưới 50 phép đo: không tin cậy).",
    "villages_mobile_broadband": "Số thôn, xóm có băng rộng di động (3G/4G/5G) theo báo cáo của doanh nghiệp chia cho số thôn, xóm được báo cáo.",
    "shared_sites": "Số vị trí trạm có thiết bị của từ hai doanh nghiệp trở lên chia cho tổng số vị trí trạm trong danh sách trạm của kỳ.",
    "fixed_broadband_per_100": "Số thuê bao băng rộng cố định (≥ 256 kbit/s, mọi công nghệ kể cả FTTH, hộ gia đình và tổ chức) chia cho dân số, nhân 100 — tính trên người dân, không trên hộ.",
    "households_fibre": "Số hộ mà doanh nghiệp có thể lắp đặt cáp quang trong 10 ngày làm việc kể từ khi có yêu cầu chia cho số hộ của các thôn, xóm được báo cáo.",
    "fixed_download_speed": "Trung vị tốc độ tải xuống của các phép đo băng rộng cố định trong đơn vị, nếu không đủ phép đo thì dùng trung bình có trọng số của các ô Ookla cố định (dưới 50 phép đo: không tin cậy).",
    "villages_fixed_broadband": "Số thôn, xóm có băng rộng cố định chia cho số thôn, xóm được báo cáo.",
    "shared_systems_on_cloud": "Số hệ thống thông tin dùng chung của tỉnh (kể cả Trung tâm tích hợp dữ liệu) chạy trên dịch vụ điện toán đám mây chia cho tổng số hệ thống thông tin dùng chung. Chỉ tính cấp tỉnh.",
    "cloud_accounts_per_adult": "Số tài khoản dịch vụ điện toán đám mây của người dân chia cho số người trưởng thành (từ 15 tuổi).",
    "agencies_using_platforms": "Tỷ lệ có trọng số của cơ quan nhà nước trả lời có sử dụng thường xuyên các nền tảng số quốc gia và dùng chung (khảo sát cơ quan).",
    "enterprises_using_platforms": "Tỷ lệ có trọng số của doanh nghiệp sử dụng thường xuyên các nền tảng số (khảo sát doanh nghiệp).",
    "population_4g_modelled": "Số dân trong các ô lưới mà mô hình vùng phủ dự báo có dịch vụ 4G của ít nhất một doanh nghiệp chia cho số dân trên lưới (lượt tính hiện hành của kỳ).",
    "villages_4g_modelled": "Số thôn, xóm có tỷ lệ dân được phủ sóng đạt ngưỡng cấu hình trong mô hình vùng phủ chia cho số thôn, xóm.",
}


def words() -> dict[str, tuple[str, str]]:
    return dict(WORDS)
