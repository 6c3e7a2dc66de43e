"""Click's own error messages (a missing, unknown or wrong option, an extra argument) read
in Vietnamese as well as English, in either language of the CLI, and keep Click's exit
code 2 for a usage error (hatang's own errors exit 1)."""

from __future__ import annotations

import datetime
import enum
import re

import pytest
import typer
from typer.testing import CliRunner

from hatang.cli import app, clickerrors

CASES = [
    (["scorecard", "--nope"], "No such option: --nope", "Không có tùy chọn --nope"),
    (
        ["scorecard", "--wrst", "5"],
        "No such option: --wrst (Possible options: --worst)",
        "Không có tùy chọn --wrst (tùy chọn gần giống: --worst)",
    ),
    (["import"], "Missing argument 'kind'.", "Thiếu đối số 'kind'."),
    (
        ["init", "a", "b", "c"],
        "Got unexpected extra argument(s) (b c)",
        "Thừa đối số (b c)",
    ),
    (
        ["scorecard", "--worst", "abc"],
        "Invalid value for '--worst': Input should be a valid integer, unable to parse "
        "string as an integer",
        "Giá trị không hợp lệ cho '--worst': Cần một số nguyên",
    ),
    (
        ["scorecard", "--worst"],
        "Option '--worst' requires an argument.",
        "Tùy chọn '--worst' cần một giá trị.",
    ),
    (
        ["scorecard", "--wide=3"],
        "Option '--wide' does not take a value.",
        "Tùy chọn '--wide' không nhận giá trị.",
    ),
    (
        ["import", "cells", "/no/such/file.csv"],
        "Invalid value for 'file': file '/no/such/file.csv' does not exist.",
        "Giá trị không hợp lệ cho 'file': tệp '/no/such/file.csv' không tồn tại.",
    ),
    (
        ["scorcard"],
        "No such command 'scorcard'. Did you mean 'scorecard'?",
        "Không có lệnh 'scorcard'. Có phải bạn muốn gõ 'scorecard'?",
    ),
]


def _flat(text: str) -> str:
    """The error panel's text on one line (no borders, no wraps)."""
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(("args", "english", "vietnamese"), CASES)
def test_a_usage_error_reads_in_both_languages(args, english, vietnamese, lang):
    r = CliRunner().invoke(app, args, env={"HATANG_LANG": lang, "COLUMNS": "100"})
    assert r.exit_code == 2
    assert f"{english} / {vietnamese}" in _flat(r.output)


def test_a_message_no_pattern_knows_stays_as_click_wrote_it():
    assert clickerrors.vietnamese("Something new happened.") is None
    assert clickerrors.both("Something new happened.") == "Something new happened."


def test_a_reason_is_translated_inside_its_sentence_but_a_typed_value_is_not():
    assert clickerrors.vietnamese("Invalid value: Value error, 'x' is not one of 'a', 'b'.") == (
        "Giá trị không hợp lệ: 'x' không phải một trong 'a', 'b'."
    )
    # 'file' typed by the user as an extra argument is not the word 'file'
    assert clickerrors.vietnamese("Got unexpected extra argument(s) (file)") == (
        "Thừa đối số (file)"
    )


def test_every_pattern_keeps_its_placeholders():
    for p in clickerrors.patterns():
        assert set(re.findall(r"\{\w+\}", p.english)) >= set(re.findall(r"\{\w+\}", p.vietnamese))
    assert len(clickerrors.patterns()) >= 30


def _small_app() -> typer.Typer:
    """A command with the kinds of options hatang's commands have, in hatang's group."""
    small = typer.Typer(cls=clickerrors.Group)

    @small.command()
    def run(
        kind: Kind = typer.Option(...),
        share: float = 0.5,
        since: datetime.date = datetime.date(2025, 1, 1),
        at: tuple[float, float] = (0.0, 0.0),
    ) -> None:
        pass

    @small.command()
    def other() -> None:
        pass

    return small


class Kind(enum.StrEnum):
    cells = "cells"
    sites = "sites"


SMALL_CASES = [
    (["run"], "Missing option '--kind'. Choose from:", "Thiếu tùy chọn '--kind'. Chọn một trong:"),
    (
        ["run", "--kind", "towers"],
        "Invalid value for '--kind': Value error, 'towers' is not one of 'cells', 'sites'.",
        "Giá trị không hợp lệ cho '--kind': 'towers' không phải một trong 'cells', 'sites'.",
    ),
    (
        ["run", "--kind", "cells", "--share", "half"],
        "Invalid value for '--share': Input should be a valid number, unable to parse string "
        "as a number",
        "Giá trị không hợp lệ cho '--share': Cần một số",
    ),
    (
        ["run", "--kind", "cells", "--at", "1"],
        "Option '--at' requires 2 arguments.",
        "Tùy chọn '--at' cần 2 giá trị.",
    ),
]


@pytest.mark.parametrize(("args", "english", "vietnamese"), SMALL_CASES)
def test_choices_numbers_and_pairs_read_in_both_languages(args, english, vietnamese):
    r = CliRunner().invoke(_small_app(), args, env={"COLUMNS": "200"})
    assert r.exit_code == 2
    out = _flat(r.output)
    assert english in out and vietnamese in out


#: hatang's own checks of an option's value (hatang.cli.options and the commands): the
#: English, then the Vietnamese, as every `Error:` line of the CLI
OWN = [
    (["scorecard", "--format", "xml"], "--format must be", "--format phải là"),
    (["scorecard", "--map", "2023"], "expected 2024 or 2025", "bản đồ phải là 2024 hoặc 2025"),
    (["scorecard", "--period", "2025Q7"], "--period", "kỳ không hợp lệ"),
    (["scorecard", "--worst", "0"], "--worst must be 1 or more", "--worst phải từ 1"),
    (["plan-sites", "--budget", "lots"], "--budget must be an amount", "số tiền (đồng)"),
    (["plan-sites", "--cover", "150%"], "must be a share in (0, 100%]", "phải trong (0, 100%]"),
]


@pytest.mark.parametrize("args,english,vietnamese", OWN)
def test_hatangs_own_option_checks_read_in_both_languages(tmp_path, args, english, vietnamese):
    from hatang.errors import HatangError
    from hatang.testing import fixture_workspace, write_fixture_plan

    ws = fixture_workspace(tmp_path / "ws")
    write_fixture_plan(ws)
    r = CliRunner().invoke(app, [*args, "-w", str(ws.root)], env={"COLUMNS": "300"})
    assert isinstance(r.exception, HatangError), r.output  # main() prints it as `Error: …`
    line = str(r.exception)
    assert english in line and " / " in line and vietnamese in line.split(" / ", 1)[1]


def test_the_format_choice_names_the_choices_in_both_languages():
    from hatang.cli.options import choice
    from hatang.errors import ConfigError

    assert choice("csv", ("table", "csv", "json")) == "csv"
    with pytest.raises(ConfigError) as e:
        choice("xml", ("table", "csv", "json"))
    assert str(e.value) == (
        "--format must be table, csv or json, not 'xml' / "
        "--format phải là table, csv hoặc json, không phải 'xml'"
    )
