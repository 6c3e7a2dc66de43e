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
