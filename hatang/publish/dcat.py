"""The catalogue as DCAT-AP (JSON-LD and Turtle): what EU-style portals and harvesters read.

Pure, built from a `catalog.Portal`. Where DCAT-AP expects an IRI there is one: media
types (IANA), file formats, licences, themes, languages and access rights (the EU
Publications Office's authority tables), the publisher, the contact point, the place
(`dct:Location` with a WKT bounding box) and the period (`dct:PeriodOfTime`).
`tests/publish/dcat-ap-shapes.ttl` holds the DCAT-AP shapes the output is checked
against (pyshacl, offline).
"""

from __future__ import annotations

from typing import Any

from hatang.model.periods import parse_period
from hatang.publish.catalog import Portal, file_url, files, tags_of
from hatang.publish.registry import Dataset
from hatang.publish.render import FORMATS, File

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "adms": "http://www.w3.org/ns/adms#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "locn": "http://www.w3.org/ns/locn#",
    "gsp": "http://www.opengis.net/ont/geosparql#",
}

EU = "http://publications.europa.eu/resource/authority/"
#: hatang format → the EU file-type authority's code
FILE_TYPES = {
    "csv": "CSV",
    "xlsx": "XLSX",
    "geojson": "GEOJSON",
    "gpkg": "GPKG",
    "parquet": "PARQUET",
}
#: a dataset's group → EU data themes
THEMES = {
    "administrative": ("REGI", "GOVE"),
    "telecom": ("TECH",),
    "indicators": ("TECH", "ECON"),
    "government": ("GOVE", "TECH"),
}
LICENCE_IRI = EU + "licence/CC_BY_4_0"
LANGUAGES = (EU + "language/VIE", EU + "language/ENG")


def iri(value: str) -> dict[str, str]:
    return {"@id": value}


def media_type(fmt: str) -> dict[str, str]:
    return iri("http://www.iana.org/assignments/media-types/" + FORMATS[fmt][1])


def _texts(vi: str, en: str) -> list[dict[str, str]]:
    return [{"@value": vi, "@language": "vi"}, {"@value": en, "@language": "en"}]


def _when(value: str, kind: str = "xsd:dateTime") -> dict[str, str]:
    return {"@value": value, "@type": kind}


def publisher(p: Portal) -> dict[str, Any]:
    return {
        "@id": f"{p.base_url}/organization/{p.org_name}",
        "@type": "foaf:Agent",
        "foaf:name": p.org_title,
    }


def contact(p: Portal) -> dict[str, Any]:
    return {
        "@id": f"{p.base_url}/organization/{p.org_name}#contact",
        "@type": ["vcard:Organization", "vcard:Kind"],  # Kind: DCAT-AP's range
        "vcard:fn": p.org_title,
        "vcard:hasURL": iri(f"{p.base_url}/data"),
    }


def location(p: Portal) -> dict[str, Any] | None:
    """The province as a dct:Location: its bounding box as WKT (WGS 84)."""
    if p.bbox is None:
        return None
    w, s, e, n = p.bbox
    wkt = f"POLYGON(({w} {s},{e} {s},{e} {n},{w} {n},{w} {s}))"
    return {
        "@id": f"{p.base_url}/catalog#spatial",
        "@type": "dct:Location",
        "dcat:bbox": _when(wkt, "gsp:wktLiteral"),
        "locn:geometry": _when(wkt, "gsp:wktLiteral"),
    }


def period_of_time(p: Portal, ds: Dataset) -> dict[str, Any] | None:
    """The quarters a dataset covers, first day to last day (dct:PeriodOfTime)."""
    span = p.periods.get(ds.name)
    if not span:
        return None
    try:
        first, last = parse_period(span[0]), parse_period(span[1])
    except ValueError:
        return None
    return {
        "@id": f"{p.base_url}/dataset/{ds.name}#temporal",
        "@type": "dct:PeriodOfTime",
        "dcat:startDate": _when(_start(first), "xsd:date"),
        "dcat:endDate": _when(_end(last), "xsd:date"),
    }


def _start(period: str) -> str:
    year, q = period[:4], int(period[5:]) if "Q" in period else 1
    return f"{year}-{3 * q - 2:02d}-01"


def _end(period: str) -> str:
    if "Q" not in period:
        return f"{period[:4]}-12-31"
    year, q = period[:4], int(period[5:])
    return f"{year}-{3 * q:02d}-{'31' if q in (1, 4) else '30'}"


def distribution(p: Portal, ds: Dataset, f: File) -> dict[str, Any]:
    return {
        "@id": f"{p.base_url}/dataset/{ds.name}#{f.name}",
        "@type": "dcat:Distribution",
        "dct:title": f"{ds.title_en} ({f.label})",
        "dcat:accessURL": iri(f"{p.base_url}/dataset/{ds.name}"),
        "dcat:downloadURL": iri(file_url(p, ds, f)),
        "dcat:mediaType": media_type(f.fmt),
        "dct:format": iri(EU + "file-type/" + FILE_TYPES[f.fmt]),
        "dct:license": iri(LICENCE_IRI),
        "dct:modified": _when(p.modified),
    }


def dataset(p: Portal, ds: Dataset) -> dict[str, Any]:
    d: dict[str, Any] = {
        "@id": f"{p.base_url}/dataset/{ds.name}",
        "@type": "dcat:Dataset",
        "dct:identifier": ds.name,
        "dct:title": _texts(ds.title_vi, ds.title_en),
        "dct:description": _texts(ds.description_vi, ds.description_en),
        "dcat:keyword": tags_of(p, ds),
        "dcat:theme": [iri(EU + "data-theme/" + t) for t in THEMES.get(ds.group, ("TECH",))],
        "dct:language": [iri(x) for x in LANGUAGES],
        "dct:license": iri(LICENCE_IRI),
        "dct:accessRights": iri(EU + "access-right/PUBLIC"),
        "dct:publisher": publisher(p),
        "dcat:contactPoint": contact(p),
        "dct:issued": _when(p.issued or p.modified),
        "dct:modified": _when(p.modified),
        "dcat:landingPage": iri(f"{p.base_url}/dataset/{ds.name}"),
        "dcat:distribution": [distribution(p, ds, f) for f in files(p, ds)],
    }
    place, period = location(p), period_of_time(p, ds)
    if place is not None:
        d["dct:spatial"] = place
    if period is not None:
        d["dct:temporal"] = period
    if p.synthetic:
        d["adms:status"] = "synthetic"
        d["adms:versionNotes"] = "DỮ LIỆU MÔ PHỎNG / SYNTHETIC DATA — not real measurements"
    return d


def graph(p: Portal) -> dict[str, Any]:
    """The catalogue as JSON-LD (DCAT-AP)."""
    place = f" — {p.province_name or p.province}"
    doc: dict[str, Any] = {
        "@context": CONTEXT,
        "@id": f"{p.base_url}/catalog",
        "@type": "dcat:Catalog",
        "dct:title": _texts(
            "Dữ liệu mở hạ tầng số" + place, "Digital-infrastructure open data" + place
        ),
        "dct:description": _texts(
            "Dữ liệu hạ tầng số của tỉnh, công bố bởi hatang"
            + (" — DỮ LIỆU MÔ PHỎNG" if p.synthetic else ""),
            "The province's digital-infrastructure data, published by hatang"
            + (" — SYNTHETIC DATA" if p.synthetic else ""),
        ),
        "dct:publisher": publisher(p),
        "dct:license": iri(LICENCE_IRI),
        "dct:language": [iri(x) for x in LANGUAGES],
        "dct:issued": _when(p.issued or p.modified),
        "dct:modified": _when(p.modified),
        "foaf:homepage": iri(f"{p.base_url}/"),
        "dcat:dataset": [dataset(p, ds) for ds in p.datasets],
    }
    if location(p) is not None:
        doc["dct:spatial"] = iri(f"{p.base_url}/catalog#spatial")
    return doc


# ---- Turtle ---------------------------------------------------------------------------


def _ttl_literal(v: Any) -> str:
    if isinstance(v, dict) and "@id" in v:
        return f"<{v['@id']}>"
    if isinstance(v, dict) and "@value" in v:
        s = _ttl_string(v["@value"])
        if "@language" in v:
            return f"{s}@{v['@language']}"
        if "@type" in v:
            return f"{s}^^{v['@type']}"
        return s
    return _ttl_string(str(v))


def _ttl_string(s: str) -> str:
    esc = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{esc}"'


def _ttl_node(node: dict[str, Any], out: list[str], seen: set[str]) -> None:
    """Write one subject; nested nodes with an @id become their own subjects (once)."""
    lines = []
    nested = []
    if "@type" in node:
        types = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
        lines.append("a " + ", ".join(types))
    for key, value in node.items():
        if key.startswith("@"):
            continue
        values = value if isinstance(value, list) else [value]
        objs = []
        for v in values:
            if isinstance(v, dict) and "@id" in v and len(v) > 1:
                nested.append(v)
            objs.append(_ttl_literal(v))
        lines.append(f"{key} " + ", ".join(objs))
    if node["@id"] not in seen:
        seen.add(node["@id"])
        out.append(f"<{node['@id']}>\n    " + " ;\n    ".join(lines) + " .\n")
    for n in nested:
        _ttl_node(n, out, seen)


def turtle(p: Portal) -> str:
    g = graph(p)
    out = [f"@prefix {k}: <{v}> ." for k, v in CONTEXT.items()] + [""]
    _ttl_node(g, out, set())
    return "\n".join(out)
