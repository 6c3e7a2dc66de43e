"""CKAN's DataStore search (`datastore_search`) over a published dataset's rows, so CKAN
clients that query rows (ckanapi, CKAN's own data explorer, scripts) work.

Pure: a table in, CKAN's result out. Parameters as CKAN reads them:

- `resource_id` — the CSV resource's id (`sites-csv`) or the dataset's name;
- `filters` — `{"field": value}` or `{"field": [values]}` (JSON text or a mapping):
  rows whose field equals the value (one of the values);
- `q` — words every matching row contains somewhere (case- and diacritics-insensitive),
  or `{"field": "words"}` to look in one field;
- `fields` — the columns to return (comma-separated or a list), in that order;
- `sort` — `"field asc, field desc"`;
- `limit` (default 100, at most 32000, CKAN's default `rows_max`) and `offset`.

Records are objects with CKAN's `_id` (the row's position, from 1) first. Nothing a
client sends reaches SQL: the rows are filtered in pandas.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from typing import Any

import pandas as pd

from hatang.publish.ckan import _int as read_int
from hatang.publish.ckan import invalid, not_found
from hatang.publish.registry import Dataset
from hatang.publish.render import records

DEFAULT_LIMIT = 100
MAX_LIMIT = 32000
#: frictionless type → the DataStore (PostgreSQL) type CKAN reports
TYPES = {
    "integer": "int",
    "number": "numeric",
    "boolean": "bool",
    "date": "date",
    "datetime": "timestamp",
    "string": "text",
}


def resource_dataset(datasets: list[Dataset], resource_id: str) -> Dataset:
    for ds in datasets:
        if resource_id in (ds.name, f"{ds.name}-csv"):
            return ds
    raise not_found(f'Resource "{resource_id[:80]}" was not found.')


def fields_of(ds: Dataset) -> list[dict[str, str]]:
    return [{"id": "_id", "type": "int"}] + [
        {"id": f.name, "type": TYPES.get(f.type, "text")} for f in ds.fields
    ]


def _json(params: dict[str, Any], name: str) -> Any:
    raw = params.get(name)
    if isinstance(raw, str) and raw.strip()[:1] in ("{", "["):
        try:
            return json.loads(raw)
        except ValueError:
            raise invalid(name, "Cannot parse JSON") from None
    return raw


def _names(raw: Any, name: str, known: list[str]) -> list[str]:
    """A list of field names from 'a, b' or ['a', 'b'], each known."""
    if raw in (None, "", []):
        return []
    items = raw if isinstance(raw, list) else str(raw).split(",")
    out = [str(x).strip() for x in items if str(x).strip()]
    for f in out:
        if f not in known:
            raise invalid(name, f'field "{f[:60]}" not in table')
    return out


def fold(text: str) -> str:
    """Lower case without diacritics ('Xuân Trường' → 'xuan truong')."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _as_text(column: pd.Series) -> pd.Series:
    """A column as the text CKAN compares: booleans 'true'/'false', whole numbers
    without '.0', missing as ''."""
    if column.dtype == bool or str(column.dtype) == "boolean":
        return column.map(lambda v: "" if pd.isna(v) else str(bool(v)).lower())

    def one(v: Any) -> str:
        if v is None or (not isinstance(v, str) and pd.isna(v)):
            return ""
        if isinstance(v, float) and v.is_integer():
            return str(int(v))
        if hasattr(v, "isoformat"):
            return str(v.isoformat())
        return str(v)

    return column.map(one)


def _value_text(v: Any) -> str:
    if isinstance(v, bool):
        return str(v).lower()
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def apply_filters(frame: pd.DataFrame, filters: Any, known: list[str]) -> pd.DataFrame:
    if filters in (None, "", {}):
        return frame
    if not isinstance(filters, dict):
        raise invalid("filters", "Not a JSON object")
    keep = pd.Series(True, index=frame.index)
    for field, wanted in filters.items():
        if field not in known:
            raise invalid("filters", f'field "{str(field)[:60]}" not in table')
        values = wanted if isinstance(wanted, list) else [wanted]
        column = pd.Series(frame[field])
        keep &= _as_text(column).isin([_value_text(v) for v in values])
    return frame[keep]


def apply_q(frame: pd.DataFrame, q: Any, known: list[str]) -> pd.DataFrame:
    if q in (None, "", {}):
        return frame
    if isinstance(q, dict):
        pairs = list(q.items())
        for field, _ in pairs:
            if field not in known:
                raise invalid("q", f'field "{str(field)[:60]}" not in table')
    else:
        pairs = [(None, q)]
    keep = pd.Series(True, index=frame.index)
    for field, words in pairs:
        cols = [field] if field else [c for c in known if c in frame.columns]
        text = pd.Series("", index=frame.index)
        for c in cols:
            text = text + " " + _as_text(frame[c])
        text = text.map(fold)
        for w in fold(str(words)).split():
            keep &= text.str.contains(w, regex=False)
    return frame[keep]


def apply_sort(frame: pd.DataFrame, sort: Any, known: list[str]) -> pd.DataFrame:
    if sort in (None, ""):
        return frame
    by, ascending = [], []
    for clause in str(sort).split(","):
        parts = clause.split()
        if not parts:
            continue
        direction = parts[1].lower() if len(parts) > 1 else "asc"
        if len(parts) > 2 or direction not in ("asc", "desc") or parts[0] not in known:
            raise invalid("sort", f'cannot sort by "{clause.strip()[:60]}"')
        by.append(parts[0])
        ascending.append(direction == "asc")
    return frame.sort_values(by, ascending=ascending, kind="stable", na_position="last")


def search(
    datasets: list[Dataset], table: Callable[[Dataset], pd.DataFrame], params: dict[str, Any]
) -> dict[str, Any]:
    """CKAN's `datastore_search` result for `params` (raises ActionError)."""
    resource_id = str(params.get("resource_id") or params.get("id") or "")
    if not resource_id:
        raise invalid("resource_id", "Missing value")
    ds = resource_dataset(datasets, resource_id)
    known = ["_id", *ds.field_names]
    frame = table(ds).reset_index(drop=True)
    frame.insert(0, "_id", range(1, len(frame) + 1))
    filters, q = _json(params, "filters"), _json(params, "q")
    hits = apply_sort(
        apply_q(apply_filters(frame, filters, known), q, known), params.get("sort"), known
    )
    limit = read_int(params, "limit", DEFAULT_LIMIT, 0, MAX_LIMIT)
    offset = read_int(params, "offset", 0, 0, 10**9)
    chosen = _names(_json(params, "fields"), "fields", known) or known
    page = hits.iloc[offset : offset + limit][chosen]
    types = {f["id"]: f for f in fields_of(ds)}
    base = f"/api/3/action/datastore_search?resource_id={ds.name}-csv"
    return {
        "include_total": True,
        "resource_id": f"{ds.name}-csv",
        "fields": [types[c] for c in chosen],
        "records_format": "objects",
        "records": records(page),
        "limit": limit,
        "offset": offset,
        "total": len(hits),
        "filters": filters or {},
        "q": q or "",
        "_links": {"start": base, "next": f"{base}&offset={offset + limit}"},
    }
