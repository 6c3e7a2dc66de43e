"""CKAN Action API v3: envelope and errors in-process; the real ckanapi library and CLI
against a uvicorn server on a free loopback port; every resource URL downloads."""

from __future__ import annotations

import json
import subprocess
import sys

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hatang.publish.registry import DATASETS, all_datasets

#: the static datasets and those the fixture province has data for (its register)
REGISTER = {"dead-spot-register", "dead-spot-register-figures"}
PUBLISHED = [d for d in all_datasets() if d.name in {x.name for x in DATASETS} | REGISTER]
NAMES = sorted(d.name for d in PUBLISHED)
API = "/api/3/action/"


def test_status_show_envelope(client):
    r = client.get(API + "status_show")
    body = r.json()
    assert r.status_code == 200
    assert set(body) == {"help", "success", "result"} and body["success"] is True
    assert body["result"]["ckan_version"].startswith("2.")
    assert "help_show" in body["help"]


def test_package_list_both_paths_get_and_post(client):
    assert client.get(API + "package_list").json()["result"] == NAMES
    assert client.get("/api/action/package_list").json()["result"] == NAMES
    assert client.post(API + "package_list", json={}).json()["result"] == NAMES
    assert (
        client.post(API + "package_list", json={"limit": 2, "offset": 1}).json()["result"]
        == NAMES[1:3]
    )


def test_package_show_by_name_and_id(client):
    pkg = client.get(API + "package_show", params={"id": "sites"}).json()["result"]
    assert pkg["name"] == "sites" and pkg["license_id"] == "cc-by"
    assert {"name": "synthetic"} in [{"name": t["name"]} for t in pkg["tags"]]
    assert {"key": "synthetic", "value": "true"} in pkg["extras"]
    assert (
        pkg["organization"]["name"] == pkg["owner_org"]
        or pkg["organization"]["id"] == pkg["owner_org"]
    )
    formats = {r["format"] for r in pkg["resources"]}
    assert {"CSV", "GeoJSON", "Parquet"} <= formats
    by_id = client.post(API + "package_show", json={"id": pkg["id"]}).json()["result"]
    assert by_id["name"] == "sites"


@pytest.mark.parametrize(
    ("action", "params", "status", "etype"),
    [
        ("package_show", {"id": "nope"}, 404, "Not Found Error"),
        ("package_show", {}, 409, "Validation Error"),
        ("resource_show", {"id": "nope"}, 404, "Not Found Error"),
        ("organization_show", {"id": "nope"}, 404, "Not Found Error"),
        ("group_show", {"id": "nope"}, 404, "Not Found Error"),
        ("package_search", {"rows": "many"}, 409, "Validation Error"),
        ("package_search", {"rows": "100000"}, 409, "Validation Error"),
        ("package_search", {"fq": "owner:x"}, 400, "Search Query Error"),
        ("package_search", {"sort": "password desc"}, 400, "Search Query Error"),
        ("package_create", {"name": "x"}, 400, "Bad Request"),
        ("package_delete", {"id": "sites"}, 400, "Bad Request"),
    ],
)
def test_errors_have_ckans_shape_and_status(client, action, params, status, etype):
    for r in (client.get(API + action, params=params), client.post(API + action, json=params)):
        assert r.status_code == status, r.text
        body = r.json()
        assert body["success"] is False
        assert body["error"]["__type"] == etype
        assert body["error"]["message"]


def test_bad_json_body_is_a_clear_error(client):
    r = client.post(
        API + "package_show", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert r.status_code == 400
    assert r.json()["error"]["message"].startswith("Bad request - JSON Error")


def test_package_search_q_fq_rows_start_sort(client):
    def search(**p):
        r = client.post(API + "package_search", json=p)
        assert r.status_code == 200, r.text
        return r.json()["result"]

    everything = search(rows=100)
    assert everything["count"] == len(NAMES)
    assert [p["name"] for p in search(sort="name asc", rows=100)["results"]] == NAMES
    assert [p["name"] for p in search(sort="name desc", rows=100)["results"]] == NAMES[::-1]
    page = search(sort="name asc", rows=2, start=2)
    assert [p["name"] for p in page["results"]] == NAMES[2:4] and page["count"] == len(NAMES)
    assert {p["name"] for p in search(q="speed", rows=100)["results"]} == {"speed-aggregates"}
    geo = search(fq="res_format:GeoJSON", rows=100)
    assert {p["name"] for p in geo["results"]} == {d.name for d in PUBLISHED if d.spatial}
    tagged = search(fq='tags:"dead-spots"', rows=100)
    assert {p["name"] for p in tagged["results"]} == {
        "dead-spots",
        "dead-spot-register",
        "dead-spot-register-figures",
    }
    org = client.get(API + "organization_list").json()["result"][0]
    assert search(fq=f"organization:{org}", rows=100)["count"] == len(NAMES)
    assert search(fq="organization:someone-else")["count"] == 0
    assert search(fq="-res_format:GeoJSON +tags:synthetic", rows=100)["count"] == len(
        [d for d in PUBLISHED if not d.spatial]
    )
    facets = search(**{"facet.field": '["res_format"]', "rows": 0})
    assert facets["facets"]["res_format"]["CSV"] == len(NAMES)


@pytest.mark.parametrize(
    "evil",
    [
        "' OR 1=1 --",
        "sites'; DROP TABLE units; --",
        '"; DROP TABLE sites; --',
        "\\x00",
        "%' UNION SELECT * FROM api_tokens --",
    ],
)
def test_hostile_input_never_reaches_sql(client, web_ws, evil):
    before = _counts(web_ws)
    r = client.get(API + "package_search", params={"q": evil})
    assert r.status_code == 200 and r.json()["result"]["count"] == 0
    r = client.get(API + "package_search", params={"fq": f"tags:{json.dumps(evil)}"})
    assert r.status_code in (200, 400) and r.json()["success"] in (True, False)
    if r.status_code == 200:
        assert r.json()["result"]["count"] == 0
    assert client.get(API + "package_show", params={"id": evil}).status_code == 404
    assert client.get(API + "resource_show", params={"id": evil}).status_code == 404
    assert client.get(API + "organization_show", params={"id": evil}).status_code == 404
    assert client.get("/dataset/" + evil.replace("/", "_")).status_code == 404
    assert client.get("/services", params={"q": evil, "sort": evil}).status_code == 200
    assert _counts(web_ws) == before


def _counts(ws):
    from hatang.store import web_queries as q

    with ws.connect() as con:
        return q.row_counts(con)


def test_resource_show_and_lists(client):
    res = client.get(API + "resource_show", params={"id": "sites-csv"}).json()["result"]
    assert res["url"].endswith("/dataset/sites/sites.csv") and res["format"] == "CSV"
    groups = client.get(API + "group_list").json()["result"]
    assert set(groups) == {d.group for d in PUBLISHED}
    full = client.get(API + "group_list", params={"all_fields": "true"}).json()["result"]
    assert sum(g["package_count"] for g in full) == len(NAMES)
    tags = client.get(API + "tag_list").json()["result"]
    assert "synthetic" in tags and tags == sorted(tags)
    org = client.get(API + "organization_list").json()["result"][0]
    shown = client.get(
        API + "organization_show", params={"id": org, "include_datasets": "true"}
    ).json()["result"]
    assert sorted(p["name"] for p in shown["packages"]) == NAMES


# ---- the real ckanapi client against a real server -------------------------------------


def test_ckanapi_library_reads_and_downloads_everything(live_server):
    import ckanapi

    with ckanapi.RemoteCKAN(live_server.url) as ckan:
        names = ckan.action.package_list()
        assert names == NAMES
        for name in names:
            pkg = ckan.action.package_show(id=name)
            assert pkg["name"] == name
            for res in pkg["resources"]:
                assert res["url"].startswith(live_server.url + "/")
                r = httpx.get(res["url"])
                assert r.status_code == 200 and r.content, res["url"]
        with pytest.raises(ckanapi.NotFound):
            ckan.action.package_show(id="does-not-exist")
        with pytest.raises(ckanapi.ValidationError):
            ckan.action.package_search(rows="lots")
        with pytest.raises(ckanapi.SearchQueryError):
            ckan.action.package_search(fq="secret:1")
        found = ckan.action.package_search(q="dead spots", fq="res_format:CSV", rows=5)
        assert found["count"] >= 1
        assert (
            ckan.action.organization_list() and ckan.action.group_list() and ckan.action.tag_list()
        )
    with ckanapi.RemoteCKAN(live_server.url, get_only=True) as ckan:
        assert ckan.action.package_list() == NAMES


def _ckanapi_cli(*args: str) -> subprocess.CompletedProcess[str]:
    exe = [sys.executable, "-c", "from ckanapi.cli.main import main; import sys; sys.exit(main())"]
    return subprocess.run([*exe, *args], capture_output=True, text=True, timeout=120)


def test_ckanapi_cli_action_and_dump(live_server, tmp_path):
    import shutil

    r = _ckanapi_cli("action", "package_list", "-r", live_server.url)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout) == NAMES
    if shutil.which("ckanapi") is None:
        pytest.skip("the `ckanapi` command is not on PATH (dump starts it for its workers)")
    out = tmp_path / "datasets.jsonl"
    r = subprocess.run(
        ["ckanapi", "dump", "datasets", "--all", "-r", live_server.url, "-O", str(out), "-q"],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert r.returncode == 0, r.stderr
    records = [json.loads(line) for line in out.read_text().splitlines() if line.strip()]
    assert sorted(p["name"] for p in records) == NAMES
    urls = [res["url"] for p in records for res in p["resources"]]
    assert len(urls) >= 2 * len(NAMES)
    with httpx.Client() as h:
        for url in urls:
            assert h.get(url).status_code == 200, url


@pytest.mark.slow
def test_ckanapi_on_the_demo_province(serve, demo_workspace):
    """The demo province through the real client: every package and resource."""
    import ckanapi

    with serve(demo_workspace, refresh_on_start=False) as server:  # never writes to the shared demo
        with ckanapi.RemoteCKAN(server.url) as ckan:
            names = ckan.action.package_list()
            assert set(NAMES) <= set(names)
            sites = ckan.action.package_show(id="sites")
            assert {"key": "synthetic", "value": "true"} in sites["extras"]
            rows = int(next(e["value"] for e in sites["extras"] if e["key"] == "rows"))
            assert rows > 2000  # the demo's 2,000+ sites, every quarter
            with httpx.Client(timeout=120) as h:
                for name in names:
                    for res in ckan.action.package_show(id=name)["resources"]:
                        r = h.get(res["url"])
                        assert r.status_code == 200 and r.content, res["url"]


@pytest.mark.filterwarnings("ignore:mypy_extensions.TypedDict is deprecated:DeprecationWarning")
def test_frictionless_validates_the_served_packages_by_url(live_server):
    """`frictionless validate URL` as a user would run it against the portal."""
    import frictionless

    for name in NAMES:
        report = frictionless.validate(f"{live_server.url}/dataset/{name}/datapackage.json")
        assert report.valid, (name, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(q=st.text(max_size=40), fq=st.text(max_size=40), sort=st.text(max_size=20))
def test_search_never_fails_unexpectedly(client, q, fq, sort):
    r = client.post(API + "package_search", json={"q": q, "fq": fq, "sort": sort or None})
    assert r.status_code in (200, 400, 409)
    body = r.json()
    assert body["success"] is (r.status_code == 200)
    if r.status_code != 200:
        assert (
            body["error"]["__type"] in ("Search Query Error", "Validation Error")
            and body["error"]["message"]
        )
