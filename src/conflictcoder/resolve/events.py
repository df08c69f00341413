"""Assemble ACLED events from mentions: places, dates, actors and counts resolved.

One mention with several places becomes one event per place (ACLED: one event per place
per day per actor pair per type). Mentions of the same incident in one article (a lead
sentence and the body) are merged by the next stage, ``merge``.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache

from ..model import Actor, Article, Casualties, Event, Evidence, Mention, Place, PlaceRef
from ..ontology import acled_types
from ..text import SENTENCE_RE, WORD_RE
from .actors import ActorResolver, interaction
from .allocation import Allocation, coded_fatalities, read_allocation
from .counts import count_casualties, merge_casualties, number_rules
from .dates import DateResolution, resolve_date
from .places import Focus, PlaceResolver

CIVILIANS = 7
STATE = 1
# rebels and political militias: the other side of the state in an armed clash
NON_STATE_ARMED = {2, 3}
ARMED_CLASH = "Armed clash"
PEACEFUL_PROTEST = "Peaceful protest"
PROTESTERS = 6
UNIDENTIFIED = "Unidentified "  # ACLED's prefix for unknown actors
# A month-precision date this far before publication is history, not news.
BACKGROUND_AFTER = timedelta(days=14)
# ACLED marks civilian targeting on political violence only: battles are fought between
# armed groups, and strategic developments (arrests, looting) are not political violence,
# whoever they befall.
NO_CIVILIAN_TARGETING = frozenset({"Battles", "Strategic developments"})
# Sentences for the allocation notes ("Total fatalities 7 split as follows: 4 X and 3 Y").
_SENTENCE_RE = SENTENCE_RE
_WORD_RE = WORD_RE
# How firmly an allocation gives an event its figure: a later note of the same or a firmer
# kind wins.
_EVEN, _EACH, _NAMED = 1, 2, 3


@dataclass
class Resolution:
    """One mention on its way to events: its date, its places and its casualties as the
    resolve components find them."""

    mention: Mention
    date: DateResolution
    places: list[Place] = field(default_factory=list)
    casualties: Casualties | None = None


_Resolved = Resolution


def _name_words(name: str) -> frozenset[str]:
    nouns = number_rules().place_nouns
    return frozenset(w for w in _WORD_RE.findall(name.lower()) if w not in nouns and w != "the")


def _same_place(written: str, names: tuple[str, ...]) -> bool:
    """Whether a place named in an allocation ("Tell Hamra area", "Hamra") is one of an
    event's place names: all its words are among the words of one of them."""
    words = _name_words(written)
    return bool(words) and any(words <= _name_words(name) for name in names)


def _same_force(a: Actor, b: Actor) -> bool:
    """One actor, or a branch of the other ("Military Forces of Syria (2000-) Syrian Arab
    Air Force" of "Military Forces of Syria (2000-)"): never each other's opponent."""
    return a.name == b.name or a.name.startswith(b.name + " ") or b.name.startswith(a.name + " ")


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
        """Events of one article, before merging. ``country`` is the article's main
        country (ACLED name), used where a place gives none. (The pipeline runs these steps
        as components: dates, places, undated, counts, actors, allocation; the merge
        component then joins the reports of one incident, see ``merge.merge_events``.)"""
        resolved = self.dated(article, mentions)
        self.locate(resolved, focus, country)
        self.fill_dates(resolved, article.published, article.text)
        self.count(resolved)
        named = self.assemble(article, resolved, country)
        return self.allocate(article, named)

    def dated(self, article: Article, mentions: Sequence[Mention]) -> list[Resolution]:
        """Each mention with its date; mentions of history (a month long past) left out."""
        resolved: list[Resolution] = []
        for mention in mentions:
            when = resolve_date(mention.date_text or "", article.published)
            if when.text is None and mention.evidence:
                # the only date was when it was said ("..., officials said on Monday")
                when = resolve_date(mention.evidence[0].sentence, article.published)
            if self._background(when, article.published):
                continue
            resolved.append(Resolution(mention, when))
        return resolved

    def locate(self, resolved: Sequence[Resolution], focus: Focus, country: str | None) -> None:
        """Resolve each mention's places (the focus's province when it names none)."""
        for item in resolved:
            places = [
                self.places.resolve(ref, focus, country=country) for ref in item.mention.places
            ]
            item.places = places or [self._fallback_place(focus)]

    @staticmethod
    def count(resolved: Sequence[Resolution]) -> None:
        """Count each mention's casualties over its sentences; a trailing sentence counts
        only when it gives a toll (it is then cited)."""
        for item in resolved:
            mention = item.mention
            counts = [
                count_casualties(e.sentence, doc_id=e.doc_id, offset=e.start)
                for e in (*mention.evidence, *mention.context)
            ]
            item.casualties = merge_casualties(
                c for c in counts if c.fatalities is not None or c.injured is not None or c.evidence
            )

    def assemble(
        self, article: Article, resolved: Sequence[Resolution], country: str | None
    ) -> list[tuple[Event, tuple[str, ...]]]:
        """The events of the resolved mentions (actors resolved, types fixed), each with
        the names its place was written as."""
        named: list[tuple[Event, tuple[str, ...]]] = []
        for item in resolved:
            # actors as ACLED names them on the event date (regime periods)
            for event in map(self.actors.dated, self._events(article, item, country)):
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
        named = self._total_to_lead([(self._coded(event), names) for event, names in named])
        return self._allocate(article, named)

    # ---------------------------------------------------------------- allocation
    def _total_to_lead(
        self, named: list[tuple[Event, tuple[str, ...]]]
    ) -> list[tuple[Event, tuple[str, ...]]]:
        """A coder's total for no place in particular ("Total fatalities 26") is the
        figure of the event the note is about, its lead: when a later event took it (the
        toll sentence read as a separate strike), it moves to the lead."""
        violent = [i for i, (e, _) in enumerate(named) if self.types[e.sub_event_type].ucdp]
        if not violent:
            return named
        lead = named[violent[0]][0]
        if self._total_in(lead) is not None:
            return named
        for index in violent[1:]:
            event, names = named[index]
            found = self._total_in(event)
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
                    evidence=_unique([*lead.evidence, evidence]),
                ),
                named[violent[0]][1],
            )
            named[index] = (
                replace(event, fatalities=0, fatalities_low=0, fatalities_high=0),
                names,
            )
            break
        return named

    @staticmethod
    def _total_in(event: Event) -> tuple[int, Evidence] | None:
        """The last coder's total among the event's sentences that names no place."""
        found = None
        for e in event.evidence:
            value = coded_fatalities(e.sentence)
            if value is not None and read_allocation(e.sentence) is None:
                found = (value, e)
        return found

    @staticmethod
    def _coded(event: Event) -> Event:
        """A coder's note among the event's sentences ("Total fatalities coded to 12")
        fixes its figure, whatever the other sentences count; the last note wins."""
        coded = [c for e in event.evidence if (c := coded_fatalities(e.sentence)) is not None]
        if not coded or coded[-1] == event.fatalities:
            return event
        value = coded[-1]
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
        for m in _SENTENCE_RE.finditer(article.text):
            sentence = m.group(0)
            found = read_allocation(sentence)
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
                    if _same_place(name, names):
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
                    evidence=_unique([*event.evidence, evidence]),
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

    # ---------------------------------------------------------------- dates
    @staticmethod
    def _background(when: DateResolution, published: date | None) -> bool:
        if when.date is None or published is None or when.precision < 3:
            return False
        return published - when.date > BACKGROUND_AFTER

    @staticmethod
    def fill_dates(items: list[_Resolved], published: date | None, text: str = "") -> None:
        """Undated mentions take the date of the same incident told elsewhere in the
        article, else the last date the article gave before them (in any sentence: "On 3
        May, police raided a house. During the raid, a man was killed."), else
        publication."""
        dated = [i for i in items if i.date.date is not None]
        last: DateResolution | None = None
        for item in items:
            if item.date.date is not None:
                last = item.date
                continue
            before = EventResolver._date_before(text, item.mention, published)
            if before is not None:
                last = before
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

    @staticmethod
    def _date_before(text: str, mention: Mention, published: date | None) -> DateResolution | None:
        """The date of the nearest sentence before the mention that gives one (history,
        "at the beginning of last month", gives none)."""
        if not text or not mention.evidence:
            return None
        start = min(e.start for e in mention.evidence)
        # The whole sentences before the mention come from a per-article table (looking
        # back through every sentence for every mention was quadratic in a long article);
        # only the stretch between the last of them and the mention is read here, as the
        # sentence pattern cut at the mention reads it.
        ends, nearest = _sentence_dates(text, published)
        k = bisect_right(ends, start)
        for m in reversed(list(_SENTENCE_RE.finditer(text, ends[k - 1] if k else 0, start))):
            found = resolve_date(m.group(0), published)
            if found.date is not None and not EventResolver._background(found, published):
                return found
        return nearest[k - 1] if k else None

    # ---------------------------------------------------------------- events
    def _fallback_place(self, focus: Focus) -> Place:
        if focus.admin1:
            _, admin1 = focus.admin1[0]
            return self.places.resolve(PlaceRef(admin1, 0, 0, kind="province"), focus)
        return Place(location="", geo_precision=3, unresolved=True)

    def _actor(self, text: str | None, country: str | None) -> Actor | None:
        return self.actors.resolve(text, country=country) if text else None

    def _kind(self, text: str | None) -> Actor | None:
        """The kind of actor a phrase names when no country is known ("army troops": state
        forces, inter 1), with no usable name; None when it names none."""
        found = self.actors.find(text) if text else []
        return found[0].actor if found else None

    def _events(
        self, article: Article, item: _Resolved, default_country: str | None
    ) -> list[Event]:
        mention = item.mention
        if item.casualties is None:
            self.count([item])
        casualties = item.casualties or Casualties()
        events = []
        for index, place in enumerate(item.places):
            country = place.country or default_country
            actor1 = self._actor(mention.actor1_text, country)
            actor2 = self._actor(mention.actor2_text, country)
            if actor2 is not None and actor1 is not None and _same_force(actor1, actor2):
                actor2 = None
            # Where no country is known (a snippet naming none) "army troops" or "gunmen"
            # name no actor, but their kind still types the event (who took the ground,
            # armed against armed); the names stay empty.
            kind1 = actor1 or (self._kind(mention.actor1_text) if country is None else None)
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
            if self._state_second(sub_type, actor1, actor2):
                # ACLED lists the state forces first in a clash (order means no initiator)
                actor1, actor2, assoc1, assoc2 = actor2, actor1, assoc2, assoc1
            if sub_type == PEACEFUL_PROTEST and country:
                # nobody engages a peaceful protest: those it denounces are no actor2
                if actor1 is None or actor1.inter != PROTESTERS:
                    actor1 = self.actors.actor(f"Protesters ({country})", country=country)
                    assoc1 = None
                actor2, assoc2 = None, None
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


@lru_cache(maxsize=4)
def _sentence_dates(
    text: str, published: date | None
) -> tuple[list[int], list[DateResolution | None]]:
    """Where each sentence of ``text`` ends, and the date of the nearest sentence up to it
    that gives one (not background); computed once per article (see ``_date_before``)."""
    ends: list[int] = []
    nearest: list[DateResolution | None] = []
    last: DateResolution | None = None
    for m in _SENTENCE_RE.finditer(text):
        found = resolve_date(m.group(0), published)
        if found.date is not None and not EventResolver._background(found, published):
            last = found
        ends.append(m.end())
        nearest.append(last)
    return ends, nearest
