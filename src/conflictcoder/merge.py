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
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from rapidfuzz import fuzz

from .geo.distance import EARTH_RADIUS_KM, distance_km
from .geo.names import name_key
from .model import Event, Evidence

# Mean Earth radius (IUGG), km.
# Coordinates this close are one point: one gazetteer entry, whatever its spelling.
SAME_POINT_KM = 0.05

# Place fields that travel together: they describe one location (every admin* field,
# P-codes included, belongs to it).
PLACE_FIELDS: tuple[str, ...] = (
    "location",
    "country",
    "iso",
    *(f.name for f in dataclasses.fields(Event) if f.name.startswith("admin")),
    "latitude",
    "longitude",
    "geo_precision",
    "geonameid",
    "unresolved_location",
)
# Place details a report may lack that another report of the same place gives.
_PLACE_DETAILS: tuple[str, ...] = tuple(
    name
    for name in PLACE_FIELDS
    if name not in ("location", "latitude", "longitude", "geo_precision", "unresolved_location")
)
# Actor fields that travel together.
ACTOR_FIELDS: tuple[str, ...] = (
    "actor1",
    "inter1",
    "actor2",
    "inter2",
    "interaction",
    "civilian_targeting",
)


@dataclass(frozen=True)
class MergeRule:
    """When two reports describe the same incident.

    max_days (int): their dates may differ by this many days. Defaults to 1.
    max_km (float): their coordinates may be this far apart, in km. Defaults to 3.
    min_name_similarity (float): how alike (0-100, ``rapidfuzz.fuzz.ratio`` of the name
        keys) two different names of precise places must be to count as one place spelled
        two ways. Defaults to 75.
    unknown_actor_prefix (str): ACLED's prefix for actors a report could not identify
        ("Unidentified Armed Group (Syria)"); such an actor matches any other.
        Defaults to "Unidentified".

    Example:
        >>> MergeRule(max_days=0).max_km
        3.0
    """

    max_days: int = 1
    max_km: float = 3.0
    min_name_similarity: float = 75.0
    unknown_actor_prefix: str = "Unidentified"

    def __post_init__(self) -> None:
        if isinstance(self.max_days, bool) or not isinstance(self.max_days, int):
            raise ValueError(f"max_days must be a whole number of days, got {self.max_days!r}")
        if self.max_days < 0:
            raise ValueError(f"max_days must be 0 or more, got {self.max_days}")
        if not isinstance(self.max_km, int | float) or not math.isfinite(self.max_km):
            raise ValueError(f"max_km must be a number of km, got {self.max_km!r}")
        if self.max_km < 0:
            raise ValueError(f"max_km must be 0 or more, got {self.max_km}")
        if not 0 <= self.min_name_similarity <= 100:
            raise ValueError(
                f"min_name_similarity must be from 0 to 100, got {self.min_name_similarity!r}"
            )


DEFAULT_RULE = MergeRule()


# -- measures ----------------------------------------------------------------------------


def event_distance_km(a: Event, b: Event) -> float | None:
    """Distance between two events' coordinates; None when either has none.

    Example:
        >>> a = Event("2021-03-01", "Battles", "Armed clash", latitude=35.0, longitude=36.0)
        >>> event_distance_km(a, a), event_distance_km(a, Event("2021-03-01", "Battles", "x"))
        (0.0, None)
    """
    if None in (a.latitude, b.latitude, a.longitude, b.longitude):
        return None
    return distance_km(
        float(a.latitude),  # type: ignore[arg-type]
        float(a.longitude),  # type: ignore[arg-type]
        float(b.latitude),  # type: ignore[arg-type]
        float(b.longitude),  # type: ignore[arg-type]
    )


def days_apart(a: str | None, b: str | None) -> int | None:
    """Whole days between two ISO dates; None when either is missing or malformed.

    Example:
        >>> days_apart("2021-03-01", "2021-02-28"), days_apart(None, "2021-03-01")
        (1, None)
    """
    if not a or not b:
        return None
    try:
        return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)
    except ValueError:
        return None


def reported_toll(event: Event) -> int | None:
    """The death toll a report gave, or None when it gave none.

    A report gave a toll when it has a range (``fatalities_low``) or a positive figure
    (an event read from an ACLED export has no range); 0 without a range means "no toll".

    Example:
        >>> reported_toll(Event("2021-03-01", "Battles", "Armed clash", fatalities=3))
        3
        >>> reported_toll(Event("2021-03-01", "Battles", "Armed clash")) is None
        True
    """
    if event.fatalities_low is not None or event.fatalities > 0:
        return event.fatalities
    return None


def number_of_sources(event: Event) -> int:
    """How many distinct reports (documents) an event rests on.

    Example:
        >>> number_of_sources(Event("2021-03-01", "Battles", "Armed clash", doc_ids=["a", "b"]))
        2
    """
    return len(set(event.doc_ids))


# -- identity ----------------------------------------------------------------------------


def name_similarity(a: str, b: str) -> float:
    """How alike two place names are, 0-100 (``rapidfuzz.fuzz.ratio`` of their name keys).

    Example:
        >>> round(name_similarity("Kafr Nabl", "Kafranbel"), 1)
        82.4
        >>> name_similarity("Armanaz", "Kafr Takharim") < 50
        True
    """
    return float(fuzz.ratio(name_key(a), name_key(b)))


def _place_key(event: Event) -> str | None:
    return name_key(event.location) if event.location else None


def _precise(event: Event) -> bool:
    return event.geo_precision == 1 and not event.unresolved_location


def _agree(a: Any, b: Any) -> bool:
    """Equal, or at least one side unknown."""
    return a is None or b is None or a == b


def same_place(a: Event, b: Event, rule: MergeRule = DEFAULT_RULE) -> bool:
    """Whether two reports place an incident at the same location (see the module notes).

    Example:
        >>> kafr = Event("2021-03-01", "Battles", "Armed clash", location="Kafr Nabl",
        ...              latitude=35.6138, longitude=36.5645, geo_precision=1)
        >>> same_place(kafr, dataclasses.replace(kafr, location="Kafranbel", latitude=35.6167))
        True
        >>> same_place(kafr, dataclasses.replace(kafr, location="Hish", latitude=35.6167))
        False
        >>> same_place(kafr, dataclasses.replace(kafr, location="Hish", latitude=35.6167,
        ...                                      geo_precision=2))
        True
    """
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    if not (_agree(a.country, b.country) and _agree(a.admin1, b.admin1)):
        return False
    key_a, key_b = _place_key(a), _place_key(b)
    distance = event_distance_km(a, b)
    if distance is None:
        return key_a is not None and key_a == key_b
    if distance > rule.max_km:
        return False
    if distance <= SAME_POINT_KM:
        return True
    if key_a and key_b and key_a != key_b and _precise(a) and _precise(b):
        # Two precise places under different names are two locations, however close,
        # unless the names are one name spelled two ways.
        return fuzz.ratio(key_a, key_b) >= rule.min_name_similarity
    return True


def _unknown(actor: str | None, rule: MergeRule) -> bool:
    return actor is None or actor.startswith(rule.unknown_actor_prefix)


def _actor_match(a: str | None, b: str | None, rule: MergeRule) -> bool:
    return a == b or _unknown(a, rule) or _unknown(b, rule)


def same_actors(a: Event, b: Event, rule: MergeRule = DEFAULT_RULE) -> bool:
    """Whether two reports' actor pairs can be the same pair: side by side, a missing or
    unidentified actor matches any; a fully named pair also matches the same pair swapped
    (who attacked whom in a clash).

    Example:
        >>> army = Event("2021-03-01", "Battles", "Armed clash", actor1="Army", actor2="Rebels")
        >>> same_actors(army, dataclasses.replace(army, actor1="Rebels", actor2="Army"))
        True
        >>> same_actors(army, dataclasses.replace(army, actor2=None))
        True
        >>> same_actors(army, dataclasses.replace(army, actor1="Police"))
        False
    """
    if _actor_match(a.actor1, b.actor1, rule) and _actor_match(a.actor2, b.actor2, rule):
        return True
    return None not in (a.actor1, a.actor2) and (a.actor1, a.actor2) == (b.actor2, b.actor1)


def same_incident(a: Event, b: Event, rule: MergeRule = DEFAULT_RULE) -> bool:
    """Whether two reports describe the same incident (see the module notes).

    Example:
        >>> monday = Event("2021-03-01", "Explosions/Remote violence",
        ...                "Shelling/artillery/missile attack", location="Kafr Nabl",
        ...                latitude=35.6138, longitude=36.5645, geo_precision=1, doc_ids=["a"])
        >>> tuesday = dataclasses.replace(monday, event_date="2021-03-02", event_id="",
        ...                               doc_ids=["b"])
        >>> same_incident(monday, tuesday), same_incident(monday, tuesday, MergeRule(max_days=0))
        (True, False)
    """
    if a.event_id == b.event_id:
        return True
    if set(a.doc_ids) & set(b.doc_ids):
        return False
    if a.event_type != b.event_type or a.sub_event_type != b.sub_event_type:
        return False
    if a.event_date != b.event_date:
        gap = days_apart(a.event_date, b.event_date)
        if gap is None or gap > rule.max_days:
            return False
    return same_actors(a, b, rule) and same_place(a, b, rule)


def joins(reports: Sequence[Event], report: Event, rule: MergeRule = DEFAULT_RULE) -> bool:
    """Whether ``report`` can join an event made of ``reports``: it describes the same
    incident as each of them (so the reports of one event are never more than the rule's
    days and km apart, however many there are), or shares the ``event_id`` of one.

    Example:
        >>> monday = Event("2021-03-01", "Battles", "Armed clash", location="Hish",
        ...                doc_ids=["a"])
        >>> tuesday = dataclasses.replace(monday, event_date="2021-03-02", event_id="",
        ...                               doc_ids=["b"])
        >>> wednesday = dataclasses.replace(monday, event_date="2021-03-03", event_id="",
        ...                                 doc_ids=["c"])
        >>> joins([monday], tuesday), joins([monday, tuesday], wednesday)
        (True, False)
    """
    if any(r.event_id == report.event_id for r in reports):
        return True
    return all(same_incident(r, report, rule) for r in reports)


def match_rank(event: Event, report: Event) -> tuple[int, int, float]:
    """How well a report fits an event it can join; the lowest rank wins: fewest days apart,
    then an event dated no later than the report (a late date is the usual error: a report
    published the next day), then fewest km.

    Example:
        >>> e = Event("2021-03-02", "Battles", "Armed clash")
        >>> match_rank(e, dataclasses.replace(e, event_date="2021-03-03"))
        (1, 0, 0.0)
        >>> match_rank(e, dataclasses.replace(e, event_date="2021-03-01"))
        (1, 1, 0.0)
    """
    later = int(
        bool(event.event_date and report.event_date and event.event_date > report.event_date)
    )
    return (
        days_apart(event.event_date, report.event_date) or 0,
        later,
        event_distance_km(event, report) or 0.0,
    )


# -- combining ---------------------------------------------------------------------------


def _split(value: str | None) -> list[str]:
    return [part for part in (value or "").split("; ") if part]


def _join_unique(values: Iterable[str | None]) -> str | None:
    parts: list[str] = []
    for value in values:
        for part in _split(value):
            if part not in parts:
                parts.append(part)
    return "; ".join(parts) or None


def _first(values: Iterable[Any]) -> Any:
    return next((v for v in values if v is not None), None)


def _choose(reports: Sequence[Event], rank: Any, key: Any) -> Event:
    """The report with the lowest ``rank``; ties go to the most frequent ``key``, then the
    earliest report."""
    counts = Counter(key(r) for r in reports)
    order = {id(r): i for i, r in enumerate(reports)}
    return min(reports, key=lambda r: (rank(r), -counts[key(r)], order[id(r)]))


def _combine_date(reports: Sequence[Event], values: dict[str, Any]) -> None:
    dated = [r for r in reports if r.event_date]
    if not dated:
        values["event_date"] = None
        values["time_precision"] = min(r.time_precision for r in reports)
        return
    precision = min(r.time_precision for r in dated)
    counts = Counter(r.event_date for r in dated if r.time_precision == precision)
    # Ties go to the earliest date: a late date is the usual error (publication day).
    values["event_date"] = min(counts, key=lambda d: (-counts[d], d))
    values["time_precision"] = precision


def _combine_place(reports: Sequence[Event], values: dict[str, Any]) -> None:
    def rank(r: Event) -> int:
        if r.unresolved_location:
            return 9
        return r.geo_precision if r.geo_precision is not None else 8

    chosen = _choose(reports, rank, _place_key)
    for name in PLACE_FIELDS:
        values[name] = getattr(chosen, name)
    same = [r for r in reports if _place_key(r) == _place_key(chosen)]
    for name in _PLACE_DETAILS:
        if values[name] is None:
            values[name] = _first(getattr(r, name) for r in same)
    if values["latitude"] is None or values["longitude"] is None:
        located = next((r for r in same if None not in (r.latitude, r.longitude)), None)
        if located is not None:
            values["latitude"], values["longitude"] = located.latitude, located.longitude


def _combine_actors(reports: Sequence[Event], values: dict[str, Any], rule: MergeRule) -> None:
    def rank(r: Event) -> int:
        return -sum(not _unknown(actor, rule) for actor in (r.actor1, r.actor2))

    chosen = _choose(reports, rank, lambda r: (r.actor1, r.actor2))
    for name in ACTOR_FIELDS:
        values[name] = getattr(chosen, name)
    if values["civilian_targeting"] is None:
        values["civilian_targeting"] = _first(
            r.civilian_targeting
            for r in reports
            if (r.actor1, r.actor2) == (chosen.actor1, chosen.actor2)
        )
    assoc1: list[str | None] = []
    assoc2: list[str | None] = []
    for r in reports:
        swapped = (
            (r.actor1, r.actor2) != (chosen.actor1, chosen.actor2)
            and r.actor1 is not None
            and r.actor1 == chosen.actor2
        )
        assoc1.append(r.assoc_actor_2 if swapped else r.assoc_actor_1)
        assoc2.append(r.assoc_actor_1 if swapped else r.assoc_actor_2)
    values["assoc_actor_1"] = _join_unique(assoc1)
    values["assoc_actor_2"] = _join_unique(assoc2)


def _combine_tolls(reports: Sequence[Event], values: dict[str, Any]) -> None:
    tolls = [r for r in reports if reported_toll(r) is not None]
    if tolls:
        values["fatalities"] = min(r.fatalities for r in tolls)
        # One toll keeps its own range; across reports a bare figure is its own range.
        if len(tolls) > 1 or tolls[0].fatalities_low is not None:
            values["fatalities_low"] = min(
                r.fatalities_low if r.fatalities_low is not None else r.fatalities for r in tolls
            )
        else:
            values["fatalities_low"] = None
        if len(tolls) > 1 or tolls[0].fatalities_high is not None:
            values["fatalities_high"] = max(
                r.fatalities_high if r.fatalities_high is not None else r.fatalities for r in tolls
            )
        else:
            values["fatalities_high"] = None
    else:
        values["fatalities"] = min(r.fatalities for r in reports)
        values["fatalities_low"] = None
        values["fatalities_high"] = _first(r.fatalities_high for r in reports)
    injured = [r.injured for r in reports if r.injured is not None]
    values["injured"] = min(injured) if injured else None
    breakdown: dict[str, int] = {}
    for r in reports:
        for key, value in r.fatalities_breakdown.items():
            breakdown.setdefault(key, value)
    values["fatalities_breakdown"] = breakdown


def canonical_order(reports: Iterable[Event]) -> list[Event]:
    """The reports in an order that depends on the reports alone, not on their arrival:
    by documents, then report id, then date, place and evidence.

    ``combine_reports`` reads them in this order, so everything it takes from "the first
    report" (the event id, notes, ties between equally good dates, places and actors) and
    the order of documents and evidence are a function of the set of reports (issue 15:
    with workers and Dask the arrival order is not the user's to choose).

    Example:
        >>> a = Event("2021-03-01", "Battles", "Armed clash", doc_ids=["b-2"])
        >>> b = Event("2021-03-01", "Battles", "Armed clash", doc_ids=["a-1"])
        >>> [r.doc_ids for r in canonical_order([a, b])]
        [['a-1'], ['b-2']]
    """

    def key(r: Event) -> tuple[Any, ...]:
        return (
            sorted(r.doc_ids),
            r.event_id,
            r.event_date or "",
            r.location or "",
            [(e.doc_id, e.start, e.end, e.sentence) for e in r.evidence],
        )

    return sorted(reports, key=key)


def combine_reports(reports: Sequence[Event], rule: MergeRule = DEFAULT_RULE) -> Event:
    """One event from the reports of one incident (a new Event; the reports are not changed).

    The reports are read in ``canonical_order``, whatever order they come in: "first"
    below is the first in that order.

    - ``event_id``, types, notes, modality: the first report's.
    - date: the most precise, then the most often reported, then the earliest.
    - place (location, admin units, coordinates, precision, GeoNames id): the most precise
      report's, then the most often reported; missing details filled from reports of the
      same place.
    - actors: the report naming the most identified actors, then the most often reported pair;
      associated actors and outlets (``source``) are joined, once each.
    - ``fatalities``: the lowest toll any report gave (``reported_toll``); ``fatalities_low``
      the lowest and ``fatalities_high`` the highest figure; ``injured`` the lowest;
      ``fatalities_breakdown`` the first report's figure for each key.
    - ``doc_ids`` and ``evidence``: every one, first-seen order, once each.
    - ``confidence`` the highest; ``date_end`` the latest; other details: the first given.

    reports (Sequence[Event]): the reports, in any order.
    rule (MergeRule): names the unidentified-actor prefix. Defaults to ``DEFAULT_RULE``.
    RETURNS (Event): the combined event.

    Example:
        >>> a = Event("2021-03-01", "Battles", "Armed clash", fatalities=6, doc_ids=["a"])
        >>> b = Event("2021-03-02", "Battles", "Armed clash", fatalities=4, doc_ids=["b"])
        >>> e = combine_reports([a, b])
        >>> e.event_id == a.event_id, e.event_date, e.fatalities, e.fatalities_high, e.doc_ids
        (True, '2021-03-01', 4, 6, ['a', 'b'])
    """
    if not reports:
        raise ValueError("combine_reports needs at least one report")
    reports = canonical_order(reports)  # a function of the set, not of the arrival order
    first = reports[0]
    values: dict[str, Any] = {f.name: getattr(first, f.name) for f in dataclasses.fields(Event)}
    _combine_date(reports, values)
    _combine_place(reports, values)
    _combine_actors(reports, values, rule)
    _combine_tolls(reports, values)
    doc_ids: list[str] = []
    evidence: list[Evidence] = []
    seen: set[tuple[str, int, int]] = set()
    for r in reports:
        doc_ids.extend(d for d in r.doc_ids if d not in doc_ids)
        for item in r.evidence:
            if (item.doc_id, item.start, item.end) not in seen:
                seen.add((item.doc_id, item.start, item.end))
                evidence.append(item)
    values["doc_ids"] = doc_ids
    values["evidence"] = evidence
    values["source"] = _join_unique(r.source for r in reports)
    values["confidence"] = max(r.confidence for r in reports)
    ends = [r.date_end for r in reports if r.date_end]
    values["date_end"] = max(ends) if ends else None
    for name in ("notes", "weapon", "target", "reported_by", "plover_type"):
        values[name] = _first(getattr(r, name) for r in reports)
    return Event(**values)


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
