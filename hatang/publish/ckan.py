"""A read-only subset of the CKAN Action API v3, as pure functions over a `Portal`.

Each action takes the request's parameters (a dict of strings or JSON values) and
returns the `result`; a problem raises `ActionError` carrying CKAN's error `__type`
and HTTP status, which the web layer wraps in CKAN's envelope. Search runs in Python
over the in-memory catalogue: nothing a client sends reaches SQL.
"""

from __future__ import annotations

import re
from functools import partial
from typing import Any

from hatang.publish.catalog import Portal, group, organization, package, tags_of
from hatang.publish.registry import GROUPS, Dataset
from hatang.publish.render import FORMATS, formats_of

CKAN_VERSION = "2.10.4"


class ActionError(Exception):
    def __init__(
        self, type_: str, status: int, message: str, fields: dict[str, list[str]] | None = None
    ):
        super().__init__(message)
        self.type = type_
        self.status = status
        self.message = message
        self.fields = fields or {}

    def error_dict(self) -> dict[str, Any]:
        return {"__type": self.type, "message": self.message, **self.fields}


def _text_key(attribute: str, ds: Dataset) -> str:
    """A dataset's name or title, case-folded: what search results sort by."""
    return str(getattr(ds, attribute)).lower()


def not_found(what: str) -> ActionError:
    return ActionError("Not Found Error", 404, f"Not found: {what}")


def invalid(field: str, why: str) -> ActionError:
    return ActionError("Validation Error", 409, f"Validation Error: {field}: {why}", {field: [why]})


def _int(params: dict[str, Any], name: str, default: int, lo: int, hi: int) -> int:
    raw = params.get(name, default)
    if raw in (None, ""):
        return default
    try:
        v = int(str(raw))
    except ValueError:
        raise invalid(name, "Invalid integer") from None
    if not lo <= v <= hi:
        raise invalid(name, f"Must be between {lo} and {hi}")
    return v


def _bool(params: dict[str, Any], name: str, default: bool) -> bool:
    raw = params.get(name, default)
    if isinstance(raw, bool):
        return raw
    return str(raw).strip().lower() in ("true", "1", "yes", "on")


def _id(params: dict[str, Any], name: str = "id") -> str:
    raw = params.get(name)
    if raw in (None, ""):
        raise invalid(name, "Missing value")
    return str(raw)


def _dataset(p: Portal, ref: str) -> Dataset:
    for ds in p.datasets:
        if ref in (ds.name, package(p, ds)["id"]):
            return ds
    raise not_found("Dataset")


# ---- actions --------------------------------------------------------------------------


def status_show(p: Portal, params: dict[str, Any]) -> dict[str, Any]:
    return {
        "site_title": f"hatang — {p.province_name or p.province}",
        "site_url": p.base_url,
        "site_description": "Dữ liệu mở hạ tầng số / digital-infrastructure open data"
        + (" — SYNTHETIC DATA (dữ liệu mô phỏng)" if p.synthetic else ""),
        "error_emails_to": None,
        "locale_default": "vi",
        "extensions": ["hatang"],
        "ckan_version": CKAN_VERSION,
    }


def package_list(p: Portal, params: dict[str, Any]) -> list[str]:
    names = sorted(ds.name for ds in p.datasets)
    offset = _int(params, "offset", 0, 0, 10**6)
    limit = _int(params, "limit", len(names), 0, 10**6)
    return names[offset : offset + limit]


def package_show(p: Portal, params: dict[str, Any]) -> dict[str, Any]:
    return package(p, _dataset(p, _id(params)))


def resource_show(p: Portal, params: dict[str, Any]) -> dict[str, Any]:
    rid = _id(params)
    for ds in p.datasets:
        resources: list[dict[str, Any]] = package(p, ds)["resources"]
        for res in resources:
            if res["id"] == rid:
                return res
    raise not_found("Resource")


def organization_list(p: Portal, params: dict[str, Any]) -> list[Any]:
    if _bool(params, "all_fields", False):
        return [organization(p)]
    return [p.org_name]


def organization_show(p: Portal, params: dict[str, Any]) -> dict[str, Any]:
    ref = _id(params)
    org = organization(p, with_packages=_bool(params, "include_datasets", False))
    if ref not in (org["name"], org["id"]):
        raise not_found("Organization")
    return org


def _groups_used(p: Portal) -> list[str]:
    used = {ds.group for ds in p.datasets}
    return [g for g in GROUPS if g in used]


def group_list(p: Portal, params: dict[str, Any]) -> list[Any]:
    names = _groups_used(p)
    if _bool(params, "all_fields", False):
        return [group(p, n) for n in names]
    return names


def group_show(p: Portal, params: dict[str, Any]) -> dict[str, Any]:
    ref = _id(params)
    for n in _groups_used(p):
        g = group(p, n, with_packages=_bool(params, "include_datasets", False))
        if ref in (g["name"], g["id"]):
            return g
    raise not_found("Group")


def tag_list(p: Portal, params: dict[str, Any]) -> list[Any]:
    tags = sorted({t for ds in p.datasets for t in tags_of(p, ds)})
    q = str(params.get("query") or "").lower()
    if q:
        tags = [t for t in tags if q in t.lower()]
    if _bool(params, "all_fields", False):
        return [{"id": t, "name": t, "display_name": t, "vocabulary_id": None} for t in tags]
    return tags


# ---- search ---------------------------------------------------------------------------

_TERM = re.compile(
    r'\s*(?P<sign>[+-]?)(?P<field>[A-Za-z_]+):(?:"(?P<quoted>[^"]*)"|(?P<bare>[^\s()"]+))\s*'
)
SEARCH_FIELDS = ("organization", "tags", "res_format", "groups", "name", "license_id")
SORT_FIELDS = {
    "name": "name",
    "title": "title",
    "title_string": "title",
    "metadata_modified": "metadata_modified",
    "metadata_created": "metadata_created",
    "score": "score",
}


_WORD = re.compile(r"\s*(\S+)\s*")


def parse_filters(text: str) -> tuple[list[tuple[bool, str, str]], list[str]]:
    """`tags:x +organization:"y z" -res_format:CSV words` → ([(negate, field, value)], [words])."""
    filters: list[tuple[bool, str, str]] = []
    words: list[str] = []
    text = text.strip()
    pos = 0
    while pos < len(text):
        m = _TERM.match(text, pos)
        if m:
            field = m.group("field")
            if field not in SEARCH_FIELDS:
                raise ActionError(
                    "Search Query Error",
                    400,
                    f"Search Query Error: unknown field {field!r}; "
                    f"searchable fields: {', '.join(SEARCH_FIELDS)}",
                )
            value = m.group("quoted") if m.group("quoted") is not None else m.group("bare")
            filters.append((m.group("sign") == "-", field, value))
            pos = m.end()
            continue
        w = _WORD.match(text, pos)
        if w is None:  # only whitespace left
            break
        word = w.group(1).strip('"')
        if word.upper() not in ("AND", "OR", "*:*", "*") and word:
            words.append(word.lower())
        pos = w.end()
    return filters, words


def _field_values(p: Portal, ds: Dataset, field: str) -> set[str]:
    if field == "organization":
        return {p.org_name}
    if field == "tags":
        return set(tags_of(p, ds))
    if field == "res_format":
        return {FORMATS[f][2] for f in formats_of(ds)} | {"JSON"}
    if field == "groups":
        return {ds.group}
    if field == "license_id":
        return {package(p, ds)["license_id"]}
    return {ds.name}


def _matches(
    p: Portal, ds: Dataset, filters: list[tuple[bool, str, str]], words: list[str]
) -> bool:
    for negate, field, value in filters:
        hit = value.lower() in {v.lower() for v in _field_values(p, ds, field)}
        if hit == negate:
            return False
    if words:
        text = " ".join(
            [ds.name, ds.title, ds.description_vi, ds.description_en, *tags_of(p, ds)]
        ).lower()
        return all(w in text for w in words)
    return True


def package_search(p: Portal, params: dict[str, Any]) -> dict[str, Any]:
    q = str(params.get("q") or "")
    fq = params.get("fq") or ""
    fq_list = params.get("fq_list") or []
    if isinstance(fq_list, str):
        fq_list = [fq_list]
    if len(q) > 1000 or len(str(fq)) > 1000:
        raise invalid("q", "Too long")
    rows = _int(params, "rows", 10, 0, 1000)
    start = _int(params, "start", 0, 0, 10**6)
    filters, words = parse_filters(q)
    for text in [str(fq), *map(str, fq_list)]:
        f2, w2 = parse_filters(text)
        if w2:
            raise ActionError(
                "Search Query Error",
                400,
                f"Search Query Error: fq must be field:value terms, got {' '.join(w2)!r}",
            )
        filters += f2
    hits = [ds for ds in p.datasets if _matches(p, ds, filters, words)]
    sort = str(params.get("sort") or "score desc, metadata_modified desc")
    for clause in reversed([c.strip() for c in sort.split(",") if c.strip()]):
        parts = clause.split()
        if (
            len(parts) != 2
            or parts[0] not in SORT_FIELDS
            or parts[1].lower() not in ("asc", "desc")
        ):
            raise ActionError(
                "Search Query Error",
                400,
                f"Search Query Error: cannot sort by {clause!r}; use e.g. 'name asc' or 'title desc'",
            )
        key = SORT_FIELDS[parts[0]]
        if key in ("name", "title"):
            hits.sort(key=partial(_text_key, key), reverse=parts[1].lower() == "desc")
    facet_fields = params.get("facet.field") or []
    if isinstance(facet_fields, str):
        import json

        try:
            facet_fields = json.loads(facet_fields)
        except ValueError:
            facet_fields = [facet_fields]
    facets: dict[str, dict[str, int]] = {}
    for f in facet_fields:
        if f not in SEARCH_FIELDS:
            raise invalid("facet.field", f"unknown field {f!r}")
        counts: dict[str, int] = {}
        for ds in hits:
            for v in _field_values(p, ds, f):
                counts[v] = counts.get(v, 0) + 1
        facets[f] = counts
    return {
        "count": len(hits),
        "sort": sort,
        "results": [package(p, ds) for ds in hits[start : start + rows]],
        "facets": facets,
        "search_facets": {
            f: {
                "title": f,
                "items": [{"name": k, "display_name": k, "count": v} for k, v in sorted(c.items())],
            }
            for f, c in facets.items()
        },
    }


ACTIONS = {
    "status_show": status_show,
    "package_list": package_list,
    "package_show": package_show,
    "package_search": package_search,
    "resource_show": resource_show,
    "organization_list": organization_list,
    "organization_show": organization_show,
    "group_list": group_list,
    "group_show": group_show,
    "tag_list": tag_list,
}


#: the actions that read a dataset's rows (`hatang.publish.datastore`)
ROW_ACTIONS = ("datastore_search",)
NAMES = (*ACTIONS, *ROW_ACTIONS)


def call(p: Portal, action: str, params: dict[str, Any]) -> Any:
    """Answer a catalogue action (the row actions: `hatang.publish.datastore`)."""
    fn = ACTIONS.get(action)
    if fn is None:
        raise ActionError(
            "Bad Request",
            400,
            f"Bad request - Action name not known: {action[:60]} "
            f"(this portal is read-only; actions: {', '.join(NAMES)})",
        )
    return fn(p, params)
