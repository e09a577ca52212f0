"""The ``halokop`` command line: the library's commands plus the service's groups.

``halokop db upgrade``, ``halokop kb import FILE``,
``halokop index build [--from-db | --from-file F --out D]``, ``halokop users create NAME --role ROLE``,
``halokop serve``, ``halokop demo setup``.
"""

from __future__ import annotations

import typer
from typer.models import TyperInfo

from api import kit_cli
from api.commands import db, demo, index, kb, serve, users
from api.kpi import cli as kpi_cli


def _merge_index_group(app: typer.Typer) -> None:
    """Replace the library's ``index`` group with ours, which builds from the database as well as from
    a file; the library's other ``index`` commands are kept."""
    for i, info in enumerate(app.registered_groups):
        if info.name != "index" or info.typer_instance is None:
            continue
        ours = {c.name for c in index.app.registered_commands}
        for command in info.typer_instance.registered_commands:
            name = command.name or (command.callback.__name__ if command.callback else None)
            if name and name not in ours:
                index.app.registered_commands.append(command)
        app.registered_groups[i] = TyperInfo(index.app, name="index", help=index.app.info.help)
        return
    app.add_typer(index.app, name="index")


def build_app() -> typer.Typer:
    from halokop_nlp.cli import build_app as build_library_app

    app = build_library_app()
    _merge_index_group(app)
    app.add_typer(db.app, name="db")
    app.add_typer(kb.app, name="kb")
    app.add_typer(users.app, name="users")
    app.add_typer(demo.app, name="demo")
    app.command("serve")(serve.serve)
    kit_cli.register(app)
    kpi_cli.register(app)
    return app


def main() -> None:
    build_app()()


if __name__ == "__main__":
    main()
