"""`hatang register …`: the dead-spot register from the command line (docs/register.md).

Thin shells over hatang.register: each command opens the workspace, calls one library
function and prints its result (register_show.py). The CLI acts as the workspace's
admin, recorded as such, unless `--token` names another actor: it then acts with that
token's role and is refused what the role may not do.
"""

from pathlib import Path
from typing import Annotated, Any

import typer

from hatang.cli.options import WorkspaceOpt
from hatang.errors import ConfigError

register_app = typer.Typer(
    help="The dead-spot register: cases, owners, deadlines, verified fixes / sổ điểm lõm sóng.",
    no_args_is_help=True,
)

CaseArg = Annotated[str, typer.Argument(help="case id, e.g. C00012 / mã hồ sơ")]
TokenOpt = Annotated[
    str | None,
    typer.Option(
        "--token",
        help="act as this token's holder and role (default: the workspace's admin) / mã truy cập",
        envvar="HATANG_TOKEN",
    ),
]
NoteOpt = Annotated[str | None, typer.Option("--note", help="a note for the history / ghi chú")]
EvidenceOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--evidence", help="evidence file, archived by its SHA-256; repeat / tệp minh chứng"
    ),
]
RefOpt = Annotated[
    list[str] | None,
    typer.Option("--ref", help="evidence reference (site id, campaign, URL); repeat / minh chứng"),
]
FormatOpt = Annotated[str, typer.Option("--format", help="table, csv, json or geojson / định dạng")]


def _ws(workspace: str | None) -> Any:
    from hatang.store import Workspace

    return Workspace.open(workspace)


def _actor(ws: Any, token: str | None) -> Any:
    from hatang.register.actions import admin_actor, token_actor

    return token_actor(ws, token) if token else admin_actor()


def _inputs(
    ws: Any, note: str | None, evidence: list[Path] | None, refs: list[str] | None, **kw: Any
) -> dict[str, Any]:
    from hatang.register.actions import evidence as items

    found = items(ws, evidence or (), refs or ())
    return {**{k: v for k, v in kw.items() if v is not None}, "note": note, "evidence": found}


def _step(
    workspace: str | None,
    token: str | None,
    case_id: str,
    action: str,
    fields: dict[str, Any] | None = None,
    note: str | None = None,
    evidence: list[Path] | None = None,
    refs: list[str] | None = None,
) -> None:
    """One step on one case, printed as 'C00012: step → state'."""
    from hatang.cli import register_show as show
    from hatang.register.actions import act

    ws = _ws(workspace)
    inputs = _inputs(ws, note, evidence, refs, **(fields or {}))
    show.step_done(act(ws, case_id, action, _actor(ws, token), inputs))


def _one_of(a: bool, b: bool, names: tuple[str, str]) -> str:
    """The step chosen by exactly one of two flags (e.g. --accept / --dispute)."""
    if a == b:
        raise ConfigError(
            f"give one of --{names[0]} or --{names[1]} / cần một trong --{names[0]}, --{names[1]}"
        )
    return names[0] if a else names[1]


def list_cmd(
    state: Annotated[str | None, typer.Option(help="only this state / trạng thái")] = None,
    operator: Annotated[str | None, typer.Option(help="concerned or assigned / nhà mạng")] = None,
    commune: Annotated[str | None, typer.Option(help="commune code, either map / mã xã")] = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="only overdue cases / quá hạn")
    ] = False,
    source: Annotated[
        str | None,
        typer.Option(help="operator-report, province, citizen, model, challenge / nguồn"),
    ] = None,
    fmt: FormatOpt = "table",
    limit: Annotated[int, typer.Option(help="rows shown in the table (0: all) / số dòng")] = 50,
    workspace: WorkspaceOpt = None,
) -> None:
    """List cases, filtered / danh sách hồ sơ."""
    from hatang.cli import options
    from hatang.cli import register_show as show
    from hatang.register.queries import Filters, list_cases

    filters = Filters(state, options.operator(operator), commune, overdue, source)
    form = options.choice(fmt, ("table", "csv", "json", "geojson"))
    show.cases(list_cases(_ws(workspace), filters), form, limit)


def show_cmd(
    case_id: CaseArg,
    json_out: Annotated[bool, typer.Option("--json")] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """One case: its facts, next steps and history / chi tiết hồ sơ."""
    from hatang.cli import register_show as show
    from hatang.register.queries import show as read

    show.case_file(read(_ws(workspace), case_id), json_out)


def history_cmd(
    case_id: CaseArg,
    json_out: Annotated[bool, typer.Option("--json")] = False,
    workspace: WorkspaceOpt = None,
) -> None:
    """A case's history, oldest first / lịch sử hồ sơ."""
    from hatang.cli import register_show as show
    from hatang.register.queries import history

    show.history(history(_ws(workspace), case_id), json_out)


def sync_cmd(token: TokenOpt = None, workspace: WorkspaceOpt = None) -> None:
    """Open cases from the reported list and the current run's dead spots / đồng bộ."""
    from hatang.cli import register_show as show
    from hatang.register.workflow import sync

    ws = _ws(workspace)
    show.synced(sync(ws, _actor(ws, token)))


def open_cmd(
    lon: Annotated[float, typer.Option(help="longitude / kinh độ")],
    lat: Annotated[float, typer.Option(help="latitude / vĩ độ")],
    source: Annotated[
        str, typer.Option(help="province, operator-report or citizen / nguồn")
    ] = "province",
    village: Annotated[str | None, typer.Option(help="village code / mã thôn")] = None,
    operators: Annotated[
        str | None, typer.Option("--operator", help="operators concerned, ';'-separated / nhà mạng")
    ] = None,
    reasons: Annotated[
        str | None, typer.Option("--reason", help="report reason codes, ';'-separated / mã lý do")
    ] = None,
    description: Annotated[str | None, typer.Option(help="free text / mô tả")] = None,
    observed: Annotated[
        str | None,
        typer.Option("--observed-on", help="date observed (default today) / ngày ghi nhận"),
    ] = None,
    note: NoteOpt = None,
    evidence: EvidenceOpt = None,
    refs: RefOpt = None,
    token: TokenOpt = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Open a case at a position / mở hồ sơ mới."""
    from hatang.cli import register_show as show
    from hatang.register.actions import open_cases

    ws = _ws(workspace)
    where = {"lon": lon, "lat": lat, "village_code": village, "opened_on": observed}
    what = {
        "source": source,
        "operators": operators,
        "reasons": reasons,
        "description": description,
    }
    item = _inputs(ws, note, evidence, refs, **where, **what)
    (cid,) = open_cases(ws, _actor(ws, token), [item])
    show.opened(cid)


def confirm_cmd(
    case_id: CaseArg,
    note: NoteOpt = None,
    evidence: EvidenceOpt = None,
    refs: RefOpt = None,
    token: TokenOpt = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Confirm a reported case (evidence required) / xác nhận."""
    _step(workspace, token, case_id, "confirm", None, note, evidence, refs)


def reject_cmd(
    case_id: CaseArg,
    reason: Annotated[
        str, typer.Option(help="rejection reason code (docs/register.md) / mã lý do từ chối")
    ],
    note: NoteOpt = None,
    token: TokenOpt = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Reject a reported case with a reason code / không chấp nhận."""
    _step(workspace, token, case_id, "reject", {"reason": reason}, note)


def assign_cmd(
    case_id: CaseArg,
    operator: Annotated[str, typer.Option(help="the operator who must respond / nhà mạng")],
    due: Annotated[
        int | None,
        typer.Option(
            "--due",
            help="days to respond (default [register] response_days) / số ngày phải trả lời",
        ),
    ] = None,
    note: NoteOpt = None,
    token: TokenOpt = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Assign a confirmed case to an operator, with a response deadline / giao nhà mạng."""
    _step(workspace, token, case_id, "assign", {"operator": operator, "due_days": due}, note)


def respond_cmd(
    case_id: CaseArg,
    accept: Annotated[
        bool, typer.Option("--accept", help="accept: plan the fix / nhận khắc phục")
    ] = False,
    dispute: Annotated[
        bool, typer.Option("--dispute", help="dispute, with a reason / phản đối")
    ] = False,
    planned_on: Annotated[
        str | None, typer.Option("--planned-on", help="planned fix date / ngày dự kiến khắc phục")
    ] = None,
    action: Annotated[
        str | None, typer.Option(help="new-site, sharing, sector, power, other / cách khắc phục")
    ] = None,
    scenario: Annotated[
        str | None, typer.Option(help="planner scenario the fix follows / kịch bản quy hoạch")
    ] = None,
    rank: Annotated[
        int | None, typer.Option(help="rank of the scenario's action / hạng của hành động")
    ] = None,
    rnas: Annotated[
        int | None,
        typer.Option(help="RNAS sharing code of a sharing fix (0–7) / mã dùng chung RNAS"),
    ] = None,
    reason: Annotated[
        str | None, typer.Option(help="dispute reason code (docs/register.md) / mã lý do phản đối")
    ] = None,
    note: NoteOpt = None,
    evidence: EvidenceOpt = None,
    refs: RefOpt = None,
    token: TokenOpt = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """An operator's answer to an assigned case: --accept or --dispute / trả lời."""
    step = _one_of(accept, dispute, ("accept", "dispute"))
    plan = {"planned_on": planned_on, "planned_action": action, "rnas_code": rnas}
    fields = {**plan, "scenario": scenario, "scenario_rank": rank} if accept else {"reason": reason}
    _step(workspace, token, case_id, step, fields, note, evidence, refs)


def fix_cmd(
    case_id: CaseArg,
    fixed_on: Annotated[str, typer.Option("--fixed-on", help="date fixed / ngày khắc phục")],
    action: Annotated[
        str, typer.Option(help="new-site, sharing, sector, power, other / cách khắc phục")
    ],
    site: Annotated[str | None, typer.Option(help="the new or changed site id / mã trạm")] = None,
    note: NoteOpt = None,
    evidence: EvidenceOpt = None,
    refs: RefOpt = None,
    token: TokenOpt = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Report a case fixed (an operator's step) / báo đã khắc phục."""
    fields = {"fixed_on": fixed_on, "fix_action": action, "site_id": site}
    _step(workspace, token, case_id, "fix", fields, note, evidence, refs)


def decide_cmd(
    case_id: CaseArg,
    note: Annotated[
        str, typer.Option("--note", help="the reasons for the decision / lý do quyết định")
    ],
    uphold: Annotated[
        bool, typer.Option("--uphold", help="the dead spot stands / giữ nguyên")
    ] = False,
    overturn: Annotated[
        bool, typer.Option("--overturn", help="the dispute is right / chấp nhận phản đối")
    ] = False,
    due: Annotated[
        int | None,
        typer.Option("--due", help="days to plan the fix after --uphold / số ngày lập phương án"),
    ] = None,
    evidence: EvidenceOpt = None,
    refs: RefOpt = None,
    token: TokenOpt = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Decide a disputed case: --uphold or --overturn / quyết định."""
    step = _one_of(uphold, overturn, ("uphold", "overturn"))
    _step(
        workspace, token, case_id, step, {"due_days": due if uphold else None}, note, evidence, refs
    )


def verify_cmd(
    case_id: CaseArg,
    run: Annotated[
        str | None,
        typer.Option(
            "--run", help="coverage run to check (default: the current) / lượt tính phủ sóng"
        ),
    ] = None,
    note: NoteOpt = None,
    evidence: EvidenceOpt = None,
    refs: RefOpt = None,
    token: TokenOpt = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Verify a fixed case on tests after the fix or a later coverage run / kiểm chứng."""
    from hatang.cli import register_show as show
    from hatang.register.workflow import verify

    ws = _ws(workspace)
    inputs = _inputs(ws, note, evidence, refs)
    passed, why, _ = verify(ws, case_id, _actor(ws, token), run_id=run, inputs=inputs)
    show.verified(case_id, passed, why)


def close_cmd(
    case_id: CaseArg, note: NoteOpt = None, token: TokenOpt = None, workspace: WorkspaceOpt = None
) -> None:
    """Close a verified, overturned or rejected case / đóng hồ sơ."""
    _step(workspace, token, case_id, "close", None, note)


def reopen_cmd(
    case_id: CaseArg,
    note: NoteOpt = None,
    evidence: EvidenceOpt = None,
    refs: RefOpt = None,
    token: TokenOpt = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Reopen a case on new evidence / mở lại hồ sơ."""
    _step(workspace, token, case_id, "reopen", None, note, evidence, refs)


def comment_cmd(
    case_id: CaseArg,
    note: Annotated[str, typer.Option("--note", help="the comment / ghi chú")],
    evidence: EvidenceOpt = None,
    refs: RefOpt = None,
    token: TokenOpt = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Add a note or evidence to a case / thêm ghi chú."""
    _step(workspace, token, case_id, "comment", None, note, evidence, refs)


def stats_cmd(
    json_out: Annotated[bool, typer.Option("--json")] = False, workspace: WorkspaceOpt = None
) -> None:
    """Cases per state and the operator scoreboard / thống kê."""
    from hatang.cli import register_show as show
    from hatang.register.queries import stats

    show.stats(*stats(_ws(workspace)), json_out)


def rebuild_cmd(workspace: WorkspaceOpt = None) -> None:
    """Rebuild the register from its history / dựng lại sổ từ lịch sử."""
    from hatang.cli import register_show as show
    from hatang.register.workflow import rebuild

    show.rebuilt(rebuild(_ws(workspace)))


def audit_cmd(
    since: Annotated[
        str | None, typer.Option("--since", help="from this day on, YYYY-MM-DD / từ ngày")
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option("--kind", help="register or filing (default: both) / sổ hoặc hồ sơ nộp"),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", help="table, csv or json / định dạng")] = "table",
    workspace: WorkspaceOpt = None,
) -> None:
    """Every step on a register case and every filing, refiling, acceptance and rejection,
    oldest first / nhật ký thao tác."""
    from hatang.cli import options
    from hatang.cli import register_show as show
    from hatang.register.audit import checked_kind, since_date, trail

    ws = _ws(workspace)
    form = options.choice(fmt, ("table", "csv", "json"))
    show.audit(trail(ws, since_date(since), checked_kind(kind)), form, ws.synthetic)


COMMANDS = {
    "list": list_cmd,
    "show": show_cmd,
    "history": history_cmd,
    "sync": sync_cmd,
    "open": open_cmd,
    "confirm": confirm_cmd,
    "reject": reject_cmd,
    "assign": assign_cmd,
    "respond": respond_cmd,
    "fix": fix_cmd,
    "decide": decide_cmd,
    "verify": verify_cmd,
    "close": close_cmd,
    "reopen": reopen_cmd,
    "comment": comment_cmd,
    "stats": stats_cmd,
    "rebuild": rebuild_cmd,
}


def register(app: typer.Typer) -> None:
    """Add `hatang register …` to the app."""
    for name, fn in COMMANDS.items():
        register_app.command(name)(fn)
    app.add_typer(register_app, name="register")
    app.command("audit")(audit_cmd)
