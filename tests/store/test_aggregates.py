"""The store's aggregates behind /api/events/timeline and /api/places, on both back ends:
the same result as grouping every decoded event, without decoding any."""

from __future__ import annotations

from typing import Any

import pytest

from conflictcoder.api import views
from conflictcoder.model import Article, Event, Evidence
from conflictcoder.store import Store


def _event(day: str | None, location: str, doc: str, **kw: Any) -> Event:
    values: dict[str, Any] = {
        "event_date": day,
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Shelling/artillery/missile attack",
        "actor1": "Military Forces of Syria (2000-)",
        "inter1": 1,
        "country": "Syria",
        "admin1": "Idleb",
        "location": location,
        "doc_ids": [doc],
        "evidence": [Evidence(doc, f"Shelling hit {location}.", 0, 10)],
    }
    values.update(kw)
    return Event(**values)


EVENTS = [
    _event(
        "2021-03-01",
        "Binnish",
        "d1",
        latitude=35.95,
        longitude=36.71,
        fatalities=2,
        geonameid=170000,
    ),
    _event("2021-03-01", "Sarmin", "d2", latitude=35.90, longitude=36.72, fatalities=0),
    _event(
        "2021-03-04",
        "Binnish",
        "d3",
        latitude=35.95,
        longitude=36.71,
        fatalities=5,
        event_type="Battles",
        sub_event_type="Armed clash",
    ),
    _event("2021-03-04", "Taftanaz", "d4", fatalities=1),  # no coordinates
    _event(None, "Ariha", "d5", latitude=35.81, longitude=36.61, fatalities=3),  # no date
    _event(
        "2021-02-27",
        "Qamishli",
        "d6",
        latitude=37.05,
        longitude=41.22,
        country="Iraq",
        admin1="Ninewa",
        fatalities=1,
    ),
]


@pytest.fixture
def filled(store: Store) -> Store:
    for event in EVENTS:
        doc = event.doc_ids[0]
        store.ingest(Article(id=doc, text=f"{doc}: {event.evidence[0].sentence}"), [event])
    return store


@pytest.mark.parametrize(
    "where", [{}, {"country": "Syria"}, {"min_fatalities": 2}, {"event_type": "Battles"}]
)
def test_the_timeline_is_the_events_grouped_by_day(filled: Store, where: dict[str, Any]) -> None:
    expected = views.timeline(filled.events(**where))
    assert filled.event_timeline(**where) == expected  # type: ignore[attr-defined]


@pytest.mark.parametrize("where", [{}, {"country": "Syria"}, {"min_fatalities": 2}])
def test_the_places_are_the_events_grouped_by_place(filled: Store, where: dict[str, Any]) -> None:
    expected = views.places(filled.events(**where))
    assert filled.event_places(**where) == expected  # type: ignore[attr-defined]


def test_the_aggregates_hold_what_the_dashboard_shows(filled: Store) -> None:
    timeline = filled.event_timeline()  # type: ignore[attr-defined]
    assert timeline[0] == {"date": "2021-02-27", "events": 1, "fatalities": 1}
    assert {"date": "2021-03-04", "events": 2, "fatalities": 6} in timeline
    binnish = filled.event_places()[0]  # type: ignore[attr-defined]
    assert (binnish["location"], binnish["events"], binnish["fatalities"]) == ("Binnish", 2, 7)
    assert binnish["geonameid"] == 170000
    assert len(binnish["event_ids"]) == 2


@pytest.mark.parametrize(
    ("where", "limit", "offset"), [({}, None, 0), ({"country": "Syria"}, 2, 1), ({}, 3, 4)]
)
def test_event_records_are_the_events_as_dicts(
    filled: Store, where: dict[str, Any], limit: int | None, offset: int
) -> None:
    from conflictcoder.store.filters import EventFilter

    expected = [e.to_dict() for e in filled.events(**where, limit=limit, offset=offset)]
    records = filled.event_records(EventFilter(**where), limit=limit, offset=offset)
    assert records == expected
    assert [r["doc_id"] for r in records] == [e["doc_ids"][0] for e in expected]


def test_event_records_page_and_check_as_events_do(filled: Store) -> None:
    # one EventQuery behind both: the same order and slice, the same StoreError text
    from conflictcoder.errors import StoreError
    from conflictcoder.store.base import EventQuery

    expected = [e.to_dict() for e in filled.events(order="-date", limit=2, offset=1)]
    assert filled.event_records(order="-date", limit=2, offset=1) == expected
    # the base class's records (built through Event) are what the back end reads directly
    query = EventQuery(order="-date", limit=2, offset=1)
    assert Store._event_records(filled, query) == expected
    for paging, problem in [
        ({"limit": -1}, "limit must be a whole number >= 0, got -1"),
        ({"order": "place"}, "unknown order 'place'"),
    ]:
        with pytest.raises(StoreError) as info:
            filled.event_records(**paging)  # type: ignore[arg-type]
        assert str(info.value).startswith(problem)


def test_a_record_from_an_older_version_is_completed(filled: Store, store_url: str) -> None:
    # a stored record without a field added since: read through Event, which fills it in
    if store_url.startswith("postgresql"):
        filled._execute("UPDATE events SET data = data - 'weapon'")  # type: ignore[attr-defined]
    else:
        filled._execute(  # type: ignore[attr-defined]
            "UPDATE events SET data = json_remove(data, '$.weapon')"
        )
    records = filled.event_records()
    assert records == [e.to_dict() for e in filled.events()]
    assert all("weapon" in r for r in records)


def test_the_aggregates_follow_every_write(filled: Store) -> None:
    # kept between writes, recomputed after one
    before = filled.event_timeline()  # type: ignore[attr-defined]
    assert filled.event_timeline() == before  # type: ignore[attr-defined]
    places = filled.event_places()  # type: ignore[attr-defined]
    extra = _event("2021-03-09", "Sarmin", "d9", latitude=35.90, longitude=36.72, fatalities=4)
    filled.ingest(Article(id="d9", text="d9: Shelling hit Sarmin."), [extra])
    after = filled.event_timeline()  # type: ignore[attr-defined]
    assert {"date": "2021-03-09", "events": 1, "fatalities": 4} in after
    assert after == views.timeline(filled.events())
    assert filled.event_places() == views.places(filled.events())  # type: ignore[attr-defined]
    assert filled.event_places() != places  # type: ignore[attr-defined]
