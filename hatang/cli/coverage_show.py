"""How `hatang pathloss`, `coverage` and `deadspots` draw their results in the terminal."""

from __future__ import annotations

import csv
import sys
from typing import Any

from hatang.cli.output import console

#: the columns of `hatang deadspots --format csv`
CSV_COLUMNS = [
    "dead_spot_id",
    "population",
    "area_km2",
    "lon",
    "lat",
    "nearest_village_code",
    "nearest_village_name",
    "commune_code",
    "commune_name",
    "commune_code_2024",
    "commune_name_2024",
    "reports",
    "status",
    "synthetic",
]


def print_losses(distances: list[float], losses: list[float]) -> None:
    for d, v in zip(distances, losses, strict=True):
        print(f"{d:g} km\t{v:.2f} dB")


def losses_json(
    model: str,
    freq: float,
    hb: float,
    hm: float,
    env: str,
    distances: list[float],
    losses: list[float],
) -> dict[str, Any]:
    rows = [
        {"distance_km": d, "loss_db": round(v, 2)} for d, v in zip(distances, losses, strict=True)
    ]
    return {"model": model, "freq_mhz": freq, "hb_m": hb, "hm_m": hm, "env": env, "losses": rows}


def print_coverage(out: Any, s: dict[str, Any]) -> None:
    from rich.table import Table

    if s["synthetic"]:
        out.print("[yellow]Dữ liệu mô phỏng / synthetic data[/yellow]")
    out.print(
        f"Run [bold]{s['run_id']}[/bold]: {s['grid']} cells of {s['resolution_m']:g} m, "
        f"{s['evaluations']:,} evaluations in {s['seconds']:.2f} s"
    )
    t = Table(
        "map / bản đồ",
        "operator / nhà mạng",
        "population / dân số",
        "covered / được phủ",
        "%",
        "villages / thôn",
        "covered / được phủ",
    )
    for p in s["provinces"]:
        pct = f"{100 * p['population_covered'] / p['population']:.1f}" if p["population"] else "—"
        t.add_row(
            p["map"],
            p["operator"],
            f"{p['population']:,.0f}",
            f"{p['population_covered']:,.0f}",
            pct,
            f"{int(p['villages']):,}",
            f"{int(p['villages_covered']):,}",
        )
    out.print(t)
    out.print(
        f"Dead spots / điểm lõm sóng: {s['dead_spots']}; reported open / báo cáo còn mở: {s['reported_open']}, "
        f"matched / khớp: {s['reported_matched']}"
    )
    if s["skipped_cells"]:
        out.print(
            f"[yellow]{s['skipped_cells']} cells left out: band outside the model's range / "
            f"ô ngoài dải tần của mô hình[/yellow]"
        )
    if s["calibration"]:
        for f in s["calibration"]["operators"]:
            out.print(
                f"Calibration {f['operator']}: offset {f['offset_db']:+.1f} dB over {f['tests']} tests; "
                f"RMSE {f['rmse_before']:.1f} → {f['rmse_after']:.1f} dB, bias {f['bias_before']:+.1f} → {f['bias_after']:+.1f} dB"
            )
        for op, why in s["calibration"]["skipped"].items():
            out.print(f"Calibration skipped for {op}: {why}")
    for k, v in s["files"].items():
        out.print(f"{k}: {v}")


def write_dead_spots_csv(spots: Any) -> None:
    """The dead spots as CSV on stdout (floats to 6 decimals, empty for missing)."""
    w = csv.writer(sys.stdout, lineterminator="\n")
    w.writerow(CSV_COLUMNS)
    for row in spots[CSV_COLUMNS].itertuples(index=False):
        w.writerow(["" if v is None else round(v, 6) if isinstance(v, float) else v for v in row])


def dead_spots_file(spots: Any, run_row: Any, fmt: str) -> None:
    """The dead spots as CSV or GeoJSON on stdout."""
    import json

    from hatang.coverage.export import dead_spots_geojson

    if fmt == "csv":
        return write_dead_spots_csv(spots)
    synthetic = bool(run_row["synthetic"])
    doc = dead_spots_geojson(spots, None, synthetic=synthetic, run_id=run_row["run_id"])
    print(json.dumps(doc, ensure_ascii=False))


def print_dead_spots(spots: Any, run_row: Any, summary: dict[str, Any], limit: int) -> None:
    from rich.table import Table

    from hatang import i18n
    from hatang.views import deadspots as views
    from hatang.views import format as fmt

    if run_row["synthetic"]:
        console().print("[yellow]Dữ liệu mô phỏng / synthetic data[/yellow]")
    headers = [i18n.both(c.label) for c in views.COLUMNS]
    t = Table(*headers, title=f"Điểm lõm sóng / dead spots — run {run_row['run_id']}")
    for row in views.rows(spots, limit):
        t.add_row(*[fmt.text(v, "en", fmt.TERMINAL) for v in row.values()])
    console().print(t)
    if limit > 0 and len(spots) > limit:
        console().print(f"... {len(spots) - limit} more (--limit 0 shows all)")
    said = [f"{i18n.both(v.label)}: {fmt.raw(v, fmt.TERMINAL)}" for v in views.comparison(summary)]
    line = f"{said[0]} — {said[1]}, {said[2]}; {said[3]}, {said[4]}"
    console().print(line[0].upper() + line[1:])


def print_runs(runs: Any, fmt: str) -> None:
    if fmt == "csv":
        runs.to_csv(sys.stdout, index=False, lineterminator="\n")
        return
    from rich.table import Table

    t = Table(
        "run",
        "created / lúc",
        "period / kỳ",
        "tech",
        "operator",
        "m",
        "model",
        "covered / được phủ",
        "synthetic",
    )
    for r in runs.itertuples(index=False):
        pct = 100 * r.population_covered / r.population if r.population else float("nan")
        t.add_row(
            r.run_id,
            str(r.created_at)[:19],
            r.period,
            r.technology,
            r.operator,
            f"{r.resolution_m:g}",
            r.model,
            f"{pct:.1f} %",
            "yes" if r.synthetic else "",
        )
    console().print(t)
