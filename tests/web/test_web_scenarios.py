"""Planner scenarios on the dashboard (/scenarios, /scenario/<name>): scenarios planned for
real on the fixture province (hatang.planning.scenario.plan_sites, under a second each),
every figure checked against the stored scenario tables."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import math
import os
import re
import shutil
import warnings
from collections.abc import Iterator
from urllib.parse import quote

import pytest

from hatang.planning import scenarios as planning
from hatang.planning.scenario import plan_sites
from hatang.web.render import fmt as web_fmt
from hatang.web.screenshots import CHROMIUM
from hatang.web.state import DB_LOCK

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

ODD_NAME = "phủ 50%/xã"  # Vietnamese, a space, a percent sign and a slash


@pytest.fixture(scope="module")
def planned_ws(web_ws, tmp_path_factory):
    """A copy of the fixture province with six stored scenarios."""
    from hatang.store import Workspace

    root = tmp_path_factory.mktemp("webscen") / "ws"
    shutil.copytree(web_ws.root, root, ignore=shutil.ignore_patterns(".hatang.lock*"))
    ws = Workspace.open(root)
    plan_sites(ws, name="full")
    plan_sites(ws, name="b2", budget=2e9, sharing=0.3)
    plan_sites(ws, name=ODD_NAME, cover=0.5)
    plan_sites(ws, name="zero", budget=1.0)  # nothing affordable: no action
    plan_sites(ws, name="all-shared", sharing=1.0)  # proven infeasible
    plan_sites(ws, name="weighted", budget=2e9, priority={"school": 2.0})
    return ws


@pytest.fixture(scope="module")
def sclient(planned_ws) -> Iterator[TestClient]:
    from hatang.web import create_app

    with TestClient(create_app(planned_ws, refresh_on_start=False)) as c:
        yield c


def list_scenarios(ws):
    """The stored scenarios, read as the CLI reads them (under the web's database lock:
    the app in this process may be reading the same file)."""
    with DB_LOCK:
        return planning.list_scenarios(ws)


def get_scenario(ws, name: str):
    with DB_LOCK:
        return planning.get_scenario(ws, name)


def compare(ws, a: str, b: str):
    with DB_LOCK:
        return planning.compare(ws, a, b)


def fmt(v, digits: int = 1) -> str:
    """A number as the English pages these tests read write it."""
    return web_fmt(v, digits, "en")


def _people(v: float) -> str:
    return fmt(round(float(v)))


def _pct(share: float, digits: int = 1) -> str:
    return f"{fmt(round(100 * float(share), digits), digits)}%"


def _cell(html: str, field: str) -> str:
    m = re.search(rf'data-field="{field}">([^<]*)<', html)
    assert m, field
    return m.group(1).strip()


def _row(html: str, attr: str, value: str) -> str:
    m = re.search(rf'<tr {attr}="{re.escape(value)}"[^>]*>(.*?)</tr>', html, re.S)
    assert m, value
    return m.group(1)


def _figure(html: str) -> dict:
    m = re.search(r'<script id="figure" type="application/json">(.*?)</script>', html, re.S)
    return json.loads(m.group(1))


def test_list_shows_every_stored_scenario_with_its_figures(sclient, planned_ws):
    html = sclient.get("/scenarios?lang=en").text
    stored = list_scenarios(planned_ws)
    assert len(stored) == 6
    for s in stored.to_dict("records"):
        row = _row(html, "data-scenario", s["name"])
        assert f'href="/scenario/{quote(s["name"], safe="")}"' in row
        assert _cell(row, "cost_vnd") == _people(s["cost_vnd"])
        assert _cell(row, "people_new") == _people(s["people_new"])
        assert _cell(row, "villages_new") == fmt(
            s["villages_covered_after"] - s["villages_covered_before"]
        )
        assert _cell(row, "dead_spots_closed") == fmt(s["dead_spots_closed"])
        assert _cell(row, "sharing_after") == _pct(s["sharing_after"])
        assert _cell(row, "created") == str(s["created_at"])[:16]
    full = _row(html, "data-scenario", "full")
    assert "Full cover" in full and ">optimal<" in full
    b2 = _row(html, "data-scenario", "b2")
    assert f"Budget {_people(2e9)} VND · sharing ≥ 30%" in b2
    assert "," in _cell(b2, "cost_vnd")  # thousands grouped as on the other pages
    vi = _row(sclient.get("/scenarios?lang=vi").text, "data-scenario", "b2")
    assert "." in _cell(vi, "cost_vnd") and "," not in _cell(vi, "cost_vnd")
    assert "Cover 50% of dead-spot people" in _row(html, "data-scenario", ODD_NAME)


def test_scenario_page_shows_totals_indicators_solver_and_actions(sclient, planned_ws):
    s, actions = get_scenario(planned_ws, "full")
    html = sclient.get("/scenario/full?lang=en").text

    def figure(testid: str) -> str:
        m = re.search(rf'data-testid="{testid}"><span class="n">([^<]*)<', html)
        assert m, testid
        return m.group(1).strip()

    assert figure("fig-cost") == _people(s["cost_vnd"])
    assert figure("fig-people-new") == _people(s["people_new"])
    assert figure("fig-villages-new") == fmt(
        s["villages_covered_after"] - s["villages_covered_before"]
    )
    assert figure("fig-dead-spots-closed") == fmt(s["dead_spots_closed"])
    assert figure("fig-actions") == fmt(len(actions))
    # before → after, from the scenario row
    villages = _row(html, "data-indicator", "villages_covered")
    assert f"{fmt(s['villages_covered_before'])} / {fmt(s['villages'])}" in villages
    assert f"{fmt(s['villages_covered_after'])} / {fmt(s['villages'])}" in villages
    people = _row(html, "data-indicator", "population_covered")
    assert _people(s["population_covered_before"]) in people
    assert _people(s["population_covered_after"]) in people
    sharing = _row(html, "data-indicator", "sharing_ratio")
    assert _pct(s["sharing_before"]) in sharing and _pct(s["sharing_after"]) in sharing
    # the solver: status, bound, gap and a plain sentence
    solver = re.search(r'data-testid="solver">(.*?)</p>', html, re.S).group(1)
    assert s["status"] == "optimal" and ">optimal<" in solver and f"({s['method']})" in solver
    assert f"Bound: {_people(s['bound'])} VND" in solver
    assert f"optimality gap: {_pct(s['gap'], 2)}" in solver
    assert "Proven optimal" in html
    # the ranked actions, one row each, with the stored contributions
    assert len(re.findall(r"<tr data-rank=", html)) == len(actions)
    for a in actions.to_dict("records"):
        row = _row(html, "data-rank", str(a["rank"]))
        assert _cell(row, "cost_vnd") == _people(a["cost_vnd"])
        assert _cell(row, "people_new") == _people(a["people_new"])
        assert _cell(row, "villages_new") == fmt(a["villages_new"])
        assert _cell(row, "dead_spots_closed") == fmt(a["dead_spots_closed"])
        assert 'href="/commune/' in row  # the commune holding the action
    assert 'href="/scenario/full?format=csv"' in html
    assert 'href="/scenario/full?format=geojson"' in html


def test_a_scenario_without_actions_and_an_infeasible_one(sclient, planned_ws):
    zero = sclient.get("/scenario/zero?lang=en").text
    assert "The scenario has no action." in zero
    assert not [t for t in _figure(zero)["data"] if t["meta"].startswith("actions-")]
    assert (
        list(
            csv.reader(
                io.StringIO(sclient.get("/scenario/zero?format=csv").content.decode("utf-8-sig"))
            )
        )[1:]
        == []
    )
    assert json.loads(sclient.get("/scenario/zero?format=geojson").content)["features"] == []
    s, _ = get_scenario(planned_ws, "all-shared")
    assert s["status"] == "infeasible"
    page = sclient.get("/scenario/all-shared?lang=en").text
    solver = re.search(r'data-testid="solver">(.*?)</p>', page, re.S).group(1)
    assert ">infeasible<" in solver and "Bound: —" in solver
    assert "Proven: no plan meets the requirements" in page
    assert (
        "Phủ toàn bộ vùng lõm · dùng chung ≥ 100 %"
        in sclient.get("/scenario/all-shared?lang=vi").text
    )


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize(
    "status", ["optimal", "time_limit", "greedy", "infeasible", "no-plan-found"]
)
@pytest.mark.parametrize("problem", ["min-cost", "max-cover"])
def test_every_solver_status_has_a_plain_sentence(status, problem, lang):
    from hatang.views.format import message
    from hatang.views.scenarios import solver_note

    sc = {"status": status, "problem": problem, "bound": 1234567.0, "gap": 0.0123}
    note = message(solver_note(sc), lang)
    assert note and "{" not in note
    if status in ("time_limit", "greedy"):
        expected = ("1.234.567", "1,23 %") if lang == "vi" else ("1,234,567", "1.23%")
        assert expected[0] in note and expected[1] in note


def test_scenario_map_draws_the_actions_locally(sclient, planned_ws):
    _, actions = get_scenario(planned_ws, "full")
    html = sclient.get("/scenario/full").text
    fig = _figure(html)
    acts = [t for t in fig["data"] if str(t.get("meta", "")).startswith("actions-")]
    got = sorted((lon, lat) for t in acts for lon, lat in zip(t["lon"], t["lat"], strict=True))
    assert got == sorted(zip(actions["lon"], actions["lat"], strict=True))
    assert fig["layout"]["map"]["style"] == "white-bg"  # no tile server unless configured
    assert '<script src="/assets/plotly.min.js">' in html


def test_csv_download_parses_and_carries_the_stored_rows(sclient, planned_ws):
    s, actions = get_scenario(planned_ws, "full")
    r = sclient.get("/scenario/full?format=csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert 'filename="scenario-full.csv"' in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert [int(x["rank"]) for x in rows] == list(actions["rank"])
    for got, a in zip(rows, actions.to_dict("records"), strict=True):
        assert got["kind"] == a["kind"] and got["candidate_id"] == a["candidate_id"]
        assert float(got["cost_vnd"]) == pytest.approx(a["cost_vnd"])
        assert float(got["people_new"]) == round(a["people_new"])  # people are whole
        assert got["commune_code"] and got["commune_name"]
        assert got["synthetic"] == "true"  # as every published CSV writes booleans
    total = sum(float(x["people_new"]) for x in rows)  # each row rounded to whole people
    assert abs(total - s["people_new"]) <= 0.5 * len(rows)


def test_geojson_download_matches_the_cli(sclient, planned_ws):
    from typer.testing import CliRunner

    from hatang.cli import app

    _, actions = get_scenario(planned_ws, "full")
    r = sclient.get("/scenario/full?format=geojson")
    assert r.status_code == 200 and r.headers["content-type"] == "application/geo+json"
    gj = json.loads(r.content)
    assert gj["type"] == "FeatureCollection" and gj["synthetic"] is True
    assert gj["scenario"] == "full"
    assert len(gj["features"]) == len(actions)
    for f, a in zip(gj["features"], actions.to_dict("records"), strict=True):
        assert f["geometry"]["type"] == "Point"
        assert f["geometry"]["coordinates"] == pytest.approx([a["lon"], a["lat"]])
        assert f["properties"]["rank"] == a["rank"]
    # the same actions, places and figures as `hatang scenarios show full --format geojson`
    with DB_LOCK:
        out = CliRunner().invoke(
            app, ["scenarios", "show", "full", "--format", "geojson", "-w", str(planned_ws.root)]
        )
    assert out.exit_code == 0, out.output
    cli = json.loads(out.stdout)
    assert len(cli["features"]) == len(gj["features"])
    for c, w in zip(cli["features"], gj["features"], strict=True):
        assert c["geometry"]["coordinates"] == pytest.approx(w["geometry"]["coordinates"])
        assert {k: v for k, v in c["properties"].items() if k in w["properties"]} == {
            k: w["properties"][k] for k in c["properties"] if k in w["properties"]
        }
        assert set(c["properties"]) <= set(w["properties"])


def test_comparison_is_what_scenarios_compare_computes(sclient, planned_ws):
    from hatang.views.scenarios import comparison
    from hatang.web import scenarios as scen

    frames = sclient.app.state.web.snapshot().frames
    cli = compare(planned_ws, "full", "b2").set_index("field")
    names = ["full", "b2"]
    rows = comparison(
        [scen.find(frames, n) for n in names], [scen.stored_actions(frames, n) for n in names]
    )
    web = {r.field: [v.value for v in r.values] for r in rows}
    assert list(web) == list(cli.index)
    for field, (a, b) in web.items():
        for got, want in ((a, cli.loc[field, "full"]), (b, cli.loc[field, "b2"])):
            if want is None or (isinstance(want, float) and math.isnan(want)):
                assert got is None, field  # missing: shown as "—"
            elif isinstance(want, float):
                assert got == pytest.approx(want), field
            else:
                assert got == want, field
    # the page: comma-separated or repeated, three at once
    html = sclient.get("/scenarios?lang=en&compare=full,b2").text
    table = re.search(r'data-testid="compare">(.*?)</table>', html, re.S).group(1)
    cost = _row(table, "data-field", "cost_vnd")
    s_full, s_b2 = get_scenario(planned_ws, "full")[0], get_scenario(planned_ws, "b2")[0]
    assert re.findall(r'<td class="num">([^<]*)</td>', cost) == [
        _people(s_full["cost_vnd"]),
        _people(s_b2["cost_vnd"]),
    ]
    three = sclient.get(
        "/scenarios?" + "&".join(f"compare={quote(n, safe='')}" for n in ("full", "b2", ODD_NAME))
    ).text
    assert three.count('<th><a href="/scenario/') == 3
    one = sclient.get("/scenarios?compare=full").text
    assert 'data-testid="compare-pick"' in one and 'data-testid="compare"' not in one
    assert sclient.get("/scenarios?compare=full,nope").status_code == 404


def test_empty_state_in_both_languages(client):
    vi = client.get("/scenarios?lang=vi").text
    assert 'data-testid="no-scenarios"' in vi and "Chưa có kịch bản nào" in vi
    assert "hatang plan-sites" in vi
    en = client.get("/scenarios?lang=en").text
    assert "No scenario yet" in en and "hatang plan-sites" in en


@pytest.mark.parametrize(
    "path",
    [
        "/scenario/nope",
        "/scenario/nope?format=csv",
        "/scenario/%27%3B%20DROP%20TABLE%20scenarios%3B--",
        "/scenario/full%2Fextra",
    ],
)
def test_unknown_scenario_is_the_404_page(sclient, planned_ws, path):
    r = sclient.get(path)
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("text/html")
    assert "404" in r.text and 'data-testid="synthetic-banner"' in r.text
    assert len(list_scenarios(planned_ws)) == 6  # the store is unchanged


def test_vietnamese_first_and_english_switch(make_client, planned_ws):
    c = make_client(planned_ws)
    vi = c.get("/scenario/full").text
    assert '<html lang="vi">' in vi and "Dân được phủ mới" in vi and "Kịch bản full" in vi
    assert "Đã chứng minh tối ưu" in vi
    en = c.get("/scenario/full?lang=en")
    assert '<html lang="en">' in en.text and "People newly covered" in en.text
    assert en.cookies.get("lang") == "en"
    assert "Site-planning scenarios" in c.get("/scenarios").text  # remembered
    nav = re.search(r"<nav>(.*?)</nav>", c.get("/").text, re.S).group(1)
    assert 'href="/scenarios"' in nav and "Planning scenarios" in nav


@pytest.mark.parametrize("path", ["/scenarios", "/scenario/full", "/scenarios?compare=full,b2"])
def test_scenario_pages_are_labelled_synthetic_and_load_nothing_from_elsewhere(sclient, path):
    html = sclient.get(path).text
    assert 'data-testid="synthetic-banner"' in html
    assert "dữ liệu mô phỏng / synthetic data" in html
    for attr in re.findall(r'(?:src|href)="([^"]*)"', html):
        assert not attr.startswith(("http:", "https:", "//")), attr


def test_a_name_with_a_slash_and_vietnamese_letters(sclient, planned_ws):
    url = "/scenario/" + quote(ODD_NAME, safe="")
    assert f'href="{url}"' in sclient.get("/scenarios").text
    page = sclient.get(url + "?lang=en")
    assert page.status_code == 200 and f"Scenario {ODD_NAME}" in page.text
    r = sclient.get(url + "?format=csv")
    assert r.status_code == 200
    assert re.search(r'filename="scenario-[A-Za-z0-9._-]+\.csv"', r.headers["content-disposition"])
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert {x["scenario"] for x in rows} == {ODD_NAME}


@pytest.mark.browser
@pytest.mark.skipif(
    not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is absent (apt-get install -y chromium)"
)
@pytest.mark.skipif(
    importlib.util.find_spec("playwright") is None,
    reason="playwright is not installed (test extra)",
)
def test_browser_draws_the_scenario_map(serve, planned_ws, tmp_path):
    from hatang.web.screenshots import capture_scenario

    _, actions = get_scenario(planned_ws, "full")
    with serve(planned_ws, refresh_on_start=False) as server:
        report = capture_scenario(server.url, "full", tmp_path)
    assert report.requests and report.foreign_requests() == [], "requests left 127.0.0.1"
    assert report.map_drawn, "no map canvas"
    assert report.action_rows == len(actions)
    assert any(t.startswith("actions-") for t in report.map_traces)
    assert not [
        e for e in report.console_errors if "plotly" in e.lower() or "maplibre" in e.lower()
    ], report.console_errors
    assert report.screenshots[0].stat().st_size > 10_000


def test_weighted_scenario_says_its_bound_is_in_weighted_people(sclient, planned_ws):
    # a max-cover bound of a weighted plan is in weighted people, never plain people
    sc, _ = get_scenario(planned_ws, "weighted")
    assert sc["weighting"] == "school=2"
    page = sclient.get("/scenario/weighted?lang=en").text
    solver = re.search(r'data-testid="solver">(.*?)</p>', page, re.S).group(1)
    assert "weighted people" in solver and "demand weighting: schools × 2" in solver
    plain = sclient.get("/scenario/b2?lang=en").text
    solver = re.search(r'data-testid="solver">(.*?)</p>', plain, re.S).group(1)
    assert "weighted" not in solver


def test_actions_download_as_xlsx_with_the_csv_rows(sclient):
    import openpyxl

    csv_rows = list(
        csv.DictReader(
            io.StringIO(sclient.get("/scenario/full?format=csv").content.decode("utf-8-sig"))
        )
    )
    r = sclient.get("/scenario/full?format=xlsx")
    assert (
        r.status_code == 200 and 'filename="scenario-full.xlsx"' in r.headers["content-disposition"]
    )
    book = openpyxl.load_workbook(io.BytesIO(r.content))
    table = [[c.value for c in row] for row in book["actions"].iter_rows()]
    assert table[0] == list(csv_rows[0]) and len(table) == len(csv_rows) + 1
    assert [int(row[table[0].index("rank")]) for row in table[1:]] == [
        int(x["rank"]) for x in csv_rows
    ]
    assert "about" in book.sheetnames


def test_scenario_page_says_why_it_costs_what_it_costs(sclient, planned_ws):
    page = sclient.get("/scenario/b2?lang=en").text
    assert 'data-testid="cost-reasons"' in page and "Spends" in page
    assert "sharing target" in page
    vi = sclient.get("/scenario/b2?lang=vi").text
    assert "Dùng" in vi and ("tỷ đồng" in vi or "triệu đồng" in vi)
    assert 'data-testid="cost-reasons"' not in sclient.get("/scenario/full?lang=en").text
