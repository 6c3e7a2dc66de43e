"""Every error hatang raises on purpose.

    HatangError                 base: the CLI prints "Error: <message>" and exits 1
    ├── ConfigError             hatang.toml or an option is wrong
    ├── WorkspaceError          the folder is not a workspace, or is damaged
    │   └── WorkspaceBusy       another process held the workspace longer than the wait
    ├── NotFound                a unit, plan, indicator, scenario ... does not exist
    └── DataError               input data is wrong; carries every Problem found
        └── ImportFailed        an import was refused (nothing was written)

Problems in *data* are records (`Problem`) collected into a list, so a user sees
every bad row at once, not just the first.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one value: printed as FILE:ROW:COLUMN: VALUE — reason."""

    file: str
    row: int | None
    column: str | None
    value: object
    reason: str

    def __str__(self) -> str:
        row = "" if self.row is None else str(self.row)
        col = self.column or ""
        if self.value is None or self.value == "":
            return f"{self.file}:{row}:{col}: — {self.reason}"
        value = repr(self.value) if isinstance(self.value, str) else str(self.value)
        return f"{self.file}:{row}:{col}: {value} — {self.reason}"


class HatangError(Exception):
    """Base of all hatang errors; its message is one line a user can act on."""


class ConfigError(HatangError):
    """hatang.toml, a plan file or a command-line option is invalid."""


class WorkspaceError(HatangError):
    """The folder is not a hatang workspace, or it is damaged."""


class WorkspaceBusy(WorkspaceError):
    """Another process held the workspace's lock for longer than this one may wait."""

    def __init__(self, root: object, holder: str, waited: float, exclusive: bool) -> None:
        self.root, self.holder, self.waited = root, holder, waited
        what = "write to" if exclusive else "read"
        super().__init__(
            f"the workspace {root} is busy: {holder} is using it; waited {waited:.0f} s to "
            f"{what} it — let it finish (or stop it) and run this again, or wait longer with "
            f"HATANG_LOCK_WAIT=SECONDS / [workspace] lock_wait_s "
            f"(không mở được vùng làm việc: {holder} đang dùng)"
        )


class NotFound(HatangError):
    """Something asked for by name or code does not exist."""


@dataclass
class DataError(HatangError):
    """Input data is wrong; `problems` lists every problem found."""

    message: str
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class ImportFailed(DataError):
    """An import was refused; the workspace is unchanged."""
