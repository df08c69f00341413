"""The Atom feed of an alert, parsed back with feedparser."""

from __future__ import annotations

import time
from pathlib import Path

import feedparser

from conflictcoder.alerts import AlertSearch, atom_feed, create_alert, recent_matches
from conflictcoder.store import open_store

from .conftest import clash, strike


def test_feed_lists_matching_events_newest_first(tmp_path: Path) -> None:
    with open_store(tmp_path / "events.sqlite") as store:
        alert = create_alert(
            store, "Idlib strikes", AlertSearch(admin1="idlib", event_types=("Air/drone strike",))
        )
        store.upsert_events([strike("Ariha", 35.81, 36.61), clash("Marib")])
        time.sleep(1.1)
        store.upsert_events([strike("Binnish", 35.96, 36.71, fatalities=2)])
        events = recent_matches(store, AlertSearch.from_dict(alert.search))
        body = atom_feed(alert, events, base_url="http://desk.example:8000/")
    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.title == "conflictcoder alert: Idlib strikes"
    assert parsed.feed.id == f"urn:conflictcoder:alert:{alert.id}"
    assert parsed.feed.subtitle == "admin1 idlib, Air/drone strike"  # the unit as typed
    self_link = [link.href for link in parsed.feed.links if link.rel == "self"]
    assert self_link == [f"http://desk.example:8000/api/alerts/{alert.id}/feed.atom"]
    titles = [entry.title for entry in parsed.entries]
    assert titles == [
        "2024-03-04 Air/drone strike in Binnish, Idleb, Syria: 2 fatalities",
        "2024-03-04 Air/drone strike in Ariha, Idleb, Syria: 3 fatalities",
    ]
    first = parsed.entries[0]
    assert first.id == f"urn:conflictcoder:event:{events[0].event_id}"
    assert first.link == f"http://desk.example:8000/events/{events[0].event_id}"
    related = [link.href for link in first.links if link.rel == "related"]
    assert related == [f"http://desk.example:8000/api/events/{events[0].event_id}"]
    assert time.mktime(first.updated_parsed) >= time.mktime(parsed.entries[1].updated_parsed)
    assert {t.term for t in first.tags} == {"Explosions/Remote violence", "Air/drone strike"}
    assert "Warplanes struck Binnish." in first.summary
    assert parsed.feed.updated == first.updated


def test_an_empty_feed_is_valid(tmp_path: Path) -> None:
    with open_store(tmp_path / "events.sqlite") as store:
        alert = create_alert(store, "quiet", AlertSearch(country="Mali"))
        store.upsert_events([clash("Marib")])
        body = atom_feed(
            alert,
            recent_matches(store, AlertSearch.from_dict(alert.search)),
            base_url="http://localhost/",
        )
    parsed = feedparser.parse(body)
    assert not parsed.bozo and parsed.entries == []
    assert parsed.feed.updated.startswith(alert.created_at[:10])
