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

from spacy.tokens import Span, Token

from ..errors import OntologyError
from ..model import PlaceRef
from ..ontology import ONTOLOGY_DIR, load_yaml

PLACES_FILE = ONTOLOGY_DIR / "places.yaml"
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
_FILLER = {"fighters", "forces", "the", "members", "units", "troops", "elements"}
_LIST_GAPS = {"and", "", "as well as", "&"}
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


def load_place_cues(path: str | Path = PLACES_FILE) -> PlaceCues:
    """The cue words of ``places.yaml``.

    Example:
        >>> "province" in load_place_cues().province_nouns
        True
    """
    data = load_yaml(path)
    if not isinstance(data, dict):
        raise OntologyError(path, "places file must be a mapping of cue lists")

    def words(key: str) -> frozenset[str]:
        value = data.get(key)
        if not isinstance(value, list):
            raise OntologyError(path, f"'{key}' must be a list of words")
        return frozenset(str(v).lower() for v in value)

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
    ) -> None:
        self.actor_spotter = actors
        self.place_spotter = places
        self.cues = cues or load_place_cues()
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
        battle for that ground, and no participant otherwise.
        """
        doc = sent.doc
        offset = sent.start_char
        hits = [
            h
            for h in self.actor_spotter.find(sent.text, country=country)
            if not _inside(h.start + offset, h.end + offset, excluded)
            and not _inside(h.start + offset, h.end + offset, place_spans)
        ]
        hits, members = self._fold_members(sent.text, hits)
        agents: list[tuple[ActorHit, int]] = []
        patients: list[tuple[ActorHit, int]] = []
        between = self._between_pair(sent, trigger)
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
            if inter == CIVILIAN_INTER or self._is_patient(span, trigger):
                patients.append((hit, rank))
            else:
                agents.append((hit, rank))
        roles = Roles()
        roles.assoc1.extend(members)
        subject = self._subject(sent, trigger, agents)
        if subject is not None and not between:
            agents.sort(key=lambda x: x[0] is not subject)
            roles.actor1, roles.actor1_inter = subject.text, subject.actor.inter
            for other, _ in agents[1:]:
                if other.actor.name == subject.actor.name:
                    continue
                if self._conjoined(sent, subject, other, trigger):
                    roles.assoc1.append(other.text)
                elif roles.actor2 is None:
                    roles.actor2, roles.actor2_inter = other.text, other.actor.inter
            others = [p for p, _ in patients if p.actor.name != subject.actor.name]
            if others and (roles.actor2 is None or others[0].start < self._start_of(roles, agents)):
                roles.actor2, roles.actor2_inter = others[0].text, others[0].actor.inter
            return roles
        if between:
            ordered = [h for h, _ in sorted(agents + patients, key=lambda x: x[0].start)]
            armed = [h for h in ordered if getattr(h.actor, "inter", None) != CIVILIAN_INTER]
            if len(armed) >= 2:
                roles.actor1, roles.actor1_inter = armed[0].text, armed[0].actor.inter
                roles.actor2, roles.actor2_inter = armed[1].text, armed[1].actor.inter
                return roles
        agents.sort(key=lambda x: x[0].start)
        if agents:
            first = agents[0][0]
            roles.actor1, roles.actor1_inter = first.text, first.actor.inter
            for other, _ in agents[1:]:
                if other.actor.name == first.actor.name:
                    continue
                if self._conjoined(sent, first, other, trigger):
                    roles.assoc1.append(other.text)
                elif roles.actor2 is None and not patients:
                    roles.actor2, roles.actor2_inter = other.text, other.actor.inter
        if patients:
            patients.sort(key=lambda x: x[0].start)
            first_p = patients[0][0]
            if roles.actor2 is None and (
                roles.actor1 is None or first_p.actor.name != self._name_of(agents)
            ):
                roles.actor2, roles.actor2_inter = first_p.text, first_p.actor.inter
            for other, _ in patients[1:]:
                if other.actor.name not in {first_p.actor.name} and other.text not in roles.assoc2:
                    roles.assoc2.append(other.text)
        return roles

    def _fold_members(
        self, text: str, hits: Sequence[ActorHit]
    ) -> tuple[list[ActorHit], list[str]]:
        """ "SNA fighters operating as part of Operation Peace Spring": keep the operation,
        at the faction's place in the sentence; the faction becomes an associated actor."""
        kept: list[ActorHit] = []
        members: list[str] = []
        ordered = sorted(hits, key=lambda h: h.start)
        skip: set[int] = set()
        for i, hit in enumerate(ordered):
            if i in skip:
                continue
            nxt = ordered[i + 1] if i + 1 < len(ordered) else None
            if nxt is not None and self._gap(text, hit, nxt) in self.membership:
                # "JWS and Islamist factions operating under Y": the whole list joins Y
                group = [hit]
                while (
                    kept
                    and self._gap(text, kept[-1], group[0]) in _LIST_GAPS
                    and not _state_force(kept[-1])
                ):
                    group.insert(0, kept.pop())
                if _state_force(hit):
                    # state forces fight beside an operation, they do not serve in it
                    kept.append(hit)
                    continue
                members.extend(h.text for h in group if h.actor.name != nxt.actor.name)
                first = group[0]
                kept.append(_Moved(first.start, first.end, nxt.text, nxt.actor, nxt.generic))
                skip.add(i + 1)
                continue
            kept.append(hit)
        return kept, members

    @staticmethod
    def _gap(text: str, left: ActorHit, right: ActorHit) -> str:
        """The words between two actor names, without filler ("fighters", commas...)."""
        words = re.findall(r"[a-z']+|&", text[left.end : right.start].lower())
        return " ".join(w for w in words if w not in _FILLER)

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
    def _start_of(roles: Roles, agents: list[tuple[ActorHit, int]]) -> int:
        return next((h.start for h, _ in agents if h.text == roles.actor2), 10**9)

    @staticmethod
    def _subject(sent: Span, trigger: Span, agents: list[tuple[ActorHit, int]]) -> ActorHit | None:
        """The actor that is the grammatical subject (or passive agent) of the trigger's verb."""
        verb = trigger.root
        while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
            verb = verb.head
        heads = [verb]
        if verb.dep_ in {"xcomp", "conj"} and verb.head.i != verb.i:
            heads.append(verb.head)  # "were able to recapture", "clashed ... and captured"
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
                        return min(inside, key=lambda h: h.start)
        return None

    @staticmethod
    def _name_of(agents: list[tuple[ActorHit, int]]) -> str | None:
        return agents[0][0].actor.name if agents else None

    @staticmethod
    def _between_pair(sent: Span, trigger: Span) -> bool:
        """ "clashes between X and Y" names both sides in order."""
        after = sent.doc[trigger.end : min(trigger.end + 2, sent.end)]
        return any(t.lower_ == "between" for t in after)

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
    def _holder(span: Span) -> bool:
        """ "opposition-held", "regime-controlled": the actor only qualifies a place."""
        nxt = span.doc[span.end : span.end + 2]
        return len(nxt) == 2 and nxt[0].text == "-" and nxt[1].lower_ in _HELD

    @staticmethod
    def _conjoined(sent: Span, first: ActorHit, other: ActorHit, trigger: Span) -> bool:
        """Allies named together ("the regime and Russia"), not opponents across the verb."""
        lo, hi = sorted((first.end, other.start))
        t_start = trigger.start_char - sent.start_char
        if lo <= t_start < hi:
            return False
        gap = sent.text[lo:hi].lower()
        return len(gap) < 60 and any(
            w in gap for w in (" and ", ",", " backed by ", " along with ")
        )

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
        towns = [r for r in refs if r.kind != "province" and r.qualifier != "countryside"]
        regions = [r for r in refs if r not in towns]
        if not towns:
            return regions[:1]
        # a province named right after a town is the town's container, not another place
        chosen = self._event_towns(sent, trigger, towns)
        return chosen

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
        for ent in sent.ents:
            if ent.label_ in {"GPE", "LOC", "FAC"}:
                spans.append(ent)
        spans.extend(self._cued_names(sent))
        result: list[Span] = []
        for span in sorted(spans, key=lambda s: (s.start, -len(s))):
            text = span.text.strip()
            if not text or text in self.cues.not_places or not text[0].isupper():
                continue
            if _inside(span.start_char, span.end_char, excluded):
                continue
            if any(s < span.end_char and span.start_char < e for s, e in actor_spans):
                continue
            if self.place_spotter.country(text) is not None:
                continue
            lead = doc[max(sent.start, span.start - 3) : span.start]
            if any(t.lower_ in self.cues.origin_prepositions for t in lead):
                continue  # "shelling from positions in X": where it came from
            if any(r.start <= span.start and span.end <= r.end for r in result):
                continue
            result = [r for r in result if not (span.start <= r.start and r.end <= span.end)]
            result.append(span)
        return sorted(result, key=lambda s: s.start)

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
            while j < len(tokens) and j - i <= 5 and not self._name_token(tokens[j]):
                compound = j + 1 < len(tokens) and tokens[j + 1].text == "-"
                if (
                    tokens[j].pos_ not in {"DET", "ADJ", "PUNCT", "NUM"}
                    and tokens[j].lower_ not in self.cues.settlement_nouns | _HELD
                    and not compound
                ):
                    break
                j += 1
            while j < len(tokens) and self._name_token(tokens[j]):
                k = j
                while k < len(tokens) and self._name_token(tokens[k], inner=k > j):
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

    def _name_token(self, tok: Token, inner: bool = False) -> bool:
        text = tok.text
        if inner and text.lower() in _NAME_JOINERS:
            # "Abu al-Duhur", "Maarat an-Numan": only when a capitalised part follows
            nxt = tok.doc[tok.i + 1] if tok.i + 1 < len(tok.doc) else None
            while nxt is not None and nxt.text in {"-", "'", "’"} and nxt.i + 1 < len(tok.doc):
                nxt = tok.doc[nxt.i + 1]
            return nxt is not None and nxt.text[:1].isupper()
        if inner and tok.lower_ in self.cues.settlement_nouns | self.cues.province_nouns:
            return False
        return (
            bool(text)
            and text[0].isupper()
            and tok.pos_ in {"PROPN", "NOUN", "ADJ", "VERB"}
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
            # "near X", "close to X", "near the town of X": only filler words in between
            for word in reversed(before):
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
        text = sent.doc.text
        for other in towns:
            if other.start <= chosen[-1].start:
                continue
            gap = text[chosen[-1].end : other.start].strip().lower()
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
