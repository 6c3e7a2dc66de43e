"""A commented plan template written from the catalogue (`hatang plan new`).

A province starting out has a plan on paper, not a TOML file. The template names
its scope (the workspace's province) and lists every catalogue indicator as a
commented ``[[target]]`` block (a per-operator indicator as one line under its parent), so writing the plan is uncommenting the targets it
sets and filling in their values; `parse_plan` then checks the result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from hatang.errors import ConfigError
from hatang.indicators.catalogue import Indicator, load_catalogue

_HEAD = """\
# Plan for {name} ({code}) — written by `hatang plan new` on {today}.
# Kế hoạch của {name} ({code}) — tạo bằng `hatang plan new` ngày {today}.
#
# 1. Fill in number, title, issuing_body and date from the plan document.
#    Điền số, tên, cơ quan ban hành và ngày ban hành theo văn bản kế hoạch.
# 2. For each target of the plan, remove the '# ' before its [[target]] block and set
#    comparator (>=, <= or ==), value and deadline (a year, 2030, or a quarter, 2030Q4).
#    Với mỗi chỉ tiêu của kế hoạch, bỏ dấu '# ' trước khối [[target]] và đặt giá trị.
# 3. hatang plan add {file}
#
# Indicators are defined in docs/indicators.md (`hatang indicators` lists them).

id = "{id}"  # lower-case letters, digits and dashes
number = ""  # the document's number, e.g. "137/KH-UBND"
title = ""  # its title in Vietnamese
title_en = ""  # optional: its title in English
issuing_body = "UBND {name}"
date = {today}  # date of issue
scope = {{ map = "{map}", code = "{code}" }}
"""

_TARGET = """
# {id}: {name_vi} / {name_en} ({unit}; {better}){operators}
# [[target]]
# no = {no}
# pillar = ""
# indicator = "{id}"
# comparator = "{comparator}"
# value = 0
# deadline = "{year}"
"""


_OPERATORS = """
#   one operator's cases only / chỉ hồ sơ của một nhà mạng: indicator = "{id}_<operator>",
#   <operator> one of {codes}"""


def _operators(ind: Indicator, variants: Sequence[Indicator]) -> str:
    """A per-operator entry's variants in one comment line, not one block each."""
    codes = [v.operator for v in variants if v.of == ind.id and v.operator]
    return _OPERATORS.format(id=ind.id, codes=", ".join(codes)) if codes else ""


def _target(no: int, ind: Indicator, year: int, variants: Sequence[Indicator] = ()) -> str:
    return _TARGET.format(
        operators=_operators(ind, variants),
        id=ind.id,
        name_vi=ind.name_vi,
        name_en=ind.name_en,
        unit=ind.unit,
        better="higher is better" if ind.higher_is_better else "lower is better",
        no=no,
        comparator=">=" if ind.higher_is_better else "<=",
        year=year,
    )


def plan_template(
    *, code: str, map_: str, name: str, today: dt.date, file: str = "plan.toml"
) -> str:
    """The template's text for the province `code` on map `map_` (pure)."""
    head = _HEAD.format(
        name=name,
        code=code,
        map=map_,
        today=today.isoformat(),
        file=file,
        id=f"kh-{code}-{today.year}".lower(),
    )
    catalogue = list(load_catalogue().values())
    variants = [ind for ind in catalogue if ind.of]
    entries = [ind for ind in catalogue if not ind.of]  # a per-operator one: under its parent
    blocks = [_target(i + 1, ind, today.year + 5, variants) for i, ind in enumerate(entries)]
    return head + "".join(blocks)


def write_template(path: Path, text: str, *, replace: bool = False) -> None:
    """Write the template; an existing file is kept unless `replace`."""
    if path.exists() and not replace:
        raise ConfigError(f"{path}: already exists; choose another name or pass --replace")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
