"""CKAN DataStore search (datastore_search) through the real ckanapi client against a
loopback server: filters, q, fields, sort, limit/offset and CKAN's errors. Golden
values from the fixture province (hatang/testing.py)."""

from __future__ import annotations

import pytest

ckanapi = pytest.importorskip("ckanapi", reason="the CKAN client (test extra)")


@pytest.fixture(scope="module")
def remote(live_server):
    with ckanapi.RemoteCKAN(live_server.url) as ckan:
        yield ckan


def test_the_csv_resources_say_the_datastore_answers(remote):
    pkg = remote.action.package_show(id="sites")
    active = [r["id"] for r in pkg["resources"] if r["datastore_active"]]
    assert active == ["sites-csv"]


def test_filters_select_rows_by_equal_values(remote):
    res = remote.action.datastore_search(
        resource_id="sites-csv", filters={"period": "2025Q4", "shared": True}
    )
    # hand-computed in hatang/testing.py: 3 of the 7 sites of 2025Q4 are shared
    assert res["total"] == 3
    assert sorted(r["site_id"] for r in res["records"]) == ["S1", "S5", "S6"]
    several = remote.action.datastore_search(
        resource_id="sites-csv", filters={"period": ["2024Q4", "2025Q2"]}
    )
    assert several["total"] == 5 + 6


def test_q_finds_words_without_diacritics_and_fields_choose_columns(remote):
    res = remote.action.datastore_search(
        resource_id="village-services", q="thon mot", fields=["village_code", "village_name"]
    )
    assert res["total"] == 4  # village V1 'Thôn Một' in each of the 4 periods
    assert {r["village_code"] for r in res["records"]} == {"V1"}
    assert list(res["records"][0]) == ["village_code", "village_name"]
    assert [f["id"] for f in res["fields"]] == ["village_code", "village_name"]
    one_field = remote.action.datastore_search(
        resource_id="sites-csv", q={"operators": "mobifone"}, filters={"period": "2025Q4"}
    )
    assert all("mobifone" in r["operators"] for r in one_field["records"])
    assert one_field["total"] >= 1


def test_limit_offset_and_sort_page_through_every_row(remote):
    full = remote.action.datastore_search(resource_id="sites-csv", limit=1000, sort="_id asc")
    assert full["total"] == 24 and [r["_id"] for r in full["records"]] == list(range(1, 25))
    pages, offset = [], 0
    while True:
        page = remote.action.datastore_search(
            resource_id="sites-csv", limit=5, offset=offset, sort="site_id asc, period desc"
        )
        if not page["records"]:
            break
        pages += page["records"]
        offset += 5
    assert len(pages) == 24 and len({r["_id"] for r in pages}) == 24
    keys = [(r["site_id"], r["period"]) for r in pages]
    assert keys == sorted(keys, key=lambda k: (k[0], [-ord(c) for c in k[1]]))
    types = {f["id"]: f["type"] for f in full["fields"]}
    assert types["_id"] == "int" and types["lon"] == "numeric" and types["shared"] == "bool"


def test_errors_are_ckans(remote):
    with pytest.raises(ckanapi.NotFound):
        remote.action.datastore_search(resource_id="no-such-resource")
    with pytest.raises(ckanapi.ValidationError):
        remote.action.datastore_search(resource_id="sites-csv", filters={"nope": 1})
    with pytest.raises(ckanapi.ValidationError):
        remote.action.datastore_search(resource_id="sites-csv", fields=["site_id", "nope"])
    with pytest.raises(ckanapi.ValidationError):
        remote.action.datastore_search(resource_id="sites-csv", sort="site_id sideways")
    with pytest.raises(ckanapi.ValidationError):
        remote.action.datastore_search(resource_id="sites-csv", limit=10**6)
