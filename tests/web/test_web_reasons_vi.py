"""The hover texts of the scorecard on a Vietnamese page are Vietnamese (headless
Chromium through Playwright, on the fixture province): the reason of each status, the
words of each mark and of each series break, the sparkline's values; the same hover on
the English page keeps the engine's English."""

from __future__ import annotations

import importlib.util
import os
import re

import pytest

from hatang.web.screenshots import CHROMIUM, CHROMIUM_ARGS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is absent"),
    pytest.mark.skipif(importlib.util.find_spec("playwright") is None, reason="no playwright"),
]

#: words of the engine's English reasons that a Vietnamese hover must not show
ENGLISH = re.compile(
    r"\b(meets|misses|straddles|in|of|from|the|deadline|reached|projected|band|interval|"
    r"latest|value|period|periods|responses|tests|needed|partial|people|communes|data|"
    r"unit|only|trend|method|map|reported|estimated|fallback|modelled|series|break)\b"
)
HOVERS = "span.status, sup.mark, td[data-break]"


def _hover_titles(page, url: str) -> list[str]:
    page.goto(url)
    titles = []
    for el in page.locator(HOVERS).all():
        el.hover()
        titles.append(el.get_attribute("title") or "")
    return titles


def test_hover_reasons_are_vietnamese_on_a_vietnamese_page(live_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page()
        for path in ("/", "/commune/N1"):
            vi = _hover_titles(page, f"{live_server.url}{path}?lang=vi")
            en = _hover_titles(page, f"{live_server.url}{path}?lang=en")
            assert len(vi) == len(en) > 5, path
            assert all(vi), (path, vi)  # every status, mark and break explains itself
            english = [t for t in vi if ENGLISH.search(t)]
            assert not english, (path, english)
            assert sum(bool(ENGLISH.search(t)) for t in en) > len(en) // 2, en
            page.goto(f"{live_server.url}{path}?lang=vi")
            sparks = page.locator("svg.spark title").all_text_contents()
            assert sparks and not [s for s in sparks if re.search(r"\d\.\d", s)], sparks
        browser.close()
