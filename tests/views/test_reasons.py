"""Every reason the engine writes (status, coverage, series break, no data) has a
Vietnamese sentence with the same facts, numbers in the Vietnamese style."""

from __future__ import annotations

import re

import pytest

from hatang.indicators import breaks
from hatang.indicators.engine import NOT_TOLD_APART
from hatang.indicators.plans import Target
from hatang.indicators.scorecards import _missing_reason, coverage_text
from hatang.indicators.status import Reading, assess
from hatang.views.reasons import known, translate

T85 = Target(1, "mobile broadband", "mobile_broadband_per_100", ">=", 85.0, "2025")
T2026 = Target(1, "mobile broadband", "mobile_broadband_per_100", ">=", 85.0, "2026")
SERIES = [("2025Q1", 80.0), ("2025Q2", 82.0), ("2025Q3", 83.5), ("2025Q4", 84.66)]
#: words of the English sentences that a Vietnamese one must not keep
ENGLISH = re.compile(
    r"\b(meets|misses|straddles|in|of|from|the|deadline|reached|projected|band|interval|"
    r"latest|value|period|periods|responses|tests|needed|partial|people|communes|data|"
    r"unit|only|trend|method|map|reported)\b"
)


def _engine_reasons() -> list[str]:
    """One reason of each shape, written by the engine's own functions."""
    ci = Reading("2025Q4", 72.0, ci_low=67.9, ci_high=75.8)
    low = Reading("2025Q4", 71.0, ci_low=68.0, ci_high=74.0)
    t70 = Target(14, "digital platforms", "enterprises_using_platforms", ">=", 70.0, "2025")
    out = [
        assess(T85, [("2025Q4", 86.0)]).reason,  # met
        assess(T85, SERIES).reason,  # missed at the deadline
        assess(t70, [], current=ci, ci_rule="lower-bound").reason,  # the interval clears it
        assess(t70, [], current=low, ci_rule="margin").reason,  # within the margin
        assess(t70, [], current=low, ci_rule="lower-bound").reason,  # does not clear it
        assess(T2026, SERIES, as_of="2025Q4").reason,  # projected, with a band
        assess(T2026, SERIES[-2:], as_of="2025Q4").reason,  # two points, no band
        assess(T2026, SERIES[-1:], as_of="2025Q4").reason,  # one period only
        assess(T85, []).reason,  # no value at all
        assess(T85, [], current=Reading("2025Q2", 16.67, stale=True), as_of="2025Q4").reason,
        assess(
            T85,
            [],
            current=Reading("2025Q4", 84.69, partial="56 of 57 communes (98.2 % of the people)"),
        ).reason,
        assess(
            T85,
            [],
            current=Reading("2025Q4", 100.0, too_few="responses", sample_size=1, min_sample=30),
        ).reason,
        assess(T85, [], current=Reading("2025Q4", 60.0, too_few="tests", sample_size=12)).reason,
        coverage_text(
            {
                "partial": True,
                "units_reporting": 56,
                "units_expected": 57,
                "coverage_level": "commune",
                "coverage_share": 0.982,
            }
        ),
        breaks.reason("median-tests", "ookla-tiles-mean", "commune"),
        breaks.reason("direct", "crosswalk-population-share", "commune"),
        _missing_reason({"province", "district"}, per_commune=True),
        _missing_reason(set(), per_commune=False),
        "no value for 2025Q3",
        "no subscriptions data for this unit in 2025Q4",
        "no survey_responses data for 2025Q4",
        NOT_TOLD_APART,
    ]
    return [r for r in out if r]


@pytest.mark.parametrize("reason", _engine_reasons())
def test_every_engine_reason_reads_in_vietnamese(reason):
    assert known(reason), f"no Vietnamese sentence for: {reason!r}"
    vi = translate(reason, "vi")
    assert vi != reason and not ENGLISH.search(vi), (reason, vi)
    assert translate(reason, "en") == reason


def test_the_facts_and_numbers_are_kept_in_the_vietnamese_style():
    assert translate("deadline 2025 reached: 84.66 in 2025Q4 misses >= 85", "vi") == (
        "đã đến hạn 2025: 84,66 (kỳ 2025Q4) không đạt >= 85"
    )
    assert translate(
        "partial: 56 of 57 communes (98.2 % of the people) in 2025Q4; 84.69 from those", "vi"
    ) == (
        "số liệu chưa đủ: 56/57 xã có số liệu (98,2 % dân số) trong kỳ 2025Q4; 84,69 tính "
        "từ các đơn vị đó"
    )
    assert translate("1 responses in 2025Q4 (at least 30 needed)", "vi") == (
        "1 người trả lời trong kỳ 2025Q4 (cần ít nhất 30)"
    )
    assert translate(
        "projected 1,234.5 by end of 2026 from 4 periods, 95 % band 1,100–1,300 straddles >= 1,200",
        "vi",
    ) == (
        "dự báo 1.234,5 vào cuối 2026 từ 4 kỳ, dải 95 % 1.100–1.300: có thể đạt hoặc không "
        "đạt >= 1.200"
    )


def test_a_sentence_of_unknown_shape_stays_as_it_is():
    assert not known("some new reason") and translate("some new reason", "vi") == "some new reason"


def test_every_reason_template_and_word_has_its_vietnamese_in_the_catalogue():
    """A translator works on the reasons in the .po catalogue (msgctxt reason and
    reason-word), read as Babel reads it; none of their Vietnamese is in the code."""
    import io
    from importlib import resources
    from pathlib import Path

    from babel.messages.pofile import read_po

    from hatang import i18n
    from hatang.views import reasons

    po = resources.files("hatang").joinpath(*i18n.CATALOGUE).read_bytes()
    catalog = read_po(io.BytesIO(po), locale="vi")
    found = {(m.context, m.id): m.string for m in catalog if m.context in ("reason", "reason-word")}
    wanted = [("reason", t) for t in reasons.TEMPLATES] + [
        ("reason-word", w) for w in reasons.WORDS
    ]
    missing = [k for k in wanted if not found.get(k)]
    assert not missing, f"add to {'/'.join(i18n.CATALOGUE)}: {missing}"
    assert len(reasons.TEMPLATES) >= 20 and len(reasons.WORDS) >= 15
    assert set(found) == set(wanted), "catalogued reasons no rule uses"
    for (_, english), vietnamese in found.items():
        assert set(re.findall(r"\{\w+\}", english)) == set(re.findall(r"\{\w+\}", vietnamese))
    source = Path(reasons.__file__).read_text(encoding="utf-8")
    assert not re.search(r"[à-ỹđĐ]", source), "Vietnamese text in hatang/views/reasons.py"


def test_a_template_the_catalogue_lacks_is_said_in_english():
    from hatang.views.reasons import say

    assert say("a new {what}", what="sentence") == "a new sentence"
