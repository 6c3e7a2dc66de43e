"""A register step's changes and its from → to in words (hatang.views.register_changes):
field labels from the catalogue, people as people, dates as dates, states, actions and
reason codes translated — never 'people_affected = 552.0'."""

from __future__ import annotations

import json

import pytest

from hatang import i18n
from hatang.register.cases import SETTABLE
from hatang.views import format as fmt
from hatang.views import register_changes as changed
from hatang.views.values import Value


def _text(messages, lang: str) -> str:
    return fmt.text(Value(None, "text", text=messages), lang)


STEP = json.dumps(
    {
        "people_affected": 1552.0,
        "decision": "upheld",
        "decided_on": "2025-10-20",
        "planned_action": "new-site",
        "geometry": "POLYGON ((0 0, 1 0, 1 1, 0 0))",
    }
)


@pytest.mark.parametrize(
    "lang,expected",
    [
        (
            "vi",
            "ngày quyết định: 2025-10-20 · quyết định: giữ nguyên yêu cầu · người bị ảnh hưởng: "
            "1.552 người · biện pháp: xây trạm mới",
        ),
        (
            "en",
            "decided on: 2025-10-20 · decision: upheld · people affected: 1,552 people · "
            "action: new site",
        ),
    ],
)
def test_a_steps_changes_read_as_words_in_both_languages(lang, expected):
    assert _text(changed.changes(STEP, "uphold"), lang) == expected


def test_an_opening_shows_its_source_village_and_people_only():
    opening = json.dumps(
        {"source": "citizen", "village_code": "V5", "people_affected": 120.0, "lon": 106.2}
    )
    assert _text(changed.changes(opening, "open"), "vi") == (
        "người bị ảnh hưởng: 120 người · nguồn: người dân · thôn: V5"
    )
    assert _text(changed.changes(None, "comment"), "vi") == ""


def test_from_to_reads_the_states_in_words():
    assert fmt.message(changed.move(None, "reported"), "vi") == "∅ → đã tiếp nhận"
    assert fmt.message(changed.move("assigned", "disputed"), "en") == "assigned → disputed"
    assert fmt.message(changed.move("assigned", "disputed"), "vi") == (
        "đã giao nhà mạng → nhà mạng phản đối"
    )


def test_every_field_a_step_may_set_has_a_label_in_both_languages():
    labels = {f: changed.FIELDS.get(f, (f"reg_field_{f}",))[0] for f in SETTABLE}
    unlabelled = sorted(f for f, key in labels.items() if not i18n.has(key))
    assert not unlabelled
    assert i18n.t(labels["people_affected"], "vi") == "người bị ảnh hưởng"
