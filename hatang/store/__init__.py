"""The workspace store: the only code that speaks SQL to the workspace database."""

from hatang.store.workspace import Workspace, find_workspace

__all__ = ["Workspace", "find_workspace"]
