"""How the actors named in one sentence relate by the words between them: allies named in
one list ("the regime and Russia", "X, supported by Y"), members serving in an operation
("SNA fighters operating as part of Y"), state forces acting beside each other, and the two
subjects of an intransitive battle verb ("X and Y clashed").

Cue words come from ``ontology/actor_roles.yaml`` and ``discourse.yaml`` (see ``cues.py``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Span

from .cues import (
    _ALLY_REACH,
    _ALLY_SLACK,
    _COMPANION_REACH,
    _LIST_GAPS,
    ActorCues,
    ActorHit,
    _Moved,
    _state_force,
)


class ActorLinks:
    """Reads the links between actor names of a sentence.

    actor_cues (ActorCues): ally, versus and filler words.
    membership (Sequence[str]): membership phrases, longest first ("operating as part of").
    place_prepositions (frozenset[str]): prepositions that introduce a place,
        which an intransitive battle verb may take.
    """

    def __init__(
        self,
        actor_cues: ActorCues,
        membership: Sequence[str],
        place_prepositions: frozenset[str],
    ) -> None:
        self.actor_cues = actor_cues
        self.membership = membership
        self.place_prepositions = place_prepositions

    def gap(self, text: str, left: ActorHit, right: ActorHit) -> str:
        """The words between two actor names, without filler ("fighters", commas...)."""
        words = re.findall(r"[a-z']+|&", text[left.end : right.start].lower())
        return " ".join(w for w in words if w not in self.actor_cues.fillers)

    def member_gap(self, gap: str) -> bool:
        """ "operating under", "which operates under": a membership phrase, the verb in any
        person ("operates" is looked up as "operate")."""
        bare = " ".join(w[:-1] if len(w) > 3 and w.endswith("es") else w for w in gap.split())
        return gap in self.membership or bare in self.membership

    def fold_members(
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
            if nxt is not None and self.member_gap(self.gap(text, hit, nxt)):
                # "Turkish forces and JWS operating under Y": the whole list is coded as Y,
                # its members (state forces too) as Y's associated actors
                group = [hit]
                while pull and kept and self.gap(text, kept[-1], group[0]) in _LIST_GAPS:
                    group.insert(0, kept.pop())
                first = group[0]
                moved = _Moved(first.start, nxt.end, nxt.text, nxt.actor, nxt.generic)
                members.extend((h.text, moved) for h in group if h.actor.name != nxt.actor.name)
                kept.append(moved)
                skip.add(i + 1)
                continue
            kept.append(hit)
        return kept, members

    def side_of(
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
            if left is not None and self.conjoined(sent, left, other, trigger):
                side.append(other)
        return side

    def companion(self, text: str, first: ActorHit, other: ActorHit) -> bool:
        """State forces acting beside the initiator: "airstrikes on X amid regime shelling"."""
        if not (_state_force(first) and _state_force(other)):
            return False
        later = max(first.start, other.start)
        words = re.findall(r"[a-z']+|&", text[:later].lower())[-_COMPANION_REACH:]
        lead = f" {' '.join(words)} "
        return any(f" {cue} " in lead for cue in self.actor_cues.companions)

    def reciprocal(
        self, sent: Span, trigger: Span, first: ActorHit, allies: Sequence[ActorHit]
    ) -> ActorHit | None:
        """The other subject of an intransitive battle verb ("X and Y clashed"): the verb
        takes no object and no "with" phrase, and the two names are joined by a bare "and"."""
        verb = trigger.root
        if verb.pos_ != "VERB" or any(
            c.dep_ in {"dobj", "prep", "agent"} and c.lower_ not in self.place_prepositions
            for c in verb.children
        ):
            return None
        pair = sorted((first, *allies), key=lambda h: h.start)[:2]
        if first not in pair or self.gap(sent.text, pair[0], pair[1]) != "and":
            return None
        return pair[1] if pair[0] is first else pair[0]

    def ally(
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
        if left is not None and self.conjoined(sent, left, other, trigger):
            return True
        if other.end <= first.start and self.conjoined(sent, other, first, trigger):
            return True  # "Russian and regime warplanes": named before the subject's head
        if self.companion(sent.text, first, other):
            return True
        return any(self.companion(sent.text, ally, other) for ally in allies)

    def conjoined(self, sent: Span, left: ActorHit, right: ActorHit, trigger: Span) -> bool:
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
