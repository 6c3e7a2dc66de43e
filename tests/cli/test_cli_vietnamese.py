"""The README tour's commands in Vietnamese (HATANG_LANG=vi) say their values in words:
no catalogue key and no raw code (a state, a kind of data, an action, a facility) in a
table or a line, and no line in English only. A line written in both languages
("English / tiếng Việt") and a table's English header row are the CLI's way and pass;
`--format csv|json` keep their stable keys (tests of each area hold those)."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from hatang import i18n
from hatang.cli import app
from hatang.register import machine

#: codes the data stores, which a Vietnamese table or line must say in words
CODES = {
    *machine.STATES,
    *(s.action for s in machine.STEPS),
    "staged", "replaced", "refused", "rejected", "missing", "accepted",
    "colocation", "other-sector", "new-tower", "school", "health-station", "commune-office",
    "sites", "cells", "subscriptions", "drive-tests", "challenges", "responses",
    "synthetic", "operator", "analyst",
}  # fmt: skip
#: English words of the CLI's own sentences that a Vietnamese line must not keep
ENGLISH = {
    "rows", "read", "valid", "problems", "stays", "more", "files", "allowed", "needed",
    "finds", "still", "after", "people", "the", "of", "in", "shows", "exports",
}  # fmt: skip
KEY = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
VALUE = re.compile(r"^[^:]* / [^:]*: (?P<value>.*)$")
WORD = re.compile(r"[^\W\d_][\w-]*")
#: a problem's line: FILE:ROW:COLUMN: VALUE name a file, a column and a value as they are
PROBLEM = re.compile(r"^\s*\S+:\d*:[\w-]*: (?:.*? )?— (?P<reason>.*)$")


def untranslated(output: str, tables: frozenset[str] = frozenset()) -> list[str]:
    """What a Vietnamese output shows raw: catalogue keys anywhere; codes and English
    words on a line not written in both languages and not a header row (the lines just
    above a table's rule). `tables`: the store's table names, which `status` lists as
    they are (identifiers a user queries)."""
    found = [k for k in KEY.findall(output) if i18n.has(k)]
    lines = output.splitlines()
    rules = {i for i, line in enumerate(lines) if line.startswith("─")}
    for i, line in enumerate(lines):
        if rules & {i + 1, i + 2}:
            continue  # the English and the Vietnamese header rows
        if i and lines[i - 1].rstrip().endswith(" /"):
            continue  # a title wrapped inside its 'tiếng Việt / English'
        problem = PROBLEM.match(line)  # a problem's line: its reason is checked
        if problem:
            line = problem["reason"]
        labelled = VALUE.match(line)  # 'state / trạng thái: value': the value is checked
        if labelled and " / " not in labelled["value"]:
            line = labelled["value"]
        words = WORD.findall(line)
        if " / " in line or not words:
            continue
        if words[0] in tables and line.startswith(words[0]):
            words = words[1:]
        found += [w for w in words if w in CODES or w in ENGLISH]
    return found


def test_the_check_sees_keys_codes_and_english():
    out = "F1  viettel  accepted  0\nreg_title\nF8: 287 rows read\nstate / trạng thái: fixed"
    out += "\nfiling  filer  kind  rejected\nhồ sơ  đơn vị nộp  loại  bị loại\n────"
    assert untranslated(out) == ["reg_title", "accepted", "rows", "read", "fixed"]
    assert untranslated("F1  viettel  trạm BTS  đã chấp nhận") == []
    assert untranslated("  Hồ sơ — dữ liệu mô phỏng /\n  synthetic data") == []
    assert untranslated("sites  15.679", frozenset({"sites"})) == []


def test_the_check_reads_a_problem_line_s_reason_not_its_column():
    assert untranslated("  a.csv:5:operator: 'viettel' — không phải dòng của MobiFone") == []
    assert untranslated("  a.csv:5:operator: 'viettel' — the rows of MobiFone") == [
        "the",
        "rows",
        "of",
    ]


@pytest.fixture(scope="module")
def tour(demo_workspace, tmp_path_factory):
    """The outputs of the tour's commands in Vietnamese, on a copy of the demo."""
    import shutil

    root = tmp_path_factory.mktemp("vi") / "ws"
    shutil.copytree(demo_workspace.root, root, ignore=shutil.ignore_patterns(".hatang.lock*"))
    runner = CliRunner()
    env = {"HATANG_LANG": "vi", "COLUMNS": "300"}  # wide: a sentence is not wrapped

    def run(*args: str) -> str:
        result = runner.invoke(app, [*args, "-w", str(root)], env=env)
        assert result.exit_code == 0, (args, result.output)
        return result.output

    fixed = json.loads(run("register", "list", "--state", "fixed", "--format", "json"))
    out = {
        "status": run("status"),
        "register list": run("register", "list", "--limit", "3"),
        "register stats": run("register", "stats"),
        "register show": run("register", "show", fixed[0]["case_id"]),
        "register verify": run("register", "verify", fixed[0]["case_id"]),
        "submissions due": run("submissions", "due", "--period", "2025Q3"),
        "submissions list": run("submissions", "list", "--wide"),
        "plan-sites": run("plan-sites", "--budget", "2 tỷ", "--name", "vi"),
        "scenarios show": run("scenarios", "show", "vi", "--wide"),
    }
    run("compute")
    for indicator in EXPLAINED:
        out[f"explain {indicator}"] = run(
            "explain", indicator, "--unit", "2024:36", "--period", "2025Q4"
        )
        out[f"explain {indicator} (defaults)"] = run("explain", indicator)
    out["explain --unit 36"] = run("explain", EXPLAINED[0], "--unit", "36")
    filings = json.loads(run("submissions", "list", "--format", "json"))
    for f in filings:
        if f["state"] in ("replaced", "accepted") and f"show {f['state']}" not in out:
            out[f"show {f['state']}"] = run("submissions", "show", f["filing_id"])
    import duckdb

    with duckdb.connect(str(root / "hatang.duckdb"), read_only=True) as con:
        names = con.execute("SELECT table_name FROM information_schema.tables").fetchall()
        columns = con.execute("SELECT column_name FROM information_schema.columns").fetchall()
    return out, frozenset(n for (n,) in names), frozenset(c for (c,) in columns)


COMMANDS = [
    "status",
    "register list",
    "register stats",
    "register show",
    "register verify",
    "submissions due",
    "submissions list",
    "show replaced",
    "show accepted",
    "scenarios show",
]


@pytest.mark.parametrize("command", COMMANDS)
def test_a_command_in_vietnamese_shows_no_raw_key_code_or_english_line(tour, command):
    outputs, tables, _ = tour
    assert command in outputs, sorted(outputs)
    found = untranslated(outputs[command], tables)
    assert not found, (found, outputs[command])


#: one indicator of each way a value is computed: a ratio of sums per inhabitant, a
#: weighted survey share, a median of speed tests, a count, a median of the register's
#: days and an operator's variant
EXPLAINED = [
    "mobile_broadband_per_100", "cloud_accounts_per_adult", "adults_smartphone",
    "mobile_download_speed", "sites_count", "dead_spots_open", "register_days_to_fix",
    "register_open_cases_viettel",
]  # fmt: skip


@pytest.mark.parametrize("form", ["", " (defaults)"])
@pytest.mark.parametrize("indicator", EXPLAINED)
def test_explain_in_vietnamese_says_how_the_value_was_computed_in_vietnamese(tour, indicator, form):
    """Definition, numerator, denominator, population base, unit, method, formula and
    sources from the catalogue in Vietnamese; the store's table and column names (the
    rows by table, a column a definition names) stay as identifiers. Without --unit and
    --period (the scorecard's unit, the latest period with a value) as with them."""
    outputs, tables, columns = tour
    output = outputs[f"explain {indicator}{form}"]
    lines = [ln for ln in output.splitlines() if not ln.startswith("Dòng dữ liệu / rows")]
    found = [w for w in untranslated("\n".join(lines), tables) if w not in columns]
    english = {"per", "by", "and", "divided", "median", "tests", "sums", "unit", "method",
               "scope", "map", "count", "population", "subscriptions", "none", "cases"}  # fmt: skip
    for line in lines[1:]:  # the first line is the indicator's name in both languages
        value = line.partition(":")[2] if " / " in line.partition(":")[0] else line
        found += sorted({w for w in WORD.findall(value) if w in english} - columns)
    assert not found, (found, output)
    assert "Công thức / formula: " in output and "Nguồn / sources: " in output
    assert "Cách cộng / aggregation: " in output


def test_the_tours_explain_is_the_one_without_unit_and_period_and_with_a_bare_code(tour):
    """The README's `explain` (--unit 2024:36 --period 2025Q4) is what `explain IND`
    and `explain IND --unit 36` print: the plan's scope, its latest quarter."""
    outputs = tour[0]
    long = outputs[f"explain {EXPLAINED[0]}"]
    assert "(2024:36, " in long and ", 2025Q4" in long
    assert outputs[f"explain {EXPLAINED[0]} (defaults)"] == long
    assert outputs["explain --unit 36"] == long
