"""The alert tables across the migration that adds delivery versions (0009): deliveries
recorded before it are kept, on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from conflictcoder.store import open_store
from conflictcoder.store.migrations import MIGRATIONS, apply_postgres, apply_sqlite

BEFORE = MIGRATIONS[: [m.name for m in MIGRATIONS].index("0009_alert_delivery_versions")]
ALERT = (
    "INSERT INTO alerts (id, name, search, webhook_url, secret, created_at, cursor) "
    "VALUES ('al-1', 'all', '{}', 'http://127.0.0.1:9/h', 's', '2024-03-04T08:00:00+00:00', 3)"
)
DELIVERY = (
    "INSERT INTO alert_deliveries (alert_id, event_id, event_timestamp, action, payload, status,"
    " attempts, created_at) VALUES ('al-1', 'cc-1', 1709539200, 'created', '{}', 'delivered',"
    " 1, '2024-03-04T08:00:00+00:00')"
)


def _check(store: Any) -> None:
    [old] = store.alert_deliveries("al-1")
    assert (old.event_id, old.status, old.attempts) == ("cc-1", "delivered", 1)
    from conflictcoder.store.alerts_store import Claim

    now = "2024-03-04T08:00:01+00:00"
    same = Claim("cc-1", 1709539200, None, "updated", "{}", "")
    assert store.claim_deliveries("al-1", [same], 4, now) == 0  # the old row is that version
    other = Claim("cc-1", 1709539200, None, "updated", "{}", "abc")
    assert store.claim_deliveries("al-1", [other], 5, now) == 1
    assert store.get_alert("al-1").cursor == 5


def test_sqlite_upgrade_keeps_deliveries(tmp_path: Path) -> None:
    path = tmp_path / "events.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    apply_sqlite(conn, BEFORE)
    conn.execute(ALERT)
    conn.execute(DELIVERY)
    conn.close()
    with open_store(path) as store:
        _check(store)


def test_postgres_upgrade_keeps_deliveries() -> None:
    import uuid

    import psycopg
    from psycopg import sql

    from .conftest import _pg_base

    base = _pg_base()
    schema = f"test_alerts_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
        try:
            conn.execute(sql.SQL("SET search_path TO {}, public").format(sql.Identifier(schema)))
            apply_postgres(conn, BEFORE)
            conn.execute(ALERT)
            conn.execute(DELIVERY)
            with open_store(f"{base}{'&' if '?' in base else '?'}schema={schema}") as store:
                _check(store)
        finally:
            conn.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
