"""Tokens carry a role (admin, analyst, operator with its operator); a token made before
roles existed keeps working as an analyst's."""

from __future__ import annotations

from hatang.store import web_queries as q


def test_roles_are_stored_with_the_token(ws, cli):
    w = ("-w", str(ws.root))
    code, out, err = cli(
        "token", "create", "vt-planner", "--role", "operator", "--operator", "Viettel", *w
    )
    assert code == 0, err
    token = out.strip()
    with ws.connect(read_only=True) as con:
        info = q.token_info(con, token)
    assert (info.name, info.role, info.operator) == ("vt-planner", "operator", "viettel")
    assert "vt-planner\toperator:viettel\t" in cli("token", "list", *w)[1]


def test_an_operator_token_names_its_operator(ws, cli):
    w = ("-w", str(ws.root))
    code, _, err = cli("token", "create", "x", "--role", "operator", *w)
    assert code == 1 and "Error: an operator token needs --operator" in err
    code, _, err = cli("token", "create", "x", "--role", "mayor", *w)
    assert code == 1 and "--role must be one of admin, analyst, operator, not 'mayor'" in err


def test_a_token_from_before_roles_is_an_analyst(ws):
    with ws.connect() as con:
        token = q.create_token(con, "old")
        con.execute(
            "UPDATE api_tokens SET role = NULL, operator = NULL"
        )  # as an older hatang wrote it
        info = q.token_info(con, token)
        holder = q.token_holder(con, token)
    assert info.role == "analyst" and info.operator is None and holder == "old"
