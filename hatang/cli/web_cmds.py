"""`hatang serve` (dashboard + open-data portal) and `hatang token create|list|revoke`."""

from typing import Annotated

import typer

from hatang.cli.options import WorkspaceOpt

#: asyncio's loop, not uvloop: libuv accepts one connection per loop iteration, so under
#: load new connections waited seconds in the listen queue (at 200 connections 10 % of
#: requests took 2-7 s); asyncio accepts every queued connection at once, and each
#: request then waits its turn (docs/benchmarks.md, web section)
SERVER_OPTIONS = {"loop": "asyncio", "http": "httptools", "log_level": "warning"}

token_app = typer.Typer(
    help="API tokens with a role: admin, analyst, operator (write API, register) / mã truy cập API.",
    no_args_is_help=True,
)


def serve(
    workspace: WorkspaceOpt = None,
    host: Annotated[
        str, typer.Option(help="address to listen on / địa chỉ (127.0.0.1: only this machine)")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port / cổng", min=1, max=65535)] = 8000,
) -> None:
    """Serve the dashboard and the open-data portal / chạy trang tổng quan và cổng dữ liệu mở."""
    import uvicorn

    from hatang.cli.output import console
    from hatang.store import Workspace
    from hatang.web import create_app

    app = create_app(Workspace.open(workspace))
    console().print(
        f"hatang: http://{host}:{port}/  (CKAN API: /api/3/action/package_list, DCAT: /catalog.jsonld)"
    )
    uvicorn.run(app, host=host, port=port, **SERVER_OPTIONS)


@token_app.command("create")
def token_create(
    name: Annotated[str, typer.Argument(help="who holds the token / tên người giữ mã")],
    role: Annotated[
        str, typer.Option(help="admin, analyst or operator (docs/register.md) / vai trò")
    ] = "analyst",
    operator: Annotated[
        str | None, typer.Option(help="the operator an operator token acts for / nhà mạng")
    ] = None,
    workspace: WorkspaceOpt = None,
) -> None:
    """Create a token and print it once (only its hash is kept) / tạo mã, in ra một lần."""
    from hatang.cli import options
    from hatang.cli.output import err_console
    from hatang.store import Workspace
    from hatang.store import web_queries as q

    op = options.operator(operator)
    with Workspace.open(workspace).connect() as con:
        token = q.create_token(con, name, role, op)
    typer.echo(token)  # alone on stdout: TOKEN=$(hatang token create NAME)
    who = f"{role} token for {name!r}" + (f" ({op})" if op else "")
    err_console().print(
        f"[dim]{who}: shown once, store it now (Authorization: Bearer <token>)[/dim]",
        highlight=False,
    )


@token_app.command("list")
def token_list(workspace: WorkspaceOpt = None) -> None:
    """List tokens (names and dates, never the tokens) / liệt kê mã."""
    from hatang.cli.output import console
    from hatang.store import Workspace
    from hatang.store import web_queries as q

    with Workspace.open(workspace).connect() as con:
        tokens = q.list_tokens(con)
    if not tokens:
        console().print("no tokens / chưa có mã nào")
    for tk in tokens:
        state = "revoked" if tk.revoked else "active"
        role = f"{tk.role}:{tk.operator}" if tk.operator else tk.role
        typer.echo(f"{tk.name}\t{role}\t{tk.created_at:%Y-%m-%d %H:%M}\t{state}")


@token_app.command("revoke")
def token_revoke(
    name: Annotated[str, typer.Argument(help="the token's name / tên mã")],
    workspace: WorkspaceOpt = None,
) -> None:
    """Revoke a token: it stops working at once / thu hồi mã."""
    from hatang.cli.output import console
    from hatang.store import Workspace
    from hatang.store import web_queries as q

    with Workspace.open(workspace).connect() as con:
        q.revoke_token(con, name)
    console().print(f"revoked {name!r}")


def register(app: typer.Typer) -> None:
    """Add this module's commands to the app."""
    app.command("serve")(serve)
    app.add_typer(token_app, name="token")
