"""``EventFilter``: the one description of "which events", for the store, the API and the CLI.

A filter is a frozen dataclass; ``checked`` validates it once (the same ``StoreError`` text on
every back end). Matching is forgiving the way an analyst types:

- ``country``, ``admin1``: case, accents and transliteration ignored (``name_key``: "idlib"
  finds ACLED's "Idleb"), plus the other names the gazetteer data gives a country
  (``country_names.yaml``, GeoNames, pycountry: "DRC") or a first-level unit (the aliases of
  ``admin1.csv``: "Rif Dimashq" finds "Rural Damascus").
- ``actor``: case ignored, and an alias of the actor dictionary (``actors.yaml`` and the
  user's file) finds its canonical actor ("RSF" finds "Rapid Support Forces").
- ``event_type``, ``sub_event_type``: case ignored.

The store turns a name into the stored values it matches (``FilterQueries``), so every
condition is still an indexed ``column IN (...)``.

Example:
    >>> EventFilter(country="sudan", min_fatalities=1).store_kwargs()
    {'country': 'sudan', 'min_fatalities': 1}
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..errors import StoreError
from ..geo.countries import ADMIN1_FILE, COUNTRIES, Admin1Row, load_admin1_table
from ..geo.names import name_key, strip_diacritics
from ..ontology.families import rule_family
from ._parts import SqlParts

# Review states an event can be in; ``review=None`` lists every event but rejected ones.
REVIEW_STATES: tuple[str, ...] = ("pending", "confirmed", "rejected")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_WORD = re.compile(r"\w+")


def iso_date(value: Any, what: str) -> str:
    """``value`` (a date or "YYYY-MM-DD") as an ISO string; StoreError naming ``what`` if not.

    Example:
        >>> iso_date(date(2021, 3, 1), "date_from"), iso_date("2021-03-01", "date_to")
        ('2021-03-01', '2021-03-01')
    """
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise StoreError(f"{what} must be a date written YYYY-MM-DD, got {value!r}")


def search_words(text: str) -> list[str]:
    """Text as the full-text indexes see it: its words, lower-cased, accents removed.

    Example:
        >>> search_words("Kafr-Nabl  SHELLING at the Café")
        ['kafr', 'nabl', 'shelling', 'at', 'the', 'cafe']
    """
    return [w.lower() for w in _WORD.findall(strip_diacritics(text))]


def check_bbox(value: Any) -> tuple[float, float, float, float]:
    """A bounding box as four floats (min_lon, min_lat, max_lon, max_lat); StoreError if not.

    Example:
        >>> check_bbox([35, 35.5, 37, 36])
        (35.0, 35.5, 37.0, 36.0)
    """
    problem = (
        "bbox must be four numbers (min_lon, min_lat, max_lon, max_lat) with "
        "-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90"
    )
    try:
        numbers = tuple(value)
    except TypeError:
        raise StoreError(f"{problem}, got {value!r}") from None
    if len(numbers) != 4 or not all(
        isinstance(n, int | float) and not isinstance(n, bool) and math.isfinite(n) for n in numbers
    ):
        raise StoreError(f"{problem}, got {value!r}")
    min_lon, min_lat, max_lon, max_lat = (float(n) for n in numbers)
    if not (-180 <= min_lon <= max_lon <= 180 and -90 <= min_lat <= max_lat <= 90):
        raise StoreError(f"{problem}, got {value!r}")
    return (min_lon, min_lat, max_lon, max_lat)


@dataclass(frozen=True)
class EventFilter:
    """Which events: every condition given must hold; None leaves it out.

    date_from, date_to (date | str | None): inclusive bounds on event_date.
    country, admin1 (str | None): a country or first-level unit, any spelling or case.
    event_type, sub_event_type (str | None): ACLED types, any case.
    actor (str | None): actor1, actor2 or an associated actor: a canonical name or an alias.
    bbox (tuple | None): (min_lon, min_lat, max_lon, max_lat); events inside (edges in).
    text (str | None): words that must all occur in the event's notes, evidence or articles.
    min_fatalities (int | None): at least this many deaths.
    review (str | None): "pending", "confirmed" or "rejected"; None: all but rejected ones.

    Example:
        >>> EventFilter(date_from="2021-03-01", text="Kafr  Nabl").checked().text
        'kafr nabl'
    """

    date_from: date | str | None = None
    date_to: date | str | None = None
    country: str | None = None
    admin1: str | None = None
    event_type: str | None = None
    sub_event_type: str | None = None
    actor: str | None = None
    bbox: tuple[float, float, float, float] | None = None
    text: str | None = None
    min_fatalities: int | None = None
    review: str | None = None

    @classmethod
    def of(cls, where: EventFilter | None = None, **filters: Any) -> EventFilter:
        """``where`` with keyword filters on top (None values ignored); StoreError naming
        an unknown keyword.

        Example:
            >>> EventFilter.of(EventFilter(country="Syria"), admin1="Idleb", actor=None)
            EventFilter(country='Syria', admin1='Idleb')
        """
        for key in filters:
            if key not in EVENT_FILTERS:
                raise StoreError(
                    f"unknown event filter '{key}': use one of {', '.join(EVENT_FILTERS)}"
                )
        given = {k: v for k, v in filters.items() if v is not None}
        base = where if where is not None else cls()
        if not isinstance(base, EventFilter):
            raise StoreError(f"expected an EventFilter, got {type(base).__name__}")
        return dataclasses.replace(base, **given) if given else base

    def checked(self) -> EventFilter:
        """The filter validated and normalised: dates as ISO strings, bbox as floats, text as
        its words joined by spaces, names stripped. Raises StoreError naming the filter.

        Example:
            >>> EventFilter(date_from=date(2020, 1, 2), country=" Syria ").checked()
            EventFilter(date_from='2020-01-02', country='Syria')
        """
        values: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            key, value = f.name, getattr(self, f.name)
            if value is None:
                continue
            if key in ("date_from", "date_to"):
                values[key] = iso_date(value, key)
            elif key == "bbox":
                values[key] = check_bbox(value)
            elif key == "text":
                words = search_words(value) if isinstance(value, str) else []
                if not words:
                    raise StoreError(f"text must contain at least one word, got {value!r}")
                values[key] = " ".join(words)
            elif key == "min_fatalities":
                if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                    raise StoreError(f"min_fatalities must be a whole number >= 0, got {value!r}")
                values[key] = value
            elif key == "review":
                if value not in REVIEW_STATES:
                    raise StoreError(
                        f"review must be one of {', '.join(REVIEW_STATES)}, got {value!r}"
                    )
                values[key] = value
            else:
                if not isinstance(value, str) or not value.strip():
                    raise StoreError(f"{key} must be a non-empty string, got {value!r}")
                values[key] = value.strip()
        first, last = values.get("date_from"), values.get("date_to")
        if first is not None and last is not None and first > last:
            raise StoreError(f"date_from {first} is after date_to {last}")
        return EventFilter(**values)

    def store_kwargs(self) -> dict[str, Any]:
        """The filters that are set, as keyword arguments (``Store.events(**kwargs)``).

        Example:
            >>> EventFilter(date_from=date(2020, 1, 2)).store_kwargs()
            {'date_from': datetime.date(2020, 1, 2)}
        """
        return {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if getattr(self, f.name) is not None
        }

    def to_dict(self) -> dict[str, Any]:
        """Every filter, JSON-ready (dates as YYYY-MM-DD, bbox as a list).

        Example:
            >>> EventFilter(date_from=date(2020, 3, 4)).to_dict()["date_from"]
            '2020-03-04'
        """
        result: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, tuple):
                value = list(value)
            result[f.name] = value
        return result

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in self.store_kwargs().items())
        return f"EventFilter({shown})"


# Keyword filters accepted by ``Store.events`` and ``Store.count_events``.
EVENT_FILTERS: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(EventFilter))


# -- names: what a typed name stands for ---------------------------------------------------


def _admin1_keys(rows: Iterable[Admin1Row]) -> dict[str, frozenset[str]]:
    """name_key of every name and alias of a unit in admin1.csv -> keys of the units' names."""
    table: dict[str, set[str]] = {}
    for row in rows:
        own = name_key(row.name)
        for spelling in (row.name, *row.aliases):
            table.setdefault(name_key(spelling), set()).add(own)
    return {key: frozenset(owners) for key, owners in table.items()}


# The admin1 names and aliases of admin1.csv as the store's filter matches them.
ADMIN1_KEYS = rule_family(
    "admin1_keys", ADMIN1_FILE, lambda user: _admin1_keys(load_admin1_table())
)


def admin1_keys(name: str) -> frozenset[str]:
    """The name keys a stored admin1 may have to match ``name`` (its own key, and the keys of
    the units that ``admin1.csv`` lists it as a name or alias of).

    Example:
        >>> sorted(admin1_keys("Rif Dimashq"))
        ['rifdimashk', 'ruraldamascus']
    """
    key = name_key(name)
    return frozenset({key, *ADMIN1_KEYS.packaged().get(key, ())})


def country_keys(name: str) -> frozenset[str]:
    """The name keys a stored country may have to match ``name`` (any name of that country).

    Example:
        >>> name_key("Democratic Republic of Congo") in country_keys("DRC")
        True
    """
    key = name_key(name)
    return frozenset({key, *COUNTRIES.packaged().forms_of_key.get(key, ())})


def actor_names(name: str, resolve: Callable[[str], str | None] | None = None) -> frozenset[str]:
    """Case-folded actor names that ``name`` stands for: itself, and the canonical actor its
    phrase resolves to in the actor dictionary.

    name (str): what the user typed ("RSF", "rapid support forces").
    resolve (Callable | None): phrase -> canonical name; defaults to the packaged dictionary
        (``ActorResolver.load().resolve``).

    Example:
        >>> sorted(actor_names("HTS"))
        ['hts', 'hts: hayat tahrir al sham']
    """
    if resolve is None:
        resolve = _packaged_actor
    found = {name.casefold()}
    # The dictionary matches acronyms in capitals only (a lower-case "rsf" in a report is
    # no actor); a filter typed in lower case means the acronym.
    for phrase in dict.fromkeys((name, name.upper() if len(name) <= 8 else name)):
        canonical = resolve(phrase)
        if canonical:
            found.add(canonical.casefold())
            break
    return frozenset(found)


def _packaged_actor(phrase: str) -> str | None:
    from ..resolve.actors import ActorResolver

    actor = ActorResolver.load().resolve(phrase)
    return actor.name if actor is not None else None


def matching(values: Iterable[str], keys: frozenset[str]) -> list[str]:
    """The values whose ``name_key`` is one of ``keys``, sorted.

    Example:
        >>> matching(["Idleb", "Aleppo", "Hama"], frozenset({"idlib"}))
        ['Idleb']
    """
    return sorted({v for v in values if v and name_key(v) in keys})


# -- SQL ---------------------------------------------------------------------------------------

# (store URL, query) -> (change cursor, values): the distinct names a filter expands against.
_DISTINCT: dict[tuple[str, str], tuple[int, list[str]]] = {}
_SIMPLE: dict[str, str] = {
    "date_from": "event_date >= ?",
    "date_to": "event_date <= ?",
    "min_fatalities": "fatalities >= ?",
}


class FilterQueries(SqlParts):
    """``_where``: an ``EventFilter`` as a SQL condition on ``events``, names expanded to the
    stored values they match (read once per change of the store, then cached)."""

    # Phrase -> canonical actor name, for ``actor=``; a store may be given the user's
    # dictionary (``ActorResolver.load(user_file).resolve``). Defaults to the packaged one.
    actor_resolver: Callable[[str], str | None] | None = None

    def _distinct(self, sql: str) -> list[str]:
        """Rows of a one-column query, cached (per store URL, across the per-request store
        objects of the API) until the store's change cursor moves."""
        key = (str(getattr(self, "url", id(self))), sql)
        cursor = self.change_cursor()
        hit = _DISTINCT.get(key)
        if hit is not None and hit[0] == cursor:
            return hit[1]
        values = [str(row[0]) for row in self._query(sql) if row[0] is not None]
        if len(_DISTINCT) > 256:
            _DISTINCT.clear()
        _DISTINCT[key] = (cursor, values)
        return values

    def _in(self, column: str, values: list[str]) -> tuple[str, list[Any]]:
        if not values:
            return "1 = 0", []
        return f"{column} IN ({', '.join('?' for _ in values)})", list(values)

    def _where(self, where: EventFilter) -> tuple[str, list[Any]]:
        """`` WHERE ...`` (or "") and its parameters for a filter (validated here)."""
        flt = where.checked()
        conditions: list[str] = []
        params: list[Any] = []

        def add(sql: str, extra: list[Any]) -> None:
            conditions.append(sql)
            params.extend(extra)

        for key, sql in _SIMPLE.items():
            value = getattr(flt, key)
            if value is not None:
                add(sql, [value])
        if flt.country is not None:
            stored = self._distinct("SELECT DISTINCT country FROM events")
            add(*self._in("country", matching(stored, country_keys(flt.country))))
        if flt.admin1 is not None:
            stored = self._distinct("SELECT DISTINCT admin1 FROM events")
            add(*self._in("admin1", matching(stored, admin1_keys(flt.admin1))))
        for key in ("event_type", "sub_event_type"):
            value = getattr(flt, key)
            if value is not None:
                stored = self._distinct(f"SELECT DISTINCT {key} FROM events")
                add(*self._in(key, sorted({s for s in stored if s.casefold() == value.casefold()})))
        if flt.actor is not None:
            add(*self._actor_condition(flt.actor))
        if flt.bbox is not None:
            add(*self._bbox_condition(flt.bbox))
        if flt.text is not None:
            add(*self._text_condition(flt.text.split()))
        if flt.review is None:
            add("review_status <> 'rejected'", [])
        else:
            add("review_status = ?", [flt.review])
        return (" WHERE " + " AND ".join(conditions) if conditions else ""), params

    def _actor_condition(self, actor: str) -> tuple[str, list[Any]]:
        wanted = actor_names(actor, self.actor_resolver)
        stored = self._distinct(
            "SELECT actor1 FROM events WHERE actor1 IS NOT NULL "
            "UNION SELECT actor2 FROM events WHERE actor2 IS NOT NULL"
        )
        names = sorted({s for s in stored if s.casefold() in wanted})
        instr = getattr(self, "_instr", "instr")
        parts: list[str] = []
        params: list[Any] = []
        if names:
            marks = ", ".join("?" for _ in names)
            parts += [f"actor1 IN ({marks})", f"actor2 IN ({marks})"]
            params += [*names, *names]
        # Associated actors are "; "-joined lists: each wanted name, case ignored.
        for name in sorted(wanted):
            for column in ("assoc_actor_1", "assoc_actor_2"):
                parts.append(f"{instr}(lower('; ' || coalesce({column}, '') || '; '), ?) > 0")
                params.append(f"; {name}; ")
        return "(" + " OR ".join(parts) + ")", params
