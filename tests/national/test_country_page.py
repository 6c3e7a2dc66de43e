"""/country: every province against a target of the national plan, ranked as `hatang
scorecard --by province` ranks them, on a map, each linking to its own overview — in
a test client and in a real browser (Debian's Chromium through Playwright)."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import warnings
from collections.abc import Iterator

import pandas as pd
import pytest

from hatang.indicators import scorecard
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


def _ranking(html: str) -> list[tuple[str, str]]:
    """(rank, province code) of each row of the ranking table, in order."""
    body = html.split('data-testid="country-ranking"', 1)[1]
    return re.findall(r'<tr data-province="(\d+)">\s*<td class="num">([^<]*)</td>', body)


def test_the_ranking_is_the_scorecard_s_for_the_chosen_target(client, country) -> None:
    by = scorecard(country, by="province", refresh=False)
    for no in (1, 2):
        page = client.get(f"/country?target={no}&lang=en")
        assert page.status_code == 200
        rows = _ranking(page.text)
        mine = by[by["target_no"] == no]
        assert [c for c, _ in rows] == list(mine["unit_code"])  # the same order
        ranks = ["—" if pd.isna(r) else str(int(r)) for r in mine["rank"]]
        assert [r for _, r in rows] == ranks
        assert len(rows) == 34  # every province of the 2025 map, those without data last
        assert {c for c, r in rows if r != "—"} <= {"11", "12", "51"}
    assert 'href="/?province=12"' in page.text and "Tỉnh Lai Châu" in page.text


def test_the_page_gives_the_whole_country_s_value_under_every_target(client, country) -> None:
    """The country's scorecard (`hatang scorecard`: the national plan for unit VN)."""
    whole = scorecard(country, refresh=False)
    assert set(whole["unit_code"]) == {"VN"}
    page = client.get("/country?target=2&lang=en")
    body = page.text.split('data-testid="country-scorecard"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<tr data-indicator="([^"]+)"', body)
    assert rows == list(whole["indicator"])  # one row per target, in the plan's order
    speed = body.split('data-indicator="mobile_download_speed"', 1)[1].split("</tr>", 1)[0]
    assert 'aria-current="true"' in speed  # the chosen target
    value = whole.set_index("indicator").loc["mobile_download_speed", "value"]
    assert f"{value:.1f} <small>Mbit/s" in speed


def test_the_map_colours_the_provinces_with_a_value(client) -> None:
    page = client.get("/country?target=1")
    body = page.text.split('id="figure" type="application/json">', 1)[1].split("</script>", 1)[0]
    data = json.loads(body.replace("<\\/", "</"))["data"]
    valued = data[0]
    assert valued["meta"] == "provinces" and set(valued["customdata"]) <= {"11", "12", "51"}
    assert len(valued["marker"]["color"]) == len(valued["customdata"]) > 0
    assert sum(len(d["customdata"]) for d in data) == 34  # every province has a centre


def test_a_one_province_workspace_has_no_country_page(web_client_of_a_province) -> None:
    assert web_client_of_a_province.get("/country").status_code == 404


@pytest.fixture(scope="module")
def web_client_of_a_province(tmp_path_factory) -> Iterator[TestClient]:
    from hatang.testing import fixture_workspace
    from hatang.web import create_app

    ws = fixture_workspace(tmp_path_factory.mktemp("one") / "ws")
    with TestClient(create_app(ws)) as c:
        yield c


browser = pytest.mark.skipif(
    not os.path.exists(CHROMIUM) or importlib.util.find_spec("playwright") is None,
    reason=f"{CHROMIUM} or playwright is absent",
)


@pytest.mark.browser
@browser
def test_the_country_page_in_a_browser_leads_to_a_province(country: Workspace) -> None:
    from playwright.sync_api import sync_playwright

    from tests.web.conftest import LiveServer

    with LiveServer(country) as server, sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = b.new_page(viewport={"width": 1280, "height": 900})
        foreign: list[str] = []
        page.on("request", lambda r: foreign.append(r.url) if "127.0.0.1" not in r.url else None)
        page.goto(f"{server.url}/country?lang=en", wait_until="networkidle")
        page.wait_for_selector('#map[data-ready="1"]', timeout=30_000)
        assert page.locator("#map canvas").count() > 0
        assert page.locator('[data-testid="country-ranking"] tbody tr').count() == 34
        page.select_option('select[name="target"]', "2")
        page.wait_for_url("**/country?target=2", timeout=15_000)
        page.click('tr[data-province="12"] a')
        page.wait_for_url("**/?province=12", timeout=15_000)
        note = page.locator('[data-testid="province-note"]').inner_text()
        assert "Lai Châu" in note
        speed = page.locator('tr[data-indicator="mobile_download_speed"] td.num').nth(1)
        assert speed.inner_text().strip() == ">= 35"  # Lai Châu's own target
        b.close()
    assert foreign == []
