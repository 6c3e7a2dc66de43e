"""The catalogue of published datasets as CKAN package dicts and as DCAT (JSON-LD, Turtle).

Pure: built from the registry and a `Portal` (facts about this installation and the
row counts of the current workspace state). The CKAN actions themselves live in
hatang.publish.ckan; the web routes only call them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from hatang.publish.registry import GROUPS, LICENSE, Dataset
from hatang.publish.render import FORMATS, formats_of

_NS = uuid.UUID("7c6f1f7e-2b7a-4a8e-9d3c-1f0e4a5b6c7d")


def stable_id(*parts: str) -> str:
    return str(uuid.uuid5(_NS, "/".join(parts)))


@dataclass(frozen=True)
class Portal:
    base_url: str  # e.g. http://127.0.0.1:8000 (no trailing slash)
    province: str
    province_name: str
    synthetic: bool
    modified: str  # ISO timestamp of the workspace's last change
    datasets: tuple[Dataset, ...]
    rows: dict[str, int] = field(default_factory=dict)
    #: package dicts built once per portal (not part of its identity)
    cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def org_name(self) -> str:
        return f"tinh-{self.province}" if self.province else "hatang"

    @property
    def org_title(self) -> str:
        name = self.province_name or self.province or "hatang"
        return f"Sở Khoa học và Công nghệ / Department of Science and Technology — {name}"


def organization(p: Portal, *, with_packages: bool = False) -> dict[str, Any]:
    d: dict[str, Any] = {
        "id": stable_id("org", p.org_name),
        "name": p.org_name,
        "title": p.org_title,
        "display_name": p.org_title,
        "type": "organization",
        "state": "active",
        "is_organization": True,
        "approval_status": "approved",
        "image_url": "",
        "description": "Cơ quan công bố dữ liệu hạ tầng số của tỉnh / publisher of the province's digital-infrastructure data.",
        "created": p.modified,
        "package_count": len(p.datasets),
    }
    if with_packages:
        d["packages"] = [package(p, ds) for ds in p.datasets]
    return d


def group(p: Portal, name: str, *, with_packages: bool = False) -> dict[str, Any]:
    vi, en = GROUPS[name]
    members = [ds for ds in p.datasets if ds.group == name]
    d: dict[str, Any] = {
        "id": stable_id("group", name),
        "name": name,
        "title": f"{vi} / {en}",
        "display_name": f"{vi} / {en}",
        "type": "group",
        "state": "active",
        "is_organization": False,
        "approval_status": "approved",
        "image_url": "",
        "description": "",
        "created": p.modified,
        "package_count": len(members),
    }
    if with_packages:
        d["packages"] = [package(p, ds) for ds in members]
    return d


def resource_url(p: Portal, ds: Dataset, fmt: str) -> str:
    return f"{p.base_url}/dataset/{ds.name}/{ds.name}.{FORMATS[fmt][0]}"


def resource(p: Portal, ds: Dataset, fmt: str, position: int) -> dict[str, Any]:
    suffix, mediatype, label = FORMATS[fmt]
    return {
        "id": f"{ds.name}-{fmt}",
        "package_id": stable_id("package", ds.name),
        "name": f"{ds.title_en} ({label})",
        "description": f"{ds.title} — {label}",
        "format": label,
        "mimetype": mediatype,
        "url": resource_url(p, ds, fmt),
        "url_type": None,
        "position": position,
        "state": "active",
        "created": p.modified,
        "last_modified": p.modified,
        "metadata_modified": p.modified,
        "datastore_active": False,
        "size": None,
        "hash": "",
    }


def tags_of(p: Portal, ds: Dataset) -> list[str]:
    return list(ds.tags) + (["synthetic"] if p.synthetic else [])


def package(p: Portal, ds: Dataset) -> dict[str, Any]:
    """The CKAN package dict of a dataset (built once per portal; callers must not modify it)."""
    key = "package:" + ds.name
    if key not in p.cache:
        p.cache[key] = _package(p, ds)
    out: dict[str, Any] = p.cache[key]
    return out


def _package(p: Portal, ds: Dataset) -> dict[str, Any]:
    tags = tags_of(p, ds)
    notes = f"{ds.description_vi}\n\n{ds.description_en}"
    if p.synthetic:
        notes = "**DỮ LIỆU MÔ PHỎNG / SYNTHETIC DATA** — not real measurements.\n\n" + notes
    resources = [resource(p, ds, fmt, i) for i, fmt in enumerate(formats_of(ds))]
    resources.append(
        {
            **resource(p, ds, "csv", len(resources)),
            "id": f"{ds.name}-datapackage",
            "name": "Frictionless Data Package",
            "description": "datapackage.json (Frictionless Data)",
            "format": "JSON",
            "mimetype": "application/json",
            "url": f"{p.base_url}/dataset/{ds.name}/datapackage.json",
        }
    )
    gvi, gen = GROUPS[ds.group]
    return {
        "id": stable_id("package", ds.name),
        "name": ds.name,
        "title": ds.title,
        "notes": notes,
        "type": "dataset",
        "state": "active",
        "private": False,
        "license_id": LICENSE["ckan_id"],
        "license_title": LICENSE["title"],
        "license_url": LICENSE["url"],
        "isopen": True,
        "author": p.org_title,
        "maintainer": p.org_title,
        "owner_org": stable_id("org", p.org_name),
        "organization": organization(p),
        "metadata_created": p.modified,
        "metadata_modified": p.modified,
        "url": f"{p.base_url}/dataset/{ds.name}",
        "version": p.modified[:10],
        "tags": [
            {
                "id": stable_id("tag", t),
                "name": t,
                "display_name": t,
                "state": "active",
                "vocabulary_id": None,
            }
            for t in tags
        ],
        "num_tags": len(tags),
        "groups": [
            {
                "id": stable_id("group", ds.group),
                "name": ds.group,
                "title": f"{gvi} / {gen}",
                "display_name": f"{gvi} / {gen}",
                "description": "",
                "image_display_url": "",
            }
        ],
        "extras": [
            {"key": "synthetic", "value": "true" if p.synthetic else "false"},
            {"key": "rows", "value": str(p.rows.get(ds.name, 0))},
            {"key": "province", "value": p.province},
            {"key": "primary_key", "value": ",".join(ds.primary_key)},
            {"key": "spatial_kind", "value": ds.spatial or "none"},
        ],
        "resources": resources,
        "num_resources": len(resources),
        "relationships_as_object": [],
        "relationships_as_subject": [],
    }


# ---- DCAT ---------------------------------------------------------------------------

DCAT_CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "adms": "http://www.w3.org/ns/adms#",
}


def dcat_graph(p: Portal) -> dict[str, Any]:
    """The catalogue as JSON-LD (DCAT-AP style)."""
    publisher = {
        "@id": f"{p.base_url}/organization/{p.org_name}",
        "@type": "foaf:Organization",
        "foaf:name": p.org_title,
    }
    lic = {"@id": LICENSE["url"]}
    datasets = []
    for ds in p.datasets:
        dists = []
        for fmt in formats_of(ds):
            url = resource_url(p, ds, fmt)
            dists.append(
                {
                    "@id": f"{p.base_url}/dataset/{ds.name}#{fmt}",
                    "@type": "dcat:Distribution",
                    "dct:title": f"{ds.title_en} ({FORMATS[fmt][2]})",
                    "dcat:accessURL": {"@id": f"{p.base_url}/dataset/{ds.name}"},
                    "dcat:downloadURL": {"@id": url},
                    "dcat:mediaType": FORMATS[fmt][1],
                    "dct:format": FORMATS[fmt][2],
                    "dct:license": lic,
                }
            )
        keywords = tags_of(p, ds)
        d = {
            "@id": f"{p.base_url}/dataset/{ds.name}",
            "@type": "dcat:Dataset",
            "dct:identifier": ds.name,
            "dct:title": [
                {"@value": ds.title_vi, "@language": "vi"},
                {"@value": ds.title_en, "@language": "en"},
            ],
            "dct:description": [
                {"@value": ds.description_vi, "@language": "vi"},
                {"@value": ds.description_en, "@language": "en"},
            ],
            "dcat:keyword": keywords,
            "dct:license": lic,
            "dct:publisher": publisher,
            "dct:modified": {"@value": p.modified, "@type": "xsd:dateTime"},
            "dcat:landingPage": {"@id": f"{p.base_url}/dataset/{ds.name}"},
            "dcat:distribution": dists,
        }
        if p.synthetic:
            d["adms:status"] = "synthetic"
        datasets.append(d)
    return {
        "@context": DCAT_CONTEXT,
        "@id": f"{p.base_url}/catalog",
        "@type": "dcat:Catalog",
        "dct:title": [
            {
                "@value": f"Dữ liệu mở hạ tầng số — {p.province_name or p.province}",
                "@language": "vi",
            },
            {
                "@value": f"Digital-infrastructure open data — {p.province_name or p.province}",
                "@language": "en",
            },
        ],
        "dct:description": "Published by hatang"
        + (" — SYNTHETIC DATA (dữ liệu mô phỏng)" if p.synthetic else ""),
        "dct:publisher": publisher,
        "dct:license": lic,
        "dct:modified": {"@value": p.modified, "@type": "xsd:dateTime"},
        "foaf:homepage": {"@id": f"{p.base_url}/"},
        "dcat:dataset": datasets,
    }


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


def _ttl_node(node: dict[str, Any], out: list[str]) -> None:
    """Write one subject; nested nodes with an @id become their own subjects."""
    lines = []
    nested = []
    if "@type" in node:
        lines.append(f"a {node['@type']}")
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
    out.append(f"<{node['@id']}>\n    " + " ;\n    ".join(lines) + " .\n")
    for n in nested:
        _ttl_node(n, out)


def dcat_turtle(p: Portal) -> str:
    g = dcat_graph(p)
    out = [f"@prefix {k}: <{v}> ." for k, v in DCAT_CONTEXT.items()] + [""]
    _ttl_node(g, out)
    return "\n".join(out)
