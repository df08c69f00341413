"""Deduplication: reports of the same incident become one event with many sources.

ACLED's identity of an event is one place, one day, one type and one actor pair. Reports
that share it exactly (the same ``event_id``) are merged by ``merge_events``, which the
resolver uses within one article. Across articles, sources disagree: one dates the shelling
to Monday and the next to Tuesday, one places it in "Kafr Nabl" and another "near Kafranbel"
from a different gazetteer, one names the army and another "unidentified gunmen".
``same_incident`` tolerates that, within the limits of a ``MergeRule``, and a report joins an
event only if it is the same incident as every report the event already has (``joins``):

- the same event type and sub-event type;
- dates at most ``max_days`` apart (default 1);
- the same place: the same GeoNames id or the same point (within 50 m), or coordinates at
  most ``max_km`` apart (default 3 km), except that two reports naming precise places
  (``geo_precision`` 1) under different names are two places (ACLED codes one event per
  location: neighbouring villages stay apart however close) unless the names are spellings
  of one name (``geo.names.name_key``, then a similarity of at least
  ``min_name_similarity``, default 75 of 100: "Kafr Nabl" and "Kafranbel" score 82);
  without coordinates, the same name in the same admin1;
- compatible actor pairs: side by side, a missing or unidentified actor matching any; a
  fully named pair also matches itself swapped;
- never two reports from the same document (the resolver already merged what one article
  says about one incident, so two events from one article are two incidents).

The defaults were measured on the test corpus in ``tests/test_merge_reports.py`` (see
``docs/store.md``): the same incident's reports were at most 1 day and 1.9 km apart and
their spellings at least 77.8 similar; distinct incidents that only the distance separates
were 10.2 km apart, and neighbouring villages within 3 km had names at most 28.6 similar.

``combine_reports`` turns the reports of one incident into its event: ``fatalities`` is the
most conservative reported figure (``fatalities_low``/``fatalities_high`` keep the range);
every document, evidence sentence and outlet is kept; the date, place and actors come from
the most precise and most often reported version. ``number_of_sources`` counts the reports.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from ..geo.distance import EARTH_RADIUS_KM, distance_km
from ..model import Event
from .combine import canonical_order, combine_reports
from .identity import (
    DEFAULT_RULE,
    SAME_POINT_KM,
    MergeRule,
    days_apart,
    event_distance_km,
    joins,
    match_rank,
    name_similarity,
    number_of_sources,
    reported_toll,
    same_actors,
    same_incident,
    same_place,
)

__all__ = [
    "DEFAULT_RULE",
    "MergeRule",
    "SAME_POINT_KM",
    "canonical_order",
    "cluster_reports",
    "combine_reports",
    "days_apart",
    "event_distance_km",
    "fold_retold",
    "joins",
    "match_rank",
    "merge_events",
    "merge_pair",
    "merge_reports",
    "name_similarity",
    "number_of_sources",
    "reported_toll",
    "same_actors",
    "same_incident",
    "same_place",
]


def cluster_reports(events: Iterable[Event], rule: MergeRule = DEFAULT_RULE) -> list[list[Event]]:
    """Group reports by incident, in first-seen order.

    Each report joins the group it ``joins`` whose combined event it fits best
    (``match_rank``); otherwise it starts a new group. The groups depend on the order of
    arrival only where the rule is ambiguous: a report dated between two incidents of one
    place a day before and a day after joins the one that arrived first if the other has not.

    Example:
        >>> a = Event("2021-03-01", "Battles", "Armed clash", location="Hish", doc_ids=["a"])
        >>> b = dataclasses.replace(a, event_date="2021-03-02", event_id="", doc_ids=["b"])
        >>> [len(group) for group in cluster_reports([a, b])]
        [2]
    """
    groups: list[list[Event]] = []
    combined: list[Event] = []
    for event in events:
        best: tuple[tuple[int, int, float], int] | None = None
        for index, members in enumerate(groups):
            if joins(members, event, rule):
                score = (match_rank(combined[index], event), index)
                if best is None or score < best:
                    best = score
        if best is None:
            groups.append([event])
            combined.append(event)
            continue
        index = best[1]
        groups[index].append(event)
        combined[index] = combine_reports(groups[index], rule)
    return groups


def merge_reports(events: Iterable[Event], rule: MergeRule = DEFAULT_RULE) -> list[Event]:
    """Merge reports of the same incident across documents (``cluster_reports`` then
    ``combine_reports``); the result keeps first-seen order.

    Example:
        >>> a = Event("2021-03-01", "Battles", "Armed clash", location="Hish",
        ...           fatalities=5, doc_ids=["a"])
        >>> b = dataclasses.replace(a, event_date="2021-03-02", event_id="", fatalities=3,
        ...                         doc_ids=["b"])
        >>> [(e.event_date, e.fatalities, e.doc_ids) for e in merge_reports([a, b])]
        [('2021-03-01', 3, ['a', 'b'])]
    """
    return [combine_reports(group, rule) for group in cluster_reports(events, rule)]


def merge_pair(kept: Event, other: Event) -> Event:
    """Fold ``other`` into ``kept`` (the same incident) and return ``kept``.

    The fields follow ``combine_reports([kept, other])``; ``other`` is not changed. A report
    that gives no toll (``reported_toll`` None) does not lower a reported toll.

    Example:
        >>> a = Event("2019-12-16", "Battles", "Armed clash", fatalities=3, fatalities_low=3,
        ...           doc_ids=["a"])
        >>> b = Event("2019-12-16", "Battles", "Armed clash", fatalities=5, fatalities_low=5,
        ...           doc_ids=["b"])
        >>> merge_pair(a, b).fatalities, a.fatalities_high, a.doc_ids
        (3, 5, ['a', 'b'])
    """
    merged = combine_reports([kept, other])
    for f in dataclasses.fields(Event):
        if f.name != "event_id":
            setattr(kept, f.name, getattr(merged, f.name))
    return kept


def merge_events(events: Iterable[Event]) -> list[Event]:
    """Merge events that share an ``event_id``; the result keeps first-seen order.

    Example:
        >>> len(merge_events([Event("2020-01-01", "Battles", "Armed clash")] * 2))
        1
    """
    merged: dict[str, Event] = {}
    for event in events:
        if event.event_id in merged:
            merge_pair(merged[event.event_id], event)
        else:
            merged[event.event_id] = event
    return list(merged.values())


def _compatible_actors(a: Event, b: Event) -> bool:
    """Whether two actor pairs can be one incident's: equal where both name an actor, or a
    battle's two sides in the other order (a battle has no initiator)."""

    def agree(x: str | None, y: str | None) -> bool:
        return x is None or y is None or x == y

    if agree(a.actor1, b.actor1) and agree(a.actor2, b.actor2):
        return True
    return a.event_type == "Battles" and agree(a.actor1, b.actor2) and agree(a.actor2, b.actor1)


def fold_retold(events: Iterable[Event]) -> list[Event]:
    """One article's events that are one incident told twice, folded into one.

    A report often tells an incident in its headline, its lead and again further on, naming
    its actors in one place and not in another: events of the same day, place and sub-event
    type whose actor pairs do not contradict each other (one leaves out an actor the other
    names, or names a battle's sides in the other order) and whose tolls agree (or one
    gives none) are one event. Pairs that name different actors stay apart: ACLED codes one
    event per actor pair; different tolls may be different parts of a battle. The first
    event's place in the order is kept; its fields follow ``merge_pair``.

    Example:
        >>> a = Event("2020-01-01", "Battles", "Armed clash", location="X", actor1="A")
        >>> b = Event("2020-01-01", "Battles", "Armed clash", location="X", actor1="A",
        ...           actor2="B")
        >>> [(e.actor1, e.actor2) for e in fold_retold([a, b])]
        [('A', 'B')]
    """
    kept: list[Event] = []
    for event in events:
        same = next(
            (
                k
                for k in kept
                if (k.event_date, k.sub_event_type, k.country, k.admin1, k.location)
                == (
                    event.event_date,
                    event.sub_event_type,
                    event.country,
                    event.admin1,
                    event.location,
                )
                and _compatible_actors(k, event)
                and (k.fatalities == event.fatalities or 0 in (k.fatalities, event.fatalities))
            ),
            None,
        )
        if same is None:
            kept.append(event)
            continue
        merge_pair(same, event)
        same.event_id = same.compute_id()
    return kept


# Names that moved out of this module in the split, still importable from here.
__all__ = ["distance_km", "EARTH_RADIUS_KM"]
