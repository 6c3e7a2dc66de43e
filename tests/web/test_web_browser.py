"""Headless Chromium (Debian's package, driven by Playwright) opens the overview and the map,
checks them, records every request, and saves the README's screenshots (to docs/img/ with
HATANG_UPDATE_SCREENSHOTS=1, else to a temporary folder)."""

from __future__ import annotations

import pytest

from hatang.web.screenshots import capture
from tests.web.browser import BROWSER

pytestmark = BROWSER


def _check(report, expected_rows: int | None) -> None:
    assert report.requests, "the browser made no request at all"
    assert report.foreign_requests() == [], "requests left 127.0.0.1"
    if expected_rows is None:
        assert report.target_rows > 0 or report.not_computed
    else:
        assert report.target_rows == expected_rows
    assert report.map_drawn, "no map canvas"
    assert report.csp_violations == [], report.csp_violations  # plotly, MapLibre under the CSP
    assert report.api_docs_drawn, "Swagger UI did not draw /api/docs offline"
    assert report.phone_fits, "the overview scrolls sideways on a phone"
    assert "/commune/" in report.commune_click_url
    assert report.map_traces[0] == "communes"
    assert "dead-spots" in report.map_traces
    assert any(t.startswith("sites-") for t in report.map_traces)
    assert not [
        e for e in report.console_errors if "plotly" in e.lower() or "maplibre" in e.lower()
    ], report.console_errors
    for shot in report.screenshots:
        assert shot.stat().st_size > 10_000


def test_browser_on_the_fixture(serve, web_ws, tmp_path):
    with serve(web_ws) as server:
        report = capture(server.url, tmp_path)
    _check(report, None)
    assert report.commune_click_url.endswith("/commune/N1")  # the first commune of the 2025 map


@pytest.mark.slow
def test_browser_on_the_demo_saves_readme_screenshots(
    serve, demo_workspace, copy_workspace, screenshots
):
    """On the demo province: every Plan 137 target renders; the screenshots are saved
    (docs/img/ with HATANG_UPDATE_SCREENSHOTS=1)."""
    from hatang.web.views import refresh_indicators

    ws = copy_workspace(demo_workspace)  # the shared demo is never modified
    try:  # as `hatang demo` does: model coverage, then compute the indicators
        from hatang.coverage.run import run_coverage

        run_coverage(ws)
    except ImportError:
        pass
    computed = refresh_indicators(ws)
    with serve(ws) as server:
        report = capture(server.url, screenshots)
    _check(report, 14 if computed else None)
