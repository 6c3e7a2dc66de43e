"""The register's words in Vietnamese and English, for hatang.i18n's catalogue: the
names of states, steps, sources, fix actions and reason codes come from their
declarations (machine.py, codes.toml); the rest is written here once."""

from __future__ import annotations

from hatang.register import codes, machine

WORDS: dict[str, tuple[str, str]] = {
    "nav_register": ("Sổ điểm lõm sóng", "Dead-spot register"),
    "reg_title": ("Sổ theo dõi điểm lõm sóng", "Dead-spot register"),
    "reg_case": ("hồ sơ", "case"),
    "reg_state": ("trạng thái", "state"),
    "reg_source": ("nguồn", "source"),
    "reg_village": ("thôn", "village"),
    "reg_commune_2025": ("xã (2025)", "commune (2025)"),
    "reg_commune_2024": ("xã (2024)", "commune (2024)"),
    "reg_technology": ("công nghệ", "technology"),
    "reg_operators": ("nhà mạng liên quan", "operators concerned"),
    "reg_all_operators": ("mọi nhà mạng", "all operators"),
    "reg_reasons": ("lý do", "reasons"),
    "reg_assigned": ("giao cho", "assigned to"),
    "reg_assigned_on": ("ngày giao", "assigned on"),
    "reg_people": ("người bị ảnh hưởng", "people affected"),
    "reg_people_model": ("theo mô hình vùng phủ {ref}", "from the coverage model, {ref}"),
    "reg_people_village": (
        "phần dân số của thôn trong khu vực",
        "the village's people inside the area",
    ),
    "reg_opened": ("ngày báo", "reported on"),
    "reg_due": ("hạn trả lời", "response due"),
    "reg_planned": ("dự kiến khắc phục", "fix planned for"),
    "reg_planned_action": ("biện pháp", "action"),
    "reg_fixed": ("ngày khắc phục", "fixed on"),
    "reg_fix_action": ("biện pháp đã làm", "action taken"),
    "reg_site": ("trạm", "site"),
    "reg_verified": ("ngày kiểm chứng", "verified on"),
    "reg_verification": ("kiểm chứng", "verification"),
    "reg_dispute_reason": ("lý do phản đối", "dispute reason"),
    "reg_reject_reason": ("lý do không chấp nhận", "rejection reason"),
    "reg_decision": ("quyết định", "decision"),
    "reg_closed": ("ngày đóng", "closed on"),
    "reg_description": ("mô tả", "description"),
    "reg_position": ("vị trí", "position"),
    "reg_overdue": ("quá hạn", "overdue"),
    "reg_overdue_response": ("quá hạn trả lời", "response overdue"),
    "reg_overdue_fix": ("quá hạn khắc phục", "fix overdue"),
    "reg_open": ("còn mở", "open"),
    "reg_history": ("lịch sử", "history"),
    "reg_when": ("thời điểm", "when"),
    "reg_who": ("người thực hiện", "who"),
    "reg_step": ("bước", "step"),
    "reg_from_to": ("từ → đến", "from → to"),
    "reg_changes": ("thay đổi", "changes"),
    "reg_note": ("ghi chú", "note"),
    "reg_evidence": ("minh chứng", "evidence"),
    "audit_title": (
        "Nhật ký: sổ điểm lõm sóng và hồ sơ nộp số liệu",
        "Audit log: dead-spot register and submissions",
    ),
    "audit_role": ("vai trò", "role"),
    "audit_subject": ("đối tượng", "subject"),
    "reg_evidence_files": ("{n} tệp minh chứng", "{n} evidence file(s)"),
    "reg_evidence_refs": ("{refs}; {files}", "{refs}; {files}"),
    "reg_next_steps": ("bước tiếp theo", "next steps"),
    "reg_none": ("không có", "none"),
    "reg_scoreboard": ("Bảng theo dõi nhà mạng", "Operator scoreboard"),
    "reg_sb_operator": ("nhà mạng", "operator"),
    "reg_by_operator": (
        "Sổ điểm lõm sóng theo nhà mạng được giao (chỉ tiêu bổ sung)",
        "Dead-spot register by assigned operator (supplementary indicators)",
    ),
    "reg_op_open": ("đang mở", "open"),
    "reg_op_overdue": ("quá hạn", "overdue"),
    "reg_op_fixed": ("khắc phục trong kỳ", "fixed in the period"),
    "reg_op_verified": ("kiểm chứng trong kỳ", "verified in the period"),
    "reg_op_days": ("số ngày đến khi khắc phục (trung vị)", "median days to fix"),
    "reg_op_people": ("người trong vùng hồ sơ mở", "people in open cases"),
    "reg_sb_assigned": ("đã giao", "assigned"),
    "reg_sb_open": ("chưa xong", "open"),
    "reg_sb_overdue": ("quá hạn", "overdue"),
    "reg_sb_respond": ("trả lời sau (ngày, trung vị)", "days to respond (median)"),
    "reg_sb_fix": (
        "khắc phục sau khi được giao (ngày, trung vị)",
        "days from assignment to fix (median)",
    ),
    "reg_sb_fixed": ("đã khắc phục", "fixed"),
    "reg_sb_verified": ("đã kiểm chứng", "verified"),
    "reg_sb_verified_share": ("tỷ lệ kiểm chứng đạt", "verified share"),
    "reg_by_state": ("Số hồ sơ theo trạng thái", "Cases by state"),
    "reg_cases_total": ("hồ sơ", "cases"),
    "reg_in_note": ("ghi chú", "note"),
    "reg_in_evidence": (
        "minh chứng (mỗi dòng một mục: đợt đo, đường dẫn, mã trạm)",
        "evidence (one a line: a test campaign, a link, a site id)",
    ),
    "reg_in_evidence_file": (
        "tệp minh chứng (ảnh, PDF hoặc CSV kết quả đo; mục này hoặc mục trên)",
        "evidence files (a photo, a PDF or a drive test's CSV; these or the lines above)",
    ),
    "reg_evidence_files_title": ("Tệp minh chứng", "Evidence files"),
    "reg_in_reason": ("mã lý do", "reason code"),
    "reg_in_operator": ("nhà mạng", "operator"),
    "reg_in_due_days": ("số ngày để trả lời", "days to respond"),
    "reg_in_planned_on": ("ngày dự kiến khắc phục", "planned fix date"),
    "reg_in_planned_action": ("biện pháp dự kiến", "planned action"),
    "reg_in_scenario": ("kịch bản quy hoạch", "planner scenario"),
    "reg_in_scenario_rank": ("thứ tự trong kịch bản", "rank in the scenario"),
    "reg_in_rnas_code": ("mã RNAS", "RNAS code"),
    "reg_in_fixed_on": ("ngày khắc phục", "fixed on"),
    "reg_in_fix_action": ("biện pháp đã làm", "action taken"),
    "reg_in_site_id": ("mã trạm", "site id"),
    "reg_in_verification": ("kết quả kiểm chứng", "verification"),
    "reg_verify_hint": (
        "Kiểm chứng dựa trên đo kiểm đã nhập sau ngày khắc phục hoặc lượt tính phủ sóng mới; "
        "tệp minh chứng gửi kèm được lưu cùng bước này.",
        "Verified on the imported tests after the fix date or a later coverage run; "
        "evidence files sent here are kept with the step.",
    ),
    "reg_filter": ("Lọc", "Filter"),
    "reg_all": ("tất cả", "all"),
    "reg_only_overdue": ("chỉ quá hạn", "overdue only"),
    "reg_shown": ("{n} / {total} hồ sơ", "{n} of {total} cases"),
    "reg_download_csv": ("Tải CSV", "Download CSV"),
    "reg_download_geojson": ("Tải GeoJSON", "Download GeoJSON"),
    "reg_report_link": ("Báo điểm lõm sóng", "Report a dead spot"),
    "reg_public_note": (
        "Công khai: không hiển thị mô tả, liên hệ hay tên người thực hiện.",
        "Public view: no descriptions, contacts or names of who acted.",
    ),
    "reg_report_title": ("Báo điểm lõm sóng", "Report a dead spot"),
    "reg_report_intro": (
        "Bấm vào bản đồ nơi không có sóng (hoặc chọn thôn), mô tả ngắn gọn và gửi. "
        "Không cần đăng nhập.",
        "Click the map where there is no signal (or choose your village), describe it "
        "briefly and send. No sign-in needed.",
    ),
    "reg_report_village": ("thôn", "village"),
    "reg_report_choose": ("— chọn thôn —", "— choose a village —"),
    "reg_report_lonlat": ("kinh độ, vĩ độ (bấm vào bản đồ)", "longitude, latitude (click the map)"),
    "reg_report_description": ("mô tả", "description"),
    "reg_report_contact": (
        "số điện thoại hoặc email (không bắt buộc; chỉ Sở dùng để liên hệ, không công bố)",
        "phone or e-mail (optional; only the office uses it to reach you, never published)",
    ),
    "reg_report_send": ("Gửi báo cáo", "Send the report"),
    "reg_report_done": (
        "Đã nhận báo cáo, mã hồ sơ {id}. Cảm ơn bạn!",
        "Report received as case {id}. Thank you!",
    ),
    "reg_sign_in_to_act": (
        "Đăng nhập để thực hiện các bước của hồ sơ.",
        "Sign in to take the case's next steps.",
    ),
    "reg_refused_allowed": ("Các bước được phép", "Steps allowed"),
    "reg_map": ("Bản đồ", "Map"),
    "reg_fig_open": ("hồ sơ lõm sóng đang mở", "dead-spot cases open"),
    "reg_fig_overdue": ("hồ sơ quá hạn", "cases overdue"),
    "reg_fig_fixed": ("đã khắc phục, chờ kiểm chứng", "fixed, awaiting verification"),
    "reg_fig_verified": ("đã kiểm chứng khắc phục", "fixes verified"),
    "reg_fig_people": ("người dân trong các hồ sơ đang mở", "people in open cases"),
    "login_title": ("Đăng nhập", "Sign in"),
    "login_token": ("Mã truy cập", "Access token"),
    "login_help": (
        "Dán mã truy cập do quản trị viên cấp (`hatang token create TÊN --role ...`). "
        "Mã không được lưu trong trình duyệt; phiên đăng nhập hết hạn sau {hours} giờ.",
        "Paste the access token your administrator gave you (`hatang token create NAME "
        "--role ...`). The token is not kept in the browser; the sign-in lasts {hours} hours.",
    ),
    "login_submit": ("Đăng nhập", "Sign in"),
    "logout": ("Đăng xuất", "Sign out"),
    "signed_in_as": ("Đang đăng nhập", "Signed in as"),
    "role_admin": ("quản trị", "admin"),
    "role_analyst": ("chuyên viên Sở", "analyst"),
    "role_operator": ("nhà mạng", "operator"),
    "role_citizen": ("người dân", "citizen"),
    "reg_empty": (
        "Chưa có hồ sơ nào. Chạy `hatang register sync` để mở hồ sơ từ danh sách báo cáo và mô hình.",
        "No cases yet. Run `hatang register sync` to open cases from the reported list and the model.",
    ),
    "reg_sync_done": (
        "Đồng bộ với mô hình {run}: mở {reported} hồ sơ từ danh sách báo cáo, {modelled} từ mô hình; cập nhật {updated}.",
        "Synced with run {run}: opened {reported} cases from the reported list, {modelled} from the model; updated {updated}.",
    ),
    "reg_verified_ok": ("{case}: đã kiểm chứng — {why}", "{case}: verified — {why}"),
    "reg_verified_no": (
        "{case}: vẫn ở trạng thái đã khắc phục — {why}",
        "{case}: stays fixed — {why}",
    ),
    # a step's changes in the timeline (hatang.views.register_changes)
    "reg_change": ("{field}: {value}", "{field}: {value}"),
    "reg_move": ("{from} → {to}", "{from} → {to}"),
    "reg_who_role": ("{who} ({role})", "{who} ({role})"),
    "reg_role_operator": ("{role}, {operator}", "{role}, {operator}"),
    "reg_people_n": ("{n} người", "{n} people"),
    "reg_field_lon": ("kinh độ", "longitude"),
    "reg_field_lat": ("vĩ độ", "latitude"),
    "reg_field_opened_at": ("thời điểm mở", "opened at"),
    "reg_field_decided_on": ("ngày quyết định", "decided on"),
    "reg_field_people_source": ("cách tính số người", "people counted from"),
    "reg_field_modelled_ref": ("vùng lõm sóng trong mô hình", "modelled dead spot"),
    "reg_field_source_ref": ("mã nguồn báo cáo", "source reference"),
    "reg_field_reopened": ("số lần mở lại", "times reopened"),
    "reg_field_geometry": ("vùng", "area"),
    "reg_field_description": ("mô tả", "description"),
    "reg_people_source_model": ("mô hình vùng phủ", "the coverage model"),
    "reg_people_source_village": ("dân số thôn trong vùng", "the village's people in the area"),
    "reg_step_done": ("{case}: {step} → {state}", "{case}: {step} → {state}"),
}


def words() -> dict[str, tuple[str, str]]:
    """Every register key of the catalogue."""
    out = dict(WORDS)
    out.update({f"reg_state_{k}": v for k, v in machine.STATES.items()})
    out.update({f"reg_step_{s.action}": (s.vi, s.en) for s in machine.STEPS})
    out.update({f"reg_action_{k}": v for k, v in machine.FIX_ACTIONS.items()})
    sources = {
        "operator-report": ("nhà mạng báo cáo", "operator report"),
        "province": ("Sở TT&TT", "the province"),
        "citizen": ("người dân", "citizen"),
        "model": ("mô hình vùng phủ", "coverage model"),
        "challenge": ("tệp khiếu nại", "challenge file"),
    }
    out.update({f"reg_source_{k}": v for k, v in sources.items()})
    for kind in codes.KINDS:
        out.update(
            {f"reg_code_{kind}_{c.code}": (c.vi, c.en) for c in codes.codes()[kind].values()}
        )
    return out
