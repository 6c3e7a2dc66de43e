"""How `hatang import` reports an import in the terminal."""

from __future__ import annotations

from typing import Any

from hatang.cli.output import console, lang
from hatang.io.reasons import line as problem_line

#: problems listed in the terminal (all of them are in the quarantine file)
SHOWN = 50


def print_report(report: Any) -> None:
    out = console()
    line = {"markup": False, "highlight": False, "soft_wrap": True}
    out.print(report.summary(), **line)
    for note in report.notes:
        out.print(f"  note / ghi chú: {note}", **line)
    said = lang()  # each reason in the reader's language (English: the line as written)
    for p in report.problems[:SHOWN]:
        out.print(f"  {problem_line(p, said)}", **line)
    if len(report.problems) > SHOWN:
        out.print(
            f"  ... {len(report.problems) - SHOWN} more problems in {report.quarantine_file} "
            f"/ còn {len(report.problems) - SHOWN} lỗi nữa trong {report.quarantine_file}",
            markup=False,
        )
