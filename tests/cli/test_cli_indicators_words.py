"""How an indicator rolls up (its `aggregation`) reads in words in both languages: the
catalogue's table (`hatang indicators --wide`) and `hatang explain`; `--json` keeps the code."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from hatang import i18n
from hatang.cli import app
from hatang.indicators.catalogue import AGGREGATIONS, load_catalogue


def test_every_aggregation_has_words_in_both_languages():
    for code in AGGREGATIONS:
        vi, en = (i18n.label("val_aggregation_", code, lang) for lang in ("vi", "en"))
        assert code not in (vi, en) and vi != en, code


def test_the_catalogue_table_says_each_aggregation_in_both_languages():
    result = CliRunner().invoke(app, ["indicators", "--wide"], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    used = {i.aggregation for i in load_catalogue().values()}
    assert {"ratio-of-sums", "median-of-cases"} <= used
    for code in used:
        for lang in ("vi", "en"):
            assert i18n.t(f"val_aggregation_{code}", lang) in result.output, (code, lang)
    assert "ratio-of-sums" not in result.output and "median-of-cases" not in result.output
    doc = json.loads(CliRunner().invoke(app, ["indicators", "--json"]).output)
    assert {d["aggregation"] for d in doc} == used
