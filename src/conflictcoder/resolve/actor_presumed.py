"""Presumed actors: who ACLED codes as actor1 when a report names nobody able to do the deed.

A named entry of ``ontology/actors.yaml`` may carry ``presumed``: the events it is taken to
have carried out when the report names no initiator, or only one that cannot carry the
event out ("air strikes on a market killed 24; it was not clear who carried out the
raids": no armed group flies jets). Each presumption holds in some countries, for some
ACLED sub-event types and between two days, as ACLED's own conventions do: while Russia's
air force and Syria's both bombed Syria (30 September 2015 to the fall of the Assad
government, 7 December 2024), ACLED codes an unattributed air strike there to "Allied
Syrian and/or Russian Forces".

Example:
    >>> from pathlib import Path
    >>> rule, = parse_presumptions(
    ...     [{"sub_event_types": ["Air/drone strike"], "from": "2015-09-30"}],
    ...     "Allied Syrian and/or Russian Forces", "Syria", Path("actors.yaml"), 1)
    >>> rule.holds("Syria", "Air/drone strike", date(2016, 9, 10))
    True
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import OntologyError
from ..ontology import acled_types, line_of

__all__ = ["Presumption", "check_keys", "parse_presumptions"]

_KEYS = frozenset({"sub_event_types", "countries", "from", "until"})


@dataclass(frozen=True)
class Presumption:
    """When an actor is presumed to be an event's actor1: in ``countries``, for
    ``sub_event_types``, from ``start`` to ``end`` (both days included; None: open)."""

    countries: frozenset[str]
    sub_event_types: frozenset[str]
    start: date | None
    end: date | None

    def holds(self, country: str | None, sub_event_type: str | None, day: date) -> bool:
        """Whether the presumption covers an event of ``country`` and type on ``day``."""
        return (
            country in self.countries
            and sub_event_type in self.sub_event_types
            and (self.start is None or self.start <= day)
            and (self.end is None or day <= self.end)
        )


def check_keys(
    item: dict[str, Any], known: frozenset[str], what: str, path: Path, line: int | None
) -> None:
    """Raise OntologyError (file:line) for a key of ``item`` that is not ``known``;
    ``what`` names the item in the message ("in a period of 'X'", "for 'X'")."""
    for key in item:
        if key != "__line__" and key not in known:
            raise OntologyError(
                path,
                f"unknown key '{key}' {what} (known keys: {', '.join(sorted(known))})",
                line,
            )


def _day(item: dict[str, Any], key: str, label: str, path: Path, line: int | None) -> date | None:
    if key not in item:
        return None
    value = item[key]
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise OntologyError(
            path, f"presumed '{key}' of '{label}' must be a day (YYYY-MM-DD), got {value!r}", line
        ) from None


def _names(value: Any, what: str, label: str, path: Path, line: int | None) -> frozenset[str]:
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise OntologyError(path, f"presumed {what} of '{label}' must be a list of names", line)
    return frozenset(v.strip() for v in value)


def parse_presumptions(
    raw: Any, label: str, country: str | None, path: Path, line: int | None
) -> tuple[Presumption, ...]:
    """The ``presumed`` list of a named entry ``label``; each item's ``countries`` default to
    the entry's ``country``.

    Raises OntologyError (file:line) for an unknown key or sub-event type, a bad day, or
    an item with no country.
    """
    if raw is None:
        return ()
    if not isinstance(raw, list) or not raw:
        raise OntologyError(path, f"presumed of '{label}' must be a non-empty list", line)
    known_types = acled_types()
    rules: list[Presumption] = []
    for item in raw:
        where = line_of(item) or line
        if not isinstance(item, dict) or "sub_event_types" not in item:
            raise OntologyError(
                path, f"each presumed item of '{label}' needs 'sub_event_types'", where
            )
        check_keys(item, _KEYS, f"in presumed of '{label}'", path, where)
        types = _names(item["sub_event_types"], "sub_event_types", label, path, where)
        unknown = sorted(types - set(known_types))
        if unknown:
            raise OntologyError(
                path, f"presumed of '{label}': unknown sub-event type '{unknown[0]}'", where
            )
        if "countries" in item:
            countries = _names(item["countries"], "countries", label, path, where)
        elif country:
            countries = frozenset({country})
        else:
            raise OntologyError(
                path, f"presumed of '{label}' needs 'countries' (the entry has no country)", where
            )
        start = _day(item, "from", label, path, where)
        end = _day(item, "until", label, path, where)
        if start is not None and end is not None and end < start:
            raise OntologyError(
                path, f"presumed of '{label}': 'until' {end} is before 'from' {start}", where
            )
        rules.append(Presumption(countries, types, start, end))
    return tuple(rules)
