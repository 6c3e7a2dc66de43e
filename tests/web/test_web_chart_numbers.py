"""Every chart of every page writes its numbers in the page's language: plotly's
`separators` (",." on a Vietnamese page: decimal comma, thousands dot; ".," in English),
hover values formatted through them, hover words from the catalogue, and the sparklines'
hover titles written as the page writes figures."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from hatang.web.views import sparkline

CHART_PAGES = ["/map", "/register", "/register/report", "/register/C00001", "/scenario/full"]


@pytest.fixture(scope="module")
def chart_client(web_ws, tmp_path_factory):
    """The fixture province with its indicators computed and a planner scenario."""
    from fastapi.testclient import TestClient

    from hatang.indicators import compute_workspace
    from hatang.planning.scenario import plan_sites
    from hatang.store import Workspace
    from hatang.web import create_app

    root = tmp_path_factory.mktemp("charts") / "ws"
    shutil.copytree(web_ws.root, root, ignore=shutil.ignore_patterns(".hatang.lock*"))
    ws = Workspace.open(root)
    compute_workspace(ws)
    plan_sites(ws, name="full")
    with TestClient(create_app(ws)) as c:
        yield c


def figure(html: str) -> dict:
    body = html.split('id="figure" type="application/json">', 1)[1].split("</script>", 1)[0]
    return json.loads(body.replace("<\\/", "</"))


@pytest.mark.parametrize("lang,separators", [("vi", ",."), ("en", ".,")])
@pytest.mark.parametrize("page", CHART_PAGES)
def test_every_chart_writes_numbers_in_the_page_language(chart_client, page, lang, separators):
    r = chart_client.get(f"{page}?lang={lang}")
    assert r.status_code == 200
    assert figure(r.text)["layout"]["separators"] == separators


def test_the_map_hovers_format_their_numbers_and_speak_the_page_language(chart_client):
    fig = figure(chart_client.get("/map?lang=vi&indicator=population_4g_modelled").text)
    hovers = {t["meta"]: t["hovertemplate"] for t in fig["data"]}
    # a d3 format, so plotly writes the value with the layout's separators: '94,12'
    assert "%{z:,.2~f}" in hovers["communes"]
    assert ": %{customdata:,.0f}" in hovers["dead-spots"] and "Dân số" in hovers["dead-spots"]
    proposed = next(t for t in fig["data"] if t["meta"] == "proposed-sites")
    kinds = {text.split(" · ", 1)[1] for text in proposed["text"]}
    assert kinds and not kinds & {"colocation", "other-sector", "new-tower"}, kinds


@pytest.mark.parametrize(
    "lang,title",
    [("vi", "2025Q3: 85,1 · 2025Q4: 1.234,5"), ("en", "2025Q3: 85.1 · 2025Q4: 1,234.5")],
)
def test_a_sparkline_hover_title_writes_figures_as_the_page(lang, title):
    svg = sparkline([["2025Q3", 85.123], ["2025Q4", 1234.5]], lang=lang)
    assert re.search(r"<title>(.*?)</title>", svg).group(1) == title
    svg = sparkline([["2025Q3", 85.123], ["2025Q4", 90.0]], lang=lang, digits=2)
    assert ("85,12" if lang == "vi" else "85.12") in svg


def test_the_overview_sparklines_follow_the_language(chart_client):
    def titles(lang: str) -> list[str]:
        html = chart_client.get(f"/?lang={lang}").text
        return re.findall(r'<svg class="spark"[^>]*><title>(.*?)</title>', html)

    vi, en = titles("vi"), titles("en")
    assert vi and len(vi) == len(en)
    swap = str.maketrans({".": ",", ",": "."})
    assert [t.translate(swap) for t in en] == vi
    assert any(re.search(r"\d[.,]\d", t) for t in vi), vi  # a figure with a separator
