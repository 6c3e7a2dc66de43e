"""Every error hatang raises on purpose, and the typed problems found in data.

    HatangError                 base: the CLI prints "Error: <message>" and exits 1
    ├── ConfigError             hatang.toml or an option is wrong
    ├── WorkspaceError          the folder is not a workspace, or is damaged
    │   └── WorkspaceBusy       another process held the workspace longer than the wait
    ├── NotFound                a unit, plan, indicator, scenario, case ... does not exist
    ├── Refused                 a step of the dead-spot register is refused; names the allowed ones
    │   ├── Forbidden           the actor's role or operator may not take it (HTTP 403)
    │   └── StepNotAllowed      the case's state does not allow it (HTTP 409)
    └── DataError               input data is wrong; carries every Problem found
        └── ImportFailed        an import was refused (nothing was written)

Problems in *data* are records (`Problem`) collected into a list, so a user sees
every bad row at once, not just the first. Each has a machine-readable `type` from
the closed list `PROBLEM_TYPES` (declared once here, with its English and Vietnamese
text), so reports, quarantine files and JSON can be counted and filtered by type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ProblemType:
    """One kind of problem: its name in files and JSON, and what it means in both languages."""

    name: str
    en: str
    vi: str

    @property
    def text(self) -> str:
        """'English / Vietnamese', the reason given when a problem has no detail."""
        return f"{self.en} / {self.vi}"


#: the closed list of problem types (docs/import-formats.md lists them)
PROBLEM_TYPES: dict[str, ProblemType] = {
    t.name: t
    for t in (
        ProblemType(
            "encoding", "the text encoding cannot be read", "không đọc được bảng mã của tệp"
        ),
        ProblemType(
            "format", "the file is not readable as its format", "tệp hỏng hoặc sai định dạng"
        ),
        ProblemType(
            "too-large",
            "the file or a value is over a size limit",
            "tệp hoặc giá trị vượt giới hạn",
        ),
        ProblemType("empty-file", "the file holds no data rows", "tệp không có dòng dữ liệu"),
        ProblemType(
            "header",
            "the header row or a required column is missing",
            "thiếu dòng tiêu đề hoặc cột bắt buộc",
        ),
        ProblemType("malformed-row", "the row cannot be split into cells", "dòng sai cấu trúc"),
        ProblemType("missing-value", "a required value is empty", "thiếu giá trị bắt buộc"),
        ProblemType("type-error", "the value is not of the column's type", "sai kiểu dữ liệu"),
        ProblemType(
            "formula", "a spreadsheet formula, not a value", "ô chứa công thức, không phải giá trị"
        ),
        ProblemType(
            "not-allowed",
            "the value is not one of the allowed values",
            "giá trị không nằm trong danh sách cho phép",
        ),
        ProblemType(
            "out-of-range",
            "the value is outside the column's range",
            "giá trị ngoài khoảng cho phép",
        ),
        ProblemType(
            "implausible-date",
            "a date the column cannot hold (in the future or before 2000)",
            "ngày không hợp lý",
        ),
        ProblemType(
            "inconsistent",
            "values of one row contradict each other",
            "các giá trị trong dòng mâu thuẫn",
        ),
        ProblemType(
            "period",
            "the period is missing or clashes with --period",
            "kỳ báo cáo thiếu hoặc không khớp",
        ),
        ProblemType(
            "swapped-lonlat", "longitude and latitude look swapped", "kinh độ và vĩ độ bị đảo chỗ"
        ),
        ProblemType(
            "outside-area", "the position lies outside the province", "vị trí nằm ngoài tỉnh"
        ),
        ProblemType(
            "geometry", "the geometry is invalid or of the wrong kind", "hình học không hợp lệ"
        ),
        ProblemType(
            "unknown-reference", "the code names nothing in the workspace", "mã không tồn tại"
        ),
        ProblemType(
            "parent-loop", "the chain of parent units loops", "chuỗi đơn vị cấp trên bị lặp vòng"
        ),
        ProblemType("duplicate-key", "another row has the same key", "trùng khoá với dòng khác"),
        ProblemType(
            "register-step",
            "the case's state, or who sends the file, does not allow this step of the register",
            "trạng thái hồ sơ hoặc người gửi không được thực hiện bước này",
        ),
        ProblemType(
            "operator-scope",
            "the row belongs to another operator than the one filing",
            "dòng thuộc nhà mạng khác với đơn vị nộp",
        ),
        ProblemType(
            "too-many-problems",
            "the file has more problems than are listed",
            "tệp có quá nhiều lỗi",
        ),
    )
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one value: printed as FILE:ROW:COLUMN: VALUE — reason.

    `type` is one of PROBLEM_TYPES; `reason` says what exactly (an empty reason is
    rendered from the type, in English and Vietnamese)."""

    file: str
    row: int | None
    column: str | None
    value: object
    reason: str
    type: str

    def __post_init__(self) -> None:
        if self.type not in PROBLEM_TYPES:
            raise ValueError(
                f"unknown problem type {self.type!r} (known: {', '.join(PROBLEM_TYPES)})"
            )
        if not self.reason:
            object.__setattr__(self, "reason", PROBLEM_TYPES[self.type].text)

    def __str__(self) -> str:
        row = "" if self.row is None else str(self.row)
        col = self.column or ""
        if self.value is None or self.value == "":
            return f"{self.file}:{row}:{col}: — {self.reason}"
        value = repr(self.value) if isinstance(self.value, str) else str(self.value)
        return f"{self.file}:{row}:{col}: {value} — {self.reason}"

    @property
    def title(self) -> ProblemType:
        """The type's English and Vietnamese text."""
        return PROBLEM_TYPES[self.type]

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of a problem (import reports, the CLI's --json, the web API)."""
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": None if self.value is None else str(self.value),
            "type": self.type,
            "reason": self.reason,
            "text": str(self),
        }


def count_types(problems: list[Problem]) -> dict[str, int]:
    """Problems per type, in the order of PROBLEM_TYPES (types with none left out)."""
    counts = {name: 0 for name in PROBLEM_TYPES}
    for p in problems:
        counts[p.type] += 1
    return {name: n for name, n in counts.items() if n}


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


class Refused(HatangError):
    """A step of the dead-spot register (hatang.register.machine) was refused;
    `allowed` names the steps the actor may take on the case instead."""

    def __init__(self, message: str, allowed: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.allowed = tuple(allowed)


class Forbidden(Refused):
    """The actor's role, or its operator, may not take the step."""


class StepNotAllowed(Refused):
    """The case's state does not allow the step."""


@dataclass
class DataError(HatangError):
    """Input data is wrong; `problems` lists every problem found."""

    message: str
    problems: list[Problem] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of a refusal: the message, every problem, problems per type."""
        return {
            "error": self.message,
            "problems": [p.as_dict() for p in self.problems],
            "problem_types": count_types(self.problems),
        }


class ImportFailed(DataError):
    """An import was refused; the workspace is unchanged."""
