"""The review queue (store/review.py): confirm, correct, merge, split, reject, on both back ends."""

from __future__ import annotations

from typing import Any

import pytest

from conflictcoder.errors import StoreError
from conflictcoder.model import Article, Event, Evidence
from conflictcoder.store import Store
from conflictcoder.store.review import derive_codes

SHELLING = ("Explosions/Remote violence", "Shelling/artillery/missile attack")
ARMY = "Military Forces of Syria (2000-)"
REBELS = "Opposition Rebels (Syria)"


def _event(location: str, doc: str, *, confidence: float = 0.5, **kw: Any) -> Event:
    values: dict[str, Any] = {
        "event_date": "2021-03-01",
        "event_type": SHELLING[0],
        "sub_event_type": SHELLING[1],
        "actor1": ARMY,
        "inter1": 1,
        "actor2": REBELS,
        "inter2": 2,
        "interaction": 12,
        "country": "Syria",
        "admin1": "Idleb",
        "location": location,
        "fatalities": 1,
        "confidence": confidence,
        "doc_ids": [doc],
        "evidence": [Evidence(doc, f"Shelling hit {location}.", 0, 10)],
    }
    values.update(kw)
    return Event(**values)


def _ingest(store: Store, doc: str, *events: Event) -> None:
    text = f"{doc}: " + " ".join(e.evidence[0].sentence for e in events)
    store.ingest(Article(id=doc, text=text, title=doc), list(events))


def _by_location(store: Store, location: str, **kw: Any) -> Event:
    return next(e for e in store.events(**kw) if e.location == location)


def test_queue_lists_pending_events_lowest_confidence_first(store: Store) -> None:
    _ingest(store, "d1", _event("Binnish", "d1", confidence=0.9))
    _ingest(store, "d2", _event("Sarmin", "d2", confidence=0.2))
    _ingest(store, "d3", _event("Taftanaz", "d3", confidence=0.5))
    assert [i["event"].location for i in store.review_queue()] == ["Sarmin", "Taftanaz", "Binnish"]
    assert store.count_review_queue() == 3
    sarmin = _by_location(store, "Sarmin")
    store.review_event(sarmin.event_id, "confirm", user="ana")
    assert [i["event"].location for i in store.review_queue()] == ["Taftanaz", "Binnish"]
    assert store.review_status(sarmin.event_id) == "confirmed"
    assert [e.location for e in store.events(review="confirmed")] == ["Sarmin"]
    assert [i["event"].location for i in store.review_queue(limit=1, offset=1)] == ["Binnish"]


def test_reject_needs_a_reason_hides_the_event_and_survives_a_new_report(store: Store) -> None:
    _ingest(store, "d1", _event("Binnish", "d1"))
    event = store.events()[0]
    with pytest.raises(StoreError, match="give the reason for rejecting it"):
        store.review_event(event.event_id, "reject", user="ana")
    cursor = store.change_cursor()
    store.review_event(event.event_id, "reject", user="ana", note="a forecast")
    assert store.events() == [] and store.count_events() == 0
    assert [e.event_id for e in store.events(review="rejected")] == [event.event_id]
    [removal] = store.changes(after=cursor).removed
    assert (removal.event_id, removal.action, removal.reason) == (
        event.event_id,
        "reject",
        "a forecast",
    )
    # Another outlet reports the same false incident: it joins the rejected event.
    _ingest(store, "d2", _event("Binnish", "d2", fatalities=2))
    assert store.events() == []
    assert store.review_status(event.event_id) == "rejected"
    history = store.event_history(event.event_id)
    assert [h["action"] for h in history] == ["create", "reject", "merge"]
    assert history[1]["user"] == "ana" and history[1]["note"] == "a forecast"
    assert history[1]["changes"] == {"review_status": {"old": "pending", "new": "rejected"}}


def test_a_correction_survives_recoding_and_a_later_merge(store: Store) -> None:
    _ingest(store, "d1", _event("Binnish", "d1"))
    event = store.events()[0]
    store.correct_event(event.event_id, {"fatalities": 7}, user="ana", note="per OCHA")
    # The same article re-coded (changed text, same id) and another report merged in.
    store.ingest(
        Article(id="d1", text="Shelling hit Binnish, updated.", title="d1"),
        [_event("Binnish", "d1", fatalities=2)],
    )
    _ingest(store, "d2", _event("Binnish", "d2", fatalities=3))
    final = store.get_event(event.event_id)
    assert final is not None and final.fatalities == 7
    assert set(final.doc_ids) == {"d1", "d2"}


def test_merge_moves_reports_and_corrections_and_logs_the_removal(store: Store) -> None:
    _ingest(store, "d1", _event("Binnish", "d1"))
    _ingest(store, "d2", _event("Sarmin", "d2", event_date="2021-04-20", notes="Sarmin shelled."))
    keep, other = _by_location(store, "Binnish"), _by_location(store, "Sarmin")
    store.correct_event(other.event_id, {"notes": "Checked by phone."}, user="ana")
    cursor = store.change_cursor()
    merged = store.merge_events(keep.event_id, other.event_id, user="bo", note="same strike")
    assert merged.doc_ids == ["d1", "d2"] and merged.notes == "Checked by phone."
    assert store.get_event(other.event_id) is None
    page = store.changes(after=cursor)
    assert [e.event_id for e in page.events] == [keep.event_id]
    assert [(r.event_id, r.action, r.merged_into) for r in page.removed] == [
        (other.event_id, "merge", keep.event_id)
    ]
    assert store.event_history(other.event_id)[-1]["action"] == "merged_away"
    assert store.event_history(keep.event_id)[-1]["action"] == "absorb"
    # A later report of the merged-away incident finds the kept event.
    store.upsert_events([_event("Sarmin", "d2", event_date="2021-04-20", fatalities=5)])
    assert [e.event_id for e in store.events()] == [keep.event_id]
    with pytest.raises(StoreError, match="cannot be merged into itself"):
        store.merge_events(keep.event_id, keep.event_id, user="bo")


def test_split_moves_reports_to_a_new_event_that_later_reports_find(store: Store) -> None:
    _ingest(store, "d1", _event("Binnish", "d1"))
    _ingest(store, "d2", _event("Binnish", "d2", fatalities=4))
    [event] = store.events()
    assert event.doc_ids == ["d1", "d2"]
    new = store.split_event(event.event_id, ["d2"], user="ana", note="two strikes")
    assert new.event_id != event.event_id and new.doc_ids == ["d2"]
    kept = store.get_event(event.event_id)
    assert kept is not None and kept.doc_ids == ["d1"]
    assert store.get_article("d2")["event_ids"] == [new.event_id]  # type: ignore[index]
    store.upsert_events([_event("Binnish", "d2", fatalities=4, notes="again")])
    assert sorted(e.event_id for e in store.events()) == sorted([event.event_id, new.event_id])
    assert store.get_event(new.event_id).notes == "again"  # type: ignore[union-attr]
    with pytest.raises(StoreError, match="it would keep no report"):
        store.split_event(new.event_id, ["d2"], user="ana")
    with pytest.raises(StoreError, match="no report of d9 in it"):
        store.split_event(event.event_id, ["d9"], user="ana")


def test_swapping_actors_swaps_their_codes(store: Store) -> None:
    _ingest(store, "d1", _event("Binnish", "d1"))
    event = store.events()[0]
    swapped = store.correct_event(event.event_id, {"actor1": REBELS, "actor2": ARMY}, user="ana")
    assert (swapped.inter1, swapped.inter2, swapped.interaction) == (2, 1, 12)
    civilians = store.correct_event(event.event_id, {"actor2": "Civilians (Syria)"}, user="ana")
    assert (civilians.inter2, civilians.interaction) == (7, 27)
    with pytest.raises(StoreError, match="actor1 'Liwa X' is not in the actor dictionary"):
        store.correct_event(event.event_id, {"actor1": "Liwa X"}, user="ana")
    named = store.correct_event(event.event_id, {"actor1": "Liwa X", "inter1": 3}, user="ana")
    assert (named.inter1, named.interaction) == (3, 37)
    with pytest.raises(StoreError, match="interaction must be 37 for inter1 3 and inter2 7"):
        store.correct_event(event.event_id, {"interaction": 12}, user="ana")


def test_derive_codes_leaves_unrelated_corrections_alone() -> None:
    event = _event("Binnish", "d1")
    assert derive_codes(event, {"fatalities": 3}) == {"fatalities": 3}
    assert derive_codes(event, {"actor2": None}) == {
        "actor2": None,
        "inter2": None,
        "interaction": 10,
    }


def test_write_counts_say_what_became_of_each_report(store: Store) -> None:
    _ingest(store, "d1", _event("Binnish", "d1"), _event("Sarmin", "d1"))
    assert store.write_counts == {"created": 2}  # type: ignore[attr-defined]
    _ingest(store, "d2", _event("Binnish", "d2", fatalities=3))
    assert store.write_counts == {"merged": 1}  # type: ignore[attr-defined]
    store.upsert_events([_event("Binnish", "d2", fatalities=3)])
    assert store.write_counts == {"same": 1}  # type: ignore[attr-defined]
