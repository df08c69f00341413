"""Event stores behind one interface: SQLite (default, embedded); PostgreSQL later.

Example:
    >>> from conflictcoder.store import open_store
    >>> with open_store(":memory:") as store:
    ...     store.count_events()
    0
"""

from __future__ import annotations

from .base import EVENT_FILTERS, Store, open_store
from .migrations import MIGRATIONS, Migration
from .sqlite import SqliteStore, open_sqlite

__all__ = [
    "EVENT_FILTERS",
    "MIGRATIONS",
    "Migration",
    "SqliteStore",
    "Store",
    "open_sqlite",
    "open_store",
]
