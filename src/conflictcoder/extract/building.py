"""From one sentence and its chosen trigger to a ``Mention``: actors and places as
written, the date text, the weapon, the target."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from spacy.tokens import Span

from ..model import Article, Evidence, Mention
from ..ontology import SubEventType
from .arguments import ActorSpotter, ArgumentFinder
from .attribution import AttributionFinder
from .discourse import Discourse, starts_with
from .selection import TriggerChooser
from .triggers import TriggerHit

__all__ = ["MentionBuilder"]


def _pair(mention: Mention) -> tuple[str, str] | None:
    if mention.actor1_text and mention.actor2_text:
        return mention.actor1_text, mention.actor2_text
    return None


class MentionBuilder:
    """Build the mention a sentence reports, when one of its triggers is realised.

    chooser (TriggerChooser): the trigger that types the sentence.
    arguments (ArgumentFinder): actors and places around the trigger.
    actors (ActorSpotter): actor aliases of the sentence (kept apart from its places).
    attribution (AttributionFinder): the adjuncts of reporting verbs.
    discourse (Discourse): back references and target verbs.
    types (Mapping[str, SubEventType]): ACLED's sub-event types by name.
    weapons (Sequence[tuple[str, re.Pattern[str]]]): weapon names and their patterns.

    Example:
        >>> from conflictcoder.extract import Extractor
        >>> from conflictcoder.model import Article
        >>> from conflictcoder.resolve.actors import ActorResolver
        >>> extractor = Extractor(nlp, actors=ActorResolver.load(), places=gaz)
        >>> builder = extractor.builder  # the builder an Extractor puts together
        >>> doc = nlp("Russian jets struck Ariha, killing two civilians.")
        >>> sent, hits = next(doc.sents), extractor.tagger(doc)
        >>> mention = builder(Article("a1", doc.text), 0, sent, hits, (), None, "Syria", None)
        >>> mention.sub_event_type, mention.actor1_text, mention.actor2_text
        ('Air/drone strike', 'Russian jets', 'civilians')
        >>> [ref.name for ref in mention.places]
        ['Ariha']
    """

    def __init__(
        self,
        *,
        chooser: TriggerChooser,
        arguments: ArgumentFinder,
        actors: ActorSpotter,
        attribution: AttributionFinder,
        discourse: Discourse,
        types: Mapping[str, SubEventType],
        weapons: Sequence[tuple[str, re.Pattern[str]]],
    ) -> None:
        self.chooser = chooser
        self.arguments = arguments
        self.actor_spotter = actors
        self.attribution = attribution
        self.discourse = discourse
        self.types = types
        self.weapons = weapons

    def __call__(
        self,
        article: Article,
        offset: int,
        sent: Span,
        sent_hits: list[TriggerHit],
        excluded: Sequence[tuple[int, int]],
        reported_by: str | None,
        country: str | None,
        last_province: str | None,
        previous: Mention | None = None,
    ) -> Mention | None:
        """The mention of ``sent`` (a sentence of the paragraph at ``offset``), or None when
        none of its triggers is realised. ``previous`` is the mention told before it, whose
        actor pair "the former"/"the latter" refer back to."""
        chosen = self.chooser(sent_hits)
        if chosen is None:
            return None
        hit, modality = chosen
        rule = hit.rule
        actor_spans = [
            (h.start + sent.start_char, h.end + sent.start_char)
            for h in self.actor_spotter.find(sent.text, country=country)
        ]
        refs = self.arguments.places(
            sent, hit.span, excluded=excluded, actor_spans=actor_spans, last_province=last_province
        )
        roles = self.arguments.actors(
            sent,
            hit.span,
            excluded=excluded,
            country=country,
            place_spans=[(p.start, p.end) for p in refs],
            battle=self.types[rule.label].event_type == "Battles" or rule.generic,
            remote=self.types[rule.label].event_type == "Explosions/Remote violence",
        )
        back = self._back_reference(sent, hit.span)
        if back is not None:
            previous_pair = _pair(previous) if previous is not None else None
            pair = self.arguments.between_pair(sent, country=country) or previous_pair
            if pair is not None and all(pair):
                first, second = pair if back == "former" else (pair[1], pair[0])
                roles.actor1, roles.actor2 = first, second
                roles.directed = False
        places = tuple(replace(p, start=p.start + offset, end=p.end + offset) for p in refs)
        start, end = offset + sent.start_char, offset + sent.end_char
        evidence = Evidence(article.id, article.text[start:end], start, end)
        sub = self.types[rule.label]
        lowered = sent.text.lower()
        weapon = rule.weapon or next((w for w, p in self.weapons if p.search(lowered)), None)
        return Mention(
            doc_id=article.id,
            sub_event_type=rule.label,
            event_type=sub.event_type,
            trigger=hit.span.text,
            evidence=(evidence,),
            modality=modality,
            actor1_text=roles.actor1,
            actor2_text=roles.actor2,
            assoc_actor_1_texts=tuple(roles.assoc1),
            assoc_actor_2_texts=tuple(roles.assoc2),
            places=places,
            date_text=self._event_date_text(sent),
            weapon=weapon,
            target=self._target(sent),
            reported_by=reported_by,
            confidence=0.5 + rule.priority / 400,
            generic=rule.generic,
            territory=rule.territory,
            priority=rule.priority,
            directed=roles.directed,
        )

    def _event_date_text(self, sent: Span) -> str:
        """The sentence less the adjuncts of its reporting verbs ("..., officials said on
        Monday"): the date of the saying is not the date of the event. (The resolver falls
        back on the whole sentence when no date is left.)"""
        text = sent.text
        spans = self.attribution.report_adjuncts(sent)
        if not spans:
            return text
        chars = list(text)
        for start, end in spans:
            for i in range(max(0, start - sent.start_char), min(len(chars), end - sent.start_char)):
                chars[i] = " "
        return "".join(chars)

    def _back_reference(self, sent: Span, trigger: Span) -> str | None:
        """ "where the latter seized ..." -> "latter"; "the former" -> "former"."""
        words = [t.lower_ for t in sent.doc[max(sent.start, trigger.start - 6) : trigger.start]]
        for i in range(len(words)):
            if any(starts_with(words, i, p) for p in self.discourse.latter):
                return "latter"
            if any(starts_with(words, i, p) for p in self.discourse.former):
                return "former"
        return None

    def _target(self, sent: Span) -> str | None:
        for tok in sent:
            if tok.lemma_ in self.discourse.target_verbs and tok.pos_ == "VERB":
                objs = [c for c in tok.children if c.dep_ == "dobj"]
                if objs:
                    sub = list(objs[0].subtree)
                    return sent.doc.text[sub[0].idx : sub[-1].idx + len(sub[-1].text)]
        return None
