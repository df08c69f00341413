"""EventFilter (store/filters.py): validation, and names matched in any case, spelling or alias.

The store tests run on SQLite and on PostgreSQL with PostGIS (see conftest.py).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from conflictcoder.errors import StoreError
from conflictcoder.model import Event
from conflictcoder.store import Store
from conflictcoder.store.filters import EVENT_FILTERS, EventFilter, actor_names, admin1_keys

BATTLE = ("Battles", "Armed clash")


def _event(location: str, **kw: Any) -> Event:
    values: dict[str, Any] = {
        "event_date": "2023-05-01",
        "event_type": BATTLE[0],
        "sub_event_type": BATTLE[1],
        "location": location,
        "fatalities": 1,
    }
    values.update(kw)
    return Event(**values)


@pytest.fixture()
def stocked(store: Store) -> Store:
    store.upsert_events(
        [
            _event(
                "Khartoum",
                country="Sudan",
                admin1="Khartoum",
                actor1="Rapid Support Forces",
                actor2="Military Forces of Sudan (2019-)",
            ),
            _event("Binnish", country="Syria", admin1="Idleb", actor1="Opposition Rebels (Syria)"),
            _event(
                "Goma",
                country="Democratic Republic of Congo",
                admin1="North Kivu",
                actor1="M23: March 23 Movement",
                assoc_actor_1="Rapid Support Forces; Militia (Pro-Government)",
            ),
        ]
    )
    return store


def _places(store: Store, **kw: Any) -> list[str]:
    return sorted(e.location or "" for e in store.events(**kw))


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"country": "sudan"}, ["Khartoum"]),
        ({"country": "SYRIA"}, ["Binnish"]),
        ({"country": "DRC"}, ["Goma"]),
        ({"admin1": "Idlib"}, ["Binnish"]),
        ({"admin1": "idleb"}, ["Binnish"]),
        ({"admin1": "Aleppo"}, []),
        ({"actor": "RSF"}, ["Goma", "Khartoum"]),
        ({"actor": "rsf"}, ["Goma", "Khartoum"]),
        ({"actor": "rapid support forces"}, ["Goma", "Khartoum"]),
        ({"actor": "militia (pro-government)"}, ["Goma"]),
        ({"actor": "Nobody at all"}, []),
        (
            {"event_type": "battles", "sub_event_type": "ARMED CLASH"},
            ["Binnish", "Goma", "Khartoum"],
        ),
        ({"country": "Sudan", "actor": "RSF"}, ["Khartoum"]),
    ],
)
def test_names_match_in_any_case_spelling_or_alias(
    stocked: Store, filters: dict[str, Any], expected: list[str]
) -> None:
    assert _places(stocked, **filters) == expected
    assert stocked.count_events(**filters) == len(expected)
    assert sorted(e.location or "" for e in stocked.events(EventFilter(**filters))) == expected


def test_a_filter_object_and_keywords_combine(stocked: Store) -> None:
    where = EventFilter(country="Sudan")
    assert _places(stocked) == ["Binnish", "Goma", "Khartoum"]
    assert [e.location for e in stocked.events(where, actor="RSF")] == ["Khartoum"]
    assert stocked.events(where, admin1="Idleb") == []


def test_unknown_keyword_is_refused(store: Store) -> None:
    with pytest.raises(StoreError, match="unknown event filter 'place': use one of date_from"):
        store.events(place="Idleb")


@pytest.mark.parametrize(
    ("flt", "message"),
    [
        (EventFilter(date_from="2021-13-01"), "date_from must be a date written YYYY-MM-DD"),
        (
            EventFilter(date_from="2021-03-02", date_to="2021-03-01"),
            "date_from 2021-03-02 is after",
        ),
        (EventFilter(text=" .. "), "text must contain at least one word"),
        (EventFilter(min_fatalities=-1), "min_fatalities must be a whole number >= 0"),
        (EventFilter(review="maybe"), "review must be one of pending, confirmed, rejected"),
        (EventFilter(country="  "), "country must be a non-empty string"),
        (EventFilter(bbox=(1, 2, 3)), "bbox must be four numbers"),  # type: ignore[arg-type]
    ],
)
def test_invalid_filters_name_the_problem(flt: EventFilter, message: str) -> None:
    with pytest.raises(StoreError, match=message):
        flt.checked()


def test_checked_normalises() -> None:
    flt = EventFilter(date_from=date(2021, 3, 1), text="Kafr-Nabl SHELLING", actor=" RSF ")
    assert flt.checked() == EventFilter(
        date_from="2021-03-01", text="kafr nabl shelling", actor="RSF"
    )
    assert EventFilter.of(flt, actor=None, country="Sudan").country == "Sudan"
    assert set(EventFilter().to_dict()) == set(EVENT_FILTERS)


def test_name_expansions() -> None:
    assert "idlib" in admin1_keys("Idleb")
    assert actor_names("RSF") == {"rsf", "rapid support forces"}
    assert actor_names("x", lambda phrase: None) == {"x"}
