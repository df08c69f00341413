"""The one interface every event store implements, and ``open_store`` that picks a back end.

Back ends register a factory in ``registry.stores`` under a versioned name with the URL
scheme as alias (``conflictcoder.sqlite.v1``, alias ``sqlite``), the same door a user package
would use. ``open_store`` maps a URL or a plain path onto that catalogue.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any

from ..errors import StoreError
from ..model import Article, Event
from ..registry import stores

# Keyword filters accepted by ``Store.events``; dates compare as ISO strings (inclusive).
EVENT_FILTERS: tuple[str, ...] = (
    "date_from",
    "date_to",
    "country",
    "admin1",
    "event_type",
    "sub_event_type",
)


def check_filters(filters: dict[str, Any]) -> dict[str, Any]:
    """Validate ``Store.events`` filters; drop None values; dates become ISO strings.

    RETURNS (dict[str, Any]): the filters to apply.

    Example:
        >>> check_filters({"country": "Syria", "admin1": None, "date_from": date(2020, 1, 2)})
        {'country': 'Syria', 'date_from': '2020-01-02'}
    """
    result: dict[str, Any] = {}
    for key, value in filters.items():
        if key not in EVENT_FILTERS:
            raise StoreError(
                f"unknown event filter '{key}': use one of {', '.join(EVENT_FILTERS)}"
            )
        if value is None:
            continue
        result[key] = value.isoformat() if isinstance(value, date) else str(value)
    return result


def merge_unique(first: Iterable[Any], second: Iterable[Any]) -> list[Any]:
    """The union of two sequences, first-seen order, no duplicates.

    Example:
        >>> merge_unique(["a", "b"], ["b", "c"])
        ['a', 'b', 'c']
    """
    result: list[Any] = []
    for item in [*first, *second]:
        if item not in result:
            result.append(item)
    return result


class Store(ABC):
    """An event store: articles, the events coded from them and the links between the two.

    Every write is transactional: a failure leaves the store as it was before the call
    (``upsert_events`` commits per batch). Use as a context manager to close it.

    Example:
        >>> with open_store(":memory:") as store:
        ...     store.count_events()
        0
    """

    url: str

    @abstractmethod
    def ingest(self, article: Article, events: list[Event]) -> bool:
        """Store an article and its events in one transaction.

        article (Article): the coded document; ``article.id`` is added to each event's doc_ids.
        events (list[Event]): its events, upserted as in ``upsert_events``.
        RETURNS (bool): False, changing nothing, when an article with the same
            ``content_hash`` is already stored; True otherwise.
        """

    @abstractmethod
    def upsert_events(self, events: Iterable[Event], *, batch_size: int = 500) -> int:
        """Insert or update events keyed by ``event_id``, one transaction per batch.

        An event already stored takes the new values, with the stored and new ``doc_ids``
        and ``evidence`` merged (union, stored first, no duplicates).
        RETURNS (int): the number of events written.
        """

    @abstractmethod
    def has_article(self, content_hash: str) -> bool:
        """Whether an article with this ``Article.content_hash`` is stored."""

    @abstractmethod
    def events(self, *, limit: int | None = None, **filters: Any) -> list[Event]:
        """Stored events sorted by date then id.

        limit (int | None): at most this many. Defaults to all.
        filters: ``date_from``/``date_to`` (inclusive, "YYYY-MM-DD" or date), ``country``,
            ``admin1``, ``event_type``, ``sub_event_type`` (exact). None values are ignored.
        """

    @abstractmethod
    def count_events(self) -> int:
        """Number of stored events."""

    @abstractmethod
    def count_articles(self) -> int:
        """Number of stored articles."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection; further calls raise StoreError."""

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def open_store(url: str | Path) -> Store:
    """Open (creating if needed) the store at ``url``.

    url (str | Path): ``sqlite:///PATH``, a plain file path (``events.sqlite``), or
        ``:memory:``; other schemes go to the back end registered under that scheme in
        ``registry.stores``.
    RETURNS (Store): the open store.

    Example:
        >>> store = open_store("sqlite:///:memory:")
        >>> store.count_articles()
        0
        >>> store.close()
    """
    from . import sqlite as _sqlite  # noqa: F401 - registers the built-in back end

    text = str(url)
    scheme, sep, _rest = text.partition("://")
    if not sep:
        store: Store = stores.get("conflictcoder.sqlite.v1")(text)
        return store
    if scheme not in stores:
        raise StoreError(
            f"{text}: unsupported store URL scheme '{scheme}://'; give a SQLite file path "
            "or sqlite:///PATH (the PostgreSQL back end is not available in this version)"
        )
    store = stores.get(scheme)(text)
    return store
