"""Online public services, information systems, surveys and cloud accounts (pure)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from hatang.demo import calibration as cal
from hatang.demo.network import QUARTERS
from hatang.demo.usage import trend
from hatang.demo.villages import Land, largest_remainder
from hatang.model.periods import map_for_period

#: provincial agencies and the kinds of procedures they run (synthetic catalogue)
AGENCIES = {
    "Sở Tư pháp": [
        "Cấp phiếu lý lịch tư pháp",
        "Chứng thực bản sao",
        "Đăng ký hộ tịch có yếu tố nước ngoài",
        "Cấp giấy phép thành lập văn phòng công chứng",
    ],
    "Sở Kế hoạch và Đầu tư": [
        "Đăng ký thành lập doanh nghiệp",
        "Đăng ký thay đổi nội dung đăng ký doanh nghiệp",
        "Cấp giấy chứng nhận đăng ký đầu tư",
        "Đăng ký hộ kinh doanh",
    ],
    "Sở Tài nguyên và Môi trường": [
        "Cấp giấy chứng nhận quyền sử dụng đất",
        "Đăng ký biến động đất đai",
        "Cấp giấy phép môi trường",
        "Cấp giấy phép khai thác nước mặt",
    ],
    "Sở Xây dựng": [
        "Cấp giấy phép xây dựng",
        "Cấp chứng chỉ hành nghề hoạt động xây dựng",
        "Thẩm định thiết kế xây dựng",
    ],
    "Sở Giao thông vận tải": [
        "Cấp đổi giấy phép lái xe",
        "Cấp phù hiệu xe kinh doanh vận tải",
        "Đăng ký phương tiện thủy nội địa",
    ],
    "Sở Y tế": [
        "Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh",
        "Cấp giấy chứng nhận đủ điều kiện kinh doanh dược",
        "Cấp giấy phép hoạt động cơ sở khám bệnh",
    ],
    "Sở Giáo dục và Đào tạo": [
        "Cấp bản sao văn bằng, chứng chỉ",
        "Cho phép thành lập trường mầm non tư thục",
        "Chuyển trường đối với học sinh trung học",
    ],
    "Sở Lao động - Thương binh và Xã hội": [
        "Cấp giấy phép lao động cho người nước ngoài",
        "Giải quyết chế độ trợ cấp xã hội",
        "Đăng ký nội quy lao động",
    ],
    "Sở Công Thương": [
        "Cấp giấy phép kinh doanh bán lẻ sản phẩm rượu",
        "Cấp giấy chứng nhận đủ điều kiện an toàn thực phẩm",
        "Cấp giấy phép bán buôn sản phẩm thuốc lá",
    ],
    "Sở Nông nghiệp và Phát triển nông thôn": [
        "Cấp giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm nông lâm thủy sản",
        "Cấp giấy phép khai thác thủy sản",
        "Kiểm dịch động vật vận chuyển ra khỏi tỉnh",
    ],
    "Sở Thông tin và Truyền thông": [
        "Cấp giấy phép xuất bản bản tin",
        "Cấp giấy phép thiết lập trang thông tin điện tử tổng hợp",
        "Cấp giấy phép hoạt động in",
    ],
    "Sở Văn hóa, Thể thao và Du lịch": [
        "Cấp giấy phép kinh doanh dịch vụ karaoke",
        "Cấp giấy phép tổ chức lễ hội",
        "Công nhận điểm du lịch",
    ],
    "Sở Tài chính": [
        "Đăng ký mã số đơn vị có quan hệ với ngân sách",
        "Quyết toán dự án hoàn thành",
    ],
    "Sở Nội vụ": [
        "Thẩm định thành lập hội",
        "Công nhận ban vận động thành lập hội",
        "Xét tặng danh hiệu thi đua",
    ],
    "Sở Khoa học và Công nghệ": [
        "Cấp giấy chứng nhận đăng ký kết quả thực hiện nhiệm vụ khoa học",
        "Cấp giấy phép tiến hành công việc bức xạ",
    ],
    "UBND cấp huyện": [
        "Đăng ký kết hôn",
        "Cấp giấy phép kinh doanh hộ cá thể",
        "Cấp giấy phép xây dựng nhà ở riêng lẻ",
        "Đăng ký khai sinh có yếu tố nước ngoài",
    ],
    "UBND cấp xã": [
        "Đăng ký khai sinh",
        "Đăng ký khai tử",
        "Chứng thực chữ ký",
        "Xác nhận tình trạng hôn nhân",
        "Đăng ký thường trú",
    ],
}


def services(rng: np.random.Generator) -> pd.DataFrame:
    total = cal.SERVICES_FULL + cal.SERVICES_PARTIAL
    first_total = cal.SERVICES_FULL_FIRST + cal.SERVICES_PARTIAL_FIRST
    agencies = list(AGENCIES)
    sizes = largest_remainder(
        total,
        np.array([len(AGENCIES[a]) * (3.0 if a.startswith("UBND") else 1.0) for a in agencies])
        * rng.uniform(0.7, 1.3, len(agencies)),
    )
    rows = []
    for a, k in zip(agencies, sizes, strict=True):
        names = AGENCIES[a]
        for j in range(int(k)):
            base = names[j % len(names)]
            variant = j // len(names)
            rows.append((a, base if variant == 0 else f"{base} (trường hợp {variant + 1})"))
    cat = pd.DataFrame(rows, columns=["agency", "name"])
    cat = cat.iloc[rng.permutation(len(cat))].reset_index(drop=True)
    cat["code"] = [
        f"1.{int(c):06d}.000.00.00.H39"
        for c in rng.choice(np.arange(1000, 14000), len(cat), replace=False)
    ]
    # when each service went online, and when it became fully online
    n = len(cat)
    appear = np.zeros(n, dtype=int)
    late = rng.choice(n, total - first_total, replace=False)
    appear[late] = rng.integers(1, len(QUARTERS), len(late))
    full_from = np.full(n, 10**6)
    full_end = rng.choice(n, cal.SERVICES_FULL, replace=False)
    full_first = rng.choice(full_end[appear[full_end] == 0], cal.SERVICES_FULL_FIRST, replace=False)
    full_from[full_end] = np.maximum(
        appear[full_end], rng.integers(1, len(QUARTERS), len(full_end))
    )
    full_from[full_first] = 0
    portal_from = np.where(rng.random(n) < 0.04, rng.integers(1, 5, n), 0)
    out = []
    for q, period in enumerate(QUARTERS):
        m = appear <= q
        out.append(
            pd.DataFrame(
                {
                    "period": period,
                    "code": cat["code"][m],
                    "name": cat["name"][m],
                    "agency": cat["agency"][m],
                    "level": np.where(full_from[m] <= q, "full", "partial"),
                    "on_national_portal": np.maximum(portal_from[m], appear[m]) <= q,
                }
            )
        )
    return pd.concat(out, ignore_index=True)


SYSTEMS = [
    ("Trung tâm tích hợp dữ liệu tỉnh", "Sở Thông tin và Truyền thông", True),
    ("Hệ thống quản lý văn bản và điều hành", "Văn phòng UBND tỉnh", True),
    ("Hệ thống thông tin giải quyết thủ tục hành chính", "Văn phòng UBND tỉnh", True),
    ("Cổng thông tin điện tử tỉnh", "Văn phòng UBND tỉnh", True),
    ("Nền tảng tích hợp, chia sẻ dữ liệu (LGSP)", "Sở Thông tin và Truyền thông", True),
    ("Trung tâm giám sát, điều hành đô thị thông minh (IOC)", "Sở Thông tin và Truyền thông", True),
    ("Hệ thống thư điện tử công vụ", "Sở Thông tin và Truyền thông", True),
    ("Hệ thống họp trực tuyến", "Văn phòng UBND tỉnh", True),
    ("Cổng dữ liệu mở", "Sở Thông tin và Truyền thông", True),
    ("Hệ thống báo cáo kinh tế - xã hội", "Văn phòng UBND tỉnh", True),
    ("Hệ thống chữ ký số chuyên dùng", "Sở Thông tin và Truyền thông", True),
    ("Hệ thống giám sát an toàn thông tin (SOC)", "Sở Thông tin và Truyền thông", True),
    ("Cơ sở dữ liệu cán bộ, công chức, viên chức", "Sở Nội vụ", True),
    ("Hệ thống một cửa điện tử cấp xã", "UBND cấp xã", True),
    ("Cơ sở dữ liệu đất đai", "Sở Tài nguyên và Môi trường", True),
    ("Hệ thống thông tin quy hoạch", "Sở Xây dựng", True),
    ("Cơ sở dữ liệu doanh nghiệp tỉnh", "Sở Kế hoạch và Đầu tư", True),
    ("Hệ thống quản lý hồ sơ sức khỏe điện tử", "Sở Y tế", True),
    ("Cơ sở dữ liệu ngành giáo dục", "Sở Giáo dục và Đào tạo", True),
    ("Hệ thống thông tin an sinh xã hội", "Sở Lao động - Thương binh và Xã hội", True),
    ("Hệ thống quản lý tài sản công", "Sở Tài chính", True),
    ("Cơ sở dữ liệu hộ tịch điện tử", "Sở Tư pháp", True),
    ("Hệ thống phản ánh, kiến nghị (1022)", "Sở Thông tin và Truyền thông", True),
    ("Hệ thống quản lý giao thông", "Sở Giao thông vận tải", True),
    ("Cơ sở dữ liệu nông nghiệp", "Sở Nông nghiệp và Phát triển nông thôn", True),
    ("Hệ thống thông tin khoa học công nghệ", "Sở Khoa học và Công nghệ", True),
]
_PRIVATE = [
    "Phần mềm kế toán",
    "Trang thông tin điện tử",
    "Phần mềm quản lý chuyên ngành",
    "Phần mềm quản lý nhân sự",
]


def info_systems(rng: np.random.Generator) -> pd.DataFrame:
    agencies = list(AGENCIES)[:14]
    rows = [(f"HT{i + 1:03d}", n, a, s) for i, (n, a, s) in enumerate(SYSTEMS)]
    while len(rows) < cal.INFO_SYSTEMS:
        a = agencies[len(rows) % len(agencies)]
        rows.append(
            (f"HT{len(rows) + 1:03d}", f"{_PRIVATE[len(rows) % len(_PRIVATE)]} - {a}", a, False)
        )
    df = pd.DataFrame(rows, columns=["system_id", "name", "agency", "shared"])
    shared = np.flatnonzero(df["shared"].to_numpy())
    # how many shared systems are on cloud in each quarter, following the trend
    on_cloud_from = np.full(len(df), 10**6)
    order = rng.permutation(
        shared[1:]
    )  # the data-integration centre (HT001) is on cloud from the start
    on_cloud_from[0] = 0
    n_first = int(round(cal.CLOUD_SHARE[0] * len(shared))) - 1
    n_last = int(round(cal.CLOUD_SHARE[1] * len(shared))) - 1
    on_cloud_from[order[:n_first]] = 0
    on_cloud_from[order[n_first:n_last]] = rng.integers(1, len(QUARTERS), n_last - n_first)
    private = np.flatnonzero(~df["shared"].to_numpy())
    on_cloud_from[private] = np.where(rng.random(len(private)) < 0.5, 0, 10**6)
    out = []
    for q, period in enumerate(QUARTERS):
        out.append(
            df.assign(
                period=period,
                on_cloud=on_cloud_from <= q,
                is_data_centre=df["system_id"] == "HT001",
            )
        )
    return pd.concat(out, ignore_index=True)


def _units_for(land: Land, period: str) -> pd.DataFrame:
    if map_for_period(period) == "2024":
        return land.old_communes[["code", "adults", "households", "population"]]
    return land.new_communes[["code", "adults", "households", "population"]]


SURVEY_QUARTERS = ("2024Q2", "2024Q4", "2025Q2", "2025Q4")


def surveys(land: Land, rng: np.random.Generator) -> pd.DataFrame:
    out = []
    for period in SURVEY_QUARTERS:
        q = QUARTERS.index(period)
        units = _units_for(land, period)
        designs = (
            (
                "adults",
                cal.ADULT_RESPONDENTS_PER_YEAR // 2,
                "adults",
                [
                    ("owns_smartphone", trend(cal.ADULT_SMARTPHONE, q)),
                    ("owns_mobile_phone", 0.95),
                ],
            ),
            ("households", 600, "households", [("owns_smartphone", cal.HOUSEHOLD_SMARTPHONE)]),
            (
                "agencies",
                160,
                None,
                [("uses_national_platforms", trend(cal.AGENCIES_PLATFORMS, q))],
            ),
            (
                "enterprises",
                500,
                None,
                [("uses_digital_platforms", trend(cal.ENTERPRISES_PLATFORMS, q))],
            ),
        )
        for survey, n, frame_col, questions in designs:
            base = (
                units["population"].to_numpy(float)
                if frame_col is None
                else units[frame_col].to_numpy(float)
            )
            ui = rng.choice(len(units), n, p=base / base.sum())
            codes = units["code"].to_numpy()[ui]
            if frame_col is None:
                weight = np.ones(n)
            else:  # post-stratified: each respondent stands for their commune's share
                per_unit = np.bincount(ui, minlength=len(units))
                weight = (
                    units[frame_col].to_numpy(float)[ui] / per_unit[ui] * rng.uniform(0.9, 1.1, n)
                )
            for question, p in questions:
                if p >= 1.0:
                    values = np.ones(n)
                else:
                    k = int(round(p * n))  # exact share in the sample, then shuffled
                    values = rng.permutation(np.r_[np.ones(k), np.zeros(n - k)])
                out.append(
                    pd.DataFrame(
                        {
                            "period": period,
                            "survey": survey,
                            "respondent_id": [
                                f"{survey[:2].upper()}{period}-{i + 1:04d}" for i in range(n)
                            ],
                            "unit_code": codes,
                            "question": question,
                            "value": values,
                            "weight": np.round(weight, 3),
                        }
                    )
                )
    return pd.concat(out, ignore_index=True)


CLOUD_PROVIDERS = {
    "Viettel Cloud": 0.38,
    "VNPT Cloud": 0.27,
    "FPT Cloud": 0.15,
    "Google": 0.12,
    "Khác": 0.08,
}


def cloud_accounts(land: Land, rng: np.random.Generator) -> pd.DataFrame:
    out = []
    for q, period in enumerate(QUARTERS):
        units = _units_for(land, period)
        per_adult = trend(cal.CLOUD_ACCOUNTS_PER_ADULT, q)
        base = units["adults"].to_numpy(float) * per_adult * rng.lognormal(0, 0.05, len(units))
        for prov, share in CLOUD_PROVIDERS.items():
            out.append(
                pd.DataFrame(
                    {
                        "period": period,
                        "unit_code": units["code"],
                        "provider": prov,
                        "accounts": np.rint(base * share).astype("int64"),
                    }
                )
            )
    return pd.concat(out, ignore_index=True)
