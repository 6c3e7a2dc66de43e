"""Reason codes of the register (codes.toml): why a place is reported, why a report is
rejected, why an operator disputes. Data, loaded once and checked; the machine, the
imports, the forms and docs/register.md all read them from here."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

from hatang.errors import ConfigError
from hatang.io.reasons import reason

KINDS = ("report", "reject", "dispute")


@dataclass(frozen=True)
class Code:
    kind: str
    code: str
    vi: str
    en: str
    evidence: str

    def label(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en


def parse(
    data: dict[str, list[dict[str, str]]], where: str = "codes.toml"
) -> dict[str, dict[str, Code]]:
    """kind → code → Code; every entry needs code, vi, en and evidence, codes unique per kind."""
    out: dict[str, dict[str, Code]] = {}
    for kind in KINDS:
        entries = data.get(kind) or []
        if not entries:
            raise ConfigError(f"{where}: no [[{kind}]] codes")
        out[kind] = {}
        for e in entries:
            missing = [k for k in ("code", "vi", "en", "evidence") if not e.get(k)]
            if missing:
                raise ConfigError(f"{where}: a [[{kind}]] entry lacks {', '.join(missing)}")
            if e["code"] in out[kind]:
                raise ConfigError(f"{where}: [[{kind}]] code {e['code']!r} declared twice")
            out[kind][e["code"]] = Code(kind, e["code"], e["vi"], e["en"], e["evidence"])
    return out


@cache
def codes() -> dict[str, dict[str, Code]]:
    text = resources.files("hatang.register").joinpath("codes.toml").read_text(encoding="utf-8")
    return parse(tomllib.loads(text))


def names(kind: str) -> tuple[str, ...]:
    return tuple(codes()[kind])


def get(kind: str, code: str) -> Code:
    """The code of `kind`, else a ConfigError listing the known ones."""
    found = codes()[kind].get(code)
    if found is None:
        raise ConfigError(
            reason("register_unknown_code", kind=kind, value=code, known=", ".join(names(kind)))
        )
    return found
