"""Headless Chromium (Debian's, through Playwright) on the submissions pages: the
office's grid of a quarter and a refused filing's page with its problems; the demo's
quarter is saved as submissions.png and filing.png (to docs/img/ with
HATANG_UPDATE_SCREENSHOTS=1, else to a temporary folder)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
from pathlib import Path

import pytest

from hatang.web.screenshots import CHROMIUM, CHROMIUM_ARGS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is absent"),
    pytest.mark.skipif(
        importlib.util.find_spec("playwright") is None, reason="playwright is not installed"
    ),
]


def _page(pw, height: int = 900):
    browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    return browser, browser.new_page(viewport={"width": 1280, "height": height})


def _filings(ws, tmp_path: Path) -> None:
    """Viettel's file refused (VNPT's rows in it) then refiled and accepted; VNPT's late."""
    from hatang.register.machine import Actor
    from hatang.submissions import filing
    from hatang.testing import fixture_frames

    f = fixture_frames()["subscriptions"]
    q4 = f[f["period"] == "2025Q4"].drop(columns=["period"])
    vt, vn = Actor("vt", "operator", "viettel"), Actor("vn", "operator", "vnpt")
    for name, frame in (("all.csv", q4), ("vt.csv", q4[q4.operator == "viettel"])):
        frame.to_csv(tmp_path / name, index=False)
        at = dt.datetime(2026, 1, 9 if name == "all.csv" else 12, 10)
        out = filing.file_submission(ws, vt, "subscriptions", "2025Q4", tmp_path / name, now=at)
    filing.accept(ws, Actor("office", "analyst"), out["filing_id"], recompute=False)
    q4[q4.operator == "vnpt"].to_csv(tmp_path / "vn.csv", index=False)
    filing.file_submission(
        ws, vn, "subscriptions", "2025Q4", tmp_path / "vn.csv", now=dt.datetime(2026, 1, 20, 9)
    )


def _office_token(ws) -> str:
    from hatang.store import web_queries

    with ws.connect() as con:
        return web_queries.create_token(con, "office", role="analyst")


def _sign_in(page, token: str) -> None:
    """On the sign-in page: the token, then on to where the visitor was going."""
    page.wait_for_url("**/login**")
    page.fill('input[name="token"]', token)
    page.locator('form[action="/login"] button').click()


def test_the_grid_and_a_refused_filing_in_the_browser(serve, fresh_ws, tmp_path):
    """The grid is public; a filing the office has not accepted asks for a sign-in."""
    from playwright.sync_api import sync_playwright

    _filings(fresh_ws, tmp_path)
    token = _office_token(fresh_ws)
    with serve(fresh_ws) as server, sync_playwright() as pw:
        browser, page = _page(pw)
        try:
            page.goto(f"{server.url}/submissions?period=2025Q4&lang=en")
            cell = page.locator('[data-testid="cell-viettel-subscriptions"]')
            assert "accepted" in cell.inner_text() and "F2" in cell.inner_text()
            late = page.locator('[data-testid="late-vnpt-subscriptions"]')
            assert "5" in late.inner_text()  # filed 20 Jan, due 15 Jan
            assert "missing" in page.locator('[data-testid="cell-mobifone-sites"]').inner_text()
            page.locator('[data-testid="sub-list"] a', has_text="F1").click()
            _sign_in(page, token)
            page.wait_for_url("**/submissions/F1**")
            assert page.locator('[data-testid="filing-state"]').inner_text() == "replaced"
            rows = page.locator('[data-testid="problems"] tbody tr')
            assert rows.count() == 7
            assert "not a row of Viettel" in rows.first.inner_text()
            with page.expect_download() as dl:
                page.locator('[data-testid="problems-xlsx"]').click()
            assert dl.value.suggested_filename == "F1-loi.xlsx"
        finally:
            browser.close()


def test_the_operators_filing_form_in_the_browser(serve, fresh_ws, tmp_path):
    """An operator signs in with its token, files its quarter's file through the form,
    sees the filing's page (staged), and the grid shows it."""
    from playwright.sync_api import sync_playwright

    from hatang.store import web_queries
    from hatang.testing import fixture_frames

    with fresh_ws.connect() as con:
        token = web_queries.create_token(con, "vt", role="operator", operator="viettel")
    f = fixture_frames()["subscriptions"]
    path = tmp_path / "thue-bao_Q4.csv"
    f[(f["period"] == "2025Q4") & (f["operator"] == "viettel")].drop(columns=["period"]).to_csv(
        path, index=False
    )
    with serve(fresh_ws) as server, sync_playwright() as pw:
        browser, page = _page(pw)
        try:
            page.goto(f"{server.url}/submissions/file?lang=en")
            _sign_in(page, token)
            page.wait_for_url("**/submissions/file**")
            assert page.locator('[data-testid="form-filer"] option').all_inner_texts() == [
                "Viettel"
            ]
            page.select_option('[data-testid="form-kind"]', "subscriptions")
            page.fill('[data-testid="form-period"]', "2025Q4")
            page.set_input_files('[data-testid="form-file"]', str(path))
            page.locator('[data-testid="form-submit"]').click()
            page.wait_for_url("**/submissions/F1")
            assert page.locator('[data-testid="filing-state"]').inner_text() == "staged"
            assert page.locator('[data-testid="filing-problems"]').inner_text() == "0"
            page.goto(f"{server.url}/submissions?period=2025Q4")
            cell = page.locator('[data-testid="cell-viettel-subscriptions"]')
            assert "staged" in cell.inner_text()
            page.screenshot(path=str(tmp_path / "grid.png"))
        finally:
            browser.close()


@pytest.mark.slow
def test_the_demo_quarter_in_the_browser_saves_screenshots(
    serve, demo_workspace, copy_workspace, screenshots
):
    from playwright.sync_api import sync_playwright

    ws = copy_workspace(demo_workspace)
    token = _office_token(ws)
    with serve(ws, refresh_on_start=False) as server, sync_playwright() as pw:
        browser, page = _page(pw, height=1400)
        try:
            page.goto(f"{server.url}/login?next=/submissions%3Fperiod%3D2025Q3&lang=vi")
            _sign_in(page, token)
            page.wait_for_url("**/submissions?period=2025Q3")
            grid = page.locator('[data-testid="sub-grid"]')
            assert grid.locator("td.sub-accepted").count() >= 12
            assert page.locator('[data-testid="late-vietnamobile-subscriptions"]').count() == 1
            screenshots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshots / "submissions.png"), full_page=True)
            refused = page.locator('[data-testid="sub-list"] tr', has_text="lan-1_")
            refused.locator("a").first.click()
            page.wait_for_selector('[data-testid="problems"]')
            page.screenshot(path=str(screenshots / "filing.png"), full_page=False)
        finally:
            browser.close()
    for name in ("submissions.png", "filing.png"):
        assert (screenshots / name).stat().st_size > 10_000
