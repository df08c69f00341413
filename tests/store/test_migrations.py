"""Tests for conflictcoder.store.migrations (SQLite, and PostgreSQL with PostGIS)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from conflictcoder.model import Article, Event, Evidence
from conflictcoder.store import Store, open_store
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


# -- 0003: the events list's order from an index -------------------------------------------

_0003 = "0003_events_list_order"
_0003_INDEXES = ("events_list_date", "events_list_date_desc")


@pytest.fixture(params=("sqlite", "postgresql"))
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL for a store of its own on each back end (PostgreSQL: a fresh schema)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'events.sqlite'}"
    return str(request.getfixturevalue("postgres_url"))


def _dated_events() -> tuple[Article, list[Event]]:
    text = "Shelling hit Kafr Tala. Jets struck Ariha. Clashes in Hama."
    article = Article(id="d1", text=text, published=date(2021, 3, 1))
    events = [
        Event(
            day,
            "Explosions/Remote violence",
            "Shelling/artillery/missile attack",
            actor1="Military Forces of Syria (2000-)",
            inter1=1,
            country="Syria",
            location=place,
            evidence=[Evidence("d1", text, 0, len(text))],
        )
        for day, place in (("2021-03-02", "Ariha"), (None, "Hama"), ("2021-02-27", "Kafr Tala"))
    ]
    return article, events


def _sql(store: Store, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    """Run SQL on a store's own connection (the back end's dialect)."""
    rows: list[tuple[Any, ...]] = store._execute(sql, params or [])  # type: ignore[attr-defined]
    return rows


def _list_queries(store: Store) -> list[tuple[str, list[Any]]]:
    """The SQL (and parameters) of a page of the events list, oldest and newest first."""
    seen: list[tuple[str, list[Any]]] = []
    execute = store._execute  # type: ignore[attr-defined]

    def recording(sql: str, params: Any = ()) -> Any:
        seen.append((sql, list(params)))
        return execute(sql, params)

    store._execute = recording  # type: ignore[attr-defined]
    try:
        store.events(limit=50, order="date")
        store.events(limit=50, order="-date")
    finally:
        del store._execute  # type: ignore[attr-defined]
    return seen


def _plan(store: Store, sql: str, params: list[Any]) -> str:
    """The query plan of ``sql`` as text; on PostgreSQL with sorting priced out, so that the
    plan reads the order from an index whenever one can give it."""
    if store.name.startswith("postgresql"):
        _sql(store, "SET enable_sort = off")
        rows = _sql(store, "EXPLAIN " + sql, params)
        _sql(store, "RESET enable_sort")
    else:
        rows = _sql(store, "EXPLAIN QUERY PLAN " + sql, params)
    return "\n".join(str(row[-1]) for row in rows)


def test_0003_applies_to_a_store_written_before_it(fresh_url: str) -> None:
    article, events = _dated_events()
    with open_store(fresh_url) as store:
        store.ingest(article, events)
        before = [e.location for e in store.events(order="-date")]
        # What a store written before 0003 holds: the same tables (0003 only adds indexes),
        # without those indexes, 0003 not recorded.
        for index in _0003_INDEXES:
            _sql(store, f"DROP INDEX {index}")
        _sql(store, f"DELETE FROM migrations WHERE name = '{_0003}'")
        assert _0003 not in {row[0] for row in _sql(store, "SELECT name FROM migrations")}
    with open_store(fresh_url) as store:
        names = [row[0] for row in _sql(store, "SELECT name FROM migrations")]
        assert sorted(names) == [m.name for m in MIGRATIONS]
        assert [e.location for e in store.events(order="-date")] == before
        assert before == ["Ariha", "Kafr Tala", "Hama"]  # undated last
        assert [e.location for e in store.events(order="date")] == ["Kafr Tala", "Ariha", "Hama"]
        queries = _list_queries(store)
        assert len(queries) == 2
        for (sql, params), index in zip(queries, _0003_INDEXES, strict=True):
            plan = _plan(store, sql, params)
            assert index in plan, plan
            assert "TEMP B-TREE" not in plan and "Sort" not in plan, plan
