"""`?province=CODE` on the commune, village, search, scenarios and reports pages of a
national workspace: each shows only that province's places and rows, says so in its
title and header, and keeps the province on its links — over HTTP and in Chromium."""

from __future__ import annotations

import importlib.util
import os
import re
import warnings
from collections.abc import Iterator

import pandas as pd
import pytest

from hatang.store import Workspace
from hatang.web.screenshots import CHROMIUM, CHROMIUM_ARGS

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's note at import that it prefers httpx2
    from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def client(country: Workspace) -> Iterator[TestClient]:
    from hatang.web import create_app

    with TestClient(create_app(country)) as c:
        yield c


@pytest.fixture(scope="module")
def units(country: Workspace) -> pd.DataFrame:
    with country.connect(read_only=True) as con:
        u = con.execute("SELECT map, code, name, level, parent_code FROM units").df()
    return u.assign(map=u["map"].astype(str))


def _commune_with_villages(units: pd.DataFrame, province: str) -> tuple[str, str]:
    """(commune code, one of its village codes) of a 2025 commune of `province`."""
    new = units[units["map"] == "2025"]
    communes = set(new[(new["level"] == "commune") & (new["parent_code"] == province)]["code"])
    v = new[(new["level"] == "village") & new["parent_code"].isin(communes)].iloc[0]
    return str(v["parent_code"]), str(v["code"])


def _title(html: str) -> str:
    return re.search(r"<title>([^<]*)</title>", html).group(1)


def _hrefs(html: str, prefix: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(rf'href="({prefix}[^"]*)"', html)]


def test_a_commune_page_is_its_province_s_and_its_links_keep_it(client, units) -> None:
    commune, _ = _commune_with_villages(units, "12")
    page = client.get(f"/commune/{commune}?province=12&lang=en")
    assert page.status_code == 200
    assert _title(page.text).endswith("Tỉnh Lai Châu")  # the title says the province
    assert 'data-testid="province-note"' in page.text
    assert all("province=12" in h for h in _hrefs(page.text, "/village/"))
    assert 'href="/scenarios?province=12"' in page.text
    assert 'href="/reports?province=12"' in page.text
    assert 'name="province" value="12"' in page.text  # the header's search box keeps it
    # scored against Lai Châu's own targets (70), not the national plan's (85)
    row = page.text.split('data-indicator="mobile_broadband_per_100"', 1)[1].split("</tr>")[0]
    assert "&gt;= 70" in row
    other = client.get(f"/commune/{commune}?province=51")
    assert other.status_code == 404 and "Quảng Ngãi" in other.text
    assert client.get(f"/commune/{commune}").status_code == 200  # the whole country: every one


def test_a_village_page_is_its_province_s(client, units) -> None:
    commune, village = _commune_with_villages(units, "51")
    page = client.get(f"/village/{village}?province=51&map=2025")
    assert page.status_code == 200 and _title(page.text).endswith("Tỉnh Quảng Ngãi")
    assert f'href="/commune/{commune}?province=51"' in page.text
    assert client.get(f"/village/{village}?province=12&map=2025").status_code == 404


def _found(html: str) -> list[str]:
    body = html.split('data-testid="search-results"', 1)[1]
    return _hrefs(body, "/(?:commune|village)/")


def _codes(html: str) -> set[str]:
    if 'data-testid="search-results"' not in html:
        return set()
    return {re.match(r"/(?:commune|village)/([^?]+)", h).group(1) for h in _found(html)}


def _shared_word(units: pd.DataFrame) -> str:
    """A word of 2025 commune names of at least two of the three provinces, found fewer
    than 50 times in the country (the search shows 50 answers at most)."""
    from hatang.views.place import matches

    new = units[(units["map"] == "2025") & (units["level"] == "commune")]
    ours = new[new["parent_code"].isin(["11", "12", "51"])]
    for word in sorted({w for n in ours["name"] for w in str(n).split()[1:] if len(w) > 2}):
        found = matches(units, word, "2025", limit=1000)
        parents = set(new[new["code"].isin(found["code"])]["parent_code"])
        if len(found) < 50 and len(parents & {"11", "12", "51"}) >= 2:
            return word
    raise AssertionError("no shared word")


def test_search_finds_only_the_province_s_places(client, units) -> None:
    """A word of commune names in two of the three provinces: each finds its own."""
    shared = _shared_word(units)
    new = units[(units["map"] == "2025") & (units["level"] == "commune")]
    everywhere = _codes(client.get(f"/search?q={shared}&map=2025").text)
    villages = units[(units["map"] == "2025") & (units["level"] == "village")]
    held = 0
    for p in ("11", "12", "51"):
        communes = set(new[new["parent_code"] == p]["code"])
        own = communes | set(villages[villages["parent_code"].isin(communes)]["code"])
        page = client.get(f"/search?q={shared}&map=2025&province={p}")
        assert page.status_code == 200 and _title(page.text).endswith(_province_name(units, p))
        assert _codes(page.text) == everywhere & own  # exactly the country's answers in p
        assert f'name="province" value="{p}"' in page.text  # the forms keep it
        if _codes(page.text):
            held += 1
            assert all(h.endswith(f"province={p}") for h in _found(page.text))
    assert held >= 2


def _province_name(units: pd.DataFrame, code: str) -> str:
    p = units[(units["map"] == "2025") & (units["code"] == code)]
    return str(p["name"].iloc[0])


@pytest.fixture(scope="module")
def planned(country: Workspace) -> dict[str, str]:
    """Two scenarios, one planned for Lai Châu and one for Quảng Ngãi."""
    from hatang.planning.scenario import plan_sites

    names = {"12": "pages-lc", "51": "pages-qn"}
    for p, name in names.items():
        plan_sites(country, name=name, province=p, budget=3e9)
    return names


def _scenarios(html: str) -> list[str]:
    return re.findall(r'<tr data-scenario="([^"]+)">', html)


def test_the_scenarios_of_a_province_are_those_planned_for_it(client, planned) -> None:
    every = _scenarios(client.get("/scenarios").text)
    assert set(planned.values()) <= set(every)
    page = client.get("/scenarios?province=12")
    assert page.status_code == 200 and "Tỉnh Lai Châu" in _title(page.text)
    assert "pages-lc" in _scenarios(page.text) and "pages-qn" not in _scenarios(page.text)
    assert 'href="/scenario/pages-lc?province=12"' in page.text
    both = client.get("/scenarios?province=12&compare=pages-lc,pages-qn")
    assert both.status_code == 404  # the other province's scenario is not there
    one = client.get("/scenario/pages-lc?province=12")
    assert one.status_code == 200 and 'href="/scenarios?province=12"' in one.text
    assert 'href="/scenario/pages-lc?province=12&amp;format=csv"' in one.text
    assert client.get("/scenario/pages-qn?province=12").status_code == 404
    assert client.get("/scenario/pages-qn?province=51").status_code == 200
    csv = client.get("/scenario/pages-lc?province=12&format=csv")
    assert csv.status_code == 200 and csv.text == client.get("/scenario/pages-lc?format=csv").text


def test_the_reports_of_a_province_are_its_plan_s(client, country) -> None:
    page = client.get("/reports?province=12&lang=en")
    assert page.status_code == 200 and _title(page.text).endswith("Tỉnh Lai Châu")
    files = _hrefs(page.text, "/reports/")
    assert files, "no report listed for Lai Châu"
    assert all("-p12-" in f and f.endswith("province=12") for f in files)
    assert 'href="/reports?province=12&amp;map=2024"' in page.text
    docx = next(f for f in files if ".docx" in f and "tom-tat" not in f)
    name = docx.split("?")[0].rsplit("/", 1)[1]
    assert re.fullmatch(r"bao-cao-vn-example-2025-p12-\d{4}Q[1-4]-en\.docx", name)
    got = client.get(docx)
    assert got.status_code == 200 and name in got.headers["content-disposition"]
    assert client.get(docx.replace("province=12", "province=51")).status_code == 404
    assert client.get(docx.split("?")[0]).status_code == 404  # without the province


browser = pytest.mark.skipif(
    not os.path.exists(CHROMIUM) or importlib.util.find_spec("playwright") is None,
    reason=f"{CHROMIUM} or playwright is absent",
)


@pytest.mark.browser
@browser
def test_a_province_user_walks_search_village_commune_in_a_browser(country, units) -> None:
    """From a province's overview: the header's search box, a village found, its
    commune, the scenarios — every page Lai Châu's."""
    from playwright.sync_api import sync_playwright

    from tests.web.conftest import LiveServer

    commune, village = _commune_with_villages(units, "12")
    name = str(units[(units["map"] == "2025") & (units["code"] == village)]["name"].iloc[0])
    with LiveServer(country) as server, sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = b.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{server.url}/?province=12&lang=en")
        box = '[data-testid="search-box"] input[name="q"]'
        page.fill(box, name)
        page.press(box, "Enter")
        page.wait_for_url("**/search?q=*&province=12", timeout=15_000)
        assert page.title().endswith("Tỉnh Lai Châu")
        found = page.locator('[data-testid="search-results"] a')
        assert found.count() >= 1
        hrefs = [found.nth(i).get_attribute("href") for i in range(found.count())]
        assert all("province=12" in h for h in hrefs)
        page.click(f'[data-testid="search-results"] a[href^="/village/{village}?"]')
        page.wait_for_url(f"**/village/{village}?map=2025&province=12", timeout=15_000)
        assert "Lai Châu" in page.locator('[data-testid="province-note"]').inner_text()
        page.click('[data-testid="commune-link"]')
        page.wait_for_url(f"**/commune/{commune}?province=12", timeout=15_000)
        assert page.title().endswith("Tỉnh Lai Châu")
        page.click('header a[href^="/scenarios"]')
        page.wait_for_url("**/scenarios?province=12", timeout=15_000)
        b.close()
