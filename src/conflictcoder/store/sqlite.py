"""The default event store: one embedded SQLite file (WAL mode, foreign keys on).

Tables (see ``migrations.py``): ``articles`` (one row per distinct text, keyed by
``content_hash``), ``events`` (the ACLED columns for querying plus ``data``, the full
``Event.to_dict()`` as JSON) and ``event_sources`` (event_id, doc_id). Every write runs in
an explicit transaction, so a failure leaves the file as it was; sqlite3 errors become
``StoreError`` naming the file.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..model import ACLED_FIELDS, Article, Event, Evidence
from ..registry import stores
from .base import Store, check_filters, merge_unique
from .migrations import apply_sqlite

_EVENT_COLUMNS: tuple[str, ...] = (*ACLED_FIELDS, "data")
_UPSERT_EVENT = (
    f"INSERT INTO events ({', '.join(_EVENT_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in _EVENT_COLUMNS)}) "
    "ON CONFLICT (event_id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _EVENT_COLUMNS if c != "event_id")
)
_FILTER_SQL: dict[str, str] = {
    "date_from": "event_date >= ?",
    "date_to": "event_date <= ?",
    "country": "country = ?",
    "admin1": "admin1 = ?",
    "event_type": "event_type = ?",
    "sub_event_type": "sub_event_type = ?",
}


class SqliteStore(Store):
    """Events and articles in one SQLite file.

    path (str | Path): the database file, created (with its schema) when missing;
        ":memory:" for a throwaway store.

    Example:
        >>> with SqliteStore(":memory:") as store:
        ...     store.ingest(Article(id="a1", text="Shelling hit the town."), [])
        True
    """

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        if not self.path:
            raise StoreError("empty store path: give a file such as events.sqlite")
        self.url = f"sqlite:///{self.path}"
        self._conn: sqlite3.Connection | None = None
        conn: sqlite3.Connection | None = None
        try:
            conn = sqlite3.connect(self.path, isolation_level=None, timeout=30)
            conn.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                conn.execute("PRAGMA journal_mode = WAL")
            apply_sqlite(conn)
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
            raise StoreError(f"{self.path}: cannot open store: {exc}") from None
        self._conn = conn

    # -- plumbing -------------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(f"{self.path}: the store is closed; open it again with open_store")
        return self._conn

    @contextmanager
    def _transaction(self, action: str) -> Iterator[sqlite3.Connection]:
        """Run the block in one write transaction; roll back on any exception."""
        conn = self._connection()
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: {action}: {exc}") from None
        try:
            yield conn
        except BaseException as exc:
            conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise StoreError(f"{self.path}: {action}: {exc}") from None
            raise
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            conn.execute("ROLLBACK")
            raise StoreError(f"{self.path}: {action}: {exc}") from None

    def _query(self, sql: str, params: Iterable[Any] = ()) -> list[Any]:
        try:
            return self._connection().execute(sql, tuple(params)).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot read store: {exc}") from None

    def _write_event(
        self, conn: sqlite3.Connection, event: Event, extra_doc_ids: Iterable[str] = ()
    ) -> None:
        if not isinstance(event, Event):
            raise StoreError(f"{self.path}: cannot store {type(event).__name__}: expected an Event")
        for name in ("event_id", "event_type", "sub_event_type"):
            value = getattr(event, name)
            if not isinstance(value, str) or not value:
                raise StoreError(
                    f"{self.path}: cannot store event {event.event_id or '(no id)'}: "
                    f"{name} must be a non-empty string, got {value!r}"
                )
        doc_ids = merge_unique(event.doc_ids, extra_doc_ids)
        evidence: list[Evidence] = list(event.evidence)
        row = conn.execute("SELECT data FROM events WHERE event_id = ?", (event.event_id,))
        stored = row.fetchone()
        if stored is not None:
            old = Event.from_dict(json.loads(stored[0]))
            doc_ids = merge_unique(old.doc_ids, doc_ids)
            evidence = merge_unique(old.evidence, evidence)
        merged = dataclasses.replace(event, doc_ids=doc_ids, evidence=evidence)
        try:
            data = json.dumps(merged.to_dict(), ensure_ascii=False, allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise StoreError(
                f"{self.path}: cannot store event {event.event_id}: not serialisable: {exc}"
            ) from None
        values = [getattr(merged, name) for name in ACLED_FIELDS]
        conn.execute(_UPSERT_EVENT, (*values, data))
        conn.executemany(
            "INSERT OR IGNORE INTO event_sources (event_id, doc_id) VALUES (?, ?)",
            [(merged.event_id, doc_id) for doc_id in doc_ids],
        )

    # -- the Store interface --------------------------------------------------------------

    def ingest(self, article: Article, events: list[Event]) -> bool:
        with self._transaction(f"cannot ingest article {article.id}") as conn:
            if conn.execute(
                "SELECT 1 FROM articles WHERE content_hash = ?", (article.content_hash,)
            ).fetchone():
                return False
            conn.execute(
                "INSERT INTO articles (id, content_hash, title, published, source, url,"
                " language, origin, text, ingested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    article.id,
                    article.content_hash,
                    article.title,
                    article.published.isoformat() if article.published else None,
                    article.source,
                    article.url,
                    article.language,
                    article.origin,
                    article.text,
                    datetime.now(UTC).isoformat(timespec="seconds"),
                ),
            )
            for event in events:
                self._write_event(conn, event, extra_doc_ids=(article.id,))
        return True

    def upsert_events(self, events: Iterable[Event], *, batch_size: int = 500) -> int:
        if batch_size < 1:
            raise StoreError(f"batch_size must be at least 1, got {batch_size}")
        written = 0
        batch: list[Event] = []

        def flush() -> None:
            with self._transaction("cannot write events") as conn:
                for event in batch:
                    self._write_event(conn, event)

        for event in events:
            batch.append(event)
            if len(batch) >= batch_size:
                flush()
                written += len(batch)
                batch = []
        if batch:
            flush()
            written += len(batch)
        return written

    def has_article(self, content_hash: str) -> bool:
        rows = self._query("SELECT 1 FROM articles WHERE content_hash = ?", (content_hash,))
        return bool(rows)

    def events(self, *, limit: int | None = None, **filters: Any) -> list[Event]:
        where: list[str] = []
        params: list[Any] = []
        for key, value in check_filters(filters).items():
            where.append(_FILTER_SQL[key])
            params.append(value)
        sql = "SELECT data FROM events"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY event_date IS NULL, event_date, event_id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        return [Event.from_dict(json.loads(row[0])) for row in self._query(sql, params)]

    def count_events(self) -> int:
        return int(self._query("SELECT count(*) FROM events")[0][0])

    def count_articles(self) -> int:
        return int(self._query("SELECT count(*) FROM articles")[0][0])

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __repr__(self) -> str:
        return f"SqliteStore({self.path!r})"


@stores.register("conflictcoder.sqlite.v1", aliases=("sqlite",))
def open_sqlite(url: str | Path) -> SqliteStore:
    """Open a SQLite store from ``sqlite:///PATH``, ``sqlite:////ABS/PATH`` or a plain path.

    Example:
        >>> open_sqlite("sqlite:///:memory:").path
        ':memory:'
    """
    text = str(url)
    if text.startswith("sqlite://"):
        rest = text[len("sqlite://") :]
        if rest and not rest.startswith("/"):
            raise StoreError(f"{text}: malformed SQLite URL; write sqlite:///PATH")
        text = rest[1:] or ":memory:"
    return SqliteStore(text)
