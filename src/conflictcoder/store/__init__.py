"""Event stores behind one interface: SQLite (default, embedded) and PostgreSQL with PostGIS.

Example:
    >>> from conflictcoder.store import open_store
    >>> with open_store(":memory:") as store:
    ...     store.count_events()
    0
"""

from __future__ import annotations

from .base import (
    CORRECTABLE_FIELDS,
    EVENT_FILTERS,
    EVENT_ORDERS,
    Store,
    check_correction,
    check_filters,
)
from .migrations import MIGRATIONS, Migration
from .opening import open_store
from .postgres import PostgresStore, open_postgres, redact_url
from .sql import SqlStore
from .sqlite import SqliteStore, open_sqlite

__all__ = [
    "CORRECTABLE_FIELDS",
    "EVENT_FILTERS",
    "EVENT_ORDERS",
    "MIGRATIONS",
    "Migration",
    "PostgresStore",
    "SqlStore",
    "SqliteStore",
    "Store",
    "check_correction",
    "check_filters",
    "open_postgres",
    "open_sqlite",
    "open_store",
    "redact_url",
]
