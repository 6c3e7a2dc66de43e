"""Typer's and its Click's own words in both languages, like the rest of hatang's help.

Typer writes its texts ("Show this message and exit.", "Usage:", the "Options" and
"Commands" panels, a missing or unknown command) in English, some through `gettext`
(typer.core, and typer.rich_utils when it is loaded), some as plain strings in the Click
it carries (the help option, the usage line). hatang keeps their Vietnamese in a gettext
catalogue of its own (hatang/locale/vi/LC_MESSAGES/click.po, read with Babel on the first
text asked for) and `install` hooks it in: a `gettext` for the modules that look texts up,
the help option's text and the usage prefix for the two that do not. Every text then reads
"English / Vietnamese", as every hatang help line does; one the catalogue lacks stays as
Typer wrote it. The error messages Click writes without `gettext` are patterns in the same
catalogue (`hatang.cli.clickerrors`).
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
from functools import cache
from typing import Any

from hatang import catalogue

CATALOGUE = ("locale", "vi", "LC_MESSAGES", "click.po")

#: the modules that bound `gettext` (as `_`) and `ngettext` when they were imported
MODULES = ("typer.core",)

#: typer.rich_utils' texts, read once at its import: constant name → Click's English
RICH_CONSTANTS = {
    "DEPRECATED_STRING": "(deprecated) ",
    "DEFAULT_STRING": "[default: {}]",
    "ENVVAR_STRING": "[env var: {}]",
    "REQUIRED_LONG_STRING": "[required]",
    "ARGUMENTS_PANEL_TITLE": "Arguments",
    "OPTIONS_PANEL_TITLE": "Options",
    "COMMANDS_PANEL_TITLE": "Commands",
    "ERRORS_PANEL_TITLE": "Error",
    "ABORTED_TEXT": "Aborted.",
    "RICH_HELP": "Try [blue]'{command_path} {help_option}'[/] for help.",
}


def read_catalogue(data: bytes) -> dict[str, str]:
    """Click's English → what the CLI shows (context `click`: 'English / Vietnamese';
    `click-as-is`: the msgstr as written)."""
    out = {}
    for context, english, vietnamese in catalogue.entries(data):
        if not (english and vietnamese) or context not in ("click", "click-as-is"):
            continue
        out[english] = vietnamese if context == "click-as-is" else f"{english} / {vietnamese}"
    return out


@cache
def texts() -> dict[str, str]:
    from importlib import resources

    return read_catalogue(resources.files("hatang").joinpath(*CATALOGUE).read_bytes())


def gettext(message: str) -> str:
    """Click's `gettext`: the text in both languages (as it is when not catalogued)."""
    return texts().get(message, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return gettext(singular if n == 1 else plural)


def install() -> None:
    """Hand Typer hatang's texts (idempotent)."""
    for name in MODULES:
        module = importlib.import_module(name)
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]
    if "typer.rich_utils" in sys.modules:
        _rich_texts(sys.modules["typer.rich_utils"])
    elif not any(isinstance(f, _RichTexts) for f in sys.meta_path):
        sys.meta_path.insert(0, _RichTexts())
    _help_option()
    _usage_prefix()


def _rich_texts(rich_utils: Any) -> None:
    for constant, english in RICH_CONSTANTS.items():
        setattr(rich_utils, constant, gettext(english))


class _RichTexts(importlib.abc.MetaPathFinder):
    """Hands typer.rich_utils its texts when Typer first imports it: only help and error
    panels need it, and it costs a tenth of a second (rich's Markdown, Pygments, rich's
    tracebacks) that a command which runs should not pay."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name != "typer.rich_utils":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.loader is not None:
            spec.loader = _Then(spec.loader, _rich_texts)
        return spec


class _Then(importlib.abc.Loader):
    """A module's loader, then `after(module)`; while it runs, the rich modules in
    `DEFERRED` are stand-ins (`_deferred`)."""

    def __init__(self, loader: Any, after: Any):
        self.loader, self.after = loader, after

    def create_module(self, spec: Any) -> Any:
        return self.loader.create_module(spec)

    def exec_module(self, module: Any) -> None:
        stand_ins = {
            name: _deferred(name, classes)
            for name, classes in DEFERRED.items()
            if name not in sys.modules
        }
        sys.modules.update(stand_ins)
        try:
            self.loader.exec_module(module)
        finally:
            for name, stand_in in stand_ins.items():
                if sys.modules.get(name) is stand_in:
                    del sys.modules[name]
        self.after(module)


#: rich's modules typer.rich_utils imports for what hatang's help never shows: Markdown
#: (help written in Markdown; hatang's is rich markup) and Traceback (Typer's pretty
#: exceptions, turned off). With Pygments, markdown-it and attrs they are half its cost.
DEFERRED = {"rich.markdown": ("Markdown",), "rich.traceback": ("Traceback",)}


class _Deferred(type):
    """A stand-in class: the real one (imported then) is called, asked and checked."""

    def _real(cls) -> Any:
        return getattr(importlib.import_module(cls.__module__), cls.__name__)

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        return cls._real()(*args, **kwargs)

    def __getattr__(cls, name: str) -> Any:
        return getattr(cls._real(), name)

    def __instancecheck__(cls, obj: Any) -> bool:
        return isinstance(obj, cls._real())


def _deferred(name: str, classes: tuple[str, ...]) -> Any:
    """A module `name` whose `classes` are `_Deferred` stand-ins of the real module's."""
    import types

    module = types.ModuleType(name)
    for cls in classes:
        setattr(module, cls, _Deferred(cls, (), {"__module__": name}))
    return module


def _help_option() -> None:
    """The help option Click adds to every command says what it does in both languages."""
    decorators = importlib.import_module("typer._click.decorators")
    original = getattr(decorators.help_option, "__wrapped__", decorators.help_option)

    def help_option(param_decls: list[str]) -> Any:
        add = original(param_decls)

        def decorator(command: Any) -> Any:
            command = add(command)
            command.params[-1].help = gettext("Show this message and exit.")
            return command

        return decorator

    help_option.__wrapped__ = original  # type: ignore[attr-defined]
    decorators.help_option = help_option


def _usage_prefix() -> None:
    """'Usage / Cách dùng:' before the usage line."""
    formatting = importlib.import_module("typer._click.formatting")
    cls = formatting.HelpFormatter
    original = getattr(cls.write_usage, "__wrapped__", cls.write_usage)

    def write_usage(self: Any, prog: str, args: str = "", prefix: str | None = None) -> None:
        original(self, prog, args, gettext("Usage:") + " " if prefix is None else prefix)

    write_usage.__wrapped__ = original  # type: ignore[attr-defined]
    cls.write_usage = write_usage
