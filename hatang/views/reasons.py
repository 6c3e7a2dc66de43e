"""The reasons behind a status, a mark and a series break, in the reader's language.

The engine states every reason in English from the same few sentences
(`hatang.indicators.status`, `breaks`, `engine`, `scorecards.coverage_text`); the JSON
and CSV keep those words. A page or table in Vietnamese says the same facts in
Vietnamese: each sentence shape below is matched and rewritten with its numbers in the
Vietnamese style (1,234.5 → 1.234,5); periods and table names stay as they are. A
sentence of no known shape is shown as it is (tests/views/test_reasons.py fails on the
shapes the engine writes).
"""

from __future__ import annotations

import re
from collections.abc import Callable

NUM = r"-?[\d,]+(?:\.\d+)?"
GOAL = rf"(?:>=|<=|==|>|<) {NUM}"
PERIOD = r"\d{4}(?:Q[1-4])?"
LEVELS = {"commune": "xã", "district": "huyện", "village": "thôn", "province": "tỉnh"}
SIDES = {"re-expressed from the other map": "quy đổi từ bản đồ kia", "reported": "báo cáo"}
VERDICTS = {"meets": "đạt", "misses": "không đạt", "straddles": "có thể đạt hoặc không đạt"}
SAMPLES = {"responses": "người trả lời", "tests": "phép đo"}
#: what a value measures (`breaks.source`: the method without its boundary part)
METHODS = {
    "count": "đếm",
    "direct": "đếm trực tiếp",
    "median-tests": "trung vị các phép đo",
    "ookla-tiles-mean": "trung bình các ô Ookla theo số phép đo",
    "survey-weighted": "ước tính từ khảo sát có trọng số",
    "median-of-cases": "trung vị các trường hợp",
}


def _methods(text: str) -> str:
    return "; ".join(METHODS.get(p.strip(), p.strip()) for p in text.split(";"))


def vi_number(text: str) -> str:
    """'1,234.5' → '1.234,5' in every number of `text` (years and periods unchanged)."""
    return re.sub(NUM, lambda m: m.group(0).translate(str.maketrans(",.", ".,")), text)


Rule = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]


def _rule(pattern: str, render: Callable[[re.Match[str]], str]) -> Rule:
    return re.compile(f"^{pattern}$"), render


def _said(m: re.Match[str]) -> str:
    return f"{vi_number(m['v'])} (kỳ {m['p']}) đạt {vi_number(m['goal'])}"


def _ci(m: re.Match[str]) -> str:
    return f"khoảng tin cậy 95 % {vi_number(m['a'])}–{vi_number(m['b'])}"


SAID = rf"(?P<v>{NUM}) in (?P<p>{PERIOD}) meets (?P<goal>{GOAL})"
CI = rf"95 % interval (?P<a>{NUM})–(?P<b>{NUM})"
PROJ = rf"projected (?P<v>{NUM}) by end of (?P<d>{PERIOD}) from (?P<n>\d+) periods"
COVER = rf"(?P<n>[\d,]+) of (?P<m>[\d,]+) (?P<lvl>\w+)s(?: \((?P<s>{NUM}) % of the people\))?"

RULES: tuple[Rule, ...] = (
    _rule(SAID, _said),
    _rule(rf"{SAID} \({CI} clears it\)", lambda m: f"{_said(m)} ({_ci(m)} cũng đạt)"),
    _rule(
        rf"{SAID}, within the margin of error \({CI}\)",
        lambda m: f"{_said(m)}, trong biên sai số ({_ci(m)})",
    ),
    _rule(
        rf"{SAID} but the {CI} does not clear it",
        lambda m: f"{_said(m)} nhưng {_ci(m)} chưa đạt",
    ),
    _rule(
        rf"(?P<v>{NUM}) in (?P<p>{PERIOD}) misses (?P<goal>{GOAL})",
        lambda m: f"{vi_number(m['v'])} (kỳ {m['p']}) không đạt {vi_number(m['goal'])}",
    ),
    _rule(
        rf"deadline (?P<d>{PERIOD}) reached: (?P<rest>.+)",
        lambda m: f"đã đến hạn {m['d']}: {translate(m['rest'], 'vi')}",
    ),
    _rule(
        rf"latest value (?P<v>{NUM}) is from (?P<p>{PERIOD}), not (?P<q>{PERIOD})"
        r"(?: \((?P<why>.+)\))?",
        lambda m: (
            f"giá trị mới nhất {vi_number(m['v'])} là của kỳ {m['p']}, chưa có số liệu "
            f"kỳ {m['q']}" + (f" ({translate(m['why'], 'vi')})" if m["why"] else "")
        ),
    ),
    _rule(
        rf"partial: (?P<cover>.+) in (?P<p>{PERIOD}); (?P<v>{NUM}) from those",
        lambda m: (
            f"số liệu chưa đủ: {translate(m['cover'], 'vi')} trong kỳ {m['p']}; "
            f"{vi_number(m['v'])} tính từ các đơn vị đó"
        ),
    ),
    _rule(
        COVER,
        lambda m: (
            f"{vi_number(m['n'])}/{vi_number(m['m'])} {LEVELS.get(m['lvl'], m['lvl'])} "
            "có số liệu" + (f" ({vi_number(m['s'])} % dân số)" if m["s"] else "")
        ),
    ),
    _rule(
        rf"(?P<n>[\d,]+|—) (?P<kind>responses|tests) in (?P<p>{PERIOD})"
        r"(?: \(at least (?P<least>[\d,]+) needed\))?",
        lambda m: (
            f"{vi_number(m['n'])} {SAMPLES[m['kind']]} trong kỳ {m['p']}"
            + (f" (cần ít nhất {vi_number(m['least'])})" if m["least"] else "")
        ),
    ),
    _rule(
        rf"only one period with a value \((?P<p>{PERIOD}): (?P<v>{NUM})\) — no trend to project",
        lambda m: (
            f"chỉ một kỳ có giá trị ({m['p']}: {vi_number(m['v'])}) — chưa đủ để dự báo xu hướng"
        ),
    ),
    _rule(
        rf"{PROJ} \(2 points, no uncertainty band\) (?P<verdict>meets|misses) (?P<goal>{GOAL})",
        lambda m: (
            f"dự báo {vi_number(m['v'])} vào cuối {m['d']} từ {m['n']} kỳ (2 điểm, "
            f"không có dải bất định): {VERDICTS[m['verdict']]} {vi_number(m['goal'])}"
        ),
    ),
    _rule(
        rf"{PROJ}, 95 % band (?P<a>{NUM})–(?P<b>{NUM}) (?P<verdict>meets|misses|straddles) "
        rf"(?P<goal>{GOAL})",
        lambda m: (
            f"dự báo {vi_number(m['v'])} vào cuối {m['d']} từ {m['n']} kỳ, dải 95 % "
            f"{vi_number(m['a'])}–{vi_number(m['b'])}: {VERDICTS[m['verdict']]} "
            f"{vi_number(m['goal'])}"
        ),
    ),
    _rule(r"no value in any period", lambda m: "không có giá trị ở kỳ nào"),
    _rule(rf"no value for (?P<p>{PERIOD})", lambda m: f"không có giá trị cho kỳ {m['p']}"),
    _rule(
        rf"no (?P<t>\w+) data for this unit in (?P<p>{PERIOD})",
        lambda m: f"không có số liệu {m['t']} của đơn vị này trong kỳ {m['p']}",
    ),
    _rule(
        rf"no (?P<t>\w+) data for (?P<p>{PERIOD})",
        lambda m: f"không có số liệu {m['t']} cho kỳ {m['p']}",
    ),
    _rule(
        r"not computed per commune: this indicator has values at (?P<lvl>.+) level only",
        lambda m: (
            "không tính theo xã: chỉ tiêu này chỉ có giá trị ở cấp "
            + ", ".join(LEVELS.get(x.strip(), x.strip()) for x in m["lvl"].split(","))
        ),
    ),
    _rule(
        r"no values computed for this unit \(run `hatang compute`\)",
        lambda m: "chưa tính giá trị cho đơn vị này (chạy `hatang compute`)",
    ),
    _rule(
        r"method (?P<a>.+) → (?P<b>.+)",
        lambda m: f"đổi phương pháp: {_methods(m['a'])} → {_methods(m['b'])}",
    ),
    _rule(
        r"map change: (?P<a>.+) → (?P<b>.+)",
        lambda m: (
            f"đổi bản đồ hành chính: {SIDES.get(m['a'], m['a'])} → {SIDES.get(m['b'], m['b'])}"
        ),
    ),
)


def translate(reason: str, lang: str) -> str:
    """`reason` (the engine's English) in `lang`; unchanged in English or when its shape
    is unknown."""
    if lang == "en" or not reason:
        return reason
    for pattern, render in RULES:
        m = pattern.match(reason)
        if m:
            return render(m)
    return reason


def known(reason: str) -> bool:
    """Whether `reason` has a shape this module writes in Vietnamese."""
    return any(p.match(reason) for p, _ in RULES)
