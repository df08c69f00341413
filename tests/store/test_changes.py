"""Change tracking (store/changes.py): timestamps, the removal log and ``Store.changes``.

Every test runs on SQLite and on PostgreSQL with PostGIS (see conftest.py).
"""

from __future__ import annotations

import dataclasses
import time
from typing import Any

import pytest

from conflictcoder.errors import StoreError
from conflictcoder.model import Article, Event, Evidence
from conflictcoder.store import Store
from conflictcoder.store.changes import Removal

SHELLING = "Shelling/artillery/missile attack"
EXPLOSIONS = "Explosions/Remote violence"


def _event(location: str, day: str = "2021-03-01", **kw: Any) -> Event:
    values: dict[str, Any] = {
        "event_date": day,
        "event_type": EXPLOSIONS,
        "sub_event_type": SHELLING,
        "actor1": "Military Forces of Syria (2000-)",
        "inter1": 1,
        "country": "Syria",
        "location": location,
        "fatalities": 1,
        "doc_ids": [f"doc-{location}"],
        "evidence": [Evidence(f"doc-{location}", f"Shelling hit {location}.", 0, 10)],
    }
    values.update(kw)
    return Event(**values)


def test_every_write_sets_the_timestamp_and_moves_the_cursor(store: Store) -> None:
    before = int(time.time())
    store.upsert_events([_event("Binnish")])
    [event] = store.events()
    assert event.timestamp is not None and before <= event.timestamp <= int(time.time())
    first = store.change_cursor()
    assert first > 0
    store.correct_event(event.event_id, {"fatalities": 4}, user="ana")
    corrected = store.get_event(event.event_id)
    assert corrected is not None and corrected.timestamp is not None
    assert corrected.timestamp >= event.timestamp
    assert store.change_cursor() > first
    # The same report again changes nothing, so neither the cursor.
    cursor = store.change_cursor()
    store.upsert_events([_event("Binnish")])
    assert store.change_cursor() == cursor


def test_changes_after_a_cursor_lists_only_what_followed(store: Store) -> None:
    store.upsert_events([_event("Binnish"), _event("Sarmin")])
    cursor = store.changes().cursor
    store.upsert_events([_event("Taftanaz")])
    sarmin = next(e for e in store.events() if e.location == "Sarmin")
    store.correct_event(sarmin.event_id, {"fatalities": 2}, user="ana")
    page = store.changes(after=cursor)
    assert [e.location for e in page.events] == ["Taftanaz", "Sarmin"]
    assert page.events[1].fatalities == 2
    assert page.removed == [] and page.complete
    assert store.changes(after=page.cursor).events == []


def test_delete_is_logged_as_a_removal_and_keeps_the_history(store: Store) -> None:
    store.ingest(Article(id="a1", text="Shelling hit Binnish."), [_event("Binnish")])
    [event] = store.events()
    cursor = store.change_cursor()
    store.delete_event(event.event_id, user="ana", reason="a forecast, not an event")
    assert store.get_event(event.event_id) is None
    assert store.count_events() == 0
    changed, removed_ids = store.changes(after=cursor)
    assert changed == [] and removed_ids == [event.event_id]
    [removal] = store.changes(after=cursor).removed
    assert (removal.action, removal.user, removal.reason) == (
        "delete",
        "ana",
        "a forecast, not an event",
    )
    history = store.event_history(event.event_id)
    assert [h["action"] for h in history] == ["create", "delete"]
    assert history[-1]["note"] == "a forecast, not an event"
    with pytest.raises(StoreError, match="cannot delete event cc-x: no such event"):
        store.delete_event("cc-x", user="ana")


def test_a_removal_is_read_back_as_it_was_recorded(store: Store) -> None:
    # one record both ways: the store writes a Removal and changes() reads the same back,
    # numbered by the change counter
    removal = Removal("cc-gone", "merge", 1614556800, "cc-kept", user="ana", reason="one strike")
    with store._transaction("cannot record"):  # type: ignore[attr-defined]
        store._record_removal(removal)  # type: ignore[attr-defined]
    [back] = store.changes().removed
    cursor = store.change_cursor()
    assert back == dataclasses.replace(removal, change_seq=cursor) and cursor > 0


def test_an_id_stored_again_leaves_the_removal_log(store: Store) -> None:
    store.upsert_events([_event("Binnish")])
    [event] = store.events()
    store.delete_event(event.event_id, user="ana")
    store.upsert_events([_event("Binnish")])
    page = store.changes()
    assert [e.event_id for e in page.events] == [event.event_id] and page.removed == []


def test_since_filters_by_unix_seconds(store: Store) -> None:
    store.upsert_events([_event("Binnish")])
    [event] = store.events()
    assert event.timestamp is not None
    assert [e.event_id for e in store.changes(since=event.timestamp).events] == [event.event_id]
    assert store.changes(since=event.timestamp + 3600).events == []


def test_pages_cut_by_limit_resume_exactly(store: Store) -> None:
    store.upsert_events([_event(f"Town{i}") for i in range(7)])
    store.delete_event(store.events()[0].event_id, user="ana")
    seen: list[str] = []
    cursor = 0
    pages = 0
    while True:
        page = store.changes(after=cursor, limit=3)
        seen += [e.event_id for e in page.events] + page.removed_ids
        cursor = page.cursor
        pages += 1
        if page.complete:
            break
    assert pages == 3
    assert len(seen) == len(set(seen)) == 7


@pytest.mark.parametrize("bad", [-1, "5", True, 1.5])
def test_bad_cursor_is_refused(store: Store, bad: Any) -> None:
    with pytest.raises(StoreError, match="after must be a whole number >= 0"):
        store.changes(after=bad)


def test_a_partner_mirror_ends_equal_to_the_store(store: Store) -> None:
    """A partner applying the changes after each round holds exactly the store's events."""
    mirror: dict[str, Event] = {}
    cursor = 0

    def pull() -> None:
        nonlocal cursor
        page = store.changes(after=cursor, limit=4)
        for event in page.events:
            mirror[event.event_id] = event
        for event_id in page.removed_ids:
            mirror.pop(event_id, None)
        cursor = page.cursor
        if not page.complete:
            pull()

    store.upsert_events([_event(f"Town{i}") for i in range(6)])
    pull()
    events = store.events()
    store.correct_event(events[1].event_id, {"fatalities": 9}, user="ana")
    store.delete_event(events[2].event_id, user="ana")
    store.upsert_events([_event("Town9"), _event("Town0", fatalities=1)])
    pull()
    store.delete_event(events[3].event_id, user="ana")
    store.upsert_events([_event("Town3")])  # the same id comes back
    pull()
    assert {e.event_id: e for e in store.events()} == mirror
    assert all(mirror[e.event_id].to_dict() == e.to_dict() for e in store.events())


def test_0004_gives_events_stored_before_it_a_timestamp(tmp_path: Any) -> None:
    import json
    import sqlite3

    from conflictcoder.store import MIGRATIONS, open_store
    from conflictcoder.store.migrations import apply_sqlite

    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    names = [m.name for m in MIGRATIONS]
    apply_sqlite(conn, MIGRATIONS[: names.index("0004_change_tracking_review")])
    event = _event("Binnish")
    conn.execute(
        "INSERT INTO events (event_id, event_type, sub_event_type, fatalities, search_text,"
        " number_of_sources, updated_at, data) VALUES (?, ?, ?, 1, '', 1, ?, ?)",
        (
            event.event_id,
            EXPLOSIONS,
            SHELLING,
            "2021-03-01T00:00:00+00:00",
            json.dumps(event.to_dict()),
        ),
    )
    conn.close()
    with open_store(path) as store:
        [stored] = store.events()
        assert stored.timestamp == 1614556800
        page = store.changes()
        assert [e.event_id for e in page.events] == [event.event_id]
        store.upsert_events([_event("Sarmin")])
        assert [e.location for e in store.changes(after=page.cursor).events] == ["Sarmin"]
