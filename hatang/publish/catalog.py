"""The catalogue of published datasets as CKAN package dicts (DCAT: hatang.publish.dcat).

Pure: built from the registry and a `Portal` (facts about this installation and the
row counts of the current workspace state). The CKAN actions themselves live in
hatang.publish.ckan; the web routes only call them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from hatang.publish.registry import GROUPS, LICENSE, Dataset
from hatang.publish.render import FORMATS, File, files_of

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
    #: ISO timestamp of the workspace's first import (DCAT dct:issued); "" = modified
    issued: str = ""
    #: (west, south, east, north) of the province's units, WGS 84 (DCAT dct:spatial)
    bbox: tuple[float, float, float, float] | None = None
    #: (first, last) period of each dataset with periods (DCAT dct:temporal)
    periods: dict[str, tuple[str, str]] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    #: the layer keys of each split dataset's spatial files (render.files_of)
    layers: dict[str, tuple[str, ...]] = field(default_factory=dict)
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


def files(p: Portal, ds: Dataset) -> list[File]:
    """Every file the dataset offers in this portal (`render.files_of`)."""
    return files_of(ds, p.layers.get(ds.name, ()))


def file_url(p: Portal, ds: Dataset, f: File) -> str:
    return f"{p.base_url}/dataset/{ds.name}/{f.name}"


def resource_id(ds: Dataset, f: File) -> str:
    return f"{ds.name}-{f.fmt}" + (f"-{f.layer}" if f.layer else "")


def resource(p: Portal, ds: Dataset, f: File, position: int) -> dict[str, Any]:
    label = FORMATS[f.fmt][2]
    return {
        "id": resource_id(ds, f),
        "package_id": stable_id("package", ds.name),
        "name": f"{ds.title_en} ({f.label})",
        "description": f"{ds.title} — {f.label}",
        "format": label,
        "mimetype": f.mediatype,
        "url": file_url(p, ds, f),
        "url_type": None,
        "position": position,
        "state": "active",
        "created": p.modified,
        "last_modified": p.modified,
        "metadata_modified": p.modified,
        # the CSV's rows answer CKAN's datastore_search (hatang.publish.datastore)
        "datastore_active": f.fmt == "csv",
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
    resources = [resource(p, ds, f, i) for i, f in enumerate(files(p, ds))]
    resources.append(
        {
            **resource(p, ds, files(p, ds)[0], len(resources)),
            "datastore_active": False,
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
