"""The filing calendar as data: which kinds each filer owes, and when.

A filer is an operator (its code; its operator tokens file for it) or a provincial
department (an analyst or admin files for it). Each owes its kinds in the quarters
listed (all four unless `quarters` says otherwise); the file of a quarter is due
`due_days` after the quarter ends. hatang's calendar is `calendar.toml`; a workspace
may name its own in `[submissions] calendar`.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hatang.errors import ConfigError
from hatang.model.periods import parse_period, period_end

DEFAULT = Path(__file__).with_name("calendar.toml")
FILER_TYPES = ("operator", "department")


@dataclass(frozen=True)
class Filer:
    id: str
    type: str
    name_vi: str
    name_en: str
    kinds: tuple[str, ...]
    quarters: tuple[int, ...] = (1, 2, 3, 4)

    def owes(self, period: str) -> tuple[str, ...]:
        """The kinds due for `period` (a quarter)."""
        return self.kinds if int(period[5]) in self.quarters else ()

    @property
    def name(self) -> str:
        return self.name_vi if self.name_vi == self.name_en else f"{self.name_vi} / {self.name_en}"

    def name_in(self, lang: str) -> str:
        """The filer's name on a page in `lang` (a page in one language)."""
        return self.name_en if lang == "en" else self.name_vi


@dataclass(frozen=True)
class Owed:
    """One file owed: filer, kind, quarter, due date."""

    filer: str
    kind: str
    period: str
    due: dt.date


def parse(data: dict[str, Any], where: str) -> tuple[Filer, ...]:
    """The filers of a calendar's TOML table; a wrong entry names the file and the filer."""
    from hatang.io.registry import IMPORTERS

    out = []
    for i, entry in enumerate(data.get("filer", [])):
        fid = str(entry.get("id") or f"#{i + 1}")
        if entry.get("type") not in FILER_TYPES:
            raise ConfigError(f"{where}: filer {fid}: type must be operator or department")
        unknown = [k for k in entry.get("kinds", []) if k not in IMPORTERS]
        if unknown or not entry.get("kinds"):
            raise ConfigError(f"{where}: filer {fid}: unknown or no kinds {unknown}")
        quarters = tuple(int(q) for q in entry.get("quarters", (1, 2, 3, 4)))
        if not set(quarters) <= {1, 2, 3, 4}:
            raise ConfigError(f"{where}: filer {fid}: quarters must be among 1, 2, 3, 4")
        name = str(entry.get("name_en") or fid)
        out.append(
            Filer(
                fid,
                entry["type"],
                str(entry.get("name_vi") or name),
                name,
                tuple(entry["kinds"]),
                quarters,
            )
        )
    if len({f.id for f in out}) != len(out):
        raise ConfigError(f"{where}: a filer id appears twice")
    return tuple(out)


def load(path: Path | None = None) -> tuple[Filer, ...]:
    path = path or DEFAULT
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{path}: cannot read the filing calendar: {e}") from None
    return parse(data, str(path))


def quarter(period: str) -> str:
    """A filing's period: a quarter ('2025Q3'); a year or anything else is refused."""
    try:
        p = parse_period(period)
    except ValueError as e:
        raise ConfigError(f"--period: {e} / kỳ không hợp lệ") from None
    if "Q" not in p:
        raise ConfigError(
            f"--period: filings are by quarter (e.g. 2025Q3), not {period!r} / hồ sơ nộp theo "
            "quý (ví dụ 2025Q3)"
        )
    if not 1900 <= int(p[:4]) <= 2200:
        raise ConfigError(
            f"--period: {period!r} is not a quarter hatang keeps (1900–2200) / quý ngoài "
            "khoảng 1900–2200"
        )
    return p


def due_date(period: str, due_days: int) -> dt.date:
    return period_end(period) + dt.timedelta(days=due_days)


def owed(filers: tuple[Filer, ...], period: str, due_days: int) -> list[Owed]:
    """Every file owed for `period`, in calendar order."""
    due = due_date(period, due_days)
    return [Owed(f.id, k, period, due) for f in filers for k in f.owes(period)]


def filer(filers: tuple[Filer, ...], fid: str) -> Filer:
    for f in filers:
        if f.id == fid:
            return f
    raise ConfigError(
        f"unknown filer {fid!r} (the filing calendar knows: {', '.join(f.id for f in filers)})"
    )


def previous_quarter(period: str) -> str:
    year, q = int(period[:4]), int(period[5])
    return f"{year - 1}Q4" if q == 1 else f"{year}Q{q - 1}"
