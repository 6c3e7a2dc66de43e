"""The map's indicator picker: one entry per indicator, a per-operator indicator behind
its parent with an operator to choose (the register's figures come per operator: 30
entries one by one would bury the rest)."""

from __future__ import annotations

from dataclasses import dataclass


def operator_variants() -> dict[str, tuple[str, str]]:
    """A per-operator indicator's id → (its parent's id, the operator's code): the
    catalogue's `per_operator` entries (hatang.indicators.catalogue)."""
    from hatang.indicators import load_catalogue

    try:
        cat = load_catalogue()
    except Exception:  # a broken catalogue must not take the map down
        return {}
    return {k: (v.of, v.operator) for k, v in cat.items() if v.of and v.operator}


@dataclass(frozen=True)
class Picker:
    """The map's indicator choice: one entry per indicator (a per-operator one behind its
    parent), and for a parent with per-operator values the operators to choose from."""

    entries: list[str]
    chosen: str | None
    operators: list[str]
    operator: str | None


def picker(choices: list[str], indicator: str | None) -> Picker:
    """`indicator` (a per-operator id such as register_people_open_viettel, or any other)
    as the picker shows it: its parent chosen, with that operator."""
    variants = {k: v for k, v in operator_variants().items() if k in choices}
    parent, operator = variants.get(indicator or "", (indicator, None))
    entries = [c for c in choices if c not in variants]
    entries += sorted({p for p, _ in variants.values()} - set(entries))
    operators = [op for k, (p, op) in sorted(variants.items()) if p == parent]
    return Picker(sorted(entries), parent, operators, operator)


def choose(indicator: str, operator: str) -> str:
    """The indicator the map colours by: `indicator`, or its `operator`'s own values
    when the picker named one (`?indicator=register_people_open&operator=viettel`)."""
    return f"{indicator}_{operator}" if indicator and operator else indicator
