"""What ``conflictcoder watch`` remembers about each source, kept in the store.

One row per source in ``watch_sources`` (migration ``0005_watch_sources``): the validators
of the last successful poll (ETag, Last-Modified), when it last succeeded and failed and
why, how many polls in a row failed, and when it is next due. The watcher writes a source's
row only after every article of the poll is committed, so a restart (or a SIGKILL) never
sends a conditional request that would hide an article not yet stored: at worst the feed
is fetched again and the articles already stored are skipped by their content hash.

Articles read by ``watch`` record ``origin = "watch:NAME"``, so the articles each source
brought per day come from the articles table itself (index ``articles_ingested``).

Example:
    >>> from conflictcoder.store import open_store
    >>> with open_store(":memory:") as store:
    ...     store.save_watch_state(SourceState("wire", "https://wire.example/rss", failures=1))
    ...     store.watch_states()["wire"].failures
    1
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ._parts import SqlParts

WATCH_ORIGIN = "watch:"


@dataclass
class SourceState:
    """The remembered state of one watched source (times are ISO 8601, UTC).

    name (str): the source's name in the sources file.
    url (str): the address polled (validators are dropped when it changes).
    etag, last_modified (str | None): validators for the next conditional request.
    last_poll (str | None): when it was last polled, with whatever outcome.
    last_success (str | None): when a poll last succeeded (200 or 304).
    first_success (str | None): when a poll first succeeded.
    last_status (int | None): the HTTP status of the last answer (None: no answer).
    last_error (str | None): why the last poll failed; None when it succeeded.
    last_error_at (str | None): when a poll last failed.
    failures (int): polls in a row that failed.
    next_due (str | None): when it is next due.
    articles_seen (int): articles in the last response that had content.
    articles_new (int): of those, how many the last poll stored.
    source_scale (str | None): the ACLED source scale the sources file declares for it.
    """

    name: str
    url: str
    etag: str | None = None
    last_modified: str | None = None
    last_poll: str | None = None
    last_success: str | None = None
    first_success: str | None = None
    last_status: int | None = None
    last_error: str | None = None
    last_error_at: str | None = None
    failures: int = 0
    next_due: str | None = None
    articles_seen: int = 0
    articles_new: int = 0
    source_scale: str | None = None


_COLUMNS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(SourceState))
_TIMES = frozenset({"last_poll", "last_success", "first_success", "last_error_at", "next_due"})


def _iso(value: Any) -> str | None:
    """A time column as ISO 8601 (PostgreSQL returns datetimes, SQLite the stored text)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="seconds")
    return None if value is None else str(value)


class WatchStateMixin(SqlParts):
    """The store's ``watch_sources`` table (mixed into ``SqlStore``)."""

    def watch_states(self) -> dict[str, SourceState]:
        """Every source's remembered state, by name.

        RETURNS (dict[str, SourceState]): name -> state, in name order.
        """
        rows = self._query(f"SELECT {', '.join(_COLUMNS)} FROM watch_sources ORDER BY name")
        states = [self._state(row) for row in rows]
        return {state.name: state for state in states}

    def _state(self, row: tuple[Any, ...]) -> SourceState:
        values: dict[str, Any] = {
            name: _iso(value) if name in _TIMES else value
            for name, value in zip(_COLUMNS, row, strict=True)
        }
        return SourceState(**values)

    def watch_state(self, name: str) -> SourceState | None:
        """One source's remembered state, or None."""
        rows = self._query(
            f"SELECT {', '.join(_COLUMNS)} FROM watch_sources WHERE name = ?", (name,)
        )
        return self._state(rows[0]) if rows else None

    def save_watch_state(self, state: SourceState) -> None:
        """Write a source's state (insert or replace), in one transaction."""
        values = [getattr(state, name) for name in _COLUMNS]
        updates = ", ".join(f"{name} = excluded.{name}" for name in _COLUMNS if name != "name")
        with self._transaction(f"cannot save the state of source {state.name}"):
            self._execute(
                f"INSERT INTO watch_sources ({', '.join(_COLUMNS)}) "
                f"VALUES ({', '.join('?' for _ in _COLUMNS)}) "
                f"ON CONFLICT (name) DO UPDATE SET {updates}",
                values,
            )

    def delete_watch_state(self, name: str) -> bool:
        """Forget a source's state. RETURNS (bool): whether there was one."""
        with self._transaction(f"cannot delete the state of source {name}"):
            found = bool(self._execute("SELECT 1 FROM watch_sources WHERE name = ?", (name,)))
            self._execute("DELETE FROM watch_sources WHERE name = ?", (name,))
        return found

    def watch_article_counts(self, since: str) -> dict[str, int]:
        """Articles each watched source brought into the store since ``since`` (ISO time).

        RETURNS (dict[str, int]): source name -> articles stored (sources with none absent).
        """
        rows = self._query(
            "SELECT origin, count(*) FROM articles WHERE ingested_at >= ? "
            f"AND substr(origin, 1, {len(WATCH_ORIGIN)}) = ? GROUP BY origin",
            (since, WATCH_ORIGIN),
        )
        return {str(origin)[len(WATCH_ORIGIN) :]: int(count) for origin, count in rows}

    def watch_document_scales(
        self, doc_ids: Iterable[str] | None = None
    ) -> list[tuple[str, str | None, str]]:
        """The articles of watched sources that declare a source scale, with that scale.

        doc_ids (Iterable[str] | None): only these articles. Defaults to every one.
        RETURNS (list[tuple]): (article id, its outlet name as stored, the declared scale).
        """
        query = (
            "SELECT a.id, a.source, w.source_scale FROM articles a "
            "JOIN watch_sources w ON a.origin = ? || w.name "
            "WHERE w.source_scale IS NOT NULL"
        )
        if doc_ids is None:
            rows = self._query(query, (WATCH_ORIGIN,))
        else:
            wanted = sorted(set(doc_ids))
            rows = []
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ", ".join("?" for _ in chunk)
                rows.extend(self._query(f"{query} AND a.id IN ({marks})", (WATCH_ORIGIN, *chunk)))
        return [
            (str(doc), None if outlet is None else str(outlet), str(scale))
            for doc, outlet, scale in rows
        ]
