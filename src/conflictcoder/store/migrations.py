"""Named schema migrations, applied once each and recorded in a ``migrations`` table.

Each step has a stable name and the SQL for every back end that has one. A back end applies
the steps it has not recorded yet, in order, each in its own transaction, so a store
written by an older version is brought up to date when it is opened. Never edit a step
that has shipped: add a new one.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime


@dataclass(frozen=True)
class Migration:
    """One schema step.

    name (str): stable, unique name ("0001_initial"); recorded once applied.
    sqlite (tuple[str, ...]): SQL statements for the SQLite back end.
    postgres (tuple[str, ...]): SQL statements for the PostgreSQL back end (empty until it lands).
    """

    name: str
    sqlite: tuple[str, ...]
    postgres: tuple[str, ...] = ()


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "0001_initial",
        sqlite=(
            """
            CREATE TABLE articles (
                id TEXT NOT NULL,
                content_hash TEXT NOT NULL UNIQUE,
                title TEXT,
                published TEXT,
                source TEXT,
                url TEXT,
                language TEXT,
                origin TEXT,
                text TEXT NOT NULL,
                ingested_at TEXT NOT NULL
            )
            """,
            "CREATE INDEX articles_id ON articles (id)",
            """
            CREATE TABLE events (
                event_id TEXT PRIMARY KEY,
                event_date TEXT,
                time_precision INTEGER,
                event_type TEXT NOT NULL,
                sub_event_type TEXT NOT NULL,
                actor1 TEXT,
                assoc_actor_1 TEXT,
                inter1 INTEGER,
                actor2 TEXT,
                assoc_actor_2 TEXT,
                inter2 INTEGER,
                interaction INTEGER,
                civilian_targeting TEXT,
                iso INTEGER,
                country TEXT,
                admin1 TEXT,
                admin2 TEXT,
                admin3 TEXT,
                location TEXT,
                latitude REAL,
                longitude REAL,
                geo_precision INTEGER,
                source TEXT,
                notes TEXT,
                fatalities INTEGER NOT NULL DEFAULT 0,
                data TEXT NOT NULL CHECK (json_valid(data))
            )
            """,
            "CREATE INDEX events_date ON events (event_date)",
            "CREATE INDEX events_country_admin1 ON events (country, admin1)",
            "CREATE INDEX events_type ON events (event_type, sub_event_type)",
            """
            CREATE TABLE event_sources (
                event_id TEXT NOT NULL REFERENCES events (event_id) ON DELETE CASCADE,
                doc_id TEXT NOT NULL,
                PRIMARY KEY (event_id, doc_id)
            )
            """,
            "CREATE INDEX event_sources_doc ON event_sources (doc_id)",
        ),
    ),
)


def applied_sqlite(conn: sqlite3.Connection) -> list[str]:
    """Names of the migrations recorded in a SQLite store, in the order applied.

    Example:
        >>> conn = sqlite3.connect(":memory:", isolation_level=None)
        >>> apply_sqlite(conn)
        ['0001_initial']
        >>> applied_sqlite(conn)
        ['0001_initial']
    """
    conn.execute(
        "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
    )
    rows = conn.execute("SELECT name FROM migrations ORDER BY rowid").fetchall()
    return [row[0] for row in rows]


def apply_sqlite(
    conn: sqlite3.Connection, migrations: tuple[Migration, ...] = MIGRATIONS
) -> list[str]:
    """Apply the migrations a SQLite store has not recorded yet, each in one transaction.

    conn (sqlite3.Connection): a connection in autocommit mode (``isolation_level=None``).
    migrations (tuple[Migration, ...]): the steps, in order. Defaults to ``MIGRATIONS``.
    RETURNS (list[str]): the names applied by this call (empty when up to date).

    Example:
        >>> conn = sqlite3.connect(":memory:", isolation_level=None)
        >>> apply_sqlite(conn), apply_sqlite(conn)
        (['0001_initial'], [])
    """
    done = set(applied_sqlite(conn))
    applied: list[str] = []
    for migration in migrations:
        if migration.name in done:
            continue
        conn.execute("BEGIN IMMEDIATE")
        try:
            # A concurrent opener may have applied it while we waited for the write lock.
            if conn.execute(
                "SELECT 1 FROM migrations WHERE name = ?", (migration.name,)
            ).fetchone():
                conn.execute("ROLLBACK")
                continue
            for statement in migration.sqlite:
                conn.execute(statement)
            conn.execute(
                "INSERT INTO migrations (name, applied_at) VALUES (?, ?)",
                (migration.name, datetime.now(UTC).isoformat(timespec="seconds")),
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(migration.name)
    return applied
