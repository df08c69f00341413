"""The default event store: one embedded SQLite file (WAL mode, foreign keys on).

Full text runs on FTS5 (``events_fts`` over ``search_text``, the notes and evidence
sentences; ``articles_fts`` over titles and texts; both external-content tables kept in step
by triggers, the ``unicode61`` tokenizer without accents); bounding
boxes on an R*Tree over event coordinates (``events_rtree``, also trigger-maintained).
Every write runs in an explicit ``BEGIN IMMEDIATE`` transaction, so a failure leaves the
file as it was; sqlite3 errors become ``StoreError`` naming the file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..errors import StoreError
from ..merge import DEFAULT_RULE, MergeRule
from ..registry import stores
from .migrations import apply_sqlite
from .sql import SqlStore


class SqliteStore(SqlStore):
    """Events and articles in one SQLite file.

    path (str | Path): the database file, created (with its schema) when missing;
        ":memory:" for a throwaway store.
    rule (MergeRule): when two reports are the same incident. Defaults to ``DEFAULT_RULE``.

    Example:
        >>> from conflictcoder.model import Article
        >>> with SqliteStore(":memory:") as store:
        ...     store.ingest(Article(id="a1", text="Shelling hit the town."), [])
        True
    """

    def __init__(self, path: str | Path, rule: MergeRule = DEFAULT_RULE) -> None:
        self.path = str(path)
        if not self.path:
            raise StoreError("empty store path: give a file such as events.sqlite")
        super().__init__(self.path, f"sqlite:///{self.path}", rule)
        self._conn: sqlite3.Connection | None = None
        conn: sqlite3.Connection | None = None
        try:
            # One connection shared by threads; ``self._lock`` serialises its use.
            conn = sqlite3.connect(
                self.path, isolation_level=None, timeout=30, check_same_thread=False
            )
            conn.execute("PRAGMA foreign_keys = ON")
            if self.path != ":memory:":
                conn.execute("PRAGMA journal_mode = WAL")
            apply_sqlite(conn)
        except sqlite3.Error as exc:
            if conn is not None:
                conn.close()
            raise StoreError(f"{self.path}: cannot open store: {exc}") from None
        self._conn = conn

    # -- dialect --------------------------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(f"{self.path}: the store is closed; open it again with open_store")
        return self._conn

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return self._connection().execute(sql, tuple(params)).fetchall()

    @contextmanager
    def _transaction(self, action: str) -> Iterator[None]:
        with self._lock:
            conn = self._connection()
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise StoreError(f"{self.path}: {action}: {exc}") from None
            try:
                yield
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

    def _read_error(self, exc: Exception) -> StoreError | None:
        if isinstance(exc, sqlite3.Error):
            return StoreError(f"{self.path}: cannot read store: {exc}")
        return None

    def _text_query(self, words: list[str]) -> str:
        # Each word quoted: FTS5 query syntax (NEAR, -, ^...) never applies to user text.
        # The words come from base.search_words, so they hold only letters and digits.
        return " ".join(f'"{word}"' for word in words)

    def _text_match(self, table: str) -> str:
        fts = "events_fts" if table == "events" else "articles_fts"
        return f"{table}.seq IN (SELECT rowid FROM {fts} WHERE {fts} MATCH ?)"

    def _bbox_candidates(self, bbox: tuple[float, float, float, float]) -> tuple[str, list[Any]]:
        min_lon, min_lat, max_lon, max_lat = bbox
        # The R*Tree stores 32-bit bounds rounded outwards: it finds candidates.
        sql = (
            "events.seq IN (SELECT id FROM events_rtree WHERE max_lon >= ? AND min_lon <= ?"
            " AND max_lat >= ? AND min_lat <= ?)"
        )
        return sql, [min_lon, max_lon, min_lat, max_lat]

    # -- lifecycle ------------------------------------------------------------------------

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
