"""`hatang import`: the thin shell prints the report, and every problem with exit 1."""

from __future__ import annotations

import json
import sys

import pytest

from hatang.cli import main


def run(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["hatang", *args])
    with pytest.raises(SystemExit) as info:
        main()
    out = capsys.readouterr()
    return int(info.value.code or 0), " ".join(out.out.split()), " ".join(out.err.split())


def test_import_prints_the_report(ws, examples, monkeypatch, capsys):
    code, out, _ = run(
        monkeypatch,
        capsys,
        "import",
        "sites",
        str(examples / "sites.csv"),
        "--workspace",
        str(ws.root),
    )
    assert code == 0
    assert "sites.csv (sites, utf-8): 3 rows read, 3 loaded (3 new, 0 replaced), 0 rejected" in out
    code, out, _ = run(
        monkeypatch, capsys, "import", "sites", str(examples / "sites.csv"), "-w", str(ws.root)
    )
    assert code == 0 and "already imported as import #1" in out


def test_import_failure_lists_every_problem(ws, tmp_path, monkeypatch, capsys):
    path = tmp_path / "bad.csv"
    path.write_text(
        "period,site_id,lon,lat,structure,height_m\n2025Q3,A,106.4,20.2,tower,x\n2025Q3,B,20.2,106.4,tower,3\n"
    )
    code, _, err = run(monkeypatch, capsys, "import", "sites", str(path), "-w", str(ws.root))
    assert code == 1
    assert "bad.csv:2:height_m: 'x' — not a number" in err
    assert "bad.csv:3:lon: '20.2, 106.4' — longitude and latitude look swapped" in err
    assert "Error: bad.csv: 2 problems in 2 row(s); nothing imported" in err


def test_import_quarantine_and_json(ws, tmp_path, monkeypatch, capsys):
    path = tmp_path / "mixed.csv"
    path.write_text(
        "period,site_id,lon,lat,structure,height_m\n2025Q3,A,106.4,20.2,tower,30\n2025Q3,B,106.4,20.2,tower,-1\n"
    )
    code, out, _ = run(
        monkeypatch,
        capsys,
        "import",
        "sites",
        str(path),
        "--on-error",
        "quarantine",
        "--json",
        "-w",
        str(ws.root),
    )
    assert code == 0
    report = json.loads(out)
    assert (report["rows_loaded"], report["rows_rejected"], report["import_id"]) == (1, 1, 1)
    assert report["quarantine_file"].endswith(f"1-sites-{report['sha256'][:12]}.csv")
    assert [p["text"] for p in report["problems"]] == [
        "mixed.csv:3:height_m: -1.0 — below the minimum 0 m"
    ]
    assert [p["type"] for p in report["problems"]] == ["out-of-range"]
    assert report["problem_types"] == {"out-of-range": 1}


def test_bad_options(ws, examples, monkeypatch, capsys):
    code, _, err = run(
        monkeypatch,
        capsys,
        "import",
        "sites",
        str(examples / "sites.csv"),
        "--on-error",
        "skip",
        "-w",
        str(ws.root),
    )
    assert code == 1 and "--on-error must be fail or quarantine" in err
    code, _, err = run(
        monkeypatch, capsys, "import", "towers", str(examples / "sites.csv"), "-w", str(ws.root)
    )
    assert code == 1 and "unknown import kind 'towers'" in err
