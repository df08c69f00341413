"""``users add|list|role|passwd|remove``: the review desk's accounts."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..errors import StoreError
from ..store import open_store
from ._common import (
    DbOption,
    _Group,
    app,
)

users_app = typer.Typer(
    cls=_Group,
    no_args_is_help=True,
    rich_markup_mode="rich",
    help="""Accounts of the review desk: who may sign in to the dashboard, with which role.

    Roles: reader (reads, when reads are private), reviewer (the review queue), admin.
    Passwords are asked for (or read from --password-file); only scrypt hashes are stored.

    Example:
        conflictcoder users add ana --role reviewer --db events.sqlite
    """,
)
app.add_typer(users_app, name="users")
RoleOption = Annotated[
    str, typer.Option("--role", help="reader, reviewer or admin.", show_default=True)
]
PasswordFileOption = Annotated[
    Path | None,
    typer.Option(
        "--password-file",
        metavar="FILE",
        dir_okay=False,
        help="Read the password from the first line of FILE ('-': standard input) "
        "instead of asking.",
    ),
]


def _password(source: Path | None) -> str:
    if source is None:
        return str(typer.prompt("Password", hide_input=True, confirmation_prompt=True))
    text = sys.stdin.read() if str(source) == "-" else source.read_text(encoding="utf-8")
    return text.splitlines()[0] if text else ""


def _desk(db: str) -> Any:
    from ..store import SqlStore

    store = open_store(db)
    if not isinstance(store, SqlStore):
        store.close()
        raise StoreError(f"{store.name}: this store keeps no accounts")
    return store


@users_app.command("add")
def users_add(
    name: Annotated[str, typer.Argument(help="The user name (letters, digits, . _ @ -).")],
    db: DbOption = "events.sqlite",
    role: RoleOption = "reviewer",
    password_file: PasswordFileOption = None,
) -> None:
    """Create an account.

    Example:
        conflictcoder users add ana --role reviewer --db events.sqlite
    """
    with _desk(db) as store:
        store.add_user(name, _password(password_file), role=role)
    typer.echo(f"added {name} ({role})")


@users_app.command("list")
def users_list(db: DbOption = "events.sqlite") -> None:
    """List the accounts: name, role, when created, sessions signed in now.

    Example:
        conflictcoder users list --db events.sqlite
    """
    with _desk(db) as store:
        rows = store.users()
    table = Table()
    for column in ("name", "role", "created", "sessions"):
        table.add_column(column)
    for row in rows:
        created = datetime.fromtimestamp(row["created_at"], UTC).strftime("%Y-%m-%d %H:%M")
        table.add_row(Text(row["name"]), row["role"], created, str(row["sessions"]))
    Console(soft_wrap=False).print(table)


@users_app.command("role")
def users_role(
    name: Annotated[str, typer.Argument(help="The user.")],
    role: Annotated[str, typer.Argument(help="reader, reviewer or admin.")],
    db: DbOption = "events.sqlite",
) -> None:
    """Give a user another role (signs them out).

    Example:
        conflictcoder users role ana admin --db events.sqlite
    """
    with _desk(db) as store:
        store.set_role(name, role)
    typer.echo(f"{name} is now {role}")


@users_app.command("passwd")
def users_passwd(
    name: Annotated[str, typer.Argument(help="The user.")],
    db: DbOption = "events.sqlite",
    password_file: PasswordFileOption = None,
) -> None:
    """Set a user's password (signs them out).

    Example:
        conflictcoder users passwd ana --db events.sqlite
    """
    with _desk(db) as store:
        store.set_password(name, _password(password_file))
    typer.echo(f"password of {name} changed")


@users_app.command("remove")
def users_remove(
    name: Annotated[str, typer.Argument(help="The user.")],
    db: DbOption = "events.sqlite",
) -> None:
    """Delete an account (what it did stays in the events' history).

    Example:
        conflictcoder users remove ana --db events.sqlite
    """
    with _desk(db) as store:
        store.remove_user(name)
    typer.echo(f"removed {name}")
