"""Every indicator a packaged plan sets a target on has a Vietnamese definition and
Vietnamese sources for the report's appendix: the catalogue's (hatang.po, msgctxt
indicator-text), the texts the CLI's `explain` and the web say too."""

from __future__ import annotations

from hatang import i18n
from hatang.indicators import list_plans, load_catalogue
from hatang.report.data import MAP_INDICATOR


def test_every_target_indicator_has_a_vietnamese_definition_and_sources():
    catalogue = load_catalogue()
    wanted = {t.indicator for p in list_plans().values() for t in p.targets} | {MAP_INDICATOR}
    missing = [
        (i, text)
        for i in sorted(wanted)
        for text in (catalogue[i].definition, *catalogue[i].sources)
        if not i18n.has(f"indicator:{text}") and text != "VNNIC i-Speed"  # a name
    ]
    assert not missing, missing
