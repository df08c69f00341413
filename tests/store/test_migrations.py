"""Tests for conflictcoder.store.migrations."""

from __future__ import annotations

import sqlite3

import pytest

from conflictcoder.store.migrations import MIGRATIONS, Migration, applied_sqlite, apply_sqlite


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
    broken = Migration(
        "9999_broken", sqlite=("CREATE TABLE half (x INTEGER)", "THIS IS NOT SQL")
    )
    with pytest.raises(sqlite3.OperationalError):
        apply_sqlite(conn, (*MIGRATIONS, broken))
    assert "9999_broken" not in applied_sqlite(conn)
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    assert "half" not in tables
