"""Import throughput.

    python benchmarks/imports.py [--rows N]          # one file of each shape, imported twice
    python benchmarks/imports.py --reference 1000000 [--reference 10000000]

The first form builds a real workspace (`init_workspace(root, "36")`: Nam Định's real
units and extent), writes synthetic files of a realistic shape (Vietnamese headers,
decimal commas, thousands separators, a title row) and times `import_file` on each,
then a second time (idempotent: nothing written). Prints one line per file.

`--breakdown N` writes N speed tests and imports them once with the reading thread run
inline, printing the CPU time of reading and checking the rows, of storing them and of
the duplicate-key check (what the import's CPU time is made of).

`--reference N` writes N speed tests as a CSV (UTF-8 with BOM, Vietnamese headers,
decimal commas, dd/mm/yyyy HH:MM) and, each in a fresh process, times (a) hatang's
import of it into a fresh workspace and, on the same file, (b) DuckDB's `read_csv` +
casts + range checks counted in memory and (c) the same typed rows stored in a DuckDB
file. It prints rows/s, the ratio of hatang's rows/s to each reference, the peak
resident memory of each process, and the CPU time each used (all threads) with the
ratio of the reference's CPU time to hatang's — less sensitive to a loaded machine.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

from hatang.io import import_file
from hatang.store.init import init_workspace

#: inside Nam Định's extent (the speed tests must all be valid)
BOX = (105.93, 19.89, 106.59, 20.49)
SPEED_HEADER = (
    "Mã đo,Thời gian,Kinh độ,Vĩ độ,Nhà mạng,Loại,Tốc độ tải xuống,Tốc độ tải lên,Độ trễ\n"
)


def write_speed_tests(path: Path, n: int, seed: int = 1) -> None:
    """n valid speed tests as an operator's export: decimal commas, dd/mm/yyyy HH:MM."""
    import numpy as np

    rng = np.random.default_rng(seed)
    with open(path, "w", encoding="utf-8-sig") as f:
        f.write(SPEED_HEADER)
        for start in range(0, n, 100_000):
            k = min(100_000, n - start)
            lon = rng.uniform(BOX[0], BOX[2], k)
            lat = rng.uniform(BOX[1], BOX[3], k)
            down, up = rng.uniform(1e3, 9e4, k), rng.uniform(1e3, 3e4, k)
            day, hour, minute = (
                rng.integers(1, 29, k),
                rng.integers(0, 24, k),
                rng.integers(0, 60, k),
            )
            latency = rng.integers(8, 91, k)
            f.writelines(
                f"T{start + i},{day[i]:02d}/08/2025 {hour[i]:02d}:{minute[i]:02d},"
                f'"{lon[i]:.5f}","{lat[i]:.5f}",Viettel,di động,"{down[i]:.1f}","{up[i]:.1f}",{latency[i]}\n'.replace(
                    ".", ","
                )
                for i in range(k)
            )


def write_files(
    folder: Path, n: int, communes: list[str], bbox: tuple[float, float, float, float]
) -> list[tuple[str, Path, str | None]]:
    rnd = random.Random(1)
    x0, y0, x1, y1 = bbox

    def point() -> tuple[float, float]:
        return rnd.uniform(x0, x1), rnd.uniform(y0, y1)

    files = []
    tests = folder / "do-toc-do.csv"
    write_speed_tests(tests, n)
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


def kinds(rows: int) -> None:
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
        files = write_files(root, rows, communes, bbox)  # type: ignore[arg-type]
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


# ---- the DuckDB reference ------------------------------------------------------------------

REFERENCE_SQL = """
SELECT
  "Mã đo" AS test_id,
  strptime("Thời gian", '%d/%m/%Y %H:%M') AS time,
  CAST(replace("Kinh độ", ',', '.') AS DOUBLE) AS lon,
  CAST(replace("Vĩ độ", ',', '.') AS DOUBLE) AS lat,
  lower("Nhà mạng") AS operator,
  CASE "Loại" WHEN 'di động' THEN 'mobile' WHEN 'cố định' THEN 'fixed' END AS kind,
  CAST(replace("Tốc độ tải xuống", ',', '.') AS DOUBLE) AS download_kbps,
  CAST(replace("Tốc độ tải lên", ',', '.') AS DOUBLE) AS upload_kbps,
  CAST("Độ trễ" AS DOUBLE) AS latency_ms
FROM read_csv('{path}', header = true, all_varchar = true, delim = ',')
"""
RANGE_CHECK = """
SELECT count(*), count(*) FILTER (WHERE test_id IS NULL OR time IS NULL OR kind IS NULL
  OR lon NOT BETWEEN {x0} AND {x1} OR lat NOT BETWEEN {y0} AND {y1}
  OR download_kbps < 0 OR upload_kbps < 0 OR latency_ms < 0) FROM typed
"""


def one(job: str, path: Path) -> dict[str, float]:
    """Run one timed job in this process; its peak memory is this process's."""
    import duckdb

    t = time.perf_counter()
    if job == "hatang":
        with tempfile.TemporaryDirectory() as tmp:
            ws = init_workspace(Path(tmp) / "ws", "36")
            t, cpu = time.perf_counter(), time.process_time()
            report = import_file(ws, "speed-tests", path)
            rows = report.rows_loaded
            took, cpu = time.perf_counter() - t, time.process_time() - cpu
    else:
        with tempfile.TemporaryDirectory() as tmp:
            con = duckdb.connect(
                ":memory:" if job == "duckdb-memory" else str(Path(tmp) / "r.duckdb")
            )
            t, cpu = time.perf_counter(), time.process_time()
            kind = "TEMP TABLE" if job == "duckdb-memory" else "TABLE"
            con.execute(f"CREATE {kind} typed AS {REFERENCE_SQL.format(path=path)}")
            x0, y0, x1, y1 = BOX
            rows, bad = con.execute(RANGE_CHECK.format(x0=x0, x1=x1, y0=y0, y1=y1)).fetchone()
            assert bad == 0
            con.close()
            took, cpu = time.perf_counter() - t, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"rows": rows, "seconds": took, "cpu_seconds": cpu, "peak_mb": peak}


def reference(n: int, repeat: int) -> None:
    """Each job `repeat` times, in turn, each run in a fresh process; the fastest run
    of each is shown (with its peak memory)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "do-toc-do.csv"
        write_speed_tests(path, n)
        size = path.stat().st_size / 1e6
        out: dict[str, dict[str, float]] = {}
        for _ in range(repeat):
            for job in ("duckdb-memory", "duckdb-file", "hatang"):
                proc = subprocess.run(
                    [sys.executable, __file__, "--one", job, str(path)],
                    capture_output=True,
                    text=True,
                    check=True,
                )
                run = json.loads(proc.stdout.strip().splitlines()[-1])
                if job not in out or run["seconds"] < out[job]["seconds"]:
                    out[job] = run
    h = out["hatang"]
    load = (
        " ".join(Path("/proc/loadavg").read_text().split()[:3])
        if Path("/proc/loadavg").exists()
        else "?"
    )
    print(
        f"{n:,} speed tests, CSV {size:.0f} MB (UTF-8 BOM, decimal commas, dd/mm/yyyy HH:MM); "
        f"best of {repeat}; load average {load}"
    )
    print(
        f"{'job':<48} {'s':>7} {'rows/s':>10} {'peak MB':>8} {'hatang/ref':>10} {'CPU s':>7} {'by CPU':>7}"
    )
    names = {
        "duckdb-memory": "DuckDB read_csv + casts + range checks (memory)",
        "duckdb-file": "DuckDB, the same rows stored in a DuckDB file",
        "hatang": "hatang import_file (every check, archived, stored)",
    }
    for job, r in out.items():
        rate = r["rows"] / r["seconds"]
        ratio = "" if job == "hatang" else f"{h['rows'] / h['seconds'] / rate:.2f}"
        by_cpu = "" if job == "hatang" else f"{r['cpu_seconds'] / h['cpu_seconds']:.2f}"
        print(
            f"{names[job]:<48} {r['seconds']:>7.2f} {rate:>10,.0f} {r['peak_mb']:>8.0f} {ratio:>10} "
            f"{r['cpu_seconds']:>7.2f} {by_cpu:>7}"
        )


def breakdown(n: int) -> None:
    """One import of n speed tests, its CPU time split by step (reading inline)."""
    import hatang.io.run as run
    import hatang.store.imports as store_imports

    spent = dict.fromkeys(("reading and checking", "storing the rows", "keys", "duplicates"), 0.0)

    def timed(name: str, fn):
        def wrapper(*args, **kw):
            c = time.process_time()
            try:
                return fn(*args, **kw)
            finally:
                spent[name] += time.process_time() - c

        return wrapper

    def inline(batches, depth=1):
        it = iter(batches)
        nxt = timed("reading and checking", lambda: next(it, None))
        while (batch := nxt()) is not None:
            yield batch

    run.ahead = inline
    writer = store_imports.ImportWriter
    writer.append = timed("storing the rows", writer.append)
    writer.add_keys = timed("keys", writer.add_keys)
    writer.duplicates = timed("duplicates", writer.duplicates)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "do-toc-do.csv"
        write_speed_tests(path, n)
        ws = init_workspace(Path(tmp) / "ws", "36")
        cpu = time.process_time()
        report = import_file(ws, "speed-tests", path)
        cpu = time.process_time() - cpu
    print(f"{report.rows_loaded:,} speed tests imported, {cpu:.2f} s of CPU (all threads):")
    for name, seconds in spent.items():
        print(f"  {name:<24} {seconds:6.2f} s")
    print(f"  {'the rest':<24} {cpu - sum(spent.values()):6.2f} s (hash, archive, record)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument(
        "--rows", type=int, default=100_000, help="speed tests (other files scale from it)"
    )
    ap.add_argument(
        "--reference", type=int, action="append", help="speed tests vs DuckDB (repeatable)"
    )
    ap.add_argument("--repeat", type=int, default=3, help="runs of each job (--reference)")
    ap.add_argument("--breakdown", type=int, help="N speed tests: the import's CPU time by step")
    ap.add_argument("--one", nargs=2, metavar=("JOB", "FILE"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.one:
        print(json.dumps(one(args.one[0], Path(args.one[1]))))
    elif args.breakdown:
        breakdown(args.breakdown)
    elif args.reference:
        for n in args.reference:
            reference(n, args.repeat)
    else:
        kinds(args.rows)


if __name__ == "__main__":
    main()
