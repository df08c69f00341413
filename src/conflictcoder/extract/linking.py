"""Within an article: whether a sentence's mention is a new incident, the detail of the
one told before it (joined to it), the ground a battle took, or a stray toll."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Span

from ..model import Evidence, Mention
from ..ontology import SubEventType
from .discourse import Discourse
from .selection import TriggerChooser
from .triggers import TriggerHit

__all__ = ["MentionLinker"]

# generic triggers this weak only add detail (injuries, deaths) to the incident before them
_WEAK_PRIORITY = 35


def _differ(a: str | None, b: str | None) -> bool:
    """Two actor phrases that are both given and not the same words."""
    return bool(a and b and a.lower() != b.lower())


@dataclass(kw_only=True, eq=False, repr=False)
class MentionLinker:
    """Add each sentence's mention to the article's mentions: a new incident, or joined to
    the incident told just before it.

    discourse (Discourse): anaphors, event nouns and the markers of a separate incident.
    chooser (TriggerChooser): which triggers are background and which are demonstrations.
    types (Mapping[str, SubEventType]): ACLED's sub-event types by name.

    Example:
        >>> from conflictcoder.extract import Extractor
        >>> from conflictcoder.model import Article
        >>> from conflictcoder.resolve.actors import ActorResolver
        >>> ex = Extractor(nlp, actors=ActorResolver.load(), places=gaz)
        >>> linker = MentionLinker(discourse=ex.discourse, chooser=ex.chooser, types=ex.types)
        >>> doc = nlp("Jets struck Ariha on Monday. The strike killed two civilians.")
        >>> article, hits, mentions = Article("a1", doc.text), ex.tagger(doc), []
        >>> for sent in doc.sents:
        ...     sent_hits = [h for h in hits if sent.start <= h.span.start < sent.end]
        ...     mention = ex.builder(article, 0, sent, sent_hits, (), None, "Syria", None)
        ...     linker.add(mentions, mention, sent, sent_hits, distance=1)
        True
        True
        >>> [len(m.evidence) for m in mentions]  # "The strike" tells more of the first
        [2]
    """

    discourse: Discourse
    chooser: TriggerChooser
    types: Mapping[str, SubEventType]
    # A toll that names no place and no actor ("12 fighters were killed") is the detail of
    # the incident told at most this many sentences before it (2: one sentence between);
    # further on it is a war's or a year's toll.
    max_detail_gap: int = 2

    def add(
        self,
        mentions: list[Mention],
        mention: Mention,
        sent: Span,
        hits: Sequence[TriggerHit],
        *,
        distance: int,
    ) -> bool:
        """Add ``mention`` (of ``sent``, with the sentence's trigger ``hits``) to
        ``mentions``: a new incident, or folded into the last one. ``distance`` counts the
        sentences since the last one that told a mention. False when the mention is a stray
        toll and is left out."""
        previous = mentions[-1] if mentions else None
        labels = {self.types[h.rule.label].event_type for h in hits}
        if self._stray(mention, previous, distance):
            return False
        if previous is not None and self._takes_ground(previous, mention):
            mentions[-1] = self._upgrade(previous, mention)
            return True
        if previous is not None and self._continues(previous, mention, sent, labels, hits=hits):
            mentions[-1] = self._absorb(previous, mention)
            return True
        if previous is not None and not mention.places:
            # a report goes on about the place it last named
            mention = replace(mention, places=previous.places)
        mentions.append(mention)
        return True

    @staticmethod
    def add_detail(mentions: list[Mention], detail: Evidence) -> None:
        """A sentence without a trigger after an incident tells more of it (a toll, a
        name): it joins the last mention's context."""
        mentions[-1] = replace(mentions[-1], context=mentions[-1].context + (detail,))

    def _stray(self, mention: Mention, previous: Mention | None, distance: int) -> bool:
        """A toll with nothing of an incident ("More than 200,000 people have been killed":
        a generic trigger, no place, no actor) is the detail of the incident told at most
        ``max_detail_gap`` sentences before it, or right before it for a strategic
        development (a withdrawal is seldom what killed them); anywhere else it is a war's,
        a year's or a campaign's toll, and it is left out."""
        if not mention.generic or mention.places:
            return False
        if mention.actor1_text is not None or mention.actor2_text is not None:
            return False
        if previous is None:
            return True
        violent = self.types[previous.sub_event_type].ucdp is not None
        return distance > (self.max_detail_gap if violent else 1)

    def _continues(
        self,
        previous: Mention,
        mention: Mention,
        sent: Span,
        event_types: set[str],
        *,
        hits: Sequence[TriggerHit] = (),
    ) -> bool:
        """Does this sentence only add detail to the incident reported just before?

        Yes when it names no new place and its trigger is generic ("were killed", "were
        wounded") or one of its triggers has the incident's type, and when it refers back
        to the incident ("the clashes", "the attack", or a bare "Clashes resulted in ..."
        as coders write) - unless it says it is a separate one.
        """
        lowered = sent.text.lower()
        if any(marker in lowered for marker in self.discourse.separate):
            return False
        new_place = not {p.name for p in mention.places} <= {p.name for p in previous.places}
        if not new_place and self._names_again(sent, previous, hits):
            return True
        if (
            not new_place
            and self.chooser.protest(previous.sub_event_type)
            and self.chooser.protest(mention.sub_event_type)
        ):
            return True  # the same demonstration, told on ("Police fired tear gas")
        if not new_place and hits and all(self.chooser.secondary(h) for h in hits):
            # "Amid shelling and air raids, 12 soldiers were killed": only background
            return True
        anaphoric = any(
            tok.lemma_.lower() in self.discourse.event_nouns
            and any(c.lower_ in self.discourse.anaphors for c in tok.children if c.dep_ == "det")
            for tok in sent
        )
        if anaphoric and (
            not new_place or (mention.event_type == previous.event_type and not mention.territory)
        ):
            # ground taken at a place of its own is an event of its own ("The clashes
            # raged on; on Monday rebels seized X"): ACLED codes one event per place
            return True
        if new_place:
            return False
        if mention.generic or mention.priority <= _WEAK_PRIORITY:
            return True
        if _differ(mention.actor1_text, previous.actor1_text):
            # ACLED: one event per actor pair; in a battle either side may strike first,
            # otherwise a different initiator is another incident
            same_battle = (
                previous.event_type == "Battles"
                and previous.actor2_text is not None
                and not _differ(mention.actor1_text, previous.actor2_text)
            )
            if not same_battle:
                return False
        return not mention.places and previous.event_type in event_types

    def _names_again(self, sent: Span, previous: Mention, hits: Sequence[TriggerHit]) -> bool:
        """Is the sentence's subject the incident's own event noun, without a determiner
        ("Clashes resulted in the killing of 6", "Clashes, shelling and airstrikes killed",
        "Clashes were accompanied by shelling")? Coders' notes drop the "the" of "the
        clashes"; a noun of another event type ("Airstrikes killed 3") is a new incident.
        """
        for tok in sent:
            if tok.dep_ not in ("nsubj", "nsubjpass") or tok.head != sent.root:
                continue
            for noun in (tok, *tok.conjuncts):
                nouns = self.discourse.event_nouns
                if noun.lemma_.lower() not in nouns and noun.lower_ not in nouns:
                    continue
                if any(c.dep_ in ("det", "poss") for c in noun.children):
                    continue  # "the clashes" is the anaphor rule's; "their attack" is not
                types = {
                    self.types[h.rule.label].event_type
                    for h in hits
                    if h.span.start <= noun.i < h.span.end
                }
                # a generic incident ("an exchange of targeting") takes its type from its
                # sides, so any event noun may name it again
                if previous.event_type in types or (previous.generic and types):
                    return True
        return False

    @staticmethod
    def _takes_ground(previous: Mention, mention: Mention) -> bool:
        """ "Clashes took place in X. Rebels captured the village.": one territorial event."""
        same_place = {p.name for p in mention.places} <= {p.name for p in previous.places}
        return mention.territory and previous.event_type == "Battles" and same_place

    @staticmethod
    def _upgrade(previous: Mention, mention: Mention) -> Mention:
        """A battle that changed who holds the ground is coded as the territorial event."""
        return replace(
            previous,
            sub_event_type=mention.sub_event_type,
            event_type=mention.event_type,
            trigger=mention.trigger,
            territory=True,
            generic=False,
            evidence=previous.evidence + mention.evidence,
            context=previous.context + mention.context,
            actor1_text=mention.actor1_text or previous.actor1_text,
            actor2_text=mention.actor2_text
            or (
                previous.actor2_text
                if _differ(previous.actor2_text, mention.actor1_text)
                else previous.actor1_text
            ),
        )

    def _absorb(self, previous: Mention, mention: Mention) -> Mention:
        if (
            self.chooser.protest(previous.sub_event_type)
            and self.chooser.protest(mention.sub_event_type)
            and mention.priority > previous.priority
        ):
            # a demonstration is typed by its gravest part, whichever sentence tells it
            previous = replace(
                previous,
                sub_event_type=mention.sub_event_type,
                event_type=mention.event_type,
                trigger=mention.trigger,
                priority=mention.priority,
            )
        elif (
            mention.sub_event_type.lower() in self.discourse.retyping_types
            and mention.event_type == previous.event_type
            and {p.name for p in mention.places} <= {p.name for p in previous.places}
        ):
            # "Rebels fired shells at the city. Residents say the shells held chlorine.": the
            # means told later types the strike (ACLED: a chemical attack is coded as such);
            # a sentence naming another place tells of another attack
            previous = replace(
                previous,
                sub_event_type=mention.sub_event_type,
                trigger=mention.trigger,
                priority=mention.priority,
                weapon=mention.weapon or previous.weapon,
            )
        return replace(
            previous,
            evidence=previous.evidence + mention.evidence,
            target=previous.target or mention.target,
            weapon=previous.weapon or mention.weapon,
            context=previous.context + mention.context,
            actor2_text=previous.actor2_text or mention.actor2_text,
            places=previous.places or mention.places,
        )
