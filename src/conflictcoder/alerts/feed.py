"""An alert as an Atom feed (RFC 4287): its latest matching events, newest change first.

Each event is one entry, ``urn:conflictcoder:event:ID``, whose ``updated`` is the event's
``timestamp`` (its last change): a feed reader shows a new event once, and a corrected one
as an update of the same entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from ..model import Event
from ..store import Store
from ..store.alerts_store import Alert
from .search import AlertSearch

ATOM = "http://www.w3.org/2005/Atom"
# How many events a feed lists, and how many stored events it reads at most to find them.
FEED_ENTRIES = 50
FEED_SCAN = 5000


def _stamp(seconds: int | None, fallback: str) -> str:
    if seconds is None:
        return fallback
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def recent_matches(
    store: Store, search: AlertSearch, *, limit: int = FEED_ENTRIES, scan: int = FEED_SCAN
) -> list[Event]:
    """The events that match ``search`` and changed last, newest first.

    The store narrows by country, first-level unit, bounding box and toll (its filters
    match names as the search does); the search decides on the rest. At most ``scan``
    stored events are read.

    Example:
        >>> from conflictcoder.store import open_store
        >>> store = open_store(":memory:")
        >>> _ = store.upsert_events([Event("2020-03-04", "Battles", "Armed clash", admin1=name)
        ...                          for name in ("Idleb", "Hama")])
        >>> [e.admin1 for e in recent_matches(store, AlertSearch(admin1="Idleb"))]
        ['Idleb']
    """
    narrow: dict[str, object] = {
        key: value
        for key, value in (
            ("country", search.country),
            ("admin1", search.admin1),
            ("bbox", search.bbox),
            ("min_fatalities", search.min_fatalities),
        )
        if value is not None
    }
    if search.reviewed_only:
        narrow["review"] = "confirmed"
    found: list[Event] = []
    page = 500
    for offset in range(0, scan, page):
        events = store.events(order="-updated", limit=page, offset=offset, **narrow)
        found += [e for e in events if search.matches(e)]
        if len(events) < page or len(found) >= limit:
            break
    found.sort(key=lambda e: (-(e.timestamp or 0), e.event_id))
    return found[:limit]


def _title(event: Event) -> str:
    where = ", ".join(p for p in (event.location, event.admin1, event.country) if p)
    deaths = f": {event.fatalities} fatalities" if event.fatalities else ""
    place = where or "unknown place"
    return f"{event.event_date or 'undated'} {event.sub_event_type} in {place}{deaths}"


def _summary(event: Event) -> str:
    actors = " vs ".join(a for a in (event.actor1, event.actor2) if a)
    parts = [event.notes or "", f"Actors: {actors}." if actors else ""]
    return " ".join(p for p in parts if p) or event.sub_event_type


def atom_feed(alert: Alert, events: Iterable[Event], *, base_url: str) -> bytes:
    """The Atom document of an alert's events.

    alert (Alert): the alert (its id, name and creation time).
    events (Iterable[Event]): its entries, in the order to list them.
    base_url (str): the service's address ("https://desk.example/"), for the links.
    RETURNS (bytes): UTF-8 XML.

    Example:
        >>> alert = Alert("al-0123456789ab", "Idlib clashes", {"admin1": "Idleb"}, None, "key",
        ...               "2020-03-04T00:00:00Z")
        >>> feed = atom_feed(alert, [Event("2020-03-04", "Battles", "Armed clash")],
        ...                  base_url="http://localhost:8000/")
        >>> feed[:38], feed.count(b"<entry>")
        (b"<?xml version='1.0' encoding='utf-8'?>", 1)
    """
    base = base_url.rstrip("/") + "/"
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    search = AlertSearch.from_dict(alert.search)
    entries = list(events)
    created = datetime.fromisoformat(alert.created_at).astimezone(UTC)
    updated_at = created.isoformat(timespec="seconds").replace("+00:00", "Z")
    newest = max((e.timestamp or 0 for e in entries), default=0)
    updated = _stamp(newest, updated_at) if newest else updated_at

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    sub(feed, "id", f"urn:conflictcoder:alert:{alert.id}")
    sub(feed, "title", f"conflictcoder alert: {alert.name}")
    sub(feed, "subtitle", search.describe())
    sub(feed, "updated", updated)
    sub(
        feed,
        "link",
        rel="self",
        type="application/atom+xml",
        href=f"{base}api/alerts/{alert.id}/feed.atom",
    )
    sub(feed, "link", rel="alternate", type="text/html", href=base)
    author = sub(feed, "author")
    sub(author, "name", "conflictcoder")
    sub(feed, "generator", "conflictcoder")
    for event in entries:
        entry = sub(feed, "entry")
        sub(entry, "id", f"urn:conflictcoder:event:{event.event_id}")
        sub(entry, "title", _title(event))
        sub(entry, "updated", _stamp(event.timestamp, updated_at))
        sub(entry, "link", rel="alternate", type="text/html", href=f"{base}events/{event.event_id}")
        sub(
            entry,
            "link",
            rel="related",
            type="application/json",
            href=f"{base}api/events/{event.event_id}",
        )
        sub(entry, "category", term=event.event_type)
        sub(entry, "category", term=event.sub_event_type)
        sub(entry, "summary", _summary(event))
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
