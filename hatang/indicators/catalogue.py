"""The indicator catalogue (catalogue.toml), loaded and checked against the registry."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from hatang.errors import ConfigError, NotFound

AGGREGATIONS = ("ratio-of-sums", "count", "survey", "median")
UNITS_OF_MEASURE = ("%", "per 100", "Mbit/s", "count", "per adult")
_REQUIRED = (
    "id",
    "name_vi",
    "name_en",
    "definition",
    "unit",
    "aggregation",
    "scale",
    "higher_is_better",
    "function",
    "numerator",
    "denominator",
    "tables",
    "sources",
)


@dataclass(frozen=True)
class Indicator:
    id: str
    name_vi: str
    name_en: str
    definition: str
    unit: str
    aggregation: str
    scale: float
    higher_is_better: bool
    function: str
    numerator: str
    denominator: str
    tables: tuple[str, ...]
    sources: tuple[str, ...]
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def additive(self) -> bool:
        """Numerator and denominator add up the hierarchy (ratio-of-sums, count, survey)."""
        return self.aggregation in ("ratio-of-sums", "count", "survey")


def parse_catalogue(data: dict[str, Any], where: str = "catalogue.toml") -> dict[str, Indicator]:
    from hatang.indicators.functions import FUNCTIONS

    out: dict[str, Indicator] = {}
    for i, entry in enumerate(data.get("indicator", [])):
        ident = entry.get("id", f"#{i + 1}")
        for key in _REQUIRED:
            if key not in entry:
                raise ConfigError(f"{where}: indicator {ident}: missing key {key!r}")
        unknown = set(entry) - set(_REQUIRED) - {"params"}
        if unknown:
            raise ConfigError(
                f"{where}: indicator {ident}: unknown key(s) {', '.join(sorted(unknown))}"
            )
        if entry["aggregation"] not in AGGREGATIONS:
            raise ConfigError(
                f"{where}: indicator {ident}: aggregation {entry['aggregation']!r} not one of {AGGREGATIONS}"
            )
        if entry["unit"] not in UNITS_OF_MEASURE:
            raise ConfigError(
                f"{where}: indicator {ident}: unit {entry['unit']!r} not one of {UNITS_OF_MEASURE}"
            )
        if entry["function"] not in FUNCTIONS:
            raise ConfigError(
                f"{where}: indicator {ident}: function {entry['function']!r} is not registered"
            )
        if ident in out:
            raise ConfigError(f"{where}: indicator {ident} declared twice")
        out[ident] = Indicator(
            id=ident,
            name_vi=entry["name_vi"],
            name_en=entry["name_en"],
            definition=entry["definition"],
            unit=entry["unit"],
            aggregation=entry["aggregation"],
            scale=float(entry["scale"]),
            higher_is_better=bool(entry["higher_is_better"]),
            function=entry["function"],
            numerator=entry["numerator"],
            denominator=entry["denominator"],
            tables=tuple(entry["tables"]),
            sources=tuple(entry["sources"]),
            params=dict(entry.get("params", {})),
        )
    return out


@lru_cache(maxsize=1)
def load_catalogue() -> dict[str, Indicator]:
    """Every indicator of the packaged catalogue, by id."""
    text = (
        resources.files("hatang.indicators").joinpath("catalogue.toml").read_text(encoding="utf-8")
    )
    return parse_catalogue(tomllib.loads(text))


def catalogue_text() -> str:
    return (
        resources.files("hatang.indicators").joinpath("catalogue.toml").read_text(encoding="utf-8")
    )


def get_indicator(ident: str) -> Indicator:
    cat = load_catalogue()
    if ident not in cat:
        raise NotFound(
            f"unknown indicator {ident!r}; see `hatang indicators` (known: {', '.join(cat)})"
        )
    return cat[ident]
