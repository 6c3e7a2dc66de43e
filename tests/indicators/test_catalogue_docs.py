"""The catalogue is data: every entry names a registered function and is documented."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from hatang.errors import ConfigError
from hatang.indicators import load_catalogue
from hatang.indicators.catalogue import parse_catalogue
from hatang.indicators.functions import FUNCTIONS
from hatang.indicators.plans import list_plans

DOCS = Path(__file__).parents[2] / "docs" / "indicators.md"


def test_every_entry_names_a_registered_function_with_its_params():
    for ind in load_catalogue().values():
        fn = FUNCTIONS[ind.function]
        inspect.signature(fn).bind(None, **ind.params)


def test_every_indicator_and_function_is_documented():
    text = DOCS.read_text(encoding="utf-8")
    for ind in load_catalogue().values():
        assert f"`{ind.id}`" in text, ind.id
    for name in FUNCTIONS:
        assert f"`{name}`" in text, name


def test_every_plan_target_is_computable():
    cat = load_catalogue()
    for plan in list_plans().values():
        for t in plan.targets:
            assert t.indicator in cat


def test_catalogue_rejects_unknown_function():
    entry = {k: "x" for k in ("id", "name_vi", "name_en", "definition", "numerator", "denominator")}
    entry.update(
        unit="%",
        aggregation="ratio-of-sums",
        scale=100,
        higher_is_better=True,
        function="nope",
        tables=["subscriptions"],
        sources=["s"],
    )
    with pytest.raises(ConfigError, match="function 'nope' is not registered"):
        parse_catalogue({"indicator": [entry]})


def test_core_imports_no_io():
    """The engine core (boundaries, functions, engine, status) speaks no SQL and opens no files."""
    core = ["boundaries.py", "functions.py", "engine.py", "status.py", "geo.py"]
    folder = Path(__file__).parents[2] / "hatang" / "indicators"
    for name in core:
        tree = ast.parse((folder / name).read_text(encoding="utf-8"))
        mods = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
            a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
        }
        assert not any(m and (m.startswith("hatang.store") or m == "duckdb") for m in mods), name


def test_the_sample_rules_table_follows_the_catalogue():
    """docs/indicators.md's table of minimum samples and interval rules is the catalogue's."""
    text = DOCS.read_text(encoding="utf-8")
    for ind in load_catalogue().values():
        if not (ind.min_sample or ind.design == "census"):
            assert f"| `{ind.id}` |" not in text, ind.id
            continue
        line = next(x for x in text.splitlines() if x.startswith(f"| `{ind.id}` |"))
        word = "responses" if ind.aggregation == "survey" else "tests"
        least = f"{ind.min_sample} {word}" if ind.min_sample else "none"
        assert line.split("|")[2].strip() == least, ind.id
        assert ("census" in line) == (ind.design == "census"), ind.id
        assert (f"`{ind.ci_rule}`" in line) == (ind.ci_rule != "none"), ind.id
