"""Arguments of an event: who did it, to whom, and where (as raw spans).

Actor and place spotting are injected (plain callables over text), so this module knows
nothing of how the gazetteer or the actor dictionary work. Cue words live in
``ontology/places.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from spacy.tokens import Doc, Span, Token

from ..model import PlaceRef
from ..ontology import ONTOLOGY_DIR, WordLists

PLACES_FILE = ONTOLOGY_DIR / "places.yaml"
ACTOR_ROLES_FILE = ONTOLOGY_DIR / "actor_roles.yaml"
CIVILIAN_INTER = 7
# Dependencies that put an actor on the receiving end of the action.
_PATIENT_DEPS = {"dobj", "nsubjpass", "pobj", "attr"}
_PATIENT_PREPS = {"on", "against", "at", "targeting", "toward", "towards", "into"}
_AGENT_PREPS = {"by", "from"}
# Arabic articles and joiners inside a place name ("Abu al-Duhur", "Ras al-Ain")
_NAME_JOINERS = {"al", "el", "ad", "ash", "as", "an", "ar", "az", "at", "-", "'", "’"}
# words that may stand between "near" and the name it qualifies
_NEAR_FILLER = {"to", "of", "the", "a"}
# words between actor names that carry no role ("SNA fighters, which operate under ...")
_LIST_GAPS = {"and", "", "as well as", "&", "including"}
# the words that may part the two sides of "between X and Y"
_SIDE_GAPS = {"and", "", "&"}
# how far after a trigger "between" may stand ("clashes took place between")
_BETWEEN_REACH = 6
# words that may stand between "between" and the first side ("between the pro-Turkey X")
_SIDE_LEAD = 3
# how many words before an actor a companion cue may stand ("amid heavy regime shelling")
_COMPANION_REACH = 12
# allies are named close together (characters between their names)
_ALLY_REACH = 60
# words that may qualify an ally's name after the cue ("and the Lebanese militia Hezbollah")
_ALLY_SLACK = 2
# how many heads up from the trigger's verb its subject is looked for
_SUBJECT_CLIMB = 4
STATE_INTER = 1
EXTERNAL_INTER = 8
# inter codes of actors that belong to the event country: state forces, rebels, militias
_LOCAL_INTERS = {1, 2, 3, 4}
# "the regime-held town of X": words of a control compound before a place name
_HELD = {"of", "-", "held", "controlled", "besieged", "occupied"}


class ActorHit(Protocol):
    """What extract needs of an actor match (``resolve.actors.ActorMatch`` fits)."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...

    @property
    def text(self) -> str: ...

    @property
    def actor(self) -> Any: ...

    @property
    def generic(self) -> bool: ...


class ActorSpotter(Protocol):
    def find(self, text: str, *, country: str | None = None) -> Sequence[ActorHit]: ...


class PlaceSpotter(Protocol):
    def spans(self, text: str) -> list[tuple[int, int, str]]: ...

    def country(self, name: str) -> Any: ...

    def ignored(self, name: str) -> bool: ...


@dataclass(frozen=True)
class PlaceCues:
    settlement_nouns: frozenset[str]
    province_nouns: frozenset[str]
    countryside_nouns: frozenset[str]
    near_words: frozenset[str]
    outskirts_words: frozenset[str]
    place_prepositions: frozenset[str]
    origin_prepositions: frozenset[str]
    directions: dict[str, str]
    not_places: frozenset[str]
    unit_nouns: frozenset[str] = frozenset()


def load_place_cues(path: str | Path = PLACES_FILE) -> PlaceCues:
    """The cue words of ``places.yaml``.

    Example:
        >>> "province" in load_place_cues().province_nouns
        True
    """
    lists = WordLists(path, "places")

    def words(key: str) -> frozenset[str]:
        return frozenset(lists.words(key))

    data = lists.data
    directions = {str(k).lower(): str(v) for k, v in (data.get("directions") or {}).items()}
    directions.pop("__line__", None)
    return PlaceCues(
        settlement_nouns=words("settlement_nouns"),
        province_nouns=words("province_nouns"),
        countryside_nouns=words("countryside_nouns"),
        near_words=words("near_words"),
        outskirts_words=words("outskirts_words"),
        place_prepositions=words("place_prepositions"),
        origin_prepositions=words("origin_prepositions"),
        directions=directions,
        not_places=frozenset(str(v) for v in data.get("not_places", [])),
        unit_nouns=words("unit_nouns"),
    )


@dataclass(frozen=True)
class ActorCues:
    """Cue phrases of ``actor_roles.yaml`` (lower-case, words separated by one space)."""

    allies: frozenset[str]
    companions: tuple[str, ...]
    between: frozenset[str]
    versus: frozenset[str]
    fillers: frozenset[str] = frozenset()


def load_actor_cues(path: str | Path = ACTOR_ROLES_FILE) -> ActorCues:
    """The cue phrases of ``actor_roles.yaml``.

    Example:
        >>> "supported by" in load_actor_cues().allies
        True
    """
    lists = WordLists(path, "actor roles")

    def phrases(key: str) -> list[str]:
        return [" ".join(re.findall(r"[a-z']+|&", v)) or v for v in lists.words(key)]

    return ActorCues(
        allies=frozenset(phrases("allies")),
        companions=tuple(phrases("companions")),
        between=frozenset(phrases("between")),
        versus=frozenset(phrases("versus")),
        fillers=frozenset(lists.words("fillers")),
    )


@dataclass
class Roles:
    """Actors of one mention, as surface texts."""

    actor1: str | None = None
    actor2: str | None = None
    assoc1: list[str] = field(default_factory=list)
    assoc2: list[str] = field(default_factory=list)
    actor1_inter: int | None = None
    actor2_inter: int | None = None


@dataclass(frozen=True)
class _Moved:
    """An actor hit standing at another phrase's position (see ``_fold_members``)."""

    start: int
    end: int
    text: str
    actor: Any
    generic: bool


def _state_force(hit: ActorHit) -> bool:
    """State forces: inter 1 at home, 8 abroad (a named state, not an unknown force)."""
    return getattr(hit.actor, "inter", None) in {1, 8} and bool(getattr(hit.actor, "country", None))


def _inside(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _entities_in(sent: Span) -> list[Span]:
    """The named entities wholly inside ``sent`` (what ``sent.ents`` gives), read from its
    tokens' entity tags: ``Span.ents`` builds every entity of the Doc on each use, which is
    quadratic over an article of many event sentences.

    Example:
        >>> [e.text for e in _entities_in(next(nlp("Jets hit Aleppo. Talks.").sents))]
        ['Aleppo']
    """
    doc = sent.doc
    found: list[Span] = []
    i = sent.start
    while i < sent.end:
        if doc[i].ent_iob_ != "B":
            i += 1
            continue
        j = i + 1
        while j < len(doc) and doc[j].ent_iob_ == "I":
            j += 1
        if j <= sent.end:
            found.append(Span(doc, i, j, label=doc[i].ent_type_, kb_id=doc[i].ent_kb_id_))
        i = j
    return found


class ArgumentFinder:
    """Find actors and place references of a trigger's sentence.

    Example:
        >>> finder = ArgumentFinder(actors, gazetteer)
        >>> refs = finder.places(sent, trigger, excluded=())
    """

    def __init__(
        self,
        actors: ActorSpotter,
        places: PlaceSpotter,
        cues: PlaceCues | None = None,
        membership: Sequence[str] = (),
        actor_cues: ActorCues | None = None,
    ) -> None:
        self.actor_spotter = actors
        self.place_spotter = places
        self.cues = cues or load_place_cues()
        self.actor_cues = actor_cues or load_actor_cues()
        # longest first, so "operating as part of" wins over "as part of"
        self.membership = sorted((m.lower() for m in membership), key=len, reverse=True)

    # ---------------------------------------------------------------- actors
    def actors(
        self,
        sent: Span,
        trigger: Span,
        *,
        excluded: Sequence[tuple[int, int]] = (),
        country: str | None = None,
        place_spans: Sequence[tuple[int, int]] = (),
        battle: bool = False,
    ) -> Roles:
        """Split the actors of a sentence into initiator (actor1) and target (actor2).

        An actor named only as the holder of ground ("rebel-held towns") is the opponent in a
        battle for that ground, and no participant otherwise. Allies ("X supported by Y",
        "X and Y") are associated actors; where the country's own state forces act with
        foreign ones, ACLED codes the state forces as actor1 and the foreign forces beside.
        """
        doc = sent.doc
        offset = sent.start_char
        hits = [
            h
            for h in self.actor_spotter.find(sent.text, country=country)
            if not _inside(h.start + offset, h.end + offset, excluded)
            and not _inside(h.start + offset, h.end + offset, place_spans)
        ]
        found = hits
        hits, members = self._fold_members(sent.text, found)
        agents: list[tuple[ActorHit, int]] = []
        patients: list[tuple[ActorHit, int]] = []
        fronted: list[ActorHit] = []
        marker = self._between_marker(sent, trigger, battle=battle)
        for hit in hits:
            span = doc.char_span(hit.start + offset, hit.end + offset, alignment_mode="expand")
            if span is None:
                continue
            inter = getattr(hit.actor, "inter", None)
            rank = abs(span.start - trigger.start)
            if self._holder(span):
                if battle:
                    patients.append((hit, rank))
                continue
            if inter != CIVILIAN_INTER and self._dated_subject(span):
                fronted.append(hit)
                agents.append((hit, rank))
            elif inter == CIVILIAN_INTER or self._is_patient(span, trigger):
                patients.append((hit, rank))
            else:
                agents.append((hit, rank))
        if marker is not None:
            cut = marker - offset
            sides = sorted(
                (
                    h
                    for h, _ in agents + patients
                    if h.start >= cut and getattr(h.actor, "inter", None) != CIVILIAN_INTER
                ),
                key=lambda h: h.start,
            )
            lead = re.findall(r"[\w'-]+", sent.text[cut : sides[0].start] if sides else "")
            roles = self._sides(sent, sides, members) if len(lead) <= _SIDE_LEAD else None
            if roles is None and len(lead) <= _SIDE_LEAD:
                # "between QSD and rebels under Operation Peace Spring": the operation is
                # the second side, QSD not one of its members
                alone, members_alone = self._fold_members(sent.text, found, pull=False)
                sides = [
                    h
                    for h in alone
                    if h.start >= cut and getattr(h.actor, "inter", None) != CIVILIAN_INTER
                ]
                roles = self._sides(sent, sides, members_alone)
            if roles is not None:
                return roles
        roles = Roles()
        allies: list[ActorHit] = []
        second: ActorHit | None = None
        side2: list[ActorHit] = []
        others: list[ActorHit] = []
        subject = self._subject(sent, trigger, agents)
        if subject is None and fronted and fronted[0].start < trigger.start_char - offset:
            subject = fronted[0]
        if subject is None:
            # "an IED planted in a regime vehicle by an unknown group exploded": the agent
            subject = next((h for h, _ in agents if self._by_agent(doc, h, offset)), None)
        first: ActorHit | None = subject
        if subject is not None:
            agents.sort(key=lambda x: x[0] is not subject)
        else:
            agents.sort(key=lambda x: x[0].start)
            first = agents[0][0] if agents else None
        if first is not None:
            roles.actor1, roles.actor1_inter = first.text, first.actor.inter
            for other in sorted((h for h, _ in agents[1:]), key=lambda h: h.start):
                if other.actor.name == first.actor.name:
                    continue
                if self._ally(sent, trigger, first, allies, other):
                    allies.append(other)
                elif second is None and (subject is not None or not patients):
                    second = other
            others = [p for p, _ in sorted(patients, key=lambda x: x[0].start)]
            others = [p for p in others if p.actor.name != first.actor.name]
            if battle and second is None and not others and allies:
                # "QSD and Turkish forces clashed": the two subjects fight each other
                rival = self._reciprocal(sent, trigger, first, allies)
                if rival is not None:
                    allies.remove(rival)
                    second = rival
            if others and (
                second is None or (subject is not None and others[0].start < second.start)
            ):
                second = others[0]
            if second is not None:
                roles.actor2, roles.actor2_inter = second.text, second.actor.inter
                pool = others + [h for h, _ in agents[1:] if h not in allies]
                side2 = self._side_of(sent, trigger, second, pool, {first.actor.name})
            taken = {first.actor.name} | ({second.actor.name} if second else set())
            for other in others if subject is None else side2:
                if other.actor.name not in taken and other.text not in roles.assoc2:
                    roles.assoc2.append(other.text)
        elif patients:
            patients.sort(key=lambda x: x[0].start)
            first_p = patients[0][0]
            roles.actor2, roles.actor2_inter = first_p.text, first_p.actor.inter
            for other, _ in patients[1:]:
                if other.actor.name != first_p.actor.name and other.text not in roles.assoc2:
                    roles.assoc2.append(other.text)
        for text, owner in members:
            (roles.assoc2 if owner.text == roles.actor2 else roles.assoc1).append(text)
        roles.assoc1.extend(h.text for h in allies)
        if first is not None:
            self._host_first(roles, first, allies)
        if second is not None:
            self._target_first(sent, roles, second, others if subject is None else side2)
        return roles

    def _side_of(
        self,
        sent: Span,
        trigger: Span,
        second: ActorHit,
        pool: Sequence[ActorHit],
        exclude: set[str],
    ) -> list[ActorHit]:
        """The actors named in one list with the target ("shelled SDF and regime positions")."""
        side: list[ActorHit] = []
        for other in sorted(pool, key=lambda h: h.start):
            if other.start < second.end or other.actor.name in exclude | {second.actor.name}:
                continue
            chain = [h for h in (second, *side) if h.end <= other.start]
            left = max(chain, key=lambda h: h.end, default=None)
            if left is not None and self._conjoined(sent, left, other, trigger):
                side.append(other)
        return side

    def _sides(
        self, sent: Span, sides: Sequence[ActorHit], members: Sequence[tuple[str, ActorHit]]
    ) -> Roles | None:
        """ "between X, supported by X2, and Y and/or Y2": X and Y are the two sides, X2 and Y2
        their associated actors; None without two sides."""
        if len(sides) < 2:
            return None
        gaps = [self._gap(sent.text, a, b) for a, b in zip(sides, sides[1:], strict=False)]
        # "between X and Y against Z": "against" parts the sides, "and" joins allies
        versus = any(g in self.actor_cues.versus for g in gaps)
        groups: list[list[ActorHit]] = [[sides[0]]]
        for gap, hit in zip(gaps, sides[1:], strict=True):
            new_side = len(groups) == 1 and (
                gap in self.actor_cues.versus or (not versus and gap in _SIDE_GAPS)
            )
            joined = not gap or gap in self.actor_cues.allies or self._member_gap(gap)
            if not (new_side or joined):
                break  # "... following an attack by X on Y": the list of sides is over
            if hit.actor.name in {h.actor.name for g in groups for h in g}:
                continue
            if new_side:
                groups.append([hit])
            else:
                groups[-1].append(hit)
        if len(groups) < 2:
            return None
        (first, *allies1), (second, *allies2) = groups
        roles = Roles(first.text, second.text, actor1_inter=first.actor.inter)
        roles.actor2_inter = second.actor.inter
        for member, owner in members:
            (roles.assoc2 if owner is second else roles.assoc1).append(member)
        roles.assoc1.extend(h.text for h in allies1)
        roles.assoc2.extend(h.text for h in allies2)
        self._host_first(roles, first, allies1)
        self._target_first(sent, roles, second, allies2)
        return roles

    @staticmethod
    def _primary(first: ActorHit, allies: Sequence[ActorHit], *, state: bool = True) -> ActorHit:
        """The actor ACLED names for a side; the others are its associated actors.

        The country's own state forces come first ("pro-regime militias and regime forces";
        with ``state`` False only foreign forces and units give way, since a target's side is
        often a group with state forces beside it),
        foreign forces acting with a local actor come after it ("Turkish forces and rebels
        shelled X" is the rebels'), and a unit ("Military Forces of X Air Force") comes after
        its parent force.
        """
        host = first
        inter = getattr(first.actor, "inter", None)
        if inter == EXTERNAL_INTER and _state_force(first):
            local = [h for h in allies if getattr(h.actor, "inter", None) in _LOCAL_INTERS]
            if local:
                host = min(local, key=lambda h: getattr(h.actor, "inter", None) != STATE_INTER)
        elif state and inter != STATE_INTER:
            host = next(
                (
                    h
                    for h in allies
                    if getattr(h.actor, "inter", None) == STATE_INTER and _state_force(h)
                ),
                first,
            )
        parent = next((h for h in allies if host.actor.name.startswith(f"{h.actor.name} ")), None)
        return parent or host

    def _host_first(self, roles: Roles, first: ActorHit, allies: Sequence[ActorHit]) -> None:
        """Put the primary actor of the initiator's side into actor1."""
        host = self._primary(first, allies)
        if host is first:
            return
        roles.actor1, roles.actor1_inter = host.text, host.actor.inter
        rest = [t for t in roles.assoc1 if t != host.text]
        roles.assoc1 = [first.text, *rest] if first.text not in rest else rest

    def _target_first(
        self, sent: Span, roles: Roles, second: ActorHit, allies: Sequence[ActorHit]
    ) -> None:
        """Put the primary actor of the target's side into actor2 ("shelled SDF and regime
        positions" targets the state forces, with the SDF beside them; "the SDF and/or
        regime forces" is unsure of the state forces and keeps the SDF)."""
        unsure = any(
            "or" in self._gap(sent.text, second, h).split() for h in allies if h.start >= second.end
        )
        host = self._primary(second, allies, state=not unsure)
        if host is second:
            return
        roles.actor2, roles.actor2_inter = host.text, host.actor.inter
        rest = [t for t in roles.assoc2 if t != host.text]
        roles.assoc2 = [second.text, *rest] if second.text not in rest else rest

    def _fold_members(
        self, text: str, hits: Sequence[ActorHit], *, pull: bool = True
    ) -> tuple[list[ActorHit], list[tuple[str, ActorHit]]]:
        """ "SNA fighters operating as part of Operation Peace Spring": keep the operation,
        at the faction's place in the sentence; the faction becomes an associated actor.

        pull (bool): whether the names listed before the member serve in the operation too
            ("Turkish forces and SNA fighters operating under Y"). Defaults to True.
        RETURNS: the hits, and each member's text with the operation hit it serves in.
        """
        kept: list[ActorHit] = []
        members: list[tuple[str, ActorHit]] = []
        ordered = sorted(hits, key=lambda h: h.start)
        skip: set[int] = set()
        for i, hit in enumerate(ordered):
            if i in skip:
                continue
            nxt = ordered[i + 1] if i + 1 < len(ordered) else None
            if nxt is not None and self._member_gap(self._gap(text, hit, nxt)):
                # "Turkish forces and JWS operating under Y": the whole list is coded as Y,
                # its members (state forces too) as Y's associated actors
                group = [hit]
                while pull and kept and self._gap(text, kept[-1], group[0]) in _LIST_GAPS:
                    group.insert(0, kept.pop())
                first = group[0]
                moved = _Moved(first.start, nxt.end, nxt.text, nxt.actor, nxt.generic)
                members.extend((h.text, moved) for h in group if h.actor.name != nxt.actor.name)
                kept.append(moved)
                skip.add(i + 1)
                continue
            kept.append(hit)
        return kept, members

    def _member_gap(self, gap: str) -> bool:
        """ "operating under", "which operates under": a membership phrase, the verb in any
        person ("operates" is looked up as "operate")."""
        bare = " ".join(w[:-1] if len(w) > 3 and w.endswith("es") else w for w in gap.split())
        return gap in self.membership or bare in self.membership

    def _gap(self, text: str, left: ActorHit, right: ActorHit) -> str:
        """The words between two actor names, without filler ("fighters", commas...)."""
        words = re.findall(r"[a-z']+|&", text[left.end : right.start].lower())
        return " ".join(w for w in words if w not in self.actor_cues.fillers)

    def between_pair(self, sent: Span, *, country: str | None = None) -> tuple[str, str] | None:
        """The two sides of "between X and Y" in the sentence, in that order."""
        marker = next((t for t in sent if t.lower_ == "between"), None)
        if marker is None:
            return None
        cut = marker.idx + len(marker.text) - sent.start_char
        sides = [
            h
            for h in self.actor_spotter.find(sent.text, country=country)
            if h.start >= cut and getattr(h.actor, "inter", None) != CIVILIAN_INTER
        ]
        if len(sides) < 2:
            return None
        return sides[0].text, sides[1].text

    @staticmethod
    def _subject(sent: Span, trigger: Span, agents: list[tuple[ActorHit, int]]) -> ActorHit | None:
        """The actor that is the grammatical subject (or passive agent) of the trigger's verb."""
        verb = trigger.root
        while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
            verb = verb.head
        heads = [verb]
        # "were able to recapture", "clashed ... and captured", "managed to advance"
        while heads[-1].dep_ in {"xcomp", "conj", "acomp"} and len(heads) < _SUBJECT_CLIMB:
            heads.append(heads[-1].head)
        offset = sent.start_char
        for head in heads:
            for child in head.children:
                if child.dep_ in {"nsubj", "agent"}:
                    if child.dep_ == "agent":
                        objs = [c for c in child.children if c.dep_ == "pobj"]
                        if not objs:
                            continue
                        child = objs[0]
                    lo = min(t.idx for t in child.subtree) - offset
                    hi = max(t.idx + len(t.text) for t in child.subtree) - offset
                    inside = [h for h, _ in agents if lo <= h.start and h.end <= hi]
                    if inside:
                        at = child.idx - offset
                        named = [h for h in inside if h.start <= at < h.end]
                        if named:
                            return named[0]
                        # "a bomb planted in a regime vehicle by rebels": the bomb's agent
                        by = ArgumentFinder._by_agent
                        return min(inside, key=lambda h: (not by(sent.doc, h, offset), h.start))
        return None

    def _between_marker(self, sent: Span, trigger: Span, *, battle: bool = False) -> int | None:
        """ "clashes (took place) between X and Y": where the two sides start (a char offset
        into the Doc), or None. In a battle "between" may stand anywhere in the sentence
        ("clashes took place between X and Y following an attack by X"); the first side
        must then follow it closely."""
        window = sent.doc[trigger.end : min(trigger.end + _BETWEEN_REACH, sent.end)]
        if battle:
            window = sent
        for tok in window:
            if tok.lower_ in self.actor_cues.between:
                return tok.idx + len(tok.text)
        return None

    def _companion(self, text: str, first: ActorHit, other: ActorHit) -> bool:
        """State forces acting beside the initiator: "airstrikes on X amid regime shelling"."""
        if not (_state_force(first) and _state_force(other)):
            return False
        later = max(first.start, other.start)
        words = re.findall(r"[a-z']+|&", text[:later].lower())[-_COMPANION_REACH:]
        lead = f" {' '.join(words)} "
        return any(f" {cue} " in lead for cue in self.actor_cues.companions)

    @staticmethod
    def _is_patient(span: Span, trigger: Span) -> bool:
        root: Token = span.root
        if root.dep_ == "nsubjpass":
            return True
        if root.dep_ == "dobj" and root.head.i in range(trigger.start, trigger.end):
            return True
        if root.dep_ == "pobj" and root.head.lower_ in _PATIENT_PREPS:
            return not any(t.lower_ in _AGENT_PREPS for t in root.ancestors if t.dep_ == "prep")
        return False

    @staticmethod
    def _by_agent(doc: Doc, hit: ActorHit, offset: int) -> bool:
        """Whether the actor is the agent of a passive ("planted by X", "carried out by X")."""
        span = doc.char_span(hit.start + offset, hit.end + offset, alignment_mode="expand")
        if span is None:
            return False
        root: Token = span.root
        return root.dep_ == "pobj" and root.head.dep_ == "agent"

    @staticmethod
    def _dated_subject(span: Span) -> bool:
        """ "On 3 May 2021 rebels shelled X": the parser often takes the actor for the object
        of the date's preposition; an actor led by a date in its own phrase is the subject."""
        root: Token = span.root
        prep = root.head
        if root.dep_ != "pobj" or prep.dep_ not in {"prep", "ROOT"}:
            return False
        lead = span.doc[prep.i + 1 : span.start]
        # the phrase hangs on the verb, or the parser made the preposition the root
        if not lead or (prep.dep_ == "prep" and prep.head.pos_ not in {"VERB", "AUX"}):
            return False
        dated = any(t.ent_type_ == "DATE" or t.like_num for t in lead)
        return dated and all(t.i in {s.i for s in root.subtree} for t in lead)

    @staticmethod
    def _holder(span: Span) -> bool:
        """ "opposition-held", "regime-controlled": the actor only qualifies a place."""
        nxt = span.doc[span.end : span.end + 2]
        return len(nxt) == 2 and nxt[0].text == "-" and nxt[1].lower_ in _HELD

    def _reciprocal(
        self, sent: Span, trigger: Span, first: ActorHit, allies: Sequence[ActorHit]
    ) -> ActorHit | None:
        """The other subject of an intransitive battle verb ("X and Y clashed"): the verb
        takes no object and no "with" phrase, and the two names are joined by a bare "and"."""
        verb = trigger.root
        if verb.pos_ != "VERB" or any(
            c.dep_ in {"dobj", "prep", "agent"} and c.lower_ not in self.cues.place_prepositions
            for c in verb.children
        ):
            return None
        pair = sorted((first, *allies), key=lambda h: h.start)[:2]
        if first not in pair or self._gap(sent.text, pair[0], pair[1]) != "and":
            return None
        return pair[1] if pair[0] is first else pair[0]

    def _ally(
        self,
        sent: Span,
        trigger: Span,
        first: ActorHit,
        allies: Sequence[ActorHit],
        other: ActorHit,
    ) -> bool:
        """Whether ``other`` acts beside the initiator ``first``: named in one list with it
        or with one of its allies ("X, supported by Y and Z"), or a state force beside a
        state force ("airstrikes on X amid regime shelling")."""
        chain = [h for h in (first, *allies) if h.end <= other.start]
        left = max(chain, key=lambda h: h.end, default=None)
        if left is not None and self._conjoined(sent, left, other, trigger):
            return True
        if other.end <= first.start and self._conjoined(sent, other, first, trigger):
            return True  # "Russian and regime warplanes": named before the subject's head
        if self._companion(sent.text, first, other):
            return True
        return any(self._companion(sent.text, ally, other) for ally in allies)

    def _conjoined(self, sent: Span, left: ActorHit, right: ActorHit, trigger: Span) -> bool:
        """Allies named together ("the regime and Russia", "X, supported by Y"), not
        opponents across the verb: the words between the two names end with an ally cue
        (a few words may qualify the second name), or there is only a comma."""
        t_start = trigger.start_char - sent.start_char
        if left.end <= t_start < right.start:
            return False
        gap = sent.text[left.end : right.start]
        if len(gap) >= _ALLY_REACH:
            return False
        offset = sent.start_char
        tokens = [
            t
            for t in sent
            if left.end <= t.idx - offset
            and t.idx - offset + len(t.text) <= right.start
            and (t.is_alpha or t.text == "&")
            and t.lower_ not in self.actor_cues.fillers
        ]
        if not tokens:
            return "," in gap or "/" in gap
        words = [t.lower_ for t in tokens]
        for cue in self.actor_cues.allies:
            size = len(cue.split())
            for i in range(max(0, len(words) - size - _ALLY_SLACK), len(words) - size + 1):
                slack = tokens[i + size :]
                if " ".join(words[i : i + size]) == cue and not any(
                    t.pos_ in {"VERB", "AUX"} for t in slack
                ):
                    return True
        return False

    # ---------------------------------------------------------------- places
    def places(
        self,
        sent: Span,
        trigger: Span,
        *,
        excluded: Sequence[tuple[int, int]] = (),
        actor_spans: Sequence[tuple[int, int]] = (),
        last_province: str | None = None,
    ) -> list[PlaceRef]:
        """Place references of the event in ``sent``: towns first, provinces as containers."""
        spans = self._candidates(sent, excluded, actor_spans)
        refs = [self._describe(sent, span, last_province) for span in spans]
        if not refs:
            return []
        # "X in Y", "X in the countryside of Y", "X near Y": Y locates X, it is not a place of
        # the event of its own
        locating = self._located(sent.text, refs, offset=sent.start_char)
        towns = [
            r
            for r in refs
            if r.kind != "province" and r.qualifier != "countryside" and id(r) not in locating
        ]
        regions = [r for r in refs if r not in towns and id(r) not in locating] or [
            r for r in refs if r not in towns
        ]
        if not towns:
            return regions[:1]
        # a province named right after a town is the town's container, not another place
        chosen = self._event_towns(sent, trigger, towns)
        return chosen

    def _located(self, text: str, refs: Sequence[PlaceRef], offset: int = 0) -> set[int]:
        """ids of the refs that locate an earlier one ("X in the north of Y": Y); ``text``
        is the sentence and ``offset`` where it starts in the Doc (the refs' offsets).

        The gap to a later ref holds the gap to every ref before it, and that ref's name:
        once a gap has a word no locating phrase has, no later ref can locate this one, so
        the search stops there (a sentence listing thousands of places stays linear).
        """
        allowed = self._gap_words()
        ordered = sorted(refs, key=lambda r: r.start)
        locating: set[int] = set()
        for i, earlier in enumerate(ordered):
            for later in ordered[i + 1 :]:
                if later.start <= earlier.end:
                    continue
                gap = text[earlier.end - offset : later.start - offset]
                words = re.findall(r"[\w-]+|,", gap.lower())
                if words and {"in", "of", "near"} & set(words) and all(w in allowed for w in words):
                    locating.add(id(later))
                elif any(w not in allowed for w in words[:-1]):
                    break  # every later gap holds this word too
        return locating

    def _gap_words(self) -> set[str]:
        """The words a locating gap may hold (see ``_locating_gap``)."""
        return (
            {"in", "of", "near", "the", "countryside"}
            | set(self.cues.directions)
            | set(self.cues.countryside_nouns)
        )

    def _locating_gap(self, gap: str) -> bool:
        """Whether the words between two place names make the second locate the first: only
        "in", "of", "near", "the", direction and countryside words, with one of the first
        three ("in the northern countryside of")."""
        words = re.findall(r"[\w-]+|,", gap.lower())
        links = {"in", "of", "near"}
        allowed = (
            links
            | {"the"}
            | set(self.cues.directions)
            | self.cues.countryside_nouns
            | {"countryside"}
        )
        return bool(words) and bool(links & set(words)) and all(w in allowed for w in words)

    def _candidates(
        self,
        sent: Span,
        excluded: Sequence[tuple[int, int]],
        actor_spans: Sequence[tuple[int, int]],
    ) -> list[Span]:
        doc = sent.doc
        offset = sent.start_char
        spans: list[Span] = []
        for start, end, _ in self.place_spotter.spans(sent.text):
            span = doc.char_span(start + offset, end + offset, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        for ent in _entities_in(sent):
            if ent.label_ in {"GPE", "LOC", "FAC"}:
                spans.append(ent)
        spans.extend(self._cued_names(sent))
        result: list[Span] = []
        for found in sorted(spans, key=lambda s: (s.start, -len(s))):
            span = self._without_countries(found)
            if span is None:
                continue
            text = span.text.strip()
            lead = re.split(r"[\s\-'’]", text, maxsplit=1)[0]
            if (
                not text
                or text in self.cues.not_places
                or not (text[0].isupper() or (lead in _NAME_JOINERS and lead != text))
            ):
                continue
            if " " not in text and len(text) > 1 and text.isupper():
                continue  # an acronym ("IDP camp", "a VBIED", "the M4"): no place name
            if _inside(span.start_char, span.end_char, excluded):
                continue
            if any(s < span.end_char and span.start_char < e for s, e in actor_spans):
                continue
            if self._names_country(text) or self.place_spotter.ignored(text):
                continue
            if self._names_actor(text):
                continue  # "ISILs positions": an actor's possessive whose apostrophe was lost
            if (len(span) > 1 and span[-1].lower_ in self.cues.unit_nouns) or (
                span.end < sent.end and doc[span.end].lower_ in self.cues.unit_nouns
            ):
                continue  # "the Al Shamal brigade", "the Hamza Division": a unit's name
            lead = doc[max(sent.start, span.start - 3) : span.start]
            if any(t.lower_ in self.cues.origin_prepositions for t in lead):
                continue  # "shelling from positions in X": where it came from
            if any(r.start <= span.start and span.end <= r.end for r in result):
                continue
            result = [r for r in result if not (span.start <= r.start and r.end <= span.end)]
            result.append(span)
        return sorted(result, key=lambda s: s.start)

    def _without_countries(self, span: Span) -> Span | None:
        """The span less a country name at either end ("Tabqa Syria", "Syria's Aleppo", and
        "Syrias Aleppo" where the apostrophe was lost), None when nothing else is left."""
        start, end = span.start, span.end
        while start < end and self._country_word(span.doc[start]):
            start += 1
            if start < end and span.doc[start].text in {"'s", "’s", "'", "’"}:
                start += 1
        while end > start and self._country_word(span.doc[end - 1]):
            end -= 1
        if start == span.start and end == span.end:
            return span
        return span.doc[start:end] if start < end else None

    def _names_actor(self, text: str) -> bool:
        """Whether ``text`` less a final "s" is wholly an actor's name ("ISILs", "Al-Qaedas")."""
        if len(text) < 4 or not text.endswith("s"):
            return False
        stem = text[:-1]
        return any(h.start == 0 and h.end == len(stem) for h in self.actor_spotter.find(stem))

    def _names_country(self, text: str) -> bool:
        """A country or its demonym ("Syria", "Syrians"), but not a toponym with an article
        that only sounds like one ("al-Serian")."""
        if self.place_spotter.country(text) is None:
            return False
        lead = re.split(r"[\s\-'’]", text, maxsplit=1)[0].lower()
        return lead not in _NAME_JOINERS or lead == text.lower()

    def _country_word(self, tok: Token) -> bool:
        """A country's own name ("Syria"), also as a possessive whose apostrophe was lost
        ("Syrias"); not a demonym, nor a name that only sounds like one ("Serian")."""
        text = tok.text
        if not text[:1].isupper():
            return False
        for word in (text, text[:-1] if len(text) > 3 and text.endswith("s") else ""):
            found = self.place_spotter.country(word) if word else None
            if found is not None and str(found[0]).casefold() == word.casefold():
                return True
        return False

    def _cued_names(self, sent: Span) -> list[Span]:
        """Proper-name runs after place cues ("on X", "the town of X", "including X and Y")."""
        found: list[Span] = []
        tokens = list(sent)
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            cue = tok.lower_ in self.cues.place_prepositions or (
                tok.lower_ == "of" and i > 0 and tokens[i - 1].lower_ in self.cues.settlement_nouns
            )
            if not cue:
                i += 1
                continue
            j = i + 1
            # skip determiners and adjectives: "on the rebel-held village of X"
            while j < len(tokens) and j - i <= 5 and not self._name_start(tokens[j]):
                compound = j + 1 < len(tokens) and tokens[j + 1].text == "-"
                if (
                    tokens[j].pos_ not in {"DET", "ADJ", "PUNCT", "NUM"}
                    and tokens[j].lower_ not in self.cues.settlement_nouns | _HELD
                    and not compound
                ):
                    break
                j += 1
            while j < len(tokens) and self._name_start(tokens[j]):
                k = j
                while k < len(tokens) and self._name_token(
                    tokens[k], inner=k > j or tokens[k].text.isalpha() and tokens[k].is_lower
                ):
                    k += 1
                found.append(sent.doc[tokens[j].i : tokens[k - 1].i + 1])
                # coordinated names: "X and Y", "X, Y and Z"
                if k < len(tokens) - 1 and tokens[k].lower_ in {"and", ","}:
                    j = k + 1
                    if j < len(tokens) and tokens[j].lower_ == "and":
                        j += 1
                    continue
                j = k
                break
            i = max(j, i + 1)
        return found

    def _name_start(self, tok: Token) -> bool:
        """A token that can begin a name: a capitalised word, or an article before one
        ("shelled al Hanboushiyeh")."""
        if tok.text.isalpha() and tok.is_lower and tok.lower_ in _NAME_JOINERS:
            # not the English words spelled like an article: "at Saraqib", "an IDP camp"
            return tok.pos_ not in {"ADP", "DET", "SCONJ", "CCONJ"} and self._name_token(
                tok, inner=True
            )
        return self._name_token(tok)

    def _name_token(self, tok: Token, inner: bool = False) -> bool:
        text = tok.text
        if text in {"-", "'", "’"} and 0 < tok.i < len(tok.doc) - 1:
            # the hyphen of "al-Serian" when the parser splits it off
            before, after = tok.doc[tok.i - 1], tok.doc[tok.i + 1]
            if (
                before.lower_ in _NAME_JOINERS
                and not before.whitespace_
                and not tok.whitespace_
                and after.text[:1].isupper()
            ):
                return True
        if inner and text.lower() in _NAME_JOINERS:
            # "Abu al-Duhur", "Maarat an-Numan": only when a capitalised part follows
            nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
            while nxt is not None and nxt.text in {"-", "'", "’"} and nxt.i + 1 < len(tok.doc):
                nxt = tok.doc[nxt.i + 1]
            return nxt is not None and nxt.text[:1].isupper()
        if inner and (
            tok.lower_ in self.cues.province_nouns
            or (tok.lower_ in self.cues.settlement_nouns and not text[:1].isupper())
        ):
            # "Dardara village", "Idlib Province"; but "Rukban Camp", "the Houla Plain"
            return False
        if inner and text.isdigit() and tok.i > 0 and tok.doc[tok.i - 1].text[:1].isupper():
            # "Regiment 46", "Brigade 80 in", "Division 17 checkpoint"; not a count after a
            # name ("in Idlib 3 civilians")
            nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
            return (
                nxt is None
                or nxt.lower_ in self.cues.settlement_nouns
                or not (nxt.is_lower and nxt.pos_ in {"NOUN", "ADJ", "NUM"})
            )
        return (
            bool(text)
            and text[0].isupper()
            and tok.pos_ in {"PROPN", "NOUN", "ADJ", "VERB", "INTJ", "X"}  # "Um X": INTJ
            and (text not in self.cues.not_places)
        )

    def _describe(self, sent: Span, span: Span, last_province: str | None) -> PlaceRef:
        doc = sent.doc
        name = span.text.strip(" ,.'’")
        before = [t.lower_ for t in doc[max(sent.start, span.start - 4) : span.start]]
        after = [t.lower_ for t in doc[span.end : min(sent.end, span.end + 3)]]
        kind: str | None = None
        qualifier: str | None = None
        direction: str | None = None
        if after and after[0] in self.cues.province_nouns:
            kind = "province"
            if after[0] in self.cues.countryside_nouns:
                qualifier = "countryside"
        elif after and after[0] in self.cues.settlement_nouns:
            kind = after[0]
        elif len(after) > 1 and after[1] in self.cues.settlement_nouns:
            kind = after[1]
        if before and before[-1] == "of" and len(before) > 1:
            noun = before[-2]
            if noun in self.cues.countryside_nouns:
                qualifier, kind = "countryside", "province"
            elif noun in self.cues.province_nouns:
                kind = "province"
            elif noun in self.cues.outskirts_words:
                qualifier = "outskirts"
            elif noun in self.cues.settlement_nouns:
                kind = noun
        for word in reversed(before):
            if word in self.cues.directions and (kind == "province" or qualifier):
                direction = self.cues.directions[word]
                break
        if qualifier is None and any(w in self.cues.outskirts_words for w in before):
            qualifier = "outskirts"
        if qualifier is None:
            # "near X", "close to X", "in the vicinity of the town of X": only filler words
            # in between
            wide = [t.lower_ for t in doc[max(sent.start, span.start - 6) : span.start]]
            for word in reversed(wide):
                if word in self.cues.near_words:
                    qualifier = "near"
                    break
                if word not in _NEAR_FILLER and word not in self.cues.settlement_nouns:
                    break
        container = None
        if kind != "province":
            container = self._container(sent, span, last_province)
        return PlaceRef(
            name=name,
            start=span.start_char,
            end=span.end_char,
            qualifier=qualifier,
            direction=direction,
            container=container,
            kind=kind,
        )

    def _container(self, sent: Span, span: Span, last_province: str | None) -> str | None:
        """ "X in (eastern) Y province" -> Y; "in the province" -> the last province named.

        The province phrase after the name is preferred; one before it ("towns in the
        province, including X") is the fallback.
        """
        doc = sent.doc
        after = doc[span.end : min(sent.end, span.end + 8)]
        before = doc[max(sent.start, span.start - 10) : span.start]
        for window in (after, before):
            for i, tok in enumerate(window):
                if tok.lower_ not in self.cues.province_nouns:
                    continue
                lead = window[max(0, i - 4) : i]
                names: list[str] = []
                for t in reversed(lead):  # the capitalised run right before "province"
                    if t.lower_ in self.cues.directions and not names:
                        continue
                    if not t.text[:1].isupper() or t.lower_ in self.cues.directions:
                        break
                    names.insert(0, t.text)
                if names:
                    return " ".join(names)
                if any(t.lower_ in {"the", "this", "that"} for t in lead):
                    return last_province
        return None

    def _event_towns(self, sent: Span, trigger: Span, towns: list[PlaceRef]) -> list[PlaceRef]:
        """The first town after the trigger (or before it) and the towns coordinated with it."""
        after = [t for t in towns if t.start >= trigger.start_char]
        first = after[0] if after else towns[0]
        chosen = [first]
        # the sentence's own text (Doc.text is rebuilt from every token on each use)
        text, offset = sent.text, sent.start_char
        for other in towns:
            if other.start <= chosen[-1].start:
                continue
            gap = text[chosen[-1].end - offset : other.start - offset].strip().lower()
            if gap in {"and", ",", ", and", "or", "and in", ", and in"}:
                chosen.append(other)
        return chosen

    def province_names(self, sent: Span) -> list[str]:
        """Names used as provinces in the sentence ("Y province"), for discourse context."""
        names = []
        for tok in sent:
            if tok.lower_ in self.cues.province_nouns and tok.i > sent.start:
                prev = sent.doc[tok.i - 1]
                if prev.text[:1].isupper():
                    names.append(prev.text)
        return names
