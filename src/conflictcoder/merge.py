"""Deduplication: reports of the same incident become one event with many sources.

ACLED's identity of an event is one place, one day, one type and one actor pair; events
that share it (the same ``event_id``) are merged. Fatalities take the most conservative
reported figure while every figure, document and evidence sentence is kept.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import Event


def _min(a: int | None, b: int | None) -> int | None:
    values = [v for v in (a, b) if v is not None]
    return min(values) if values else None


def merge_pair(kept: Event, other: Event) -> Event:
    """Fold ``other`` into ``kept`` (same event_id) and return ``kept``.

    A report that gives no toll (``fatalities_low`` None) does not lower a reported toll.

    Example:
        >>> a = Event("2019-12-16", "Battles", "Armed clash", fatalities=3, fatalities_low=3,
        ...           doc_ids=["a"])
        >>> b = Event("2019-12-16", "Battles", "Armed clash", fatalities=5, fatalities_low=5,
        ...           doc_ids=["b"])
        >>> merge_pair(a, b).fatalities, a.fatalities_high, a.doc_ids
        (3, 5, ['a', 'b'])
    """
    reported = [e for e in (kept, other) if e.fatalities_low is not None]
    if reported:
        kept.fatalities = min(e.fatalities for e in reported)
        kept.fatalities_low = min(
            e.fatalities_low for e in reported if e.fatalities_low is not None
        )
        kept.fatalities_high = max(
            e.fatalities_high if e.fatalities_high is not None else e.fatalities for e in reported
        )
    kept.injured = _min(kept.injured, other.injured)
    for key, value in other.fatalities_breakdown.items():
        kept.fatalities_breakdown.setdefault(key, value)
    for doc_id in other.doc_ids:
        if doc_id not in kept.doc_ids:
            kept.doc_ids.append(doc_id)
    seen = {(e.doc_id, e.start, e.end) for e in kept.evidence}
    kept.evidence.extend(e for e in other.evidence if (e.doc_id, e.start, e.end) not in seen)
    for name in (
        "assoc_actor_1",
        "assoc_actor_2",
        "weapon",
        "target",
        "reported_by",
        "admin2",
        "admin3",
        "geonameid",
    ):
        if getattr(kept, name) is None and getattr(other, name) is not None:
            setattr(kept, name, getattr(other, name))
    if other.source and kept.source and other.source not in kept.source.split("; "):
        kept.source = f"{kept.source}; {other.source}"
    kept.source = kept.source or other.source
    kept.confidence = max(kept.confidence, other.confidence)
    kept.time_precision = min(kept.time_precision, other.time_precision)
    kept.date_end = _max_str(kept.date_end, other.date_end)
    return kept


def _max_str(a: str | None, b: str | None) -> str | None:
    values = [v for v in (a, b) if v]
    return max(values) if values else None


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
