"""The coders' notes of an article applied to its events: a coded figure, a total moved to
the lead event, a toll split between places (``allocation.py`` reads the notes)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from ..model import Article, Event, Evidence
from ..ontology import SubEventType
from ..text import sentences, split_words
from .allocation import Allocation, coded_fatalities, read_allocation
from .number_rules import NUMBERS, NumberRules
from .resolution import unique_evidence

__all__ = ["TollAllocator"]

# How firmly an allocation gives an event its figure: a later note of the same or a firmer
# kind wins.
_EVEN, _EACH, _NAMED = 1, 2, 3


def _name_words(name: str, nouns: frozenset[str]) -> frozenset[str]:
    return frozenset(w for w in split_words(name.lower()) if w not in nouns and w != "the")


def _same_place(written: str, names: tuple[str, ...], nouns: frozenset[str]) -> bool:
    """Whether a place named in an allocation ("Tell Hamra area", "Hamra") is one of an
    event's place names: all its words (less the place ``nouns``) are among the words of
    one of them."""
    words = _name_words(written, nouns)
    return bool(words) and any(words <= _name_words(name, nouns) for name in names)


class _CodedFigures:
    """The figure each sentence's coder's note fixes, each sentence read once: every
    event of a sentence asks for it (a sentence naming thousands of places has
    thousands)."""

    def __init__(self, rules: NumberRules) -> None:
        self.rules = rules
        self.read: dict[str, int | None] = {}

    def __call__(self, sentence: str) -> int | None:
        if sentence not in self.read:
            self.read[sentence] = coded_fatalities(sentence, rules=self.rules)
        return self.read[sentence]


class TollAllocator:
    """Give an article's events the figures its coders' notes set.

    types (Mapping[str, SubEventType]): ACLED's sub-event types by name (which are violent).
    rules (NumberRules | None): the number vocabulary the notes are read with (the
        packaged ``numbers.yaml`` when None).

    Example:
        >>> from dataclasses import replace
        >>> from conflictcoder.model import Article, Event
        >>> from conflictcoder.ontology import acled_types
        >>> text = "Jets struck Ariha and Binnish. Fatalities split: 3 Ariha and 2 Binnish."
        >>> strike = Event(None, "Explosions/Remote violence", "Air/drone strike", fatalities=5)
        >>> named = [(replace(strike, location=name), (name,)) for name in ("Ariha", "Binnish")]
        >>> events = TollAllocator(acled_types())(Article("a1", text), named)
        >>> [(e.location, e.fatalities) for e in events]
        [('Ariha', 3), ('Binnish', 2)]
    """

    def __init__(self, types: Mapping[str, SubEventType], rules: NumberRules | None = None) -> None:
        self.types = types
        self.rules = rules if rules is not None else NUMBERS.packaged()

    def __call__(self, article: Article, named: list[tuple[Event, tuple[str, ...]]]) -> list[Event]:
        """Apply the coders' notes: a total to the lead event, a coded figure, a toll split
        between places. ``named``: each event with the names its place was written as."""
        coded = _CodedFigures(self.rules)
        named = self._total_to_lead(
            [(self._coded(event, coded), names) for event, names in named], coded
        )
        return self._allocate(article, named)

    def _total_to_lead(
        self, named: list[tuple[Event, tuple[str, ...]]], coded: _CodedFigures
    ) -> list[tuple[Event, tuple[str, ...]]]:
        """A coder's total for no place in particular ("Total fatalities 26") is the
        figure of the event the note is about, its lead: when a later event took it (the
        toll sentence read as a separate strike), it moves to the lead."""
        violent = [i for i, (e, _) in enumerate(named) if self.types[e.sub_event_type].ucdp]
        if not violent:
            return named
        lead = named[violent[0]][0]
        if self._total_in(lead, coded) is not None:
            return named
        for index in violent[1:]:
            event, names = named[index]
            found = self._total_in(event, coded)
            if found is None:
                continue
            value, evidence = found
            named = list(named)
            named[violent[0]] = (
                replace(
                    lead,
                    fatalities=value,
                    fatalities_low=value,
                    fatalities_high=value,
                    evidence=unique_evidence([*lead.evidence, evidence]),
                ),
                named[violent[0]][1],
            )
            named[index] = (
                replace(event, fatalities=0, fatalities_low=0, fatalities_high=0),
                names,
            )
            break
        return named

    def _total_in(self, event: Event, coded: _CodedFigures) -> tuple[int, Evidence] | None:
        """The last coder's total among the event's sentences that names no place."""
        found = None
        for e in event.evidence:
            value = coded(e.sentence)
            if value is not None and read_allocation(e.sentence, rules=self.rules) is None:
                found = (value, e)
        return found

    @staticmethod
    def _coded(event: Event, coded: _CodedFigures) -> Event:
        """A coder's note among the event's sentences ("Total fatalities coded to 12")
        fixes its figure, whatever the other sentences count; the last note wins."""
        figures = [c for e in event.evidence if (c := coded(e.sentence)) is not None]
        if not figures or figures[-1] == event.fatalities:
            return event
        value = figures[-1]
        return replace(event, fatalities=value, fatalities_low=value, fatalities_high=value)

    def _allocate(
        self, article: Article, named: list[tuple[Event, tuple[str, ...]]]
    ) -> list[Event]:
        """Give each event its share of a toll the article splits between places.

        ACLED codes one event per place: "Total fatalities 7 split as follows: 4 Kafr Ruma
        and 3 Tell Hamra" gives the Kafr Ruma event 4; "5 each" gives every event 5; "split
        between both locations" halves the toll; "Total fatalities in Kafr Ruma coded to 6"
        and "coded to 6 at that location" (the place named just before) set one place.
        Strategic developments and protests keep their figures.
        """
        notes: list[tuple[Allocation, Evidence, str]] = []
        previous = ""
        for m in sentences(article.text):
            sentence = m.group(0)
            found = read_allocation(sentence, rules=self.rules)
            if found is not None:
                start = m.start() + len(sentence) - len(sentence.lstrip())
                end = m.start() + len(sentence.rstrip())
                evidence = Evidence(article.id, article.text[start:end], start, end)
                notes.append((found, evidence, previous))
            previous = sentence
        if not notes:
            return [event for event, _ in named]
        violent = [
            (event, names)
            for event, names in named
            if self.types[event.sub_event_type].ucdp is not None
        ]
        toll = max((event.fatalities for event, _ in violent), default=0)
        shares: dict[int, tuple[int, int, Evidence]] = {}
        for found, evidence, before in notes:
            here = self._named_last(before, violent) if found.here is not None else None
            for index, (_, names) in enumerate(violent):
                rank, value = 0, None
                if found.shares:
                    total = found.total if found.total is not None else toll
                    rank, value = _EVEN, total // found.shares + (index < total % found.shares)
                if found.each is not None:
                    rank, value = _EACH, found.each
                for name, figure in found.places:
                    if _same_place(name, names, self.rules.place_nouns):
                        rank, value = _NAMED, figure
                if here is not None and here == index and found.here is not None:
                    rank, value = _NAMED, found.here
                if value is not None and rank >= shares.get(index, (0, 0, evidence))[0]:
                    shares[index] = (rank, value, evidence)
        result = []
        allocated = {id(violent[i][0]): share for i, share in shares.items()}
        for event, _ in named:
            share = allocated.get(id(event))
            if share is not None:
                _, value, evidence = share
                event = replace(
                    event,
                    fatalities=value,
                    fatalities_low=value,
                    fatalities_high=value,
                    evidence=unique_evidence([*event.evidence, evidence]),
                )
            result.append(event)
        return result

    @staticmethod
    def _named_last(text: str, named: list[tuple[Event, tuple[str, ...]]]) -> int | None:
        """The index of the event whose place ``text`` names last ("that location")."""
        lowered = text.lower()
        best: tuple[int, int] | None = None
        for index, (_, names) in enumerate(named):
            at = max((lowered.rfind(n.lower()) for n in names), default=-1)
            if at >= 0 and (best is None or at > best[0]):
                best = (at, index)
        if best is None:
            return 0 if named else None
        return best[1]
