"""``halokop users``: accounts and roles."""

from __future__ import annotations

from typing import Annotated

import typer

from api.commands._common import fail, load_settings, open_database
from api.models import Role

app = typer.Typer(help="User accounts and roles.", no_args_is_help=True)


@app.command("create")
def create(
    name: Annotated[str, typer.Argument(help="Login name: lowercase letters, digits, '.', '_' or '-'.")],
    role: Annotated[Role, typer.Option("--role", help="staf, pimpinan or admin.")],
    password: Annotated[
        str | None, typer.Option("--password", help="The password (asked for, hidden, if not given).")
    ] = None,
    full_name: Annotated[str | None, typer.Option("--full-name", help="The person's name.")] = None,
) -> None:
    """Create an account with a role."""
    from pydantic import ValidationError

    from api.errors import ServiceError
    from api.schemas.auth import UserCreate
    from api.services.users import create_user

    if password is None:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        data = UserCreate(username=name, password=password, role=role, full_name=full_name)
    except ValidationError as exc:
        from api.errors import validation_message

        raise fail(validation_message([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()])[0]) from None
    _, sessions = open_database(load_settings())
    with sessions() as session:
        try:
            user = create_user(session=session, data=data, actor=None, actor_name="cli")
        except ServiceError as exc:
            raise fail(exc.message) from None
    typer.echo(f"created {user.username} ({user.role})")


@app.command("set-password")
def set_password(
    name: Annotated[str, typer.Argument(help="Login name.")],
    password: Annotated[
        str | None, typer.Option("--password", help="New password (asked for if not given).")
    ] = None,
) -> None:
    """Set a new password for an account."""
    from api.errors import ServiceError
    from api.services.users import set_password as set_pw

    if password is None:
        password = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    _, sessions = open_database(load_settings())
    with sessions() as session:
        try:
            set_pw(session=session, username=name, password=password, actor_name="cli")
        except ServiceError as exc:
            raise fail(exc.message) from None
    typer.echo(f"password of {name} changed")


@app.command("list")
def list_users() -> None:
    """List accounts."""
    from api.repository import users as repo

    _, sessions = open_database(load_settings())
    with sessions() as session:
        rows, _ = repo.list_all(session=session, limit=10_000, offset=0)
        for u in rows:
            typer.echo(f"{u.username:<24} {u.role:<10} {'active' if u.is_active else 'disabled'}")
