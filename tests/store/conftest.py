"""Store fixtures: every ``store`` test runs on SQLite and on PostgreSQL with PostGIS.

The PostgreSQL server comes from ``CONFLICTCODER_TEST_PG`` (``make test`` sets it from
``scripts/services.sh``), else the URL that script creates when a server answers there.
Without a server the PostgreSQL variants fail when ``CI=true`` and skip otherwise.
The PostgreSQL tests share one schema (``?schema=``), migrated once and emptied before each
test (``postgres_url`` gives a fresh schema of its own); it is dropped at the end.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from conflictcoder.store import Store, open_store

PG_ENV = "CONFLICTCODER_TEST_PG"
# What scripts/services.sh creates (its defaults).
SERVICES_URL = "postgresql://conflictcoder:conflictcoder@127.0.0.1:5432/conflictcoder_test"
BACKENDS = ("sqlite", "postgresql")


@lru_cache(maxsize=1)
def _pg_url() -> tuple[str | None, str]:
    """The test server URL, or None and why there is none."""
    import psycopg

    url = os.environ.get(PG_ENV)
    candidate = url or SERVICES_URL
    try:
        psycopg.connect(candidate, connect_timeout=3).close()
    except psycopg.Error as exc:
        where = f"{PG_ENV}={candidate}" if url else f"no {PG_ENV} set and {candidate}"
        return None, f"{where}: server not reachable ({str(exc).strip().splitlines()[0]})"
    return candidate, ""


def pg_url() -> str:
    """The test server URL; fails (CI=true, or the variable set but broken) or skips."""
    url, why = _pg_url()
    if url is not None:
        return url
    message = (
        f"PostgreSQL store tests need a server with PostGIS: {why}. "
        f"Run scripts/services.sh (make test does) or set {PG_ENV}=postgresql://..."
    )
    if os.environ.get("CI") == "true" or os.environ.get(PG_ENV):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def _with_schema(url: str, schema: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}schema={schema}"


def drop_schema(url: str, schema: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))


# Emptied before each test that shares the session schema (migrations stay applied).
STORE_TABLES = (
    "articles",
    "events",
    "event_sources",
    "event_reports",
    "event_corrections",
    "event_history",
    "removed_events",
    "users",
    "sessions",
)


@pytest.fixture(scope="session")
def _shared_postgres() -> Iterator[tuple[str, Any]]:
    """One migrated schema for the whole session, and a connection to empty it."""
    import psycopg
    from psycopg import sql

    base = pg_url()
    schema = f"test_{uuid.uuid4().hex[:12]}"
    url = _with_schema(base, schema)
    open_store(url).close()
    # DELETE, not TRUNCATE: on a handful of rows it is many times faster.
    statements = [
        sql.SQL("DELETE FROM {}").format(sql.Identifier(schema, table))
        for table in reversed(STORE_TABLES)
    ]

    with psycopg.connect(base, autocommit=True) as conn:

        def empty() -> None:
            with conn.transaction():
                for statement in statements:
                    conn.execute(statement)

        yield url, empty
    drop_schema(base, schema)


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL for an empty store of each back end (PostgreSQL: the session schema, emptied)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'events.sqlite'}"
    url, empty = request.getfixturevalue("_shared_postgres")
    empty()
    return str(url)


@pytest.fixture()
def store(store_url: str) -> Iterator[Store]:
    """A fresh, empty store of each back end."""
    with open_store(store_url) as s:
        yield s


@pytest.fixture()
def reopen(store_url: str) -> Callable[[], Store]:
    """Open another connection to the same store (the caller closes it)."""
    return lambda: open_store(store_url)


@pytest.fixture()
def postgres_base_url() -> str:
    """The test server's URL (no schema)."""
    return pg_url()


@pytest.fixture()
def postgres_url() -> Iterator[str]:
    """A PostgreSQL URL with a fresh schema, for PostgreSQL-only tests."""
    base = pg_url()
    schema = f"test_{uuid.uuid4().hex[:12]}"
    yield _with_schema(base, schema)
    drop_schema(base, schema)
