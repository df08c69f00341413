"""The built-in components, in pipeline order, registered as a user package would.

Each is a thin adapter: the work is done by the stage's own class (``SentenceGate``,
``TriggerTagger``, ``Extractor``, ``EventResolver``...), which stays usable on its own.
A factory takes the coder's ``Resources`` and returns the component.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from spacy.language import Language

from ..clean import BOILERPLATE, BoilerplateRules, clean_text
from ..gate import Chunk, SentenceGate, parseable_text
from ..ingest._common import valid_unicode
from ..merge import fold_retold, merge_events
from ..model import Event
from ..ontology import SubEventType
from ..registry import components
from ..resolve.actors import ActorResolver
from ..resolve.claims import ClaimReader
from ..resolve.event_model import EVENT_MODEL, EVENT_POLICY, EventTypeReviser
from ..resolve.incidents import IncidentRules, fold_told
from ..resolve.narrative import NarrativeDates
from ..resolve.report_date import break_opening, read_opening, report_date, undated_warning
from ..text import split_paragraphs
from .base import Component, Work, component
from .event_model import EventModel
from .resources import Resources

logger = logging.getLogger("conflictcoder")

# Texts per spaCy batch: measured fastest here (the parser and NER slow down on batches of
# hundreds of texts; spaCy's default is 256).
PIPE_BATCH = 64


@component("clean", requires=("article",), assigns=("article",))
class Cleaner(Component):
    """Remove boilerplate lines and normalise whitespace, as ingest does."""

    rules: BoilerplateRules

    def __call__(self, work: Work) -> Work:
        text = clean_text(work.article.text, rules=self.rules)
        if text != work.article.text:
            work.article = replace(work.article, text=text)
        return work


@component("sentence_gate", requires=("article",), assigns=("chunks", "events"))
class Chunker(Component):
    """Break over-long lines and choose the sentences to parse (the sentence gate)."""

    gate: SentenceGate | None
    limit: int

    def chunks(self, text: str) -> list[Chunk]:
        """The parts of ``text`` to parse, and light Docs for the rest (see
        ``SentenceGate``); without a gate, every paragraph, to parse."""
        text = parseable_text(valid_unicode(text), self.limit)
        if self.gate is not None:
            return self.gate.chunks(text)
        return [Chunk(p.offset, p.text) for p in split_paragraphs(text)]

    def __call__(self, work: Work) -> Work:
        work.chunks = self.chunks(work.article.text)
        if not work.chunks:
            work.events = []  # no sentence can hold a trigger: no mention, no event
        return work


@component("paragraphs")
class Paragraphs(Chunker):
    """Break over-long lines and parse every paragraph (no sentence gate)."""


@component("nlp", requires=("chunks",), assigns=("parsed",))
class Parser(Component):
    """Parse the chunks that need it with the spaCy pipeline, a batch of articles at once."""

    def __init__(self, *, nlp: Language, entity_recognizer: bool = False) -> None:
        self.nlp = nlp
        disable = [] if entity_recognizer else ["ner"]
        self.disable = [name for name in disable if name in nlp.pipe_names]

    def pipe(self, works: Sequence[Work]) -> list[Work]:
        texts = [c.text for w in works for c in w.chunks or () if c.doc is None]
        docs = iter(self.nlp.pipe(texts, batch_size=PIPE_BATCH, disable=self.disable))
        for work in works:
            work.parsed = [
                (c.offset, c.doc if c.doc is not None else next(docs)) for c in work.chunks or ()
            ]
        return list(works)

    def __call__(self, work: Work) -> Work:
        return self.pipe([work])[0]


@component("triggers", requires=("parsed",), assigns=("hits",))
class Triggers(Component):
    """Find the event triggers of the lexicon (``ontology/triggers.yaml``) in each Doc."""

    tagger: Any

    def __call__(self, work: Work) -> Work:
        work.hits = [self.tagger(doc) for _, doc in work.parsed or ()]
        return work


@component("attribution", requires=("parsed",), assigns=("attributions",))
class Attribution(Component):
    """Find who reports each sentence ("activists said", "according to X")."""

    finder: Any

    def __call__(self, work: Work) -> Work:
        work.attributions = [
            [self.finder(sent) for sent in doc.sents] for _, doc in work.parsed or ()
        ]
        return work


@component("country", requires=("article",), assigns=("focus", "country"))
class Country(Component):
    """Find the places the article is about and choose its main country."""

    chooser: Any

    def __call__(self, work: Work) -> Work:
        work.focus, work.country = self.chooser(work.article)
        return work


@component(
    "mentions", requires=("parsed", "hits", "attributions", "country"), assigns=("mentions",)
)
class Mentions(Component):
    """Turn trigger sentences into mentions: modality, actors and places as written, and
    the sentences that go on about one incident joined to it."""

    extractor: Any

    def __call__(self, work: Work) -> Work:
        work.mentions = self.extractor(
            work.article,
            work.parsed or [],
            country=work.country,
            hits=work.hits,
            attributions=work.attributions,
        )
        return work


@dataclass(kw_only=True, eq=False, repr=False)
class ResolveStep(Component):
    """A step of the ``EventResolver`` (which holds the gazetteer and actor dictionary)."""

    resolver: Any


@component("report_date", requires=("article",), assigns=("article",))
class ReportDate(Component):
    """Date the report from the dateline that opens its text (it outranks ``published``) and
    put back the line breaks a headline run into the text lost."""

    rules: BoilerplateRules

    def __call__(self, work: Work) -> Work:
        article = work.article
        opening = read_opening(
            article.text, title=article.title, published=article.published, rules=self.rules
        )
        found = report_date(article.id, article.published, opening.date)
        text = break_opening(article.text, opening)
        if found != article.published or text != article.text:
            work.article = replace(article, published=found, text=text)
        return work


@component("dates", requires=("article", "mentions"), assigns=("resolved",))
class Dates(Component):
    """Resolve each mention's date (relative to publication); drop history."""

    narrative: NarrativeDates

    def __call__(self, work: Work) -> Work:
        work.resolved = self.narrative.dated(work.article, work.mentions or [])
        return work


@component("places", requires=("resolved", "focus", "country"), assigns=("resolved",))
class Places(ResolveStep):
    """Resolve each mention's places in the gazetteer, in the context of the article."""

    def __call__(self, work: Work) -> Work:
        self.resolver.locate(work.resolved or [], work.focus, work.country)
        return work


@component("undated", requires=("article", "resolved"), assigns=("resolved",))
class Undated(Component):
    """Date the undated mentions from the same incident, an earlier date or publication."""

    narrative: NarrativeDates

    def __call__(self, work: Work) -> Work:
        article = work.article
        left = self.narrative.fill(work.resolved or [], article.published, article.text)
        if left and article.published is None:
            logger.warning(undated_warning(article.id))
        return work


@component("counts", requires=("resolved",), assigns=("resolved",))
class Counts(ResolveStep):
    """Count the killed and injured of each mention (ACLED's rules for vague numbers)."""

    def __call__(self, work: Work) -> Work:
        self.resolver.count(work.resolved or [])
        return work


@component("actors", requires=("article", "resolved", "country"), assigns=("named",))
class Actors(ResolveStep):
    """Resolve the actors and build one event per place (types fixed by who acted)."""

    def __call__(self, work: Work) -> Work:
        work.named = self.resolver.assemble(work.article, work.resolved or [], work.country)
        return work


@component("claims", requires=("article", "named", "country"), assigns=("named",))
class Claims(Component):
    """Give a claim of responsibility's claimant to the attack it claims ("X claimed the
    bombing"), when the report names no other attacker."""

    reader: ClaimReader

    def __call__(self, work: Work) -> Work:
        work.named = self.reader.apply(work.article.text, work.named or [], country=work.country)
        return work


@component("allocation", requires=("article", "named"), assigns=("named",))
class Allocation(ResolveStep):
    """Apply the coders' notes: a total for the lead event, coded figures, shared tolls."""

    def __call__(self, work: Work) -> Work:
        events = self.resolver.allocate(work.article, work.named or [])
        work.named = [
            (event, names) for event, (_, names) in zip(events, work.named or [], strict=True)
        ]
        return work


@component("incidents", requires=("named",), assigns=("named",))
class Incidents(Component):
    """Fold the article's tellings of one incident (lead, weapon, toll, town and district)."""

    rules: IncidentRules

    def __call__(self, work: Work) -> Work:
        work.named = fold_told(work.named or [], self.rules)
        return work


@component("merge", requires=("named",), assigns=("events",))
class Merge(Component):
    """Merge the article's reports of one incident (same day, place, type and actors)."""

    def __call__(self, work: Work) -> Work:
        work.events = fold_retold(merge_events([event for event, _ in work.named or []]))
        return work


@component("presumed_actors", requires=("article", "events"), assigns=("events",))
class PresumedActors(Component):
    """Give an event whose report names nobody able to carry it out the actor ACLED presumes
    for it there and then (``presumed`` in the actor file), and a generic actor the named one
    the report names for it (``stands_for``), once its tellings are merged."""

    actors: ActorResolver
    types: Mapping[str, SubEventType]

    def __call__(self, work: Work) -> Work:
        text = work.article.text
        memo: dict[str | None, Counter[str]] = {}  # the report's actors, read once a country

        def finish(event: Event) -> Event:
            event = self.actors.namesakes(event, text, memo=memo)
            return self.actors.presume(event, self.types)

        if work.events is None:  # no merge component: the events as assembled
            work.named = [(finish(event), names) for event, names in work.named or []]
        else:
            work.events = [finish(event) for event in work.events]
        return work


# The class each built-in factory builds, by short name (for docs that need no loading).
COMPONENT_CLASSES: dict[str, type[Component]] = {}


def _register(name: str, cls: type[Component], factory: Any) -> None:
    components.register(f"conflictcoder.{name}.v1", aliases=(name,))(factory)
    COMPONENT_CLASSES[name] = cls


def _chunker(resources: Resources, kind: type[Chunker], gated: bool) -> Chunker:
    limit = min(resources.settings.max_paragraph_chars, resources.nlp.max_length)
    gate = (
        SentenceGate.for_stages(
            resources.nlp,
            tagger=resources.tagger,
            attribution=resources.attribution,
            cues=resources.arguments.cues,
        )
        if gated
        else None
    )
    return kind(gate=gate, limit=limit)


_register("clean", Cleaner, lambda r: Cleaner(rules=r.rules(BOILERPLATE)))
_register("sentence_gate", Chunker, lambda r: _chunker(r, Chunker, True))
_register("paragraphs", Paragraphs, lambda r: _chunker(r, Paragraphs, False))
_register(
    "nlp", Parser, lambda r: Parser(nlp=r.nlp, entity_recognizer=r.settings.entity_recognizer)
)
_register("triggers", Triggers, lambda r: Triggers(tagger=r.tagger))
_register("attribution", Attribution, lambda r: Attribution(finder=r.attribution))
_register("country", Country, lambda r: Country(chooser=r.chooser))
_register("mentions", Mentions, lambda r: Mentions(extractor=r.extractor))
_register("report_date", ReportDate, lambda r: ReportDate(rules=r.rules(BOILERPLATE)))
_register("dates", Dates, lambda r: Dates(narrative=r.narrative))
_register("places", Places, lambda r: Places(resolver=r.resolver))
_register("undated", Undated, lambda r: Undated(narrative=r.narrative))
_register("counts", Counts, lambda r: Counts(resolver=r.resolver))
_register("actors", Actors, lambda r: Actors(resolver=r.resolver))
_register(
    "event_model",
    EventModel,
    lambda r: EventModel(
        reviser=EventTypeReviser(
            model=r.rules(EVENT_MODEL), policy=r.rules(EVENT_POLICY), types=r.types
        )
    ),
)
_register("claims", Claims, lambda r: Claims(reader=ClaimReader(r.actors, rules=r.claim_rules)))
_register("allocation", Allocation, lambda r: Allocation(resolver=r.resolver))
_register("incidents", Incidents, lambda r: Incidents(rules=r.incident_rules))
_register("merge", Merge, lambda r: Merge())
_register(
    "presumed_actors",
    PresumedActors,
    lambda r: PresumedActors(actors=r.actors, types=r.types),
)


# The built-in pipeline, in order: the ``pipeline`` setting's default.
DEFAULT_PIPELINE: tuple[str, ...] = (
    "clean",
    "report_date",
    "sentence_gate",
    "nlp",
    "triggers",
    "attribution",
    "country",
    "mentions",
    "dates",
    "places",
    "undated",
    "counts",
    "actors",
    "event_model",
    "claims",
    "allocation",
    "incidents",
    "merge",
    "presumed_actors",
)
