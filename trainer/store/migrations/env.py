"""Alembic environment: online only, on the connection `trainer.store.upgrade` hands over.

Batch mode ("move and copy" table rebuilds) is used on SQLite only, which cannot ALTER much;
`trainer.store.upgrade` switches foreign keys off around it, or rebuilding a parent table would
cascade-delete every child row. Instants are rendered as plain `DateTime(timezone=True)` so that
revisions never import application code that may change later.
"""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from alembic.autogenerate.api import AutogenContext
from sqlalchemy import Connection

from trainer.store.models import Base
from trainer.store.types import UTCDateTime


def _render_item(type_: str, obj: Any, autogen_context: AutogenContext) -> str | Literal[False]:
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        render_item=_render_item,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


_connection = context.config.attributes.get("connection")
if not isinstance(_connection, Connection):
    raise RuntimeError("run migrations through trainer.store.upgrade, which passes a connection")
run_migrations(_connection)
