"""`hatang explain`'s words in the reader's language (hatang.views.explanation): every
indicator's catalogue texts have their Vietnamese in hatang.po, the formula's English
sentences reproduce the engine's `formula` on the demo's values, and the Vietnamese
formula keeps no English word."""

from __future__ import annotations

import re

import pytest

from hatang import i18n
from hatang.indicators.catalogue import load_catalogue
from hatang.views import explanation

#: English words of the engine's formula sentences
ENGLISH = {"median", "of", "cases", "speed", "tests", "over", "sums", "every", "unit",
           "below", "ratio", "census", "interval", "respondents", "no", "value", "unreliable",
           "too", "few", "tile", "mean", "with", "sampling"}  # fmt: skip


def _texts(ind) -> list[str]:
    return [ind.definition, ind.numerator, ind.denominator, *ind.sources]


def test_every_indicator_text_has_its_vietnamese():
    """Each entry's texts are in hatang.po; an operator's variant reads its entry's."""
    missing = [
        (ind.id, s) for ind in load_catalogue().values() for s in _texts(ind)
        if not i18n.has(f"indicator:{s}") and explanation.text(s, "vi") == s
    ]  # fmt: skip
    assert not missing, missing


def test_an_operators_variant_reads_its_vietnamese_with_the_operators_name():
    ind = load_catalogue()["register_open_cases_viettel"]
    said = [explanation.text(s, "vi") for s in (ind.definition, ind.numerator)]
    assert said[0].endswith("Chỉ các hồ sơ giao cho Viettel (vào cuối kỳ)."), said
    assert said[1].endswith(", trong các hồ sơ giao cho Viettel"), said
    assert [explanation.text(s, "en") for s in (ind.definition, ind.numerator)] == [
        ind.definition,
        ind.numerator,
    ]


def test_an_indicator_text_reads_in_the_language_asked():
    ind = load_catalogue()["mobile_broadband_per_100"]
    assert explanation.text(ind.definition, "en") == ind.definition
    assert explanation.text(ind.definition, "vi").startswith("Số thuê bao băng rộng di động")
    assert explanation.text("not catalogued", "vi") == "not catalogued"
    assert explanation.method("survey-weighted; crosswalk-population-share", "en") == (
        "survey-weighted; crosswalk-population-share"
    )
    assert explanation.method("survey-weighted; crosswalk-population-share", "vi") == (
        "khảo sát có trọng số; chuyển đổi theo tỷ lệ dân số"
    )


@pytest.fixture(scope="module")
def explained(demo_workspace, tmp_path_factory):
    """`explain` of a value and of a missing value of every indicator and method, on a
    computed copy of the demo."""
    import shutil

    from hatang.indicators import compute_workspace, explain
    from hatang.store import Workspace

    root = tmp_path_factory.mktemp("explain") / "ws"
    shutil.copytree(demo_workspace.root, root, ignore=shutil.ignore_patterns(".hatang.lock*"))
    ws = Workspace.open(root)
    compute_workspace(ws)
    with ws.connect() as con:
        rows = con.execute(
            """SELECT indicator, unit_code, period, map, value IS NULL AS empty
               FROM indicator_values
               QUALIFY row_number() OVER (
                   PARTITION BY indicator, value IS NULL, method ORDER BY unit_code, period
               ) = 1"""
        ).fetchall()
    return [explain(ws, i, unit=u, period=p, map=m) for i, u, p, m, _ in rows]


def test_the_english_formula_is_the_engines(explained):
    assert len({e["indicator"] for e in explained}) >= 30
    assert any(e["value"] is None for e in explained)
    differ = [
        (e["indicator"], e["formula"], explanation.formula(e, "en"))
        for e in explained
        if explanation.formula(e, "en") != e["formula"]
    ]
    assert not differ, differ


def test_the_vietnamese_formula_has_no_english_word(explained):
    bad = {}
    for e in explained:
        said = explanation.formula(e, "vi")
        words = {w.lower() for w in re.findall(r"[A-Za-z]+", said)} & ENGLISH
        if words or said == e["formula"] and e["value"] is not None:
            bad[e["indicator"], e["method"]] = (said, sorted(words))
    assert not bad, bad


def test_a_vietnamese_formula_writes_its_figures_with_a_decimal_comma():
    e = {
        "indicator": "mobile_broadband_per_100", "value": 84.6571, "method": "direct",
        "numerator": {"value": 1915699.0}, "denominator": {"value": 2262891.0},
    }  # fmt: skip
    assert explanation.formula(e, "vi").startswith("1.915.699 / 2.262.891 × 100 = 84,6571")
    assert explanation.formula(e, "en").startswith("1,915,699 / 2,262,891 × 100 = 84.6571")
