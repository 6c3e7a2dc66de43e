"""No query string makes the server fail: schemathesis generates requests for every GET
operation of the OpenAPI schema (valid and invalid values of every declared parameter,
path parameters included) and checks that none answers 5xx. Bounded: a fixed number of
examples per operation, derandomised, so a run is repeatable."""

from __future__ import annotations

import re
import warnings

import pytest
from hypothesis import HealthCheck, settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import schemathesis
    from schemathesis.checks import not_a_server_error

#: examples per operation (the issue's 5-minute run found its faults within a few dozen)
EXAMPLES = 25


@pytest.fixture(scope="session")
def web_schema(web_ws):
    from hatang.web import create_app

    app = create_app(web_ws, refresh_on_start=False)
    return schemathesis.openapi.from_asgi("/api/openapi.json", app).include(method="GET")


schema = schemathesis.pytest.from_fixture("web_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_query_string_is_a_server_error(case):
    response = case.call()
    case.validate_response(response, checks=(not_a_server_error,))


def test_every_page_declares_its_parameters(client):
    """The schema lists the list pages' filters, so schemathesis sends them."""
    paths = client.get("/api/openapi.json").json()["paths"]
    declared = {p["name"] for p in paths["/dead-spots"]["get"]["parameters"]}
    assert {"q", "status", "operator", "commune_name", "sort", "order", "page"} <= declared
    assert {"/", "/map", "/speeds", "/services", "/commune/{code}"} <= set(paths)


@pytest.mark.parametrize(
    "path",
    [
        "/dead-spots?q=anything",  # issue 11 §3: a TypeError in filter_sort, 500
        "/speeds?operator=zzz&q=a",
        "/dead-spots?status=zzz&q=a",
        "/services?level=zzz&q=a",
    ],
)
def test_the_query_strings_that_failed_answer_an_empty_list(client, path):
    r = client.get(path + "&lang=en")
    assert r.status_code == 200
    assert re.search(r"(?<![\d.,])0 rows", r.text), "the list should say it has 0 rows"
