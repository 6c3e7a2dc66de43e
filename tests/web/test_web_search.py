"""The search box (/search?q=) and a village's page (/village/{code}) on the fixture
province: names found accents and case ignored, on either map; the village's answer."""

from __future__ import annotations

import importlib.util
import os
import re

import pandas as pd
import pytest

from hatang.views import place
from hatang.web.screenshots import CHROMIUM, CHROMIUM_ARGS


def _text(html: str) -> str:
    body = html.split("<main>", 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


UNITS = pd.DataFrame(
    {
        "map": ["2025", "2025", "2025", "2024"],
        "code": ["P", "X1", "V1", "V1"],
        "name": ["Tỉnh Nam Định", "Xã Xuân Trường", "Thôn Xuân Trường Hạ", "Thôn Xuân Trường Hạ"],
        "level": ["province", "commune", "village", "village"],
        "parent_code": [None, "P", "X1", "C9"],
    }
)


def test_matches_fold_accents_case_and_the_unit_type():
    found = place.matches(UNITS, "xuan truong")
    assert list(found["code"]) == ["X1", "V1", "V1"]  # exact name (without "Xã") first
    assert list(found["parent_name"]) == ["Tỉnh Nam Định", "Xã Xuân Trường", ""]
    assert list(place.matches(UNITS, "XUÂN TRƯỜNG HẠ", "2024")["map"]) == ["2024"]
    assert place.matches(UNITS, "nam dinh").empty  # provinces are not searched
    assert place.matches(UNITS, "   ").empty


def test_search_lists_matches_on_both_maps(client):
    r = client.get("/search", params={"q": "thon mot", "lang": "en"})
    assert r.status_code == 200
    text = _text(r.text)
    assert "Thôn Một village Phường Mới 2025 Thôn Một village Xã Một 2024" in text
    assert 'href="/village/V1?map=2025"' in r.text
    r = client.get("/search", params={"q": "XA MOI", "map": "2025", "lang": "en"})
    assert 'href="/commune/N2"' in r.text
    assert "Xã Mới commune / ward Tỉnh Hai 2025" in _text(r.text)
    assert "No village or commune" in client.get("/search?q=zzzz&lang=en").text


def test_every_page_has_the_search_box(client):
    for path in ("/", "/map", "/dead-spots", "/data", "/commune/N1", "/village/V5"):
        assert 'action="/search"' in client.get(path).text, path


def test_village_page_answers_is_my_village_covered(client):
    r = client.get("/village/V5", params={"map": "2025", "lang": "en"})
    assert r.status_code == 200
    text = _text(r.text)
    # the fixture's current run: N2 has 90 of 150 people covered, 0 of 1 villages
    assert "60% people of the commune covered by the model" in text
    assert "90 (60%)" in text and "0 / 1 (0%)" in text
    # V5's service report (2025Q4): 10 fibre households of 35
    assert "10 / 35 (28.6%)" in text
    # open cases: the register's C00001 and the reported dead spot DS2
    assert "Open dead-spot cases in the village: 2" in text
    assert "C00001" in text and "DS2" in text
    assert client.get("/village/V5?lang=vi").text.count("Thôn có sóng không?") == 1
    assert client.get("/village/nope").status_code == 404


@pytest.mark.browser
@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is absent")
@pytest.mark.skipif(importlib.util.find_spec("playwright") is None, reason="no playwright")
def test_search_box_in_a_phone_browser(live_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 390, "height": 844})
            page.goto(f"{live_server.url}/dead-spots?lang=en")
            page.fill('[data-testid="search-box"] input', "thon nam")
            page.press('[data-testid="search-box"] input', "Enter")
            page.wait_for_selector('[data-testid="search-results"]')
            page.click('[data-testid="search-results"] a >> text="Thôn Năm" >> nth=0')
            page.wait_for_selector('[data-testid="answer"]')
            assert "/village/V5?map=2025" in page.url
            assert "60%" in page.inner_text('[data-testid="answer"]')
            assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
        finally:
            browser.close()
