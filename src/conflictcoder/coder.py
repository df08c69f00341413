"""The ``Coder``: runs the pipeline in ``Coder().code(article) -> list[Event]``.

The pipeline is an explicit, ordered list of named components (see ``pipeline``): clean,
report date, sentence gate, nlp, triggers, attribution, country, mentions, dates, places,
undated, counts, actors, event model, claims, allocation, incidents, merge, presumed
actors. Each gets plain records from the ones before it. Heavy resources (spaCy pipeline,
gazetteer, lexicons) load once, on first use.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import cached_property
from itertools import islice

from spacy.language import Language

from .config import Settings, load_settings
from .errors import InputError
from .extract import Extractor
from .gate import Chunk, SentenceGate, parseable_text
from .geo import Gazetteer
from .ingest._common import too_large, valid_unicode
from .model import Article, Event, Mention
from .pipeline import Pipeline, Resources, Work
from .pipeline.resources import Shared
from .pipeline.stages import Chunker, Paragraphs
from .resolve.actors import ActorResolver
from .resolve.places import Focus, PlaceResolver
from .resolve.sources import SourceCountries

__all__ = ["Chunk", "Coder", "SentenceGate", "parseable_text"]

# Most articles parsed together through nlp.pipe. A coder's first batches are smaller (1,
# 2, 4, ...) so that the first events come out before a whole batch has been parsed.
_BATCH = 64


class Coder:
    """Code articles into ACLED-schema events.

    settings (Settings | None): pipeline settings (``pipeline`` and ``disable`` choose the
        components). Defaults to the packaged defaults.
    sentence_gate (bool): parse only the sentences that can hold a trigger. False puts
        the ``paragraphs`` component in the place of ``sentence_gate``. Defaults to True.

    Example:
        >>> from datetime import date
        >>> coder = Coder(settings)
        >>> events = coder.code(Article(id="a1", text="On Monday, regime helicopters "
        ...     "dropped barrel bombs on Kafr Nabl in southern Idlib province.",
        ...     published=date(2019, 12, 17)))
        >>> events[0].sub_event_type, events[0].actor1
        ('Air/drone strike', 'Military Forces of Syria (2000-)')
        >>> coder.pipeline.names[:4]
        ['clean', 'report_date', 'sentence_gate', 'nlp']
    """

    def __init__(self, settings: Settings | None = None, *, sentence_gate: bool = True) -> None:
        self.settings = settings or load_settings()
        self.sentence_gate = sentence_gate
        self.resources = Resources(self.settings)
        self._started = False  # whether the first (small) batches have been coded

    @cached_property
    def pipeline(self) -> Pipeline:
        """The components, in order, built from the settings on first use."""
        pipeline = Pipeline.from_settings(self.settings, self.resources)
        if not self.sentence_gate and "sentence_gate" in pipeline.names:
            gate = pipeline.get("sentence_gate")
            assert isinstance(gate, Chunker)
            pipeline.replace("sentence_gate", Paragraphs(gate=None, limit=gate.limit))
        return pipeline

    # The shared resources, for callers that use one stage alone.
    nlp = Shared[Language]()
    gazetteer = Shared[Gazetteer]()
    actors = Shared[ActorResolver]()
    places = Shared[PlaceResolver]()
    extractor = Shared[Extractor]()

    @property
    def sources(self) -> SourceCountries:
        return self.resources.sources

    @sources.setter
    def sources(self, value: SourceCountries) -> None:
        """Code with other source countries from now on (a watched source that names its
        country sets one for its articles)."""
        self.resources.sources = value
        if "chooser" in vars(self.resources):  # already built: it reads them from now on
            self.resources.chooser.sources = value

    @property
    def resolver(self) -> _Resolve:
        """Mentions to merged events: the resolve components and merge, run in order."""
        return _Resolve(self.pipeline)

    @property
    def gate(self) -> SentenceGate | None:
        """The sentence gate (None when the pipeline parses every paragraph)."""
        return self._chunker().gate

    def _chunker(self) -> Chunker:
        for name in ("sentence_gate", "paragraphs"):
            if name in self.pipeline.names:
                chunker = self.pipeline.get(name)
                assert isinstance(chunker, Chunker)
                return chunker
        limit = min(self.settings.max_paragraph_chars, self.nlp.max_length)
        return Paragraphs(gate=None, limit=limit)

    def chunks(self, text: str) -> list[Chunk]:
        """The parts of an article's text the full pipeline parses (see ``SentenceGate``).

        Any text can be chunked: lone surrogates are replaced with U+FFFD, and a paragraph
        longer than ``max_paragraph_chars`` (or the pipeline's ``max_length``) is parsed in
        pieces, broken at sentence ends where it has them (see ``parseable_text``). Chunk
        offsets are offsets into ``text`` either way.

        Example:
            >>> coder = Coder(settings, sentence_gate=False)
            >>> [c.offset for c in coder.chunks("Jets hit Ariha.\\n\\nTwo died.")]
            [0, 17]
        """
        return self._chunker().chunks(text)

    def codable(self, article: Article) -> Article:
        """The article as it is coded: refused when too large, lone surrogates replaced.

        Readers already refuse and repair documents this way (``ingest.build_article``); an
        article built by hand goes through the same checks here. Replacing a surrogate keeps
        the text's length, so evidence offsets are offsets into ``article.text`` too.

        RETURNS (Article): ``article`` itself, or a copy with a valid Unicode text.
        Raises InputError naming the document (its origin, else its id) when the text is
        longer than ``max_document_chars``.

        Example:
            >>> Coder(settings).codable(Article(id="a", text="Ariha \\udcff")).text
            'Ariha \ufffd'
        """
        if len(article.text) > self.settings.max_document_chars:
            raise InputError(
                article.origin or article.id, too_large(len(article.text), self.settings)
            )
        text = valid_unicode(article.text)
        return article if text == article.text else replace(article, text=text)

    def code(self, article: Article) -> list[Event]:
        """Code one article. RETURNS (list[Event]): its realised events, in text order.

        The article first goes through ``codable``: a text longer than
        ``max_document_chars`` raises InputError; lone surrogates are coded (and quoted in
        the evidence) as U+FFFD. The pipeline's ``clean`` component then removes its
        boilerplate as ingest does, so the evidence quotes the cleaned text.
        """
        return next(self.code_many([self.codable(article)]))[1]

    def code_many(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        """Code a stream of articles, yielding each (as the pipeline cleaned it) with its
        events; the parser takes them in batches.

        Example:
            >>> from datetime import date
            >>> articles = [Article(id=i, text=t, published=date(2020, 2, 3)) for i, t in
            ...     [("a", "Talks resumed in Geneva."), ("b", "Jets struck Ariha in Idlib.")]]
            >>> for article, events in Coder(settings).code_many(articles):
            ...     print(article.id, len(events))
            a 0
            b 1
        """
        stream = iter(articles)
        size = _BATCH if self._started else 1
        self._started = True
        pipeline = self.pipeline
        while batch := list(islice(stream, size)):
            size = min(2 * size, _BATCH)
            for work in pipeline.pipe([Work(article) for article in batch]):
                yield work.article, work.events or []


class _Resolve:
    """The resolve components of a pipeline and its merge, over one article's mentions."""

    _NAMES = (
        "dates",
        "places",
        "undated",
        "counts",
        "actors",
        "allocation",
        "merge",
        "presumed_actors",
    )

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipes = [p for p in pipeline.pipes if p.name in self._NAMES]

    def __call__(
        self,
        article: Article,
        mentions: list[Mention],
        focus: Focus,
        *,
        country: str | None = None,
    ) -> list[Event]:
        work = Work(article, focus=focus, country=country, mentions=list(mentions))
        for pipe in self.pipes:
            pipe(work)
        if work.events is None:
            work.events = [event for event, _ in work.named or []]
        return work.events
