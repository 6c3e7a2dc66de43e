"""Open data: which tables are published, how each is derived, and how it is rendered.

    registry.py   the published datasets (fields, keys, tags, derivation), declared once
    derive.py     pure frame → frame derivations (aggregates only; no personal data)
    tabular.py    CSV and XLSX as people open them (BOM, precision, no formulas, synthetic)
    render.py     CSV / XLSX / GeoJSON / Parquet / Frictionless datapackage.json
    catalog.py    CKAN package dicts and the DCAT catalogue (JSON-LD, Turtle)
    ckan.py       the read-only CKAN Action API v3 subset, as pure functions

No module here touches files, HTTP or the database: hatang.web feeds them frames read
through hatang.store.web_queries.
"""

from hatang.publish.registry import DATASETS, Dataset, all_datasets

__all__ = ["DATASETS", "Dataset", "all_datasets"]
