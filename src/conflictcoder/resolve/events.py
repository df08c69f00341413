"""Assemble ACLED events from mentions: places, dates, actors and counts resolved.

One mention with several places becomes one event per place (ACLED: one event per place
per day per actor pair per type). Mentions of the same incident in one article (a lead
sentence and the body) are merged by the next stage, ``merge``.

``EventResolver`` holds the steps that need the gazetteer and the actor dictionary, each
left to a collaborator: the places (``PlaceResolver``), the casualties
(``resolution.count_resolutions``), the events of one mention (``EventBuilder``) and the
coders' notes (``TollAllocator``). The pipeline's components (``pipeline/stages.py``) run
them in order, with the dating of the mentions (``NarrativeDates``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..model import Article, Event, Place, PlaceRef
from ..ontology import SubEventType, acled_types
from .actors import ActorResolver
from .allocator import TollAllocator
from .event_builder import EventBuilder
from .narrative import BACKGROUND_AFTER
from .number_rules import NumberRules
from .places import Focus, PlaceResolver
from .resolution import Resolution, count_resolutions
from .tolls import TollRules

__all__ = ["BACKGROUND_AFTER", "EventResolver", "Resolution"]


class EventResolver:
    """The steps that resolve an article's mentions into events (the ``places``, ``counts``,
    ``actors`` and ``allocation`` components run them).

    places (PlaceResolver): toponym -> Place.
    actors (ActorResolver): actor phrase -> Actor.
    types (Mapping[str, SubEventType] | None): ACLED's sub-event types (the packaged ones
        when None).
    rules (NumberRules | None): the number vocabulary of the counts and the coders' notes
        (the packaged ``numbers.yaml`` when None).
    tolls (TollRules | None): how the figures of a mention's sentences combine (the
        packaged ``tolls.yaml`` when None).

    Example:
        >>> from datetime import date
        >>> from conflictcoder.model import Article, Evidence, Mention, PlaceRef
        >>> from conflictcoder.resolve.dates import DateResolution
        >>> text = "Regime jets struck Ariha, killing two civilians."
        >>> mention = Mention("a1", "Air/drone strike", "Explosions/Remote violence", "struck",
        ...                   (Evidence("a1", text, 0, 48),), actor1_text="Regime jets",
        ...                   places=(PlaceRef("Ariha", 19, 24),))
        >>> resolved = [Resolution(mention, DateResolution(date(2024, 3, 4), 1, None, None))]
        >>> resolver = EventResolver(PlaceResolver(gaz), ActorResolver.load())
        >>> resolver.locate(resolved, Focus(countries=("SY",)), "Syria")
        >>> resolver.count(resolved)
        >>> named = resolver.assemble(Article("a1", text), resolved, "Syria")
        >>> [(e.location, e.admin1, e.actor2, e.fatalities, names) for e, names in named]
        [('Ariha', 'Idleb', 'Civilians (Syria)', 2, ('Ariha',))]
    """

    def __init__(
        self,
        places: PlaceResolver,
        actors: ActorResolver,
        *,
        types: Mapping[str, SubEventType] | None = None,
        rules: NumberRules | None = None,
        tolls: TollRules | None = None,
    ) -> None:
        self.places = places
        self.actors = actors
        self.types = types if types is not None else acled_types()
        self.rules = rules
        self.tolls = tolls
        self.builder = EventBuilder(actors, self.types, rules, tolls)
        self.allocator = TollAllocator(self.types, rules)

    def locate(self, resolved: Sequence[Resolution], focus: Focus, country: str | None) -> None:
        """Resolve each mention's places (the focus's province when it names none)."""
        for item in resolved:
            places = [
                self.places.resolve(ref, focus, country=country) for ref in item.mention.places
            ]
            item.places = places or [self._fallback_place(focus)]

    def count(self, resolved: Sequence[Resolution]) -> None:
        """Count each mention's casualties over its sentences; a trailing sentence counts
        only when it gives a toll (it is then cited)."""
        count_resolutions(resolved, self.rules, self.tolls)

    def assemble(
        self, article: Article, resolved: Sequence[Resolution], country: str | None
    ) -> list[tuple[Event, tuple[str, ...]]]:
        """The events of the resolved mentions (actors resolved, types fixed), each with
        the names its place was written as."""
        named: list[tuple[Event, tuple[str, ...]]] = []
        for item in resolved:
            # actors as ACLED names them on the event date (regime periods)
            for event in map(self.actors.dated, self.builder(article, item, country)):
                refs = {
                    ref.name
                    for ref, place in zip(item.mention.places, item.places, strict=False)
                    if place.location == event.location
                }
                named.append((event, tuple({event.location or "", *refs} - {""})))
        return named

    def allocate(self, article: Article, named: list[tuple[Event, tuple[str, ...]]]) -> list[Event]:
        """Apply the coders' notes: a total to the lead event, a coded figure, a toll split
        between places."""
        return self.allocator(article, named)

    def _fallback_place(self, focus: Focus) -> Place:
        if focus.admin1:
            _, admin1 = focus.admin1[0]
            return self.places.resolve(PlaceRef(admin1, 0, 0, kind="province"), focus)
        return Place(location="", geo_precision=3, unresolved=True)
