"""Actor roles: who acted and on whom in a trigger's sentence (subject, patient, the sides
of "between X and Y", allies and members), from the parse and the actor spotter.

The work is shared by collaborators of one responsibility each: ``role_syntax`` reads the
parse (subject, patient, passive agent), ``actor_links.ActorLinks`` the words between names
(allies, members, companions) and ``sides.Sides`` the primary actor of each side.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from spacy.tokens import Span

from .actor_links import ActorLinks
from .cues import (
    _BETWEEN_REACH,
    _SIDE_LEAD,
    CIVILIAN_INTER,
    ActorCues,
    ActorHit,
    ActorSpotter,
    PlaceCues,
    Roles,
    _inside,
)
from .role_syntax import (
    assault_agent,
    by_agent,
    country_subject,
    dated_subject,
    embedded_subject,
    hedged_identity,
    holder,
    is_patient,
    noun_agent,
    possessed_subject,
)
from .role_syntax import subject as grammatical_subject
from .sides import Sides


class ActorRoles:
    """The actor half of ``ArgumentFinder``: ``actors`` and ``between_pair``."""

    actor_spotter: ActorSpotter
    actor_cues: ActorCues
    cues: PlaceCues
    membership: list[str]

    @cached_property
    def _links(self) -> ActorLinks:
        return ActorLinks(self.actor_cues, self.membership, self.cues.place_prepositions)

    @cached_property
    def _sides(self) -> Sides:
        return Sides(self._links)

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
        remote: bool = False,
    ) -> Roles:
        """Split the actors of a sentence into initiator (actor1) and target (actor2).

        An actor named only as the holder of ground ("rebel-held towns") is the opponent in a
        battle for that ground, and no participant otherwise. Allies ("X supported by Y",
        "X and Y") are associated actors; where the country's own state forces act with
        foreign ones, ACLED codes the state forces as actor1 and the foreign forces beside.
        A country named as the subject of a strike (``remote``: an event of remote violence)
        is its military forces.
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
        hits, members = self._links.fold_members(sent.text, found)
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
            if holder(span, self.cues.held_words):
                if battle:
                    patients.append((hit, rank))
                continue
            if inter != CIVILIAN_INTER and dated_subject(span, self.actor_cues.date_words):
                fronted.append(hit)
                agents.append((hit, rank))
            elif inter == CIVILIAN_INTER or is_patient(span, trigger, self.actor_cues):
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
            roles = self._sides.between(sent, sides, members) if len(lead) <= _SIDE_LEAD else None
            if roles is None and len(lead) <= _SIDE_LEAD:
                # "between QSD and rebels under Operation Peace Spring": the operation is
                # the second side, QSD not one of its members
                alone, members_alone = self._links.fold_members(sent.text, found, pull=False)
                sides = [
                    h
                    for h in alone
                    if h.start >= cut and getattr(h.actor, "inter", None) != CIVILIAN_INTER
                ]
                roles = self._sides.between(sent, sides, members_alone)
            if roles is not None:
                return roles
        roles = Roles()
        allies: list[ActorHit] = []
        second: ActorHit | None = None
        side2: list[ActorHit] = []
        others: list[ActorHit] = []
        subject = grammatical_subject(sent, trigger, agents)
        if subject is None and fronted and fronted[0].start < trigger.start_char - offset:
            subject = fronted[0]
        if subject is None:
            # "an IED planted in a regime vehicle by an unknown group exploded": the agent
            subject = next((h for h, _ in agents if by_agent(doc, h, offset)), None)
        if subject is None:
            # "IS was pushed back even as its fighters raided villages": IS raided them
            subject = self._owner(sent, trigger, agents, patients)
        if subject is None and remote:
            # "jets believed to be Turkish struck the depot": Turkish jets
            subject = self._hedged_agent(sent, trigger, country)
            if subject is not None:
                agents.insert(0, (subject, 0))
        if subject is None and remote:
            # "Turkey shelled the village": a country that strikes is its military forces
            subject = self._country_agent(sent, trigger, country)
            if subject is not None:
                agents.insert(0, (subject, 0))
        first: ActorHit | None = subject
        if subject is not None:
            agents.sort(key=lambda x: x[0] is not subject)
        else:
            # "rocket attacks by rebels": the agent of the trigger noun leads; the other
            # actors keep their parts as in a sentence without a subject
            by_noun = noun_agent(sent, trigger.root, agents)
            if by_noun is None:
                # "the rocket attack was a taste of what the army had done": the subject of
                # a clause said of the trigger did not carry it out
                agents = [a for a in agents if not embedded_subject(doc, a[0], offset, trigger)]
            agents.sort(key=lambda x: (x[0] is not by_noun, x[0].start))
            first = agents[0][0] if agents else None
        if first is not None:
            roles.actor1, roles.actor1_inter = first.text, first.actor.inter
            roles.directed = self._assailant(sent, first, agents)
            for other in sorted((h for h, _ in agents[1:]), key=lambda h: h.start):
                if other.actor.name == first.actor.name:
                    continue
                if self._links.ally(sent, trigger, first, allies, other):
                    allies.append(other)
                elif second is None and (subject is not None or not patients):
                    second = other
            others = [p for p, _ in sorted(patients, key=lambda x: x[0].start)]
            others = [p for p in others if p.actor.name != first.actor.name]
            if battle and second is None and not others and allies:
                # "QSD and Turkish forces clashed": the two subjects fight each other
                rival = self._links.reciprocal(sent, trigger, first, allies)
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
                side2 = self._links.side_of(sent, trigger, second, pool, {first.actor.name})
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
            self._sides.host_first(roles, first, allies)
        if second is not None:
            self._sides.target_first(sent, roles, second, others if subject is None else side2)
        return roles

    def _assailant(self, sent: Span, first: ActorHit, agents: list[tuple[ActorHit, int]]) -> bool:
        """Whether ``first`` is the agent of a word of assault in the sentence ("rebels
        launched an offensive against the army", "an attack by rebels"; ``assault_words``)."""
        words = self.actor_cues.assault_words
        for tok in sent:
            if (
                tok.lemma_.lower() in words
                and assault_agent(sent, tok, agents, self.actor_cues) is first
            ):
                return True
        return False

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

    def _country_agent(self, sent: Span, trigger: Span, country: str | None) -> ActorHit | None:
        """The military forces of a country named as the trigger's subject, if the spotter
        knows countries' forces (``country_forces``)."""
        forces = getattr(self.actor_spotter, "country_forces", None)
        name = country_subject(sent, trigger, self.actor_cues.launch_verbs | {"fire"})
        if forces is None or name is None:
            return None
        found = forces(name.text, country=country)
        if found is None:
            return None
        at = name.start_char - sent.start_char
        return _CountryHit(at, at + len(name.text), found.text, found.actor, False)

    def _owner(
        self,
        sent: Span,
        trigger: Span,
        agents: list[tuple[ActorHit, int]],
        patients: list[tuple[ActorHit, int]],
    ) -> ActorHit | None:
        """The group whose men are the trigger's subject ("its fighters", "their units"):
        the last armed actor named before them; it becomes an agent."""
        owned = possessed_subject(sent, trigger, self.actor_cues.group_possessives)
        if owned is None:
            return None
        at = owned.idx - sent.start_char
        before = [
            (h, rank)
            for h, rank in agents + patients
            if h.end <= at and getattr(h.actor, "inter", None) != CIVILIAN_INTER
        ]
        if not before:
            return None
        owner = max(before, key=lambda x: x[0].start)
        if owner in patients:
            patients.remove(owner)
            agents.insert(0, owner)
        return owner[0]

    def _hedged_agent(self, sent: Span, trigger: Span, country: str | None) -> ActorHit | None:
        """The actor of a subject told with whose it is thought to be ("jets, believed to be
        Russian, struck"): the spotter's actor for the two words together."""
        word = hedged_identity(sent, trigger, self.actor_cues.hedge_verbs)
        if word is None:
            return None
        subject = next((c for c in word.root.head.head.children if c.dep_ == "nsubj"), None)
        if subject is None:
            return None
        found = self.actor_spotter.find(f"{word.text} {subject.text}", country=country)
        if not found:
            return None
        at = word.start_char - sent.start_char
        return _CountryHit(at, at + len(word.text), found[0].text, found[0].actor, False)

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


@dataclass(frozen=True)
class _CountryHit:
    """An actor hit over a country's name standing for its military forces."""

    start: int
    end: int
    text: str
    actor: Any
    generic: bool
