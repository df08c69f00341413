"""The sentence gate: which sentences of an article the full spaCy pipeline has to parse.

Sits between clean and nlp. ``SentenceGate.chunks`` splits a cleaned text into ``Chunk``s:
the stretches to parse, and light (tokenised, unparsed) Docs for the rest.
``parseable_text`` breaks over-long lines so that no chunk exceeds the parser's limit.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .nlp import LemmaIndex, light_doc, rough_sentences
from .text import split_paragraphs

# Matcher pattern keys that name a token's form or lemma (what the gate can check cheaply).
_LEMMA_KEYS = ("LEMMA",)
_FORM_KEYS = ("LOWER", "ORTH", "TEXT")
# Bits of a word's cue mask (see SentenceGate).
_TRIGGER, _PROVINCE, _REPORTING, _PHRASE, _PRONOUN = 1, 2, 4, 8, 16
_FIRST_ANCHOR_BIT = 5


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
        >>> gate = SentenceGate(nlp, patterns=["struck"])
        >>> chunks = gate.chunks("Talks resumed. Jets struck Ariha. Prices rose.")
        >>> [(c.text, c.doc is None) for c in chunks]  # None: to be parsed
        [('Jets struck Ariha.', True), ('Prices rose.', False)]
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
    def for_stages(
        cls,
        nlp: Language,
        *,
        tagger: Any,
        attribution: Any,
        cues: Any,
        context: int = 0,
    ) -> SentenceGate:
        """The gate for the stages it feeds: the trigger tagger's lexicon, the attribution
        finder's reporting cues and the place cues' province nouns."""
        # the subjects that make the attribution finder reuse an earlier source; unknown
        # (None) if it no longer names them, which only makes the gate parse more
        pronouns = getattr(attribution, "pronouns", None)
        return cls(
            nlp,
            patterns=[rule.pattern for rule in tagger.rules],
            reporting_verbs=attribution.verbs,
            source_prepositions=attribution.prepositions,
            province_nouns=cues.province_nouns,
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
        # the span's text, cut from the paragraph the Doc was made of (Span.text would join
        # the text of every token)
        text = para.text[span.start_char : span.end_char]
        return Chunk(para.offset + span.start_char, text, None if full else span.as_doc())


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
        'Jets hit Ariha.\\nTwo died in Binnish.'
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
