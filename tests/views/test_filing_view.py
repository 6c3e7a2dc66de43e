"""A filing's page in words (hatang.views.submissions): the kind of data, the figures it
moves with a signed change (a minus sign, not a hyphen), why one is flagged, and an
importer's 'English / Vietnamese' reason in the page's language."""

from __future__ import annotations

import pytest

from hatang.views import submissions as views

REPORT = {
    "flags": [
        {
            "figure": "sites",
            "before": 1200.0,
            "after": 1020.0,
            "share": -0.15,
            "flag": "sites fall by more than 10% / số sites giảm hơn 10 %",
        }
    ],
    "moves": [
        {"figure": "subscriptions ftth", "before": 0.0, "after": 5.0, "share": None, "flag": ""},
        {"figure": "cells 4G", "before": 40.0, "after": 44.0, "share": 0.1, "flag": ""},
    ],
}


@pytest.mark.parametrize(
    "lang,expected",
    [
        (
            "vi",
            [
                ("trạm BTS", "1.200", "1.020", "\u221215 %", "số trạm BTS giảm hơn 10 %"),
                ("thuê bao cáp quang đến nhà (FTTH)", "0", "5", "—", ""),
                ("cell 4G", "40", "44", "+10 %", ""),
            ],
        ),
        (
            "en",
            [
                ("BTS sites", "1,200", "1,020", "\u221215%", "BTS sites fall by more than 10%"),
                ("fibre to the home (FTTH) subscriptions", "0", "5", "—", ""),
                ("4G cells", "40", "44", "+10%", ""),
            ],
        ),
    ],
)
def test_the_figures_a_filing_moves_in_words_with_a_minus_sign(lang, expected):
    rows = views.move_rows(REPORT, lang)
    assert [tuple(r.values()) for r in rows] == expected
    assert not any("-" in r["share"] for r in rows)


def test_kinds_and_reasons_in_one_language():
    assert views.kind_label("subscriptions", "vi") == "thuê bao"
    assert views.kind_label("village-services", "en") == "village services"
    assert views.figure_label("services rows", "vi") == "dịch vụ công trực tuyến: số dòng"
    reason = "not a row of Viettel / dòng không thuộc Viettel"
    assert views.one_language(reason, "vi") == "dòng không thuộc Viettel"
    assert views.one_language(reason, "en") == "not a row of Viettel"
    assert views.one_language("only English", "vi") == "only English"
    assert views.problem_type("type-error", "vi") == "sai kiểu dữ liệu"


def test_every_kind_a_filer_may_owe_has_words():
    from hatang import i18n
    from hatang.io.registry import IMPORTERS

    assert not [k for k in IMPORTERS if not i18n.has(f"sub_kind_{k}")]
