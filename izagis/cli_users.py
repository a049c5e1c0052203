"""``izagis user``: the accounts of staff, planners and admins (there is no default one)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Annotated

import typer
from rich.table import Table
from sqlalchemy import Connection

from izagis import accounts, db
from izagis.cli_output import console, error, out
from izagis.errors import IzagisError
from izagis.settings import Settings
from izagis.vocab import Role

app = typer.Typer(help="Accounts of the people who sign in.", no_args_is_help=True)
PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="read the password from standard input")
]


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = typer.prompt("password", hide_input=True)
    if typer.prompt("again", hide_input=True) != first:
        error("the two passwords differ")
        raise typer.Exit(code=1)
    return str(first)


def _run(action: str, work: Callable[[Connection], object]) -> None:
    try:
        engine = db.make_engine(db.owner_url(Settings()))
        db.check_schema(engine)
        with engine.begin() as conn:
            db.act_as(conn, "izagis user")
            work(conn)
    except IzagisError as exc:
        error(exc.message)
        raise typer.Exit(code=1) from exc
    console.print(action)


@app.command("add")
def add(
    email: str,
    role: Annotated[Role, typer.Option(help="admin, planner or staff")],
    password_stdin: PasswordStdin = False,
) -> None:
    """Create an account (the first admin comes from here)."""
    password = _password(password_stdin)
    _run(
        f"{email} added as {role}",
        lambda conn: accounts.add_user(conn, email=email, role=role, password=password),
    )


@app.command("passwd")
def passwd(email: str, password_stdin: PasswordStdin = False) -> None:
    """Set a new password."""
    password = _password(password_stdin)
    _run(
        f"password of {email} changed",
        lambda conn: accounts.set_password(conn, email=email, password=password),
    )


@app.command("disable")
def disable(email: str) -> None:
    """Disable an account: its sign-ins stop working at once."""
    _run(f"{email} disabled", lambda conn: accounts.disable(conn, email=email))


@app.command("list")
def list_accounts() -> None:
    """The accounts, with their role and whether they are disabled."""
    found: list[accounts.Account] = []
    _run("", lambda conn: found.extend(accounts.list_users(conn)))
    table = Table("email", "role", "disabled", "since")
    for account in found:
        created = account.created_at.date().isoformat() if account.created_at else ""
        table.add_row(account.email, account.role, "yes" if account.disabled else "", created)
    out.print(table)
