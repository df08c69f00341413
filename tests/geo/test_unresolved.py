"""Tests for conflictcoder/geo/unresolved.py: unresolved location names by frequency."""

from __future__ import annotations

from conflictcoder.geo.unresolved import unresolved_names
from conflictcoder.model import Event


def event(location: str, unresolved: bool, admin1: str | None = "Idleb") -> Event:
    return Event(
        event_date="2020-01-01",
        event_type="Battles",
        sub_event_type="Armed clash",
        country="Syria",
        admin1=admin1,
        location=location,
        unresolved_location=unresolved,
        actor1=location,
    )


def test_spellings_count_together_most_frequent_first() -> None:
    events = [
        event("Jarjanaz", True),
        event("Jarjaanaz", True, "Hama"),
        event("Jarjanaz", True),
        event("Maar Shamarin", True),
        event("Binnish", False),
        event("", True),
    ]
    rows = unresolved_names(events)
    assert [(r.location, r.count, r.admin1, r.country) for r in rows] == [
        ("Jarjanaz", 3, "Idleb", "Syria"),
        ("Maar Shamarin", 1, "Idleb", "Syria"),
    ]
    assert rows[0].to_dict() == {
        "location": "Jarjanaz",
        "events": 3,
        "admin1": "Idleb",
        "country": "Syria",
    }
    assert [r.location for r in unresolved_names(events, limit=1)] == ["Jarjanaz"]
