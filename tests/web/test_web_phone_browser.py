"""Every main page on a phone (390 px wide, headless Chromium): nothing scrolls the page
sideways, and a wide table scrolls inside its own container instead (issue 14 "Phones
and maps"). Also saves the phone screenshot of the overview the docs show."""

from __future__ import annotations

import shutil

import pytest

from hatang.web.phone import phone_layout
from tests.web.browser import BROWSER

pytestmark = BROWSER

#: the pages a person opens from the menu, a search, a commune, a village, a case
PAGES = [
    "/",
    "/map",
    "/dead-spots",
    "/speeds",
    "/services",
    "/scenarios",
    "/scenario/full",
    "/scenarios?compare=full&compare=b2",
    "/reports",
    "/submissions",
    "/data",
    "/dataset/sites",
    "/register",
    "/register/report",
    "/register/scoreboard",
    "/register/C00001",
    "/commune/N1",
    "/village/V5",
    "/search?q=nam",
    "/login",
]


@pytest.fixture(scope="module")
def phone_ws(web_ws, tmp_path_factory):
    """The fixture province with two stored scenarios (the scenario pages have tables)."""
    from hatang.planning.scenario import plan_sites
    from hatang.store import Workspace

    root = tmp_path_factory.mktemp("phone") / "ws"
    shutil.copytree(web_ws.root, root, ignore=shutil.ignore_patterns(".hatang.lock*"))
    ws = Workspace.open(root)
    plan_sites(ws, name="full")
    plan_sites(ws, name="b2", budget=2e9, sharing=0.3)
    return ws


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_main_page_fits_a_phone(serve, phone_ws, tmp_path, lang):
    with serve(phone_ws) as server:
        pages = phone_layout(server.url, PAGES, lang=lang, out_dir=tmp_path)
    assert [p.path for p in pages] == PAGES
    for p in pages:
        assert p.status == 200, (p.path, p.status)
        assert p.scroll_width <= p.inner_width, (
            f"{p.path} is {p.scroll_width} px wide on a {p.inner_width} px phone: {p.widest}"
        )
        assert p.tables_outside_a_scroller == [], (p.path, p.tables_outside_a_scroller)
    # the overview's scorecard is wider than the phone: it scrolls in its own box
    overview = pages[0]
    assert overview.tables > 0 and overview.scrolling_tables > 0


def test_phone_layout_sees_a_page_that_overflows(serve, phone_ws, tmp_path):
    """The check itself: a page made to overflow (a wide table, unwrapped) is caught."""
    with serve(phone_ws) as server:
        (p,) = phone_layout(
            server.url,
            ["/data"],
            lang="vi",
            out_dir=tmp_path,
            inject=(
                "document.querySelector('main').insertAdjacentHTML('beforeend',"
                " '<table style=\"width:900px\"><tr><td>x</td></tr></table>')"
            ),
        )
    assert p.scroll_width > p.inner_width
    assert len(p.tables_outside_a_scroller) == 1
