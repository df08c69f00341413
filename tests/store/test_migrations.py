"""Tests for conflictcoder.store.migrations (SQLite, and PostgreSQL with PostGIS)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import Any

import pytest

from conflictcoder.store.migrations import (
    MIGRATIONS,
    Migration,
    applied_postgres,
    applied_sqlite,
    apply_postgres,
    apply_sqlite,
)


def _conn() -> sqlite3.Connection:
    return sqlite3.connect(":memory:", isolation_level=None)


def test_names_are_unique() -> None:
    names = [m.name for m in MIGRATIONS]
    assert len(names) == len(set(names))


def test_apply_once() -> None:
    conn = _conn()
    assert apply_sqlite(conn) == [m.name for m in MIGRATIONS]
    assert apply_sqlite(conn) == []
    assert applied_sqlite(conn) == [m.name for m in MIGRATIONS]


def test_new_step_applied_after_old_ones() -> None:
    conn = _conn()
    apply_sqlite(conn)
    extra = Migration("9999_test_column", sqlite=("ALTER TABLE events ADD COLUMN extra TEXT",))
    assert apply_sqlite(conn, (*MIGRATIONS, extra)) == ["9999_test_column"]
    columns = [row[1] for row in conn.execute("PRAGMA table_info(events)")]
    assert columns[-1] == "extra"


def test_failed_step_rolls_back_and_is_not_recorded() -> None:
    conn = _conn()
    apply_sqlite(conn)
    broken = Migration("9999_broken", sqlite=("CREATE TABLE half (x INTEGER)", "THIS IS NOT SQL"))
    with pytest.raises(sqlite3.OperationalError):
        apply_sqlite(conn, (*MIGRATIONS, broken))
    assert "9999_broken" not in applied_sqlite(conn)
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert "half" not in tables


def test_every_step_has_sql_for_both_back_ends() -> None:
    for migration in MIGRATIONS:
        assert migration.sqlite, migration.name
        assert migration.postgres, migration.name


# -- PostgreSQL --------------------------------------------------------------------------


@pytest.fixture()
def pg_conn(postgres_url: str) -> Iterator[Any]:
    """A connection whose search_path is a fresh schema (PostGIS from public)."""
    import psycopg
    from psycopg import sql

    from conflictcoder.store.postgres import split_url

    conninfo, schema = split_url(postgres_url)
    assert schema is not None
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
        conn.execute(sql.SQL("SET search_path TO {}, public").format(sql.Identifier(schema)))
        yield conn


def test_postgres_apply_once(pg_conn: Any) -> None:
    assert apply_postgres(pg_conn) == [m.name for m in MIGRATIONS]
    assert apply_postgres(pg_conn) == []
    assert applied_postgres(pg_conn) == [m.name for m in MIGRATIONS]


def test_postgres_failed_step_rolls_back_and_is_not_recorded(pg_conn: Any) -> None:
    import psycopg

    apply_postgres(pg_conn)
    broken = Migration(
        "9999_broken",
        sqlite=("SELECT 1",),
        postgres=("CREATE TABLE half (x INTEGER)", "THIS IS NOT SQL"),
    )
    with pytest.raises(psycopg.errors.SyntaxError):
        apply_postgres(pg_conn, (*MIGRATIONS, broken))
    assert "9999_broken" not in applied_postgres(pg_conn)
    assert pg_conn.execute("SELECT to_regclass('half')").fetchone() == (None,)
    extra = Migration(
        "9999_column",
        sqlite=("SELECT 1",),
        postgres=("ALTER TABLE events ADD COLUMN extra TEXT",),
    )
    assert apply_postgres(pg_conn, (*MIGRATIONS, extra)) == ["9999_column"]


def test_postgres_step_without_sql_is_refused(pg_conn: Any) -> None:
    apply_postgres(pg_conn)
    with pytest.raises(ValueError, match="migration 9999_sqlite_only has no PostgreSQL statements"):
        apply_postgres(pg_conn, (*MIGRATIONS, Migration("9999_sqlite_only", sqlite=("SELECT 1",))))
