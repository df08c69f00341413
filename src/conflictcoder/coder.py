"""The ``Coder``: wires the stages into ``Coder().code(article) -> list[Event]``.

clean -> nlp -> extract -> resolve -> merge, in that order; each stage gets plain records
from the one before. Heavy resources (spaCy pipeline, gazetteer, lexicons) load once, on
first use.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import islice
from typing import Any

import pycountry
from spacy.language import Language
from spacy.tokens import Doc

from .config import Settings, load_settings
from .errors import InputError
from .extract import Extractor, split_paragraphs
from .geo import Gazetteer
from .ingest._common import too_large, valid_unicode
from .model import Article, Event
from .nlp import LemmaIndex, light_doc, load_nlp, rough_sentences
from .resolve.actors import ActorResolver
from .resolve.events import EventResolver
from .resolve.places import Focus, PlaceResolver
from .resolve.sources import SourceCountries

# Most articles parsed together through nlp.pipe. A coder's first batches are smaller (1,
# 2, 4, ...) so that the first events come out before a whole batch has been parsed.
_BATCH = 64
# Texts per spaCy batch: measured fastest here (the parser and NER slow down on batches of
# hundreds of texts; spaCy's default is 256).
_PIPE_BATCH = 64
# Matcher pattern keys that name a token's form or lemma (what the gate can check cheaply).
_LEMMA_KEYS = ("LEMMA",)
_FORM_KEYS = ("LOWER", "ORTH", "TEXT")
# Bits of a word's cue mask (see SentenceGate).
_TRIGGER, _PROVINCE, _REPORTING, _PHRASE, _PRONOUN = 1, 2, 4, 8, 16
_FIRST_ANCHOR_BIT = 5
# inter codes of actors that fight in their own country: rebels and militias
_LOCAL_INTER = {2, 3, 4}


@dataclass(frozen=True)
class Chunk:
    """A stretch of an article, where it starts, and its Doc when it needs no parsing.

    ``doc`` is None for a chunk the full pipeline must parse; otherwise it is a tokenised
    Doc with sentence boundaries from punctuation, each lemma the lower-cased word and
    each part of speech ``X`` (see ``SentenceGate``).
    """

    offset: int
    text: str
    doc: Doc | None = None


def _lexical_values(spec: dict[str, Any], keys: tuple[str, ...]) -> set[str] | None:
    """The lower-cased values a Matcher token spec allows for one of ``keys``, if fixed."""
    for key in keys:
        value = spec.get(key)
        if isinstance(value, str):
            return {value.lower()}
        if isinstance(value, dict) and set(value) == {"IN"} and isinstance(value["IN"], list):
            return {str(v).lower() for v in value["IN"]}
    return None


class SentenceGate:
    """Choose the sentences of an article that the full spaCy pipeline has to parse.

    Most news sentences report no event, and only sentences with a trigger become
    mentions. A sentence is parsed when it holds every word a trigger of the lexicon needs
    (each phrase word, each token of a pattern with a fixed lemma or form, in any of the
    forms the lemmatizer could map to that lemma: see ``LemmaIndex``), plus the context
    the extractor carries from one sentence to the next: sentences naming a province
    ("Idlib province"), and sentences with a reporting verb or source phrase ("said",
    "according to") before a trigger sentence that has one too (a later "they said" takes
    its source from them). Consecutive chosen sentences of a paragraph are parsed together,
    so the parser still finds the sentence boundaries itself. The check runs on the
    tokenizer's output with dictionary look-ups, a small fraction of the cost of the
    statistical components.

    A trigger pattern with no token of fixed form or lemma, or a pipeline whose lemmas
    cannot be foreseen, turns the gate off (``exact`` is False): every paragraph is parsed.

    nlp (Language): the pipeline (its tokenizer and lemmatizer tables are used).
    patterns (Iterable): the trigger patterns (phrase strings or Matcher token lists).
    reporting_verbs (Iterable[str]): lemmas of reporting verbs.
    source_prepositions (Iterable[Sequence[str]]): phrases like ("according", "to").
    province_nouns (Iterable[str]): words after a province name ("province").
    pronouns (Iterable[str] | None): subjects that take their source from an earlier
        sentence ("they said"); None: any trigger sentence with a reporting verb may.
    context (int): neighbouring sentences parsed along with each trigger sentence.
        Defaults to 0.

    Example:
        >>> gate = SentenceGate.for_extractor(nlp, extractor)
        >>> [c.text for c in gate.chunks("Talks resumed. Jets struck Ariha. Prices rose.")]
        ['Jets struck Ariha.']
    """

    def __init__(
        self,
        nlp: Language,
        *,
        patterns: Iterable[Any],
        reporting_verbs: Iterable[str] = (),
        source_prepositions: Iterable[Any] = (),
        province_nouns: Iterable[str] = (),
        pronouns: Iterable[str] | None = None,
        context: int = 0,
    ) -> None:
        self.nlp = nlp
        self.lemmas = LemmaIndex(nlp)
        self.context = context
        self.exact = self.lemmas.exact
        # word -> bits of the anchors (required pattern tokens) it can fill; bit 0..2 are cues
        self._bits: dict[str, int] = {}
        self._anchors: dict[frozenset[str], int] = {}
        needs: set[int] = set()
        patterns = list(patterns)
        # Phrases match on the lemmas the pipeline gives the phrase itself, lower-cased and
        # as written (as the trigger tagger compiles them), or on its surface form.
        phrases = [p for p in patterns if isinstance(p, str)]
        variants = [p.lower() for p in phrases] + phrases
        parsed = list(nlp.pipe(variants, disable=["ner", "parser"]))
        self._phrase_docs = {
            p: (parsed[i], parsed[len(phrases) + i]) for i, p in enumerate(phrases)
        }
        for pattern in patterns:
            need = self._pattern_bits(pattern)
            if not need:
                self.exact = False
            needs.add(need)
        # a pattern whose needs include another's adds nothing to the test
        self._needs = sorted(
            (n for n in needs if n and not any(o != n and o & n == o for o in needs if o)),
            key=int.bit_count,
        )
        for verb in reporting_verbs:
            for word in self.lemmas.forms(verb):
                self._bits[word] = self._bits.get(word, 0) | _REPORTING
        self.phrases: dict[str, list[tuple[str, ...]]] = {}
        for words in source_prepositions:
            phrase = tuple(str(w).lower() for w in words)
            if phrase:
                self.phrases.setdefault(phrase[0], []).append(phrase)
                self._bits[phrase[0]] = self._bits.get(phrase[0], 0) | _PHRASE
        for noun in province_nouns:
            self._bits[noun.lower()] = self._bits.get(noun.lower(), 0) | _PROVINCE
        # without a pronoun list every reporting trigger sentence counts as one with a pronoun
        self._needs_source = _TRIGGER | _REPORTING | (_PRONOUN if pronouns is not None else 0)
        for word in pronouns or ():
            self._bits[word.lower()] = self._bits.get(word.lower(), 0) | _PRONOUN

    @classmethod
    def for_extractor(cls, nlp: Language, extractor: Extractor, context: int = 0) -> SentenceGate:
        """The gate for an ``Extractor``: its trigger lexicon and its cross-sentence cues."""
        from .extract import attribution

        # the subjects that make the attribution finder reuse an earlier source; unknown
        # (None) if it no longer names them, which only makes the gate parse more
        pronouns = getattr(extractor.attribution, "pronouns", None)
        if pronouns is None:
            pronouns = getattr(attribution, "_PRONOUNS", None)
        return cls(
            nlp,
            patterns=[rule.pattern for rule in extractor.tagger.rules],
            reporting_verbs=extractor.attribution.verbs,
            source_prepositions=extractor.attribution.prepositions,
            province_nouns=extractor.arguments.cues.province_nouns,
            pronouns=pronouns,
            context=context,
        )

    def _anchor(self, words: frozenset[str]) -> int:
        """The bit of an anchor: a required token that must be one of ``words``."""
        bit = self._anchors.get(words)
        if bit is None:
            bit = 1 << (_FIRST_ANCHOR_BIT + len(self._anchors))
            self._anchors[words] = bit
            for word in words:
                self._bits[word] = self._bits.get(word, 0) | bit
        return bit

    def _pattern_bits(self, pattern: Any) -> int:
        """The anchor bits a sentence needs for ``pattern`` to match in it; 0 if none."""
        need = 0
        if isinstance(pattern, str):
            lower, written = self._phrase_docs[pattern]
            plural = self.nlp.make_doc(pattern.lower() + "s")
            if not len(lower) or len(lower) != len(written):
                return 0
            for i, token in enumerate(lower):
                if token.is_space:
                    continue
                words = {token.lower_}
                words |= self.lemmas.forms(token.lemma_) | self.lemmas.forms(written[i].lemma_)
                if len(plural) == len(lower):
                    words.add(plural[i].lower_)
                elif i == len(lower) - 1:
                    continue  # the plural tokenises differently: its last word can be anything
                need |= self._anchor(frozenset(words))
            return need
        for spec in pattern:
            if not isinstance(spec, dict) or spec.get("OP") not in (None, "+"):
                continue  # optional or negated: a match need not contain it
            lemmas = _lexical_values(spec, _LEMMA_KEYS)
            if lemmas is not None:
                forms: set[str] = set()
                for lemma in lemmas:
                    forms |= self.lemmas.forms(lemma)
                need |= self._anchor(frozenset(forms))
                continue
            surface = _lexical_values(spec, _FORM_KEYS)
            if surface is not None:
                need |= self._anchor(frozenset(surface))
        return need

    def chunks(self, text: str) -> list[Chunk]:
        """The parts of ``text``, in text order: those to parse, and light Docs for the rest.

        RETURNS (list[Chunk]): offsets into ``text``, the text at each, and a Doc for the
            chunks that need no parsing. Empty when no sentence can hold a trigger; the
            sentences before the first one that can are left out unless they name a
            province. When the gate is not exact, every paragraph is returned whole, to
            be parsed.
        """
        paragraphs = split_paragraphs(text)
        if not self.exact:
            return [Chunk(p.offset, p.text) for p in paragraphs]
        bits = self._bits
        docs: list[Doc] = []
        # (paragraph index, first token, end token, cue mask) per rough sentence
        sentences: list[tuple[int, int, int, int]] = []
        for number, para in enumerate(paragraphs):
            doc = self.nlp.make_doc(para.text)
            docs.append(doc)
            bounds = rough_sentences(doc)
            light_doc(doc, [start for start, _ in bounds])
            for start, end in bounds:
                while start < end and doc[start].is_space:
                    start += 1
                while end > start and doc[end - 1].is_space:
                    end -= 1
                if start == end:
                    continue
                lowered = [t.lower_ for t in doc[start:end]]
                mask = 0
                for i, word in enumerate(lowered):
                    found = bits.get(word, 0)
                    if found & _PHRASE and any(
                        tuple(lowered[i : i + len(p)]) == p for p in self.phrases[word]
                    ):
                        found |= _REPORTING
                    mask |= found
                if any(need & mask == need for need in self._needs):
                    mask |= _TRIGGER
                sentences.append((number, start, end, mask))
        parse = [bool(mask & _TRIGGER) for *_, mask in sentences]
        if self.context:
            for i in [i for i, (*_, mask) in enumerate(sentences) if mask & _TRIGGER]:
                for j in range(max(0, i - self.context), min(len(sentences), i + self.context + 1)):
                    parse[j] = True
        # a "they said" in a trigger sentence takes its source from an earlier sentence
        needs = self._needs_source
        reported = [i for i, (*_, m) in enumerate(sentences) if m & needs == needs]
        if reported:
            for i in range(reported[-1]):
                if sentences[i][3] & _REPORTING:
                    parse[i] = True
        if not any(parse):
            return []  # no trigger anywhere: no mention, no event
        # Before the first parsed sentence nothing can be a mention's context: of those
        # sentences only the provinces they name matter.
        first = parse.index(True)
        keep = [i >= first or bool(m & _PROVINCE) for i, (*_, m) in enumerate(sentences)]
        result: list[Chunk] = []
        run: list[int] | None = None  # paragraph, first token, end token, parse?
        for (number, start, end, _), full, kept in zip(sentences, parse, keep, strict=True):
            if not kept:
                continue
            if run is not None and run[0] == number and run[3] == full:
                run[2] = end
                continue
            if run is not None:
                result.append(self._chunk(paragraphs[run[0]], docs[run[0]], run))
            run = [number, start, end, full]
        if run is not None:
            result.append(self._chunk(paragraphs[run[0]], docs[run[0]], run))
        return result

    @staticmethod
    def _chunk(para: Any, doc: Doc, run: list[int]) -> Chunk:
        _, start, end, full = run
        span = doc[start:end]
        return Chunk(para.offset + span.start_char, span.text, None if full else span.as_doc())


# A sentence end inside an over-long paragraph: a stop, closing quotes or brackets, a space.
_SENTENCE_BREAK = re.compile(r"[.!?…][\"'”’»)\]]*(?=\s)")


def parseable_text(text: str, limit: int) -> str:
    """``text`` with each line longer than ``limit`` broken into lines of at most ``limit``.

    A break replaces one character with a newline, so the result has the same length and
    the same offsets as ``text``: the whitespace after the last sentence end that fits,
    else the last whitespace that fits, else (a run of ``limit`` characters without a
    space) the character at the limit. Linear in the length of ``text``.

    text (str): the text.
    limit (int): the longest line wanted (at least 2).
    RETURNS (str): the text, broken where needed.

    Example:
        >>> parseable_text("Jets hit Ariha. Two died in Binnish.", 20)
        'Jets hit Ariha.\nTwo died in Binnish.'
    """
    limit = max(limit, 2)
    if len(text) <= limit:
        return text
    chars: list[str] | None = None
    start = 0  # where the current line starts
    while True:
        newline = text.find("\n", start)
        end = len(text) if newline < 0 else newline
        while end - start > limit:
            window = text[start : start + limit + 1]  # a break at the last position is fine
            cut = -1
            for match in _SENTENCE_BREAK.finditer(window, 0, limit):
                cut = match.end()
            if cut <= 0:
                cut = max(window.rfind(" "), window.rfind("\t"))
                if cut <= 0:
                    cut = next((i for i in range(limit, 0, -1) if window[i].isspace()), limit)
            if chars is None:
                chars = list(text)
            chars[start + cut] = "\n"
            start += cut + 1
        if newline < 0:
            break
        start = newline + 1
    return text if chars is None else "".join(chars)


class Coder:
    """Code articles into ACLED-schema events.

    settings (Settings | None): pipeline settings. Defaults to the packaged defaults.

    Example:
        >>> coder = Coder()
        >>> events = coder.code(Article(id="a1", text="On Monday, regime helicopters "
        ...     "dropped barrel bombs on Kafr Nabl in southern Idlib province.",
        ...     published=date(2019, 12, 17)))
        >>> events[0].sub_event_type, events[0].actor1
        ('Air/drone strike', 'Military Forces of Syria (2000-)')
    """

    def __init__(self, settings: Settings | None = None, *, sentence_gate: bool = True) -> None:
        self.settings = settings or load_settings()
        self.sentence_gate = sentence_gate
        self._started = False  # whether the first (small) batches have been coded

    @cached_property
    def nlp(self) -> Language:
        return load_nlp(self.settings)

    @cached_property
    def gazetteer(self) -> Gazetteer:
        return Gazetteer.open(self.settings.gazetteer_file)

    @cached_property
    def actors(self) -> ActorResolver:
        return ActorResolver.load(self.settings.user_actors or None)

    @cached_property
    def sources(self) -> SourceCountries:
        return SourceCountries.load(self.settings.user_sources or None)

    @cached_property
    def places(self) -> PlaceResolver:
        return PlaceResolver(self.gazetteer)

    @cached_property
    def extractor(self) -> Extractor:
        return Extractor(
            self.nlp,
            actors=self.actors,
            places=self.gazetteer,
            user_triggers=self.settings.user_triggers or None,
        )

    @cached_property
    def resolver(self) -> EventResolver:
        return EventResolver(self.places, self.actors)

    @cached_property
    def gate(self) -> SentenceGate:
        return SentenceGate.for_extractor(self.nlp, self.extractor)

    def chunks(self, text: str) -> list[Chunk]:
        """The parts of an article's text the full pipeline parses (see ``SentenceGate``).

        Any text can be chunked: lone surrogates are replaced with U+FFFD, and a paragraph
        longer than ``max_paragraph_chars`` (or the pipeline's ``max_length``) is parsed in
        pieces, broken at sentence ends where it has them (see ``parseable_text``). Chunk
        offsets are offsets into ``text`` either way.

        Example:
            >>> coder = Coder(sentence_gate=False)
            >>> [c.offset for c in coder.chunks("Jets hit Ariha.\n\nTwo died.")]
            [0, 17]
        """
        limit = min(self.settings.max_paragraph_chars, self.nlp.max_length)
        text = parseable_text(valid_unicode(text), limit)
        if self.sentence_gate:
            return self.gate.chunks(text)
        return [Chunk(p.offset, p.text) for p in split_paragraphs(text)]

    def codable(self, article: Article) -> Article:
        """The article as it is coded: refused when too large, lone surrogates replaced.

        Readers already refuse and repair documents this way (``ingest.build_article``); an
        article built by hand goes through the same checks here. Replacing a surrogate keeps
        the text's length, so evidence offsets are offsets into ``article.text`` too.

        RETURNS (Article): ``article`` itself, or a copy with a valid Unicode text.
        Raises InputError naming the document (its origin, else its id) when the text is
        longer than ``max_document_chars``.

        Example:
            >>> Coder().codable(Article(id="a", text="Ariha \udcff")).text
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
        the evidence) as U+FFFD.
        """
        return next(self.code_many([self.codable(article)]))[1]

    def code_many(self, articles: Iterable[Article]) -> Iterator[tuple[Article, list[Event]]]:
        """Code a stream of articles, yielding each with its events (batched through spaCy).

        Example:
            >>> for article, events in Coder().code_many(read_inputs(["news/"])):
            ...     print(article.id, len(events))
        """
        stream = iter(articles)
        size = _BATCH if self._started else 1
        self._started = True
        while batch := list(islice(stream, size)):
            size = min(2 * size, _BATCH)
            plans = [self.chunks(a.text) for a in batch]
            texts = [c.text for plan in plans for c in plan if c.doc is None]
            docs = iter(self._parse(texts))
            for article, plan in zip(batch, plans, strict=True):
                parsed = [(c.offset, c.doc if c.doc is not None else next(docs)) for c in plan]
                yield article, self._events(article, parsed) if plan else []

    def _parse(self, texts: list[str]) -> Iterator[Doc]:
        """Parse ``texts`` with the pipeline; without its entity recogniser unless the
        ``entity_recognizer`` setting asks for it."""
        disable = [] if self.settings.entity_recognizer else ["ner"]
        disable = [name for name in disable if name in self.nlp.pipe_names]
        return self.nlp.pipe(texts, batch_size=_PIPE_BATCH, disable=disable)

    def _events(self, article: Article, parsed: list[tuple[int, Doc]]) -> list[Event]:
        hits = self.actors.find(article.text)  # once: the focus and the country need them
        focus = self.places.focus(self._without_actors(article.text, hits))
        country = self._country(
            focus,
            hits,
            self.sources.country(article.source, article.url),
            self._title_countries(article.title) if not focus.countries else (),
        )
        mentions = self.extractor(article, parsed, country=country)
        return self.resolver(article, mentions, focus, country=country)

    def _without_actors(self, text: str, hits: Iterable[Any]) -> str:
        """The text with actor names blanked out (offsets kept): "Russian warplanes" says
        who struck, not where, so it must not pull the article's focus to Russia."""
        chars = list(text)
        for hit in hits:
            chars[hit.start : hit.end] = " " * (hit.end - hit.start)
        return "".join(chars)

    def _title_countries(self, title: str | None) -> tuple[str, ...]:
        """The countries an article's title names ("Dozens killed in Burkina village"), for
        an article whose text names none."""
        if not title:
            return ()
        return self.places.focus(self._without_actors(title, self.actors.find(title))).countries

    def _country(
        self,
        focus: Focus,
        hits: Iterable[Any],
        source_country: str | None = None,
        title_countries: Sequence[str] = (),
    ) -> str | None:
        """ACLED country name of the article's main country.

        Where its events are is the best evidence: the provinces it names, then the home
        country of the rebels and militias it names (an article about the SDF is about
        Syria), then the one country its source covers (``source_country``: "SOHR" reports
        on Syria; see ``ontology/sources.yaml``), then the countries and demonyms it
        mentions, which come late since foreign forces ("Russian warplanes") are named
        wherever they fight, then those its title names (``title_countries``), and last
        the ``default_country`` setting. None when all of these are silent.
        """
        if focus.admin1:
            return self._country_name(focus.admin1[0][0])
        homes = Counter(
            hit.actor.country
            for hit in hits
            if not hit.generic and hit.actor.country and hit.actor.inter in _LOCAL_INTER
        )
        if homes:
            return str(homes.most_common(1)[0][0])
        if source_country:
            return source_country
        named = focus.countries or tuple(title_countries)
        return (self._country_name(named[0]) if named else None) or (
            self.settings.default_country or None
        )

    def _country_name(self, code: str) -> str | None:
        found = self.gazetteer.country(code)
        if found:
            return found[0]
        country = pycountry.countries.get(alpha_2=code)
        if country is None:
            return None
        return str(getattr(country, "common_name", None) or country.name)
