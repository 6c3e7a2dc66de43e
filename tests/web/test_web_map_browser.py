"""The map page in headless Chromium (issue 14 "Phones and maps"): the frame fits the
province, one scenario's proposed sites at a time (chosen on the page), commune names as
labels where they have room, a scale bar that measures true, and made-up commune shapes
said to be approximate in the legend."""

from __future__ import annotations

import math
import shutil

import pytest

from hatang.web.screenshots import CHROMIUM, CHROMIUM_ARGS
from tests.web.browser import BROWSER

pytestmark = BROWSER

#: the map's state as the page has it: MapLibre's view, the figure, labels, scale bar
STATE = """() => {
  const el = document.getElementById('map');
  const m = el._fullLayout.map._subplot.map;
  const b = el.layout.meta.bounds;
  const corners = [[b[0], b[1]], [b[2], b[3]]].map(c => m.project(c));
  const box = m.getContainer();
  const bar = box.querySelector('[data-testid=scale-bar]');
  const left = m.unproject([0, box.clientHeight / 2]);
  const right = m.unproject([parseFloat(bar.style.width), box.clientHeight / 2]);
  const labels = box.querySelector('[data-testid=commune-labels]') || {dataset: {}, hidden: true,
    querySelectorAll: () => []};
  return {
    w: box.clientWidth, h: box.clientHeight, bounds: b, corners: corners.map(p => [p.x, p.y]),
    zoom: m.getZoom(), bar_text: bar.textContent, bar_metres: +bar.dataset.metres,
    bar_ends: [[left.lng, left.lat], [right.lng, right.lat]],
    labels_shown: +labels.dataset.shown, labels_hidden: labels.hidden,
    label_texts: [...labels.querySelectorAll('.commune-label')].map(n => n.textContent),
    traces: el.data.map(t => [String(t.meta || t.name), String(t.name), (t.lon || []).length]),
  };
}"""


def _metres(a: list[float], b: list[float]) -> float:
    """Great-circle distance (haversine, R = 6371 km) between two [lon, lat]."""
    lon1, lat1, lon2, lat2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def map_ws(web_ws, tmp_path_factory):
    """The fixture province with two scenarios, its communes' shapes made up (Voronoi)."""
    from hatang.planning.scenario import plan_sites
    from hatang.store import Workspace

    root = tmp_path_factory.mktemp("mapws") / "ws"
    shutil.copytree(web_ws.root, root, ignore=shutil.ignore_patterns(".hatang.lock*"))
    ws = Workspace.open(root)
    plan_sites(ws, name="full")
    plan_sites(ws, name="b2", budget=2e9, sharing=0.3)
    with ws.connect() as con:
        con.execute(
            "UPDATE units SET geometry_source = 'synthetic-voronoi' WHERE level = 'commune'"
        )  # b2, planned last, is the newest even when both fall in the same second
        con.execute(
            "UPDATE scenarios SET created_at = created_at + INTERVAL 1 MINUTE WHERE name = 'b2'"
        )
    return ws


@pytest.fixture(scope="module")
def browser_page(serve, map_ws):
    from playwright.sync_api import sync_playwright

    with serve(map_ws) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 800})
            yield page, server.url
        finally:
            browser.close()


def _open(page, url: str, width: int = 1000):
    page.set_viewport_size({"width": width, "height": 800})
    page.goto(url, wait_until="networkidle")
    page.wait_for_selector('#map[data-ready="1"]', timeout=30_000)
    return page.evaluate(STATE)


@pytest.mark.parametrize("width", [1000, 390])
def test_the_frame_fits_the_province(browser_page, width):
    page, base = browser_page
    s = _open(page, f"{base}/map?lang=en", width)
    (x0, y0), (x1, y1) = s["corners"]  # south-west, north-east
    assert 0 <= x0 < x1 <= s["w"] and 0 <= y1 < y0 <= s["h"], s  # all of it in view
    assert (x1 - x0) / s["w"] > 0.6 or (y0 - y1) / s["h"] > 0.6, s  # and not lost in it


def test_the_scenario_map_fits_its_communes_and_actions(browser_page):
    page, base = browser_page
    s = _open(page, f"{base}/scenario/full?lang=en")
    (x0, y0), (x1, y1) = s["corners"]
    assert 0 <= x0 < x1 <= s["w"] and 0 <= y1 < y0 <= s["h"], s


def _actions(ws, name: str) -> int:
    from hatang.planning.scenarios import get_scenario
    from hatang.web.state import DB_LOCK

    with DB_LOCK:  # the server reads the same workspace in this process
        return len(get_scenario(ws, name)[1])


def test_one_scenario_at_a_time_chosen_on_the_page(browser_page, map_ws):
    page, base = browser_page
    s = _open(page, f"{base}/map?lang=en")
    proposed = [t for t in s["traces"] if t[0] == "proposed-sites"]
    newest = "b2"  # planned last
    assert len(proposed) == 1 and newest in proposed[0][1], s["traces"]
    assert proposed[0][2] == _actions(map_ws, newest)
    page.select_option('[data-testid="scenario-choice"]', "full")
    page.wait_for_url("**scenario=full**")
    page.wait_for_selector('#map[data-ready="1"]', timeout=30_000)
    s = page.evaluate(STATE)
    proposed = [t for t in s["traces"] if t[0] == "proposed-sites"]
    assert len(proposed) == 1 and "full" in proposed[0][1]
    assert proposed[0][2] == _actions(map_ws, "full")
    s = _open(page, f"{base}/map?lang=en&scenario=none")
    assert [t for t in s["traces"] if t[0] == "proposed-sites"] == []


def test_commune_names_where_they_have_room(browser_page):
    page, base = browser_page
    s = _open(page, f"{base}/map?lang=en")
    assert s["labels_shown"] == 2 and not s["labels_hidden"]  # the fixture's two communes
    assert sorted(s["label_texts"]) == ["Phường Mới", "Xã Mới"]
    page.evaluate(
        "() => document.getElementById('map')._fullLayout.map._subplot.map.setZoom("
        + str(s["zoom"] - 6)
        + ")"
    )
    s = page.evaluate(STATE)
    assert s["labels_shown"] == 0 and s["labels_hidden"]  # 64× smaller: they would collide


def test_the_scale_bar_measures_true(browser_page):
    page, base = browser_page
    for zoom_by in (0, 2):
        s = _open(page, f"{base}/map?lang=en")
        if zoom_by:
            page.evaluate(
                "z => document.getElementById('map')._fullLayout.map._subplot.map.setZoom(z)",
                s["zoom"] + zoom_by,
            )
            s = page.evaluate(STATE)
        metres = _metres(*s["bar_ends"])
        assert metres == pytest.approx(s["bar_metres"], rel=0.03), s
        shown = float(s["bar_text"].split()[0]) * (1000 if s["bar_text"].endswith("km") else 1)
        assert shown == s["bar_metres"]
        assert str(s["bar_metres"] / (1000 if s["bar_metres"] >= 1000 else 1))[0] in "125"


@pytest.mark.parametrize("lang,word", [("en", "approximate"), ("vi", "gần đúng")])
def test_made_up_commune_shapes_are_said_approximate(browser_page, lang, word):
    page, base = browser_page
    _open(page, f"{base}/map?lang={lang}")
    assert word in page.inner_text('[data-testid="approximate"]')


def test_official_shapes_are_not_called_approximate(client):
    html = client.get("/map?lang=en").text  # the fixture's shapes: 'fixture', not made up
    assert 'data-testid="approximate"' not in html
