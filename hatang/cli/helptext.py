"""Help texts that list what a registry holds, filled in only when the help is shown.

A command's help may hold `{registry:NAME}`; `hatang CMD --help` replaces it with the
current list from its registry (import kinds, propagation models, indicators ...).
The registries are imported only then: `hatang --help` imports none of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from typer.core import TyperCommand


def _import_kinds() -> str:
    from hatang.io.registry import IMPORTERS

    return "\n".join(f"[bold]{k}[/bold]: {imp.description}\n" for k, imp in IMPORTERS.items())


def _propagation_models() -> str:
    from hatang.coverage.propagation import MODELS

    return ", ".join(MODELS)


def _environments() -> str:
    from hatang.coverage.propagation import ENVIRONMENTS

    return ", ".join(ENVIRONMENTS)


def _indicators() -> str:
    from hatang.indicators.catalogue import read_catalogue

    return ", ".join(read_catalogue())


def _technologies() -> str:
    from hatang.model.operators import TECHNOLOGIES

    return ", ".join(TECHNOLOGIES)


REGISTRIES: dict[str, Callable[[], str]] = {
    "import_kinds": _import_kinds,
    "propagation_models": _propagation_models,
    "environments": _environments,
    "indicators": _indicators,
    "technologies": _technologies,
}
_SLOT = re.compile(r"\{registry:([a-z_]+)\}")


def fill(text: str | None) -> str | None:
    """`text` with every `{registry:NAME}` replaced by the registry's list."""
    if not text or "{registry:" not in text:
        return text
    return _SLOT.sub(lambda m: REGISTRIES[m.group(1)](), text)


class RegistryHelp(TyperCommand):
    """A command whose help lists registries: filled in when the help is formatted."""

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self.help = fill(self.help)
        for p in self.params:
            if isinstance(getattr(p, "help", None), str):
                p.help = fill(p.help)  # type: ignore[attr-defined]
        super().format_help(ctx, formatter)


def command_options(**kw: Any) -> dict[str, Any]:
    """Keyword arguments of `app.command` for a command with registry lists in its help."""
    return {"cls": RegistryHelp, **kw}
