"""The ``Extractor``: from the parsed paragraphs of an article to its ``Mention`` records.

It walks the sentences in text order and leaves each step to a collaborator: the
``TriggerChooser`` types a sentence, the ``MentionBuilder`` builds its mention, the
``MentionLinker`` adds it to the article's mentions (a new incident or the detail of the
last one). Its output carries plain strings and offsets, never spaCy objects.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from ..model import Article, Evidence, Mention
from ..ontology import SubEventType, acled_types
from .arguments import ActorSpotter, ArgumentFinder, PlaceSpotter
from .attribution import ATTRIBUTION, Attribution, AttributionFinder
from .building import MentionBuilder
from .discourse import DISCOURSE, Discourse
from .linking import MentionLinker
from .modality import ModalityClassifier
from .selection import TriggerChooser
from .triggers import TriggerHit, TriggerTagger
from .weapons import WEAPONS

__all__ = ["Extractor"]

_TERMINAL = (".", "!", "?", '"', "”", "’", "'", ")")
# The first characters of a text that goes on from a sentence the parser ended too soon.
_GOES_ON = ("(", "[")
# The most words a dateline before a repeated headline has ("Thursday 7 April 2016").
_DATELINE_WORDS = 6


def _paragraph(text: str, offset: int, length: int) -> str:
    """The line of ``text`` around ``text[offset : offset + length]`` (a parsed chunk).

    Example:
        >>> _paragraph("Title\\nA tank exploded. Four were hurt.\\nMore", 23, 15)
        'A tank exploded. Four were hurt.'
    """
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset + length)
    return text[start : end if end >= 0 else len(text)]


class Extractor:
    """Turn parsed paragraphs of an article into mentions.

    nlp (Language): the pipeline (used to compile the lexicon).
    actors (ActorSpotter): finds actor aliases in a text.
    places (PlaceSpotter): finds gazetteer names and country names in a text.
    user_triggers (str | Path | None): extra trigger file.
    types (Mapping[str, SubEventType] | None): ACLED's sub-event types (the packaged ones
        when None).
    weapons (list[tuple[str, re.Pattern[str]]] | None): the weapon patterns (``WEAPONS``;
        the packaged ones when None).

    Example:
        >>> from conflictcoder.model import Article
        >>> from conflictcoder.resolve.actors import ActorResolver
        >>> from conflictcoder.text import split_paragraphs
        >>> extractor = Extractor(nlp, actors=ActorResolver.load(), places=gaz)
        >>> article = Article("a1", "Russian jets struck Ariha on Monday.\\nTalks resumed.")
        >>> parsed = [(p.offset, nlp(p.text)) for p in split_paragraphs(article.text)]
        >>> mentions = extractor(article, parsed, country="Syria")
        >>> [(m.sub_event_type, m.actor1_text, m.places[0].name) for m in mentions]
        [('Air/drone strike', 'Russian jets', 'Ariha')]
    """

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
        types: Mapping[str, SubEventType] | None = None,
        weapons: list[tuple[str, re.Pattern[str]]] | None = None,
    ) -> None:
        self.tagger = tagger or TriggerTagger(nlp, user_file=user_triggers)
        self.modality = modality or ModalityClassifier()
        self.attribution = attribution or ATTRIBUTION.packaged()
        self.discourse = discourse or DISCOURSE.packaged()
        self.arguments = arguments or ArgumentFinder(
            actors, places, membership=self.discourse.membership
        )
        self.actor_spotter = actors
        self.weapons = weapons if weapons is not None else WEAPONS.packaged()
        self.types = types if types is not None else acled_types()
        self.chooser = TriggerChooser(
            discourse=self.discourse, modality=self.modality, types=self.types
        )
        self.builder = MentionBuilder(
            chooser=self.chooser,
            arguments=self.arguments,
            actors=actors,
            attribution=self.attribution,
            discourse=self.discourse,
            types=self.types,
            weapons=self.weapons,
        )
        self.linker = MentionLinker(
            discourse=self.discourse, chooser=self.chooser, types=self.types
        )

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
        # full stop of its last sentence, which is still a report, and the parser may end a
        # sentence of it where the text goes on with a bracket or a small letter ("... in
        # the city [in the northern province]"); titles, datelines and link lines of an
        # article stand on lines of their own, or before a sentence of their own.
        one_paragraph = "\n" not in article.text.strip()
        length = len(article.text.rstrip())
        for index, (offset, doc) in enumerate(parsed):
            doc_hits = list(hits[index]) if hits is not None else self.tagger(doc)
            self.modality.read_paragraph(doc, _paragraph(article.text, offset, len(doc.text)))
            for position, sent in enumerate(doc.sents):
                text = sent.text.strip()
                number += 1
                end = offset + sent.end_char
                after = article.text[end:].lstrip()[:1]
                cut = one_paragraph and (end >= length or after.islower() or after in _GOES_ON)
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
                mention = self.builder(
                    article,
                    offset,
                    sent,
                    sent_hits,
                    attribution.spans,
                    reported_by,
                    country,
                    last_province,
                    mentions[-1] if mentions else None,
                )
                provinces = self.arguments.province_names(sent)
                if provinces:
                    last_province = provinces[-1]
                if mention is None:
                    if mentions and not sent_hits:
                        start, end = offset + sent.start_char, offset + sent.end_char
                        detail = Evidence(article.id, article.text[start:end], start, end)
                        self.linker.add_detail(mentions, detail)
                    continue
                if self.linker.add(mentions, mention, sent, sent_hits, distance=number - told):
                    told = number
        return mentions

    @staticmethod
    def _headline(text: str, title: str, *, snippet: bool = False) -> bool:
        """Titles, repeated headlines (also after a dateline: "Thu Apr 7 2016 <title>."),
        datelines and link lines are not reports: a line that does not end a sentence,
        unless it is the last sentence of a one-paragraph text (``snippet``), cut short,
        or a part of it that the text goes on from."""
        if title:
            line = " ".join(text.lower().split()).strip(" .!?:;")
            head = " ".join(title.split()).strip(" .!?:;")
            if line == head or (
                head and line.endswith(head) and len(line[: -len(head)].split()) <= _DATELINE_WORDS
            ):
                return True
        return not snippet and not text.endswith(_TERMINAL)
