"""The Store interface (store/base.py, implemented in store/sql.py), on both back ends.

Every test here runs twice: on SQLite and on PostgreSQL with PostGIS (see conftest.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest

from conflictcoder.errors import StoreError
from conflictcoder.model import Article, Event, Evidence
from conflictcoder.store import CORRECTABLE_FIELDS, Store

SHELLING = "Shelling/artillery/missile attack"
EXPLOSIONS = "Explosions/Remote violence"
ARMY = "Military Forces of Syria (2000-)"
# Coordinates (GeoNames) of two Idlib towns 3.85 km apart, and of Kafranbel.
ARMANAZ = (36.08363, 36.5031)
KAFR_TAKHARIM = (36.1168, 36.51522)
KAFRANBEL = (35.61376, 36.56449)


def _article(
    doc_id: str = "d1", text: str = "Shelling hit Kafr Tala on Monday.", **kw: Any
) -> Article:
    values: dict[str, Any] = {"title": "T", "published": date(2021, 3, 1), "source": "Wire"}
    values.update(kw)
    return Article(id=doc_id, text=text, **values)


def _event(**kw: Any) -> Event:
    values: dict[str, Any] = {
        "event_date": "2021-03-01",
        "event_type": EXPLOSIONS,
        "sub_event_type": SHELLING,
        "actor1": ARMY,
        "inter1": 1,
        "country": "Syria",
        "admin1": "Idleb",
        "location": "Kafr Tala",
        "latitude": 35.5,
        "longitude": 36.6,
        "geo_precision": 1,
        "fatalities": 2,
        "doc_ids": ["d1"],
        "evidence": [Evidence("d1", "Shelling hit Kafr Tala on Monday.", 0, 33)],
    }
    values.update(kw)
    return Event(**values)


def _report(doc_id: str, sentence: str, *, deaths: int | None = None, **kw: Any) -> Event:
    """One article's event about Kafranbel, with its toll (None: none given)."""
    values: dict[str, Any] = {
        "location": "Kafranbel",
        "latitude": KAFRANBEL[0],
        "longitude": KAFRANBEL[1],
        "fatalities": deaths or 0,
        "fatalities_low": deaths,
        "fatalities_high": deaths,
        "doc_ids": [doc_id],
        "evidence": [Evidence(doc_id, sentence, 0, len(sentence))],
    }
    values.update(kw)
    return _event(**values)


def _ingest(store: Store, doc_id: str, sentence: str, event: Event, **kw: Any) -> bool:
    return store.ingest(_article(doc_id, sentence, **kw), [event])


def _locations(events: list[Event]) -> list[str | None]:
    return [e.location for e in events]


# -- ingest and upsert ------------------------------------------------------------------


def test_ingest_stores_article_and_events(store: Store) -> None:
    assert store.ingest(_article(), [_event()]) is True
    assert store.count_articles() == 1
    assert store.count_events() == 1
    assert store.has_article(_article().content_hash)
    assert not store.has_article("0" * 64)
    [event] = store.events()
    assert event == _event()
    assert store.get_event(event.event_id) == event


def test_ingest_same_text_twice_changes_nothing(store: Store) -> None:
    assert store.ingest(_article(), [_event()])
    event_id = _event().event_id
    history = store.event_history(event_id)
    assert store.ingest(_article(doc_id="other-id"), [_event(location="Elsewhere")]) is False
    assert store.ingest(_article(), [_event(fatalities=9)]) is False
    assert store.count_articles() == 1
    assert _locations(store.events()) == ["Kafr Tala"]
    assert store.events()[0].fatalities == 2
    assert store.event_history(event_id) == history


def test_ingest_adds_article_id_to_doc_ids(store: Store) -> None:
    store.ingest(_article("d9"), [_event(doc_ids=[])])
    [event] = store.events()
    assert event.doc_ids == ["d9"]


def test_ingest_rolls_back_when_an_event_is_invalid(store: Store) -> None:
    store.ingest(_article(), [_event()])
    second = _article("d2", "Another report about an airstrike.")
    bad = _event(event_id="cc-bad", event_type=None, doc_ids=["d2"])
    with pytest.raises(StoreError) as info:
        store.ingest(
            second,
            [_event(location="Binnish", latitude=35.96, longitude=36.71, doc_ids=["d2"]), bad],
        )
    assert str(info.value) == (
        f"{store.name}: cannot store event cc-bad: event_type must be a non-empty string, got None"
    )
    assert store.count_articles() == 1
    assert not store.has_article(second.content_hash)
    assert _locations(store.events()) == ["Kafr Tala"]
    # The store is still usable after the failed write.
    assert store.ingest(
        second, [_event(location="Binnish", latitude=35.96, longitude=36.71, doc_ids=["d2"])]
    )
    assert store.count_events() == 2


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        (
            {"event_date": "2021-02-30"},
            "event_date must be a date written YYYY-MM-DD, got '2021-02-30'",
        ),
        ({"event_date": "1 March"}, "event_date must be a date written YYYY-MM-DD, got '1 March'"),
        ({"latitude": 91.0}, "latitude must be a number from -90 to 90, got 91.0"),
        ({"longitude": "36.6"}, "longitude must be a number from -180 to 180, got '36.6'"),
        ({"fatalities": -1}, "fatalities must be a whole number >= 0, got -1"),
        ({"inter1": "1"}, "inter1 must be a whole number, got '1'"),
        ({"location": 7}, "location must be a string, got 7"),
    ],
)
def test_invalid_values_are_refused_the_same_on_both_back_ends(
    store: Store, change: dict[str, Any], problem: str
) -> None:
    bad = _event(event_id="cc-bad", **change)
    with pytest.raises(StoreError) as info:
        store.upsert_events([bad])
    assert str(info.value) == f"{store.name}: cannot store event cc-bad: {problem}"
    assert store.count_events() == 0


def test_ingest_rolls_back_on_unserialisable_event(store: Store) -> None:
    bad = _event(location="Binnish", fatalities_breakdown={"children": {1, 2}})
    with pytest.raises(StoreError, match="not serialisable"):
        store.ingest(_article(), [_event(location="Sarmin"), bad])
    assert store.count_articles() == 0
    assert store.count_events() == 0


def test_ingest_rolls_back_on_foreign_exception(store: Store) -> None:
    class Boom(Exception):
        pass

    class Exploding(list[Event]):
        def __iter__(self) -> Iterator[Event]:
            yield _event()
            raise Boom

    with pytest.raises(Boom):
        store.ingest(_article(), Exploding())
    assert store.count_articles() == 0
    assert store.count_events() == 0


def test_failed_ingest_leaves_a_merged_event_as_it_was(store: Store) -> None:
    first = _report("a", "Shelling killed four in Kafranbel.", deaths=4)
    _ingest(store, "a", "Shelling killed four in Kafranbel.", first)
    before = store.get_event(first.event_id)
    history = store.event_history(first.event_id)
    # The first event of the article merges into the stored one; the second is invalid.
    merged = _report("b", "Two died in Kafranbel.", deaths=2, event_date="2021-03-02")
    with pytest.raises(StoreError, match="sub_event_type must be a non-empty string"):
        store.ingest(_article("b", "Two died."), [merged, _event(sub_event_type="")])
    assert store.get_event(first.event_id) == before
    assert store.event_history(first.event_id) == history
    assert store.event_sources(first.event_id)[0]["doc_id"] == "a"
    assert len(store.event_sources(first.event_id)) == 1


def test_upsert_merges_doc_ids_and_evidence(store: Store) -> None:
    first = _event()
    ev2 = Evidence("d2", "Regime shells hit Kafr Tala.", 10, 38)
    second = _event(doc_ids=["d2", "d1"], evidence=[ev2, first.evidence[0]], fatalities=3)
    assert first.event_id == second.event_id
    assert store.upsert_events([first]) == 1
    assert store.upsert_events([second]) == 1
    assert store.count_events() == 1
    [event] = store.events()
    assert event.doc_ids == ["d1", "d2"]
    assert event.evidence == [first.evidence[0], ev2]
    # The most conservative toll wins; the range keeps the other.
    assert (event.fatalities, event.fatalities_low, event.fatalities_high) == (2, 2, 3)


def test_upsert_same_documents_replaces_the_report(store: Store) -> None:
    store.upsert_events([_event()])
    store.upsert_events([_event(fatalities=3, notes="revised")])
    [event] = store.events()
    assert (event.fatalities, event.notes) == (3, "revised")
    [create, update] = store.event_history(event.event_id)
    assert update["action"] == "update"
    assert update["changes"]["fatalities"] == {"old": 2, "new": 3}
    assert update["changes"]["notes"] == {"old": None, "new": "revised"}


def test_upsert_is_idempotent(store: Store) -> None:
    events = [_event(), _event(location="Binnish", latitude=35.95, longitude=36.71)]
    store.upsert_events(events)
    before = [e.to_dict() for e in store.events()]
    history = [store.event_history(e.event_id) for e in events]
    store.upsert_events(events)
    assert [e.to_dict() for e in store.events()] == before
    assert [store.event_history(e.event_id) for e in events] == history


def test_upsert_commits_per_batch(store: Store) -> None:
    good = [_event(location=f"Town {i}", latitude=35 + i, longitude=36.0) for i in range(4)]
    bad = _event(location="Bad", sub_event_type="")
    with pytest.raises(StoreError, match="sub_event_type must be a non-empty string"):
        store.upsert_events([*good, bad], batch_size=2)
    # The two full batches were committed; the batch holding the bad event was not.
    assert store.count_events() == 4
    with pytest.raises(StoreError, match="sub_event_type"):
        store.upsert_events([good[0], bad], batch_size=2)
    assert store.count_events() == 4


@pytest.mark.parametrize("size", [0, -3, True])
def test_upsert_rejects_bad_batch_size(store: Store, size: int) -> None:
    with pytest.raises(StoreError) as info:
        store.upsert_events([], batch_size=size)
    assert str(info.value) == f"batch_size must be at least 1, got {size}"


def test_upsert_rejects_what_is_not_an_event(store: Store) -> None:
    with pytest.raises(StoreError) as info:
        store.upsert_events([{"event_id": "x"}])  # type: ignore[list-item]
    assert str(info.value) == f"{store.name}: cannot store dict: expected an Event"


# -- merging reports of one incident ----------------------------------------------------


def test_reports_of_one_incident_become_one_event_with_all_sources(store: Store) -> None:
    reports = [
        ("a", "Regime shelling killed four civilians in Kafr Nabl on Monday.", 4, {}),
        ("b", "Six people died when artillery pounded Kafranbel.", 6, {"event_date": "2021-03-02"}),
        ("c", "Shells fell on Kafranbel; no toll was given.", None, {"actor1": None}),
        (
            "d",
            "Unidentified gunners shelled the town, killing three.",
            3,
            {"actor1": "Unidentified Armed Group (Syria)", "latitude": 35.6167},
        ),
    ]
    for doc, sentence, deaths, extra in reports:
        assert _ingest(store, doc, sentence, _report(doc, sentence, deaths=deaths, **extra))
    [event] = store.events()
    assert event.doc_ids == ["a", "b", "c", "d"]
    assert [e.doc_id for e in event.evidence] == ["a", "b", "c", "d"]
    assert (event.fatalities, event.fatalities_low, event.fatalities_high) == (3, 3, 6)
    assert (event.event_date, event.actor1, event.latitude) == ("2021-03-01", ARMY, KAFRANBEL[0])
    sources = store.event_sources(event.event_id)
    assert [(s["doc_id"], s["fatalities"], s["event_date"]) for s in sources] == [
        ("a", 4, "2021-03-01"),
        ("b", 6, "2021-03-02"),
        ("c", None, "2021-03-01"),
        ("d", 3, "2021-03-01"),
    ]
    assert sources[1]["evidence"] == [
        {"sentence": reports[1][1], "start": 0, "end": len(reports[1][1])}
    ]
    assert (sources[0]["title"], sources[0]["source"], sources[0]["published"]) == (
        "T",
        "Wire",
        "2021-03-01",
    )
    assert store.count_events(min_fatalities=3) == 1
    assert store.count_events(min_fatalities=4) == 0
    assert [e.doc_ids for e in store.events(order="-sources")] == [["a", "b", "c", "d"]]


def test_neighbouring_villages_on_the_same_day_stay_two_events(store: Store) -> None:
    armanaz = _report(
        "a",
        "Shelling hit Armanaz.",
        deaths=2,
        location="Armanaz",
        latitude=ARMANAZ[0],
        longitude=ARMANAZ[1],
    )
    takharim = _report(
        "b",
        "Shelling hit Kafr Takharim.",
        deaths=3,
        location="Kafr Takharim",
        latitude=KAFR_TAKHARIM[0],
        longitude=KAFR_TAKHARIM[1],
    )
    _ingest(store, "a", "Shelling hit Armanaz.", armanaz)
    _ingest(store, "b", "Shelling hit Kafr Takharim.", takharim)
    assert sorted(_locations(store.events())) == ["Armanaz", "Kafr Takharim"]


@pytest.mark.parametrize(
    "change",
    [
        {"event_date": "2021-03-03"},  # two days later
        {"sub_event_type": "Air/drone strike"},  # another kind of attack
        {"actor1": None, "latitude": 35.9, "longitude": 36.6, "geo_precision": 2},  # 32 km off
        {"actor1": "Military Forces of Turkey (2016-)"},
        {"admin1": "Hama"},
    ],
)
def test_distinct_incidents_are_not_merged(store: Store, change: dict[str, Any]) -> None:
    _ingest(store, "a", "Shelling hit Kafranbel.", _report("a", "Shelling hit Kafranbel."))
    other = _report("b", "Another one.", **change)
    _ingest(store, "b", "Another one.", other)
    assert store.count_events() == 2


def test_two_incidents_in_one_article_are_never_merged(store: Store) -> None:
    monday = _report("a", "Shells hit Kafranbel on Monday.", deaths=1)
    tuesday = _report("a", "More fell on Tuesday.", deaths=2, event_date="2021-03-02")
    store.ingest(
        _article("a", "Shells hit Kafranbel on Monday. More fell on Tuesday."), [monday, tuesday]
    )
    assert store.count_events() == 2
    # A later report matching both joins the closer one (the same day).
    third = _report("b", "Shelling on Monday.", deaths=1, actor1=None)
    _ingest(store, "b", "Shelling on Monday.", third)
    assert store.count_events() == 2
    assert store.get_event(monday.event_id).doc_ids == ["a", "b"]  # type: ignore[union-attr]


def test_new_report_updates_the_event_and_keeps_its_history(store: Store) -> None:
    first = _report("a", "Shelling killed five.", deaths=5)
    _ingest(store, "a", "Shelling killed five.", first)
    _ingest(store, "b", "Shelling killed two.", _report("b", "Shelling killed two.", deaths=2))
    event = store.get_event(first.event_id)
    assert event is not None and event.fatalities == 2
    create, merge = store.event_history(first.event_id)
    assert (create["action"], create["doc_id"]) == ("create", "a")
    assert create["changes"]["fatalities"] == {"old": None, "new": 5}
    assert (merge["action"], merge["doc_id"], merge["user"]) == ("merge", "b", None)
    assert merge["changes"]["fatalities"] == {"old": 5, "new": 2}
    assert merge["changes"]["doc_ids"] == {"added": ["b"], "removed": []}
    assert merge["changes"]["evidence"]["added"] == [
        {"doc_id": "b", "sentence": "Shelling killed two.", "start": 0, "end": 20}
    ]
    assert merge["overridden"] == {}
    assert merge["at"] >= create["at"]
    # Ingesting either article again changes nothing.
    assert not _ingest(store, "a", "Shelling killed five.", first)
    assert len(store.event_history(first.event_id)) == 2


def test_reopened_store_merges_with_what_it_holds(
    store: Store, reopen: Callable[[], Store]
) -> None:
    _ingest(store, "a", "Shelling killed five.", _report("a", "Shelling killed five.", deaths=5))
    with reopen() as other:
        _ingest(
            other, "b", "Two died.", _report("b", "Two died.", deaths=2, event_date="2021-02-28")
        )
    [event] = store.events()
    assert (event.doc_ids, event.fatalities, event.event_date) == (["a", "b"], 2, "2021-02-28")


# -- corrections ------------------------------------------------------------------------


def test_correction_is_applied_recorded_and_marked(store: Store) -> None:
    event = _report("a", "Shelling killed five.", deaths=5)
    _ingest(store, "a", "Shelling killed five.", event)
    corrected = store.correct_event(
        event.event_id,
        {"fatalities": 7, "notes": "Toll from the hospital."},
        user="ana",
        note="called",
    )
    assert (corrected.fatalities, corrected.notes) == (7, "Toll from the hospital.")
    assert store.get_event(event.event_id) == corrected
    marks = store.corrections(event.event_id)
    assert sorted(marks) == ["fatalities", "notes"]
    assert marks["fatalities"]["value"] == 7
    assert (marks["fatalities"]["user"], marks["fatalities"]["note"]) == ("ana", "called")
    last = store.event_history(event.event_id)[-1]
    assert (last["action"], last["user"], last["note"], last["doc_id"]) == (
        "correct",
        "ana",
        "called",
        None,
    )
    assert last["changes"]["fatalities"] == {"old": 5, "new": 7}


def test_correction_survives_later_reports_and_reingest(store: Store) -> None:
    event = _report("a", "Shelling killed five.", deaths=5)
    _ingest(store, "a", "Shelling killed five.", event)
    store.correct_event(event.event_id, {"fatalities": 7, "location": "Kafr Nabl"}, user="ana")
    _ingest(store, "b", "Two died.", _report("b", "Two died.", deaths=2))
    _ingest(store, "a", "Shelling killed five.", event)  # the same text again
    store.upsert_events([_report("a", "Shelling killed five.", deaths=4)])  # re-coded report
    stored = store.get_event(event.event_id)
    assert stored is not None
    assert (stored.fatalities, stored.location, stored.doc_ids) == (7, "Kafr Nabl", ["a", "b"])
    assert stored.fatalities_low == 2  # uncorrected fields follow the reports
    merge = [h for h in store.event_history(event.event_id) if h["action"] == "merge"][-1]
    assert merge["overridden"] == {"fatalities": 2, "location": "Kafranbel"}
    assert "fatalities" not in merge["changes"]


def test_latest_correction_of_a_field_wins(store: Store) -> None:
    store.upsert_events([_event()])
    event_id = _event().event_id
    store.correct_event(event_id, {"fatalities": 4}, user="ana")
    store.correct_event(event_id, {"fatalities": 3}, user="ben", note="second look")
    assert store.get_event(event_id).fatalities == 3  # type: ignore[union-attr]
    assert store.corrections(event_id)["fatalities"]["user"] == "ben"


def test_correction_moves_the_event_in_spatial_and_text_search(store: Store) -> None:
    store.upsert_events([_event()])
    event_id = _event().event_id
    assert store.count_events(bbox=(36.5, 35.4, 36.7, 35.6)) == 1
    store.correct_event(
        event_id,
        {"latitude": 36.2, "longitude": 37.16, "notes": "Shrapnel hit the bakery."},
        user="ana",
    )
    assert store.count_events(bbox=(36.5, 35.4, 36.7, 35.6)) == 0
    assert store.count_events(bbox=(37.0, 36.0, 37.3, 36.3)) == 1
    assert store.count_events(text="bakery shrapnel") == 1


def test_correcting_the_type_pair(store: Store) -> None:
    store.upsert_events([_event()])
    event_id = _event().event_id
    corrected = store.correct_event(
        event_id, {"event_type": "Battles", "sub_event_type": "Armed clash"}, user="ana"
    )
    assert (corrected.event_type, corrected.sub_event_type) == ("Battles", "Armed clash")
    assert corrected.event_id == event_id


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({}, "a correction needs at least one field: give {field: value}"),
        (
            {"town": "X"},
            "unknown field 'town': correctable fields are " + ", ".join(CORRECTABLE_FIELDS),
        ),
        (
            {"event_id": "cc-x"},
            "unknown field 'event_id': correctable fields are " + ", ".join(CORRECTABLE_FIELDS),
        ),
        ({"fatalities": "3"}, "fatalities must be a whole number >= 0, got '3'"),
        ({"fatalities": -2}, "fatalities must be a whole number >= 0, got -2"),
        ({"fatalities": None}, "fatalities must be a whole number >= 0, got None"),
        ({"fatalities": True}, "fatalities must be a whole number >= 0, got True"),
        ({"latitude": 120}, "latitude must be a number from -90 to 90 or null, got 120"),
        ({"geo_precision": 4}, "geo_precision must be a whole number from 1 to 3 or null, got 4"),
        (
            {"event_date": "2021-02-30"},
            "event_date must be a date written YYYY-MM-DD or null, got '2021-02-30'",
        ),
        ({"actor1": ""}, "actor1 must be a non-empty string or null, got ''"),
        ({"event_type": None}, "event_type must be a non-empty string, got None"),
        (
            {"modality": "rumour"},
            "modality must be one of realised, planned, forecast, "
            "hypothetical, negated, denied, aggregate, background, link, got 'rumour'",
        ),
        (
            {"sub_event_type": "Air strike"},
            "sub_event_type must be an ACLED sub-event type, got 'Air strike'",
        ),
        (
            {"sub_event_type": "Armed clash"},
            "sub_event_type 'Armed clash' belongs to event_type "
            "'Battles', not 'Explosions/Remote violence'",
        ),
    ],
)
def test_bad_corrections_are_refused_and_change_nothing(
    store: Store, fields: dict[str, Any], problem: str
) -> None:
    store.upsert_events([_event()])
    event_id = _event().event_id
    before = (store.get_event(event_id), store.event_history(event_id))
    with pytest.raises(StoreError) as info:
        store.correct_event(event_id, fields, user="ana")
    assert str(info.value) == f"{store.name}: cannot correct event {event_id}: {problem}"
    assert (store.get_event(event_id), store.event_history(event_id)) == before
    assert store.corrections(event_id) == {}


def test_correcting_an_unknown_event_or_without_a_user(store: Store) -> None:
    with pytest.raises(StoreError) as info:
        store.correct_event("cc-missing", {"fatalities": 1}, user="ana")
    assert str(info.value) == f"{store.name}: cannot correct event cc-missing: no such event"
    with pytest.raises(StoreError) as info:
        store.correct_event("cc-missing", {"fatalities": 1}, user=" ")
    assert str(info.value) == (
        f"{store.name}: cannot correct event cc-missing: user must be a non-empty string, got ' '"
    )


# -- queries ----------------------------------------------------------------------------


@pytest.fixture()
def four(store: Store) -> Store:
    store.upsert_events(
        [
            _event(
                event_date="2021-03-03", location="C", fatalities=5, latitude=35.1, longitude=36.1
            ),
            _event(
                event_date="2021-03-01",
                location="A",
                admin1="Aleppo",
                latitude=36.2,
                longitude=37.1,
                assoc_actor_1="Russia; Iran",
            ),
            _event(
                event_date="2021-03-02",
                location="B",
                event_type="Battles",
                sub_event_type="Armed clash",
                actor2="Opposition Rebels (Syria)",
                fatalities=0,
                latitude=35.5,
                longitude=36.5,
                notes="Clashes near the old castle.",
            ),
            _event(
                event_date=None,
                location="D",
                country="Iraq",
                latitude=None,
                longitude=None,
                fatalities=1,
            ),
        ]
    )
    return store


def test_events_filters_and_pages(four: Store) -> None:
    store = four
    assert _locations(store.events()) == ["A", "B", "C", "D"]
    assert _locations(store.events(limit=2)) == ["A", "B"]
    assert _locations(store.events(limit=2, offset=1)) == ["B", "C"]
    assert _locations(store.events(offset=3)) == ["D"]
    assert _locations(store.events(limit=0)) == []
    assert _locations(store.events(date_from="2021-03-02")) == ["B", "C"]
    assert _locations(store.events(date_to=date(2021, 3, 2))) == ["A", "B"]
    assert _locations(store.events(admin1="Aleppo")) == ["A"]
    assert _locations(store.events(country="Iraq")) == ["D"]
    assert _locations(store.events(event_type="Battles")) == ["B"]
    assert _locations(store.events(sub_event_type="Armed clash")) == ["B"]
    assert _locations(store.events(min_fatalities=3)) == ["C"]
    assert _locations(store.events(country=None)) == ["A", "B", "C", "D"]
    assert store.count_events() == 4
    assert store.count_events(date_from="2021-03-02", event_type=EXPLOSIONS) == 1


def test_events_orders(four: Store) -> None:
    store = four
    assert _locations(store.events(order="-date")) == ["C", "B", "A", "D"]
    assert _locations(store.events(order="-fatalities")) == ["C", "A", "D", "B"]
    assert _locations(store.events(order="fatalities")) == ["B", "D", "A", "C"]
    assert len(store.events(order="-updated")) == 4
    with pytest.raises(StoreError) as info:
        store.events(order="location")
    assert str(info.value) == (
        "unknown order 'location': use one of date, -date, fatalities, -fatalities, sources, "
        "-sources, updated, -updated"
    )


def test_actor_filter_covers_both_sides_and_associates(four: Store) -> None:
    store = four
    assert _locations(store.events(actor=ARMY)) == ["A", "B", "C", "D"]
    assert _locations(store.events(actor="Opposition Rebels (Syria)")) == ["B"]
    assert _locations(store.events(actor="Iran")) == ["A"]
    assert _locations(store.events(actor="Russia")) == ["A"]
    assert _locations(store.events(actor="Rus")) == []  # whole names only


def test_bbox_filter(four: Store) -> None:
    store = four
    assert _locations(store.events(bbox=(36.0, 35.0, 36.6, 35.6))) == ["B", "C"]
    assert _locations(store.events(bbox=(36.5, 35.5, 36.5, 35.5))) == ["B"]  # edges count
    assert _locations(store.events(bbox=(-180, -90, 180, 90))) == ["A", "B", "C"]
    assert store.count_events(bbox=(10, 10, 11, 11)) == 0


def test_text_filter_searches_evidence_notes_and_articles(store: Store) -> None:
    store.ingest(
        _article("d1", "Rockets struck the Café Riviera in Kafr Tala at dawn.", title="Dawn raid"),
        [_event(notes="A bakery was hit.")],
    )
    store.upsert_events(
        [
            _event(
                location="B",
                latitude=36.0,
                longitude=37.0,
                doc_ids=["x"],
                evidence=[Evidence("x", "Clashes in Binnish.", 0, 19)],
            )
        ]
    )
    assert _locations(store.events(text="bakery")) == ["Kafr Tala"]  # notes
    assert _locations(store.events(text="shelling MONDAY")) == ["Kafr Tala"]  # evidence
    assert _locations(store.events(text="cafe riviera")) == ["Kafr Tala"]  # article, accents
    assert _locations(store.events(text="dawn raid")) == ["Kafr Tala"]  # title
    assert _locations(store.events(text="binnish")) == ["B"]
    assert _locations(store.events(text="Kafr-Tala")) == ["Kafr Tala"]
    assert store.count_events(text="bakery binnish") == 0  # every word must occur
    assert store.count_events(text='"OR" NEAR(x) -y') == 0  # no query syntax leaks through


@pytest.mark.parametrize(
    ("filters", "problem"),
    [
        (
            {"date_from": "2021-13-01"},
            "date_from must be a date written YYYY-MM-DD, got '2021-13-01'",
        ),
        ({"date_to": 20210301}, "date_to must be a date written YYYY-MM-DD, got 20210301"),
        (
            {"date_from": "2021-03-02", "date_to": "2021-03-01"},
            "date_from 2021-03-02 is after date_to 2021-03-01",
        ),
        (
            {"bbox": (37, 35, 36, 36)},
            "bbox must be four numbers (min_lon, min_lat, max_lon, "
            "max_lat) with -180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90, "
            "got (37, 35, 36, 36)",
        ),
        (
            {"bbox": (1, 2, 3)},
            "bbox must be four numbers (min_lon, min_lat, max_lon, max_lat) with -180 <= "
            "min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90, got (1, 2, 3)",
        ),
        ({"text": " -- "}, "text must contain at least one word, got ' -- '"),
        ({"min_fatalities": -1}, "min_fatalities must be a whole number >= 0, got -1"),
        ({"country": ""}, "country must be a non-empty string, got ''"),
        ({"limit": -1}, "limit must be a whole number >= 0, got -1"),
        ({"offset": None}, "offset must be a whole number >= 0, got None"),
    ],
)
def test_bad_filters(store: Store, filters: dict[str, Any], problem: str) -> None:
    with pytest.raises(StoreError) as info:
        store.events(**filters)
    assert str(info.value) == problem


def test_unknown_ids_read_as_nothing(store: Store) -> None:
    assert store.get_event("cc-missing") is None
    assert store.event_sources("cc-missing") == []
    assert store.event_history("cc-missing") == []
    assert store.corrections("cc-missing") == {}
    assert store.get_article("missing") is None


def test_articles_and_get_article(store: Store) -> None:
    store.ingest(_article("d1", "First text.", url="https://example.org/1"), [_event()])
    store.ingest(_article("d2", "Second, longer text."), [])
    article = store.get_article("d1")
    assert article is not None
    assert article["text"] == "First text."
    assert (article["url"], article["published"], article["title"]) == (
        "https://example.org/1",
        "2021-03-01",
        "T",
    )
    assert article["event_ids"] == [_event().event_id]
    assert article["content_hash"] == _article("d1", "First text.").content_hash
    listed = store.articles()
    assert [a["id"] for a in listed] == ["d2", "d1"]  # newest first
    assert [a["length"] for a in listed] == [20, 11]
    assert "text" not in listed[0]
    assert [a["id"] for a in store.articles(limit=1, offset=1)] == ["d1"]
    assert store.articles(offset=5) == []


def test_event_sources_without_articles_use_the_report(store: Store) -> None:
    store.upsert_events([_event(source="Levant Wire", fatalities=2, doc_ids=["x1"])])
    [source] = store.event_sources(_event().event_id)
    assert (source["doc_id"], source["title"], source["source"], source["fatalities"]) == (
        "x1",
        None,
        "Levant Wire",
        2,
    )
    assert source["received_at"] is not None


def test_reopen_keeps_data(store: Store, reopen: Callable[[], Store]) -> None:
    store.ingest(_article(), [_event()])
    store.close()
    with reopen() as again:
        assert again.count_articles() == 1
        assert again.count_events() == 1
        assert again.events()[0] == _event()


def test_closed_store_raises(store: Store) -> None:
    store.close()
    store.close()  # closing twice is harmless
    with pytest.raises(StoreError) as info:
        store.count_events()
    assert str(info.value) == f"{store.name}: the store is closed; open it again with open_store"
    with pytest.raises(StoreError, match="the store is closed"):
        store.ingest(_article(), [])


def test_event_round_trip_keeps_every_field(store: Store) -> None:
    full = _event(
        assoc_actor_1="Russia",
        actor2="Civilians (Syria)",
        inter2=7,
        interaction=17,
        civilian_targeting="Civilian targeting",
        iso=760,
        admin2="Maarrat An Nu'man",
        admin3="Kafr Nobol",
        time_precision=2,
        source="Levant Wire",
        notes="On 1 March, shelling hit Kafr Tala.",
        confidence=0.8,
        injured=4,
        fatalities_low=2,
        fatalities_high=5,
        fatalities_breakdown={"children": 1, "women": 1},
        weapon="artillery",
        target="a school",
        reported_by="SOHR",
        geonameid=163345,
        date_end="2021-03-02",
        plover_type="ASSAULT",
        unresolved_location=False,
    )
    store.upsert_events([full])
    assert store.get_event(full.event_id) == full
    stored = dataclasses.asdict(store.events()[0])
    # The store's own field: when the event last changed there.
    assert isinstance(stored.pop("timestamp"), int)
    assert stored == {k: v for k, v in dataclasses.asdict(full).items() if k != "timestamp"}
