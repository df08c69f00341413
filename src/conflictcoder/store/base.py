"""The one interface every event store implements (``Store``), and the checks every back end
shares. ``opening.open_store`` picks a back end; this module imports none of them.

Filters and corrections are validated here, once for every back end, so that both raise the
same ``StoreError`` text.
"""

from __future__ import annotations

import dataclasses
import math
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypedDict, Unpack

from ..errors import StoreError
from ..files import Closing
from ..model import MODALITIES, Article, Event
from .filters import EVENT_FILTERS as EVENT_FILTERS  # re-exported: the filter names
from .filters import EventFilter, iso_date, search_words

# Sort orders accepted by ``Store.events``: a leading "-" sorts descending; ties by event_id.
EVENT_ORDERS: tuple[str, ...] = (
    "date",
    "-date",
    "fatalities",
    "-fatalities",
    "sources",
    "-sources",
    "updated",
    "-updated",
)
# Fields a user may correct with ``Store.correct_event``: everything but the identity, the
# provenance (event_id, doc_ids, evidence), which only reports change, and the store's own
# ``timestamp`` of the last change.
CORRECTABLE_FIELDS: tuple[str, ...] = tuple(
    f.name
    for f in dataclasses.fields(Event)
    if f.name not in ("event_id", "doc_ids", "evidence", "timestamp")
)


def search_text(event: Event) -> str:
    """The indexed text of an event: its notes and evidence sentences, as ``search_words``.

    Example:
        >>> search_text(Event("2021-03-01", "Battles", "Armed clash", notes="Clashes in Hīsh."))
        'clashes in hish'
    """
    parts = [event.notes or "", *(e.sentence for e in event.evidence)]
    return " ".join(search_words(" ".join(parts)))


def check_filters(filters: dict[str, Any]) -> dict[str, Any]:
    """Validate ``Store.events`` keyword filters; drop None values; normalise the rest.

    Dates become ISO strings, ``bbox`` a tuple of four floats (min_lon, min_lat, max_lon,
    max_lat), ``text`` its list of words (``search_words``), ``min_fatalities`` an int
    (``EventFilter.checked`` does the work).
    RETURNS (dict[str, Any]): the filters to apply.

    Example:
        >>> check_filters({"country": "Syria", "admin1": None, "date_from": "2020-01-02"})
        {'date_from': '2020-01-02', 'country': 'Syria'}
    """
    result = EventFilter.of(**filters).checked().store_kwargs()
    if "text" in result:
        result["text"] = result["text"].split()
    return result


def check_order(order: str) -> tuple[str, bool]:
    """The sort key and whether it is descending, from an ``EVENT_ORDERS`` value.

    Example:
        >>> check_order("-date")
        ('date', True)
    """
    if order not in EVENT_ORDERS:
        raise StoreError(f"unknown order '{order}': use one of {', '.join(EVENT_ORDERS)}")
    return order.lstrip("-"), order.startswith("-")


def check_page(limit: int | None, offset: int) -> None:
    """Reject a negative or non-integer ``limit``/``offset``.

    Example:
        >>> check_page(10, 0)
    """
    for name, value in (("limit", limit), ("offset", offset)):
        if value is None and name == "limit":
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise StoreError(f"{name} must be a whole number >= 0, got {value!r}")


class Paging(TypedDict, total=False):
    """The paging keywords of ``Store.events`` and ``Store.event_records`` (their meaning and
    defaults: ``Store.events``)."""

    limit: int | None
    offset: int
    order: str


@dataclass(frozen=True)
class EventQuery:
    """Which events, in which order, which page of them: a ``Store.events`` call, checked.

    where (EventFilter): the events. Defaults to every event.
    limit (int | None): at most this many. Defaults to all.
    offset (int): skip this many first. Defaults to 0.
    order (str): one of ``EVENT_ORDERS``. Defaults to "date".
    Raises StoreError for a bad limit, offset or order (``check_page``, ``check_order``).

    Example:
        >>> EventQuery(EventFilter(country="Syria"), limit=10, order="-date").sort
        ('date', True)
    """

    where: EventFilter = EventFilter()
    limit: int | None = None
    offset: int = 0
    order: str = "date"

    def __post_init__(self) -> None:
        check_page(self.limit, self.offset)
        check_order(self.order)

    @property
    def sort(self) -> tuple[str, bool]:
        """The sort key and whether it is descending (``check_order``)."""
        return check_order(self.order)


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


# -- corrections -------------------------------------------------------------------------


# A memo of the Event class's own annotations: code, not rule data (no rule family).
@lru_cache(maxsize=1)
def _field_types() -> dict[str, tuple[str, bool]]:
    """Event field -> (base type name, accepts None), read from the dataclass annotations."""
    types: dict[str, tuple[str, bool]] = {}
    for f in dataclasses.fields(Event):
        parts = [p.strip() for p in str(f.type).split("|")]
        nullable = "None" in parts
        base = next(p for p in parts if p != "None")
        types[f.name] = (base, nullable)
    return types


_RANGES: dict[str, tuple[float, float]] = {
    "time_precision": (1, 3),
    "geo_precision": (1, 3),
    "inter1": (1, 8),
    "inter2": (1, 8),
    "latitude": (-90, 90),
    "longitude": (-180, 180),
    "confidence": (0, 1),
    "fatalities": (0, math.inf),
    "fatalities_low": (0, math.inf),
    "fatalities_high": (0, math.inf),
    "injured": (0, math.inf),
    "iso": (0, 999),
}


def _describe(base: str, nullable: bool, name: str) -> str:
    words = {
        "str": "a non-empty string",
        "int": "a whole number",
        "float": "a number",
        "bool": "true or false",
        "dict[str, int]": "an object of whole numbers >= 0",
    }[base]
    low, high = _RANGES.get(name, (None, None))
    if low is not None and high == math.inf:
        words += f" >= {low:g}"
    elif low is not None and high is not None:
        words += f" from {low:g} to {high:g}"
    if name in ("event_date", "date_end"):
        words = "a date written YYYY-MM-DD"
    return words + (" or null" if nullable else "")


def check_correction(fields: dict[str, Any]) -> dict[str, Any]:
    """Validate the fields of a manual correction and normalise their values.

    fields (dict[str, Any]): field name -> new value; names from ``CORRECTABLE_FIELDS``.
    RETURNS (dict[str, Any]): the values to store (floats for float fields).
    Raises StoreError naming the field and the expected type. The combination of
    ``event_type`` and ``sub_event_type`` is checked by ``check_types``.

    Example:
        >>> check_correction({"fatalities": 4, "latitude": 35})
        {'fatalities': 4, 'latitude': 35.0}
    """
    if not isinstance(fields, dict) or not fields:
        raise StoreError("a correction needs at least one field: give {field: value}")
    types = _field_types()
    result: dict[str, Any] = {}
    for name, value in fields.items():
        if name not in CORRECTABLE_FIELDS:
            raise StoreError(
                f"unknown field '{name}': correctable fields are {', '.join(CORRECTABLE_FIELDS)}"
            )
        base, nullable = types[name]
        bad = StoreError(f"{name} must be {_describe(base, nullable, name)}, got {value!r}")
        if value is None:
            if not nullable:
                raise bad
            result[name] = None
            continue
        if base == "str":
            if not isinstance(value, str) or not value.strip():
                raise bad
            if name in ("event_date", "date_end"):
                try:
                    value = iso_date(value, name)
                except StoreError:
                    raise bad from None
            if name == "modality" and value not in MODALITIES:
                raise StoreError(f"modality must be one of {', '.join(MODALITIES)}, got {value!r}")
        elif base == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                raise bad
        elif base == "float":
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise bad
            if not math.isfinite(value):
                raise bad
            value = float(value)
        elif base == "bool":
            if not isinstance(value, bool):
                raise bad
        elif base == "dict[str, int]":
            if not isinstance(value, dict) or not all(
                isinstance(k, str) and isinstance(v, int) and not isinstance(v, bool) and v >= 0
                for k, v in value.items()
            ):
                raise bad
            value = dict(value)
        low, high = _RANGES.get(name, (-math.inf, math.inf))
        numeric = isinstance(value, int | float) and not isinstance(value, bool)
        if numeric and not low <= value <= high:
            raise bad
        result[name] = value
    return result


def check_types(event_type: str, sub_event_type: str) -> None:
    """Raise StoreError unless ``sub_event_type`` is an ACLED sub-event type of ``event_type``.

    Example:
        >>> check_types("Battles", "Armed clash")
    """
    from ..ontology import acled_types

    types = acled_types()
    if sub_event_type not in types:
        raise StoreError(f"sub_event_type must be an ACLED sub-event type, got {sub_event_type!r}")
    expected = types[sub_event_type].event_type
    if event_type != expected:
        raise StoreError(
            f"sub_event_type '{sub_event_type}' belongs to event_type '{expected}', "
            f"not {event_type!r}"
        )


# -- the interface -----------------------------------------------------------------------


class Store(Closing, ABC):
    """An event store: articles, the events coded from them and the links between the two.

    Every event rests on its reports (one per coded article, or per upserted event); the
    stored event is ``merge.combine_reports`` of them, with the user's manual corrections
    on top, and each change is written to its history. Every write is transactional: a
    failure leaves the store as it was before the call (``upsert_events`` commits per batch).
    Use as a context manager to close it.

    Example:
        >>> from conflictcoder.store import open_store
        >>> with open_store(":memory:") as store:
        ...     store.count_events()
        0
    """

    url: str
    name: str  # how messages name the store: a file path, or the URL without its password

    # -- writes ---------------------------------------------------------------------------

    @abstractmethod
    def ingest(self, article: Article, events: list[Event]) -> bool:
        """Store an article and its events in one transaction.

        article (Article): the coded document; ``article.id`` is added to each event's doc_ids.
        events (list[Event]): its events, each a report added as in ``upsert_events``.
        RETURNS (bool): False, changing nothing, when an article with the same
            ``content_hash`` is already stored; True otherwise.
        """

    @abstractmethod
    def upsert_events(self, events: Iterable[Event], *, batch_size: int = 500) -> int:
        """Add events as reports, one transaction per batch.

        A report already stored (the same ``event_id`` from the same documents) is replaced
        when its values changed and left alone when not. A new report joins the stored
        event it matches: the same ``event_id`` (ACLED's identity), else the closest event
        that ``merge.same_incident`` accepts; otherwise it starts a new event. The event is
        then recombined from all its reports (``merge.combine_reports``: most conservative
        toll, every source and sentence kept), manual corrections re-applied, and the change
        recorded in its history.
        RETURNS (int): the number of events given.
        """

    @abstractmethod
    def correct_event(
        self, event_id: str, fields: dict[str, Any], *, user: str, note: str | None = None
    ) -> Event:
        """Correct fields of an event by hand; later reports never overwrite them.

        event_id (str): the event.
        fields (dict[str, Any]): field -> value, names from ``CORRECTABLE_FIELDS``; values
            checked by ``check_correction`` (and the type pair by ``check_types``).
        user (str): who corrects (recorded).
        note (str | None): why (recorded).
        RETURNS (Event): the corrected event.
        """

    # -- reads ----------------------------------------------------------------------------

    @abstractmethod
    def has_article(self, content_hash: str) -> bool:
        """Whether an article with this ``Article.content_hash`` is stored."""

    def events(
        self,
        where: EventFilter | None = None,
        /,
        *,
        limit: int | None = None,
        offset: int = 0,
        order: str = "date",
        **filters: Any,
    ) -> list[Event]:
        """Stored events that pass the filter.

        where (EventFilter | None): which events (see ``EventFilter``: names match in any
            case and spelling, actors by alias); rejected events only with
            ``review="rejected"``. Defaults to every event.
        limit (int | None): at most this many. Defaults to all.
        offset (int): skip this many first. Defaults to 0.
        order: one of ``EVENT_ORDERS`` ("date": oldest first; "-date": newest first; events
            without a date last); ties by event_id. Defaults to "date".
        **filters: ``EventFilter`` fields as keywords, applied on top of ``where``
            (``store.events(country="Syria")``); StoreError for an unknown one.
        """
        where = EventFilter.of(where, **filters)
        return self._events(EventQuery(where, limit=limit, offset=offset, order=order))

    def event_records(
        self, where: EventFilter | None = None, /, **paging: Unpack[Paging]
    ) -> list[dict[str, Any]]:
        """The matching events as ``Event.to_dict()`` gives them, ordered and paged as
        ``events`` (the same ``limit``, ``offset`` and ``order``).

        The API's event list sends them as they are; a back end may read them without
        building ``Event`` objects (``_event_records``).

        Example:
            >>> from conflictcoder.store import open_store
            >>> store = open_store(":memory:")
            >>> _ = store.ingest(Article(id="idlib-1", text="Jets struck Ariha on Monday.",
            ...     title="Jets strike Ariha"), [Event("2020-03-04", "Battles", "Armed clash")])
            >>> store.event_records(limit=1)[0]["doc_id"]
            'idlib-1'
        """
        return self._event_records(EventQuery(EventFilter.of(where), **paging))

    def count_events(self, where: EventFilter | None = None, /, **filters: Any) -> int:
        """Number of stored events that pass the filter (as in ``events``)."""
        return self._count_events(EventFilter.of(where, **filters))

    @abstractmethod
    def _events(self, query: EventQuery) -> list[Event]:
        """The events of a checked query: what a back end implements for ``events``."""

    def _event_records(self, query: EventQuery) -> list[dict[str, Any]]:
        """The records of a checked query (``event_records``): its events as dicts, unless
        the back end reads them more directly."""
        return [event.to_dict() for event in self._events(query)]

    @abstractmethod
    def _count_events(self, where: EventFilter) -> int:
        """How many events pass the filter: what a back end implements for ``count_events``."""

    @abstractmethod
    def get_event(self, event_id: str) -> Event | None:
        """The event with this id, or None."""

    @abstractmethod
    def event_sources(self, event_id: str) -> list[dict[str, Any]]:
        """The documents an event rests on, in the order they reported it ([] if unknown).

        RETURNS (list[dict]): one dict per document: ``doc_id``, ``title``, ``source``
            (outlet), ``url``, ``published`` (ISO date), ``evidence`` (its sentences:
            ``sentence``, ``start``, ``end``), ``fatalities`` (the toll it reported; None if
            it gave none), ``fatalities_low``, ``fatalities_high``, ``injured``, and where it
            put the incident: ``event_date``, ``location``, ``latitude``, ``longitude``;
            ``received_at`` (when its report was stored).
        """

    @abstractmethod
    def event_history(self, event_id: str) -> list[dict[str, Any]]:
        """Every change to an event, oldest first ([] if unknown).

        RETURNS (list[dict]): ``id``, ``at`` (ISO time, UTC), ``action`` ("create", "merge"
            for a new report, "update" for a changed report, "correct"), ``doc_id`` (the
            report's document), ``user`` and ``note`` (corrections), ``changes``
            ({field: {"old": ..., "new": ...}}; for doc_ids and evidence
            {"added": [...], "removed": [...]}), and ``overridden`` ({field: value} the
            reports gave but a manual correction kept out; {} if none).
        """

    @abstractmethod
    def corrections(self, event_id: str) -> dict[str, dict[str, Any]]:
        """The manually corrected fields of an event: field -> ``value``, ``user``,
        ``note``, ``at`` (the latest correction of each field)."""

    @abstractmethod
    def get_article(self, doc_id: str) -> dict[str, Any] | None:
        """The stored article with this id (the latest version), or None.

        RETURNS (dict | None): ``id``, ``title``, ``text``, ``published`` (ISO date),
            ``source``, ``url``, ``language``, ``origin``, ``content_hash``, ``ingested_at``
            and ``event_ids`` (the events it reports).
        """

    @abstractmethod
    def articles(self, limit: int | None = None, offset: int = 0) -> list[dict[str, Any]]:
        """Stored articles, newest ingested first, as ``get_article`` without ``text``
        (``length`` gives its size in characters)."""

    @abstractmethod
    def count_articles(self) -> int:
        """Number of stored articles."""

    @abstractmethod
    def close(self) -> None:
        """Release the connection; further calls raise StoreError."""
