"""From one resolved mention to its ACLED events, one per place: the actors resolved, the
sub-event type fixed by who acted, the casualties and the confidence."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from ..model import Actor, Article, Casualties, Event, Mention, Place
from ..ontology import SubEventType
from .actors import ActorResolver, interaction
from .allocation import split_by_place
from .dates import DateResolution
from .number_rules import NumberRules
from .resolution import Resolution, count_resolutions, unique_evidence
from .tolls import TOLLS, TollRules

__all__ = ["EventBuilder"]

CIVILIANS = 7
STATE = 1
# rebels and political militias: the other side of the state in an armed clash
NON_STATE_ARMED = {2, 3}
ARMED_CLASH = "Armed clash"
PEACEFUL_PROTEST = "Peaceful protest"
PROTESTERS = 6
UNIDENTIFIED = "Unidentified "  # ACLED's prefix for unknown actors
# ACLED marks civilian targeting on political violence only: battles are fought between
# armed groups, and strategic developments (arrests, looting) are not political violence,
# whoever they befall.
NO_CIVILIAN_TARGETING = frozenset({"Battles", "Strategic developments"})


def _same_force(a: Actor, b: Actor) -> bool:
    """One actor, or a branch of the other ("Military Forces of Syria (2000-) Syrian Arab
    Air Force" of "Military Forces of Syria (2000-)"): never each other's opponent."""
    return a.name == b.name or a.name.startswith(b.name + " ") or b.name.startswith(a.name + " ")


class EventBuilder:
    """Build the events of one resolved mention.

    actors (ActorResolver): actor phrase -> Actor.
    types (Mapping[str, SubEventType]): ACLED's sub-event types by name.
    rules (NumberRules | None): the number vocabulary, for a mention not yet counted.
    tolls (TollRules | None): how its sentences' figures combine (the packaged
        ``tolls.yaml`` when None).

    Example:
        >>> from datetime import date
        >>> from conflictcoder.model import Article, Evidence, Mention, Place
        >>> from conflictcoder.ontology import acled_types
        >>> from conflictcoder.resolve.dates import DateResolution
        >>> text = "Regime jets struck Ariha, killing two civilians."
        >>> mention = Mention("a1", "Air/drone strike", "Explosions/Remote violence", "struck",
        ...                   (Evidence("a1", text, 0, 48),), actor1_text="Regime jets")
        >>> item = Resolution(mention, DateResolution(date(2024, 3, 4), 1, None, None),
        ...                   [Place(location="Ariha", country="Syria")])
        >>> builder = EventBuilder(ActorResolver.load(), acled_types())
        >>> [event] = builder(Article("a1", text), item, "Syria")
        >>> event.actor1, event.actor2, event.fatalities
        ('Military Forces of Syria (2000-) Syrian Arab Air Force', 'Civilians (Syria)', 2)
    """

    def __init__(
        self,
        actors: ActorResolver,
        types: Mapping[str, SubEventType],
        rules: NumberRules | None = None,
        tolls: TollRules | None = None,
    ) -> None:
        self.actors = actors
        self.types = types
        self.rules = rules
        self.tolls = tolls

    def __call__(
        self, article: Article, item: Resolution, default_country: str | None
    ) -> list[Event]:
        """The events of ``item``, one per place (none for a type that needs an actor it
        lacks); ``default_country`` is the article's, for a place that gives none."""
        mention = item.mention
        if item.casualties is None:
            count_resolutions([item], self.rules, self.tolls)
        casualties = item.casualties or Casualties()
        shares = self._place_shares(mention, item.places, casualties)
        events = []
        for index, place in enumerate(item.places):
            country = place.country or default_country
            actor1 = self._actor(mention.actor1_text, country)
            actor2 = self._actor(mention.actor2_text, country)
            if actor2 is not None and actor1 is not None and _same_force(actor1, actor2):
                actor2 = None
            # Where no country is known (a snippet naming none) "army troops" or "gunmen"
            # name no actor, but their kind still types the event (who took the ground,
            # armed against armed); the names stay empty. Who took the ground types a
            # capture in any country ("ISIS militants" where the dictionary names no branch).
            unnamed = country is None or mention.territory
            kind1 = actor1 or (self._kind(mention.actor1_text) if unnamed else None)
            kind2 = actor2 or (self._kind(mention.actor2_text) if country is None else None)
            sub_type = self._sub_event_type(mention, kind1, kind2, casualties)
            if sub_type is None:
                continue
            actor1, actor2 = self._able_initiator(sub_type, mention.weapon, actor1, actor2)
            battle = self.types[sub_type].event_type == "Battles"
            if battle and actor2 is not None and actor2.inter == CIVILIANS:
                # a battle is fought between armed groups: civilians killed in it are its
                # victims, not a side (ACLED never codes civilians in a battle)
                actor2 = None
            civilians_hit = self._civilian_victims(casualties)
            if actor2 is None and civilians_hit and country and not battle:
                actor2 = self.actors.actor(f"Civilians ({country})", country=country)
            if actor1 is None and actor2 is not None and actor2.inter == CIVILIANS and country:
                actor1 = self.actors.actor(f"Unidentified Armed Group ({country})", country=country)
            assoc1 = self._names(mention.assoc_actor_1_texts, country, {actor1, actor2})
            assoc2 = self._names(mention.assoc_actor_2_texts, country, {actor1, actor2})
            if not mention.directed and self._state_second(sub_type, actor1, actor2):
                # ACLED lists the state forces first in a clash (order means no initiator)
                actor1, actor2, assoc1, assoc2 = actor2, actor1, assoc2, assoc1
            if sub_type == PEACEFUL_PROTEST and country:
                # nobody engages a peaceful protest: those it denounces are no actor2
                if actor1 is None or actor1.inter != PROTESTERS:
                    actor1 = self.actors.actor(f"Protesters ({country})", country=country)
                    assoc1 = None
                actor2, assoc2 = None, None
            # deaths in one sentence belong to the first place it names; a kidnapping or an
            # arrest has none of its own (tolls.yaml untolled_types)
            untolled = (self.tolls or TOLLS.packaged()).untolled_types
            counted = casualties if index == 0 and sub_type not in untolled else Casualties()
            if shares is not None and sub_type not in untolled:
                # "15 in a district of X and another six in Y": each place its own deaths
                share = shares[index]
                counted = replace(
                    casualties,
                    fatalities=share,
                    fatalities_low=share,
                    fatalities_high=share,
                    breakdown={},
                )
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
                    if inter2 == CIVILIANS
                    and self.types[sub_type].event_type not in NO_CIVILIAN_TARGETING
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
                    evidence=unique_evidence(list(mention.evidence) + list(counted.evidence)),
                    confidence=self._confidence(mention, place, actor1, when),
                    modality=mention.modality,
                    weapon=mention.weapon,
                    target=mention.target,
                    reported_by=mention.reported_by,
                )
            )
        return events

    def _place_shares(
        self, mention: Mention, places: Sequence[Place], casualties: Casualties
    ) -> tuple[int, ...] | None:
        """Each place's deaths when a sentence of the telling splits its toll between them
        ("21 were killed, 15 in X and another six in Y"), else None."""
        names = [ref.name for ref in mention.places]
        if not casualties.fatalities or len(names) != len(places):
            return None
        for e in mention.evidence:
            shares = split_by_place(e.sentence, names, casualties.fatalities, rules=self.rules)
            if shares is not None:
                return shares
        return None

    def _actor(self, text: str | None, country: str | None) -> Actor | None:
        return self.actors.resolve(text, country=country) if text else None

    def _kind(self, text: str | None) -> Actor | None:
        """The kind of actor a phrase names when no country is known ("army troops": state
        forces, inter 1), with no usable name; None when it names none."""
        found = self.actors.find(text) if text else []
        return found[0].actor if found else None

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
    def _state_second(sub_type: str, actor1: Actor | None, actor2: Actor | None) -> bool:
        """An armed clash of rebels or militias (actor1) with the country's state forces."""
        return (
            sub_type == ARMED_CLASH
            and actor1 is not None
            and actor2 is not None
            and actor2.inter == STATE
            and actor1.inter in NON_STATE_ARMED
            and not actor1.name.startswith(UNIDENTIFIED)  # unknown attackers stay first
        )

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

    def _able_initiator(
        self, sub: str, weapon: str | None, actor1: Actor | None, actor2: Actor | None
    ) -> tuple[Actor | None, Actor | None]:
        """The actor pair with an initiator that can carry the event out (``initiators`` in
        ``acled_types.yaml``): "airstrikes on rebel bastions" names the rebels, who fly no
        jets, as the target. The other actor initiates when it can, else nobody named."""
        spec = self.types[sub]
        if actor1 is None or spec.can_initiate(actor1.inter, weapon):
            return actor1, actor2
        if actor2 is not None and actor2.inter != CIVILIANS and spec.can_initiate(actor2.inter):
            return actor2, actor1
        return None, actor2 or actor1

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
