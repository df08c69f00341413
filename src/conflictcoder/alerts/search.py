"""What an alert watches for: an area, event types, actors, a minimum toll.

``AlertSearch`` is validated once (``checked``) and matched against events in Python
(``matches``), the same way for the Atom feed and the webhooks. Names are matched the way
the API's filters match them (``store.filters``): a country or first-level unit in any
spelling or case ("idlib" finds ACLED's "Idleb"), an actor by its name or an alias ("HTS"),
event and sub-event types in any case.

Example:
    >>> from conflictcoder.model import Event
    >>> search = AlertSearch(admin1="idlib", event_types=("air/drone strike",)).checked()
    >>> search.matches(Event("2024-03-04", "Explosions/Remote violence", "Air/drone strike",
    ...                      country="Syria", admin1="Idleb"))
    True
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from ..errors import ConflictCoderError, StoreError
from ..geo.names import name_key
from ..model import Event


class AlertError(ConflictCoderError):
    """An alert is malformed or unknown; the message names the field and what to change."""


SEARCH_FIELDS: tuple[str, ...] = (
    "bbox",
    "country",
    "admin1",
    "admin2",
    "event_types",
    "actors",
    "min_fatalities",
    "reviewed_only",
)


@dataclass(frozen=True)
class AlertSearch:
    """Which events an alert sends: every condition given must hold.

    bbox (tuple[float, float, float, float] | None): (min_lon, min_lat, max_lon, max_lat);
        events with coordinates inside (edges in).
    country, admin1, admin2 (str | None): the administrative unit, any spelling or case.
    event_types (tuple[str, ...]): ACLED event types or sub-event types; any one matches.
    actors (tuple[str, ...]): actor names or aliases; an event with any one of them as
        actor1, actor2 or an associated actor matches.
    min_fatalities (int | None): at least this many deaths.
    reviewed_only (bool): only events a reviewer confirmed. Defaults to False.
    """

    bbox: tuple[float, float, float, float] | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    event_types: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()
    min_fatalities: int | None = None
    reviewed_only: bool = False

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> AlertSearch:
        """A search from its JSON form, validated; AlertError naming an unknown key.

        Example:
            >>> AlertSearch.from_dict({"event_types": ["Battles"]}).event_types
            ('Battles',)
        """
        if not isinstance(data, dict):
            raise AlertError(f"a search must be an object of {', '.join(SEARCH_FIELDS)}")
        unknown = sorted(set(data) - set(SEARCH_FIELDS))
        if unknown:
            raise AlertError(f"unknown search field '{unknown[0]}': use {', '.join(SEARCH_FIELDS)}")
        values = {k: v for k, v in data.items() if v is not None}
        for key in ("event_types", "actors"):
            if key in values and isinstance(values[key], list):
                values[key] = tuple(values[key])
        if isinstance(values.get("bbox"), list):
            values["bbox"] = tuple(values["bbox"])
        return cls(**values).checked()

    def to_dict(self) -> dict[str, Any]:
        """The search as JSON-ready values (fields not set left out).

        Example:
            >>> AlertSearch(country="Syria", min_fatalities=1).to_dict()
            {'country': 'Syria', 'min_fatalities': 1}
        """
        result: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if value is None or value == () or value is False:
                continue
            result[f.name] = list(value) if isinstance(value, tuple) else value
        return result

    def checked(self) -> AlertSearch:
        """The search validated and normalised (types in ACLED's spelling, a country in
        ACLED's name). Raises AlertError naming the field.

        Example:
            >>> AlertSearch(country="SY", event_types=("battles",)).checked().to_dict()
            {'country': 'Syria', 'event_types': ['Battles']}
        """
        from ..ontology import acled_types
        from ..resolve.sources import acled_country
        from ..store.filters import check_bbox

        values: dict[str, Any] = {}
        if self.bbox is not None:
            try:
                values["bbox"] = check_bbox(self.bbox)
            except StoreError as exc:
                raise AlertError(str(exc)) from None
        if self.country is not None:
            if not isinstance(self.country, str) or not self.country.strip():
                raise AlertError(f"country must be a non-empty string, got {self.country!r}")
            country = acled_country(self.country)
            if country is None:
                raise AlertError(
                    f'country must be a country\'s name or ISO code ("Syria", "SY"), '
                    f"got {self.country!r}"
                )
            values["country"] = country
        for key in ("admin1", "admin2"):
            value = getattr(self, key)
            if value is not None:
                if not isinstance(value, str) or not value.strip():
                    raise AlertError(f"{key} must be a non-empty string, got {value!r}")
                values[key] = value.strip()
        types = acled_types()
        canonical = {name.casefold(): name for name in types}
        canonical.update({t.event_type.casefold(): t.event_type for t in types.values()})
        names: list[str] = []
        for value in _strings(self.event_types, "event_types"):
            found = canonical.get(value.casefold())
            if found is None:
                raise AlertError(
                    f"event_types: '{value}' is no ACLED event type or sub-event type "
                    f'(such as "Battles" or "Air/drone strike")'
                )
            names.append(found)
        values["event_types"] = tuple(dict.fromkeys(names))
        values["actors"] = tuple(dict.fromkeys(_strings(self.actors, "actors")))
        if self.min_fatalities is not None:
            number = self.min_fatalities
            if isinstance(number, bool) or not isinstance(number, int) or number < 0:
                raise AlertError(f"min_fatalities must be a whole number >= 0, got {number!r}")
            values["min_fatalities"] = number
        if not isinstance(self.reviewed_only, bool):
            raise AlertError(f"reviewed_only must be true or false, got {self.reviewed_only!r}")
        values["reviewed_only"] = self.reviewed_only
        return AlertSearch(**values)

    # -- matching ---------------------------------------------------------------------------

    @cached_property
    def _keys(self) -> dict[str, frozenset[str]]:
        from ..store.filters import admin1_keys, country_keys

        keys: dict[str, frozenset[str]] = {}
        if self.country:
            keys["country"] = country_keys(self.country)
        if self.admin1:
            keys["admin1"] = admin1_keys(self.admin1)
        if self.admin2:
            keys["admin2"] = frozenset({name_key(self.admin2)})
        return keys

    @cached_property
    def _actor_names(self) -> frozenset[str]:
        from ..store.filters import actor_names

        names: set[str] = set()
        for actor in self.actors:
            names |= actor_names(actor)
        return frozenset(names)

    def matches(self, event: Event) -> bool:
        """Whether ``event`` passes every condition of the search."""
        for key, wanted in self._keys.items():
            value = getattr(event, key)
            if not value or name_key(value) not in wanted:
                return False
        if self.bbox is not None:
            if event.latitude is None or event.longitude is None:
                return False
            min_lon, min_lat, max_lon, max_lat = self.bbox
            if not (min_lon <= event.longitude <= max_lon and min_lat <= event.latitude <= max_lat):
                return False
        if self.event_types and not (
            event.event_type in self.event_types or event.sub_event_type in self.event_types
        ):
            return False
        if self.min_fatalities is not None and (event.fatalities or 0) < self.min_fatalities:
            return False
        if self.actors:
            names = {n.casefold() for n in (event.actor1, event.actor2) if n}
            for assoc in (event.assoc_actor_1, event.assoc_actor_2):
                names |= {part.strip().casefold() for part in (assoc or "").split(";") if part}
            if not names & self._actor_names:
                return False
        return True

    def describe(self) -> str:
        """The search in words, for feed titles and listings.

        Example:
            >>> AlertSearch(admin1="Idleb", min_fatalities=1).describe()
            'admin1 Idleb, at least 1 fatalities'
        """
        parts: list[str] = []
        if self.bbox:
            parts.append("within " + ",".join(f"{n:g}" for n in self.bbox))
        for key in ("country", "admin1", "admin2"):
            if getattr(self, key):
                parts.append(f"{key} {getattr(self, key)}")
        if self.event_types:
            parts.append(" or ".join(self.event_types))
        if self.actors:
            parts.append("actors " + " or ".join(self.actors))
        if self.min_fatalities is not None:
            parts.append(f"at least {self.min_fatalities} fatalities")
        if self.reviewed_only:
            parts.append("reviewed events only")
        return ", ".join(parts) or "every event"


def _strings(values: Any, what: str) -> list[str]:
    if isinstance(values, str) or not isinstance(values, tuple | list):
        raise AlertError(f"{what} must be a list of names, got {values!r}")
    result = []
    for value in values:
        if not isinstance(value, str) or not value.strip():
            raise AlertError(f"{what} must be a list of non-empty names, got {value!r}")
        result.append(value.strip())
    return result
