"""Assemble ACLED events from mentions: places, dates, actors and counts resolved.

One mention with several places becomes one event per place (ACLED: one event per place
per day per actor pair per type). Mentions of the same incident in one article (a lead
sentence and the body) are merged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ..merge import merge_events
from ..model import Actor, Article, Casualties, Event, Evidence, Mention, Place, PlaceRef
from ..ontology import acled_types
from .actors import ActorResolver, interaction
from .counts import count_casualties, merge_casualties
from .dates import DateResolution, resolve_date
from .places import Focus, PlaceResolver

CIVILIANS = 7
STATE = 1
# A month-precision date this far before publication is history, not news.
BACKGROUND_AFTER = timedelta(days=14)


@dataclass
class _Resolved:
    mention: Mention
    date: DateResolution
    places: list[Place]


def _unique(evidence: list[Evidence]) -> list[Evidence]:
    """Evidence in text order, each sentence once."""
    return sorted(set(evidence), key=lambda e: (e.doc_id, e.start, e.end))


class EventResolver:
    """Resolve an article's mentions into events.

    places (PlaceResolver): toponym -> Place.
    actors (ActorResolver): actor phrase -> Actor.

    Example:
        >>> events = EventResolver(places, actors)(article, mentions, focus)
    """

    def __init__(self, places: PlaceResolver, actors: ActorResolver) -> None:
        self.places = places
        self.actors = actors
        self.types = acled_types()

    def __call__(
        self,
        article: Article,
        mentions: Sequence[Mention],
        focus: Focus,
        *,
        country: str | None = None,
    ) -> list[Event]:
        """Events of one article. ``country`` is the article's main country (ACLED name),
        used where a place gives none."""
        resolved: list[_Resolved] = []
        for mention in mentions:
            when = resolve_date(mention.date_text or "", article.published)
            if self._background(when, article.published):
                continue
            places = [self.places.resolve(ref, focus, country=country) for ref in mention.places]
            if not places:
                places = [self._fallback_place(focus)]
            resolved.append(_Resolved(mention, when, places))
        self._fill_dates(resolved, article.published)
        events: list[Event] = []
        for item in resolved:
            events.extend(self._events(article, item, country))
        return merge_events(events)

    # ---------------------------------------------------------------- dates
    @staticmethod
    def _background(when: DateResolution, published: date | None) -> bool:
        if when.date is None or published is None or when.precision < 3:
            return False
        return published - when.date > BACKGROUND_AFTER

    @staticmethod
    def _fill_dates(items: list[_Resolved], published: date | None) -> None:
        """Undated mentions take the date of the same incident told elsewhere in the
        article, else the last date the article gave before them, else publication."""
        dated = [i for i in items if i.date.date is not None]
        last: DateResolution | None = None
        for item in items:
            if item.date.date is not None:
                last = item.date
                continue
            same = next(
                (
                    d.date
                    for d in dated
                    if d.mention.sub_event_type == item.mention.sub_event_type
                    and {p.location for p in d.places} & {p.location for p in item.places}
                ),
                None,
            )
            if same is not None:
                item.date = same
            elif last is not None:
                item.date = last
            elif published is not None:
                item.date = DateResolution(published, 1, None, None)

    # ---------------------------------------------------------------- events
    def _fallback_place(self, focus: Focus) -> Place:
        if focus.admin1:
            _, admin1 = focus.admin1[0]
            return self.places.resolve(PlaceRef(admin1, 0, 0, kind="province"), focus)
        return Place(location="", geo_precision=3, unresolved=True)

    def _actor(self, text: str | None, country: str | None) -> Actor | None:
        return self.actors.resolve(text, country=country) if text else None

    def _events(
        self, article: Article, item: _Resolved, default_country: str | None
    ) -> list[Event]:
        mention = item.mention
        counts = [
            count_casualties(e.sentence, doc_id=e.doc_id, offset=e.start)
            for e in (*mention.evidence, *mention.context)
        ]
        # a trailing sentence counts only when it gives a toll; it is then cited
        casualties = merge_casualties(
            c for c in counts if c.fatalities is not None or c.injured is not None or c.evidence
        )
        events = []
        for index, place in enumerate(item.places):
            country = place.country or default_country
            actor1 = self._actor(mention.actor1_text, country)
            actor2 = self._actor(mention.actor2_text, country)
            if actor2 is not None and actor1 is not None and actor2.name == actor1.name:
                actor2 = None
            sub_type = self._sub_event_type(mention, actor1, actor2, casualties)
            if sub_type is None:
                continue
            civilians_hit = self._civilian_victims(casualties)
            if actor2 is None and civilians_hit and country:
                actor2 = self.actors.actor(f"Civilians ({country})", country=country)
            if actor1 is None and actor2 is not None and actor2.inter == CIVILIANS and country:
                actor1 = self.actors.actor(f"Unidentified Armed Group ({country})", country=country)
            assoc1 = self._names(mention.assoc_actor_1_texts, country, {actor1, actor2})
            assoc2 = self._names(mention.assoc_actor_2_texts, country, {actor1, actor2})
            # deaths in one sentence belong to the first place it names
            counted = casualties if index == 0 else Casualties()
            inter1 = actor1.inter if actor1 else None
            inter2 = actor2.inter if actor2 else None
            when = item.date
            events.append(
                Event(
                    event_date=when.date.isoformat() if when.date else None,
                    time_precision=when.precision,
                    date_end=when.date_end.isoformat() if when.date_end else None,
                    event_type=self.types[sub_type].event_type,
                    sub_event_type=sub_type,
                    plover_type=self.types[sub_type].plover,
                    actor1=actor1.name if actor1 else None,
                    assoc_actor_1=assoc1,
                    inter1=inter1,
                    actor2=actor2.name if actor2 else None,
                    assoc_actor_2=assoc2,
                    inter2=inter2,
                    interaction=interaction(inter1, inter2),
                    civilian_targeting="Civilian targeting"
                    if inter2 == CIVILIANS and self.types[sub_type].event_type != "Battles"
                    else None,
                    country=country,
                    iso=place.iso,
                    admin1=place.admin1,
                    admin2=place.admin2,
                    admin3=place.admin3,
                    location=place.location or None,
                    latitude=place.latitude,
                    longitude=place.longitude,
                    geo_precision=place.geo_precision,
                    geonameid=place.geonameid,
                    unresolved_location=place.unresolved,
                    admin1_pcode=place.admin1_pcode,
                    admin2_pcode=place.admin2_pcode,
                    admin3_pcode=place.admin3_pcode,
                    source=article.source,
                    notes=mention.evidence[0].sentence,
                    fatalities=counted.fatalities or 0,
                    fatalities_low=counted.fatalities_low
                    if counted.fatalities_low is not None
                    else counted.fatalities,
                    fatalities_high=counted.fatalities_high
                    if counted.fatalities_high is not None
                    else counted.fatalities,
                    injured=counted.injured,
                    fatalities_breakdown=dict(counted.breakdown),
                    doc_ids=[article.id],
                    evidence=_unique(list(mention.evidence) + list(counted.evidence)),
                    confidence=self._confidence(mention, place, actor1, when),
                    modality=mention.modality,
                    weapon=mention.weapon,
                    target=mention.target,
                    reported_by=mention.reported_by,
                )
            )
        return events

    def _names(
        self, texts: Sequence[str], country: str | None, taken: set[Actor | None]
    ) -> str | None:
        names: list[str] = []
        taken_names = {a.name for a in taken if a is not None}
        for text in texts:
            actor = self._actor(text, country)
            if actor and actor.name not in taken_names and actor.name not in names:
                names.append(actor.name)
        return "; ".join(names) or None

    @staticmethod
    def _civilian_victims(casualties: Casualties) -> bool:
        keys = {"children", "women", "civilians"}
        return any(casualties.breakdown.get(k) for k in keys)

    def _sub_event_type(
        self,
        mention: Mention,
        actor1: Actor | None,
        actor2: Actor | None,
        casualties: Casualties,
    ) -> str | None:
        """Types that depend on who acted: capture verbs and generic violence."""
        sub = mention.sub_event_type
        if mention.territory and actor1 is None:
            return None  # ground changed hands, but nobody says who took it
        if not mention.generic:
            return self._by_initiator(sub, actor1)
        armed2 = actor2 is not None and actor2.inter != CIVILIANS
        if actor1 is not None and armed2:
            return "Armed clash"
        if actor2 is not None and actor2.inter == CIVILIANS:
            return "Attack"
        if self._civilian_victims(casualties):
            return "Attack"
        if sub == "Armed clash" and actor1 is not None:
            return sub
        if actor1 is not None and actor1.inter != CIVILIANS and casualties.fatalities:
            return "Attack"
        return None

    def _by_initiator(self, sub: str, actor1: Actor | None) -> str:
        """ACLED types that depend on whether the initiator is the country's state forces."""
        if actor1 is None:
            return sub
        spec = self.types[sub]
        if actor1.inter == STATE and spec.by_state:
            return spec.by_state
        if actor1.inter != STATE and spec.by_non_state:
            return spec.by_non_state
        return sub

    @staticmethod
    def _confidence(
        mention: Mention, place: Place, actor1: Actor | None, when: DateResolution
    ) -> float:
        score = mention.confidence
        score += 0.1 if not place.unresolved else -0.1
        score += 0.1 if actor1 is not None else -0.1
        score += 0.05 if when.text else 0.0
        return round(max(0.05, min(0.99, score)), 2)
