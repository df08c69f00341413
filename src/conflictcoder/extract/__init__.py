"""extract/: from a parsed article to ``Mention`` records (one per reported incident).

``Extractor`` wires the trigger tagger, the modality classifier, the attribution finder
and the argument finder. Its output carries plain strings and offsets, never spaCy objects.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..errors import OntologyError
from ..model import REALISED, Article, Evidence, Mention
from ..ontology import ONTOLOGY_DIR, WordLists, acled_types, load_yaml
from ..text import Paragraph, split_paragraphs
from .arguments import ActorSpotter, ArgumentFinder, PlaceSpotter
from .attribution import Attribution, AttributionFinder
from .modality import ModalityClassifier
from .triggers import TriggerHit, TriggerTagger

__all__ = ["Extractor", "Paragraph", "split_paragraphs"]

WEAPONS_FILE = ONTOLOGY_DIR / "weapons.yaml"
DISCOURSE_FILE = ONTOLOGY_DIR / "discourse.yaml"
_TERMINAL = (".", "!", "?", '"', "”", "’", "'", ")")
# generic triggers this weak only add detail (injuries, deaths) to the incident before them
_WEAK_PRIORITY = 35
# The most words a dateline before a repeated headline has ("Thursday 7 April 2016").
_DATELINE_WORDS = 6
# The event types of demonstrations: one demonstration, typed by its gravest part.
_PROTEST_TYPES = frozenset({"Protests", "Riots"})


@dataclass(frozen=True)
class Discourse:
    """Cue words of ``discourse.yaml``."""

    secondary: tuple[tuple[str, ...], ...]
    joint: tuple[tuple[str, ...], ...]
    subordinate: frozenset[str]
    anaphors: frozenset[str]
    event_nouns: frozenset[str]
    former: tuple[tuple[str, ...], ...]
    latter: tuple[tuple[str, ...], ...]
    membership: tuple[str, ...]
    separate: tuple[str, ...]
    target_verbs: frozenset[str] = frozenset()


def load_discourse(path: str | Path = DISCOURSE_FILE) -> Discourse:
    """The cue words that link clauses and sentences.

    Example:
        >>> "the" in load_discourse().anaphors
        True
    """
    lists = WordLists(path, "discourse")

    def phrases(key: str) -> tuple[tuple[str, ...], ...]:
        return tuple(tuple(v.split()) for v in lists.words(key))

    return Discourse(
        secondary=phrases("secondary_prepositions"),
        anaphors=frozenset(" ".join(p) for p in phrases("anaphors")),
        event_nouns=frozenset(" ".join(p) for p in phrases("event_nouns")),
        former=phrases("former"),
        latter=phrases("latter"),
        membership=tuple(" ".join(p) for p in phrases("membership")),
        separate=tuple(" ".join(p) for p in phrases("separate")),
        joint=phrases("joint_prepositions"),
        subordinate=frozenset(" ".join(p) for p in phrases("subordinate_clauses")),
        target_verbs=frozenset(lists.words("target_verbs")),
    )


def _differ(a: str | None, b: str | None) -> bool:
    """Two actor phrases that are both given and not the same words."""
    return bool(a and b and a.lower() != b.lower())


def _starts_with(words: list[str], index: int, phrase: tuple[str, ...]) -> bool:
    return tuple(words[index : index + len(phrase)]) == phrase


def load_weapons(path: str | Path = WEAPONS_FILE) -> list[tuple[str, re.Pattern[str]]]:
    """Weapon names and their compiled patterns, in file order."""
    data = load_yaml(path)
    if not isinstance(data, list):
        raise OntologyError(path, "weapons file must be a list of {weapon, patterns}")
    result = []
    for entry in data:
        if not isinstance(entry, dict) or "weapon" not in entry or "patterns" not in entry:
            raise OntologyError(
                path, "weapon entry needs 'weapon' and 'patterns'", entry.get("__line__")
            )
        alts = "|".join(re.escape(p.lower()) for p in entry["patterns"])
        result.append((entry["weapon"], re.compile(rf"(?<!\w)(?:{alts})(?:e?s)?(?!\w)")))
    return result


class Extractor:
    """Turn parsed paragraphs of an article into mentions.

    nlp (Language): the pipeline (used to compile the lexicon).
    actors (ActorSpotter): finds actor aliases in a text.
    places (PlaceSpotter): finds gazetteer names and country names in a text.
    user_triggers (str | Path | None): extra trigger file.

    Example:
        >>> extractor = Extractor(nlp, actors=resolver, places=gazetteer)
        >>> parsed = [(p.offset, nlp(p.text)) for p in split_paragraphs(article.text)]
        >>> mentions = extractor(article, parsed)
    """

    # A toll that names no place and no actor ("12 fighters were killed") is the detail of
    # the incident told at most this many sentences before it (2: one sentence between);
    # further on it is a war's or a year's toll.
    max_detail_gap: int = 2

    def __init__(
        self,
        nlp: Language,
        *,
        actors: ActorSpotter,
        places: PlaceSpotter,
        user_triggers: str | Path | None = None,
        tagger: TriggerTagger | None = None,
        attribution: AttributionFinder | None = None,
        modality: ModalityClassifier | None = None,
        discourse: Discourse | None = None,
        arguments: ArgumentFinder | None = None,
    ) -> None:
        self.tagger = tagger or TriggerTagger(nlp, user_file=user_triggers)
        self.modality = modality or ModalityClassifier()
        self.attribution = attribution or AttributionFinder()
        self.discourse = discourse or load_discourse()
        self.arguments = arguments or ArgumentFinder(
            actors, places, membership=self.discourse.membership
        )
        self.actor_spotter = actors
        self.weapons = load_weapons()
        self.types = acled_types()

    def __call__(
        self,
        article: Article,
        parsed: Sequence[tuple[int, Doc]],
        *,
        country: str | None = None,
        hits: Sequence[Sequence[TriggerHit]] | None = None,
        attributions: Sequence[Sequence[Attribution]] | None = None,
    ) -> list[Mention]:
        """Mentions of realised incidents, in text order.

        parsed: (offset, Doc) for each paragraph of ``article.text``.
        country: the article's focus country (ACLED name), for country-relative actors.
        hits: the trigger hits of each Doc, when the triggers component has found them;
            else the tagger runs here.
        attributions: the attribution of each sentence of each Doc, when the attribution
            component has found them; else the finder runs here.
        """
        mentions: list[Mention] = []
        last_source: str | None = None
        last_province: str | None = None
        title = (article.title or "").strip().lower()
        number = 0  # of the sentence in the article
        told = -1  # the number of the last sentence that told the last mention
        # A text of one paragraph (a wire snippet, a lead, a caption) may be cut before the
        # full stop of its last sentence, which is still a report; titles and datelines of
        # an article stand on lines of their own, or before the last sentence.
        one_paragraph = "\n" not in article.text.strip()
        length = len(article.text.rstrip())
        for index, (offset, doc) in enumerate(parsed):
            doc_hits = list(hits[index]) if hits is not None else self.tagger(doc)
            for position, sent in enumerate(doc.sents):
                text = sent.text.strip()
                number += 1
                cut = one_paragraph and offset + sent.end_char >= length
                if not text or self._headline(text, title, snippet=cut):
                    continue
                attribution = (
                    attributions[index][position]
                    if attributions is not None
                    else self.attribution(sent)
                )
                if attribution.reported_by:
                    last_source = attribution.reported_by
                reported_by = attribution.reported_by or (
                    last_source if attribution.pronoun else None
                )
                sent_hits = [h for h in doc_hits if sent.start <= h.span.start < sent.end]
                mention = self._mention(
                    article,
                    offset,
                    sent,
                    sent_hits,
                    attribution.spans,
                    reported_by,
                    country,
                    last_province,
                    self._pair(mentions[-1]) if mentions else None,
                )
                provinces = self.arguments.province_names(sent)
                if provinces:
                    last_province = provinces[-1]
                if mention is None:
                    if mentions and not sent_hits:
                        start, end = offset + sent.start_char, offset + sent.end_char
                        detail = Evidence(article.id, article.text[start:end], start, end)
                        mentions[-1] = replace(
                            mentions[-1], context=mentions[-1].context + (detail,)
                        )
                    continue
                previous = mentions[-1] if mentions else None
                labels = {self.types[h.rule.label].event_type for h in sent_hits}
                if self._stray(mention, previous, number - told):
                    continue
                if previous is not None and self._takes_ground(previous, mention):
                    mentions[-1] = self._upgrade(previous, mention)
                    told = number
                    continue
                if previous is not None and self._continues(
                    previous, mention, sent, labels, hits=sent_hits
                ):
                    mentions[-1] = self._absorb(previous, mention)
                    told = number
                    continue
                if previous is not None and not mention.places:
                    # a report goes on about the place it last named
                    mention = replace(mention, places=previous.places)
                mentions.append(mention)
                told = number
        return mentions

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

    # ---------------------------------------------------------------- helpers
    @staticmethod
    def _headline(text: str, title: str, *, snippet: bool = False) -> bool:
        """Titles, repeated headlines (also after a dateline: "Thu Apr 7 2016 <title>."),
        datelines and link lines are not reports: a line that does not end a sentence,
        unless it is the last sentence of a one-paragraph text (``snippet``), cut short."""
        if title:
            line = " ".join(text.lower().split()).strip(" .!?:;")
            head = " ".join(title.split()).strip(" .!?:;")
            if line == head or (
                head and line.endswith(head) and len(line[: -len(head)].split()) <= _DATELINE_WORDS
            ):
                return True
        return not snippet and not text.endswith(_TERMINAL)

    def _secondary(self, hit: TriggerHit, phrases: Sequence[tuple[str, ...]] | None = None) -> bool:
        """Is the trigger inside an "amid ..." / "following ..." phrase (or one headed by
        another of ``phrases``)?"""
        cues = self.discourse.secondary if phrases is None else phrases
        for tok in hit.span.root.ancestors:
            if tok.dep_ in {"prep", "mark", "agent"} or tok.pos_ in {"ADP", "SCONJ"}:
                # the phrase may start at the preposition or at the verb it hangs on
                for first in (tok.i, tok.head.i):
                    words = [t.lower_ for t in tok.doc[first : first + 5]]
                    if any(_starts_with(words, 0, p) for p in cues):
                        return True
            if tok.dep_ in {"ROOT", "ccomp"}:
                break
        # a preposition right before the trigger's phrase, e.g. "amid Russian air raids"
        start = hit.span.start
        window = [t.lower_ for t in hit.span.doc[max(hit.span.sent.start, start - 4) : start]]
        return any(_starts_with(window, i, p) for i in range(len(window)) for p in cues)

    def _choose(self, sent_hits: list[TriggerHit]) -> tuple[TriggerHit, str] | None:
        usable = list(sent_hits)
        joint = {id(h) for h in usable if self._secondary(h, self.discourse.joint)}
        secondary = {id(h) for h in usable if id(h) in joint or self._secondary(h)}
        depth = self._depths(usable)
        # a generic trigger ("killed") types the sentence only when nothing names the means,
        # wherever that is told ("civilians were killed when army shells hit homes")
        usable.sort(
            key=lambda h: (
                id(h) in secondary,
                h.rule.generic,
                depth[id(h)],
                -h.rule.priority,
                h.span.start,
            )
        )
        for hit in usable:
            modality = self.modality(hit.span)
            if modality == REALISED:
                if self._protest(hit.rule.label):
                    hit = self._gravest(hit, usable)
                return self._joint_type(hit, [h for h in usable if id(h) in joint]), modality
        return None

    def _protest(self, label: str) -> bool:
        """Is ``label`` a sub-event type of a protest or a riot?"""
        return self.types[label].event_type in _PROTEST_TYPES

    def _gravest(self, hit: TriggerHit, usable: Sequence[TriggerHit]) -> TriggerHit:
        """ACLED types a demonstration by its gravest part, wherever the sentence tells it
        ("a rally ... after small riots started": a violent demonstration; "police fired
        tear gas at the protest": an intervention): the realised protest or riot trigger of
        the highest priority."""
        for other in sorted(usable, key=lambda h: -h.rule.priority):
            if other.rule.priority <= hit.rule.priority:
                break
            if self._protest(other.rule.label) and self.modality(other.span) == REALISED:
                return other
        return hit

    def _depths(self, hits: list[TriggerHit]) -> dict[int, int]:
        """How many subordinate clauses each trigger is inside: the main clause's event
        types the sentence ("clashes took place [...], dropping barrel bombs"). A capture
        counts wherever it is told (ACLED: a battle that changes who holds the ground is the
        territorial event: "clashes took place in X, where rebels recaptured the area")."""
        depth: dict[int, int] = {}
        for hit in hits:
            level = 0
            tok = hit.span.root
            while tok.head.i != tok.i:
                if tok.dep_.lower() in self.discourse.subordinate:
                    level += 1
                tok = tok.head
            depth[id(hit)] = 0 if hit.rule.territory else level
        return depth

    def _joint_type(self, hit: TriggerHit, joint: list[TriggerHit]) -> TriggerHit:
        """ACLED's type for one incident told with two means ("shelled the town in
        conjunction with airstrikes"): a trigger of a joint phrase of the same event type
        and a higher priority types it (the air strike); a battle stays a battle."""
        event_type = self.types[hit.rule.label].event_type
        for other in joint:  # sorted by priority
            if (
                self.types[other.rule.label].event_type == event_type
                and other.rule.priority > hit.rule.priority
                and not other.rule.generic
                and self.modality(other.span) == REALISED
            ):
                return other
        return hit

    def _mention(
        self,
        article: Article,
        offset: int,
        sent: Span,
        sent_hits: list[TriggerHit],
        excluded: Sequence[tuple[int, int]],
        reported_by: str | None,
        country: str | None,
        last_province: str | None,
        previous_pair: tuple[str, str] | None = None,
    ) -> Mention | None:
        chosen = self._choose(sent_hits)
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
        )
        back = self._back_reference(sent, hit.span)
        if back is not None:
            pair = self.arguments.between_pair(sent, country=country) or previous_pair
            if pair is not None and all(pair):
                first, second = pair if back == "former" else (pair[1], pair[0])
                roles.actor1, roles.actor2 = first, second
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
        )

    def _back_reference(self, sent: Span, trigger: Span) -> str | None:
        """ "where the latter seized ..." -> "latter"; "the former" -> "former"."""
        words = [t.lower_ for t in sent.doc[max(sent.start, trigger.start - 6) : trigger.start]]
        for i in range(len(words)):
            if any(_starts_with(words, i, p) for p in self.discourse.latter):
                return "latter"
            if any(_starts_with(words, i, p) for p in self.discourse.former):
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
            and self._protest(previous.sub_event_type)
            and self._protest(mention.sub_event_type)
        ):
            return True  # the same demonstration, told on ("Police fired tear gas")
        if not new_place and hits and all(self._secondary(h) for h in hits):
            # "Amid shelling and air raids, 12 soldiers were killed": only background
            return True
        anaphoric = any(
            tok.lemma_.lower() in self.discourse.event_nouns
            and any(c.lower_ in self.discourse.anaphors for c in tok.children if c.dep_ == "det")
            for tok in sent
        )
        if anaphoric and (not new_place or mention.event_type == previous.event_type):
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

    @staticmethod
    def _pair(mention: Mention) -> tuple[str, str] | None:
        if mention.actor1_text and mention.actor2_text:
            return mention.actor1_text, mention.actor2_text
        return None

    def _absorb(self, previous: Mention, mention: Mention) -> Mention:
        if (
            self._protest(previous.sub_event_type)
            and self._protest(mention.sub_event_type)
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
        return replace(
            previous,
            evidence=previous.evidence + mention.evidence,
            target=previous.target or mention.target,
            weapon=previous.weapon or mention.weapon,
            context=previous.context + mention.context,
            actor2_text=previous.actor2_text or mention.actor2_text,
            places=previous.places or mention.places,
        )
