"""Every query parameter a page or API route reads is declared, so it is in the OpenAPI
schema (/api/openapi.json) with a description; the schema builds without warnings
(unique operation ids)."""

from __future__ import annotations

import pytest

#: path → the query parameters it reads
DECLARED = {
    "/": {"lang", "province"},
    "/map": {"lang", "indicator", "scenario", "province", "operator"},
    "/commune/{code}": {"lang", "province"},
    "/country": {"lang", "target"},
    "/dead-spots": {
        "lang",
        "q",
        "sort",
        "order",
        "page",
        "format",
        "status",
        "operator",
        "commune_name",
        "province",
    },
    "/speeds": {
        *("lang", "q", "sort", "order", "page", "format", "period", "operator", "kind"),
        "province",
    },
    "/services": {
        *("lang", "q", "sort", "order", "page", "format", "period", "level", "agency"),
        "province",
    },
    "/scenarios": {"lang", "compare", "province"},
    "/scenario/{name}": {"lang", "format", "province"},
    "/data": {"lang"},
    "/register": {"lang", "state", "operator", "commune", "overdue", "format", "province"},
    "/register/{case_id}": {"lang"},
    "/register/scoreboard": {"lang"},
    "/register/report": {"lang"},
    "/dataset/{name}": {"lang"},
    "/api/audit": {"since", "kind"},
    "/api/3/action/{action}": {
        "id",
        "q",
        "fq",
        "rows",
        "start",
        "sort",
        "limit",
        "offset",
        "facet.field",
        "resource_id",
        "filters",
        "fields",
    },
}


@pytest.fixture(scope="module")
def schema(client):
    r = client.get("/api/openapi.json")
    assert r.status_code == 200
    return r.json()


@pytest.mark.parametrize("path", sorted(DECLARED))
def test_query_parameters_are_declared(schema, path):
    op = schema["paths"][path]["get"]
    params = {p["name"]: p for p in op.get("parameters", []) if p["in"] == "query"}
    assert set(params) == DECLARED[path]
    assert all(p.get("description") for p in params.values()), path


def test_operation_ids_are_unique(schema):
    ids = [op["operationId"] for item in schema["paths"].values() for op in item.values()]
    assert len(ids) == len(set(ids))


def test_bad_values_are_refused_in_one_clear_line(client):
    r = client.get("/dead-spots?page=0")
    assert r.status_code == 422 and "page" in r.text
    r = client.get("/scenario/x?format=xls")
    assert r.status_code in (404, 422)
    assert client.get("/dead-spots?order=sideways").status_code == 422
    # a language it does not know keeps the remembered one, as before
    assert client.get("/?lang=xx").status_code == 200
