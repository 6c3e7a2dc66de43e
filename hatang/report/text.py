"""The Vietnamese definitions of the plan's indicators in the report's appendix (the
English ones are the catalogue's, as docs/indicators.md prints them); the report's
other words are in hatang.po."""

from __future__ import annotations

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
