"""The importers' reasons in the reader's language: a code and its parameters in the
problem, English as it was always written, Vietnamese from the catalogue."""

from __future__ import annotations

import json
import pickle
import re
import sys
from pathlib import Path

import pytest

from hatang import i18n
from hatang.cli import main
from hatang.errors import Problem
from hatang.io import reasons as R

GOLDEN = Path(__file__).parent / "golden"
sys.path.insert(0, str(GOLDEN))
import golden  # noqa: E402  (tests/io/golden/golden.py: the corpus and its cases)

CASES = {c.name: c for c in golden.CASES}
_LINE = re.compile(r"^(?P<where>[^:]*:\d*:\w*: (?:.*? )?)— (?P<reason>.*)$", re.DOTALL)


def import_args(ws, name: str) -> tuple[golden.Case, list[str]]:
    """The corpus case `name`, its workspace set up, and the `hatang import` arguments
    that import its file (with its period, if it has one)."""
    case = CASES[name]
    golden._setup(ws, case)
    args = ["import", case.kind, str(golden.CORPUS / case.file), "-w", str(ws.root)]
    if case.period:
        args += ["--period", case.period]
    return case, args


def english_words() -> set[str]:
    """Words of the reasons' English that their Vietnamese never uses: one of them in a
    Vietnamese reason is English left untranslated."""
    words = set()
    for code in R.ENGLISH:
        words |= set(re.findall(r"[A-Za-z]{3,}", re.sub(r"\{\w+\}", " ", R.template(code))))
    vietnamese = " ".join(i18n.t(R.KEY + code, "vi") for code in R.ENGLISH)
    vietnamese = re.sub(r"\{\w+\}", " ", vietnamese)
    return words - set(re.findall(r"[A-Za-z]{3,}", vietnamese))


def untranslated(reason: str, english: str) -> list[str]:
    """What is English (or a raw key) in the Vietnamese `reason` of the English `english`:
    the values it names (a column, a code, a key) left out."""
    bare = reason
    known = R.recognise(english)
    values = [str(v) for v in (known.params.values() if known is not None else ())]
    for value in sorted(values, key=len, reverse=True):
        bare = bare.replace(value, " ")
    found = [w for w in re.findall(r"[A-Za-z]{3,}", bare) if w in english_words()]
    if R.KEY in reason:
        found.append(R.KEY)
    if reason == english:
        found.append("(the English itself)")
    return found


def run(monkeypatch, capsys, lang: str, *args: str) -> tuple[int, str, str]:
    monkeypatch.setenv("HATANG_LANG", lang)
    monkeypatch.setattr(sys, "argv", ["hatang", *args])
    with pytest.raises(SystemExit) as info:
        main()
    out = capsys.readouterr()
    return int(info.value.code or 0), out.out, out.err


def problem_lines(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if " — " in ln and not ln.startswith("Error")]


# ---- every reason has its Vietnamese -------------------------------------------------------


@pytest.mark.parametrize("code", sorted(R.ENGLISH))
def test_every_reason_has_its_vietnamese_in_the_catalogue(code):
    key = R.KEY + code
    assert i18n.has(key), f"add msgctxt {key!r} to hatang.po's block # Importers' problem reasons"
    vi, en = i18n.TEXT[key]
    assert en == R.template(code), f"{key}: the catalogue's msgid is not the importers' English"
    assert vi != en and re.search(r"[à-ỹđ]", vi, re.IGNORECASE), f"{key}: no Vietnamese"
    assert set(re.findall(r"\{\w+\}", vi)) == set(re.findall(r"\{\w+\}", en)), key
    words = re.sub(r"\{\w+\}", " ", vi)
    assert not untranslated(words, en), (key, untranslated(words, en))


def _sample(code: str) -> R.Reason:
    """The reason `code` with a value for each of its parameters."""
    names = {m[1]: m[3] for m in R._FIELD.finditer(R.ENGLISH[code])}
    params = {n: (1234 if spec == ":," else 2.5 if spec else f"<{n}>") for n, spec in names.items()}
    for n, shape in R.SHAPES.get(code, {}).items():  # a value of the shape it must have
        params[n] = next(
            v for v in ("C1", "accept", "an operator", "fixed_on", "12") if re.fullmatch(shape, v)
        )
    if "unit" in params:
        params["unit"] = " m"
    return R.reason(code, **params)


@pytest.mark.parametrize("code", sorted(R.ENGLISH))
def test_a_reason_is_its_english_and_is_read_back_from_it(code):
    r = _sample(code)
    assert isinstance(r, str) and str(r) == R.ENGLISH[code].format(**r.params)
    again = R.recognise(str(r))
    assert again is not None and again.code == code, f"{code}'s English reads as another"
    assert R.text(str(r), "vi") == R.text(r, "vi") == R.vietnamese(r)
    assert R.text(r, "en") == str(r)
    copy = pickle.loads(pickle.dumps(r))
    assert (copy, copy.code, copy.params) == (r, r.code, r.params)


def test_numbers_are_written_as_each_language_writes_them():
    r = R.reason("too_long", length=131073, max_chars=131072)
    assert "131,073 characters, over the 131,072" in r
    assert R.text(r, "vi").startswith("giá trị dài 131.073 ký tự, vượt quá 131.072 ký tự")
    r = R.reason("below_minimum", minimum=0.5, unit=" m")
    assert (str(r), R.text(r, "vi")) == (
        "below the minimum 0.5 m",
        "nhỏ hơn giá trị tối thiểu 0,5 m",
    )
    assert R.text(R.reason("not_whole"), "vi") == "không phải số nguyên"


def test_an_exception_carries_its_code():
    from hatang.io import values as V

    with pytest.raises(ValueError) as info:
        V.parse_number("1,5", integer=True, decimal=",")
    assert str(info.value) == "not a whole number"
    assert R.code_of(R.reason_of(info.value)) == R.raised(info.value) == "not_whole"
    assert R.raised(ValueError("not a whole number")) is None  # a text is not a code
    # a reason another module writes is recognised by its text
    assert R.code_of(R.reason_of(ValueError("not a period: 'soon' (expected e.g. 2025Q3 or 2025)")))
    assert R.code_of("a text no importer writes") is None


def test_a_problem_line_keeps_its_place_and_value_and_says_the_reason_in_vietnamese():
    p = Problem(
        "sites.csv",
        6,
        "height_m",
        400.0,
        R.reason("above_maximum", maximum=300, unit=" m"),
        "out-of-range",
    )
    assert R.line(p, "en") == str(p) == "sites.csv:6:height_m: 400.0 — above the maximum 300 m"
    assert R.line(p, "vi") == "sites.csv:6:height_m: 400.0 — lớn hơn giá trị tối đa 300 m"


# ---- every reason the golden files record ----------------------------------------------------


def _golden_problems() -> list[tuple[str, str]]:
    """(case, line) of every problem of a row that the golden files record."""
    out = []
    for path in sorted((GOLDEN / "expected").glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        for mode in ("fail", "quarantine"):
            for line, _type in (record.get(mode) or {}).get("problems") or []:
                m = _LINE.match(line)
                if m and re.match(r"^[^:]*:\d+:", line):
                    out.append((path.stem, line))
    return sorted(set(out))


def test_every_recorded_reason_of_a_row_reads_in_vietnamese():
    """Each reason the corpus's rows get (tests/io/golden/expected) is a known reason, said
    in Vietnamese: a new reason written without a code (and its Vietnamese) fails here."""
    problems = _golden_problems()
    assert len(problems) > 60
    wrong = []
    for case, line in problems:
        english = _LINE.match(line)["reason"]  # type: ignore[index]
        vi = R.text(english, "vi")
        if R.recognise(english) is None or untranslated(vi, english):
            wrong.append((case, english, vi))
    assert not wrong, wrong


def _whole_file_problems() -> list[tuple[str, str, str]]:
    """(case, message, reason) of every file the golden files record refused as a whole."""
    out = []
    for path in sorted((GOLDEN / "expected").glob("*.json")):
        record = json.loads(path.read_text(encoding="utf-8"))
        for mode in ("fail", "quarantine"):
            said = record.get(mode) or {}
            for line, _type in said.get("problems") or []:
                m = _LINE.match(line)
                if m and not re.match(r"^[^:]*:\d+:", line):
                    out.append((path.stem, str(said.get("message")), m["reason"]))
    return sorted(set(out))


def test_every_recorded_reason_of_a_whole_file_reads_in_vietnamese():
    """A file refused as a whole (its encoding, TCVN3, a damaged XLSX or Parquet, not
    JSON, empty): each reason is a code with its Vietnamese, not 'English / gloss'."""
    problems = _whole_file_problems()
    assert len({case for case, _, _ in problems}) >= 15
    wrong = []
    for case, _, english in problems:
        vi = R.text(english, "vi")
        if R.recognise(english) is None or untranslated(vi, english):
            wrong.append((case, english, vi))
    assert not wrong, wrong


@pytest.mark.parametrize(
    ("name", "vietnamese"),
    [
        ("tcvn3", "văn bản dùng bảng mã phông cũ TCVN3 (ABC)"),
        ("no-header", "không tìm thấy dòng tiêu đề trong các dòng đầu tệp (các cột cần có:"),
        ("missing-column", "thiếu cột bắt buộc: lat"),
        ("xls", "không đọc tệp Excel 97–2003 (.xls) đời cũ"),
    ],
)
def test_a_refused_file_s_error_line_is_in_vietnamese(ws, monkeypatch, capsys, name, vietnamese):
    """`hatang import` of a file refused as a whole: the Error line says why in
    Vietnamese (HATANG_LANG=vi), the file's name kept; English as recorded."""
    case, args = import_args(ws, name)
    code, _, en = run(monkeypatch, capsys, "en", *args)
    want = json.loads((GOLDEN / "expected" / f"{name}.json").read_text(encoding="utf-8"))
    assert code == 1 and f"Error: {want['fail']['message']}" in " ".join(en.split())
    code, _, vi = run(monkeypatch, capsys, "vi", *args)
    error = next(ln for ln in " ".join(vi.split()).split("Error: ")[1:])
    file, _, said = error.partition(": ")
    assert code == 1 and file == Path(case.file).name and said.startswith(vietnamese), error
    english = want["fail"]["message"].partition(": ")[2]
    assert not untranslated(said, english), untranslated(said, english)


# ---- the CLI, with HATANG_LANG=vi ----------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["every-problem", "numbers", "dates", "coordinates", "facilities", "opencellid-bad"]
)
def test_hatang_import_says_each_reason_in_vietnamese(ws, monkeypatch, capsys, name):
    _, args = import_args(ws, name)
    code, _, err_en = run(monkeypatch, capsys, "en", *args)
    assert code == 1
    code, _, err_vi = run(monkeypatch, capsys, "vi", *args)
    assert code == 1
    en, vi = problem_lines(err_en), problem_lines(err_vi)
    want = json.loads((GOLDEN / "expected" / f"{name}.json").read_text(encoding="utf-8"))
    assert en == [line for line, _ in want["fail"]["problems"]]  # English: as recorded
    assert len(vi) == len(en) > 0
    for e, v in zip(en, vi, strict=True):
        me, mv = _LINE.match(e), _LINE.match(v)
        assert me and mv, (e, v)
        assert mv["where"] == me["where"], "FILE:ROW:COLUMN: VALUE changed"
        assert not untranslated(mv["reason"], me["reason"]), (
            v,
            untranslated(mv["reason"], me["reason"]),
        )


def test_a_quarantined_import_lists_its_problems_in_vietnamese(ws, monkeypatch, capsys):
    case = CASES["every-problem"]
    args = ["import", case.kind, str(golden.CORPUS / case.file), "-w", str(ws.root)]
    code, out, _ = run(monkeypatch, capsys, "vi", *args, "--on-error", "quarantine")
    assert code == 0
    lines = problem_lines(out)
    assert "sites.csv:3:height_m: 'cao' — không phải số" in lines
    assert "sites.csv:8:site_id: — thiếu giá trị (bắt buộc)" in lines
    quarantine = next((ws.root / "quarantine").glob("*.csv")).read_text(encoding="utf-8")
    assert "missing value (required) / thiếu giá trị" in quarantine  # the file keeps the English


def test_a_filing_s_problems_download_with_the_reason_in_both_languages():
    from hatang.submissions.report import problem_rows

    why = R.reason("other_operator", name="Viettel")
    stored = {
        "problems": [Problem("a.csv", 3, "operator", "vnpt", why, "operator-scope").as_dict()]
    }
    stored = json.loads(json.dumps(stored))  # as a filing's report is kept: JSON, the English
    row = problem_rows(stored).iloc[0]
    assert row["Lý do"] == str(why)
    assert row["Lý do (tiếng Việt)"] == (
        "không phải dòng của Viettel: tệp nộp chỉ được chứa các dòng của chính đơn vị nộp"
    )


def _written_reasons() -> list[str]:
    """Where hatang/io gives a problem (or a refused value) a reason written out as text
    — a string or an f-string — instead of `reason(code, …)`."""
    import ast

    import hatang.io

    at = {"Problem": 4, "add": 3, "ValueError": 0, "OverflowError": 0, "bad": 2}
    found = []
    for path in sorted(Path(hatang.io.__file__).parent.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            if name not in at or len(node.args) <= at[name]:
                continue
            arg = node.args[at[name]]
            if isinstance(arg, ast.JoinedStr) or (
                isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            ):
                found.append(f"{path.name}:{node.lineno}")
    return found


def test_no_importer_writes_a_reason_out_as_english_text():
    """A new reason is a code in hatang.io.reasons (with its Vietnamese), not a text."""
    assert not _written_reasons(), _written_reasons()


def test_a_message_is_said_in_vietnamese_only_when_it_is_a_known_reason():
    refused = str(R.reason("register_case_assigned", case="C00003", assigned="vnpt"))
    assert R.known(refused, "vi") == "hồ sơ C00003 được giao cho vnpt"
    assert R.known(refused, "en") == refused == "case C00003 is assigned to vnpt"
    written = "the request is over 1,024 bytes / quá lớn"  # its Vietnamese half names no size
    assert R.known(written, "vi") == written and R.known("", "vi") == ""


# ---- a refusal's summary and the options' errors: English / Vietnamese, whole ---------------


def test_a_refusal_s_summary_is_whole_in_vietnamese(ws, monkeypatch, capsys):
    """`hatang import` refusing a file: the Error line is the English as recorded, and
    with HATANG_LANG=vi all of it in Vietnamese (the counts kept), not a gloss."""
    _, args = import_args(ws, "numbers")
    code, _, en = run(monkeypatch, capsys, "en", *args)
    assert code == 1
    assert (
        "Error: numbers.csv: 6 problems in 6 row(s); nothing imported (fix the file, or use "
        "--on-error quarantine to load the good rows) / 6 lỗi ở 6 dòng; chưa nhập gì"
    ) in " ".join(en.split())
    code, _, vi = run(monkeypatch, capsys, "vi", *args)
    assert code == 1
    assert (
        "Error: numbers.csv: 6 lỗi ở 6 dòng; chưa nhập gì (hãy sửa tệp, hoặc dùng --on-error "
        "quarantine để nhập các dòng không có lỗi)"
    ) in " ".join(vi.split())
    assert "nothing imported" not in vi


def test_an_empty_file_s_summary_is_whole_in_vietnamese(ws, monkeypatch, capsys):
    case, args = import_args(ws, "header-only")
    code, _, vi = run(monkeypatch, capsys, "vi", *args)
    error = " ".join(vi.split()).split("Error: ")[1]
    assert code == 1
    assert error == f"{case.file}: không có dòng dữ liệu: tệp chỉ có dòng tiêu đề; chưa nhập gì"


@pytest.mark.parametrize(
    ("extra", "english", "vietnamese"),
    [
        (
            ["--period", "2025Q9"],
            "--period: not a period",
            "--period: '2025Q9' không phải kỳ báo cáo (ví dụ 2025Q3, Q3/2025, Quý 3/2025 "
            "hoặc 2025)",
        ),
        (
            ["--period", "2025Q3"],
            "structures rows have no period; leave out --period / ",
            "dữ liệu loại structures không có kỳ báo cáo: hãy bỏ --period",
        ),
    ],
)
def test_a_wrong_period_is_said_in_vietnamese(ws, monkeypatch, capsys, extra, english, vietnamese):
    case = CASES["period-on-kind-without"]
    args = ["import", "structures", str(golden.CORPUS / case.file), "-w", str(ws.root), *extra]
    code, _, en = run(monkeypatch, capsys, "en", *args)
    assert code == 1 and f"Error: {english}" in " ".join(en.split())
    code, _, vi = run(monkeypatch, capsys, "vi", *args)
    assert code == 1 and " ".join(vi.split()) == f"Error: {vietnamese}"


def test_ookla_s_kind_and_period_errors_are_whole_in_vietnamese(ws, tmp_path):
    from hatang.errors import ConfigError
    from hatang.io import import_file

    path = tmp_path / "tiles.csv"
    path.write_text("quadkey,avg_d_kbps,avg_u_kbps,tests,devices\n1322,1,1,1,1\n")
    with pytest.raises(ConfigError) as info:
        import_file(ws, "ookla", path, period="2025Q3")
    said = info.value.args[0]
    assert str(said) == (
        "tiles.csv: pass --kind mobile or --kind fixed: the file name does not say "
        "/ cần --kind mobile hoặc --kind fixed: tên tệp không ghi loại ô (di động hay cố định)"
    )
    assert R.text(said, "vi") == (
        "tiles.csv: cần --kind mobile hoặc --kind fixed: tên tệp không ghi loại ô "
        "(di động hay cố định)"
    )
    assert pickle.loads(pickle.dumps(said)).vi == said.vi
    named = tmp_path / "2025-04-01_performance_fixed_tiles.csv"
    named.write_text(path.read_text())
    with pytest.raises(ConfigError) as info:
        import_file(ws, "ookla", named, period="2025Q3")
    assert R.text(info.value.args[0], "vi") == "--period 2025Q3 nhưng tên tệp ghi kỳ 2025Q2"
