"""Actor roles: who acted and on whom in a trigger's sentence (subject, patient, the sides
of "between X and Y", allies and members), from the parse and the actor spotter.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span, Token

from .cues import (
    _AGENT_PREPS,
    _ALLY_REACH,
    _ALLY_SLACK,
    _BETWEEN_REACH,
    _COMPANION_REACH,
    _HELD,
    _LIST_GAPS,
    _LOCAL_INTERS,
    _PATIENT_PREPS,
    _SIDE_GAPS,
    _SIDE_LEAD,
    _SUBJECT_CLIMB,
    CIVILIAN_INTER,
    EXTERNAL_INTER,
    STATE_INTER,
    ActorCues,
    ActorHit,
    ActorSpotter,
    PlaceCues,
    Roles,
    _inside,
    _Moved,
    _state_force,
)


class ActorRoles:
    """The actor half of ``ArgumentFinder``: ``actors`` and ``between_pair``."""

    actor_spotter: ActorSpotter
    actor_cues: ActorCues
    cues: PlaceCues
    membership: list[str]

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
                        by = ActorRoles._by_agent
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
