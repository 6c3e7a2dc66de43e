"""The workspace store: the only code that speaks SQL to the workspace database.

`Workspace` and `find_workspace` are loaded on first use, so that importing a light
module of the store (`hatang.store.lock`) does not load DuckDB: `hatang --help` and the
help of every command start without it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hatang.store.workspace import Workspace, find_workspace

__all__ = ["Workspace", "find_workspace"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from hatang.store import workspace

        return getattr(workspace, name)
    raise AttributeError(f"module 'hatang.store' has no attribute {name!r}")
