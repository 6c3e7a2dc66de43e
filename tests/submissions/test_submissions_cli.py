"""`hatang submissions …` as a user runs it."""

from __future__ import annotations

import json


def test_file_accept_list_and_due_from_the_command_line(ws, rows_of, write, cli):
    bad = write(rows_of("subscriptions", "2025Q4"), "all.csv")
    code, out, err = cli(
        "submissions",
        "file",
        str(bad),
        "--kind",
        "subscriptions",
        "--period",
        "2025Q4",
        "--filer",
        "viettel",
        "-w",
        str(ws.root),
    )
    assert code == 1
    assert "all.csv:3:operator: 'vnpt' — not a row of Viettel" in out
    assert "Error: F1 refused" in err
    good = write(rows_of("subscriptions", "2025Q4", "viettel"), "vt.csv")
    code, out, _ = cli(
        "submissions",
        "file",
        str(good),
        "--kind",
        "subscriptions",
        "--period",
        "Q4/2025",
        "--filer",
        "viettel",
        "-w",
        str(ws.root),
    )
    assert code == 0 and "F2: viettel subscriptions 2025Q4 (vt.csv) — staged" in out
    code, out, _ = cli("submissions", "accept", "F2", "-w", str(ws.root))
    assert code == 0 and "accepted" in out
    code, out, _ = cli("submissions", "list", "--format", "json", "-w", str(ws.root))
    assert [(r["filing_id"], r["state"]) for r in json.loads(out)] == [
        ("F1", "replaced"),
        ("F2", "accepted"),
    ]
    code, out, _ = cli(
        "submissions",
        "due",
        "--period",
        "2025Q4",
        "--as-of",
        "2026-01-20",
        "--format",
        "csv",
        "-w",
        str(ws.root),
    )
    lines = out.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("filer,kind,due,status,filing_id")
    assert any(line.startswith("viettel,subscriptions,2026-01-15,accepted,F2") for line in lines)
    code, out, _ = cli("submissions", "show", "F1", "--format", "csv", "-w", str(ws.root))
    assert out.lstrip("\ufeff").startswith("Tệp,Dòng,Cột,Giá trị,Lý do,Loại lỗi")


def test_an_operator_token_is_refused_another_operators_file(ws, rows_of, write, cli):
    from hatang.store import web_queries

    with ws.connect() as con:
        token = web_queries.create_token(con, "vt", role="operator", operator="viettel")
    path = write(rows_of("subscriptions", "2025Q4", "vnpt"), "vn.csv")
    code, _, err = cli(
        "submissions",
        "file",
        str(path),
        "--kind",
        "subscriptions",
        "--period",
        "2025Q4",
        "--filer",
        "vnpt",
        "--token",
        token,
        "-w",
        str(ws.root),
    )
    assert code == 1 and "Error: a viettel token cannot file for vnpt" in err
    code, _, err = cli("submissions", "accept", "F1", "--token", token, "-w", str(ws.root))
    assert code == 1 and "Error:" in err
