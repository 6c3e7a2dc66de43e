"""The life cycle of a dead-spot case, declared once as data: states, steps, who may
take each step and what it needs.

A `Step` moves a case from one of its `sources` states to `target` (an empty target
keeps the state: a comment, a failed verification, a refresh from the model). Who may
take it is a tuple of roles; `own_case` steps are refused to an operator unless the
case is assigned to that operator. `required` inputs must be given, `optional` ones may.

    open ─► reported ─┬─ confirm ─► confirmed ─ assign ─► assigned ─┬─ accept ──► accepted ─┐
                      └─ reject ──► rejected ─ close ─► closed       ├─ dispute ─► disputed   │
                                                  uphold ─► upheld ◄─┤   (upheld: accept, fix)│
                              overturn ─► overturned ─ close ─► closed    fix ─► fixed ◄──────┘
    fixed ─ verify ─► verified ─ close ─► closed
    reopen (from closed, verified, fixed, rejected, overturned) ─► reopened ─► confirm | reject | assign

The CLI, the web forms, the API and the bulk imports all go through `check` (pure):
nothing else decides whether a step is allowed. docs/register.md shows the same
table, generated from these declarations.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from hatang.errors import Forbidden, StepNotAllowed
from hatang.io.reasons import reason

#: every state, in life-cycle order, with its Vietnamese and English name
STATES: dict[str, tuple[str, str]] = {
    "reported": ("đã tiếp nhận", "reported"),
    "confirmed": ("đã xác nhận", "confirmed"),
    "rejected": ("không chấp nhận", "rejected"),
    "assigned": ("đã giao nhà mạng", "assigned"),
    "accepted": ("nhà mạng nhận khắc phục", "accepted"),
    "disputed": ("nhà mạng phản đối", "disputed"),
    "upheld": ("giữ nguyên yêu cầu", "upheld"),
    "overturned": ("chấp nhận phản đối", "overturned"),
    "fixed": ("đã khắc phục (chờ kiểm chứng)", "fixed"),
    "verified": ("đã kiểm chứng", "verified"),
    "closed": ("đã đóng", "closed"),
    "reopened": ("mở lại", "reopened"),
}

#: roles: admin (the workspace; manages tokens), analyst (the province's office),
#: operator (a mobile operator's planner, acting on its own cases), citizen (no token)
ROLES = ("admin", "analyst", "operator", "citizen")

#: where a case comes from
SOURCES = ("operator-report", "province", "citizen", "model", "challenge")

#: the planned (and taken) action of a fix
FIX_ACTIONS: dict[str, tuple[str, str]] = {
    "new-site": ("xây trạm mới", "new site"),
    "sharing": ("dùng chung trạm", "site sharing"),
    "sector": ("thêm / chỉnh sector", "new or re-aimed sector"),
    "power": ("tăng công suất", "more power"),
    "other": ("khác", "other"),
}

#: states a case no longer needs work in (the register's "open" excludes them)
FINISHED = ("closed", "rejected")
ALL = tuple(STATES)
STAFF = ("admin", "analyst")
RESPONDERS = ("admin", "operator")


@dataclass(frozen=True)
class Step:
    """One step of the life cycle."""

    action: str
    sources: tuple[str, ...]  # () = opens a new case
    target: str  # "" = the state does not change
    roles: tuple[str, ...]
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    own_case: bool = False  # an operator only on cases assigned to its operator
    vi: str = ""
    en: str = ""

    def target_from(self, state: str) -> str:
        return self.target or state


_OPEN_FIELDS = (
    "opened_on",
    "village_code",
    "technology",
    "operators",
    "reasons",
    "description",
    "geometry",
    "source_ref",
    "evidence",
    "note",
)

STEPS: tuple[Step, ...] = (
    Step(
        "open",
        (),
        "reported",
        ("admin", "analyst", "operator", "citizen"),
        ("lon", "lat", "source"),
        _OPEN_FIELDS,
        vi="tiếp nhận",
        en="open",
    ),
    Step(
        "confirm",
        ("reported", "reopened"),
        "confirmed",
        STAFF,
        ("evidence",),
        ("note",),
        vi="xác nhận",
        en="confirm",
    ),
    Step(
        "reject",
        ("reported", "reopened"),
        "rejected",
        STAFF,
        ("reason",),
        ("note", "evidence"),
        vi="không chấp nhận",
        en="reject",
    ),
    Step(
        "assign",
        ("confirmed", "reopened", "assigned"),
        "assigned",
        STAFF,
        ("operator",),
        ("due_days", "note"),
        vi="giao nhà mạng",
        en="assign",
    ),
    Step(
        "accept",
        ("assigned", "upheld"),
        "accepted",
        RESPONDERS,
        ("planned_on", "planned_action"),
        ("scenario", "scenario_rank", "rnas_code", "note", "evidence"),
        own_case=True,
        vi="nhận khắc phục",
        en="accept",
    ),
    Step(
        "dispute",
        ("assigned",),
        "disputed",
        RESPONDERS,
        ("reason", "evidence"),
        ("note",),
        own_case=True,
        vi="phản đối",
        en="dispute",
    ),
    Step(
        "uphold",
        ("disputed",),
        "upheld",
        STAFF,
        ("note",),
        ("evidence", "due_days"),
        vi="giữ nguyên yêu cầu",
        en="uphold",
    ),
    Step(
        "overturn",
        ("disputed",),
        "overturned",
        STAFF,
        ("note",),
        ("evidence",),
        vi="chấp nhận phản đối",
        en="overturn",
    ),
    Step(
        "fix",
        ("assigned", "accepted", "upheld"),
        "fixed",
        RESPONDERS,
        ("fixed_on", "fix_action"),
        ("site_id", "note", "evidence"),
        own_case=True,
        vi="báo đã khắc phục",
        en="report fixed",
    ),
    Step(
        "verify",
        ("fixed",),
        "verified",
        STAFF,
        ("verification",),
        ("note", "evidence"),
        vi="kiểm chứng đạt",
        en="verify",
    ),
    Step(
        "verification-failed",
        ("fixed",),
        "",
        STAFF,
        ("verification",),
        ("note", "evidence"),
        vi="kiểm chứng chưa đạt",
        en="verification failed",
    ),
    Step(
        "close",
        ("verified", "overturned", "rejected"),
        "closed",
        STAFF,
        (),
        ("note",),
        vi="đóng",
        en="close",
    ),
    Step(
        "reopen",
        ("closed", "verified", "fixed", "rejected", "overturned"),
        "reopened",
        STAFF,
        ("evidence",),
        ("note",),
        vi="mở lại",
        en="reopen",
    ),
    Step(
        "comment",
        ALL,
        "",
        ("admin", "analyst", "operator"),
        ("note",),
        ("evidence",),
        own_case=True,
        vi="ghi chú",
        en="comment",
    ),
    Step(
        "update",
        tuple(s for s in ALL if s != "closed"),
        "",
        STAFF,
        (),
        ("people_affected", "people_source", "modelled_ref", "geometry", "note"),
        vi="cập nhật từ mô hình",
        en="update from the model",
    ),
)

STEP: dict[str, Step] = {s.action: s for s in STEPS}


@dataclass(frozen=True)
class Actor:
    """Who takes a step: a token's holder (its name, never the secret) and role, the
    workspace's admin on the CLI, or a citizen on the public form."""

    name: str
    role: str
    operator: str | None = None

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r} (known: {', '.join(ROLES)})")
        if self.role == "operator" and not self.operator:
            raise ValueError("an operator actor needs its operator")


CITIZEN = Actor("public form / biểu mẫu công khai", "citizen")


def step(action: str) -> Step:
    try:
        return STEP[action]
    except KeyError:
        raise StepNotAllowed(
            f"unknown step {action!r} (known: {', '.join(STEP)})", allowed=()
        ) from None


def may(s: Step, actor: Actor, assigned: str | None) -> bool:
    """The actor's role may take the step, on this case (operators: their own only)."""
    if actor.role not in s.roles:
        return False
    return not (s.own_case and actor.role == "operator" and assigned != actor.operator)


def next_steps(state: str, actor: Actor | None = None, assigned: str | None = None) -> list[str]:
    """The steps that may follow `state` (for `actor` on this case, when given)."""
    return [
        s.action for s in STEPS if state in s.sources and (actor is None or may(s, actor, assigned))
    ]


def check(action: str, state: str | None, actor: Actor, assigned: str | None = None) -> Step:
    """The step `action` when `actor` may take it on a case in `state` (None: a new
    case) assigned to `assigned`; else Forbidden (role, operator) or StepNotAllowed
    (state), each naming what is allowed instead."""
    s = step(action)
    if actor.role not in s.roles:
        article = "an" if actor.role[0] in "aeiou" else "a"
        raise Forbidden(
            reason(
                "register_role_may_not",
                role=f"{article} {actor.role}",
                step=s.en,
                roles=", ".join(s.roles),
            ),
            allowed=tuple(next_steps(state, actor, assigned)) if state else (),
        )
    if s.own_case and actor.role == "operator" and state is not None and assigned != actor.operator:
        raise Forbidden(
            reason("register_not_own_case", assigned=assigned, operator=actor.operator)
            if assigned
            else reason("register_not_own_unassigned", operator=actor.operator),
            allowed=(),
        )
    if state is None:
        if s.sources:
            raise StepNotAllowed(f"{action} needs an existing case", allowed=("open",))
        return s
    if state not in s.sources:
        allowed = next_steps(state, actor, assigned)
        shown = ", ".join(allowed) or "none"
        raise StepNotAllowed(
            reason("register_state_step", state=state, action=action, steps=shown),
            allowed=tuple(allowed),
        )
    return s


def missing_inputs(s: Step, given: Mapping[str, object]) -> list[str]:
    """Required inputs of the step that are absent or empty."""
    return [k for k in s.required if given.get(k) in (None, "", [], ())]
