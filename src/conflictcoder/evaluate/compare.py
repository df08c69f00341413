"""What is compared between a gold and a predicted event: the scored fields (``FIELDS``),
one comparison each (``COMPARE``: True, False, or None when the pair is not scorable), place
names reduced for comparison (``normalize_name``), distances, civilian tolls, and what an
error line shows of an event.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

from ..geo.distance import distance_km
from ..geo.names import name_key

# Scored fields, in report order.
FIELDS: tuple[str, ...] = (
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "actor_pair",
    "assoc_actors",
    "inter1",
    "interaction",
    "admin1",
    "admin2",
    "location",
    "location_any_spelling",
    "location_10km",
    "location_25km",
    "event_date",
    "time_precision",
    "geo_precision",
    "fatalities",
)
TYPE_FIELDS: tuple[str, ...] = ("event_type", "sub_event_type")

# The Arabic definite article in transliterations: "al-"/"el-" (also before a space) and
# its sun-letter assimilations ("ar-Raqqa", "as-Sweida", "ash-Shaddadi"), which only
# count when hyphenated so that English words are left alone.
_ARTICLE = re.compile(r"(?<!\w)(?:(?:al|el)[-\s]+|(?:ad|adh|an|ar|as|ash|at|ath|az|ed|er|es|et)-)")
_APOSTROPHES = re.compile(r"['\u2018\u2019\u02bc\u02bf\u02be`]")
_NON_WORD = re.compile(r"[\W_]+")


def normalize_name(name: str | None) -> str:
    """A place name reduced for comparison: case, accents, punctuation, hyphens, "al-".

    Example:
        >>> normalize_name("Ar-Raqqa"), normalize_name("raqqa")
        ('raqqa', 'raqqa')
        >>> normalize_name("Tell al-Abyad") == normalize_name("Tell Abyad")
        True
    """
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _APOSTROPHES.sub("", text)
    text = _ARTICLE.sub(" ", text)
    return _NON_WORD.sub(" ", text).strip()


def _text(value: Any) -> str:
    return " ".join(str(value).split()).casefold() if value not in (None, "") else ""


def _int(value: Any) -> int | None:
    if value is None or value == "":
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _actors(value: Any) -> frozenset[str]:
    """ACLED joins several associated actors with ";"."""
    if not value:
        return frozenset()
    return frozenset(part for part in (_text(p) for p in str(value).split(";")) if part)


def event_km(a: dict[str, Any], b: dict[str, Any]) -> float | None:
    """Great-circle distance between two events' coordinates, None when either lacks them.

    Example:
        >>> round(event_km({"latitude": 36.0, "longitude": 36.0},
        ...                {"latitude": 36.1, "longitude": 36.0}), 1)
        11.1
    """
    try:
        lat1, lon1 = float(a["latitude"]), float(a["longitude"])
        lat2, lon2 = float(b["latitude"]), float(b["longitude"])
    except (KeyError, TypeError, ValueError):
        return None
    return distance_km(lat1, lon1, lat2, lon2)


# -- field comparisons: each returns True/False, or None when the pair is not scorable ----


def _exact(key: str) -> Callable[[dict[str, Any], dict[str, Any]], bool | None]:
    def compare(gold: dict[str, Any], pred: dict[str, Any]) -> bool | None:
        value = gold.get(key)
        if value is None:
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return _int(value) == _int(pred.get(key))
        return _text(value) == _text(pred.get(key))

    return compare


def _name(key: str) -> Callable[[dict[str, Any], dict[str, Any]], bool | None]:
    def compare(gold: dict[str, Any], pred: dict[str, Any]) -> bool | None:
        value = normalize_name(gold.get(key))
        return None if not value else value == normalize_name(pred.get(key))

    return compare


def _same_name_key(gold: dict[str, Any], pred: dict[str, Any]) -> bool | None:
    """The location in any romanisation: equal name keys (``geo.names.name_key``: "Tall
    Bilal" and "Tal Bilal", "Kashqa" and "Qashqa"), where ``location`` wants one spelling."""
    value = name_key(str(gold.get("location") or ""))
    return None if not value else value == name_key(str(pred.get("location") or ""))


def _within(km: float) -> Callable[[dict[str, Any], dict[str, Any]], bool | None]:
    def compare(gold: dict[str, Any], pred: dict[str, Any]) -> bool | None:
        distance = event_km(gold, pred)
        return None if distance is None else distance <= km

    return compare


_ACTOR_KEYS: tuple[str, ...] = ("actor1", "actor2", "assoc_actor_1", "assoc_actor_2")


def _actors_coded(gold: dict[str, Any]) -> bool:
    """Whether the gold event codes any actor (sets that code only places or tolls do not)."""
    return any(gold.get(k) not in (None, "") for k in _ACTOR_KEYS)


def _actor2(gold: dict[str, Any], pred: dict[str, Any]) -> bool | None:
    # A null actor2 is a coding decision (one-sided event), so it is scored.
    if not _actors_coded(gold):
        return None
    return _text(gold.get("actor2")) == _text(pred.get("actor2"))


def _actor_pair(gold: dict[str, Any], pred: dict[str, Any]) -> bool | None:
    if gold.get("actor1") is None:
        return None
    pair = sorted((_text(gold.get("actor1")), _text(gold.get("actor2"))))
    return pair == sorted((_text(pred.get("actor1")), _text(pred.get("actor2"))))


def _assoc(gold: dict[str, Any], pred: dict[str, Any]) -> bool | None:
    if not _actors_coded(gold):
        return None
    return all(
        _actors(gold.get(k)) == _actors(pred.get(k)) for k in ("assoc_actor_1", "assoc_actor_2")
    )


def civilian_range(gold: dict[str, Any]) -> tuple[int, int] | None:
    """The gold civilian death toll as (min, max), None when the gold gives no range.

    Example:
        >>> civilian_range({"civilians_killed_min": 2, "civilians_killed_max": 5})
        (2, 5)
        >>> civilian_range({"civilians_killed_min": 3, "civilians_killed_max": None})
        (3, 3)
        >>> civilian_range({"fatalities": 3}) is None
        True
    """
    low, high = _int(gold.get("civilians_killed_min")), _int(gold.get("civilians_killed_max"))
    if low is None and high is None:
        return None
    low = high if low is None else low
    high = low if high is None else high
    assert low is not None and high is not None
    return (min(low, high), max(low, high))


def civilian_deaths(pred: dict[str, Any]) -> int:
    """A predicted event's civilian deaths: its fatalities less those counted as combatants.

    Example:
        >>> civilian_deaths({"fatalities": 5, "fatalities_breakdown": {"combatants": 2}})
        3
        >>> civilian_deaths({"fatalities": 0})
        0
    """
    total = _int(pred.get("fatalities")) or 0
    breakdown = pred.get("fatalities_breakdown") or {}
    combatants = _int(breakdown.get("combatants")) if isinstance(breakdown, dict) else None
    return max(0, total - (combatants or 0))


def _fatalities(gold: dict[str, Any], pred: dict[str, Any]) -> bool | None:
    if gold.get("fatalities") is None and "civilians_killed_min" in gold:
        return None  # a civilian-harm set codes civilian tolls (as ranges), not fatalities
    return (_int(gold.get("fatalities")) or 0) == (_int(pred.get("fatalities")) or 0)


COMPARE: dict[str, Callable[[dict[str, Any], dict[str, Any]], bool | None]] = {
    "event_type": _exact("event_type"),
    "sub_event_type": _exact("sub_event_type"),
    "actor1": _exact("actor1"),
    "actor2": _actor2,
    "actor_pair": _actor_pair,
    "assoc_actors": _assoc,
    "inter1": _exact("inter1"),
    "interaction": _exact("interaction"),
    "admin1": _name("admin1"),
    "admin2": _name("admin2"),
    "location": _name("location"),
    "location_any_spelling": _same_name_key,
    "location_10km": _within(10.0),
    "location_25km": _within(25.0),
    "event_date": _exact("event_date"),
    "time_precision": _exact("time_precision"),
    "geo_precision": _exact("geo_precision"),
    "fatalities": _fatalities,
}

# What an error line shows for a field that is not a single event key.
_SHOWN: dict[str, tuple[str, ...]] = {
    "actor_pair": ("actor1", "actor2"),
    "assoc_actors": ("assoc_actor_1", "assoc_actor_2"),
    "location_any_spelling": ("location",),
    "location_10km": ("location", "latitude", "longitude"),
    "location_25km": ("location", "latitude", "longitude"),
}
_SUMMARY_KEYS: tuple[str, ...] = (
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "location",
    "admin1",
    "fatalities",
)


def _shown(event: dict[str, Any], name: str) -> Any:
    keys = _SHOWN.get(name)
    if keys is None:
        return event.get(name)
    return {k: event.get(k) for k in keys}


def _summary(event: dict[str, Any]) -> dict[str, Any]:
    return {k: event.get(k) for k in _SUMMARY_KEYS}
