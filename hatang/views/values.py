"""The labelled values a view-model is made of: what a renderer needs to show a figure.

A `Value` is a raw value with what it is (`kind`: people, money, percent ...), the
catalogue key of its label, its unit and an optional note; a `Message` is a catalogue
sentence with its parameters. Views build them once from the library's frames and
records; the CLI, the web and the reports format them (`hatang.views.format`) in their
own style and language, so a figure cannot read differently in two places.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

#: what a value is, which decides how it is written:
#: text (as is), number (a measurement, the style's decimals), whole (rounded: people,
#: money), count (of things: villages, dead spots, actions; with a total "n / total (p %)"),
#: percent (a share in [0, 1]), figure (as a plan writes it: 85, 0.95, 1.5),
#: coordinate (degrees), seconds, money (VND: '72.1 bn VND' / '72,1 tỷ đồng'),
#: change (a signed difference: +1.02, −0.5)
Kind = Literal[
    "text",
    "number",
    "whole",
    "count",
    "percent",
    "figure",
    "coordinate",
    "seconds",
    "money",
    "change",
]


@dataclass(frozen=True)
class Message:
    """A catalogue sentence (`hatang.i18n` key) and the values of its `{name}` slots
    (a slot may hold another sentence: a facility's name inside 'schools × 2')."""

    key: str
    params: Mapping[str, Value | Message | str] = field(default_factory=dict)


@dataclass(frozen=True)
class Value:
    """One figure as a person reads it.

    label: catalogue key of what it is; unit: catalogue key (or literal such as 'VND')
    of its unit; total: the whole it is a part of (villages covered of all villages),
    shown beside it where the renderer shows totals; digits: decimals, else the style's;
    text: what to show instead of the raw value (a status or problem in words; several
    sentences are joined by ' · '); note: a sentence that explains it.
    """

    value: Any
    kind: Kind = "number"
    label: str = ""
    unit: str = ""
    total: Any = None
    digits: int | None = None
    text: Message | tuple[Message, ...] | str | None = None
    note: Message | None = None


def missing(v: Any) -> bool:
    """True for None, NaN, pandas NA / NaT: what a nullable column holds for 'no value'."""
    if v is None:
        return True
    if isinstance(v, float):
        return math.isnan(v)
    if type(v).__name__ in ("NAType", "NaTType"):
        return True
    try:
        return bool(v != v)  # numpy floats
    except (TypeError, ValueError):
        return False


def plain(v: Any) -> Any:
    """A numpy / pandas scalar as plain Python; None when missing."""
    if missing(v):
        return None
    item = getattr(v, "item", None)
    return item() if callable(item) and not isinstance(v, str | bytes) else v
