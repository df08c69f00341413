"""Location names no gazetteer knew, by frequency: what a user should add to a supplement."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..model import Event
from .names import name_key


@dataclass(frozen=True)
class UnresolvedName:
    """One unresolved location: how many events carry it, and where they were coded."""

    location: str
    count: int
    admin1: str | None
    country: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "location": self.location,
            "events": self.count,
            "admin1": self.admin1,
            "country": self.country,
        }


def unresolved_names(events: Iterable[Event], *, limit: int | None = None) -> list[UnresolvedName]:
    """The locations of events flagged ``unresolved_location``, most frequent first.

    Spellings of one name (same ``name_key``, same country) count together under the most
    frequent spelling; the province shown is the one most of its events were coded in.

    events (Iterable[Event]): e.g. ``open_store(url).events()``.
    limit (int | None): at most this many names. Defaults to all.
    RETURNS (list[UnresolvedName]): by count, then name.

    Example:
        >>> events = [Event("2020-02-03", "Battles", "Armed clash", location=name, country="Syria",
        ...                 admin1="Idleb", unresolved_location=name != "Ariha")
        ...           for name in ("Tell Hamra", "Kafr Dumm", "Tal Hamra", "Tell Hamra", "Ariha")]
        >>> [(n.location, n.count, n.admin1) for n in unresolved_names(events)]
        [('Tell Hamra', 3, 'Idleb'), ('Kafr Dumm', 1, 'Idleb')]
    """
    counts: Counter[tuple[str, str]] = Counter()
    spellings: dict[tuple[str, str], Counter[str]] = {}
    provinces: dict[tuple[str, str], Counter[str]] = {}
    for event in events:
        if not event.unresolved_location or not event.location:
            continue
        key = (name_key(event.location) or event.location, event.country or "")
        counts[key] += 1
        spellings.setdefault(key, Counter())[event.location] += 1
        if event.admin1:
            provinces.setdefault(key, Counter())[event.admin1] += 1
    rows = []
    for key, count in counts.items():
        spelling = sorted(spellings[key].items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        admin1 = provinces.get(key)
        rows.append(
            UnresolvedName(
                spelling,
                count,
                sorted(admin1.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] if admin1 else None,
                key[1] or None,
            )
        )
    rows.sort(key=lambda r: (-r.count, r.location))
    return rows[:limit] if limit is not None else rows
