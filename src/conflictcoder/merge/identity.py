"""Whether two reports tell the same incident: the ``MergeRule`` and its measures (distance,
days apart, name similarity, compatible actors), ``same_incident`` and ``joins``."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from rapidfuzz import fuzz

from ..geo.distance import distance_km
from ..geo.names import name_key
from ..model import Event

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
