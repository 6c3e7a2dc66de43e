"""The submissions' words in Vietnamese and English, for hatang.i18n's catalogue."""

from __future__ import annotations

WORDS: dict[str, tuple[str, str]] = {
    "nav_submissions": ("Hồ sơ nộp số liệu", "Submissions"),
    "sub_title": ("Hồ sơ nộp số liệu hằng quý", "Quarterly submissions"),
    "sub_filing": ("hồ sơ", "filing"),
    "sub_filer": ("đơn vị nộp", "filer"),
    "sub_kind": ("loại dữ liệu", "kind"),
    "sub_period": ("kỳ", "period"),
    "sub_due": ("hạn nộp", "due"),
    "sub_status": ("tình trạng", "status"),
    "sub_owed": ("phải nộp", "owed"),
    "sub_received": ("đã nhận", "received"),
    "sub_filings": ("số lần nộp", "filings"),
    "sub_problems": ("lỗi", "problems"),
    "sub_flagged": ("cần xem lại", "flagged"),
    "sub_staged": ("chờ duyệt", "staged"),
    "sub_accepted": ("đã chấp nhận", "accepted"),
    "sub_late_days": ("trễ (ngày)", "late (days)"),
    "sub_in_on": ("ngày nộp hợp lệ", "in on"),
    "sub_file": ("tệp", "file"),
    "sub_filed_at": ("nộp lúc", "filed at"),
    "sub_filed_by": ("người nộp", "filed by"),
    "sub_state": ("trạng thái", "state"),
    "sub_rows_read": ("dòng đọc", "rows read"),
    "sub_rows_valid": ("dòng hợp lệ", "valid rows"),
    "sub_reason": ("lý do", "reason"),
    "sub_decided_by": ("người duyệt", "decided by"),
    "sub_none": ("Chưa có hồ sơ nào.", "No filings yet."),
    "sub_report": ("Báo cáo kiểm tra", "Validation report"),
    "sub_diff": ("So với quý trước", "Against the previous quarter"),
    "sub_moves": ("Số liệu thay đổi", "Figures it moves"),
    "sub_history": ("Lịch sử", "History"),
    "sub_form": ("Nộp tệp", "File a submission"),
    "sub_added": ("thêm", "added"),
    "sub_removed": ("bớt", "removed"),
    "sub_changed": ("thay đổi", "changed"),
    "sub_before": ("trước", "before"),
    "sub_after": ("sau", "after"),
    "sub_download": ("Tải báo cáo lỗi", "Download the problems"),
    "sub_missing": ("chưa nộp", "missing"),
    "sub_state_refused": ("bị từ chối do lỗi", "refused (problems)"),
    "sub_state_rejected": ("không chấp nhận", "rejected"),
    "sub_state_staged": ("chờ duyệt", "staged"),
    "sub_state_accepted": ("đã chấp nhận", "accepted"),
    "sub_state_replaced": ("đã thay bằng lần nộp sau", "replaced"),
    "sub_state_missing": ("chưa nộp", "missing"),
}


def words() -> dict[str, tuple[str, str]]:
    return dict(WORDS)
