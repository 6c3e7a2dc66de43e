"""The corpus of tests/io/golden/: each case is a file (its bytes, or a function writing
it), the kind it is imported as, and its options. Most files are bad on purpose; see
golden.py for how they are recorded."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

EXAMPLES = Path(__file__).resolve().parents[3] / "docs" / "examples"


@dataclass(frozen=True)
class Case:
    name: str
    kind: str
    file: str
    #: the file's bytes, or a function writing it
    data: bytes | Callable[[Path], None]
    period: str | None = None
    options: dict[str, str] = field(default_factory=dict)
    #: (kind, example file in docs/examples, period) imported first
    setup: tuple[tuple[str, str, str | None], ...] = ()


def _u(text: str) -> bytes:
    return text.encode("utf-8")


SITES = "period,site_id,name,lon,lat,owner,structure,height_m\n"
GOOD_SITE = "2025Q3,S1,Một,106.45,20.25,viettel,tower,30\n"
SUBS = "period,unit_code,operator,kind,count\n"
TESTS = "test_id,time,lon,lat,operator,kind,download_kbps,upload_kbps,latency_ms\n"
OCID_HEADER = (
    "radio,mcc,net,area,cell,unit,lon,lat,range,samples,changeable,created,updated,averageSignal\n"
)
FACILITIES = "facility_id,kind,name,village_code,lon,lat\n"
DEAD = "dead_spot_id,lon,lat,village_code,operator,reported_on,resolved_on,description\n"

TCVN3 = {"ã": 0xB7, "ạ": 0xB9, "ủ": 0xF1, "Đ": 0xA7, "ị": 0xDE, "ộ": 0xE9, "à": 0xB5, "ư": 0xAD}


def _tcvn3(text: str) -> bytes:
    return bytes(TCVN3[c] if c in TCVN3 else ord(c) for c in text)


def _ocid(rows: list[str]) -> bytes:
    """radio,mcc,net,area,cell,lon,lat → full OpenCelliD rows."""
    out = []
    for r in rows:
        p = r.split(",")
        out.append(",".join([*p[:5], "0", *p[5:7], "1000", "5", "1", "1", "1", "0"]) + "\n")
    return _u("".join(out))


def _xlsx(rows: list[list[Any]], merges: tuple[str, ...] = (), sheets: int = 1) -> Callable:
    def write(path: Path) -> None:
        import openpyxl

        wb = openpyxl.Workbook()
        wb.properties.created = wb.properties.modified = dt.datetime(2025, 1, 1)
        sh = wb.active
        for r in rows:
            sh.append(r)
        for m in merges:
            sh.merge_cells(m)
        for i in range(1, sheets):
            wb.create_sheet(f"Ghi chú {i}").append(["Nguồn: Sở KH&CN"])
        wb.save(path)

    return write


def _xlsx_damaged(path: Path) -> None:
    src = io.BytesIO()
    _xlsx([["site_id", "lon", "lat", "structure", "height_m"], ["S1", 106.4, 20.2, "tower", 30]])(
        src  # type: ignore[arg-type]
    )
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]
            zout.writestr(item, data)


def _xlsx_truncated(path: Path) -> None:
    buf = io.BytesIO()
    rows = [["site_id", "lon", "lat", "structure", "height_m"]]
    rows += [[f"S{i}", 106.4 + i / 1000, 20.2, "tower", 30] for i in range(200)]
    _xlsx(rows)(buf)  # type: ignore[arg-type]
    data = buf.getvalue()
    path.write_bytes(data[: len(data) // 2])


def _parquet(columns: dict[str, list[Any]]) -> Callable:
    def write(path: Path) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(pa.table(columns), path)

    return write


def _geojson(features: list[dict[str, Any]]) -> bytes:
    return _u(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False))


def _point(lon: float, lat: float, **props: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": props,
    }


def _cp1258(text: str) -> bytes:
    import unicodedata

    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for ch in text:
        nfd = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in nfd if c not in tones))
        out.append(base + "".join(c for c in nfd if c in tones))
    return "".join(out).encode("cp1258")


VN_SITES = (
    "Kỳ,Mã trạm,Tên trạm,Kinh độ,Vĩ độ,Loại trạm,Độ cao\n"
    '2025Q3,S1,Hải Hậu Đông,"106,2812","20,1534",cột tự đứng,36\n'
    '2025Q3,S2,Nghĩa Hưng,"106,1700","20,0801",trên nhà,"18,5"\n'
)
SQUARE = {
    "type": "Polygon",
    "coordinates": [[[106.0, 20.0], [106.2, 20.0], [106.2, 20.2], [106.0, 20.2], [106.0, 20.0]]],
}

CASES: list[Case] = [
    # ---- encodings and file structure
    Case(
        "tcvn3",
        "sites",
        "tcvn3.csv",
        _tcvn3(SITES + "2025Q3,S1,Giao Thủy Nam Định,106.45,20.25,viettel,tower,30\n"),
    ),
    Case(
        "tcvn3-as-utf8",
        "sites",
        "garbled.csv",
        _u(_tcvn3("Mã trạm,Tên trạm\nHà Nội,Nam Định\n").decode("cp1252")),
    ),
    Case(
        "vni",
        "sites",
        "vni.csv",
        "Maõ traïm,Teân traïm\nS1,Haø Noäi\nS2,Ñoàng Thaùp\n".encode("cp1252"),
    ),
    Case(
        "bad-bytes",
        "sites",
        "broken.csv",
        _u(SITES) + b"2025Q3,S1,\x81\x8d\x90,106.45,20.25,viettel,tower,30\n",
    ),
    Case("binary", "sites", "image.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
    Case("utf8-bom", "sites", "tram-bom.csv", b"\xef\xbb\xbf" + _u(VN_SITES)),
    Case("cp1258", "sites", "tram-1258.csv", _cp1258(VN_SITES)),
    Case(
        "utf16-bom-tabs",
        "sites",
        "tram-utf16.txt",
        "Kỳ\tMã trạm\tKinh độ\tVĩ độ\tLoại trạm\tĐộ cao\n2025Q3\tS1\t106,2812\t20,1534\tcột tự đứng\t36\n".encode(
            "utf-16"
        ),
    ),
    Case(
        "crlf-tabs",
        "sites",
        "crlf.txt",
        b"period\tsite_id\tlon\tlat\tstructure\theight_m\r\n2025Q3\tA\t106,4\t20,2\ttower\t30\r\n",
    ),
    Case(
        "semicolons",
        "structures",
        "ct.csv",
        _u(
            "Mã;Loại;Kinh độ;Vĩ độ;Độ cao\nEVN-1;cột điện;106,43;20,24;38\nEVN-2;khác;106,44;20,25;12,5\n"
        ),
    ),
    Case(
        "pipes",
        "structures",
        "ct-pipe.csv",
        _u("structure_id|kind|lon|lat|height_m\nA|other|106.4|20.2|10\n"),
    ),
    Case(
        "missing-column",
        "sites",
        "no-lat.csv",
        _u("period,site_id,lon,structure,height_m\n2025Q3,S1,106.45,tower,30\n"),
    ),
    Case("no-header", "sites", "x.csv", _u("a,b,c\n1,2,3\n")),
    Case("empty", "structures", "empty.csv", b""),
    Case("header-only", "structures", "header.csv", _u("structure_id,kind,lon,lat,height_m\n")),
    Case(
        "blank-lines",
        "structures",
        "blank.csv",
        _u(
            "\n\nstructure_id,kind,lon,lat,height_m\n\nA,other,106.4,20.2,10\n,,,,\n  ,  ,,,\nB,other,106.4,20.2,-1\n\n"
        ),
    ),
    Case(
        "short-and-long-rows",
        "structures",
        "ragged.csv",
        _u(
            "structure_id,kind,lon,lat,height_m\nA,other,106.4,20.2\nB,other,106.4,20.2,10,extra,more\nC,other\n"
        ),
    ),
    Case(
        "quoted-newlines",
        "structures",
        "quoted.csv",
        _u(
            'structure_id,kind,lon,lat,height_m,owner\nA,other,106.4,20.2,10,"EVN\nmiền Bắc"\nB,other,106.4,20.2,x,"a ""quoted"" name"\n'
        ),
    ),
    Case(
        "unknown-columns",
        "sites",
        "extra-cols.csv",
        _u("STT," + SITES.strip() + ",Ghi chú nội bộ\n1," + GOOD_SITE.strip() + ",xyz\n"),
    ),
    Case(
        "repeated-column",
        "structures",
        "repeat.csv",
        _u("structure_id,kind,lon,lat,height_m,Độ cao\nA,other,106.4,20.2,10,99\n"),
    ),
    Case(
        "title-rows-csv",
        "subscriptions",
        "thue-bao.csv",
        _u(
            'BÁO CÁO THUÊ BAO QUÝ 3/2025\n\nKỳ báo cáo,Mã xã,Nhà mạng,Loại thuê bao,Số thuê bao\nQuý 3/2025,13654,Viettel,di động,"12.345"\nQuý 3/2025,1240,VNPT,cáp quang,"1,900"\n'
        ),
    ),
    Case(
        "numbering-row",
        "structures",
        "ct-num.csv",
        _u('Mã,Loại,Kinh độ,Vĩ độ,Độ cao\n(1),(2),(3),(4),(5)\nEVN-2,khác,"106,43","20,24",12\n'),
    ),
    # ---- values
    Case(
        "every-problem",
        "sites",
        "sites.csv",
        _u(
            SITES
            + GOOD_SITE
            + "2025Q3,S2,Hai,106.46,20.26,viettel,tower,cao\n2025Q3,S3,Ba,20.25,106.45,viettel,tower,30\n2025Q3,S4,Bốn,108.20,16.05,viettel,tower,30\n2025Q3,S5,Năm,106.47,20.27,viettel,tháp nước,400\n2025Q3,S1,Sáu,106.48,20.28,viettel,tower,30\n2025Q3,,Bảy,106.48,20.28,viettel,tower,30\n"
        ),
    ),
    Case(
        "mixed-good-bad",
        "sites",
        "mixed.csv",
        _u(
            SITES
            + "2025Q3,S1,Một,106.45,20.25,viettel,tower,30\n2025Q3,S3,Ba,106.47,20.27,viettel,tower,-4\n2025Q3,S2,Hai,106.46,20.26,vnpt,pole,12\n2025Q3,S4,Bốn,108.2,16.05,mobi,hầm,30\n"
        ),
    ),
    Case(
        "triple-duplicate",
        "structures",
        "dup3.csv",
        _u(
            "structure_id,kind,lon,lat,height_m\nA,other,106.4,20.2,10\nA,other,106.4,20.2,11\nB,other,106.4,20.2,x\nA,other,106.4,20.2,12\nB,other,106.4,20.2,13\n"
        ),
    ),
    Case(
        "numbers",
        "structures",
        "numbers.csv",
        _u(
            'structure_id,kind,lon,lat,height_m\nN1,other,"106,4",20.2,"1.900"\nN2,other,106.4,"20,2","1,5"\nN3,other,106.40,20.20," 12 "\nN4,other,106.4,20.2,+7\nN5,other,106.4,20.2,1e2\nN6,other,106.4,20.2,inf\nN7,other,106.4,20.2,nan\nN8,other,106.4,20.2,"1.2.3"\nN9,other,106.4,20.2,"1,234.5"\nN10,other,106.4,20.2,-\nN11,other,106.4,20.2,"1 234,5"\nN12,other,106.4,20.2,12_5\nN13,other,106.4,20.2,"٣"\n'
        ),
    ),
    Case(
        "counts",
        "subscriptions",
        "counts.csv",
        _u(
            SUBS
            + '2025Q3,13654,viettel,mobile,"1.900"\n2025Q3,13654,vnpt,mobile,"1,900"\n2025Q3,13654,mobifone,mobile,"12,5"\n2025Q3,13654,gmobile,mobile,"1 900 000"\n2025Q3,13654,viettel,smartphone,-5\n2025Q3,13654,vnpt,smartphone,1.5e3\n2025Q3,13654,mobifone,smartphone,007\n2025Q3,13654,gmobile,smartphone,"2.345.000"\n2025Q3,13654,viettel,ftth,\n'
        ),
    ),
    Case(
        "decimal-hint",
        "structures",
        "hint.csv",
        _u(
            'structure_id,kind,lon,lat,height_m\nA,other,106.4,20.2,"1.900"\nB,other,106.4,20.2,"2.345,5"\n'
        ),
    ),
    Case(
        "hint-conflict",
        "structures",
        "conflict.csv",
        _u(
            'structure_id,kind,lon,lat,height_m\nA,other,106.4,20.2,"1.234,5"\nB,other,106.4,20.2,"1,234.5"\nC,other,106.4,20.2,"1.900"\n'
        ),
    ),
    Case(
        "unknown-units",
        "subscriptions",
        "subs.csv",
        _u(
            SUBS
            + "2025Q3,13654,viettel,mobile,10\n2025Q3,99999,viettel,mobile,10\n2025Q3,13657,viettel,mobile,10\n2024Q4,13657,viettel,mobile,-5\n"
        ),
    ),
    Case(
        "leading-zeros",
        "subscriptions",
        "zeros.csv",
        _u(SUBS + "2025Q3,1240,viettel,mobile,10\n2024Q4,1234,vnpt,mobile,7\n"),
    ),
    Case(
        "aliases-and-spellings",
        "subscriptions",
        "spell.csv",
        _u(
            "KỲ,MÃ XÃ,NHÀ MẠNG,LOẠI,SỐ LƯỢNG\n2025-Q3,13654,Vinaphone,Băng rộng di động,5\nQ3/2025,13654,MBF,Cáp quang,6\n2025Q3,13654,Viettel Telecom,fibre,7\n2025Q3,13654,Beeline,di dong,8\n"
        ),
    ),
    Case(
        "periods",
        "sites",
        "periods.csv",
        _u(
            SITES
            + "2025Q3,S1,A,106.45,20.25,viettel,tower,30\n2025,S2,B,106.45,20.25,viettel,tower,30\nsoon,S3,C,106.45,20.25,viettel,tower,30\n2025Q5,S4,D,106.45,20.25,viettel,tower,30\n"
        ),
    ),
    Case(
        "period-clash",
        "sites",
        "clash.csv",
        _u(SITES + GOOD_SITE.replace("2025Q3", "2025Q2")),
        period="2025Q3",
    ),
    Case(
        "no-period",
        "sites",
        "noperiod.csv",
        _u("site_id,lon,lat,structure,height_m\nS1,106.45,20.25,tower,30\n"),
    ),
    Case(
        "period-option",
        "sites",
        "option.csv",
        _u("site_id,lon,lat,structure,height_m\nS1,106.45,20.25,tower,30\n"),
        period="Quý 3/2025",
    ),
    Case(
        "period-on-kind-without",
        "structures",
        "structures.csv",
        _u("structure_id,kind,lon,lat,height_m\nA,other,106.4,20.2,10\n"),
        period="2025Q3",
    ),
    Case(
        "bools",
        "services",
        "services.csv",
        _u(
            "period,code,name,agency,level,on_national_portal\n2025Q3,1,A,B,Toàn trình,có\n2025Q3,2,C,D,Một phần,x\n2025Q3,3,E,F,full,Không\n2025Q3,4,G,H,partial,✓\n2025Q3,5,I,J,hoàn hảo,có lẽ\n2025Q3,6,K,L,full,2\n2025Q3,7,M,N,4,chưa\n"
        ),
    ),
    Case(
        "dates",
        "dead-spots",
        "dates.csv",
        _u(
            DEAD
            + "D1,106.45,20.25,,viettel,01/02/2025,,a\nD2,106.45,20.25,,viettel,2025-02-01,15/03/2025,b\nD3,106.45,20.25,,viettel,31/02/2025,,c\nD4,106.45,20.25,,viettel,13/13/2025,,d\nD5,106.45,20.25,,viettel,1/2/2025,,e\nD6,106.45,20.25,,viettel,01.02.2025,,f\nD7,106.45,20.25,,viettel,2025/02/01,,g\nD8,106.45,20.25,,viettel,45000,,h\nD9,106.45,20.25,,viettel,tomorrow,,i\nD10,106.45,20.25,13654-01,mobi,01-02-2025,,j\n"
        ),
    ),
    Case(
        "timestamps",
        "speed-tests",
        "tests.csv",
        _u(
            TESTS
            + 'T1,01/08/2025 10:05,106.45,20.25,Viettel,di động,"1000,5",200,30\nT2,2025-08-01T10:05:00,106.45,20.25,vnpt,mobile,1000,200,30\nT3,2025-08-01 10:05:07.25,106.45,20.25,FPT,fixed,1000,200,\nT4,01/08/2025 25:00,106.45,20.25,viettel,mobile,1000,200,30\nT5,2025-08-01T10:05:00Z,106.45,20.25,viettel,mobile,1000,200,30\nT6,2025-08-01T10:05:00+07:00,106.45,20.25,viettel,mobile,1000,200,30\nT7,1/8/2025 9:05:59,106.45,20.25,viettel,mobile,-1,200,30\nT8,32/08/2025,106.45,20.25,viettel,mobile,1,2,3\nT9,,106.45,20.25,viettel,mobile,1,2,3\n'
        ),
    ),
    Case(
        "whitespace-text",
        "structures",
        "spaces.csv",
        _u(
            "structure_id,kind,lon,lat,height_m,owner\n  A  ,other,106.4,20.2,10,  EVN   miền\tBắc \nB,  other ,106.4,20.2,10,\u00a0NBSP\u00a0\n\u00a0,other,106.4,20.2,10,x\n"
        ),
    ),
    Case(
        "nfd-text",
        "structures",
        "nfd.csv",
        _u(
            "structure_id,kind,lon,lat,height_m,owner\nA,other,106.4,20.2,10,Hoa\u0300 Bi\u0300nh\n"
        ),
    ),
    Case(
        "quadkeys",
        "speed-tiles",
        "tiles.csv",
        _u(
            "period,kind,quadkey,avg_d_kbps,avg_u_kbps,tests,devices\n2025Q3,mobile,1322101312002121,100,50,3,1\n2025Q3,mobile,13221013,100,50,3,1\n2025Q3,mobile,1322x,100,50,3,1\n2025Q3,mobile,1322101312002121,100,50,3,1\n"
        ),
    ),
    # ---- references and coordinates
    Case(
        "cells-refs",
        "cells",
        "cells.csv",
        _u(
            'period,cell_id,site_id,operator,technology,band_mhz,eirp_dbm\n2025Q3,C1,NDH001,viettel,4G,1800,58\n2025Q4,C2,NDH001,viettel,4G,1800,58\n2025Q3,C3,NOPE,viettel,6G,1800,58\n2025Q3,C4,NDH001,Viettel,LTE,"1.800",58\n'
        ),
        setup=(("sites", "sites.csv", None),),
    ),
    Case(
        "unit-parents",
        "units",
        "units.csv",
        _u(
            "map,code,name,level,parent_code\n2025,1250,Xã Mới,commune,37\n2025,01250-01,Thôn Một,village,1250\n2025,X-1,Thôn Lạc,village,99999\n2024,5,Tỉnh Thử,province,\n"
        ),
    ),
    Case(
        "unit-levels",
        "units",
        "levels.csv",
        _u(
            'Bản đồ,Mã,Tên,Cấp,Mã cấp trên,Dân số,Diện tích\n2025,01241,Phường Một,Phường,37,"12.345","3,5"\n2025,01241-01,Tổ 1,Tổ dân phố,01241,100,\n2025,01242,Đặc khu,Đặc khu,37,-1,1\n2025,01243,Xã Hai,Làng,37,1,1\n'
        ),
    ),
    Case(
        "site-communes",
        "sites",
        "communes.csv",
        _u(
            "period,site_id,lon,lat,structure,height_m,commune_code\n2025Q3,S1,106.45,20.25,tower,30,13654\n2025Q3,S2,106.45,20.25,tower,30,99999\n2025Q3,S3,106.45,20.25,tower,30,\n2025Q3,S4,106.45,20.25,tower,30,13657\n"
        ),
    ),
    Case(
        "coordinates",
        "structures",
        "coords.csv",
        _u(
            "structure_id,kind,lon,lat,height_m\nA,other,106.4,20.2,10\nB,other,20.2,106.4,10\nC,other,200,20.2,10\nD,other,106.4,-95,10\nE,other,105.0,21.0,10\nF,other,,20.2,10\nG,other,106.4,,10\nH,other,x,y,10\n"
        ),
    ),
    Case(
        "facilities",
        "facilities",
        "truong-hoc.csv",
        _u(
            FACILITIES
            + "F1,school,Tốt,13654-01,106.45,20.25\nF2,bệnh viện,Sai loại,13654-01,106.45,20.25\nF3,school,Không có thôn,99999-01,,\nF4,school,Không vị trí,,,\nF5,school,Nửa toạ độ,13654-01,106.45,\nF6,health-station,Ngoài tỉnh,,108.2,16.05\nF1,school,Trùng,13654-02,106.46,20.26\nF7,Trạm y tế,Tốt,13654-02,,\nF8,THCS,Tốt,13654-01,,20.25\n"
        ),
    ),
    Case(
        "village-services",
        "village-services",
        "thon.csv",
        _u(
            "period,village_code,mobile_broadband,fixed_broadband,fibre_households\n2025Q3,13654-01,có,không,12\n2025Q3,13654-02,x,,3\n2025Q3,13654-03,1,0,1\n2025Q3,13654-01,1,1,2\n"
        ),
    ),
    # ---- spreadsheets
    Case(
        "xlsx-two-row-header",
        "sites",
        "bao-cao.xlsx",
        _xlsx(
            [
                ["ỦY BAN NHÂN DÂN TỈNH NAM ĐỊNH"],
                ["DANH SÁCH TRẠM BTS QUÝ 3/2025"],
                [],
                ["STT", "Mã trạm", "Tọa độ", None, "Thông số", None, "Mã xã"],
                [None, None, "Kinh độ", "Vĩ độ", "Loại cột", "Độ cao (m)", None],
                [1, "NDH-01", 106.4512, 20.248, "Cột tự đứng", 42, 13654],
                [2, "NDH-02", "106,47", "20,263", "Cột cóc", "24,5", 1240],
                [3, "NDH-03", 106.5, 20.3, "hầm", -3, 99999],
            ],
            ("A4:A5", "B4:B5", "C4:D4", "E4:F4", "G4:G5"),
            sheets=2,
        ),
        period="2025Q3",
    ),
    Case(
        "xlsx-row-numbers",
        "sites",
        "x.xlsx",
        _xlsx(
            [
                ["BÁO CÁO"],
                [],
                ["period", "site_id", "lon", "lat", "structure", "height_m"],
                ["2025Q3", "A", 106.45, 20.25, "tower", 30],
                ["2025Q3", "B", 106.45, 20.25, "tower", "ba mươi"],
                ["2025Q3", "C", 106.45, 20.25, "tower", True],
            ]
        ),
    ),
    Case(
        "xlsx-native-values",
        "dead-spots",
        "diem-lom.xlsx",
        _xlsx(
            [
                [
                    "dead_spot_id",
                    "lon",
                    "lat",
                    "operator",
                    "reported_on",
                    "resolved_on",
                    "description",
                ],
                ["D1", 106.45, 20.25, "Viettel", dt.datetime(2025, 2, 1), None, 12],
                ["D2", 106.45, 20.25, "VNPT", 45658, dt.date(2025, 3, 1), 1.5],
                ["D3", 106.45, 20.25, None, "01/02/2025", "x", None],
                ["D4", "106,45", 20.25, None, 45658.5, None, True],
            ]
        ),
    ),
    Case(
        "xlsx-numbering-row",
        "structures",
        "ct.xlsx",
        _xlsx(
            [
                ["DANH SÁCH CÔNG TRÌNH"],
                ["Mã", "Loại", "Kinh độ", "Vĩ độ", "Độ cao"],
                [1, 2, 3, 4, 5],
                ["EVN-1", "cột điện", 106.43, 20.24, 38],
            ]
        ),
    ),
    Case(
        "xlsx-sheet-option",
        "structures",
        "sheets.xlsx",
        _xlsx(
            [["structure_id", "kind", "lon", "lat", "height_m"], ["A", "other", 106.4, 20.2, 10]],
            sheets=2,
        ),
        options={"sheet": "Ghi chú 1"},
    ),
    Case("xlsx-truncated", "sites", "tram.xlsx", _xlsx_truncated, period="2025Q3"),
    Case("xlsx-damaged-part", "sites", "damaged.xlsx", _xlsx_damaged, period="2025Q3"),
    Case("csv-named-xlsx", "sites", "csv.xlsx", _u(SITES + GOOD_SITE)),
    Case("xls", "sites", "old.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100),
    # ---- Parquet, GeoJSON
    Case(
        "parquet",
        "structures",
        "ct.parquet",
        _parquet(
            {
                "structure_id": ["A", "B", "C", None],
                "kind": ["other", "cột điện", "hầm", "other"],
                "lon": [106.4, 106.41, 106.42, 106.43],
                "lat": [20.2, 20.2, 200.0, 20.2],
                "height_m": [10, 12, 5, 7],
            }
        ),
    ),
    Case(
        "parquet-text-numbers",
        "subscriptions",
        "subs.parquet",
        _parquet(
            {
                "period": ["2025Q3", "2025Q3"],
                "unit_code": [13654, 1240],
                "operator": ["Viettel", "VNPT"],
                "kind": ["mobile", "ftth"],
                "count": ["1.900", "x"],
            }
        ),
    ),
    Case("parquet-damaged", "structures", "bad.parquet", b"PAR1" + b"\x00" * 50),
    Case(
        "geojson-units",
        "units",
        "xa.geojson",
        _geojson(
            [
                {
                    "type": "Feature",
                    "geometry": SQUARE,
                    "properties": {
                        "Bản đồ": "2025",
                        "Mã": 1240,
                        "Tên": "Xã Mẫu",
                        "Cấp": "Xã",
                        "Mã cấp trên": "37",
                        "Dân số": "12.345",
                    },
                }
            ]
        ),
    ),
    Case(
        "geojson-geometries",
        "dead-spots",
        "ls.geojson",
        _geojson(
            [
                _point(106.45, 20.25, id="A", reported_on="01/02/2025"),
                {
                    "type": "Feature",
                    "geometry": {"type": "Point", "coordinates": []},
                    "properties": {"id": "B", "reported_on": "01/02/2025"},
                },
                {
                    "type": "Feature",
                    "geometry": {"type": "Hexagon", "coordinates": [1, 2]},
                    "properties": {"id": "C", "reported_on": "01/02/2025"},
                },
                {
                    "type": "Feature",
                    "geometry": SQUARE,
                    "properties": {"id": "D", "reported_on": "01/02/2025"},
                },
                {
                    "type": "Feature",
                    "geometry": {
                        "type": "LineString",
                        "coordinates": [[106.4, 20.2], [106.5, 20.3]],
                    },
                    "properties": {"id": "E", "reported_on": "01/02/2025"},
                },
                {
                    "type": "Feature",
                    "geometry": None,
                    "properties": {"id": "F", "reported_on": "01/02/2025"},
                },
            ]
        ),
    ),
    Case(
        "geojson-facilities",
        "facilities",
        "co-so.geojson",
        _geojson(
            [
                _point(106.455, 20.255, id="G1", loai="THCS", **{"ma thon": "13654-01"}),
                {
                    "type": "Feature",
                    "geometry": None,
                    "properties": {"id": "G2", "loai": "tram y te", "ma thon": "13654-01"},
                },
            ]
        ),
    ),
    Case("geojson-not-json", "dead-spots", "x.geojson", _u('{"type": "Feature"')),
    Case("geojson-no-features", "dead-spots", "topo.geojson", _u('{"type": "Topology"}')),
    # ---- public formats
    Case(
        "opencellid",
        "opencellid",
        "452.csv",
        _ocid(
            [
                "LTE,452,4,1,25600,106.40,20.20",
                "LTE,452,4,1,25601,106.40,20.2005",
                "LTE,452,4,1,25602,106.43,20.20",
                "GSM,452,4,7,99,106.4001,20.2001",
                "UMTS,452,2,3,5,106.30,20.30",
                "LTE,310,4,1,1,106.4,20.2",
                "LTE,452,9,1,1,106.4,20.2",
                "LTE,452,4,1,7,100.0,10.0",
            ]
        ),
        period="2025Q3",
    ),
    Case(
        "opencellid-bad",
        "opencellid",
        "452-bad.csv",
        _u(OCID_HEADER)
        + _ocid(
            [
                "LTE,452,4,1,25600,106.40,20.20",
                "LTE,452,4,1,25601,abc,20.20",
                "LTE,452,4,1,25600,106.40,20.20",
                "WIMAX,452,4,1,5,106.4,20.2",
                "LTE,452,4,1,,106.4,20.2",
                "LTE,452,4,1,9,106.4,95",
                "LTE,452,4,1,99999999999999999999999,106.4,20.2",
            ]
        ),
        period="2025Q3",
    ),
    Case(
        "opencellid-missing-columns",
        "opencellid",
        "452-cols.csv",
        _u("radio,mcc,net,cell,lon\nLTE,452,4,1,106.4\n"),
        period="2025Q3",
    ),
    Case(
        "opencellid-no-period",
        "opencellid",
        "452-np.csv",
        _ocid(["LTE,452,4,1,25600,106.40,20.20"]),
    ),
    Case(
        "ookla-csv",
        "ookla",
        "2025-07-01_performance_mobile_tiles.csv",
        _u(
            "quadkey,tile,avg_d_kbps,avg_u_kbps,avg_lat_ms,tests,devices\n1322101312002121,,30000,5000,20,20,5\n1322101312002121,,30000,5000,20,20,5\n0,,1,1,1,1,1\n1322101312002122,,-5,5000,20,-3,5\n"
        ),
    ),
    Case(
        "ookla-outside",
        "ookla",
        "2025-04-01_performance_fixed_tiles.csv",
        _u("quadkey,avg_d_kbps,avg_u_kbps,tests,devices\n0,1,1,1,1\n1,2,2,2,2\n"),
    ),
    Case(
        "ookla-no-period",
        "ookla",
        "ookla-tiles.csv",
        _u("quadkey,avg_d_kbps,avg_u_kbps,tests,devices\n0,1,1,1,1\n"),
    ),
    Case(
        "ookla-clash",
        "ookla",
        "2025-04-01_performance_mobile_tiles.csv",
        _u("quadkey,avg_d_kbps,avg_u_kbps,tests,devices\n0,1,1,1,1\n"),
        period="2025Q3",
    ),
    # ---- hardening (issue 11): every bad input ends in a named problem
    Case(
        "huge-count",
        "subscriptions",
        "huge.csv",
        _u(
            SUBS
            + "2025Q3,13654,viettel,mobile,99999999999999999999999\n2025Q3,13654,vnpt,mobile,"
            + "9" * 5000
            + "\n"
        ),
    ),
    Case(
        "long-cell",
        "structures",
        "long.csv",
        _u(
            "structure_id,kind,lon,lat,height_m,owner\nA,other,106.4,20.2,10,"
            + "x" * 131_073
            + "\nB,other,106.4,20.2,10,EVN\n"
        ),
    ),
    Case(
        "unclosed-quote",
        "structures",
        "quote.csv",
        _u(
            'structure_id,kind,lon,lat,height_m,owner\nA,other,106.4,20.2,10,EVN\nB,other,106.4,20.2,10,"EVN miền Bắc\nC,other,106.4,20.2,10,x\n'
        ),
    ),
    Case("utf16-without-bom", "sites", "utf16.csv", (SITES + GOOD_SITE).encode("utf-16-le")),
    Case(
        "nul-in-cell",
        "structures",
        "nul.csv",
        _u(
            "structure_id,kind,lon,lat,height_m,owner\nA,other,106.4,20.2,10,EV\x00N\nB,other,106.4,20.2,10,EVN\n"
        ),
    ),
    Case(
        "formula-text",
        "structures",
        "formula.csv",
        _u(
            "structure_id,kind,lon,lat,height_m\nA,other,106.4,20.2,=1+1\nB,other,106.4,20.2,=SUM(A1:A3)\n"
        ),
    ),
    Case(
        "formula-xlsx",
        "structures",
        "formula.xlsx",
        _xlsx(
            [
                ["structure_id", "kind", "lon", "lat", "height_m"],
                ["A", "other", 106.4, 20.2, "=1+1"],
                ["B", "other", 106.4, 20.2, 12],
            ]
        ),
    ),
    Case(
        "polygon-in-point-layer",
        "structures",
        "polygons.geojson",
        _geojson(
            [
                {
                    "type": "Feature",
                    "geometry": SQUARE,
                    "properties": {"id": "P", "kind": "other", "height_m": 10},
                },
                {
                    "type": "Feature",
                    "geometry": {
                        "type": "LineString",
                        "coordinates": [[106.4, 20.2], [106.5, 20.3]],
                    },
                    "properties": {"id": "L", "kind": "other", "height_m": 10},
                },
                _point(106.4, 20.2, id="OK", kind="other", height_m=10),
            ]
        ),
    ),
    Case(
        "implausible-dates",
        "dead-spots",
        "dates-sanity.csv",
        _u(
            DEAD
            + "D1,106.45,20.25,,viettel,01/02/2099,,a\nD2,106.45,20.25,,viettel,01/02/1999,,b\nD3,106.45,20.25,,viettel,01/02/2025,01/01/2025,c\nD4,106.45,20.25,,viettel,01/02/2025,01/03/2025,d\n"
        ),
    ),
    Case(
        "future-speed-test",
        "speed-tests",
        "future.csv",
        _u(
            TESTS
            + "T1,01/08/2099 10:05,106.45,20.25,viettel,mobile,1000,200,30\nT2,01/08/2025 10:05,106.45,20.25,viettel,mobile,1000,200,30\n"
        ),
    ),
    Case(
        "parent-loop",
        "units",
        "loop.csv",
        _u(
            "map,code,name,level,parent_code\n2025,13654-10,Thôn A,village,13654-11\n2025,13654-11,Thôn B,village,13654-10\n2025,13654-12,Thôn C,village,13654-12\n2025,13654-13,Thôn D,village,13654\n"
        ),
    ),
    Case("blank-only", "structures", "blank-only.csv", _u("\n \n,,\n")),
    Case(
        "ragged-fast",
        "structures",
        "ragged2.csv",
        _u(
            "structure_id,kind,lon,lat,height_m\nA,other,106.4,20.2,10\nB,other,106.4\nC,other,106.4,20.2,10\n"
        ),
    ),
    Case(
        "register-replaces-opencellid",
        "cells",
        "cells-register.csv",
        (EXAMPLES / "cells.csv").read_bytes(),
        setup=(("opencellid", "opencellid.csv", "2025Q3"), ("sites", "sites.csv", None)),
    ),
]
