"""The DCAT-AP catalogue (/catalog.jsonld, /catalog.ttl) parsed by rdflib and checked by
pyshacl against the DCAT-AP shapes shipped in tests/publish/dcat-ap-shapes.ttl."""

from __future__ import annotations

from pathlib import Path

import pytest

from hatang.publish import dcat as hdcat
from hatang.publish.registry import DATASETS, all_datasets

rdflib = pytest.importorskip("rdflib", reason="rdflib parses the DCAT catalogue (test extra)")
pytestmark = pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")

SHAPES = Path(__file__).parents[1] / "publish" / "dcat-ap-shapes.ttl"
BASE = "http://testserver"
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
DCT = rdflib.Namespace("http://purl.org/dc/terms/")
VCARD = rdflib.Namespace("http://www.w3.org/2006/vcard/ns#")


@pytest.fixture(scope="module")
def graphs(client):
    jl = client.get("/catalog.jsonld")
    assert jl.headers["content-type"].startswith("application/ld+json")
    ttl = client.get("/catalog.ttl")
    assert ttl.headers["content-type"].startswith("text/turtle")
    return (
        rdflib.Graph().parse(data=jl.text, format="json-ld", base=BASE),
        rdflib.Graph().parse(data=ttl.text, format="turtle"),
    )


#: the static datasets and those the fixture province has data for (its register)
REGISTER = {"dead-spot-register", "dead-spot-register-figures"}
PUBLISHED = [d for d in all_datasets() if d.name in {x.name for x in DATASETS} | REGISTER]


def _resources(client, name):
    return [r["path"] for r in client.get(f"/dataset/{name}/datapackage.json").json()["resources"]]


def test_jsonld_and_turtle_describe_the_same_catalogue(client, graphs):
    g1, g2 = graphs
    files = sum(len(_resources(client, d.name)) for d in PUBLISHED)
    for g in graphs:
        assert len(set(g.subjects(rdflib.RDF.type, DCAT.Dataset))) == len(PUBLISHED)
        assert len(set(g.subjects(rdflib.RDF.type, DCAT.Catalog))) == 1
        assert len(set(g.subjects(rdflib.RDF.type, DCAT.Distribution))) == files
    from rdflib.compare import isomorphic

    assert isomorphic(g1, g2)
    for url in {str(o) for o in g2.objects(None, DCAT.downloadURL)}:
        assert client.get(url.replace(BASE, "")).status_code == 200, url


def test_iris_where_dcat_ap_expects_them(graphs):
    g = graphs[1]
    for d in g.subjects(rdflib.RDF.type, DCAT.Distribution):
        for prop in (DCAT.mediaType, DCT["format"], DCT.license, DCAT.downloadURL):
            assert isinstance(g.value(d, prop), rdflib.URIRef), (d, prop)
        assert str(g.value(d, DCT.license)) == hdcat.LICENCE_IRI
    csv = rdflib.URIRef(f"{BASE}/dataset/sites#sites.csv")
    assert (
        str(g.value(csv, DCAT.mediaType)) == "http://www.iana.org/assignments/media-types/text/csv"
    )
    assert str(g.value(csv, DCT["format"])).endswith("/file-type/CSV")
    themes = {str(t) for t in g.objects(rdflib.URIRef(f"{BASE}/dataset/sites"), DCAT.theme)}
    assert themes == {"http://publications.europa.eu/resource/authority/data-theme/TECH"}


def test_contact_point_coverage_and_dates(graphs):
    g = graphs[1]
    sites = rdflib.URIRef(f"{BASE}/dataset/sites")
    contact = g.value(sites, DCAT.contactPoint)
    assert (contact, rdflib.RDF.type, VCARD.Kind) in g and g.value(contact, VCARD.fn)
    period = g.value(sites, DCT.temporal)  # the fixture's sites: 2024Q4 .. 2025Q4
    assert str(g.value(period, DCAT.startDate)) == "2024-10-01"
    assert str(g.value(period, DCAT.endDate)) == "2025-12-31"
    place = g.value(sites, DCT.spatial)
    assert str(g.value(place, DCAT.bbox)).startswith("POLYGON((")
    issued, modified = g.value(sites, DCT.issued), g.value(sites, DCT.modified)
    assert issued.toPython() <= modified.toPython()


def _validate(g):
    pyshacl = pytest.importorskip("pyshacl", reason="pyshacl checks the DCAT-AP shapes")
    shapes = rdflib.Graph().parse(SHAPES, format="turtle")
    conforms, _, text = pyshacl.validate(g, shacl_graph=shapes, inference="none")
    return conforms, text


def test_catalogue_conforms_to_the_dcat_ap_shapes(graphs):
    for g in graphs:
        conforms, text = _validate(g)
        assert conforms, text[:3000]


def test_the_shapes_catch_a_missing_contact_point_and_a_literal_licence(graphs):
    g = rdflib.Graph()
    for t in graphs[1]:
        g.add(t)
    g.remove((None, DCAT.contactPoint, None))
    dist = rdflib.URIRef(f"{BASE}/dataset/sites#sites.csv")
    g.set((dist, DCT.license, rdflib.Literal("CC BY 4.0")))
    conforms, text = _validate(g)
    assert not conforms
    assert "contactPoint" in text and "license" in text
