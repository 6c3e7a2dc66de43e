"""Options several commands share, declared once, and the parsing of option values.

Only typer and the standard library are imported here: every command module imports
this at start-up, and `hatang --help` must stay light.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from hatang.errors import ConfigError

WorkspaceOpt = Annotated[
    str | None,
    typer.Option(
        "--workspace",
        "-w",
        help="workspace folder (default: $HATANG_WORKSPACE, else the current folder) / thư mục không gian làm việc",
        envvar="HATANG_WORKSPACE",
        show_envvar=True,
    ),
]
JsonOpt = Annotated[bool, typer.Option("--json", help="print JSON / xuất JSON")]
WideOpt = Annotated[
    bool,
    typer.Option(
        "--wide", help="every column in the table (default: the main ones) / hiện mọi cột"
    ),
]
ProvinceOpt = Annotated[
    str | None,
    typer.Option(
        "--province",
        help="narrow to one province of a national workspace (code or name, 2025 map) / chỉ một tỉnh",
    ),
]
SchedulerOpt = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        help=(
            "Dask scheduler to run on, e.g. tcp://HOST:8786 (default: [compute] scheduler, "
            "$DASK_SCHEDULER_ADDRESS, else this machine) / cụm máy Dask"
        ),
    ),
]
MapOpt = Annotated[
    str,
    typer.Option("--map", "-m", help="2025 (two-level map, default) or 2024 / bản đồ hành chính"),
]


def province(text: str | None) -> str | None:
    """A 2025 province's code from its code or name ('37', 'Ninh Bình')."""
    if not text:
        return None
    from hatang.model.admin import resolve_province

    return resolve_province(text, map="2025").code


def choice(value: str, allowed: tuple[str, ...], option: str = "--format") -> str:
    """`value` when it is one of `allowed`, else a ConfigError naming them (in English
    and Vietnamese, as every CLI error)."""
    if value not in allowed:
        en = _listed(allowed, "or")
        vi = _listed(allowed, "hoặc")
        raise ConfigError(
            f"{option} must be {en}, not {value!r} / {option} phải là {vi}, không phải {value!r}"
        )
    return value


def _listed(allowed: tuple[str, ...], word: str) -> str:
    """'table, csv or json' ('… hoặc json')."""
    return ", ".join(allowed[:-1]) + f" {word} " + allowed[-1] if len(allowed) > 1 else allowed[0]


def operator(text: str | None, option: str = "--operator") -> str | None:
    """An operator's code from any of its spellings ('VNPT', 'Vinaphone' → 'vnpt')."""
    if not text:
        return None
    from hatang.model.operators import operator_code

    try:
        return operator_code(text)
    except ValueError as e:
        raise ConfigError(f"{option}: {e} / nhà mạng không hợp lệ") from None


def technology(text: str | None) -> str | None:
    if not text:
        return None
    from hatang.model.operators import technology_code

    try:
        return technology_code(text)
    except ValueError as e:
        raise ConfigError(f"{e} / công nghệ không hợp lệ") from None


def period(text: str | None) -> str | None:
    if not text:
        return None
    from hatang.model.periods import parse_period

    try:
        return parse_period(text)
    except ValueError as e:
        raise ConfigError(f"{e} / kỳ không hợp lệ (ví dụ 2025Q4 hoặc 2025)") from None


def distances(values: list[str]) -> list[float]:
    """'1,2' '5' → [1.0, 2.0, 5.0] kilometres, each positive; at least one."""
    if not values:
        raise ConfigError(
            "give --distance KM (repeatable) or --profile FILE / cần --distance KM hoặc --profile TỆP"
        )
    out = []
    for v in values:
        for part in str(v).split(","):
            try:
                d = float(part)
            except ValueError:
                raise ConfigError(
                    f"--distance {part!r} is not a number of kilometres / không phải số km"
                ) from None
            if d <= 0:
                raise ConfigError(
                    f"--distance must be positive, got {part} / khoảng cách phải lớn hơn 0"
                )
            out.append(d)
    return out


def share(text: str | None, what: str) -> float | None:
    """'100%', '30 %', '0.3' → a share in (0, 1]."""
    if text is None:
        return None
    t = text.strip().replace(" ", "")
    try:
        v = float(t[:-1]) / 100 if t.endswith("%") else float(t)
    except ValueError:
        raise ConfigError(
            f"{what} must be a share such as 100% or 0.3, got {text!r} / {what} phải là một "
            "tỷ lệ, ví dụ 100% hoặc 0.3"
        ) from None
    if not 0 < v <= 1:
        raise ConfigError(
            f"{what} must be a share in (0, 100%], got {text!r} / {what} phải trong (0, 100%]"
        )
    return v


_MONEY_SUFFIXES = (
    ("tỷ", 1e9),
    ("ty", 1e9),
    ("bn", 1e9),
    ("triệu", 1e6),
    ("trieu", 1e6),
    ("m", 1e6),
)


def money(text: str | None) -> float | None:
    """'50e9', '50000000000', '50.000.000.000', '50 tỷ' / '50bn' → VND."""
    if text is None:
        return None
    t = text.strip().lower().replace(" ", "")
    mult = 1.0
    for suffix, m in _MONEY_SUFFIXES:
        if t.endswith(suffix):
            t, mult = t[: -len(suffix)], m
            break
    t = t.replace(".", "") if t.count(".") > 1 else t
    t = t.replace(",", ".") if t.count(",") == 1 and "." not in t else t.replace(",", "")
    try:
        v = float(t) * mult
    except ValueError:
        raise ConfigError(
            f"--budget must be an amount in VND such as 50e9 or '50 tỷ', got {text!r} / "
            "--budget phải là số tiền (đồng), ví dụ 50e9 hoặc '50 tỷ'"
        ) from None
    if v < 0:
        raise ConfigError(f"--budget must not be negative, got {text!r} / --budget không được âm")
    return v


def day(text: str | None, option: str = "--date") -> date | None:
    """An ISO date ('2025-10-20'), or None when not given."""
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ConfigError(
            f"{option}: not a date: {text!r} (expected e.g. 2025-10-20) / không phải ngày "
            "(ví dụ 2025-10-20)"
        ) from None
