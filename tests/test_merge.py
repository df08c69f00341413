"""Tests for conflictcoder/merge.py: reports of one incident become one event."""

from __future__ import annotations

from typing import Any

import pytest

from conflictcoder.merge import fold_retold, merge_events, merge_pair
from conflictcoder.model import Event, Evidence


def _event(doc_id: str, **kwargs: Any) -> Event:
    defaults: dict[str, Any] = {
        "event_date": "2023-11-20",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "country": "Syria",
        "admin1": "Idleb",
        "location": "Ariha",
        "actor1": "Military Forces of Russia (2000-)",
        "doc_ids": [doc_id],
    }
    defaults.update(kwargs)
    return Event(**defaults)


def _toll(doc_id: str, deaths: int, high: int | None = None, **kwargs: Any) -> Event:
    return _event(
        doc_id, fatalities=deaths, fatalities_low=deaths, fatalities_high=high or deaths, **kwargs
    )


def test_fatalities_take_the_most_conservative_figure() -> None:
    kept = merge_pair(_toll("a", 7), _toll("b", 4))
    assert (kept.fatalities, kept.fatalities_low, kept.fatalities_high) == (4, 4, 7)


def test_range_keeps_the_highest_reported_figure() -> None:
    kept = merge_pair(_toll("a", 3, high=10), _toll("b", 5))
    assert (kept.fatalities, kept.fatalities_low, kept.fatalities_high) == (3, 3, 10)


def test_report_without_a_toll_does_not_lower_a_reported_toll() -> None:
    kept = merge_pair(_toll("a", 6), _event("b"))
    assert (kept.fatalities, kept.fatalities_low, kept.fatalities_high) == (6, 6, 6)
    kept = merge_pair(_event("b"), _toll("a", 6))
    assert (kept.fatalities, kept.fatalities_low, kept.fatalities_high) == (6, 6, 6)


def test_no_tolls_at_all_stay_empty() -> None:
    kept = merge_pair(_event("a"), _event("b"))
    assert (kept.fatalities, kept.fatalities_low, kept.fatalities_high) == (0, None, None)


def test_fatalities_without_a_range_still_count_as_reported() -> None:
    kept = merge_pair(_event("acled", fatalities=3), _toll("b", 5))
    assert kept.fatalities == 3


def test_injuries_never_become_deaths() -> None:
    kept = merge_pair(_event("a", injured=12), _toll("b", 2, injured=9))
    assert (kept.fatalities, kept.injured) == (2, 9)
    kept = merge_pair(_event("a", injured=12), _event("b"))
    assert (kept.fatalities, kept.fatalities_low, kept.injured) == (0, None, 12)


def test_breakdown_keeps_the_first_report_and_adds_new_keys() -> None:
    kept = merge_pair(
        _toll("a", 3, fatalities_breakdown={"children": 2}),
        _toll("b", 4, fatalities_breakdown={"children": 3, "women": 1}),
    )
    assert kept.fatalities_breakdown == {"children": 2, "women": 1}


def test_doc_ids_and_evidence_are_unioned_without_duplicates() -> None:
    lead = Evidence("a", "Russian jets struck Ariha on Monday.", 0, 36)
    toll = Evidence("a", "Four people were killed.", 37, 61)
    other = Evidence("b", "Jets hit Ariha, killing four.", 120, 149)
    kept = merge_pair(
        _event("a", evidence=[lead, toll]), _event("b", doc_ids=["b", "a"], evidence=[toll, other])
    )
    assert kept.doc_ids == ["a", "b"]
    assert kept.evidence == [lead, toll, other]


def test_same_offsets_in_another_document_are_new_evidence() -> None:
    first = Evidence("a", "Jets struck Ariha.", 0, 18)
    second = Evidence("b", "Jets struck Ariha.", 0, 18)
    kept = merge_pair(_event("a", evidence=[first]), _event("b", evidence=[second]))
    assert kept.evidence == [first, second]


@pytest.mark.parametrize(
    ("kept_source", "other_source", "expected"),
    [
        ("Levant Wire", "Idlib Today", "Levant Wire; Idlib Today"),
        ("Levant Wire; Idlib Today", "Idlib Today", "Levant Wire; Idlib Today"),
        ("Levant Wire", "Levant Wire", "Levant Wire"),
        (None, "Idlib Today", "Idlib Today"),
        ("Levant Wire", None, "Levant Wire"),
        (None, None, None),
    ],
)
def test_sources_are_joined_once_each(
    kept_source: str | None, other_source: str | None, expected: str | None
) -> None:
    kept = merge_pair(_event("a", source=kept_source), _event("b", source=other_source))
    assert kept.source == expected


def test_missing_details_are_filled_from_the_other_report() -> None:
    kept = merge_pair(
        _event("a", weapon="barrel bomb", reported_by="activists"),
        _event(
            "b",
            weapon="missile",
            target="a bakery",
            assoc_actor_1="Military Forces of Syria (2000-)",
            admin2="Ariha",
            geonameid=173193,
        ),
    )
    assert (kept.weapon, kept.reported_by, kept.target) == ("barrel bomb", "activists", "a bakery")
    assert kept.assoc_actor_1 == "Military Forces of Syria (2000-)"
    assert (kept.admin2, kept.geonameid) == ("Ariha", 173193)


def test_confidence_precision_and_end_date() -> None:
    kept = merge_pair(
        _event("a", confidence=0.6, time_precision=2, date_end=None),
        _event("b", confidence=0.9, time_precision=1, date_end="2023-11-21"),
    )
    assert (kept.confidence, kept.time_precision, kept.date_end) == (0.9, 1, "2023-11-21")


def test_merge_pair_returns_the_kept_event() -> None:
    kept, other = _event("a"), _event("b")
    assert merge_pair(kept, other) is kept
    assert other.doc_ids == ["b"]


def test_merge_events_groups_by_event_id_in_first_seen_order() -> None:
    ariha_a = _toll("a", 4)
    saraqib = _event("a", location="Saraqib")
    ariha_b = _toll("b", 2, source="Idlib Today")
    merged = merge_events([ariha_a, saraqib, ariha_b])
    assert [e.location for e in merged] == ["Ariha", "Saraqib"]
    assert merged[0].doc_ids == ["a", "b"]
    assert merged[0].fatalities == 2
    assert merged[1].doc_ids == ["a"]


def test_merge_events_of_nothing() -> None:
    assert merge_events([]) == []


def _retold(**kw: object) -> Event:
    values: dict[str, object] = {"location": "Maarzaf", "country": "Syria", "admin1": "Idleb"}
    values.update(kw)
    return Event("2021-03-04", "Battles", "Armed clash", **values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("first", "second", "folded"),
    [
        # one telling leaves an actor out
        (dict(actor1="A"), dict(actor1="A", actor2="B"), [("A", "B")]),
        (dict(), dict(actor1="A", actor2="B"), [("A", "B")]),
        # a battle's sides in the other order
        (dict(actor1="A", actor2="B"), dict(actor1="B", actor2="A"), [("A", "B")]),
        # different actors: two events, as ACLED codes one per actor pair
        (dict(actor1="A", actor2="B"), dict(actor1="A", actor2="C"), [("A", "B"), ("A", "C")]),
        # another day or place: two events
        (dict(actor1="A"), dict(actor1="A", location="Ariha"), [("A", None), ("A", None)]),
        # different tolls may be different parts of the fighting
        (
            dict(actor1="A", fatalities=3),
            dict(actor1="A", actor2="B", fatalities=5),
            [("A", None), ("A", "B")],
        ),
    ],
)
def test_fold_retold(
    first: dict[str, object], second: dict[str, object], folded: list[tuple[str, str | None]]
) -> None:
    events = fold_retold([_retold(**first), _retold(**second)])
    assert [(e.actor1, e.actor2) for e in events] == folded
    assert all(e.event_id == e.compute_id() for e in events)


def test_fold_retold_keeps_a_toll_given_once() -> None:
    events = fold_retold([_retold(actor1="A", fatalities=4), _retold(actor1="A", actor2="B")])
    assert [(e.actor2, e.fatalities) for e in events] == [("B", 4)]
