"""The problems found in one chunk of rows, kept in the order a person reads them.

Checks run column by column over a whole chunk; `RowProblems` records each problem
with its row and hands them back sorted by row, each row's problems in the order the
checks found them. It also answers "did this cell (or row) already fail?", which
later checks consult so one wrong value is reported once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from hatang.errors import Problem
from hatang.io import values as V

#: longest value a problem shows (the quarantine file keeps the whole row)
SHOWN_CHARS = 200


def shown(value: Any) -> Any:
    """A value as a problem shows it: numbers as numbers, everything else as clean text
    (a long one cut, saying how long it was)."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = V.as_text(value)
    if text is not None and len(text) > SHOWN_CHARS:
        return f"{text[:SHOWN_CHARS]}… ({len(text):,} characters)"
    return text


class RowProblems:
    def __init__(self, file: str, numbers: np.ndarray):
        self.file = file
        self.numbers = numbers
        self._items: list[tuple[int, Problem]] = []
        self._cells: dict[str | None, np.ndarray] = {}
        self.bad = np.zeros(len(numbers), dtype=bool)
        self._silenced = np.zeros(len(numbers), dtype=bool)

    def add(
        self,
        rows: Iterable[int],
        column: str | None,
        values: Sequence[Any] | None,
        reasons: str | Sequence[str],
        type: str,
    ) -> None:
        """One problem for each of `rows` (chunk indexes); `values` and `reasons` are
        per row, or one reason for all."""
        cells = self._cells.setdefault(column, np.zeros(len(self.numbers), dtype=bool))
        for k, i in enumerate(rows):
            i = int(i)
            if self._silenced[i]:
                continue
            value = None if values is None else shown(values[k])
            reason = reasons if isinstance(reasons, str) else reasons[k]
            number = int(self.numbers[i])
            self._items.append((i, Problem(self.file, number, column, value, reason, type)))
            cells[i] = True
            self.bad[i] = True

    def silence(self, rows: Iterable[int]) -> None:
        """No further problem is reported on these rows (their cells cannot be trusted)."""
        for i in rows:
            self._silenced[int(i)] = True

    def mark(self, rows: Iterable[int], *columns: str) -> None:
        """Count these cells as failed (a problem already explains them)."""
        for column in columns:
            cells = self._cells.setdefault(column, np.zeros(len(self.numbers), dtype=bool))
            for i in rows:
                cells[int(i)] = True

    def failed(self, column: str) -> np.ndarray:
        """Rows where `column` already has a problem."""
        return self._cells.get(column, np.zeros(len(self.numbers), dtype=bool)).copy()

    def ordered(self) -> list[Problem]:
        order = sorted(range(len(self._items)), key=lambda k: self._items[k][0])
        return [self._items[k][1] for k in order]

    def __len__(self) -> int:
        return len(self._items)
