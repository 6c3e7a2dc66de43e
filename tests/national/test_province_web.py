"""`?province=CODE` on the pages a provincial user reads in a national workspace: each
is that province's (`Snapshot.narrowed`, the same `views.province` the CLI narrows
with), and its links keep the province."""

from __future__ import annotations

import json
import re
import warnings
from collections.abc import Iterator

import pandas as pd
import pytest

from hatang.store import Workspace

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's note at import that it prefers httpx2
    from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def client(country: Workspace) -> Iterator[TestClient]:
    from hatang.web import create_app

    with TestClient(create_app(country)) as c:
        yield c


def _rows(html: str) -> int:
    return int(re.search(r"<p>(\d+) ", html).group(1))  # "<p>N rows</p>" of a list page


def _target(html: str, indicator: str) -> str:
    """The target cell of the overview's row of `indicator`."""
    row = html.split(f'data-indicator="{indicator}"', 1)[1].split("</tr>", 1)[0]
    cells = re.findall(r'<td class="num">([^<]*)</td>', row)
    return cells[0].strip() if cells else ""  # the value cell holds markup: not matched


def test_the_overview_of_a_province_is_its_scorecard_with_its_own_targets(client) -> None:
    page = client.get("/?province=12&lang=en")
    assert page.status_code == 200
    assert 'data-testid="province-note"' in page.text and "Tỉnh Lai Châu" in page.text
    # Lai Châu's own targets from the example plan (mobile broadband 70, its speed 35)
    # and the national one where the plan sets none (villages with mobile broadband 100)
    assert _target(page.text, "mobile_broadband_per_100") == "&gt;= 70"
    assert _target(page.text, "mobile_download_speed") == "&gt;= 35"
    assert _target(page.text, "villages_mobile_broadband") == "&gt;= 100"
    assert _target(client.get("/?province=51").text, "mobile_download_speed") == "&gt;= 50"
    # links between pages keep the province; the language switch too
    assert 'href="/map?province=12"' in page.text
    assert 'href="?province=12&amp;lang=vi"' in page.text


def test_a_province_s_dead_spot_list_is_its_share_of_the_country_s(client, country) -> None:
    every = client.get("/dead-spots")
    parts = [client.get(f"/dead-spots?province={p}") for p in ("11", "12", "51")]
    assert all(r.status_code == 200 for r in [every, *parts])
    assert sum(_rows(r.text) for r in parts) == _rows(every.text) > 0
    csv = client.get("/dead-spots?province=51&format=csv")
    assert csv.status_code == 200 and len(csv.text.strip().splitlines()) - 1 == _rows(parts[2].text)


def test_a_province_s_speed_tests_are_those_in_its_communes(client) -> None:
    """Speed tests are points: each is its commune's (polygon, else nearest centre), so
    the three provinces partition the country's tests."""
    from hatang.publish.derive import assign_communes

    s = client.app.state.web.snapshot()
    tests = s.frames["speed_tests"]
    u = s.frames["units"]
    communes = u[(u["map"] == "2025") & (u["level"] == "commune")]
    province_of = communes.set_index("code")["parent_code"]
    lon, lat = (tests[c].to_numpy(float) for c in ("lon", "lat"))
    expected = pd.Series(assign_communes(lon, lat, communes)).map(province_of).value_counts()
    for p in ("11", "12", "51"):
        mine = s.narrowed(p).frames["speed_tests"]
        assert len(mine) == expected.get(p, 0) > 0
    assert sum(len(s.narrowed(p).frames["speed_tests"]) for p in ("11", "12", "51")) == len(tests)
    assert client.get("/speeds?province=12").status_code == 200


def _site_points(html: str) -> int:
    """Sites drawn on a /map page: the points of its site traces (scattermap markers;
    not the dead spots, nor a scenario's proposed sites — a province's map shows its own
    newest scenario, the country's map the newest of all)."""
    body = html.split('figure" type="application/json">', 1)[1].split("</script>", 1)[0]
    data = json.loads(body.replace("<\\/", "</"))["data"]
    other = ("dead-spots", "proposed-sites")
    traces = [d for d in data if d.get("type") == "scattermap" and d.get("meta") not in other]
    return sum(len(d.get("lon") or []) for d in traces)


def test_a_province_s_map_draws_its_own_sites_and_the_register_its_cases(client) -> None:
    whole = _site_points(client.get("/map").text)
    parts = [_site_points(client.get(f"/map?province={p}").text) for p in ("11", "12", "51")]
    assert all(parts) and sum(parts) == whole
    assert "Tỉnh Quảng Ngãi" in client.get("/map?province=51").text
    assert client.get("/register?province=51").status_code == 200
    reg = client.get("/register?province=51&format=csv")
    assert reg.status_code == 200 and reg.text.lstrip("\ufeff").startswith("case_id,")


def test_a_bad_province_is_refused_without_a_server_error(client) -> None:
    assert client.get("/?province=1x").status_code == 422
    r = client.get("/?province=99")
    assert 400 <= r.status_code < 500 and "99" in r.text
