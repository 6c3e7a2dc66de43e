"""Every indicator a packaged plan sets a target on has a Vietnamese definition for the
report's appendix (the English one is the catalogue's)."""

from __future__ import annotations

from hatang.indicators import list_plans, load_catalogue
from hatang.report.data import MAP_INDICATOR
from hatang.report.text import DEFINITIONS_VI


def test_every_target_indicator_has_a_vietnamese_definition():
    wanted = {t.indicator for p in list_plans().values() for t in p.targets} | {MAP_INDICATOR}
    assert wanted <= set(DEFINITIONS_VI)
    assert set(DEFINITIONS_VI) <= set(load_catalogue())
