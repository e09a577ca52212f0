"""Alembic environment: runs over a connection handed in by ``api.core.db.upgrade``.

Used directly (``alembic -c api/alembic.ini upgrade head``) it takes the database URL from the
service settings (``HALOKOP_DATABASE_URL`` / ``.env``).
"""

from __future__ import annotations

from alembic import context

from api.models import Base

config = context.config
target_metadata = Base.metadata


def _configure(connection) -> None:
    # render_as_batch: SQLite cannot ALTER most things; batch mode copies the table instead.
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _configure(connection)
        return
    from api.core.config import Settings
    from api.core.db import make_engine

    url = config.get_main_option("sqlalchemy.url") or Settings().database_url
    engine = make_engine(url)
    with engine.connect() as connection:
        _configure(connection)
        connection.commit()
    engine.dispose()


def run_migrations_offline() -> None:
    from api.core.config import Settings

    url = config.get_main_option("sqlalchemy.url") or Settings().database_url
    context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
