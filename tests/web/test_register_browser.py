"""Headless Chromium on the register's pages: the list and its map, a citizen's report
placed by a click on the map, signing in with an operator's token, answering a case
through its form, and a form with a forged CSRF token refused (nothing written)."""

from __future__ import annotations

import importlib.util
import os

import pytest

from hatang.store import web_queries as q
from hatang.web.screenshots import CHROMIUM, capture_register

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is absent"),
    pytest.mark.skipif(
        importlib.util.find_spec("playwright") is None, reason="playwright is not installed"
    ),
]


def test_login_respond_and_csrf_in_the_browser(serve, fresh_ws, tmp_path):
    with fresh_ws.connect() as con:
        token = q.create_token(con, "Viettel Hà Nam", "operator", "viettel")
    with serve(fresh_ws) as server:
        r = capture_register(server.url, token, "C00001", tmp_path, lang="en")
    assert r.foreign_requests() == [], "requests left 127.0.0.1"
    assert r.list_rows == 5 and r.map_drawn
    lon, lat = map(float, r.picked_lonlat)  # the click on the map filled the place
    assert 105.9 < lon < 106.4 and 19.9 < lat < 20.2
    assert "C00006" in r.report_done
    assert r.signed_in_as.startswith("Viettel Hà Nam (operator, viettel)")
    assert r.steps_offered == ["accept", "dispute", "fix", "comment"]
    assert r.state_after == "accepted"
    assert r.csrf_refused_status == 403 and "security token" in r.csrf_refused_text
    assert r.state_after_refusal == "accepted"  # the forged form changed nothing
    with fresh_ws.connect(read_only=True) as con:
        from hatang.store import register as store

        events = store.read_events(con, "C00001")
    assert list(events["action"])[-1] == "accept" and events["role"].iloc[-1] == "operator"
    assert not [e for e in r.console_errors if "Content Security Policy" in e], r.console_errors
    for shot in r.screenshots:
        assert shot.stat().st_size > 10_000


def test_the_verify_form_uploads_an_evidence_file_in_the_browser(serve, fresh_ws, tmp_path):
    """The office signs in, verifies C00004 (reported fixed) with a photo through the
    form's file input, and the case's page lists the file and links it from the
    timeline."""
    from playwright.sync_api import sync_playwright

    from hatang.register import actions
    from hatang.register.machine import Actor
    from hatang.web.screenshots import CHROMIUM_ARGS

    fix = {"fixed_on": "2025-12-20", "fix_action": "sharing"}
    actions.act(fresh_ws, "C00004", "fix", Actor("vt-1", "operator", "viettel"), fix)
    with fresh_ws.connect() as con:
        token = q.create_token(con, "office", "analyst")
    photo = tmp_path / "ảnh trạm mới.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01" + bytes(range(256)) * 8)
    with serve(fresh_ws) as server, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.goto(f"{server.url}/login?next=/register/C00004&lang=en")
            page.fill('input[name="token"]', token)
            page.locator('form[action="/login"] button').click()
            page.wait_for_url("**/register/C00004**")
            form = page.locator('form[data-step="verify"]')
            assert form.get_attribute("enctype") == "multipart/form-data"
            page.set_input_files('[data-testid="evidence-input-verify"]', str(photo))
            form.locator('textarea[name="note"]').fill("ảnh sau khi lắp trạm")
            form.locator('button[type="submit"]').click()
            page.wait_for_url("**/register/C00004#timeline")
            files = page.locator('[data-testid="evidence-file"]')
            assert files.all_inner_texts() == ["ảnh_trạm_mới.jpg"]
            link = page.locator('[data-testid="timeline-evidence-file"]')
            assert link.all_inner_texts() == ["ảnh_trạm_mới.jpg"]
            got = page.request.get(server.url + files.first.get_attribute("href"))
            assert got.status == 200 and got.body() == photo.read_bytes()
            assert page.locator('[data-testid="state"]').inner_text() == "fixed"
        finally:
            browser.close()
