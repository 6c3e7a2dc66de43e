"""Import throughput: `python benchmarks/imports.py [--rows N]`.

Builds a real workspace (`init_workspace(root, "36")`: Nam Định's real units and
extent), writes synthetic files of a realistic shape (Vietnamese headers, decimal
commas, thousands separators, a title row) and times `import_file` on each, then a
second time (idempotent: nothing written). Prints one line per file.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

import openpyxl

from hatang.io import import_file
from hatang.store.init import init_workspace


def write_files(
    folder: Path, n: int, communes: list[str], bbox: tuple[float, float, float, float]
) -> list[tuple[str, Path, str | None]]:
    rnd = random.Random(1)
    x0, y0, x1, y1 = bbox

    def point() -> tuple[float, float]:
        return rnd.uniform(x0, x1), rnd.uniform(y0, y1)

    files = []
    tests = folder / "do-toc-do.csv"
    with open(tests, "w", encoding="utf-8-sig") as f:
        f.write(
            "Mã đo,Thời gian,Kinh độ,Vĩ độ,Nhà mạng,Loại,Tốc độ tải xuống,Tốc độ tải lên,Độ trễ\n"
        )
        for i in range(n):
            lon, lat = point()
            when = f"{rnd.randint(1, 28):02d}/08/2025 {rnd.randint(0, 23):02d}:{rnd.randint(0, 59):02d}"
            values = [
                f"{lon:.5f}",
                f"{lat:.5f}",
                f"{rnd.uniform(1e3, 9e4):.1f}",
                f"{rnd.uniform(1e3, 3e4):.1f}",
            ]
            lon_s, lat_s, down, up = (v.replace(".", ",") for v in values)  # decimal commas
            f.write(
                f'T{i},{when},"{lon_s}","{lat_s}",Viettel,di động,"{down}","{up}",{rnd.randint(8, 90)}\n'
            )
    files.append(("speed-tests", tests, None))
    subs = folder / "thue-bao.csv"
    with open(subs, "w", encoding="utf-8") as f:
        f.write(
            "BÁO CÁO THUÊ BAO QUÝ 3/2025\nKỳ báo cáo,Mã xã,Nhà mạng,Loại thuê bao,Số thuê bao\n"
        )
        kinds = ["di động", "băng rộng di động", "smartphone", "băng rộng cố định", "cáp quang"]
        ops = ["Viettel", "Vinaphone", "MobiFone", "Vietnamobile"]
        for code in communes:
            for op in ops:
                for kind in kinds:
                    count = f"{rnd.randint(100, 90000):,}".replace(",", ".")  # 12.345
                    f.write(f'Quý 3/2025,{code},{op},{kind},"{count}"\n')
    files.append(("subscriptions", subs, None))
    sites = folder / "tram-bts.xlsx"
    wb = openpyxl.Workbook(write_only=True)
    sh = wb.create_sheet("Trạm BTS")
    sh.append(["DANH SÁCH TRẠM BTS"])
    sh.append(["Mã trạm", "Tên trạm", "Kinh độ", "Vĩ độ", "Chủ sở hữu", "Loại trạm", "Độ cao (m)"])
    n_sites = max(100, n // 10)
    for i in range(n_sites):
        lon, lat = point()
        sh.append(
            [
                f"S{i:05d}",
                f"Trạm {i}",
                round(lon, 5),
                round(lat, 5),
                "Viettel",
                "Cột tự đứng",
                30 + i % 20,
            ]
        )
    wb.save(sites)
    files.append(("sites", sites, "2025Q3"))
    cells = folder / "452.csv"
    with open(cells, "w", encoding="utf-8") as f:
        for i in range(n // 2):
            if i % 3 == 0:  # three sectors of one eNB, a few metres apart
                lon, lat = point()
            lon, lat = lon + 0.00003, lat + 0.00002
            enb = 10000 + i // 3
            f.write(
                f"LTE,452,4,1,{enb * 256 + i % 3},0,{lon:.5f},{lat:.5f},1000,5,1,1700000000,1750000000,0\n"
            )
    files.append(("opencellid", cells, "2025Q4"))
    return files


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "--rows", type=int, default=100_000, help="speed tests (other files scale from it)"
    )
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        ws = init_workspace(root / "ws", "36")
        with ws.connect(read_only=True) as con:
            communes = [
                r[0]
                for r in con.execute(
                    "SELECT code FROM units WHERE map = '2025' AND level = 'commune'"
                ).fetchall()
            ]
            bbox = tuple(
                float(v)
                for v in con.execute("SELECT value FROM meta WHERE key = 'bbox'")
                .fetchone()[0]
                .split(",")
            )
        files = write_files(root, args.rows, communes, bbox)  # type: ignore[arg-type]
        print(f"{'kind':<14} {'file':<16} {'rows':>8} {'import s':>9} {'rows/s':>9} {'again s':>8}")
        for kind, path, period in files:
            t = time.perf_counter()
            report = import_file(ws, kind, path, period=period)
            took = time.perf_counter() - t
            t = time.perf_counter()
            again = import_file(ws, kind, path, period=period)
            assert again.already_imported
            print(
                f"{kind:<14} {path.name:<16} {report.rows_read:>8} {took:>9.2f} {report.rows_read / took:>9.0f} "
                f"{time.perf_counter() - t:>8.2f}   ({report.rows_loaded} loaded, {report.rows_rejected} rejected)"
            )


if __name__ == "__main__":
    main()
