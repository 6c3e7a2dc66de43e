"""`hatang register …` as a user runs it: thin commands over the library, the CLI
acting as the workspace's admin unless --token names another actor, refusals as one
`Error:` line (exit 1) naming the allowed steps."""

from __future__ import annotations

import csv
import io
import json

import pytest

from hatang.store import web_queries as q


@pytest.fixture
def reg(ws, cli):
    """Run `hatang register ARGS -w WS`; the workspace synced (4 cases) first."""

    def run(*args: str) -> tuple[int, str, str]:
        return cli("register", *args, "-w", str(ws.root))

    assert run("sync")[0] == 0
    return run


def _token(ws, name: str, role: str, operator: str | None = None) -> str:
    with ws.connect() as con:
        return q.create_token(con, name, role, operator)


def test_sync_says_what_it_opened(ws, cli):
    code, out, _ = cli("register", "sync", "-w", str(ws.root))
    assert code == 0
    assert (
        "Synced with run fixture: opened 3 cases from the reported list, 1 from the model; updated 0."
        in out
    )
    assert "Đồng bộ với mô hình fixture" in out
    code, out, _ = cli("register", "sync", "-w", str(ws.root))
    assert "opened 0 cases from the reported list, 0 from the model" in out


def test_list_in_every_format(reg):
    code, out, _ = reg("list", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and [r["case_id"] for r in rows] == ["C00001", "C00002", "C00003", "C00004"]
    assert "description" not in rows[0] and rows[0]["state"] == "reported"
    data = json.loads(reg("list", "--format", "json")[1])
    assert {d["source"] for d in data} == {"operator-report", "model"}
    doc = json.loads(reg("list", "--format", "geojson")[1])
    assert doc["type"] == "FeatureCollection" and doc["synthetic"] is True
    kinds = {f["properties"]["case_id"]: f["geometry"]["type"] for f in doc["features"]}
    assert kinds["C00004"] == "MultiPolygon" and kinds["C00001"] == "Point"
    table = reg("list")[1]
    assert "dữ liệu mô phỏng / synthetic data" in table and "C00001" in table
    code, _, err = reg("list", "--format", "xml")
    assert code == 1 and "Error: --format must be table, csv, json or geojson, not 'xml'" in err


def test_the_cycle_through_the_cli(ws, reg, tmp_path):
    photo = tmp_path / "anh.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF a phone's photo")
    assert reg("confirm", "C00001", "--evidence", str(photo), "--note", "seen")[0] == 0
    code, out, _ = reg("assign", "C00001", "--operator", "Viettel", "--due", "30")
    assert code == 0 and "C00001: assign → assigned" in out
    token = _token(ws, "vt", "operator", "viettel")
    code, out, _ = reg(
        "respond",
        "C00001",
        "--accept",
        "--planned-on",
        "2027-03-01",
        "--action",
        "sharing",
        "--rnas",
        "2",
        "--token",
        token,
    )
    assert code == 0 and "C00001: accept → accepted" in out and "vt)" in out
    code, out, _ = reg("show", "C00001", "--json")
    case = json.loads(out)
    assert (
        case["state"] == "accepted"
        and case["rnas_code"] == 2
        and case["planned_action"] == "sharing"
    )
    steps = [(e["action"], e["role"], e["actor"]) for e in case["history"]]
    assert steps[-1] == ("accept", "operator", "vt") and steps[0][1] == "admin"
    evidence = json.loads(case["history"][1]["evidence"])
    assert (
        evidence[0]["name"] == "anh.jpg" and (ws.raw_dir / f"{evidence[0]['sha256']}.jpg").is_file()
    )
    assert "C00001" in reg("history", "C00001")[1]


def _written(ws) -> tuple[int, list[str]]:
    with ws.connect(read_only=True) as con:
        (events,) = con.execute("SELECT count(*) FROM register_events").fetchone()
    return events, sorted(p.name for p in ws.raw_dir.iterdir())


@pytest.mark.parametrize(
    ("name", "body", "why"),
    [
        ("anh.jpg", b"MZ\x90\x00 an executable", "not a photo (JPEG, PNG, WebP), PDF or CSV"),
        ("do-kiem.csv", b"%PDF-1.7 a letter", "the content is a PDF, not a .csv"),
        ("trong.pdf", b"", "the file is empty"),
        ("lon.jpg", b"\xff\xd8\xff" + bytes(10_000_000), "10,000,003 bytes, over the 10,000,000"),
    ],
)
def test_an_evidence_file_is_checked_as_the_web_checks_it(ws, reg, tmp_path, name, body, why):
    """The CLI takes what the web takes: a refused file is one Error line naming it and
    why, and nothing is written (the good file beside it is not archived either)."""
    good = tmp_path / "ok.png"
    good.write_bytes(b"\x89PNG\r\n\x1a\n a PNG")
    bad = tmp_path / name
    bad.write_bytes(body)
    before = _written(ws)
    code, _, err = reg("confirm", "C00001", "--evidence", str(good), "--evidence", str(bad))
    assert code == 1 and f"Error: --evidence {bad.name}: {why}" in err
    assert len(err.strip().splitlines()) == 1
    assert _written(ws) == before


def test_a_hostile_evidence_file_name_is_recorded_as_the_web_records_it(ws, reg, tmp_path):
    """`--evidence FILE` keeps the name the web would show (hatang.io.names): no control
    characters, no markup, at most 100 characters; the file itself archived whole."""
    hostile = tmp_path / ("ảnh\x1b[2J\nhiện trường <b>" + "x" * 120 + ".jpg")
    hostile.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF a phone's photo")
    assert reg("confirm", "C00001", "--evidence", str(hostile))[0] == 0
    shown = "ảnh_2J_hiện_trường_b_" + "x" * 75 + ".jpg"
    history = json.loads(reg("show", "C00001", "--json")[1])["history"]
    (item,) = json.loads(history[-1]["evidence"])
    assert item["name"] == shown and len(shown) == 100
    assert (ws.raw_dir / f"{item['sha256']}.jpg").read_bytes() == hostile.read_bytes()
    code, out, _ = reg("history", "C00001")
    assert code == 0 and "\x1b" not in out and "<b>" not in out
    missing = str(tmp_path / "thiếu\x07.png")
    code, _, err = reg("comment", "C00001", "--note", "n", "--evidence", missing)
    assert code == 1 and "Error: --evidence thiếu.png: no such file" in err and "\x07" not in err


def test_refusals_are_one_line(ws, reg):
    code, _, err = reg("assign", "C00001", "--operator", "viettel")
    assert code == 1
    assert (
        "Error: a case in state 'reported' cannot be taken to 'assign' (allowed next steps: confirm, reject, comment, update)"
        in err
    )
    token = _token(ws, "mf", "operator", "mobifone")
    code, _, err = reg("confirm", "C00001", "--ref", "x", "--token", token)
    assert (
        code == 1 and "Error: an operator may not confirm a case (who may: admin, analyst)" in err
    )
    code, _, err = reg("respond", "C00001", "--accept", "--dispute")
    assert code == 1 and "Error: give one of --accept or --dispute" in err
    code, _, err = reg("confirm", "C00001", "--token", "hat_nonsense")
    assert code == 1 and "Error: --token: the token is not valid or has been revoked" in err
    code, _, err = reg("confirm", "C00001")
    assert code == 1 and "Error: C00001: confirm needs evidence" in err
    code, _, err = reg("show", "C12345")
    assert code == 1 and "Error: no case 'C12345'" in err


def test_an_operator_acts_only_on_its_own_cases(ws, reg):
    for step in (
        ("confirm", "C00002", "--ref", "model"),
        ("assign", "C00002", "--operator", "vnpt"),
    ):
        assert reg(*step)[0] == 0
    viettel = _token(ws, "vt", "operator", "viettel")
    code, _, err = reg(
        "respond",
        "C00002",
        "--dispute",
        "--reason",
        "site-on-air",
        "--ref",
        "S9",
        "--token",
        viettel,
    )
    assert (
        code == 1
        and "the case is assigned to vnpt; a token of viettel may only act on its own cases" in err
    )
    vnpt = _token(ws, "vn", "operator", "vnpt")
    code, out, _ = reg(
        "respond", "C00002", "--dispute", "--reason", "site-on-air", "--ref", "S9", "--token", vnpt
    )
    assert code == 0 and "dispute → disputed" in out
    code, _, err = reg("decide", "C00002", "--uphold", "--note", "no", "--token", vnpt)
    assert code == 1 and "an operator may not uphold" in err
    analyst = _token(ws, "office", "analyst")
    code, out, _ = reg(
        "decide", "C00002", "--overturn", "--note", "the site is on air", "--token", analyst
    )
    assert code == 0 and "overturn → overturned" in out
    assert reg("close", "C00002")[0] == 0


def test_verify_and_stats(ws, reg):
    for step in (
        ("confirm", "C00003", "--ref", "x"),
        ("assign", "C00003", "--operator", "viettel"),
        ("fix", "C00003", "--fixed-on", "2025-09-01", "--action", "new-site"),
    ):
        assert reg(*step)[0] == 0, step
    code, out, _ = reg("verify", "C00003")
    assert (
        code == 0
        and "C00003: stays fixed — 0 test(s) after 2025-09-01 in the area, 10 needed" in out
    )
    stats = json.loads(reg("stats", "--json")[1])
    assert stats["states"]["fixed"] == 1 and stats["states"]["reported"] == 3
    board = {r["operator"]: r for r in stats["scoreboard"]}
    assert board["viettel"]["fixed"] == 1 and board["viettel"]["verified"] == 0
    # fixed on 2025-09-01, assigned today: the operator's part of the wait is 0 days; the
    # field says it counts from the assignment (days to fix count from the report)
    assert board["viettel"]["median_days_assignment_to_fix"] == 0
    assert "median_days_to_fix" not in board["viettel"]
    assert "Operator scoreboard" in reg("stats")[1]
    code, out, _ = reg("rebuild")
    assert code == 0 and "4 cases" in out


def test_filters(ws, reg):
    assert reg("confirm", "C00001", "--ref", "x")[0] == 0
    out = reg("list", "--state", "confirmed", "--format", "csv")[1]
    assert [r["case_id"] for r in csv.DictReader(io.StringIO(out))] == ["C00001"]
    out = reg("list", "--commune", "N2", "--format", "csv")[1]
    assert [r["case_id"] for r in csv.DictReader(io.StringIO(out))] == ["C00001"]
    assert "No cases" in reg("list", "--overdue")[1]


def test_show_reads_the_timeline_in_words_in_vietnamese(reg, monkeypatch, tmp_path):
    """`register show` in Vietnamese: field labels, states and steps in words, people as
    people — not the stored 'people_affected = 552.0'."""
    photo = tmp_path / "anh.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF a phone's photo")
    assert reg("confirm", "C00001", "--evidence", str(photo))[0] == 0
    assert reg("assign", "C00001", "--operator", "Viettel", "--due", "30")[0] == 0
    monkeypatch.setenv("HATANG_LANG", "vi")
    monkeypatch.setenv("COLUMNS", "250")
    code, out, _ = reg("show", "C00001")
    flat = " ".join(out.split())
    assert code == 0
    assert "giao cho: viettel" in flat and "đã xác nhận → đã giao nhà mạng" in flat
    assert " người" in flat and "người bị ảnh hưởng:" in flat
    assert " = " not in flat and "assigned_operator" not in flat and "→ assigned" not in flat


def test_a_refusal_reads_in_vietnamese(ws, reg, monkeypatch):
    """HATANG_LANG=vi: the refused step in words, the state and the allowed steps too."""
    monkeypatch.setenv("HATANG_LANG", "vi")
    code, _, err = reg("assign", "C00001", "--operator", "viettel")
    assert code == 1
    assert (
        "Error: hồ sơ ở trạng thái «đã tiếp nhận» không thể chuyển sang bước «giao nhà mạng» "
        "(các bước tiếp theo được phép: xác nhận, không chấp nhận, ghi chú, cập nhật từ mô hình)"
    ) in err


def test_an_unknown_case_reads_in_vietnamese(reg, monkeypatch):
    """HATANG_LANG=vi: a case not found is said in Vietnamese, naming the case."""
    monkeypatch.setenv("HATANG_LANG", "vi")
    code, _, err = reg("show", "C12345")
    assert code == 1
    assert (
        "Error: không có hồ sơ C12345 trong sổ theo dõi điểm lõm sóng (xem danh sách: "
        "`hatang register list`)"
    ) in " ".join(err.split())
