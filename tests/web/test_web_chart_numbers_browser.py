"""In headless Chromium: the number plotly draws when the pointer rests on a commune of the
map is written in the page's language (the fixture's commune N1 has 16 of its 17 people
covered by 4G as modelled: 94.118 %, shown '94,12' in Vietnamese, '94.12' in English),
and the colour bar's tick labels use the same separators ('2,5' / '2.5')."""

from __future__ import annotations

import pytest

from hatang.web.screenshots import CHROMIUM, CHROMIUM_ARGS
from tests.web.browser import BROWSER
from tests.web.test_web_chart_numbers import chart_client  # noqa: F401  (its workspace)

pytestmark = BROWSER

#: where each commune's label sits on the page (its name and pixel position)
LABELS = """() => {
  const el = document.getElementById('map');
  const m = el._fullLayout.map._subplot.map;
  const r = m.getContainer().getBoundingClientRect();
  return el.layout.meta.labels.map(c => {
    const p = m.project([c[1], c[2]]);
    return [c[0], r.left + p.x, r.top + p.y];
  });
}"""


@pytest.fixture(scope="module")
def chart_page(serve, chart_client):  # noqa: F811
    from playwright.sync_api import sync_playwright

    ws = chart_client.app.state.web.ws
    with serve(ws) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser.new_page(viewport={"width": 1000, "height": 800}), server.url
        finally:
            browser.close()


def _hover_texts(page) -> dict[str, str]:
    """The hover label plotly draws over each commune, by commune name."""
    out = {}
    for name, x, y in page.evaluate(LABELS):
        page.mouse.move(x - 40, y - 40)
        page.mouse.move(x, y, steps=4)
        page.wait_for_timeout(300)
        out[name] = page.eval_on_selector_all(
            ".hoverlayer", "ls => ls.map(l => l.textContent).join(' ')"
        )
    return out


@pytest.mark.parametrize("lang,covered", [("vi", "94,12"), ("en", "94.12")])
def test_a_commune_hover_writes_its_value_in_the_page_language(chart_page, lang, covered):
    page, base = chart_page
    page.goto(f"{base}/map?lang={lang}&indicator=population_4g_modelled", wait_until="networkidle")
    page.wait_for_selector('#map[data-ready="1"]', timeout=30_000)
    assert page.evaluate("() => document.getElementById('map')._fullLayout.separators") == (
        ",." if lang == "vi" else ".,"
    )
    texts = _hover_texts(page)
    assert any(covered in t for t in texts.values()), texts
    wrong = "94.12" if lang == "vi" else "94,12"
    assert not any(wrong in t for t in texts.values()), texts


@pytest.mark.parametrize("lang,mark,other", [("vi", ",", "."), ("en", ".", ",")])
def test_the_colour_bar_ticks_use_the_page_separators(chart_page, lang, mark, other):
    """The fixture's communes have 5 and 2 sites: plotly ticks the colour bar every half
    site (2, 2.5, 3, …), so a tick shows the decimal mark of the page's language."""
    page, base = chart_page
    page.goto(f"{base}/map?lang={lang}&indicator=sites_count", wait_until="networkidle")
    page.wait_for_selector('#map[data-ready="1"]', timeout=30_000)
    labels = page.eval_on_selector_all(
        ".colorbar text", "ts => ts.map(t => t.textContent).filter(t => /^[0-9.,]+$/.test(t))"
    )
    assert len(labels) >= 3, labels
    assert any(mark in t for t in labels) and not any(other in t for t in labels), labels
