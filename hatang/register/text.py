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
    "reg_evidence_files": ("{n} tệp minh chứng", "{n} evidence file(s)"),
    "reg_next_steps": ("bước tiếp theo", "next steps"),
    "reg_none": ("không có", "none"),
    "reg_scoreboard": ("Bảng theo dõi nhà mạng", "Operator scoreboard"),
    "reg_sb_operator": ("nhà mạng", "operator"),
    "reg_sb_assigned": ("đã giao", "assigned"),
    "reg_sb_open": ("chưa xong", "open"),
    "reg_sb_overdue": ("quá hạn", "overdue"),
    "reg_sb_respond": ("trả lời sau (ngày, trung vị)", "days to respond (median)"),
    "reg_sb_fix": ("khắc phục sau (ngày, trung vị)", "days to fix (median)"),
    "reg_sb_fixed": ("đã khắc phục", "fixed"),
    "reg_sb_verified": ("đã kiểm chứng", "verified"),
    "reg_sb_verified_share": ("tỷ lệ kiểm chứng đạt", "verified share"),
    "reg_by_state": ("Số hồ sơ theo trạng thái", "Cases by state"),
    "reg_cases_total": ("hồ sơ", "cases"),
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
