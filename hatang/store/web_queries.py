"""Read queries the web app and the open-data portal need, and the API-token store.

Only identifiers from the declared schema (hatang.model.schema.TABLES) ever reach SQL;
every value is a bound parameter. Nothing a request sends is interpolated here: the
web layer filters and sorts the frames these functions return in pandas.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd

from hatang.errors import ConfigError, NotFound
from hatang.model.schema import TABLES
from hatang.store import db

TOKEN_PREFIX = "hat_"


def existing_tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    rows = con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    return {r[0] for r in rows}


def read_frames(con: duckdb.DuckDBPyConnection, names: Iterable[str]) -> dict[str, pd.DataFrame]:
    """Whole declared tables as frames; a declared table missing from the file is empty.

    Names not declared in the schema are refused (they never come from a request,
    but the rule is enforced here too).
    """
    present = existing_tables(con)
    out: dict[str, pd.DataFrame] = {}
    for name in names:
        table = TABLES.get(name)
        if table is None:
            raise ConfigError(f"unknown table {name!r}")
        if name in present:
            out[name] = con.execute(f"SELECT * FROM {db.quote(name)}").df()
        else:
            out[name] = pd.DataFrame({c: pd.Series(dtype=object) for c in table.column_names})
    return out


def row_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    present = existing_tables(con)
    counts: dict[str, int] = {}
    for name in TABLES:
        if name in present and name != "api_tokens":
            row = con.execute(f"SELECT count(*) FROM {db.quote(name)}").fetchone()
            counts[name] = int(row[0]) if row else 0
    return counts


def first_import_time(con: duckdb.DuckDBPyConnection) -> datetime | None:
    """When the workspace's first file was imported (DCAT dct:issued)."""
    row = con.execute("SELECT min(imported_at) FROM imports").fetchone()
    return row[0] if row else None


def last_import_time(con: duckdb.DuckDBPyConnection) -> datetime | None:
    row = con.execute("SELECT max(imported_at) FROM imports").fetchone()
    return row[0] if row and row[0] is not None else None


# ---- API tokens ---------------------------------------------------------------------


#: token roles (docs/register.md); a token made before roles existed is an analyst's
ROLES = ("admin", "analyst", "operator")
DEFAULT_ROLE = "analyst"


@dataclass(frozen=True)
class TokenInfo:
    name: str
    created_at: datetime
    revoked: bool
    role: str = DEFAULT_ROLE
    operator: str | None = None


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(
    con: duckdb.DuckDBPyConnection,
    name: str,
    role: str = DEFAULT_ROLE,
    operator: str | None = None,
) -> str:
    """Make a new token for NAME with a role (an operator token names its operator),
    store its hash, and return the token (shown once)."""
    name = name.strip()
    if not name or len(name) > 100:
        raise ConfigError("a token name must be 1 to 100 characters")
    if role not in ROLES:
        raise ConfigError(
            f"--role must be one of {', '.join(ROLES)}, not {role!r} / vai trò phải là một "
            f"trong {', '.join(ROLES)}"
        )
    if (role == "operator") != bool(operator):
        raise ConfigError(
            "an operator token needs --operator (e.g. --operator viettel); other roles take none"
        )
    row = con.execute("SELECT revoked FROM api_tokens WHERE name = ?", [name]).fetchone()
    if row is not None and not row[0]:
        raise ConfigError(
            f"a token named {name!r} exists already; revoke it first (`hatang token revoke {name}`)"
        )
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with db.transaction(con):
        con.execute("DELETE FROM api_tokens WHERE name = ?", [name])
        con.execute(
            "INSERT INTO api_tokens (name, token_sha256, created_at, revoked, role, operator) "
            "VALUES (?, ?, now()::TIMESTAMP, false, ?, ?)",
            [name, hash_token(token), role, operator],
        )
    return token


def list_tokens(con: duckdb.DuckDBPyConnection) -> list[TokenInfo]:
    rows = con.execute(
        "SELECT name, created_at, revoked, role, operator FROM api_tokens ORDER BY name"
    ).fetchall()
    return [TokenInfo(r[0], r[1], bool(r[2]), r[3] or DEFAULT_ROLE, r[4]) for r in rows]


def revoke_token(con: duckdb.DuckDBPyConnection, name: str) -> None:
    row = con.execute("SELECT revoked FROM api_tokens WHERE name = ?", [name]).fetchone()
    if row is None:
        raise NotFound(f"no token named {name!r} (see `hatang token list`)")
    con.execute("UPDATE api_tokens SET revoked = true WHERE name = ?", [name])


def token_holder(con: duckdb.DuckDBPyConnection, token: str) -> str | None:
    """The name of the holder of a valid (not revoked) token, else None."""
    info = token_info(con, token)
    return None if info is None else info.name


def token_info(con: duckdb.DuckDBPyConnection, token: str) -> TokenInfo | None:
    """The holder, role and operator of a valid (not revoked) token, else None."""
    if not token or len(token) > 200:
        return None
    return token_info_by_hash(con, hash_token(token))


def token_info_by_hash(con: duckdb.DuckDBPyConnection, token_sha256: str) -> TokenInfo | None:
    """As `token_info`, from the token's SHA-256 (what a web session carries)."""
    row = con.execute(
        "SELECT name, created_at, revoked, role, operator FROM api_tokens "
        "WHERE token_sha256 = ? AND NOT revoked",
        [token_sha256],
    ).fetchone()
    return TokenInfo(row[0], row[1], bool(row[2]), row[3] or DEFAULT_ROLE, row[4]) if row else None
