"""The reports of one incident made into its event: ``combine_reports`` (the most
conservative toll with its range; date, place and actors from the most precise and most
often reported version) and the order reports are taken in."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from ..model import Event, Evidence
from .identity import (
    _PLACE_DETAILS,
    ACTOR_FIELDS,
    DEFAULT_RULE,
    PLACE_FIELDS,
    MergeRule,
    _place_key,
    _unknown,
    reported_toll,
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
