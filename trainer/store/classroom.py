"""A class on one PostgreSQL server: learners isolated by the database itself.

The instructor's role owns the schema (it migrates, and reads everything). `init_class` creates
a group role, `trainer_learners_<database>`, grants it the tables, and turns on row-level
security with one policy per table: a learner's role sees and changes only the rows of the
`user` row named after it (`current_user`), its cards, reviews, tallies, settings, submissions
and exam attempts. `add_learner` makes a login role in that group with a generated password.
The app, connected as a learner, takes the role as the learner's name and never migrates
(`learner_role`).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, text

LEARNERS = "trainer_learners"  # the group role's prefix; the database's name completes it
LEARNER_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
OWN_USER = '(SELECT id FROM "user" WHERE name = current_user)'


class ClassError(ValueError):
    """A class command that cannot be done as asked; the message says why."""


@dataclass(frozen=True)
class Learner:
    name: str
    reviews: int
    last_review: str | None  # ISO time of the latest review, None if none yet


def group_role(connection: Connection) -> str:
    """The learners' group role of this database's class (roles are the whole server's, so
    two classes on one server need two groups): `trainer_learners_<database>`."""
    database = str(connection.execute(text("SELECT current_database()")).scalar())
    return f"{LEARNERS}_{re.sub(r'[^a-z0-9_]', '_', database.lower())}"[:63]


def _tables(connection: Connection) -> dict[str, set[str]]:
    rows = connection.execute(
        text(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = current_schema()"
        )
    )
    tables: dict[str, set[str]] = {}
    for table, column in rows:
        tables.setdefault(str(table), set()).add(str(column))
    return tables


def _policy(table: str, columns: set[str]) -> str | None:
    """Which rows of `table` belong to the connected learner, as a SQL condition."""
    if table == "user":
        return "name = current_user"
    if "user_id" in columns:
        return f"user_id = {OWN_USER}"
    if "card_id" in columns:  # the review log: rows of the learner's own cards
        return "card_id IN (SELECT id FROM card)"
    return None


def init_class(engine: Engine) -> list[str]:
    """Create the learners' group role, grant it the tables and turn on row-level security.
    Safe to run again (after a migration, to cover new tables). Returns the tables covered."""
    from trainer.store.upgrade import ensure_schema

    _require_postgresql(engine)
    ensure_schema(engine)
    covered: list[str] = []
    with engine.begin() as connection:
        group = group_role(connection)
        if not _role_exists(connection, group):
            connection.execute(text(f"CREATE ROLE {group} NOLOGIN"))
        schema = '"' + str(connection.execute(text("SELECT current_schema()")).scalar()) + '"'
        connection.execute(text(f"GRANT USAGE ON SCHEMA {schema} TO {group}"))
        connection.execute(
            text(
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {group}"
            )
        )
        connection.execute(
            text(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {group}")
        )
        connection.execute(text(f"REVOKE ALL ON alembic_version FROM {group}"))
        connection.execute(text(f"GRANT SELECT ON alembic_version TO {group}"))
        for table, columns in sorted(_tables(connection).items()):
            condition = _policy(table, columns)
            if condition is None:
                continue
            quoted = f'"{table}"'
            connection.execute(text(f"ALTER TABLE {quoted} ENABLE ROW LEVEL SECURITY"))
            connection.execute(text(f"DROP POLICY IF EXISTS own_rows ON {quoted}"))
            connection.execute(
                text(
                    f"CREATE POLICY own_rows ON {quoted} TO {group} "
                    f"USING ({condition}) WITH CHECK ({condition})"
                )
            )
            covered.append(table)
    return covered


def add_learner(engine: Engine, name: str) -> str:
    """A login role for learner `name` in the class; returns its generated password."""
    _require_postgresql(engine)
    _check_name(name)
    password = secrets.token_urlsafe(18)
    with engine.begin() as connection:
        if _role_exists(connection, name):
            raise ClassError(f"'{name}' already exists on this server")
        group = group_role(connection)
        if not _role_exists(connection, group):
            raise ClassError("this database has no class yet: run 'trainer class init' first")
        # DDL takes no bind parameters; the name is checked and the password url-safe.
        assert re.fullmatch(r"[A-Za-z0-9_-]+", password)
        connection.execute(
            text(f"CREATE ROLE \"{name}\" LOGIN PASSWORD '{password}' IN ROLE {group}")
        )
    return password


def remove_learner(engine: Engine, name: str, *, keep_rows: bool) -> None:
    """Drop learner `name`'s role; their progress stays for the report or is deleted."""
    _require_postgresql(engine)
    _check_name(name)
    with engine.begin() as connection:
        if name not in _members(connection):
            raise ClassError(f"'{name}' is not a learner of this class")
        if not keep_rows:
            connection.execute(text('DELETE FROM "user" WHERE name = :name'), {"name": name})
        connection.execute(text(f'DROP ROLE "{name}"'))


def list_learners(engine: Engine) -> list[Learner]:
    _require_postgresql(engine)
    with engine.connect() as connection:
        names = _members(connection)
        out = []
        for name in names:
            row = connection.execute(
                text(
                    'SELECT count(r.id), max(r.reviewed_at) FROM "user" u '
                    "JOIN card c ON c.user_id = u.id JOIN review_log r ON r.card_id = c.id "
                    "WHERE u.name = :name"
                ),
                {"name": name},
            ).one()
            last = None if row[1] is None else row[1].isoformat()
            out.append(Learner(name, int(row[0]), last))
    return out


def learner_role(engine: Engine) -> str | None:
    """The connected role's name when it is a learner of a class (PostgreSQL), else None."""
    if engine.dialect.name != "postgresql":
        return None
    with engine.connect() as connection:
        row = connection.execute(
            text(  # a direct member (pg_has_role is true for every superuser)
                "SELECT current_user, EXISTS (SELECT 1 FROM pg_auth_members a "
                "JOIN pg_roles g ON g.oid = a.roleid JOIN pg_roles m ON m.oid = a.member "
                "WHERE g.rolname = :group AND m.rolname = current_user)"
            ),
            {"group": group_role(connection)},
        ).one()
    return str(row[0]) if row[1] else None


def learner_url(url: str, name: str, password: str) -> str:
    """The instructor's URL with the learner's role and password in it."""
    from sqlalchemy.engine import make_url

    return make_url(url).set(username=name, password=password).render_as_string(hide_password=False)


def _members(connection: Connection) -> list[str]:
    rows = connection.execute(
        text(
            "SELECT m.rolname FROM pg_roles m JOIN pg_auth_members a ON a.member = m.oid "
            "JOIN pg_roles g ON g.oid = a.roleid WHERE g.rolname = :group ORDER BY m.rolname"
        ),
        {"group": group_role(connection)},
    )
    return [str(r[0]) for r in rows]


def _role_exists(connection: Connection, name: str) -> bool:
    found = connection.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name})
    return found.first() is not None


def _check_name(name: str) -> None:
    if not LEARNER_NAME.match(name):
        raise ClassError(
            f"'{name}' cannot be a learner's name: use lower-case letters, digits and _, "
            "starting with a letter (at most 40)"
        )


def _require_postgresql(engine: Engine) -> None:
    if engine.dialect.name != "postgresql":
        raise ClassError("a class needs a PostgreSQL server: pass --db postgresql://...")
