"""The record a mention is resolved in on its way to events, and what every resolve step
does with it the same way (counting its casualties, citing its evidence)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..model import Casualties, Evidence, Mention, Place
from .counts import count_casualties, merge_casualties
from .dates import DateResolution
from .number_rules import NUMBERS, NumberRules
from .tolls import TollRules

__all__ = ["Resolution", "count_resolutions", "unique_evidence"]


@dataclass
class Resolution:
    """One mention on its way to events: its date, its places and its casualties as the
    resolve components find them."""

    mention: Mention
    date: DateResolution
    places: list[Place] = field(default_factory=list)
    casualties: Casualties | None = None


def count_resolutions(
    resolved: Sequence[Resolution],
    rules: NumberRules | None = None,
    tolls: TollRules | None = None,
) -> None:
    """Count each mention's casualties over its sentences; a trailing sentence counts
    only when it gives a toll (it is then cited). ``rules``: the number vocabulary (the
    packaged ``numbers.yaml`` when None); ``tolls``: how the sentences' figures combine
    (the packaged ``tolls.yaml`` when None)."""
    other = (rules or NUMBERS.packaged()).other_incident
    for item in resolved:
        mention = item.mention
        told = (*mention.evidence, *mention.context)
        # "the attack comes two days after jets hit a convoy": from there on the telling
        # turns to another incident, whose toll is not this one's
        turn = next(
            (k for k, e in enumerate(told) if k and other is not None and other.search(e.sentence)),
            len(told),
        )
        counts = [
            count_casualties(e.sentence, doc_id=e.doc_id, offset=e.start, rules=rules)
            for e in told[:turn]
        ]
        item.casualties = merge_casualties(
            (c for c in counts if c.fatalities is not None or c.injured is not None or c.evidence),
            tolls,
        )


def unique_evidence(evidence: Iterable[Evidence]) -> list[Evidence]:
    """Evidence in text order, each sentence once.

    Example:
        >>> e = Evidence("d", "Two died.", 0, 9)
        >>> unique_evidence([e, e]) == [e]
        True
    """
    return sorted(set(evidence), key=lambda e: (e.doc_id, e.start, e.end))
