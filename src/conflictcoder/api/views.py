"""The functions behind every endpoint and page: a store (and filters) in, one plain dict out.

Each ``/api/...`` route returns what one of these returns, and each dashboard page renders
the same dict in a template (datasette's "one dict, two renderings"), so a page never shows
anything its JSON twin does not. Nothing here knows about HTTP: the routes map ``None``
(not found) to 404 and validate the dicts against ``schemas``.
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import Any

from ..config import Settings
from ..model import Event, Evidence
from ..ontology import acled_types
from ..store import Store
from ..store.filters import EventFilter

# Events the dashboard lists and maps at most (the newest matching ones).
DASHBOARD_LIMIT = 2000
# Events read to draw the timeline and sum the deaths; a larger selection is cut here.
TIMELINE_LIMIT = 100_000
# Events sampled (unfiltered) to offer countries, admin1 units and actors in the filters.
OPTIONS_SAMPLE = 5000
# Where the dashboard loads its offline base layer (copied there by `make web-assets`).
BORDERS_URL = "/static/vendor/countries-50m.json"
# Whom the dashboard credits, for what.
ATTRIBUTION: tuple[dict[str, str], ...] = (
    {
        "name": "GeoNames",
        "url": "https://www.geonames.org/",
        "license": "CC BY 4.0",
        "use": "place names, coordinates and administrative units",
    },
    {
        "name": "Natural Earth",
        "url": "https://www.naturalearthdata.com/",
        "license": "public domain",
        "use": "country borders (world-atlas)",
    },
    {
        "name": "Leaflet",
        "url": "https://leafletjs.com/",
        "license": "BSD-2-Clause",
        "use": "the map",
    },
    {
        "name": "The reporting outlets",
        "url": "",
        "license": "their own terms",
        "use": "each event is coded from the articles listed as its sources",
    },
)


# The filters every event listing takes: the store's own ``EventFilter`` (the old name kept).
EventFilters = EventFilter


_EVENT_FIELDS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Event))


def event_dict(event: Event) -> dict[str, Any]:
    """``event.to_dict()``, built directly: ``dataclasses.asdict`` deep-copies every value
    and took most of a page's time (8 of 20 ms for 50 events).

    Example:
        >>> event = Event("2020-03-04", "Battles", "Armed clash", doc_ids=["a"])
        >>> event_dict(event) == event.to_dict()
        True
    """
    data: dict[str, Any] = {"doc_id": event.doc_id}
    for name in _EVENT_FIELDS:
        value = getattr(event, name)
        if isinstance(value, list):
            value = [dict(vars(item)) if dataclasses.is_dataclass(item) else item for item in value]
        elif isinstance(value, dict):
            value = dict(value)
        data[name] = value
    return data


def _plain(value: Any) -> Any:
    """A value as JSON has it: dates as ISO strings, tuples as lists, dicts and lists deep."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


# -- events ---------------------------------------------------------------------------------


def event_page(
    store: Store, filters: EventFilters, *, limit: int, offset: int = 0
) -> dict[str, Any]:
    """One page of the events matching ``filters``, by date, with the total on all pages.

    RETURNS (dict): ``total``, ``limit``, ``offset``, ``next_offset`` (None on the last page)
        and ``items`` (``Event.to_dict()`` each); shaped as ``schemas.EventPage``. The store
        hands over the events' stored records (``Store.event_records``), without building
        ``Event`` objects.

    Example:
        >>> from conflictcoder.store import open_store
        >>> store = open_store(":memory:")
        >>> for day in ("2020-03-04", "2020-03-05"):
        ...     _ = store.upsert_events([Event(day, "Battles", "Armed clash", country="Syria")])
        >>> event_page(store, EventFilter(country="Syria"), limit=1)
        {'total': 2, 'limit': 1, 'offset': 0, 'next_offset': 1, 'items': [{...}]}
    """
    total = store.count_events(filters)
    return page_dict(total, limit, offset, store.event_records(filters, limit=limit, offset=offset))


def page_dict(total: int, limit: int, offset: int, items: list[Any]) -> dict[str, Any]:
    """A page of a list the API answers: ``total`` (on all pages), ``limit``, ``offset``,
    ``next_offset`` (None on the last page) and the page's ``items``.

    Example:
        >>> page_dict(5, 2, 2, ["c", "d"])["next_offset"], page_dict(5, 2, 4, ["e"])["next_offset"]
        (4, None)
    """
    end = offset + len(items)
    return {
        "total": total,
        "limit": limit,
        "offset": offset,
        "next_offset": end if end < total else None,
        "items": items,
    }


def highlight(text: str, evidence: list[Evidence]) -> list[dict[str, Any]]:
    """Cut ``text`` into segments, marking the evidence sentences.

    An evidence span is used where its offsets still point at its sentence; otherwise the
    sentence is looked up in the text (an article re-cleaned by a newer version), and left
    out when it is not there. Overlapping spans are joined.

    RETURNS (list[dict]): ``{"text", "evidence"}`` segments that join back into ``text``.

    Example:
        >>> highlight("One. Two. Three.", [Evidence("d", "Two.", 5, 9)])
        [{'text': 'One. ', 'evidence': False}, {'text': 'Two.', 'evidence': True}, \
{'text': ' Three.', 'evidence': False}]
    """
    spans: list[tuple[int, int]] = []
    for item in evidence:
        if 0 <= item.start < item.end <= len(text) and text[item.start : item.end] == item.sentence:
            spans.append((item.start, item.end))
            continue
        found = text.find(item.sentence) if item.sentence else -1
        if found >= 0:
            spans.append((found, found + len(item.sentence)))
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    segments: list[dict[str, Any]] = []
    position = 0
    for start, end in merged:
        if start > position:
            segments.append({"text": text[position:start], "evidence": False})
        segments.append({"text": text[start:end], "evidence": True})
        position = end
    if position < len(text) or not segments:
        segments.append({"text": text[position:], "evidence": False})
    return segments


def _article_evidence(store: Store, doc_id: str, evidence: list[Evidence]) -> dict[str, Any]:
    article = store.get_article(doc_id)
    mine = [e for e in evidence if e.doc_id == doc_id]
    if article is None:
        return {
            "doc_id": doc_id,
            "found": False,
            "evidence": [dataclasses.asdict(e) for e in mine],
            "segments": [{"text": " ".join(e.sentence for e in mine), "evidence": True}]
            if mine
            else [],
        }
    article = _plain(article)
    return {
        "doc_id": doc_id,
        "title": article.get("title"),
        "source": article.get("source"),
        "url": article.get("url"),
        "published": article.get("published"),
        "found": True,
        "evidence": [dataclasses.asdict(e) for e in mine],
        "segments": highlight(str(article.get("text") or ""), mine),
    }


def event_detail(store: Store, event_id: str) -> dict[str, Any] | None:
    """One event with its sources, its articles (evidence marked) and its history.

    RETURNS (dict | None): shaped as ``schemas.EventDetail``; None when no such event.

    Example:
        >>> from conflictcoder.store import open_store
        >>> event_detail(open_store(":memory:"), "cc-0000") is None
        True
    """
    event = store.get_event(event_id)
    if event is None:
        return None
    doc_ids = list(event.doc_ids)
    for item in event.evidence:
        if item.doc_id not in doc_ids:
            doc_ids.append(item.doc_id)
    return {
        "event": event_dict(event),
        "sources": [_plain(source) for source in store.event_sources(event_id)],
        "articles": [_article_evidence(store, doc_id, event.evidence) for doc_id in doc_ids],
        "history": [_plain(entry) for entry in store.event_history(event_id)],
    }


def event_history(store: Store, event_id: str) -> list[dict[str, Any]] | None:
    """An event's changes, oldest first; None when no such event.

    Example:
        >>> from conflictcoder.store import open_store
        >>> event_history(open_store(":memory:"), "cc-0000") is None
        True
    """
    return _of_event(store, event_id, store.event_history)


def event_sources(store: Store, event_id: str) -> list[dict[str, Any]] | None:
    """The articles that report an event; None when no such event.

    Example:
        >>> from conflictcoder.model import Article
        >>> from conflictcoder.store import open_store
        >>> store = open_store(":memory:")
        >>> report = Article(id="idlib-report", text="Jets struck Ariha.", source="Ariha Post")
        >>> _ = store.ingest(report, [Event("2020-03-04", "Battles", "Armed clash")])
        >>> [(s["doc_id"], s["source"]) for s in event_sources(store, store.events()[0].event_id)]
        [('idlib-report', 'Ariha Post')]
    """
    return _of_event(store, event_id, store.event_sources)


def _of_event(
    store: Store, event_id: str, read: Callable[[str], Iterable[Any]]
) -> list[dict[str, Any]] | None:
    """What ``read`` gives for an event, as plain dicts; None when no such event."""
    if store.get_event(event_id) is None:
        return None
    return [_plain(row) for row in read(event_id)]


def timeline(events: list[Event]) -> list[dict[str, Any]]:
    """Events and deaths per day, by date (days without a dated event left out).

    Example:
        >>> timeline([Event("2020-03-04", "Battles", "Armed clash", fatalities=2),
        ...           Event("2020-03-04", "Riots", "Mob violence", location="B")])
        [{'date': '2020-03-04', 'events': 2, 'fatalities': 2}]
    """
    counts: Counter[str] = Counter()
    deaths: Counter[str] = Counter()
    for event in events:
        if event.event_date:
            counts[event.event_date] += 1
            deaths[event.event_date] += event.fatalities or 0
    return [
        {"date": day, "events": counts[day], "fatalities": deaths[day]} for day in sorted(counts)
    ]


# Timeline bins by the span of dates shown: days up to half a year, weeks up to three years,
# months beyond (a five-year daily chart has 1,800 bars a pixel wide).
TIMELINE_DAYS_MAX = 183
TIMELINE_WEEKS_MAX = 3 * 366


def timeline_period(days: list[dict[str, Any]]) -> str:
    """The bin ("day", "week" or "month") for a per-day timeline, by the span it covers.

    Example:
        >>> timeline_period([{"date": "2020-01-01"}, {"date": "2024-12-31"}])
        'month'
    """
    if len(days) < 2:
        return "day"
    span = (date.fromisoformat(days[-1]["date"]) - date.fromisoformat(days[0]["date"])).days
    if span <= TIMELINE_DAYS_MAX:
        return "day"
    return "week" if span <= TIMELINE_WEEKS_MAX else "month"


def binned_timeline(days: list[dict[str, Any]], period: str | None = None) -> list[dict[str, Any]]:
    """A per-day timeline summed into weeks (from Monday) or months as the span grows.

    days (list[dict]): ``timeline`` output, by date.
    period (str | None): "day", "week" or "month". Defaults to ``timeline_period(days)``.
    RETURNS (list[dict]): ``date`` (the bin's first day), ``events``, ``fatalities`` and
        ``period``, by date.

    Example:
        >>> binned_timeline([{"date": "2020-03-04", "events": 1, "fatalities": 2},
        ...                  {"date": "2020-03-06", "events": 2, "fatalities": 0}], "week")
        [{'date': '2020-03-02', 'events': 3, 'fatalities': 2, 'period': 'week'}]
    """
    period = period or timeline_period(days)
    bins: dict[str, dict[str, Any]] = {}
    for day in days:
        moment = date.fromisoformat(day["date"])
        if period == "week":
            start = moment - timedelta(days=moment.weekday())
        elif period == "month":
            start = moment.replace(day=1)
        else:
            start = moment
        key = start.isoformat()
        item = bins.setdefault(key, {"date": key, "events": 0, "fatalities": 0, "period": period})
        item["events"] += day["events"]
        item["fatalities"] += day["fatalities"]
    return [bins[key] for key in sorted(bins)]


def places(events: list[Event]) -> list[dict[str, Any]]:
    """The places events are coded to, with their number of events and deaths.

    Events without coordinates are left out; places come sorted by events, then name.

    Example:
        >>> places([Event("2020-03-04", "Battles", "Armed clash", location="Ariha",
        ...               latitude=35.8, longitude=36.6, fatalities=2)])[0]["events"]
        1
    """
    groups: dict[tuple[Any, ...], list[Event]] = defaultdict(list)
    for event in events:
        if event.latitude is None or event.longitude is None:
            continue
        key = (event.latitude, event.longitude, event.location, event.admin1, event.country)
        groups[key].append(event)
    result = [
        {
            "location": key[2],
            "admin1": key[3],
            "country": key[4],
            "latitude": key[0],
            "longitude": key[1],
            "geonameid": next((e.geonameid for e in group if e.geonameid is not None), None),
            "events": len(group),
            "fatalities": sum(e.fatalities or 0 for e in group),
            "event_ids": [e.event_id for e in group],
        }
        for key, group in groups.items()
    ]
    return sorted(result, key=lambda p: (-p["events"], str(p["location"]), p["latitude"]))


def place_list(store: Store, filters: EventFilters) -> list[dict[str, Any]]:
    """The places of the events matching ``filters`` (see ``places``).

    Example:
        >>> from conflictcoder.store import open_store
        >>> store = open_store(":memory:")
        >>> _ = store.upsert_events([Event("2020-03-04", kind, sub, fatalities=n, country="Syria",
        ...     location="Ariha", latitude=35.81, longitude=36.61) for kind, sub, n in [
        ...     ("Battles", "Armed clash", 2),
        ...     ("Explosions/Remote violence", "Air/drone strike", 1)]])
        >>> place_list(store, EventFilter(country="Syria"))
        [{'location': 'Ariha', ..., 'events': 2, 'fatalities': 3, ...}]
    """
    return places(store.events(filters, limit=TIMELINE_LIMIT))


def summary(event: Event) -> dict[str, Any]:
    """The fields the dashboard's list and map show (``schemas.EventSummary``).

    Example:
        >>> summary(Event("2020-03-04", "Battles", "Armed clash", doc_ids=["a"]))["sources"]
        1
    """
    return {
        "event_id": event.event_id,
        "event_date": event.event_date,
        "event_type": event.event_type,
        "sub_event_type": event.sub_event_type,
        "actor1": event.actor1,
        "actor2": event.actor2,
        "location": event.location,
        "admin1": event.admin1,
        "country": event.country,
        "latitude": event.latitude,
        "longitude": event.longitude,
        "fatalities": event.fatalities,
        "sources": len(event.doc_ids),
    }


def _options(store: Store) -> dict[str, list[str]]:
    types = acled_types()
    sample = store.events(limit=OPTIONS_SAMPLE)
    actors = {a for e in sample for a in (e.actor1, e.actor2) if a}
    return {
        "event_type": sorted({t.event_type for t in types.values()}),
        "sub_event_type": sorted(types),
        "country": sorted({e.country for e in sample if e.country}),
        "admin1": sorted({e.admin1 for e in sample if e.admin1}),
        "actor": sorted(actors),
    }


def dashboard(store: Store, filters: EventFilters, settings: Settings) -> dict[str, Any]:
    """What the dashboard shows for ``filters``: the newest events, the timeline, the options.

    RETURNS (dict): shaped as ``schemas.Dashboard``; ``events`` holds the newest
        ``DASHBOARD_LIMIT`` matching events (newest first), ``timeline`` covers them all.

    Example:
        >>> from conflictcoder.store import open_store
        >>> store = open_store(":memory:")
        >>> _ = store.upsert_events([Event("2020-03-04", "Battles", "Armed clash"),
        ...                          Event("2020-03-05", "Protests", "Peaceful protest")])
        >>> dashboard(store, EventFilter(), Settings())["total"]
        2
    """
    total = store.count_events(filters)
    matching = store.events(filters, limit=TIMELINE_LIMIT)
    newest = matching[::-1][:DASHBOARD_LIMIT]
    return {
        "filters": filters.to_dict(),
        "total": total,
        "shown": len(newest),
        "events": [summary(event) for event in newest],
        "timeline": binned_timeline(timeline(matching)),
        "fatalities": sum(event.fatalities or 0 for event in matching),
        "options": _options(store),
        "map": {
            "borders": BORDERS_URL,
            "tile_url": settings.map_tile_url,
            "tile_attribution": settings.map_tile_attribution,
        },
        "attribution": [dict(item) for item in ATTRIBUTION],
    }


# -- articles -------------------------------------------------------------------------------


def _without_text(article: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in _plain(article).items() if k != "text"}


def article_page(store: Store, *, limit: int, offset: int = 0) -> dict[str, Any]:
    """One page of stored articles, without their text.

    RETURNS (dict): ``limit``, ``offset``, ``next_offset`` and ``items``
        (``schemas.ArticlePage``).

    Example:
        >>> from conflictcoder.model import Article
        >>> from conflictcoder.store import open_store
        >>> store = open_store(":memory:")
        >>> for town in ("Ariha", "Binnish"):
        ...     _ = store.ingest(Article(id=town, text=f"Jets struck {town}."), [])
        >>> page = article_page(store, limit=1)
        >>> len(page["items"]), page["next_offset"], "text" in page["items"][0]
        (1, 1, False)
    """
    rows = store.articles(limit=limit + 1, offset=offset)
    return {
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if len(rows) > limit else None,
        "items": [_without_text(row) for row in rows[:limit]],
    }


def article_detail(store: Store, doc_id: str) -> dict[str, Any] | None:
    """A stored article with its text; None when there is none with that id.

    Example:
        >>> from conflictcoder.store import open_store
        >>> store = open_store(":memory:")
        >>> from conflictcoder.model import Article
        >>> _ = store.ingest(Article(id="idlib-report", text="Jets struck Ariha on Monday.",
        ...     title="Jets strike Ariha"), [Event("2020-03-04", "Battles", "Armed clash")])
        >>> article_detail(store, "idlib-report")["title"]
        'Jets strike Ariha'
    """
    article = store.get_article(doc_id)
    return None if article is None else _plain(article)
