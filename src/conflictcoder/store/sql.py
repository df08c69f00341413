"""The store logic both back ends share, as one object delegating to its collaborators.

Tables (see ``migrations.py``): ``articles`` (one row per distinct text), ``events`` (the
ACLED columns for querying, ``evidence_text`` and ``number_of_sources``, plus ``data``, the
full ``Event.to_dict()`` as JSON), ``event_sources`` (event_id, doc_id), ``event_reports``
(every report an event rests on: ``report_id`` is the report's own ``event_id``, ``doc_key``
its documents), ``event_corrections`` (manual corrections) and ``event_history`` (every
change). A stored event is always ``merge.combine_reports`` of its reports with the latest
correction of each corrected field on top.

``SqlStore`` holds the connection plumbing and one collaborator per responsibility:
``EventWriter`` (``writes.py``: ingest, upsert, correct; ``ReportGrouping`` in
``grouping.py`` finds the event a report joins), ``EventRows`` (``rows.py``: one event's
rows and history), ``EventReads`` (``reads.py``), ``ArticleReads`` (``articles.py``) and
``Aggregates`` (``aggregates.py``: timeline and places). Changes, review, accounts, watch
state, alerts and filter conditions are the mixins of their own modules.

SQL is written once with ``?`` placeholders; a back end supplies the connection,
transactions, its placeholder style, JSON parameters and the two conditions that use its
own indexes (full text and bounding box). A lock serialises the use of the one connection,
so a store may be shared between threads.
"""

from __future__ import annotations

import json
import threading
from abc import abstractmethod
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from ..errors import StoreError
from ..merge import DEFAULT_RULE, MergeRule
from ..model import Article, Event
from .accounts import AccountsMixin
from .aggregates import Aggregates
from .alerts_store import AlertsMixin
from .articles import ArticleReads
from .base import EventQuery, Store
from .changes import ChangesMixin
from .filters import EventFilter, FilterQueries
from .history import event_changes as event_changes  # re-exported: older imports
from .history import now_iso as now_iso
from .reads import EventReads
from .review import ReviewMixin
from .rows import EVENT_COLUMNS as _EVENT_COLUMNS  # noqa: F401 - bench/review.py reads it
from .rows import EventRows
from .watch_state import WatchStateMixin
from .writes import EventWriter
from .writes import doc_key as _doc_key  # noqa: F401 - bench/review.py reads it


class SqlStore(
    ChangesMixin, FilterQueries, ReviewMixin, AccountsMixin, WatchStateMixin, AlertsMixin, Store
):
    """Shared implementation; subclasses supply the connection and the dialect.

    name (str): how messages name the store (file path, or URL without password).
    url (str): the store URL.
    rule (MergeRule): when two reports are the same incident. Defaults to ``DEFAULT_RULE``.
    """

    # Dialect: how a JSON parameter is written, "no limit", the substring-position function.
    _json_param = "?"
    _no_limit = "-1"
    # One scalar out of the ``data`` JSON, as SQL (``{name}``: a field name from this code).
    _json_field_sql = "json_extract(data, '$.{name}')"
    _instr = "instr"
    # The back end's open connection; None once closed.
    _conn: Any

    def __init__(self, name: str, url: str, rule: MergeRule = DEFAULT_RULE) -> None:
        self.name = name
        self.url = url
        self.rule = rule
        self._lock = threading.RLock()
        self._rows = EventRows(self)
        self._writer = EventWriter(self, self._rows)
        self._articles = ArticleReads(self)
        self._reads = EventReads(self, self._articles)
        self._aggregates = Aggregates(self)

    @property
    def write_counts(self) -> Counter[str]:
        """What the last ingest/upsert_events call did with its reports ("created": new
        events, "merged": joined stored ones, "updated", "same"): the CLI reports it."""
        return self._writer.write_counts

    # -- what a back end supplies ---------------------------------------------------------

    @abstractmethod
    def _execute(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Run one statement (``?`` placeholders) on the open connection; its rows, if any.
        Driver errors propagate (``_transaction`` and ``_query`` translate them)."""

    @abstractmethod
    @contextmanager
    def _transaction(self, action: str) -> Iterator[None]:
        """One write transaction holding ``self._lock``; rolled back on any exception, driver
        errors raised as ``StoreError("{name}: {action}: {problem}")``."""
        yield

    @abstractmethod
    def _read_error(self, exc: Exception) -> StoreError | None:
        """The StoreError for a driver error raised by a read; None for other exceptions."""

    @abstractmethod
    def _text_query(self, words: list[str]) -> str:
        """The back end's full-text query of ``words`` (the ``?`` of ``_text_match``)."""

    @abstractmethod
    def _text_match(self, table: str) -> str:
        """SQL condition: the row of ``table`` (``events``, or ``a`` for articles) matches the
        full-text query given as ``?``."""

    @abstractmethod
    def _bbox_candidates(self, bbox: tuple[float, float, float, float]) -> tuple[str, list[Any]]:
        """SQL condition on ``events`` that the back end's spatial index answers: candidates
        for the box, which the coordinate columns then decide exactly."""

    def _text_condition(self, words: list[str]) -> tuple[str, list[Any]]:
        """SQL condition on ``events``: every word occurs in the event's notes/evidence or in
        one of its articles (title or text)."""
        query = self._text_query(words)
        sql = (
            f"({self._text_match('events')}"
            " OR events.event_id IN (SELECT s.event_id FROM event_sources s"
            " JOIN articles a ON a.id = s.doc_id"
            f" WHERE {self._text_match('a')}))"
        )
        return sql, [query, query]

    def _bbox_condition(self, bbox: tuple[float, float, float, float]) -> tuple[str, list[Any]]:
        """SQL condition on ``events``: coordinates inside (min_lon, min_lat, max_lon, max_lat)."""
        min_lon, min_lat, max_lon, max_lat = bbox
        candidates, params = self._bbox_candidates(bbox)
        sql = (
            f"({candidates}"
            " AND events.longitude BETWEEN ? AND ? AND events.latitude BETWEEN ? AND ?)"
        )
        return sql, [*params, min_lon, max_lon, min_lat, max_lat]

    def close(self) -> None:
        """Release the connection (the back end's ``_conn``); further calls raise
        StoreError."""
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def _article_search(self, article: Article) -> tuple[str, str, list[Any]]:
        """Extra (columns, values, params) for an article's full-text index, if the back end
        fills it on insert (SQLite's triggers need none)."""
        return "", "", []

    def _load_json(self, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str | bytes) else value

    def _query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        with self._lock:
            try:
                return self._execute(sql, params)
            except Exception as exc:
                error = self._read_error(exc)
                if error is None:
                    raise
                raise error from None

    # -- the Store interface: writes (``EventWriter``) ------------------------------------

    def ingest(self, article: Article, events: list[Event]) -> bool:
        return self._writer.ingest(article, events)

    def upsert_events(self, events: Iterable[Event], *, batch_size: int = 500) -> int:
        return self._writer.upsert_events(events, batch_size=batch_size)

    def correct_event(
        self, event_id: str, fields: dict[str, Any], *, user: str, note: str | None = None
    ) -> Event:
        return self._writer.correct_event(event_id, fields, user=user, note=note)

    # -- the Store interface: reads (``EventReads``, ``ArticleReads``) --------------------

    def _events(self, query: EventQuery) -> list[Event]:
        return [self._reads.event_from(row[0]) for row in self._reads.page(query)]

    def _event_records(self, query: EventQuery) -> list[dict[str, Any]]:
        """Read from the events' stored JSON without building ``Event`` objects: building
        and taking apart 50 events was most of the API's event list time. A stored record
        that does not hold exactly the current fields (written by an older version) goes
        through ``Event`` instead."""
        return self._reads.event_records(query)

    def _count_events(self, where: EventFilter) -> int:
        return self._reads.count_events(where)

    def get_event(self, event_id: str) -> Event | None:
        return self._reads.get_event(event_id)

    def event_sources(self, event_id: str) -> list[dict[str, Any]]:
        return self._reads.event_sources(event_id)

    def event_history(self, event_id: str) -> list[dict[str, Any]]:
        return self._reads.event_history(event_id)

    def corrections(self, event_id: str) -> dict[str, dict[str, Any]]:
        return self._reads.corrections(event_id)

    def has_article(self, content_hash: str) -> bool:
        return self._articles.has_article(content_hash)

    def get_article(self, doc_id: str) -> dict[str, Any] | None:
        return self._articles.get_article(doc_id)

    def articles(self, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        return self._articles.articles(limit, offset)

    def count_articles(self) -> int:
        return self._articles.count_articles()

    # -- aggregates for the API's timeline and places (``Aggregates``) ---------------------

    def event_timeline(
        self, where: EventFilter | None = None, /, **filters: Any
    ) -> list[dict[str, Any]]:
        """Events and deaths per day of the matching events, by date (undated left out).

        One GROUP BY over the (event_date, fatalities) index: no event is decoded.

        Example:
            >>> from conflictcoder.store import open_store
            >>> store = open_store(":memory:")
            >>> clash = Event("2020-03-04", "Battles", "Armed clash", country="Syria", fatalities=2)
            >>> _ = store.upsert_events([clash, Event("2020-03-04", "Explosions/Remote violence",
            ...     "Air/drone strike", country="Syria", fatalities=1)])
            >>> store.event_timeline(country="Syria")
            [{'date': '2020-03-04', 'events': 2, 'fatalities': 3}]
        """
        return self._aggregates.timeline(EventFilter.of(where, **filters))

    def event_places(
        self, where: EventFilter | None = None, /, **filters: Any
    ) -> list[dict[str, Any]]:
        """The places the matching events are coded to, with their events and deaths.

        Events without coordinates are left out; places come sorted by events, then name;
        ``event_ids`` by date. Reads columns only (and the geonameid out of ``data``).
        """
        return self._aggregates.places(EventFilter.of(where, **filters))
