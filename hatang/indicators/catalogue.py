"""The indicator catalogue (catalogue.toml), loaded and checked against the registry."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from hatang.errors import ConfigError, NotFound

AGGREGATIONS = ("ratio-of-sums", "count", "survey", "median", "median-of-cases")
DESIGNS = ("sample", "census")
CI_RULES = ("margin", "lower-bound", "none")
UNITS_OF_MEASURE = ("%", "per 100", "Mbit/s", "count", "per adult", "days")
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
    #: quarters a value stays current for a status (a half-yearly survey: 2)
    current_for: int = 1
    #: fewest respondents (surveys) or tests (speeds) for a status; 0 = no minimum
    min_sample: int = 0
    #: surveys: a `sample` (95 % interval) or a `census` of every unit (no interval)
    design: str = "sample"
    #: how a sample estimate's interval enters the status (status.py)
    ci_rule: str = "none"
    #: an entry with `per_operator = true` also yields one indicator per operator
    #: (`<id>_<operator>`, params + operator): `of` names the entry, `operator` its code
    of: str | None = None
    operator: str | None = None

    @property
    def additive(self) -> bool:
        """Numerator and denominator add up the hierarchy (ratio-of-sums, count, survey)."""
        return self.aggregation in ("ratio-of-sums", "count", "survey")


def parse_catalogue(
    data: dict[str, Any], where: str = "catalogue.toml", *, check_functions: bool = True
) -> dict[str, Indicator]:
    """Every indicator of `data`, validated; `check_functions=False` leaves out the check
    that each names a registered function (the registry loads pandas)."""
    out: dict[str, Indicator] = {}
    for i, entry in enumerate(data.get("indicator", [])):
        ident = entry.get("id", f"#{i + 1}")
        for key in _REQUIRED:
            if key not in entry:
                raise ConfigError(f"{where}: indicator {ident}: missing key {key!r}")
        unknown = set(entry) - set(_REQUIRED) - set(_OPTIONAL)
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
        if ident in out:
            raise ConfigError(f"{where}: indicator {ident} declared twice")
        options = _options(entry, f"{where}: indicator {ident}")
        per_operator = entry.get("per_operator", False)
        if not isinstance(per_operator, bool):
            raise ConfigError(f"{where}: indicator {ident}: per_operator must be true or false")
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
            **options,
        )
        for variant in per_operator_variants(out[ident]) if per_operator else ():
            if variant.id in out or any(variant.id == e.get("id") for e in data["indicator"]):
                raise ConfigError(f"{where}: indicator {variant.id} declared twice")
            out[variant.id] = variant
    if check_functions:
        _check_functions(out, where)
    return out


def per_operator_variants(ind: Indicator) -> list[Indicator]:
    """One indicator per mobile operator of Vietnam (hatang.model.operators): the
    entry's figure over the cases assigned to that operator only."""
    from dataclasses import replace

    from hatang.model.operators import OPERATORS

    return [
        replace(
            ind,
            id=f"{ind.id}_{code}",
            name_vi=f"{ind.name_vi} — {name}",
            name_en=f"{ind.name_en} — {name}",
            definition=f"{ind.definition} Only the cases assigned to {name} (at the period's end).",
            numerator=f"{ind.numerator}, of the cases assigned to {name}",
            params={**ind.params, "operator": code},
            of=ind.id,
            operator=code,
        )
        for code, (name, _) in OPERATORS.items()
    ]


def _check_functions(catalogue: dict[str, Indicator], where: str) -> None:
    from hatang.indicators import (
        register_functions,  # noqa: F401  (registers its functions)
        speed_functions,  # noqa: F401  (registers its functions)
    )
    from hatang.indicators.functions import FUNCTIONS

    for ind in catalogue.values():
        if ind.function not in FUNCTIONS:
            raise ConfigError(
                f"{where}: indicator {ind.id}: function {ind.function!r} is not registered"
            )


#: optional keys and their defaults by aggregation (a sample survey: 30 respondents,
#: the interval in the status rule; values count for their own quarter)
_OPTIONAL = ("params", "current_for", "min_sample", "design", "ci_rule", "per_operator")


def _options(entry: dict[str, Any], where: str) -> dict[str, Any]:
    survey = entry["aggregation"] == "survey"
    design = entry.get("design", "sample")
    if design not in DESIGNS or (design == "census" and not survey):
        raise ConfigError(f"{where}: design {design!r} — expected one of {DESIGNS} (surveys only)")
    sampled = survey and design == "sample"
    out = {
        "current_for": entry.get("current_for", 1),
        "min_sample": entry.get("min_sample", 30 if sampled else 0),
        "design": design,
        "ci_rule": entry.get("ci_rule", "margin" if sampled else "none"),
    }
    for key in ("current_for", "min_sample"):
        v = out[key]
        if not isinstance(v, int) or isinstance(v, bool) or v < (1 if key == "current_for" else 0):
            raise ConfigError(
                f"{where}: {key} = {v!r} — expected a whole number of at least "
                f"{1 if key == 'current_for' else 0}"
            )
    if out["ci_rule"] not in CI_RULES:
        raise ConfigError(f"{where}: ci_rule {out['ci_rule']!r} — expected one of {CI_RULES}")
    return out


@lru_cache(maxsize=1)
def read_catalogue() -> dict[str, Indicator]:
    """Every indicator of the packaged catalogue, by id, without loading the registry
    of compute functions (pandas): enough to list them and to tell that nothing
    changed. `load_catalogue` also checks each names a registered function."""
    return parse_catalogue(tomllib.loads(catalogue_text()), check_functions=False)


@lru_cache(maxsize=1)
def load_catalogue() -> dict[str, Indicator]:
    """Every indicator of the packaged catalogue, by id, each checked to name a
    registered compute function (the same objects as `read_catalogue`'s)."""
    catalogue = read_catalogue()
    _check_functions(catalogue, "catalogue.toml")
    return catalogue


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
